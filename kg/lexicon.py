"""Cue lexicons as data: ontology/cues.tsv (speech, stance, negation and condition cues)
and the topic cue terms of ontology/topics.ttl."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox

from .mapping import ONT, SKOS
from .resources import data_path


@dataclass
class Topic:
    notation: str
    label: str
    cues: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    opposite: list[str] = field(default_factory=list)
    subject: list[str] = field(default_factory=list)     # whose question it is ("ukraine")
    otherwise: str | None = None                         # the topic when another's question
    counterpart: list[str] = field(default_factory=list)  # the other party the topic needs ("trump")

    def __post_init__(self) -> None:
        # the last word of each cue: "the original plan" still names a plan when the topic is in play
        # (not of a cue built on a preposition, whose last word is not what it names: "land for
        # peace" is no claim on every "peace", "withdraw from" none on "from")
        # unless that word is one of the topic's context terms: "withdrawal from the donetsk region")
        context = set(self.context)
        self.heads = {c.split()[-1] for c in self.cues if c.split() and c.split()[-1].isalpha() and (
            not set(c.split()) & _HEADLESS or c.split()[-1] in context or c.split()[-1] + "s" in context)}
        self._cue_re = _words_re(self.cues)
        self._opp_re = _words_re(self.opposite)
        self._ctx_re = _words_re(self.context)
        self._subject_re = _words_re(self.subject)
        # a counterpart term with capitals keeps its case ("US" is not "us"); the others match any case
        cased = [t for t in self.counterpart if t != t.lower()]
        self._counterpart_cased = _words_re(cased, lower=False)
        self._counterpart_re = _words_re([t for t in self.counterpart if t == t.lower()])
        self.words = {w for c in self.cues for w in c.split() if len(w) > 3}   # "membership", "accession", "join"

    def names_subject(self, sentence: str) -> bool:
        """True if the topic has no subject terms or the sentence (lower case) names one."""
        return self._subject_re is None or self._subject_re.search(sentence) is not None

    def names_counterpart(self, text: str) -> bool:
        """True if the topic needs no counterpart or ``text`` (a sentence, a holder's name) names one."""
        if not self.counterpart:
            return True
        return bool((self._counterpart_cased is not None and self._counterpart_cased.search(text))
                    or (self._counterpart_re is not None and self._counterpart_re.search(text.lower())))

    def match(self, text: str, sentence: str, recent: frozenset = frozenset()) -> tuple[str, bool] | None:
        """(cue, inverted) of the longest cue found in ``text`` (lower case), or None.

        A generic cue (one that contains no context term) counts only when a context term
        occurs in the sentence, or when the topic was under discussion in the sentences just
        before (``recent``)."""
        best: tuple[str, bool] | None = None
        for regex, inverted in ((self._cue_re, False), (self._opp_re, True)):
            if regex is None:
                continue
            for m in regex.finditer(text):
                cue = m.group(0)
                if self._ctx_re is not None and not self._ctx_re.search(cue) and not self._ctx_re.search(sentence) \
                        and self.notation not in recent:
                    continue
                if best is None or len(cue) > len(best[0]):
                    best = (cue, inverted)
        return best


_HEADLESS = {"for", "from", "of", "to", "in", "into", "on", "with", "out", "by", "over", "under", "are", "is"}


def _words_re(terms: list[str], lower: bool = True) -> re.Pattern | None:
    if not terms:
        return None
    alts = sorted({re.escape(t.lower() if lower else t).replace(r"\ ", r"[\s\-]+") for t in terms}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])")


@dataclass
class Cues:
    speech: set[str]
    report: set[str]
    stance_verbs: dict[str, str]      # lemma or "lemma particle" -> polarity
    stance_nouns: dict[str, str]
    stance_adjs: dict[str, str]
    stance_phrases: dict[str, str]
    negations: set[str]
    conditions: list[str]
    topics: list[Topic]
    modals: set[str] = field(default_factory=set)
    frame_verbs: set[str] = field(default_factory=set)
    frame_negative: set[str] = field(default_factory=set)
    light_verbs: set[str] = field(default_factory=set)
    institutions: set[str] = field(default_factory=set)
    goal_nouns: set[str] = field(default_factory=set)
    taxonomy_only: set[str] = field(default_factory=set)   # cues read only on a taxonomy topic
    generic_heads: set[str] = field(default_factory=set)   # "calls for X": the topic is X
    vague_topics: set[str] = field(default_factory=set)    # complements that name no issue
    not_names: set[str] = field(default_factory=set)       # common nouns that are never a name on their own
    anaphors: set[str] = field(default_factory=set)        # "that demand", "it": the issue under discussion
    rank_titles: set[str] = field(default_factory=set)     # "general": a role only with an organisation
    intransitive: set[str] = field(default_factory=set)    # "voted against": the issue in focus
    evaluation_verbs: set[str] = field(default_factory=set)  # "call X a mistake", "describe X as …"
    evaluations: dict[str, str] = field(default_factory=dict)  # "mistake" -> oppose, "triumph" -> support
    statement_nouns: set[str] = field(default_factory=set)  # "the statement said": its signatories speak
    group_nouns: set[str] = field(default_factory=set)      # "the leaders said": the group named lately
    issue_nouns: set[str] = field(default_factory=set)      # "ceasefire", "tariff": words that name an issue
    issue_anaphors: set[str] = field(default_factory=set)   # "the agreement": the document's lead issue
    issue_heads: set[str] = field(default_factory=set)      # "the Mercosur trade deal": names an issue with its modifiers
    person_nouns: set[str] = field(default_factory=set)     # "the veteran diplomat": the person named before
    spokespeople: set[str] = field(default_factory=set)     # "a Reliance spokesperson said": speaks for Reliance
    org_nouns: set[str] = field(default_factory=set)        # "the company said": the organisation named lately
    proposal_nouns: set[str] = field(default_factory=set)   # "China's proposal for a truce": China supports it
    denials: set[str] = field(default_factory=set)          # "denied that …": a fact denied, not a stance
    alignments: set[str] = field(default_factory=set)       # "sided with Paris": takes Paris's positions
    echoes: set[str] = field(default_factory=set)           # ", as Paris had demanded": the clause is Paris's wish
    place_openers: set[str] = field(default_factory=set)    # "Greater", "North": open a place's name, not a person's
    harm_verbs: set[str] = field(default_factory=set)       # "the accord tramples on …": its subject is opposed
    outlet_words: set[str] = field(default_factory=set)     # "news agency", "newspaper": a name that reports, not a holder
    speaker_modals: set[str] = field(default_factory=set)   # "Lima could join, according to X": X's position
    venue_nouns: set[str] = field(default_factory=set)      # "talks in Geneva": where it was held, not which issue
    future_auxes: set[str] = field(default_factory=set)     # "will", "would": what an actor says it will do
    no_commitments: set[str] = field(default_factory=set)   # "would be", "will tell": a future that takes no side
    acts_on: dict[str, str] = field(default_factory=dict)   # "remove" -> "removal of": an act done to a person
    region_nouns: set[str] = field(default_factory=set)     # "region", "oblast": "the Kherson region" is a region
    dispute_verbs: set[str] = field(default_factory=set)    # "X and Y split over Z": no side is given
    contest_nouns: set[str] = field(default_factory=set)    # "fight", "row": "the roadmap fight" is about the roadmap
    neutral_verbs: set[str] = field(default_factory=set)    # "X discussed Z": no position taken
    org_heads: set[str] = field(default_factory=set)        # "University of X": a place inside a name
    # "duty" -> "tariff", "ev" -> "electric_vehicle": the words an open topic's key is written in,
    # so that two phrases for one issue get one key (ontology/issue-synonyms.tsv)
    issue_synonyms: dict[str, str] = field(default_factory=dict)
    instruments: set[str] = field(default_factory=set)      # "Act", "Accords": a name ending so is no actor
    regional_titles: set[str] = field(default_factory=set)  # "premier", "governor": "Ontario Premier X" names Ontario
    postings: set[str] = field(default_factory=set)         # "embassy": "the Embassy in Stockholm" keeps its place
    body_words: set[str] = field(default_factory=set)       # "ministry": "Foreign Ministry spokeswoman" names a body
    national_institutions: set[str] = field(default_factory=set)     # "senate": "the Cambodian Senate" is the Senate of Cambodia
    platforms: set[str] = field(default_factory=set)        # "telegram": "wrote on Telegram" names a channel, no actor
    credits: set[str] = field(default_factory=set)          # "reporting by": a line of newsroom credits
    affiliations: dict[str, str] = field(default_factory=dict)  # "party" -> Organization: "his party" is his party
    role_verbs: dict[str, str] = field(default_factory=dict)    # "lead" -> Leader: "X, who leads Y", "Y, led by X"
    partisans: dict[str, str] = field(default_factory=dict)     # "critic" -> oppose: "X, a critic of Y"

    scope: list[str] = field(default_factory=list)          # the taxonomy's subject ("ukraine", "kyiv", …)
    min_scope: int = 2

    def for_document(self, text: str) -> "Cues":
        """These cues, or a copy without the taxonomy's topics when the document is not about
        the taxonomy's subject (its scope terms occur fewer than ``min_scope`` times, once in a
        text under 600 characters): a
        ceasefire between two other countries is an open topic, not the taxonomy's."""
        if not self.scope or not self.topics:
            return self
        regex = self.__dict__.get("_scope_re")
        if regex is None:
            regex = self.__dict__["_scope_re"] = _words_re(self.scope)
        needed = self.min_scope if len(text) >= 600 else 1      # a short text: one mention says it
        if regex is not None and len(regex.findall(text.lower())) >= needed:
            return self
        if getattr(self, "_unscoped", None) is None:
            import dataclasses
            self._unscoped = dataclasses.replace(self, topics=[], scope=[])
        return self._unscoped

    def match_topics(self, text: str, sentence: str, recent: frozenset = frozenset()) -> list[tuple[Topic, str, bool]]:
        """Every topic whose cue occurs in ``text``: (topic, cue, inverted). Memoised: the
        readers ask the same sentence again and again."""
        if not self.topics:
            return []
        cache = self.__dict__.setdefault("_match_cache", {})
        key = (text, sentence, recent)
        hit = cache.get(key)
        if hit is not None:
            return list(hit)
        # "direct, bilateral negotiations": a comma between modifiers does not break a cue
        low, sentence_low = text.lower().replace(" ,", ",").replace(",", " "), sentence.lower()
        hits = []
        for topic in self.topics:
            found = topic.match(low, sentence_low, recent)
            if found:
                hits.append((topic, *found))
        if len(cache) > 50_000:
            cache.clear()
        cache[key] = tuple(hits)
        return hits


@lru_cache(maxsize=2)
def load_cues(directory: str | None = None) -> Cues:
    base = data_path("ontology") if directory is None else __import__("pathlib").Path(directory)
    kinds: dict[str, dict[str, str]] = {}
    with open(base / "cues.tsv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            kinds.setdefault(row["kind"], {})[row["cue"].strip().lower()] = (row.get("polarity") or "").strip()
    return Cues(
        speech=set(kinds.get("speech", {})), report=set(kinds.get("report", {})),
        stance_verbs=kinds.get("stance", {}), stance_nouns=kinds.get("stance_noun", {}),
        stance_adjs=kinds.get("stance_adj", {}), stance_phrases=kinds.get("stance_phrase", {}),
        negations=set(kinds.get("negation", {})), conditions=sorted(kinds.get("condition", {}), key=len, reverse=True),
        topics=load_topics(str(base)), scope=load_scope(str(base)), modals=set(kinds.get("modal", {})),
        frame_verbs=set(kinds.get("frame", {})), frame_negative=set(kinds.get("frame_negative", {})),
        light_verbs=set(kinds.get("light", {})), institutions=set(kinds.get("institution", {})),
        goal_nouns=set(kinds.get("goal", {})), taxonomy_only=set(kinds.get("taxonomy_only", {})),
        generic_heads=set(kinds.get("generic_head", {})), vague_topics=set(kinds.get("vague_topic", {})),
        not_names=set(kinds.get("not_a_name", {})), evaluation_verbs=set(kinds.get("evaluation_verb", {})),
        intransitive=set(kinds.get("intransitive", {})), anaphors=set(kinds.get("anaphor", {})),
        rank_titles=set(kinds.get("rank_title", {})),
        evaluations=kinds.get("evaluation", {}), statement_nouns=set(kinds.get("statement_noun", {})),
        group_nouns=set(kinds.get("group_noun", {})), issue_nouns=set(kinds.get("issue_noun", {})),
        issue_anaphors=set(kinds.get("issue_anaphor", {})), issue_heads=set(kinds.get("issue_head", {})),
        person_nouns=set(kinds.get("person_noun", {})),
        spokespeople=set(kinds.get("spokesperson", {})), org_nouns=set(kinds.get("org_noun", {})),
        proposal_nouns=set(kinds.get("proposal_noun", {})),
        denials=set(kinds.get("denial", {})),
        alignments=set(kinds.get("alignment", {})),
        echoes=set(kinds.get("echo", {})),
        place_openers=set(kinds.get("place_opener", {})),
        harm_verbs=set(kinds.get("harm_verb", {})), outlet_words=set(kinds.get("news_outlet", {})),
        speaker_modals=set(kinds.get("speaker_modal", {})), venue_nouns=set(kinds.get("venue", {})), future_auxes=set(kinds.get("future_aux", {})),
        no_commitments=set(kinds.get("no_commitment", {})),
        acts_on=kinds.get("act_on", {}), region_nouns=set(kinds.get("region_noun", {})),
        dispute_verbs=set(kinds.get("dispute", {})),
        contest_nouns=set(kinds.get("contest_noun", {})),
        neutral_verbs=set(kinds.get("neutral_verb", {})),
        org_heads=set(kinds.get("org_head", {})), credits=set(kinds.get("credit", {})),
        issue_synonyms=_issue_synonyms(base), instruments=set(kinds.get("instrument", {})),
        regional_titles=set(kinds.get("regional_title", {})), postings=set(kinds.get("posting", {})),
        body_words=set(kinds.get("body_word", {})),
        national_institutions=set(kinds.get("national_institution", {})),
        platforms=set(kinds.get("platform", {})), affiliations=kinds.get("affiliation", {}),
        role_verbs=kinds.get("role_verb", {}), partisans=kinds.get("partisan", {}))


def _issue_synonyms(base) -> dict[str, str]:
    path = base / "issue-synonyms.tsv"
    if not path.exists():
        return {}
    with open(path, encoding="utf-8", newline="") as fh:
        return {row["word"].strip().lower(): row["canonical"].strip().lower()
                for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE) if row["word"].strip()}


def load_scope(directory: str) -> list[str]:
    """The scope terms of the topic schemes (ont:scopeTerm), lower case."""
    store = ox.Store()
    store.load(path=f"{directory}/topics.ttl", format=ox.RdfFormat.TURTLE)
    return sorted({q.object.value.lower() for q in store.quads_for_pattern(None, ox.NamedNode(ONT + "scopeTerm"), None)})


def load_topics(directory: str) -> list[Topic]:
    store = ox.Store()
    store.load(path=f"{directory}/topics.ttl", format=ox.RdfFormat.TURTLE)
    q = f"""SELECT ?c ?notation ?label WHERE {{ ?c a <{SKOS}Concept> ; <{SKOS}notation> ?notation .
            OPTIONAL {{ ?c <{SKOS}prefLabel> ?label }} }} ORDER BY ?notation"""
    topics = []
    for row in store.query(q):
        concept = row["c"]

        def values(prop: str, lower: bool = True) -> list[str]:
            return [t.object.value.lower() if lower else t.object.value
                    for t in store.quads_for_pattern(concept, ox.NamedNode(ONT + prop), None)]

        otherwise = [store.quads_for_pattern(t.object, ox.NamedNode(SKOS + "notation"), None)
                     for t in store.quads_for_pattern(concept, ox.NamedNode(ONT + "otherwiseTopic"), None)]
        otherwise = [q.object.value for quads in otherwise for q in quads]
        topics.append(Topic(row["notation"].value, row["label"].value if row["label"] else row["notation"].value,
                            values("cueTerm"), values("contextTerm"), values("oppositeCueTerm"),
                            values("subjectTerm"), otherwise[0] if otherwise else None,
                            values("counterpartTerm", lower=False)))
    return topics
