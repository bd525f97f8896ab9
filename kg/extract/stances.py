"""Stances: an actor supports or opposes a position on an issue, read off the parse.

The readers here propose candidates (one ``Candidate`` each); cues, holders and topics are
read by ``stance_cues``, ``stance_holders`` and ``stance_topics``; attributed mentions by
``stance_mentions``; the learned decision (``stance_model``) keeps those likely right.

For every stance cue (ontology/cues.tsv: verbs such as "oppose", "give up", "call for";
nouns such as "call" or "support"; adjectives such as "willing" or "irreversible"):
- the **topic** is matched (ontology/topics.ttl cue terms) in the cue's complement, its core
  first; else a cue's head noun names it ("the original plan"); else, when the complement is
  anaphoric ("oppose it", "that demand"), the topic under discussion in the last sentences;
- the **polarity** is the cue's, flipped by each negation on the way ("has never
  supported", "has not given up on") and multiplied along the nested cues between the cue
  and the topic words ("dropped the goal of joining" = oppose); coordinated cues ("drop …,
  commit … and renounce …") are read each on its own;
- the **holder** is the subject of the outermost cue, found by climbing the clause
  (control verbs, "X is said to support", passive agents), with conjuncts, pronouns
  ("he" in "X said he …", "they", "both leaders"), descriptions, metonyms and institutions
  ("Duarte's government") resolved; "I"/"we" in a quotation is its speaker, a non-actor or
  modal ("should") clause in reported speech is the speaker's, and a leader announcing his
  country's position holds it himself;
- **conditional** when a condition cue ("as long as", "until", "in exchange for") governs it;
- **reported**: "according to a diplomat quoted by the Daily Ledger" keeps who said so and via whom.

Beside the cue pass, the readings of ``stance_readings`` catch stances without a stance verb:
framing ("cited X as a reason for the war"), phrases ("remains on the negotiating table"), goal
nouns in copular clauses ("our ambition was OECD membership"), nominal stances ("X's red line"),
modal clauses in reported speech, evaluations and alignments ("sided with Paris").
"""
from __future__ import annotations

from spacy.tokens import Span as SpacySpan, Token

from ..facts import DocumentFacts, StanceFact
from .context import DocContext
from .context import PERSON_PRONOUNS
from .stance_candidate import Candidate
from .stance_cues import (FIRST_PERSON, PLURAL_PRONOUNS, SUBJ, contrasted, cue_complement,
                          exchanged_for, governed_by_cue, has_no, is_conditional, is_negated, polarity_sign,
                          stance_trigger)
from .stance_holders import HolderReading
from .stance_mentions import MentionReader
from .stance_model import candidate_features, decide, load_stance_model
from .stance_readings import OtherReadings
from .stance_topics import TopicReading
from .topics import OPEN_PREFIX, OpenTopic, canonical_key, object_head, open_topic, slug, topic_from_head

# a cue that ends in one of these ("warn against", "withdraw from") takes its object
_CUE_PREPOSITIONS = {"against", "from", "for", "to", "on", "of", "with", "behind", "over", "in"}




class _StanceReader(HolderReading, TopicReading, OtherReadings):
    def __init__(self, ctx: DocContext, facts: DocumentFacts):
        self.ctx, self.facts = ctx, facts
        self.cues = ctx.cues.for_document(ctx.doc.text)   # the taxonomy only on its own subject
        self.recent: list[tuple[int, int, str]] = []     # (sentence index, char offset, topic) seen lately
        self.recent_open: list[tuple[int, OpenTopic]] = []  # open topics read lately
        self.open_heads: list[tuple[int, OpenTopic, Token]] = []   # with the word each was read from
        self.issue_focus: list[tuple[int, OpenTopic]] = []   # mentions of issue words, in document order
        self.reader = "cue"       # which reading proposes the candidate (a feature of the decision)
        self.extra_features: dict[str, float] = {}   # what the current reader adds to the features
        self._clause_tones: dict[tuple[int, int], float] = {}
        self._evaluations: dict[int, tuple[int, int, float]] = {}   # sentence start -> evaluative words (for, against)
        self.conjunct_topics: list = []              # the other issues of a coordinated complement
        # document-level facts the decision weighs (filled at the start of run())
        self.mention_counts: dict[str, int] = {}
        self.topic_counts: dict[str, int] = {}
        self.headline_topics: set[str] = set()
        self.cue_in_sentence: dict[int, float] = {}
        self.topic_objects: dict[str, object] = {}    # notation -> the topic read, for stances copied later
        self.emitted: list[Candidate] = []             # every candidate proposed, in order


    # --- the pass -------------------------------------------------------------
    def run(self) -> None:
        ctx, cues = self.ctx, self.cues
        seen: set[tuple[str, str, str, int]] = set()
        self.mention_reader = MentionReader(self)
        self.issue_focus = self.mention_reader.issue_mentions()
        sents = list(ctx.doc.sents)
        self.sentence_index = {sent.start: n for n, sent in enumerate(sents)}
        for s_index, sent in enumerate(sents):      # who speaks together: "the statement said" is theirs
            self.mention_reader.note_groups(sent, s_index)
        all_topics = [cues.match_topics(s.text, s.text) for s in sents]
        # document-level facts the decision weighs: how present the holder and the topic are
        for m in ctx.index.mentions:
            self.mention_counts[m.key] = self.mention_counts.get(m.key, 0) + 1
        for hits in all_topics:
            for topic, _, _ in hits:
                self.topic_counts[topic.notation] = self.topic_counts.get(topic.notation, 0) + 1
        for _, t in self.issue_focus:
            self.topic_counts[t.notation] = self.topic_counts.get(t.notation, 0) + 1
        self.headline_topics = {t.notation for t, _, _ in all_topics[0]} if all_topics else set()
        self.headline_topics |= {t.notation for i, t in self.issue_focus if i == 0}
        for s_index, sent in enumerate(sents):
            text = sent.text
            sent_topics = all_topics[s_index]
            lemmas = {t.lemma_.lower() for t in sent}
            if True:   # every sentence: a stance outside the taxonomy gets an open topic
                first = len(self.emitted)
                triggers = [(t, *trig) for t in sent if (trig := stance_trigger(t, cues))]
                trig_ids = {t.i for t, *_ in triggers}
                for tok, cue, sign in triggers:
                    # a cue governed by another cue is read as part of the outer one, unless it has
                    # an actor subject of its own ("X is angry that Y has pursued talks": Y's stance too)
                    if governed_by_cue(tok, trig_ids) and not self._own_actor_subject(tok) \
                            and not self._light_object(tok):
                        continue
                    self.read(tok, cue, sign, sent, s_index, trig_ids, seen)
                if lemmas & cues.speech:
                    self.read_modal_clauses(sent, s_index, seen, trig_ids)
                if lemmas & {"will", "would", "shall"}:
                    self.read_commitments(sent, s_index, seen, trig_ids)
                if lemmas & (cues.evaluation_verbs | {"be", "remain"}):
                    self.read_evaluations(sent, s_index, seen)
                if lemmas & cues.frame_verbs:
                    self.read_frames(sent, s_index, seen)
                if lemmas & cues.goal_nouns:
                    self.read_goals(sent, s_index, seen, trig_ids)
                self.read_phrases(sent, s_index, seen)
                self.read_nominal(sent, s_index, seen)
                if lemmas & cues.partisans.keys():
                    self.read_partisans(sent, s_index, seen)
                if "as" in lemmas:
                    self.read_as_clauses(sent, s_index, seen, first)
            low = text.lower()
            for topic, cue, _ in sent_topics:
                self.recent.append((s_index, low.rfind(cue.split()[0]), topic.notation))
        self.mention_reader.run(seen)
        self.read_alignments(sents, seen)


    def _path_sign(self, tok: Token, comp: list[Token], cue: str, trig_ids: set[int]) -> int | None:
        """Polarity of the nested cues between the outer cue and the words that name the topic:
        "requiring Lima to [drop its plans to join the OECD], [commit to a catch quota] and
        [renounce all subsidies]" reads each demand on its own branch. None if the words are not found."""
        words = cue.split()
        if not words or cue.startswith("("):
            return None
        last = words[-1]
        anchor = next((t for t in comp if t.lower_ == last or t.lemma_.lower() == last), None)
        if anchor is None:
            return None
        return self._sign_up(anchor, tok, words, trig_ids)

    def _sign_up(self, anchor: Token, tok: Token, words: list[str], trig_ids: set[int]) -> int | None:
        """The polarity of the cues met from ``anchor`` up to the cue ``tok`` (``words``: the
        topic's own words, whose verbs do not count again); None if ``tok`` is not above it."""
        sign, node = 1, anchor
        while node.i != tok.i and node.head.i != node.i:
            # "give up territory" is itself the cue: its verb does not count again
            if node.i in trig_ids and node.lemma_.lower() not in words and (trig := stance_trigger(node, self.cues)):
                sign *= trig[1] * (-1 if is_negated(node, self.cues) else 1)
            if contrasted(node):     # "backs a peace deal rather than a ceasefire"
                sign = -sign
            # "reiterated his stance against recognising …": a preposition that takes a side,
            # unless it is the cue's own ("voted against")
            # ("pushed back against", "protested against": an opposing cue's own preposition repeats it)
            own = node.head.i == tok.i and (f"{tok.lemma_.lower()} {node.lower_}" in self.cues.stance_verbs or (
                (trig := stance_trigger(tok, self.cues)) is not None and trig[1] < 0))
            if node.pos_ == "ADP" and node.lower_ in self.cues.stance_phrases and not own:
                sign *= polarity_sign(self.cues.stance_phrases[node.lower_])
            node = node.head
        return sign if node.i == tok.i else None

    def _own_actor_subject(self, tok: Token) -> bool:
        """The cue has a holder of its own: an actor subject, or for a noun that is itself a
        clause's subject an actor possessor ("…, while Rome's refusal to send soldiers stood";
        not "gave up on Ukraine's bid", where the bid is what is given up)."""
        if tok.pos_ == "NOUN" and tok.dep_ not in SUBJ:
            return False
        if tok.pos_ == "VERB" and tok.tag_ == "VBG" and (tok.dep_ in ("dobj", "pcomp", "pobj", "ccomp", "xcomp") or (
                tok.dep_ == "advcl" and tok.head.i < tok.i and not any(m.dep_ == "mark" for m in tok.children))):
            return False      # "ruled out Ukraine joining NATO": what is ruled out, not Ukraine's stance
        if tok.pos_ == "VERB" and tok.dep_ == "acl" and tok.tag_ == "VBN":
            # "the ceasefire proposed by Kyiv was rejected by Moscow": the participle's agent holds its own
            return any(c.dep_ == "agent" and any(self.actors(o) for o in c.children if o.dep_ == "pobj")
                       for c in tok.children)
        own = "nsubj" if tok.pos_ == "VERB" else "poss" if tok.pos_ == "NOUN" else None
        if tok.pos_ == "NOUN" and any(c.dep_ == "prep" and c.lower_ == "of" and any(
                self.actors(o) for o in c.children if o.dep_ == "pobj") for c in tok.children):
            return True       # "a central demand of the CDU, turning back …, was agreed": the CDU's own
        return own is not None and any(c.dep_ == own and self.actors(c) for c in tok.children)

    def _light_object(self, tok: Token) -> bool:
        """A stance noun that a light verb only voices ("renewed his proposal for …", "reiterated
        its call for …"): the noun carries the stance, read on its own even when the light verb is
        a cue too."""
        return tok.pos_ == "NOUN" and tok.dep_ == "dobj" and tok.head.lemma_.lower() in self.cues.light_verbs

    def read(self, tok: Token, cue: str, sign: int, sent: SpacySpan, s_index: int, trig_ids: set[int],
             seen: set) -> None:
        self.reader = "cue"
        cues = self.cues
        if cue in cues.denials and any(c.dep_ == "ccomp" for c in tok.children):
            return        # "denied that ceding land had been discussed": a fact denied, not a position
        holders, subj, neg_subject = self.holder(tok)
        if not holders:
            return
        holders = self.for_leader(holders, tok)
        exclude = {t.i for t in subj.subtree} if subj is not None else set()
        comp = cue_complement(tok, exclude)
        if tok.pos_ == "ADJ" and tok.dep_ in ("acomp", "attr") and subj is not None and not self.actors(subj):
            comp.extend(subj.subtree)  # "the door to the OECD remains open": the subject is what it is about
        for child in tok.children:     # "the plan was rejected by Peru": the passive subject is the topic
            if child.dep_ == "nsubjpass" and (subj is None or child.i != subj.i):
                comp.extend(t for t in child.subtree if t.i not in exclude)
        antecedent = _relative_antecedent(tok)
        if antecedent is not None and not [t for t in comp if t.pos_ not in ("ADP", "PART", "PUNCT", "PRON")]:
            # "the truce that Paris urged and that the Kremlin has resisted", "a truce proposed by
            # Kyiv": the relative's antecedent is what the cue takes a stance on
            own = {t.i for t in tok.subtree}
            comp = [t for t in antecedent.subtree if t.i not in own and t.i not in exclude and
                    (t.i == antecedent.i or t.i < tok.i)]
        bare_noun = tok.pos_ == "NOUN" and not comp and subj is not None and subj.dep_ == "poss" and \
            tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")
        if (tok.pos_ == "VERB" or bare_noun) and not [t for t in comp if t.pos_ not in ("ADP", "PART", "PUNCT")]:
            # "Brazil voted against", "Ottawa objected", "Belgium's opposition proved decisive": the issue in focus
            if cue in cues.intransitive or bare_noun:
                polarity = sign * (-1 if is_negated(tok, cues) else 1) * (-1 if neg_subject else 1)
                topic = self.topic_in_focus(s_index)
                taxonomy = self.recent_topics(s_index)
                if taxonomy and (topic is None or not any(i == s_index - 1 for i, _ in self.recent_open)):
                    hit = next(t for t in cues.topics if t.notation == taxonomy[0])
                    self.emit(Candidate(tok, sent, s_index, holders, subj, hit, polarity, False, 0.6, None, None, None), seen)
                elif topic is not None:
                    self.reader = "intransitive"
                    self.emit(Candidate(tok, sent, s_index, holders, subj, topic, polarity, False, 0.4, None, None, None), seen)
            elif tok.dep_ == "relcl":   # "the quotas Chile has proposed": what the relative is about
                polarity = sign * (-1 if is_negated(tok, cues) else 1) * (-1 if neg_subject else 1)
                self.read_open(tok, cue, polarity, holders, subj, exclude, sent, s_index, seen)
            return        # "as the chair has recognized": a stance verb with nothing to take a stance on
        polarity = sign * (-1 if is_negated(tok, cues) else 1) * (-1 if neg_subject else 1) * \
            self._negated_above(tok, subj)
        nested = 1
        for inner in comp:     # nested cues multiply: "drop the goal of joining the OECD"
            # not another actor's cue ("…, a move the party has denounced"): that stance is its own
            if inner.i in trig_ids and not self._own_actor_subject(inner):
                inner_trig = stance_trigger(inner, cues)
                if inner_trig:
                    nested *= inner_trig[1] * (-1 if is_negated(inner, cues) else 1)
        light = None
        if tok.pos_ == "NOUN" and tok.dep_ == "dobj" and tok.head.lemma_.lower() in cues.light_verbs and \
                not any(c.dep_ == "prep" for c in tok.children):
            # "expressed firm opposition to the listing", parsed with "to" on the verb: the noun's object
            light = next((c for c in tok.head.children if c.dep_ == "prep" and c.lower_ in _CUE_PREPOSITIONS
                          and c.i > tok.i), None)
            if light is not None:
                comp = [t for t in light.subtree if t.i not in exclude]
        hits, topic_conf = self.topics(tok, comp, sent, s_index)
        if not hits:
            if light is not None:
                self.read_open(tok.head, f"{cue} {light.lower_}", polarity * nested, holders, subj, exclude, sent,
                               s_index, seen)
                return
            self.read_open(tok, cue, polarity * nested, holders, subj, exclude, sent, s_index, seen,
                           plain=polarity, trig_ids=trig_ids)
            return
        # several topics: each distinct one, unless its cue lies inside a longer cue's match
        hits.sort(key=lambda h: len(h[1]), reverse=True)
        kept = [h for i, h in enumerate(hits) if not any(h[1] in o[1] and h[1] != o[1] for o in hits[:i])]
        kept = [h for h in kept if not self._other_organisation(h, comp, sent)]
        if kept and all(not self._counterpart_named(h[0], sent, holders) for h in kept):
            # "Zelensky is ready for a summit with Putin": not the US–Russia talks the cue names,
            # but an issue of its own
            self.read_open(tok, cue, polarity * nested, holders, subj, exclude, sent, s_index, seen,
                           plain=polarity, trig_ids=trig_ids)
            return
        if not kept:
            return
        reported_by, reported_text, via = self.reporting(sent)
        conditional = is_conditional(tok, sent, cues)
        exchanged = exchanged_for(tok)
        if exchanged:    # "forgoing its OECD bid in exchange for trade guarantees"
            conditional = True
            ex_hits = self.cues.match_topics(" ".join(t.text for t in exchanged), sent.text)
            for topic, matched, inverted in ex_hits:
                if topic._ctx_re is not None and not topic._ctx_re.search(matched):
                    continue      # only a specific cue names what is asked in exchange
                self.emit(Candidate(tok, sent, s_index, holders, subj, topic, -1 if inverted else 1, True, topic_conf,
                          reported_by, reported_text, via), seen)
        self_named = self._cue_inside_topic(tok, comp, sent)
        for topic, matched, inverted in kept:
            path = self._path_sign(tok, comp, matched, trig_ids)
            # "would not give up territory": the cue is itself part of the topic's words, so only
            # the negation counts ("give up territory" is the concession the topic names)
            own = sign if any(matched in m for m in self_named.get(topic.notation, ())) else 1
            self.emit(Candidate(tok, sent, s_index, holders, subj, topic,
                      polarity * own * (nested if path is None else path) * (-1 if inverted else 1), conditional,
                      topic_conf, reported_by, reported_text, via), seen)
            if not inverted:
                self._read_proposer(tok, topic, holders, sent, s_index, seen, None)

    def _counterpart_named(self, topic, sent: SpacySpan, holders: list[str]) -> bool:
        """The topic needs no counterpart, or the sentence or one of the holders names it."""
        if topic.names_counterpart(sent.text):
            return True
        return any((e := self.ctx.index.entity(h)) is not None and topic.names_counterpart(e.label) for h in holders)

    def _another_subject(self, topic, sent: SpacySpan) -> bool:
        """The sentence names none of the topic's subject terms, and another country is the one
        the topic's words are about: "Sweden's accession", "Sweden applied for membership" (not
        "the US and Germany oppose it")."""
        if topic.names_subject(sent.text.lower()):
            return False
        index, words = self.ctx.index, topic.words
        for t in sent:
            entity = index.entity(index.key_at(t.i))
            if entity is None or entity.etype != "Country" or t.dep_ not in ("poss", "nsubj", "nsubjpass"):
                continue
            head = t.head      # the word it is the subject or possessor of, and what completes it
            near = [head, *(c for c in head.children if c.dep_ in ("dobj", "xcomp", "prep", "attr")),
                    *(o for c in head.children if c.dep_ in ("prep", "xcomp") for o in c.children
                      if o.dep_ in ("pobj", "dobj"))]
            if any(w.lower_ in words or w.lemma_.lower() in words for w in near):
                return True
        return False

    def _negated_above(self, tok: Token, subj: Token | None) -> int:
        """-1 for each negation between the cue and its holder's verb: "was not considering
        sending troops", "had no intention of sending troops", "has no plans to join"."""
        if subj is None:
            return 1
        sign, node = 1, tok
        while node.head.i != node.i and node.i != subj.head.i:
            node = node.head
            if stance_trigger(node, self.cues):
                return sign        # an outer cue reads the rest itself
            if node.pos_ in ("VERB", "AUX") and is_negated(node, self.cues):
                sign = -sign
            elif has_no(node):
                sign = -sign
        return sign if node.i == subj.head.i else 1

    def _cue_inside_topic(self, tok: Token, comp: list[Token], sent: SpacySpan) -> dict[str, list[str]]:
        """Topic cue terms that contain the stance cue's own verb ("give up territory", "renounce
        all claims"), by topic: there the verb names the issue, it is not a stance on it."""
        found: dict[str, list[str]] = {}
        if tok.pos_ != "VERB":
            return found
        words = sorted({t.i: t for t in (tok, *(c for c in tok.children if c.dep_ == "prt"), *comp)}.values(),
                       key=lambda t: t.i)
        own = {tok.lower_, tok.lemma_.lower()}
        for text in (" ".join(t.text for t in words), " ".join(t.lemma_ for t in words)):
            for topic, matched, _ in self.cues.match_topics(text, sent.text):
                if own & set(matched.split()):
                    found.setdefault(topic.notation, []).append(matched)
        return found

    def _kind_of_act(self, head: Token) -> bool:
        """"the resolution", "the bill": an act named by its kind points to the issue in focus,
        and where there is none it is the issue itself (unlike "it" or "the move")."""
        lemma = head.lemma_.lower()
        return head.pos_ == "NOUN" and lemma in self.cues.issue_anaphors and lemma not in self.cues.anaphors \
            and lemma not in self.cues.vague_topics

    def _other_kind_of_act(self, head: Token, topic) -> bool:
        """The topic is named as an act of another kind than ``head`` ("deforestation bill" for "the treaty")."""
        last = (topic.label or "").split()[-1:] or [""]
        word, lemma = last[0].lower(), head.lemma_.lower()
        kinds = self.cues.issue_anaphors
        return (word in kinds or word[:-1] in kinds) and lemma not in (word, word[:-1])

    def read_open(self, tok: Token, cue: str, sign: int, holders: list[str], subj: Token | None, exclude: set[int],
                  sent: SpacySpan, s_index: int, seen: set, plain: int | None = None,
                  trig_ids: set[int] | None = None) -> None:
        """A stance whose complement names no taxonomy topic: its topic is minted from the
        complement's words ("supports the tariffs on Chinese electric vehicles"), or, for an
        anaphoric complement ("rejected that demand"), is the open topic of the last sentences."""
        self.reader = "open"
        if self._read_actor_object(tok, cue, sign, holders, subj, exclude, sent, s_index, seen):
            return
        if cue in self.cues.taxonomy_only or tok.lemma_.lower() in self.cues.taxonomy_only:
            return
        last = cue.split()[-1].lower() if " " in cue else None
        found = open_topic(tok, exclude, self.cues, self._is_actor,
                           prep=last if last in _CUE_PREPOSITIONS else None)
        inner_cue = stance_trigger(found[1], self.cues) if found is not None and found[1].pos_ == "VERB" else None
        if inner_cue is not None and inner_cue[1] < 0 and found[1].lemma_.lower() not in self.cues.taxonomy_only:
            # "urged delegations to reject the resolution": the issue is the resolution, and the
            # inner cue turns the stance around (on the path from the issue up to the cue); a
            # verb that takes a side for ("to back a treaty", "to recognise the result") stays
            # in the issue's name
            inner = open_topic(found[1], exclude, self.cues, self._is_actor)
            if inner is not None and inner[1].pos_ in ("NOUN", "PROPN"):
                found = inner
        elif found is not None and trig_ids is not None and found[1].i in trig_ids and found[1].pos_ == "NOUN" \
                and self.cues.stance_nouns.get(found[1].lemma_.lower()) == "oppose":
            # "backed the boycott of the summit", "urged the rejection of the treaty": the noun has
            # already turned the stance around (the nested cues), so the issue is what it is against
            obj = next((o for c in found[1].children if c.dep_ == "prep" and c.lower_ in ("of", "to", "on", "against")
                        for o in c.children if o.dep_ == "pobj"), None)
            inner = topic_from_head(obj, exclude, self.cues) if obj is not None and not self._is_actor(obj) else None
            if inner is not None:
                found = inner
        antecedent, focus = _relative_antecedent(tok), None
        if found is None and antecedent is not None and not any(
                c.dep_ in ("dobj", "xcomp", "ccomp") and c.lower_ not in _RELATIVE_PRONOUNS for c in tok.children):
            # "the tariffs Mexico opposed": the relative's antecedent; "…, a move the party denounced":
            # an anaphor in apposition stands for what it is in apposition to
            if antecedent.dep_ == "appos" and self._anaphoric(antecedent) and antecedent.head.pos_ in ("NOUN", "PROPN"):
                antecedent = antecedent.head
            lemma = antecedent.lemma_.lower()
            pointer = antecedent.pos_ == "NOUN" and (lemma in self.cues.anaphors or lemma in self.cues.issue_anaphors) \
                and not any(c.dep_ in ("amod", "compound", "prep", "nmod", "poss", "acl") for c in antecedent.children)
            if pointer:          # "a demand Zelensky has rejected": the demand under discussion
                focus = self.topic_in_focus(s_index, antecedent)
            elif antecedent.pos_ == "NOUN" and not self._anaphoric(antecedent) and not self._is_actor(antecedent):
                found = topic_from_head(antecedent, {t.i for t in tok.subtree} | exclude, self.cues)
        topic, conf = (focus, 0.4) if focus is not None else (None, 0.5)
        anaphoric = found is not None and self._anaphoric(found[1])
        in_focus = self.topic_in_focus(s_index, found[1]) if anaphoric else None
        act = anaphoric and self._kind_of_act(found[1])
        if in_focus is not None and act and self._other_kind_of_act(found[1], in_focus):
            in_focus = None      # "the resolution" is not the bill in focus
        if anaphoric and (in_focus is not None or not act):
            found, topic, head, conf = None, in_focus, found[1], 0.4
        elif found is not None:
            topic, head = found
            others = [c for c in _conjuncts(head) if not self._is_actor(c)]
            if others:
                # "backed the tariffs on steel and the ban on Russian gas": one stance per issue
                aside = {t.i for c in others for t in c.subtree}
                alone = topic_from_head(head, exclude | aside, self.cues)
                if alone is not None:
                    topic = alone[0]
                for c in others:
                    inner = {t.i for o in others if o.i != c.i and o.i in {x.i for x in c.subtree} for t in o.subtree}
                    more = topic_from_head(c, exclude | inner, self.cues)
                    if more is not None and not self._anaphoric(more[1]) and more[0].notation != topic.notation:
                        self.conjunct_topics.append((more[0], more[1]))
            if plain is not None and trig_ids is not None:
                # only the cues between the cue and the issue's words count, not one in a clause aside
                # the issue's own verb ("the plan to cut subsidies": cutting them is the issue) does not
                # count again; a cue between it and the stance cue does ("vowed to block the tariffs")
                # the issue's own words are all of its label ("the proposal to delay the election": delaying
                # it is the issue, so "delay" does not turn the stance around)
                label_words = set(topic.label.lower().split())
                own_words = [head.lemma_.lower()] if head.pos_ == "VERB" else []
                own_words += [t.lemma_.lower() for t in sent if t.lower_ in label_words and t.pos_ == "VERB"]
                path = self._sign_up(head, tok, own_words, trig_ids)
                if path is not None:
                    sign = plain * path
            own = {t.i for t in tok.subtree} if _relative_antecedent(tok) is not None else set()
            if any(self.ctx.index.key_at(t.i) in holders for t in head.subtree if t.i not in own
                   and (t.i == head.i or t.dep_ in ("poss", "nsubj", "nsubjpass", "agent", "pobj"))):
                return          # "X backed X's own …" is about the holder, not an issue (an adjective,
                                # "China opposes the listing of Chinese firms", is the issue's)
            if topic.notation.count("_") <= 1:     # a bare "the tariffs": the document's fuller phrasing
                topic = next((t for _, t, h in self.open_heads if h.lemma_.lower() == head.lemma_.lower()), topic)
        else:
            head = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "attr")), None)
            if head is None:     # "opposed to it", "against the move"
                head = next((o for c in tok.children if c.dep_ == "prep" for o in c.children if o.dep_ == "pobj"), None)
            if head is not None and self._anaphoric(head):
                topic, conf = self.topic_in_focus(s_index, head), 0.4
        if topic is None:
            return
        self.recent_open.append((s_index, topic))
        if found is not None:
            self.open_heads.append((s_index, topic, head))
        reported_by, reported_text, via = self.reporting(sent)
        conditional = is_conditional(tok, sent, self.cues)
        self.emit(Candidate(tok, sent, s_index, holders, subj, topic, sign, conditional, conf,
                  reported_by, reported_text, via), seen)
        self._read_proposer(tok, topic, holders, sent, s_index, seen, last if last in _CUE_PREPOSITIONS else None)
        conjuncts, self.conjunct_topics = self.conjunct_topics, []
        for other, other_head in conjuncts:
            self.recent_open.append((s_index, other))
            self.open_heads.append((s_index, other, other_head))
            self.extra_features = {"open_conjunct": 1.0}
            self.emit(Candidate(tok, sent, s_index, holders, subj, other, sign, conditional, conf,
                      reported_by, reported_text, via), seen)
            self.extra_features = {}

    def _read_proposer(self, tok: Token, topic, holders: list[str], sent: SpacySpan, s_index: int, seen: set,
                       prep: str | None) -> None:
        """"Macron welcomed Trump's idea of a three-way meeting": whoever the proposal, plan or
        idea belongs to supports what it proposes, whatever the cue's holder thinks of it."""
        obj = object_head(tok, prep)
        if obj is None or obj.lower_ not in self.cues.proposal_nouns:
            return
        # "Trump's idea", "the American proposal", "a plan by France", "an offer from Beijing"
        owned = [a for c in obj.children if c.dep_ in ("poss", "compound", "amod", "nmod") or (
                     c.dep_ == "prep" and c.lower_ in ("by", "from"))
                 for a in ([c] if c.dep_ != "prep" else [o for o in c.children if o.dep_ == "pobj"])]
        if not isinstance(topic, OpenTopic):
            # the topic is what the proposal's complement names ("the American proposal for a
            # truce"), not the proposal itself ("the US peace plan") nor a conjunct ("and a truce")
            aside = {t.i for c in _conjuncts(obj) for t in c.subtree}
            text = " ".join(t.text for t in obj.subtree if t.i > obj.i and t.i not in aside)
            if all(hit[0].notation != topic.notation for hit in self.cues.match_topics(text, sent.text)):
                owned = [a for a in owned if a.dep_ == "poss"]
        else:
            owned = [a for a in owned if a.dep_ == "poss" or a.text.lower() not in topic.label.lower()]
        owners = list(dict.fromkeys(k for a in owned for k in self.actors(a) if k not in holders))
        if not owners:
            return
        reader, self.reader = self.reader, "proposer"
        self.emit(Candidate(obj, sent, s_index, owners, None, topic, 1, False, 0.5), seen)
        self.reader = reader


    def _read_actor_object(self, tok: Token, cue: str, sign: int, holders: list[str], subj: Token | None,
                           exclude: set[int], sent: SpacySpan, s_index: int, seen: set) -> bool:
        """A stance whose object is a person (or, for an act, an organisation): "Congress removed
        President Boluarte" is support for the removal of Boluarte (an act done to someone,
        ontology/cues.tsv kind ``act_on``, is supported by whoever does it); "Meloni backed Kast",
        "Petro condemned Kast" take a side on that person. An act whose object is not an actor
        ("arrested dozens of protesters") is no stance."""
        lemma = tok.lemma_.lower()
        act = self.cues.acts_on.get(lemma) if tok.pos_ == "VERB" else None
        head = object_head(tok)
        if head is None or head.i in exclude or head.pos_ not in ("PROPN", "NOUN"):
            return act is not None and lemma not in self.cues.stance_verbs
        key = self.ctx.entity_key(head, want_person=True)
        entity = self.ctx.index.entity(key)
        kinds = ("Person", "Organization") if act else ("Person",)
        if entity is None or entity.etype not in kinds or key in holders:
            return act is not None and lemma not in self.cues.stance_verbs
        if act:
            label = f"{act} {entity.label}"
            sign = sign * polarity_sign(self.cues.stance_verbs.get(cue, "support"))   # doing it is supporting it
        else:
            label = entity.label
        topic = OpenTopic(OPEN_PREFIX + slug(label.split()), label)
        self.reader = "actor_object"
        reported_by, reported_text, via = self.reporting(sent)
        self.emit(Candidate(tok, sent, s_index, holders, subj, topic, sign, is_conditional(tok, sent, self.cues), 0.5,
                  reported_by, reported_text, via), seen)
        return True

    def _sentence_has_cue(self, sent: SpacySpan) -> float:
        if sent.start not in self.cue_in_sentence:
            self.cue_in_sentence[sent.start] = float(any(stance_trigger(t, self.cues) for t in sent))
        return self.cue_in_sentence[sent.start]

    def _news_outlet(self, key: str) -> bool:
        """Whether an organisation is a news outlet: a word of ``news_outlet`` (cues.tsv) in its
        name or in one of its gazetteer aliases ("Xinhua News Agency", "The New York Times")."""
        memo = self.__dict__.setdefault("_outlet_memo", {})
        if key not in memo:
            entity = self.ctx.index.entity(key)
            entry = self.ctx.gaz.entries.get(key)
            names = [entity.label] if entity is not None else []
            if entry is not None:
                names += entry.surface_forms
            grams = set()
            for name in names:
                words = name.lower().split()
                grams.update(words, (" ".join(words[i:i + 2]) for i in range(len(words) - 1)))
            memo[key] = entity is not None and entity.etype == "Organization" and bool(grams & self.cues.outlet_words)
        return memo[key]

    def emit(self, c: Candidate, seen: set) -> None:
        """Keep a candidate, one stance fact per holder, with the features of how it was read."""
        self.emitted.append(c)
        tok, sent, s_index, holders, subj, topic = c.cue, c.sent, c.s_index, c.holders, c.subject, c.topic
        final, conditional, topic_conf = c.sign, c.conditional, c.topic_conf
        if contrasted(tok):      # an issue word read as the cue, on the side "rather than" sets aside
            final = -final
        reported_by, reported_text, via, undated = c.reported_by, c.reported_text, c.via, c.undated
        ctx = self.ctx
        bare = isinstance(topic, OpenTopic) and " " not in topic.label and (
            topic.label.lower() in self.cues.issue_anaphors or topic.label.lower() in self.cues.statement_nouns
            or topic.label.lower() in self.cues.issue_heads)
        if bare:      # "called the agreement a surrender": a bare word for an issue is the document's lead issue
            lead = self.lead_issue()
            if lead is not None and lead.notation != topic.notation and " " in lead.label:
                topic, topic_conf = lead, min(topic_conf, 0.4)
        if not isinstance(topic, OpenTopic) and topic.otherwise and self._another_subject(topic, sent):
            # "Sweden applied for membership": the broader question, not the topic's subject's
            topic = next((t for t in self.cues.topics if t.notation == topic.otherwise), topic)
        span_tokens = [tok] + [c for c in tok.children if c.dep_ in ("prt", "neg", "aux", "prep")][:3]
        in_quote = ctx.in_quote(tok.idx)
        confidence = round(min(0.95, 0.55 + 0.3 * topic_conf + (0.1 if subj is not None else 0)
                               - (0.1 if in_quote else 0)), 2)
        if subj is None:
            how = "speaker" if self.speaker_above(tok, tok) else "other"
        elif subj.lower_ in PERSON_PRONOUNS or subj.lower_ in PLURAL_PRONOUNS or subj.lower_ in FIRST_PERSON:
            how = "pronoun"
        elif ctx.index.key_at(subj.i) is not None:
            how = "mention"
        else:
            how = "description"
        is_open = isinstance(topic, OpenTopic)
        self.topic_objects.setdefault(topic.notation, topic)
        topic_kind = ("open" if topic_conf >= 0.5 else "open_anaphoric") if is_open else \
            {1.0: "taxonomy"}.get(topic_conf, "taxonomy_sentence" if topic_conf >= 0.8 else "taxonomy_context")
        for holder in holders:
            if self._news_outlet(holder):
                continue     # "a report by the agency said …": an outlet reports positions, it holds none
            key = (holder, topic.notation, "oppose" if final < 0 else "support", s_index)
            if key in seen:
                continue
            if not is_open and not self._counterpart_named(topic, sent, [holder]):
                continue     # "Zelensky is ready to meet Putin": talks with Russia, but not the topic's
            seen.add(key)
            entity = ctx.index.entity(holder)
            features = candidate_features(
                reader=self.reader, cue=tok.lemma_.lower(), polarity="oppose" if final < 0 else "support",
                topic_kind=topic_kind, topic_conf=topic_conf, has_subject=subj is not None,
                holder_type=entity.etype if entity else "none", holder_how=how, in_quote=in_quote,
                reported=reported_by is not None or reported_text is not None, negated=is_negated(tok, self.cues),
                conditional=conditional, n_holders=len(holders), sentence_index=s_index,
                topic_words=len(topic.label.split()) if is_open else 0, cue_pos=tok.pos_)
            counts = self.topic_counts
            top = max(counts.values()) if counts else 0
            features.update({
                "holder_mentions": min(self.mention_counts.get(holder, 0), 8) / 8.0,
                "topic_mentions": min(counts.get(topic.notation, 0), 8) / 8.0,
                "lead_topic": float(top > 0 and counts.get(topic.notation, 0) == top),
                "headline_topic": float(topic.notation in self.headline_topics),
                "sentence_has_cue": self._sentence_has_cue(sent),
                **self._evaluative(sent, -1 if final < 0 else 1),
                **self._clause_tone(tok, -1 if final < 0 else 1),
                **self.extra_features})
            self.facts.stances.append(StanceFact(
                span=ctx.tokens_span(span_tokens), sentence=ctx.sentence_span(sent), confidence=confidence,
                date=None if undated else ctx.date_for(sent, near=tok), holder=holder, topic=topic.notation,
                topic_label=topic.label if isinstance(topic, OpenTopic) else None,
                polarity="oppose" if final < 0 else "support", conditional=conditional,
                cue=" ".join(t.text for t in sorted(span_tokens, key=lambda t: t.i)),
                reported_by=reported_by if reported_by != holder else None,
                reported_by_text=reported_text, via=via, features=features))


    def _evaluative(self, sent: SpacySpan, sign: int) -> dict[str, float]:
        """How many of the sentence's evaluative words (ontology/cues.tsv kinds evaluation,
        stance_adj, harm_verb) lean the candidate's way and how many the other: "described the
        debt system as unfair" leans against whatever it is said of."""
        key = sent.start
        if key not in self._evaluations:
            pos = neg = 0
            cues = self.cues
            for t in sent:
                lemma = t.lemma_.lower()
                word = cues.evaluations.get(lemma) or cues.evaluations.get(t.lower_) or (
                    cues.stance_adjs.get(lemma) if t.pos_ == "ADJ" else None) or (
                    "oppose" if t.pos_ == "VERB" and lemma in cues.harm_verbs else None)
                if word is None:
                    continue
                negated = any(c.dep_ == "neg" for c in t.children) or any(
                    c.dep_ == "neg" for c in t.head.children if t.dep_ in ("acomp", "attr"))
                if (word == "oppose") != negated:
                    neg += 1
                else:
                    pos += 1
            self._evaluations[key] = (pos, neg, _tone(sent.text))
        pos, neg, tone = self._evaluations[key]
        agree, against = (pos, neg) if sign > 0 else (neg, pos)
        tone *= sign
        found = {"eval_agree": min(agree, 2) / 2.0, "eval_against": min(against, 2) / 2.0, "tone": tone,
                 "tone_pos": max(tone, 0.0), "tone_neg": max(-tone, 0.0)}
        # the sentence's leaning decides more for a mention read with no stance word, and most for
        # the side the mention reader did not choose
        for tag, on in (("mention", self.reader.startswith("mention")), ("rev", "mention_reversed" in self.extra_features)):
            if on:
                found.update({f"tone_{tag}": tone, f"eval_agree_{tag}": found["eval_agree"],
                              f"eval_against_{tag}": found["eval_against"]})
        return found

    def _clause_tone(self, tok: Token, sign: int) -> dict[str, float]:
        """The tone of the clause the cue is in (its nearest verb's words), times the candidate's
        sign: "welcomed the deal but warned of its risks" has two clauses that lean apart."""
        verb = next((a for a in [tok, *tok.ancestors] if a.pos_ in ("VERB", "AUX")), None)
        if verb is None:
            return {}
        sub = list(verb.subtree)
        key = (sub[0].i, sub[-1].i)
        if key not in self._clause_tones:
            self._clause_tones[key] = _tone(tok.doc[sub[0].i:sub[-1].i + 1].text)
        tone = self._clause_tones[key] * sign
        found = {"tone_clause": tone}
        if "mention_reversed" in self.extra_features:
            found["tone_clause_rev"] = tone
        return found


_ANALYZER = None


def _tone(text: str) -> float:
    """The sentence's tone, -1 (hostile) to 1 (warm): VADER's compound score (its lexicon ships
    in the vaderSentiment wheel)."""
    global _ANALYZER
    if _ANALYZER is None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
        _ANALYZER = SentimentIntensityAnalyzer()
    return _ANALYZER.polarity_scores(text)["compound"]


_RELATIVE_PRONOUNS = {"that", "which", "who", "whom"}


def _relative_antecedent(tok: Token) -> Token | None:
    """The noun a relative clause or participle says something of: "the truce [that Paris urged]",
    "[and that the Kremlin resisted]" (a conjunct of the relative), "a truce [proposed by Kyiv]"."""
    if tok.pos_ != "VERB":
        return None
    if tok.dep_ == "relcl":
        head = tok.head
    elif tok.dep_ == "conj" and tok.head.dep_ == "relcl" and not any(c.dep_ in ("dobj", "nsubjpass") and
                                                                       c.lower_ not in _RELATIVE_PRONOUNS
                                                                       for c in tok.children):
        head = tok.head.head
    elif tok.dep_ == "acl" and tok.tag_ == "VBN" and any(c.dep_ == "agent" for c in tok.children):
        head = tok.head
    else:
        return None
    return head if head.pos_ in ("NOUN", "PROPN") else None


def _conjuncts(head: Token) -> list[Token]:
    """The other members of a coordination the issue's head opens: "the tariffs and the ban",
    "a ceasefire, talks and access" (each a conjunct of the one before), "for a ceasefire and for
    access" (coordinated prepositions, each with its object)."""
    out: list[Token] = []
    node = head
    while True:
        nxt = next((c for c in node.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "VERB")), None)
        if nxt is None:
            break
        out.append(nxt)
        node = nxt
    if head.dep_ in ("pobj", "pcomp") and head.head.dep_ == "prep":
        first = head.head
        # "called for a ceasefire, for talks": the same preposition again on the same word
        preps = [first] + [c for c in first.head.children if c.dep_ == "prep" and c.lower_ == first.lower_
                           and c.i > first.i]
        for prep in preps:
            if prep is not first:
                obj = next((o for o in prep.children if o.dep_ in ("pobj", "pcomp")), None)
                if obj is not None:
                    out.append(obj)
            while True:
                nxt = next((c for c in prep.children if c.dep_ == "conj" and c.pos_ == "ADP"), None)
                if nxt is None:
                    break
                obj = next((o for o in nxt.children if o.dep_ in ("pobj", "pcomp")), None)
                if obj is not None:
                    out.append(obj)
                prep = nxt
    return out


def _competition(stances: list[StanceFact], ctx: DocContext) -> None:
    """Features that compare a candidate with the others read for the same holder in the same
    sentence: one of several topics is less likely than the only one; and whether its topic's
    phrase ends in a word that names an issue (ontology/cues.tsv kinds issue_noun and issue_head).
    Chosen by out-of-fold F1 on dev (0.279 without, 0.292 with; any word of the phrase: 0.278).
    And how much the document is about an open topic's words: whether one is in the headline
    (``label_in_headline``) and in how many sentences the most used one occurs (``label_salience``);
    for a taxonomy topic, its headline and mention features again (out-of-fold F1 on 129 dev
    articles 0.266 without, 0.272 with); and whether an open topic's label has a name in it
    (``label_name``: out-of-fold F1 on 272 dev articles, twelve splits, 0.275 without, 0.278 with)."""
    groups: dict[tuple[str, int], list[StanceFact]] = {}
    for s in stances:
        groups.setdefault((s.holder, s.sentence.start), []).append(s)
    issue_words = ctx.cues.issue_nouns | ctx.cues.issue_heads
    # how much the document is about the words of an open topic: in its headline, in how many sentences
    sentence_words = [{t.lemma_.lower() for t in sent if t.is_alpha} | {t.lower_ for t in sent if t.is_alpha}
                      for sent in ctx.doc.sents]
    headline = sentence_words[0] if sentence_words else set()
    frequency: dict[str, int] = {}
    for words in sentence_words:
        for w in words:
            frequency[w] = frequency.get(w, 0) + 1
    for s in stances:
        if s.features is None:
            continue
        if s.topic_label:
            words = [w for w in s.topic_label.lower().split() if w.isalpha() and len(w) > 3]
            s.features["label_in_headline"] = float(any(w in headline or w.rstrip("s") in headline for w in words))
            s.features["label_salience"] = min(max((frequency.get(w, 0) for w in words), default=0), 8) / 8.0
            # an issue named with a name ("tariffs on Chinese EVs", "the Mercosur deal") is more
            # likely one than a common noun alone ("the items", "regulation")
            s.features["label_name"] = float(any(w[:1].isupper() for w in s.topic_label.split()))
        else:
            s.features["label_in_headline"] = s.features.get("headline_topic", 0.0)
            s.features["label_salience"] = s.features.get("topic_mentions", 0.0)
    for group in groups.values():
        topics = {s.topic for s in group}
        for s in group:
            if s.features is None:
                continue
            s.features["rivals"] = min(len(topics) - 1, 4) / 4.0
            if s.topic_label:     # "the steel tariffs", "a Gaza truce": a phrase that ends in an issue word
                last = s.topic_label.lower().split()[-1]
                s.features["topic_ends_in_issue_word"] = float(last in issue_words or last.rstrip("s") in issue_words)



def extract_stances(ctx: DocContext, facts: DocumentFacts) -> None:
    """Read the candidates, then keep those the decision model accepts, with its probability."""
    start = len(facts.stances)
    _StanceReader(ctx, facts).run()
    _competition(facts.stances[start:], ctx)
    model = load_stance_model(str(ctx.domain.directory))
    facts.stances[start:] = decide(facts.stances[start:], model)
    for stance in facts.stances[start:]:
        if stance.topic.startswith(OPEN_PREFIX):
            stance.topic = canonical_key(stance.topic, ctx.cues.issue_synonyms, ctx.gaz, stance.topic_label)
