"""The stance readings besides the cue pass: framing ("cited X as a reason for the war"), goal
nouns in copular clauses ("our ambition was OECD membership"), nominal stances ("X's red
line", "a central Y demand"), set phrases ("remains on the negotiating table"), modal clauses in
reported speech, evaluations ("called the tariffs a mistake"), alignments ("sided with
Paris") and "as"-clauses ("…, as did Russia", "…, as France has demanded"). A mixin of the
stance reader (``stances._StanceReader``): each proposes ``Candidate``s through its ``emit``."""
from __future__ import annotations

from spacy.tokens import Span as SpacySpan, Token

from .context import PERSON_PRONOUNS, PLURAL_PRONOUNS
from .stance_candidate import Candidate
from .stance_cues import (ACTOR_TYPES, SUBJ, cue_complement, is_conditional, is_negated, phrase_patterns,
                          polarity_sign, stance_trigger)
from .topics import topic_from_head


class OtherReadings:
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
            elif issue is None and noun.dep_ in SUBJ and head.lemma_ == "be" and not any(
                    c.dep_ == "prep" and c.lower_ != "of" or (c.dep_ == "prep" and any(
                        o.dep_ == "pobj" and not self._is_actor(o) for o in c.children)) for c in noun.children):
                # "Y's red line is X" (not "Y's rejection of X was swift": the noun names its issue itself)
                issue = next((c for c in head.children if c.dep_ == "attr"), None)
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
            outside = {t.i for t in noun.subtree} - {t.i for t in issue.subtree}   # the apposition is the issue
            self._emit_on_issue(noun, sent, s_index, list(dict.fromkeys(owners)), issue, outside,
                                -1 if polarity == "oppose" else 1, seen)

    def _emit_on_issue(self, noun: Token, sent: SpacySpan, s_index: int, holders: list[str], issue: Token,
                       outside: set[int], sign: int, seen: set, skip_anaphoric: bool = False) -> None:
        """A stance a noun states on the phrase under ``issue``: its taxonomy topic when its words
        name one, else an open topic minted from it (``skip_anaphoric``: not "the plan", "it")."""
        cues = self.cues
        words = sorted(issue.subtree, key=lambda t: t.i)
        hits = cues.match_topics(" ".join(t.text for t in words), sent.text, frozenset(self.recent_topics(s_index)))
        if hits:
            topic, _, inverted = hits[0]
            self.emit(Candidate(noun, sent, s_index, holders, None, topic, sign * (-1 if inverted else 1), False, 0.8),
                      seen)
            return
        found = topic_from_head(issue, outside, cues)
        if found is None or (skip_anaphoric and self._anaphoric(found[1])):
            return
        self.recent_open.append((s_index, found[0]))
        self.open_heads.append((s_index, found[0], found[1]))
        self.emit(Candidate(noun, sent, s_index, holders, None, found[0], sign, False, 0.5), seen)

    def read_partisans(self, sent: SpacySpan, s_index: int, seen: set) -> None:
        """A person or body described by the side they take (ontology/cues.tsv kind ``partisan``):
        "Doug Ford, a fierce critic of U.S. tariffs", "Ford is a longtime supporter of the bill"."""
        self.reader = "partisan"
        cues = self.cues
        for noun in sent:
            polarity = cues.partisans.get(noun.lemma_.lower()) if noun.pos_ == "NOUN" else None
            if not polarity:
                continue
            of = next((o for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                       for o in c.children if o.dep_ in ("pobj", "pcomp")), None)
            if of is None or self._is_actor(of):
                continue
            if noun.dep_ == "appos":
                holders = self.actors(noun.head)
            elif noun.dep_ == "attr" and noun.head.lemma_ in ("be", "remain"):
                holders = [k for c in noun.head.children if c.dep_ in SUBJ for k in self.actors(c)]
            else:
                continue
            if holders:
                self._emit_on_issue(noun, sent, s_index, holders, of, set(), -1 if polarity == "oppose" else 1, seen,
                                    skip_anaphoric=True)

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
                for topic, matched, inverted in hits:
                    # "borders must not be changed by force": the negation is the cue's own word
                    own = 1 if set(matched.split()) & self.cues.negations else sign
                    self.emit(Candidate(clause, sent, s_index, [speaker], None, topic, own * (-1 if inverted else 1),
                              is_conditional(clause, sent, self.cues), conf * 0.8, None, None, None), seen)

    def read_commitments(self, sent: SpacySpan, s_index: int, seen: set, trig_ids: set[int]) -> None:
        """'India would stop buying Russian oil', 'Denmark will never hand over its citizens': what an
        actor, the verb's own subject, says it will or would do is its position on doing it (done
        with a negation: opposed). The issue is the verb with its object ("stop buying Russian oil"),
        or a taxonomy topic the clause names ("will never join NATO")."""
        self.reader = "commitment"
        cues = self.cues
        for verb in sent:
            if verb.pos_ != "VERB" or verb.i in trig_ids or verb.lemma_.lower() in self._not_commitments:
                continue
            if not any(c.dep_ == "aux" and c.lower_ in cues.future_auxes for c in verb.children) or \
                    not any(c.dep_ in ("dobj", "xcomp", "prt") for c in verb.children):
                continue
            holders, subj, neg_subject = self.holder(verb)
            if not holders or subj is None or subj.head.i != verb.i or subj.dep_ != "nsubj" or not (
                    self._is_actor(subj) or subj.lower_ in PERSON_PRONOUNS or subj.lower_ in PLURAL_PRONOUNS
                    or subj.lower_ == "we"):
                continue      # "the tariffs would cause harm" is read as an evaluation, not as this
            aside = {t.i for t in subj.subtree} | {c.i for c in verb.children if c.dep_ in ("neg", "aux", "advmod")}
            found = topic_from_head(verb, aside, cues)
            if found is None:
                continue
            topic, inverted = found[0], False
            comp = [t for c in verb.children if c.dep_ not in SUBJ and c.dep_ != "aux" for t in c.subtree]
            hits, conf = self.topics(verb, comp, sent, s_index)
            if hits and conf >= 1.0:
                topic, _, inverted = hits[0]
            sign = (-1 if is_negated(verb, cues) else 1) * (-1 if neg_subject else 1) * (-1 if inverted else 1)
            reported_by, reported_text, via = self.reporting(sent)
            self.emit(Candidate(verb, sent, s_index, holders, subj, topic, sign, is_conditional(verb, sent, cues),
                                0.5, reported_by, reported_text, via), seen)

    @property
    def _not_commitments(self) -> set[str]:
        """Verbs whose future says nothing of a position: speech, reports, light and neutral verbs."""
        memo = self.cues.__dict__.get("_not_commitments")
        if memo is None:     # built once per lexicon, kept on it as its other derived tables are
            memo = self.cues.__dict__["_not_commitments"] = self.cues.speech | self.cues.report | \
                self.cues.light_verbs | self.cues.neutral_verbs | self.cues.no_commitments
        return memo

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
                if obj is None or self._is_actor(obj) or obj.lower_ in PERSON_PRONOUNS | PLURAL_PRONOUNS or \
                        (self.ctx.index.key_at(obj.i) is not None and self.actors(obj)):
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
                found = topic_from_head(obj, exclude, cues)
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

    def read_as_clauses(self, sent: SpacySpan, s_index: int, seen: set, first: int) -> None:
        """"China voted for the resolution, as did Russia": the clause's stances are also the
        as-clause's subject's; "Ukraine wants a ceasefire first, as France has demanded": also
        theirs, as far as the as-clause's verb says they wanted it (ontology/cues.tsv kind ``echo``;
        "as even X has recognised" is no wish). Only what the readers proposed in this sentence
        (``self.emitted[first:]``) from the clause the as-clause hangs on."""
        cues = self.cues
        proposed = self.emitted[first:]
        if not proposed:
            return
        for verb in sent:
            if verb.dep_ != "advcl" or not any(m.dep_ == "mark" and m.lower_ == "as" for m in verb.children):
                continue
            if any(c.dep_ in ("dobj", "xcomp", "ccomp", "attr", "acomp", "prep") for c in verb.children):
                continue      # "as X put it", "as Y said in March": not an echo of the clause
            if verb.lemma_.lower() == "do":
                sign = 1
            elif verb.lemma_.lower() in cues.echoes:     # ontology/cues.tsv kind "echo": "as X had demanded"
                sign = -1 if is_negated(verb, cues) else 1
            else:
                continue      # "as even X has recognised", "as Y feared": not what they wanted
            holders, subj, _ = self.holder(verb)
            if not holders:
                continue
            own = {t.i for t in verb.subtree}
            clause = {t.i for t in verb.head.subtree} - own
            self.reader = "as_clause"
            for c in proposed:
                if c.cue.i not in clause:
                    continue
                mine = [h for h in holders if h not in c.holders]
                if mine:
                    self.emit(Candidate(verb, sent, s_index, mine, subj, c.topic, c.sign * sign, c.conditional,
                                        min(c.topic_conf, 0.5), c.reported_by, c.reported_text, c.via), seen)
