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

Beside the cue pass, four readings catch stances without a stance verb: framing ("cited X as a
reason for the war"), phrases ("remains on the negotiating table"), goal nouns in copular
clauses ("our ambition was OECD membership") and modal clauses in reported speech.
"""
from __future__ import annotations

from spacy.tokens import Span as SpacySpan, Token

from ..facts import DocumentFacts, StanceFact
from .context import DocContext
from .context import PERSON_PRONOUNS
from .stance_candidate import Candidate
from .stance_cues import (ACTOR_TYPES, FIRST_PERSON, PLURAL_PRONOUNS, SUBJ, contrasted, cue_complement,
                          exchanged_for, governed_by_cue, is_conditional, is_negated, phrase_patterns, polarity_sign,
                          stance_trigger)
from .stance_holders import HolderReading
from .stance_mentions import MentionReader
from .stance_model import candidate_features, decide, load_stance_model
from .stance_topics import TopicReading
from .topics import OpenTopic, open_topic, topic_from_head




class _StanceReader(HolderReading, TopicReading):
    def __init__(self, ctx: DocContext, facts: DocumentFacts):
        self.ctx, self.facts = ctx, facts
        self.cues = ctx.cues.for_document(ctx.doc.text)   # the taxonomy only on its own subject
        self.recent: list[tuple[int, int, str]] = []     # (sentence index, char offset, topic) seen lately
        self.recent_open: list[tuple[int, OpenTopic]] = []  # open topics read lately
        self.open_heads: list[tuple[int, OpenTopic, Token]] = []   # with the word each was read from
        self.issue_focus: list[tuple[int, OpenTopic]] = []   # mentions of issue words, in document order
        self.reader = "cue"       # which reading proposes the candidate (a feature of the decision)
        self.extra_features: dict[str, float] = {}   # what the current reader adds to the features
        # document-level facts the decision weighs (filled at the start of run())
        self.mention_counts: dict[str, int] = {}
        self.topic_counts: dict[str, int] = {}
        self.headline_topics: set[str] = set()
        self.cue_in_sentence: dict[int, float] = {}
        self.topic_objects: dict[str, object] = {}    # notation -> the topic read, for stances copied later


    # --- the pass -------------------------------------------------------------
    def run(self) -> None:
        ctx, cues = self.ctx, self.cues
        seen: set[tuple[str, str, str, int]] = set()
        self.mention_reader = MentionReader(self)
        self.issue_focus = self.mention_reader.issue_mentions()
        sents = list(ctx.doc.sents)
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
                triggers = [(t, *trig) for t in sent if (trig := stance_trigger(t, cues))]
                trig_ids = {t.i for t, *_ in triggers}
                for tok, cue, sign in triggers:
                    # a cue governed by another cue is read as part of the outer one, unless it has
                    # an actor subject of its own ("X is angry that Y has pursued talks": Y's stance too)
                    if governed_by_cue(tok, trig_ids) and not self._own_actor_subject(tok):
                        continue
                    self.read(tok, cue, sign, sent, s_index, trig_ids, seen)
                if lemmas & cues.speech:
                    self.read_modal_clauses(sent, s_index, seen, trig_ids)
                if lemmas & (cues.evaluation_verbs | {"be", "remain"}):
                    self.read_evaluations(sent, s_index, seen)
                if lemmas & cues.frame_verbs:
                    self.read_frames(sent, s_index, seen)
                if lemmas & cues.goal_nouns:
                    self.read_goals(sent, s_index, seen, trig_ids)
                self.read_phrases(sent, s_index, seen)
                self.read_nominal(sent, s_index, seen)
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
        sign, node = 1, anchor
        while node.i != tok.i and node.head.i != node.i:
            # "give up territory" is itself the cue: its verb does not count again
            if node.i in trig_ids and node.lemma_.lower() not in words and (trig := stance_trigger(node, self.cues)):
                sign *= trig[1] * (-1 if is_negated(node, self.cues) else 1)
            if contrasted(node):     # "backs a peace deal rather than a ceasefire"
                sign = -sign
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
        own = "nsubj" if tok.pos_ == "VERB" else "poss" if tok.pos_ == "NOUN" else None
        return own is not None and any(c.dep_ == own and self.actors(c) for c in tok.children)

    def read_frames(self, sent: SpacySpan, s_index: int, seen: set) -> None:
        """'Lind has long cited the bloc's tariffs as a reason for the dispute': framing an issue
        as a threat, reason or justification is opposition to it."""
        self.reader = "frame"
        for verb in sent:
            if verb.pos_ != "VERB" or verb.lemma_.lower() not in self.cues.frame_verbs:
                continue
            as_prep = [c for c in verb.subtree if c.lower_ == "as" and c.dep_ == "prep"]
            framing = " ".join(t.lower_ for a in as_prep for t in a.subtree)
            if not any(f" {w} " in f" {framing} " or f" {w}s " in f" {framing} " for w in self.cues.frame_negative):
                continue
            exclude = {t.i for a in as_prep for t in a.subtree}
            holders, subj, _ = self.holder(verb)
            if not holders:
                continue
            obj = [t for c in verb.children if c.dep_ in ("dobj", "nsubjpass") for t in c.subtree
                   if t.i not in exclude]
            hits = self.cues.match_topics(" ".join(t.text for t in obj), sent.text,
                                          frozenset(self.recent_topics(s_index))) if obj else []
            for topic, _, inverted in hits[:1]:
                self.emit(Candidate(verb, sent, s_index, holders, subj, topic, 1 if inverted else -1, False, 0.8,
                          None, None, None), seen)

    def read_goals(self, sent: SpacySpan, s_index: int, seen: set, trig_ids: set[int]) -> None:
        """'Our ambition was OECD membership', 'Dropping the levy remains a demand from Duarte's
        government', 'a key Chilean demand': a goal noun in a copular clause is its owner's
        support for the other side of the copula."""
        self.reader = "goal"
        for verb in sent:
            if verb.lemma_.lower() not in ("be", "remain", "become", "stay"):
                continue
            sides = [c for c in verb.children if c.dep_ in ("nsubj", "csubj", "attr")]
            goals = [c for c in sides if c.pos_ == "NOUN" and c.lemma_.lower() in self.cues.goal_nouns]
            if len(sides) != 2 or len(goals) != 1:
                continue
            goal = goals[0]
            other = next(c for c in sides if c.i != goal.i)
            holders = self._goal_owner(goal)
            if not holders:
                continue
            content = list(other.subtree)
            polarity = 1
            for t in content:
                if t.i in trig_ids and (trig := stance_trigger(t, self.cues)):
                    polarity *= trig[1] * (-1 if is_negated(t, self.cues) else 1)
            polarity *= -1 if is_negated(verb, self.cues) else 1
            hits, conf = self.topics(verb, content, sent, s_index)
            # "our ambition was OECD membership": a former goal, held at some time before, not now
            former = verb.tag_ == "VBD" and not any(s.start >= sent.start and s.end <= sent.end
                                                   for s, _ in self.ctx.dates)
            for topic, _, inverted in hits[:1]:
                self.emit(Candidate(goal, sent, s_index, holders, None, topic, polarity * (-1 if inverted else 1),
                          is_conditional(verb, sent, self.cues), conf * 0.85, None, None, None, undated=former), seen)

    def _goal_owner(self, goal: Token) -> list[str]:
        for child in goal.children:
            if child.dep_ == "poss":
                return self.actors(child)
            if child.dep_ == "prep" and child.lower_ in ("from", "of", "by"):
                found = [k for t in child.subtree for k in self.actors(t) if t.dep_ == "pobj"]
                if found:
                    return found
            if child.dep_ == "amod" and child.lower_ in self.ctx.gaz.by_adjective:
                return [self.ctx.gaz.by_adjective[child.lower_]]
        return []

    def read_nominal(self, sent: SpacySpan, s_index: int, seen: set) -> None:
        """A stance stated by a noun with its owner and the issue beside it: across "be" ("X are
        Y's red line", "Y's red line is X"), or in apposition ("a central Y demand, X, …"); the
        owner is the possessor, an "of Y" phrase or a country adjective ("a key demand of Y")."""
        self.reader = "nominal"
        cues, gaz = self.cues, self.ctx.gaz
        for noun in sent:
            if noun.pos_ != "NOUN":
                continue
            lemma = noun.lemma_.lower()
            polarity = cues.stance_nouns.get(lemma)
            if lemma == "line" and any(c.lower_ == "red" for c in noun.children):
                polarity = "oppose"        # "a red line": what must not happen
            if not polarity:
                continue
            head = noun.head
            issue = next((c for c in noun.children if c.dep_ == "appos"), None)
            if issue is None and noun.dep_ == "attr" and head.lemma_ == "be":
                # "Lifting the sanctions had been a demand of Y": a clause as the subject too
                issue = next((c for c in head.children if c.dep_ in (*SUBJ, "csubj")), None)
            elif issue is None and noun.dep_ in SUBJ and head.lemma_ == "be":
                issue = next((c for c in head.children if c.dep_ in ("attr", "acomp")), None)
            if issue is None or self._is_actor(issue):
                continue
            owners = [k for c in noun.children if c.dep_ == "poss" for k in self.actors(c)]
            owners += [k for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                       for o in c.children if o.dep_ == "pobj" for k in self.actors(o)]
            for c in noun.children:
                country = gaz.by_adjective.get(c.lower_) if c.dep_ == "amod" else None
                if country and country in gaz.entries:
                    self.ctx.index.entities.setdefault(country, gaz.entries[country].entity())
                    owners.append(country)
            if not owners:
                continue
            words = sorted(issue.subtree, key=lambda t: t.i)
            hits = cues.match_topics(" ".join(t.text for t in words), sent.text,
                                     frozenset(self.recent_topics(s_index)))
            sign = -1 if polarity == "oppose" else 1
            if hits:
                for topic, _, inverted in hits[:1]:
                    self.emit(Candidate(noun, sent, s_index, list(dict.fromkeys(owners)), None, topic,
                                        sign * (-1 if inverted else 1), False, 0.8), seen)
                continue
            outside = {t.i for t in noun.subtree} - {t.i for t in issue.subtree}   # the apposition is the issue
            found = topic_from_head(issue, outside, cues.generic_heads, cues.vague_topics)
            if found is None:
                continue
            self.recent_open.append((s_index, found[0]))
            self.open_heads.append((s_index, found[0], found[1]))
            self.emit(Candidate(noun, sent, s_index, list(dict.fromkeys(owners)), None, found[0], sign, False, 0.5),
                      seen)

    def read_phrases(self, sent: SpacySpan, s_index: int, seen: set) -> None:
        """'… remains on the negotiating table', 'taken it off the table', 'against X'."""
        self.reader = "phrase"
        low = sent.text.lower()
        for phrase, polarity, pattern, last in phrase_patterns(self.cues):
            if last not in low:
                continue
            for m in pattern.finditer(low):
                start = sent.start_char + m.start()
                first = next((t for t in sent if t.idx >= start), None)
                if first is None or (phrase.startswith("on the") and low[max(0, m.start() - 4):m.start()] == "not "):
                    continue
                verb = first
                while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
                    verb = verb.head
                if verb.pos_ not in ("VERB", "AUX") or stance_trigger(verb, self.cues):
                    continue
                holders, subj, neg_subject = self.holder(verb)
                if not holders:
                    continue
                subject_words = [t for c in verb.children if c.dep_ in SUBJ for t in c.subtree]
                comp = subject_words + cue_complement(verb, set())
                hits, conf = self.topics(verb, comp, sent, s_index)
                sign = polarity_sign(polarity) * (-1 if is_negated(verb, self.cues) else 1) * (-1 if neg_subject else 1)
                for topic, _, inverted in hits[:1]:
                    self.emit(Candidate(verb, sent, s_index, holders, subj, topic, sign * (-1 if inverted else 1),
                              is_conditional(verb, sent, self.cues), conf * 0.9, None, None, None), seen)

    def read_modal_clauses(self, sent: SpacySpan, s_index: int, seen: set, trig_ids: set[int]) -> None:
        """'X insisted that a catch quota must be part of any deal': a modal clause in
        reported speech is the speaker's position (negated modal: opposition)."""
        self.reader = "modal"
        from .quotes import speaker_of
        for verb in sent:
            if verb.pos_ != "VERB" or verb.lemma_.lower() not in self.cues.speech:
                continue
            speaker = speaker_of(self.ctx, verb)
            entity = self.ctx.index.entity(speaker)
            if entity is None or entity.etype not in ACTOR_TYPES:
                continue
            for clause in verb.children:
                if clause.dep_ != "ccomp":
                    continue
                modal = next((c for c in clause.children if c.dep_ == "aux" and c.lower_ in self.cues.modals), None)
                if modal is None or any(t.i in trig_ids for t in clause.subtree):
                    continue
                comp = [t for t in clause.subtree]
                hits, conf = self.topics(clause, comp, sent, s_index)
                if conf < 1.0:
                    continue      # only a topic the clause itself names, not one guessed from context
                sign = -1 if is_negated(clause, self.cues) else 1
                for topic, _, inverted in hits:
                    self.emit(Candidate(clause, sent, s_index, [speaker], None, topic, sign * (-1 if inverted else 1),
                              is_conditional(clause, sent, self.cues), conf * 0.8, None, None, None), seen)

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
        if tok.pos_ == "VERB" and not [t for t in comp if t.pos_ not in ("ADP", "PART", "PUNCT")]:
            if cue in cues.intransitive:   # "Brazil voted against", "Ottawa objected": the issue in focus
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
        polarity = sign * (-1 if is_negated(tok, cues) else 1) * (-1 if neg_subject else 1)
        nested = 1
        for inner in comp:     # nested cues multiply: "drop the goal of joining the OECD"
            # not another actor's cue ("…, a move the party has denounced"): that stance is its own
            if inner.i in trig_ids and not self._own_actor_subject(inner):
                inner_trig = stance_trigger(inner, cues)
                if inner_trig:
                    nested *= inner_trig[1] * (-1 if is_negated(inner, cues) else 1)
        hits, topic_conf = self.topics(tok, comp, sent, s_index)
        if not hits:
            self.read_open(tok, cue, polarity * nested, holders, subj, exclude, sent, s_index, seen)
            return
        # several topics: each distinct one, unless its cue lies inside a longer cue's match
        hits.sort(key=lambda h: len(h[1]), reverse=True)
        kept = [h for i, h in enumerate(hits) if not any(h[1] in o[1] and h[1] != o[1] for o in hits[:i])]
        kept = [h for h in kept if not self._other_organisation(h, comp, sent)]
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
        for topic, matched, inverted in kept:
            path = self._path_sign(tok, comp, matched, trig_ids)
            self.emit(Candidate(tok, sent, s_index, holders, subj, topic,
                      polarity * (nested if path is None else path) * (-1 if inverted else 1), conditional,
                      topic_conf, reported_by, reported_text, via), seen)

    def read_open(self, tok: Token, cue: str, sign: int, holders: list[str], subj: Token | None, exclude: set[int],
                  sent: SpacySpan, s_index: int, seen: set) -> None:
        """A stance whose complement names no taxonomy topic: its topic is minted from the
        complement's words ("supports the tariffs on Chinese electric vehicles"), or, for an
        anaphoric complement ("rejected that demand"), is the open topic of the last sentences."""
        self.reader = "open"
        if cue in self.cues.taxonomy_only or tok.lemma_.lower() in self.cues.taxonomy_only:
            return
        found = open_topic(tok, exclude, self.cues.generic_heads, self.cues.vague_topics, self._is_actor)
        if found is None and tok.dep_ == "relcl" and not any(c.dep_ in ("dobj", "xcomp", "ccomp") for c in tok.children):
            # "the tariffs Mexico opposed": the relative's antecedent; "…, a move the party denounced":
            # an anaphor in apposition stands for what it is in apposition to
            antecedent = tok.head
            if antecedent.dep_ == "appos" and self._anaphoric(antecedent) and antecedent.head.pos_ in ("NOUN", "PROPN"):
                antecedent = antecedent.head
            if antecedent.pos_ == "NOUN" and not self._anaphoric(antecedent) and not self._is_actor(antecedent):
                found = topic_from_head(antecedent, {t.i for t in tok.subtree} | exclude, self.cues.generic_heads,
                                        self.cues.vague_topics)
        topic, conf = None, 0.5
        if found is not None and self._anaphoric(found[1]):
            found, topic, head, conf = None, self.topic_in_focus(s_index, found[1]), found[1], 0.4
        elif found is not None:
            topic, head = found
            own = {t.i for t in tok.subtree} if tok.dep_ == "relcl" else set()
            if any(self.ctx.index.key_at(t.i) in holders for t in head.subtree if t.i not in own):
                return          # "X backed X's own …" is about the holder, not an issue
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
        self.emit(Candidate(tok, sent, s_index, holders, subj, topic, sign, is_conditional(tok, sent, self.cues), conf,
                  reported_by, reported_text, via), seen)


    def read_evaluations(self, sent: SpacySpan, s_index: int, seen: set) -> None:
        """'Meloni called the tariffs "a mistake"', 'described the outcome as a disastrous signal',
        'said the duties were the wrong answer': an evaluation of an issue is a stance on it
        (ontology/cues.tsv, kind ``evaluation``: the word and its polarity)."""
        self.reader = "evaluation"
        cues = self.cues
        for verb in sent:
            lemma = verb.lemma_.lower()
            if verb.pos_ in ("VERB", "AUX") and lemma in cues.evaluation_verbs:
                obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
                judged = [t for c in verb.children if c.dep_ in ("oprd", "xcomp", "ccomp", "attr", "acomp")
                          or (c.dep_ == "prep" and c.lower_ == "as") for t in c.subtree]
                if obj is None and judged:      # "called it a mistake" parsed with the object inside
                    first = judged[0]
                    obj = first if first.dep_ == "nsubj" else None
                if obj is not None and not judged:   # "called the tariffs illogical" parsed as a noun's modifier
                    judged = [t for c in obj.children if c.dep_ == "amod" and c.i > obj.i for t in c.subtree]
                holders, subj, _ = self.holder(verb)
            elif lemma in ("be", "remain") and verb.pos_ in ("AUX", "VERB"):
                obj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
                judged = [t for c in verb.children if c.dep_ in ("attr", "acomp") for t in c.subtree]
                if obj is None or self.actors(obj):
                    continue       # "X is opposed": an actor's own state is read by the cue pass
                holders, subj = self.speaker_above(verb, verb), None
            else:
                continue
            if obj is None or not judged or not holders:
                continue
            sign = 0
            for t in judged:
                pol = cues.evaluations.get(t.lemma_.lower()) or cues.evaluations.get(t.lower_)
                if pol:
                    sign = -1 if pol == "oppose" else 1
            if not sign:
                continue
            sign *= -1 if is_negated(verb, cues) else 1
            exclude = {t.i for t in judged} | ({t.i for t in subj.subtree} if subj is not None else set())
            comp = [t for t in obj.subtree if t.i not in exclude]
            hits, conf = self.topics(verb, comp, sent, s_index)
            if hits:
                for topic, _, inverted in hits[:1]:
                    self.emit(Candidate(verb, sent, s_index, holders, subj, topic, sign * (-1 if inverted else 1), False,
                              conf * 0.8, None, None, None), seen)
                continue
            topic, found = None, None
            if self._is_actor(obj):
                continue
            if self._anaphoric(obj):
                topic = self.topic_in_focus(s_index, obj)
            else:
                found = topic_from_head(obj, exclude, cues.generic_heads, cues.vague_topics)
                topic = found[0] if found else None
            if topic is None or any(self.ctx.index.key_at(t.i) in holders for t in comp):
                continue
            self.recent_open.append((s_index, topic))
            if found:
                self.open_heads.append((s_index, topic, found[1]))
            self.emit(Candidate(verb, sent, s_index, holders, subj, topic, sign, False, 0.5, None, None, None), seen)


    def read_alignments(self, sents: list[SpacySpan], seen: set) -> None:
        """"Poland has sided with Paris", "Meloni aligned herself with Belgium": the holder takes
        the positions the document gives the actor it sides with (ontology/cues.tsv, kind
        ``alignment``), each read at the sentence that says so."""
        self.reader = "aligned"
        cues = self.cues
        for s_index, sent in enumerate(sents):
            for verb in sent:
                if verb.pos_ != "VERB":
                    continue
                lemma = verb.lemma_.lower()
                preps = [c for c in verb.children if c.dep_ == "prep" and f"{lemma} {c.lower_}" in cues.alignments]
                if not preps or is_negated(verb, cues):
                    continue
                targets = [k for p in preps for o in p.children if o.dep_ == "pobj" for k in self.actors(o)]
                holders, subj, _ = self.holder(verb)
                holders = [h for h in holders if h not in targets]
                if not targets or not holders:
                    continue
                taken = [f for f in self.facts.stances if f.holder in targets and f.topic in self.topic_objects]
                for f in {(f.topic, f.polarity): f for f in taken}.values():
                    self.emit(Candidate(verb, sent, s_index, holders, subj, self.topic_objects[f.topic],
                                        -1 if f.polarity == "oppose" else 1, False, 0.5, None, None, None), seen)

    def _sentence_has_cue(self, sent: SpacySpan) -> float:
        if sent.start not in self.cue_in_sentence:
            self.cue_in_sentence[sent.start] = float(any(stance_trigger(t, self.cues) for t in sent))
        return self.cue_in_sentence[sent.start]

    def emit(self, c: Candidate, seen: set) -> None:
        """Keep a candidate, one stance fact per holder, with the features of how it was read."""
        tok, sent, s_index, holders, subj, topic = c.cue, c.sent, c.s_index, c.holders, c.subject, c.topic
        final, conditional, topic_conf = c.sign, c.conditional, c.topic_conf
        if contrasted(tok):      # an issue word read as the cue, on the side "rather than" sets aside
            final = -final
        reported_by, reported_text, via, undated = c.reported_by, c.reported_text, c.via, c.undated
        ctx = self.ctx
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
            key = (holder, topic.notation, "oppose" if final < 0 else "support", s_index)
            if key in seen:
                continue
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
                **self.extra_features})
            self.facts.stances.append(StanceFact(
                span=ctx.tokens_span(span_tokens), sentence=ctx.sentence_span(sent), confidence=confidence,
                date=None if undated else ctx.date_for(sent, near=tok), holder=holder, topic=topic.notation,
                topic_label=topic.label if isinstance(topic, OpenTopic) else None,
                polarity="oppose" if final < 0 else "support", conditional=conditional,
                cue=" ".join(t.text for t in sorted(span_tokens, key=lambda t: t.i)),
                reported_by=reported_by if reported_by != holder else None,
                reported_by_text=reported_text, via=via, features=features))



def extract_stances(ctx: DocContext, facts: DocumentFacts) -> None:
    """Read the candidates, then keep those the decision model accepts, with its probability."""
    start = len(facts.stances)
    _StanceReader(ctx, facts).run()
    model = load_stance_model(str(ctx.domain.directory))
    facts.stances[start:] = decide(facts.stances[start:], model)
