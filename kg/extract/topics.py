"""Open topics: the issue a stance is about when no taxonomy concept names it.

A stance cue's complement ("supports *the Commission's tariffs on Chinese electric
vehicles*", "rejected calls for *a digital services tax*") is cut down to the noun phrase
that names the issue (determiners, the holder's own possessives, relative clauses and
adjuncts dropped; a generic head such as "plan to …" or "calls for …" gives way to what it
is a plan or a call for) and normalised into a key (``open_`` + its content lemmas) and a
label. The key is a pure function of the words, so two documents that use the same words
mint the same concept with no coordination; the cross-document step links near-identical
phrases later. The word lists used here are data (``ontology/cues.tsv``, kinds
``generic_head`` and ``vague_topic``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Token

OPEN_PREFIX = "open_"
_KEEP_DEPS = {"compound", "amod", "nummod", "poss", "prep", "pobj", "nmod", "npadvmod", "conj", "cc", "punct",
              "case", "hmod", "hyph", "quantmod", "advmod", "dobj", "acl", "xcomp", "aux", "neg", "pcomp",
              "prt", "attr", "dative", "oprd", "relcl"}
_DROP_WORDS = {"the", "a", "an", "any", "all", "some", "this", "that", "these", "those", "its", "their", "his",
               "her", "our", "my", "your", "such", "further", "more", "new", "own", "also", "very", "so"}
_MAX_TOKENS = 9
_COUNTERPART_ROOM = 6     # words an issue's name may have with its counterpart ("dialogue with South Korea")
_ADJUNCT_PREPS = {"during", "after", "before", "since", "until", "amid", "despite", "by", "within", "throughout",
                  "following", "like", "unlike", "than", "because"}
_WHEN = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}


@dataclass(frozen=True)
class OpenTopic:
    """A topic minted from a stance's words: ``notation`` is its key (``open_…``)."""
    notation: str
    label: str


_PARTICLE_PREPS = ("from", "of", "to", "on", "for", "with", "against")
_PARTICLES = {"back", "out", "off", "down", "up", "away", "over"}


def particle_after(tok: Token) -> Token | None:
    """The object after a verb's particle phrase, which the parser hangs under the particle:
    "walked [away [from [the accord]]]", "pulled [out [of [the pact]]]", "vote [in [favour [of [it]]]]"."""
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if nxt is None or nxt.head.i != tok.i or nxt.dep_ not in ("advmod", "prt", "prep"):
        return None
    node = nxt
    for _ in range(3):
        prep = next((c for c in node.children if c.dep_ == "prep" and c.lower_ in _PARTICLE_PREPS), None)
        if prep is not None:
            return next((o for o in prep.children if o.dep_ in ("pobj", "pcomp")), None)
        node = next((c for c in node.children if c.dep_ == "pobj"), None)
        if node is None:
            return None
    return None


def slug(words: list[str]) -> str:
    text = "_".join(re.sub(r"[^a-z0-9]+", "_", w.lower()).strip("_") for w in words)
    return re.sub(r"_+", "_", text).strip("_")[:80].rstrip("_")


def canonical_key(notation: str, synonyms: dict[str, str], gaz=None, label: str | None = None) -> str:
    """An open topic's key in the words every document writes it in: synonyms replaced ("duties
    on steel" and "steel tariffs" are ``open_steel_tariff`` and ``open_tariff_steel``: the same
    words), a country's adjective, capital or other name by its name ("Chinese", "Beijing's" ->
    ``china``; given the phrase, ``label``, only a word it writes capitalised: "cars" is no "CAR"),
    a word repeated in a row once. The key stays a pure function of the phrase, so
    documents processed anywhere agree on it; ``kg/consolidate/topics.py`` relates keys whose
    words contain one another."""
    words = notation[len(OPEN_PREFIX):].split("_")
    named = None if label is None else [w.lower() for w in re.findall(r"[\w'’-]+", label) if w[:1].isupper()]

    def country(word: str) -> str | None:
        if named is not None and not any(n.startswith(word.split()[0]) for n in named):
            return None
        return _country_word(word, gaz)

    out: list[str] = []
    i = 0
    while i < len(words):
        pair = f"{words[i]}_{words[i + 1]}" if i + 1 < len(words) else None
        joined = None if pair is None else synonyms.get(pair) or country(pair.replace("_", " "))
        if joined:
            out.append(joined)
            i += 2
            continue
        out.append(synonyms.get(words[i]) or country(words[i]) or words[i])
        i += 1
    flat = "_".join(out).split("_")
    kept = [w for n, w in enumerate(flat) if w and (n == 0 or w != flat[n - 1])]
    return OPEN_PREFIX + slug(kept)


def _country_word(word: str, gaz) -> str | None:
    """The key word of the country ``word`` names ("chinese", "beijing", "south korea" -> "china",
    "china", "south_korea"), or None."""
    if gaz is None or not word:
        return None
    from ..gazetteer import normalise_name
    key = gaz.by_adjective.get(word) or gaz.metonyms.get(normalise_name(word)) or gaz.by_name.get(normalise_name(word))
    entry = gaz.entries.get(key) if key else None
    if entry is None or entry.etype != "Country":
        return None
    return slug(entry.label.split())


def object_head(tok: Token, prep: str | None = None) -> Token | None:
    """The word that heads what a cue takes a stance on; for a cue that ends in a preposition
    ("warn against"), that preposition's object first: "warned the Commission against starting
    a trade war" is against the trade war, not the Commission."""
    # "urged states to keep negotiating", "called on Israel to allow aid in": the one addressed is
    # the object, the issue is what they are asked to do; "called for Europe to rearm" likewise
    to_do = next((c for c in tok.children if c.dep_ in ("xcomp", "advcl") and c.pos_ in ("VERB", "AUX")
                  and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
                  and (c.dep_ == "xcomp" or any(m.dep_ == "mark" and m.lower_ == "for" for m in c.children))), None)
    if to_do is not None and (to_do.dep_ == "advcl" or any(
            c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ in ("on", "upon")) for c in tok.children)):
        return to_do
    if tok.pos_ == "NOUN":
        # "a key demand of Poland, a ban on Russian gas, …", "a central demand of the party, turning
        # back asylum seekers, …": what the noun says is set beside it
        beside = next((c for c in tok.children if c.i > tok.i and (c.dep_ == "appos" or (
            c.dep_ == "acl" and c.tag_ == "VBG" and c.doc[c.i - 1].text == ","))), None)
        if beside is not None:
            return beside
    if prep is not None:      # (on the verb, or on its object: "take part in X")
        for c in [*tok.children, *(g for o in tok.children if o.dep_ == "dobj" for g in o.children)]:
            if c.dep_ == "prep" and c.lower_ == prep:
                obj = next((o for o in c.children if o.dep_ in ("pobj", "pcomp")), None)
                if obj is not None:
                    return obj
    for dep in ("dobj", "nsubjpass", "attr", "oprd"):
        for c in tok.children:
            if c.dep_ == dep and c.pos_ not in ("PRON",) or (c.dep_ == dep and c.lower_ in ("it", "this", "that")):
                return c
    for c in tok.children:       # "call for X", "opposition to X", "objected to X", "against X"
        if c.dep_ == "prep" and c.lower_ in ("for", "to", "against", "on", "of", "with", "behind", "toward",
                                             "towards"):
            obj = next((o for o in c.children if o.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                return obj
    for c in tok.children:       # "refused to impose tariffs", "wants to join"
        if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX"):
            return c
    after = particle_after(tok)
    if after is not None:        # "walked away from X", "pulled out of X", "voted in favour of X"
        return after
    for c in tok.children:       # "head off the tariff", "call off the strike": the particle's object
        if c.dep_ == "prt":
            obj = next((o for o in c.children if o.dep_ == "pobj" and o.pos_ in ("NOUN", "PROPN")), None)
            if obj is not None:
                return obj
    for c in tok.children:       # a noun's infinitive: "Rome's refusal to send soldiers"
        if c.dep_ == "acl" and c.pos_ == "VERB" and any(a.lower_ == "to" and a.dep_ == "aux" for a in c.children):
            return c
    return detached_infinitive(tok) if tok.pos_ == "NOUN" else None


def detached_infinitive(noun: Token) -> Token | None:
    """The infinitive right after a noun that the parser hung elsewhere ("as part of his push to
    diversify trade": "diversify" under "announced", or under a noun before): the noun's complement."""
    doc = noun.doc
    if noun.i + 2 >= len(doc) or doc[noun.i + 1].lower_ != "to" or doc[noun.i + 1].dep_ != "aux":
        return None
    verb = doc[noun.i + 1].head
    if verb.pos_ != "VERB" or verb.i <= noun.i + 1 or verb.dep_ not in ("advcl", "xcomp", "acl") or verb.head.i == noun.i \
            or any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in verb.children) \
            or any(c.dep_ == "acl" for c in noun.children):
        return None
    return verb


def phrase_tokens(head: Token, exclude: set[int], cues, target: Token | None = None) -> list[Token]:
    """The tokens of the noun (or verb) phrase under ``head`` that name an issue (``cues``: the
    domain's word lists, kg.lexicon.Cues), with ``target``, a preposition of the verb above that
    says what the issue is aimed at, where there is one."""
    generic_heads = cues.generic_heads
    # "calls for a tax", "plans to impose duties": the generic head gives way to its content
    also: list[Token] = []
    for _ in range(2):
        if head.lemma_.lower() not in generic_heads:
            break
        inner = next((o for c in head.children if c.dep_ == "prep" and c.lower_ in ("for", "of", "on", "to", "with")
                      for o in c.children if o.dep_ in ("pobj", "pcomp")), None)
        if inner is not None and _bare_name(inner):
            inner = None        # "talks with Washington", "a plan for Gaza": the name is not the issue
        to_do = next((c for c in head.children if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB"
                      and any(a.lower_ == "to" for a in c.children)), None)
        if inner is not None and to_do is not None and to_do.i > inner.i:
            also = [to_do]      # "calls for the population to leave": who is to do what, both
        inner = inner or to_do
        if inner is None:
            break
        head = inner
    if not also and head.dep_ == "pobj" and head.head.lower_ == "for" and head.head.head.pos_ == "NOUN" \
            and head.ent_type_ not in ("DATE", "TIME"):
        also = [c for c in head.head.head.children if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB"
                and c.i > head.i and any(a.lower_ == "to" and a.dep_ == "aux" for a in c.children)][:1]
    out: list[Token] = []

    def walk(t: Token, depth: int) -> None:
        if t.i in exclude or len(out) >= _MAX_TOKENS * 2:
            return
        out.append(t)
        for c in t.children:
            if _set_aside(c):
                continue      # "a peace agreement rather than a ceasefire": what is set aside is not it
            if c.dep_ == "case" and c.i not in exclude:      # a possessive's "'s" goes with it
                out.append(c)
                continue
            if _hyphen_piece(c, t) and c.i not in exclude:      # "well-known", "long-range": the word whole
                out.extend((c, c.doc[c.i + 1]))
                continue
            if _hyphened_no(c) and c.i not in exclude:      # "a no-confidence vote", "a no-fly zone"
                out.append(c)
                continue
            if (c.dep_ == "nsubjpass" or _issue_subject(c)) and depth == 0 and t.pos_ == "VERB" and c.i not in exclude:
                walk(c, depth + 1)      # "demanded that the commission be dissolved": what is done to it;
                continue                # "wants talks to continue", "wants the deal scrapped": what it is about
            if c.i in exclude or c.dep_ not in _KEEP_DEPS or depth > 3:
                continue
            if c.dep_ == "poss" and c.pos_ == "PRON":
                continue
            if c.dep_ == "prep" and c.lower_ in ("in", "at", "during", "after", "before", "since", "amid", "by",
                                                "despite", "over", "until", "with", "as", "from") and t.pos_ != "VERB" \
                    and not (depth == 0 and (_where(c, t, cues.venue_nouns) or counterpart(c, t))):
                continue
            if c.dep_ == "prep" and t.pos_ == "VERB" and c.lower_ not in ("on", "to", "for", "of", "from", "against", "into") \
                    and not _verb_argument(t, c):
                continue
            if c.dep_ == "advmod" and t.pos_ != "ADJ" and not (t.pos_ == "VERB" and c.lower_ in _PARTICLES):
                continue      # (but "take back the remarks": a particle the parser took for an adverb)
            if c.dep_ in ("acl", "relcl") and not any(a.lower_ == "to" and a.dep_ == "aux" for a in c.children):
                continue      # "a treaty to phase out coal" (an infinitive, parsed either way) names the issue
            walk(c, depth + 1)

    walk(head, 0)
    for t in also + ([target] if target is not None else []):
        walk(t, 1)
    toks = sorted({t.i: t for t in out}.values(), key=lambda t: t.i)
    # no leading or trailing punctuation, conjunctions or prepositions
    while toks and (toks[0].is_punct or toks[0].dep_ in ("cc", "case", "aux") or toks[0].lower_ in _DROP_WORDS):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].dep_ in ("cc", "prep", "case", "aux")):
        toks = toks[:-1]
    aside = {x.i for t in toks if t.dep_ == "prep" and t.head.i == head.i and counterpart(t, head) for x in t.subtree}
    if aside and sum(1 for t in toks if t.is_alpha and t.lower_ not in _DROP_WORDS) > _COUNTERPART_ROOM:
        toks = [t for t in toks if t.i not in aside]    # a long name keeps its issue, not its counterpart
    return toks[:_MAX_TOKENS * 2]


def counterpart(prep: Token, noun: Token) -> bool:
    """"dialogue with South Korea", "a trade deal with India": the one named after "with" is part
    of which issue it is (not "a tariff with immediate effect": no name)."""
    if prep.lower_ != "with" or noun.pos_ != "NOUN":
        return False
    obj = next((o for o in prep.children if o.dep_ == "pobj"), None)
    return obj is not None and obj.ent_type_ in ("GPE", "NORP", "ORG", "PERSON")


def _bare_name(t: Token) -> bool:
    """A name standing alone (a country, a party, a person: "Washington", "Gaza"), with nothing
    under it that would make it an issue."""
    return t.ent_type_ in ("GPE", "LOC", "NORP", "ORG", "PERSON") and not any(
        c.dep_ in ("prep", "acl", "relcl", "amod") for c in t.children)


def _hyphened_no(t: Token) -> bool:
    """The "no" of a hyphenated compound ("no-confidence", "no-fly"): a word of the name, not a determiner."""
    return t.lower_ == "no" and not t.whitespace_ and t.i + 1 < len(t.doc) and t.doc[t.i + 1].text == "-"


def _hyphen_piece(c: Token, head: Token) -> bool:
    """The first piece of a hyphenated word ("well" in "well-known"), which the parser may hang
    on the second as an adverb: a part of the word, kept with it."""
    doc = c.doc
    return c.i + 2 == head.i and doc[c.i + 1].text == "-" and not c.whitespace_ and not doc[c.i + 1].whitespace_


def _where(prep: Token, noun: Token, venues: set[str]) -> bool:
    """"a ceasefire in Gaza", "troops in Ukraine": where an issue noun is, a named place, is part
    of which issue it is (not "talks in Geneva": a meeting's venue, ontology/cues.tsv kind
    ``venue``, is only where it was held)."""
    if prep.lower_ != "in" or noun.pos_ != "NOUN" or noun.lemma_.lower() in venues:
        return False
    obj = next((o for o in prep.children if o.dep_ == "pobj"), None)
    return obj is not None and obj.ent_type_ in ("GPE", "LOC") and not any(c.dep_ == "prep" for c in obj.children)


def _issue_verb(v: Token, issue_words) -> bool:
    """A verb whose noun names an issue ("negotiate", "retaliate", "withdraw": negotiation, …)."""
    lemma = v.lemma_.lower()
    return v.pos_ == "VERB" and len(lemma) >= 5 and any(w.startswith(lemma[:5]) and len(w) > len(lemma) - 2
                                                        for w in issue_words)


def _issue_subject(c: Token) -> bool:
    """The subject of a clause a cue takes as its object, when it is a common noun that names no
    one: "wants [talks to continue]", "wants [the purchase of the jets scrapped]"."""
    return c.dep_ == "nsubj" and c.pos_ == "NOUN" and not c.ent_type_ and c.head.dep_ in ("ccomp", "xcomp")


def _set_aside(c: Token) -> bool:
    """The "rather than B" / "instead of B" part of "A rather than B" (and its conjunction)."""
    if c.dep_ == "prep" and (c.lower_ == "than" or (c.lower_ == "of" and c.i > 0 and c.doc[c.i - 1].lower_ == "instead")):
        return True
    if c.dep_ == "cc" and c.lower_ == "than":
        return True
    if c.dep_ == "conj":
        return any(x.dep_ == "cc" and x.lower_ == "than" and x.i < c.i for x in c.head.children)
    return False


def _verb_argument(verb: Token, prep: Token) -> bool:
    """A preposition that completes a verb with no object of its own ("meet in Budapest",
    "stand as a single candidate", "pull the country out of the accord"): part of the issue,
    unless it only says when ("in October", "after the vote")."""
    if prep.lower_ in _ADJUNCT_PREPS:
        return False
    if prep.lower_ not in ("out", "off") and any(c.dep_ in ("dobj", "attr", "ccomp", "xcomp") for c in verb.children):
        return False
    obj = next((o for o in prep.children if o.dep_ in ("pobj", "pcomp", "prep")), None)
    return obj is not None and obj.ent_type_ not in _WHEN


def _trim(toks: list[Token], head: Token) -> list[Token]:
    """A phrase longer than an issue's name is cut after its first words (the head and what
    precedes it kept), without a dangling preposition, article or infinitive marker."""
    words = [t for t in toks if t.lower_ not in _DROP_WORDS and not t.is_punct and t.dep_ not in ("aux", "neg")]
    if len(words) <= _MAX_TOKENS:
        return toks
    nouns = [t for t in words[:_MAX_TOKENS] if t.pos_ in ("NOUN", "PROPN", "NUM")]
    if not nouns:
        return toks
    cut = [t for t in toks if t.i <= nouns[-1].i]
    while cut and (cut[-1].is_punct or cut[-1].dep_ in ("cc", "prep", "case", "aux", "det", "poss", "amod", "compound")
                   or cut[-1].lower_ in _DROP_WORDS):
        cut = cut[:-1]
    return cut if cut and (head in cut or head not in toks) else toks


def open_topic(tok: Token, exclude: set[int], cues, is_actor=lambda t: False,
               prep: str | None = None) -> tuple[OpenTopic, Token] | None:
    """The open topic a stance cue takes a stance on, with the head it was read from, or None
    when the complement names no issue (a pronoun, an actor, a vague noun, a bare verb; but a
    verb of an issue, ``cues.issue_nouns``, is one: "urged states to keep negotiating")."""
    issue_words = cues.issue_nouns
    head = object_head(tok, prep)
    if head is None or head.i in exclude or is_actor(head):
        return None
    if head.pos_ in ("VERB", "AUX") and not any(c.dep_ in ("dobj", "prep", "attr", "acomp", "nsubjpass")
                                                or _issue_subject(c) for c in head.children) \
            and not any(_issue_verb(v, issue_words) for v in (head, *(c for c in head.children
                                                                       if c.dep_ in ("xcomp", "ccomp"))) ):
        return None        # "ready to go further", "hitting back": an action with no issue named
    if head.pos_ in ("VERB", "AUX") and any(c.lower_ == "what" for c in head.children):
        return None        # "hailed what he described as a new era": a free relative names no issue
    found = topic_from_head(head, exclude, cues, target=_aimed_at(head, exclude))
    return (found[0], found[1]) if found else None


def _aimed_at(head: Token, exclude: set[int]) -> Token | None:
    """"imposed duties on European brandy", "threatened sanctions against Iran": the measure's
    target, which the parser hangs on the verb, is part of the issue's name (not when it only
    says when: "on Friday")."""
    verb = head.head
    if head.pos_ != "NOUN" or head.dep_ != "dobj" or verb.pos_ != "VERB":
        return None
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in ("on", "against") and c.i > head.i and c.i not in exclude:
            obj = next((o for o in c.children if o.dep_ == "pobj"), None)
            if obj is not None and obj.ent_type_ not in _WHEN and obj.i not in exclude:
                return c
    return None


def topic_from_head(head: Token, exclude: set[int], cues, target: Token | None = None) -> tuple[OpenTopic, Token] | None:
    """The open topic named by the phrase under ``head`` ("the tariffs on Chinese cars"), with
    its core word, or None when the phrase names no issue (``cues``: kg.lexicon.Cues); ``target``:
    see :func:`phrase_tokens`."""
    vague = cues.vague_topics
    toks = _trim(phrase_tokens(head, exclude, cues, target), head)
    words = [t for t in toks if t.lower_ not in _DROP_WORDS and not t.is_punct and t.dep_ not in ("aux", "neg")]
    if not words:
        return None
    core = head if head in words else words[-1]
    if core is not head and core.dep_ == "pobj" and counterpart(core.head, core.head.head) and core.head.head in words:
        core = core.head.head       # "the idea of a summit with Zelenskyy": the summit, not Zelenskyy
    if core.pos_ in ("PRON", "NUM", "DET") or core.ent_type_ in ("PERSON", "DATE", "TIME", "CARDINAL", "MONEY",
                                                                "PERCENT", "ORDINAL", "QUANTITY"):
        return None
    content = [t for t in words if t.pos_ in ("NOUN", "PROPN", "ADJ", "VERB", "NUM") or t.like_num or _hyphened_no(t)]
    if not content or (len(content) == 1 and content[0].lemma_.lower() in vague):
        return None
    if len(words) > _MAX_TOKENS:
        return None
    fuller = _antecedent(core, content, exclude, cues)
    if fuller is not None:
        toks, content = fuller
    label = _label(toks)
    key = OPEN_PREFIX + slug([_norm(t) for t in content])
    if key == OPEN_PREFIX:
        return None
    return OpenTopic(key, label), core


_DEFINITE = {"the", "this", "that", "these", "those"}


def _antecedent(core: Token, content: list[Token], exclude: set[int], cues) -> tuple[list[Token], list[Token]] | None:
    """A definite description names the issue an earlier, fuller phrase with the same head
    named: "the agreement" after "the UK-EU reset agreement", "the deal" after "the one in, one
    out migrant deal", "the regulation" after "the Water Quality Law" (a head of the same issue
    by ``cues.issue_synonyms``, ontology/issue-synonyms.tsv; the first such phrase of the document, as the
    readers of bare issue words do). The tokens and content words of that phrase, or None when the description is already
    full (three content words) or nothing earlier shares its head."""
    if core.pos_ != "NOUN" or len(content) > 2:
        return None
    if not any((c.dep_ == "det" and c.lower_ in _DEFINITE) or (c.dep_ == "poss" and c.pos_ == "PRON")
               for c in core.children):
        return None
    lemma = core.lemma_.lower()
    synonyms = cues.issue_synonyms
    same = synonyms.get(lemma, lemma)
    own = {t.i for t in content}
    doc = core.doc
    # the first such phrase of the text (a headline's clipped grammar names no issue well)
    first = next(doc.sents)
    body = first.end if core.i >= first.end and "\n" in doc[first.end - 1:first.end + 1].text else 0
    for t in doc[body:core.i]:
        if t.i in own or synonyms.get(t.lemma_.lower(), t.lemma_.lower()) != same or t.pos_ not in ("NOUN", "PROPN"):
            continue
        toks = _trim(phrase_tokens(t, exclude, cues), t)
        words = [w for w in toks if w.lower_ not in _DROP_WORDS and not w.is_punct and w.dep_ not in ("aux", "neg")]
        found = [w for w in words if w.pos_ in ("NOUN", "PROPN", "ADJ", "VERB", "NUM") or w.like_num]
        if len(found) > len(content) and len(words) <= _MAX_TOKENS and t in toks:
            return toks, found
    return None


def _norm(t: Token) -> str:
    if t.pos_ == "PROPN" or t.is_upper:
        return t.text.lower()
    return t.lemma_.lower()


# quotation marks and a live blog's separator are not words of an issue's name: "refined» plan",
# "| India-US trade deal" (a headline "LIVE | …")
_MARKS = {"|", "\u00ab", "\u00bb", "\u201c", "\u201d", '"', "\u2018", "\u2019", "'", "\u2039", "\u203a"}


def _label(toks: list[Token]) -> str:
    # a verb's particle right after the verb: "take Takaichi's remarks back" -> "take back Takaichi's remarks"
    moved = [t for t in toks if t.dep_ in ("prt", "advmod") and t.lower_ in _PARTICLES and t.head.pos_ == "VERB"
             and t.head in toks and t.i > t.head.i + 1]
    if moved:
        rest = [t for t in toks if t not in moved]
        toks = []
        for t in rest:
            toks.append(t)
            toks.extend(p for p in moved if p.head.i == t.i)
    parts, started = [], False
    for n, t in enumerate(toks):
        if n == 0 and t.lower_ in _DROP_WORDS:
            continue
        text = "" if t.text in _MARKS else t.text
        if not started and t.pos_ not in ("PROPN",) and not t.is_upper and not t.ent_type_:
            text = text.lower()
        started = started or bool(text)
        space = " " if t in moved or (n + 1 < len(toks) and toks[n + 1] in moved) else t.whitespace_
        parts.append(text + (space if n < len(toks) - 1 else ""))
    label = "".join(parts).strip()
    return re.sub(r"\s+", " ", label)
