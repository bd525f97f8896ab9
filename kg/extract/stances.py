"""Stances: an actor supports or opposes a position on an issue, read off the parse.

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
  ("Putin's government") resolved; "I"/"we" in a quotation is its speaker, a non-actor or
  modal ("should") clause in reported speech is the speaker's, and a leader announcing his
  country's position holds it himself;
- **conditional** when a condition cue ("as long as", "until", "in exchange for") governs it;
- **reported**: "according to a diplomat quoted by Le Monde" keeps who said so and via whom.

Beside the cue pass, four readings catch stances without a stance verb: framing ("cited X as a
reason for the war"), phrases ("remains on the negotiating table"), goal nouns in copular
clauses ("our ambition was NATO membership") and modal clauses in reported speech.
"""
from __future__ import annotations

import re

from spacy.tokens import Span as SpacySpan, Token

from ..facts import DocumentFacts, StanceFact
from ..lexicon import Cues
from .context import DocContext
from .context import PERSON_PRONOUNS
from .stance_mentions import MentionReader
from .stance_model import candidate_features, decide, load_stance_model
from .topics import OpenTopic, open_topic, topic_from_head

_CLIMB = {"xcomp", "ccomp", "conj", "advcl", "acl", "relcl", "pcomp", "pobj", "prep", "dobj", "attr", "acomp",
          "oprd", "amod", "compound", "nmod", "appos", "dep", "npadvmod", "advmod"}
_SUBJ = ("nsubj", "nsubjpass")
_FIRST_PERSON = {"i", "we", "us", "our", "my", "me"}
_PLURAL_PRONOUNS = {"they", "them"}
_NEG_SUBJECTS = {"no", "nobody", "none"}
_ACTOR_TYPES = ("Person", "Organization", "Country")


_PHRASES: dict[int, list] = {}


def _phrase_patterns(cues: Cues) -> list[tuple[str, str, re.Pattern, str]]:
    """Stance phrases compiled once: "on the table" also matches "on the negotiating table"."""
    key = id(cues)
    if key not in _PHRASES:
        compiled = []
        for phrase, polarity in cues.stance_phrases.items():
            words = phrase.split()
            body = r"\s+".join(re.escape(w) if w != "the" else r"the(?:\s+[\w-]+)?" for w in words)
            compiled.append((phrase, polarity, re.compile(r"\b" + body + r"\b"), words[-1]))
        _PHRASES[key] = compiled
    return _PHRASES[key]


def _governed_by_cue(tok: Token, trig_ids: set[int]) -> bool:
    """Is ``tok`` embedded under another cue? Not if the way up crosses a coordination: coordinated
    cues ("drop …, commit … and renounce …"; "applied …, and … stated that …") are read each on its own."""
    node = tok
    while node.head.i != node.i:
        if node.dep_ == "conj":
            return False
        node = node.head
        if node.i in trig_ids:
            return True
    return False


def _depth(t: Token, top: Token) -> int:
    """Arcs from ``t`` up to ``top`` (large if ``top`` is not an ancestor)."""
    n, node = 0, t
    while node.i != top.i:
        if node.head.i == node.i or n > 20:
            return 99
        node, n = node.head, n + 1
    return n


def _polarity_sign(p: str) -> int:
    return -1 if p == "oppose" else 1


def _trigger(tok: Token, cues: Cues) -> tuple[str, int] | None:
    """(cue, sign) if ``tok`` carries a stance cue."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB" and tok.dep_ != "amod":      # not "internationally recognized borders"
        for child in tok.children:
            if child.dep_ in ("prt", "prep"):
                phrase = f"{lemma} {child.lower_}"
                if phrase in cues.stance_verbs:
                    return phrase, _polarity_sign(cues.stance_verbs[phrase])
        if lemma in cues.stance_verbs:
            return lemma, _polarity_sign(cues.stance_verbs[lemma])
    elif tok.pos_ == "NOUN" and lemma in cues.stance_nouns:
        return lemma, _polarity_sign(cues.stance_nouns[lemma])
    elif tok.pos_ == "ADJ" and lemma in cues.stance_adjs and tok.dep_ in ("acomp", "attr", "ROOT", "amod", "oprd"):
        if tok.dep_ == "amod" and lemma not in ("willing", "ready"):
            return None
        return lemma, _polarity_sign(cues.stance_adjs[lemma])
    return None


def _negated(tok: Token, cues: Cues) -> bool:
    for child in tok.children:
        if child.dep_ == "neg" or (child.dep_ in ("advmod", "det", "preconj") and child.lower_ in cues.negations
                                  and child.lower_ not in ("no",)):
            return True
    if tok.dep_ in ("acomp", "attr") or tok.pos_ == "ADJ":
        return any(c.dep_ == "neg" for c in tok.head.children) if tok.head.i != tok.i else False
    if tok.dep_ == "xcomp" and tok.head.pos_ in ("AUX",):
        return any(c.dep_ == "neg" for c in tok.head.children)
    return False


_ADJUNCT_PREPS = {"amid", "during", "despite", "after", "before", "since", "while", "at", "following",
                  "according",
                  "throughout", "over", "through", "in exchange for", "in return for"}
_EXCHANGE = ("exchange", "return")


def _complement(tok: Token, exclude: set[int]) -> list[Token]:
    deps = ("dobj", "xcomp", "ccomp", "prep", "attr", "acomp", "oprd", "dative", "pobj", "prt", "advcl", "acl",
            "compound", "amod", "poss", "nmod", "relcl", "agent", "conj", "npadvmod")
    out = []
    for child in tok.children:
        if child.dep_ == "prep" and (child.lower_ in _ADJUNCT_PREPS or _is_exchange(child)):
            continue
        if child.dep_ in ("advcl", "conj") and (any(m.dep_ == "mark" for m in child.children)
                                                or child.pos_ in ("VERB", "AUX")):
            continue      # "…, but only once a ceasefire is established": a condition or a new clause
        if child.dep_ in deps and child.dep_ not in _SUBJ:
            out.extend(t for t in child.subtree if t.i not in exclude and not _in_exchange(t, child))
    return out


def _is_exchange(prep: Token) -> bool:
    """ "in exchange for X", "in return for X": X is what the holder wants in return."""
    return prep.lower_ == "in" and any(c.lower_ in _EXCHANGE for c in prep.children)


def _in_exchange(t: Token, top: Token) -> bool:
    """True if ``t`` hangs under "in exchange for", an adjunct ("amid talks") or a condition
    clause ("only if a ceasefire held") below ``top``."""
    node = t
    while node.head.i != node.i:
        if node.dep_ == "prep" and (_is_exchange(node) or node.lower_ in _ADJUNCT_PREPS):
            return True
        if node.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless", "until", "once")
                                        for m in node.children):
            return True
        if node.i == top.i:
            break
        node = node.head
    return False


def _exchanged(tok: Token) -> list[Token]:
    """Tokens of "in exchange for X" attached anywhere under ``tok``."""
    for t in tok.subtree:
        if t.dep_ == "prep" and _is_exchange(t):
            return [x for x in t.subtree]
    return []


def _conditional(tok: Token, sent: SpacySpan, cues: Cues) -> bool:
    clause = tok
    while clause.dep_ in ("xcomp", "conj", "dobj", "pobj", "prep", "acomp", "pcomp") and clause.head.i != clause.i:
        clause = clause.head
    skip = {t.i for c in clause.children if c.dep_ == "conj" for t in c.subtree
            if not any(m.dep_ in ("mark", "advmod") and m.lower_ in cues.conditions for m in c.children)}
    text = " " + " ".join(t.lower_ for t in clause.subtree if t.i not in skip) + " "
    # a condition that closes the sentence after the cue often hangs off the verb of saying:
    # "…said the minister did not rule out sending troops, provided that a ceasefire holds"
    tail = " " + " ".join(t.lower_ for t in sent if t.i > tok.i) + " "
    strong = [c for c in cues.conditions if c not in ("if", "once", "until")]
    return any(f" {c} " in text for c in cues.conditions if c not in ("if", "once")) or \
        any(f" only {c} " in text or f" but {c} " in text for c in ("if", "once")) or \
        any(f", {c} " in tail or f" , {c} " in tail for c in strong + ["only if", "but only once"])


class _StanceReader:
    def __init__(self, ctx: DocContext, facts: DocumentFacts):
        self.ctx, self.facts = ctx, facts
        self.cues = ctx.cues.for_document(ctx.doc.text)   # the taxonomy only on its own subject
        self.recent: list[tuple[int, int, str]] = []     # (sentence index, char offset, topic) seen lately
        self.recent_open: list[tuple[int, OpenTopic]] = []  # open topics read lately
        self.open_heads: list[tuple[int, OpenTopic, Token]] = []   # with the word each was read from
        self.issue_focus: list[tuple[int, OpenTopic]] = []   # mentions of issue words, in document order
        self.reader = "cue"       # which reading proposes the candidate (a feature of the decision)
        self.extra_features: dict[str, float] = {}   # what the current reader adds to the features

    # --- holders ------------------------------------------------------------
    def actors(self, tok: Token) -> list[str]:
        """Actor keys a subject token denotes, with its conjuncts."""
        ctx = self.ctx
        keys = []
        if tok.lower_ in ("who", "which", "that") and tok.head.dep_ == "relcl":
            tok = tok.head.head       # "Orbán, who had offered …": the relative pronoun's antecedent
        if tok.lower_ in _PLURAL_PRONOUNS:
            return self.plural_antecedent(tok)
        if tok.tag_ == "NNS" and any(c.lower_ in ("both", "two", "three") for c in tok.children):
            return self.last_people(tok, 3 if any(c.lower_ == "three" for c in tok.children) else 2)
        members = [tok, *tok.conjuncts]
        # "Colombia, Chile, Mexico and Canada, joined by the EU": a list the parser hangs on an
        # apposition, and those who joined
        for c in tok.children:
            if c.dep_ == "appos" and c.pos_ == "PROPN" and self._is_state_or_body(c) and self._is_state_or_body(tok):
                members += [c, *c.conjuncts]
            if c.dep_ == "acl" and c.lemma_.lower() in ("join", "back", "support"):
                members += [o for a in c.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
        for t in members:
            key = None
            if t.pos_ == "NOUN" and t.lemma_.lower() in self.cues.institutions:
                owners = [o for c in t.children if c.dep_ == "poss" for o in self.actors(c)]
                if owners:     # "Putin's government" is Russia's; "Zelensky's office" is Zelensky's
                    keys.extend(self._country_led_by(o) or o for o in owners)
                    continue
            if t.lower_ in _FIRST_PERSON or (t.pos_ == "DET" and t.lower_ in ("our", "my")):
                key = ctx.speaker_in_quote(t.idx)
            if key is None:
                key = ctx.entity_key(t)
            if key is None:
                from .quotes import subject_entity
                key = subject_entity(ctx, t)
            entity = ctx.index.entity(key) or (ctx.gaz.entries[key].entity() if key in ctx.gaz.entries else None)
            if entity is not None and entity.etype in _ACTOR_TYPES:
                ctx.index.entities.setdefault(key, entity)
                keys.append(key)
        if not keys and tok.pos_ == "NOUN":   # "his government", "Moscow's foreign ministry"
            for child in tok.children:
                if child.dep_ == "poss":
                    owners = self.actors(child)
                    if tok.lemma_.lower() in self.cues.institutions:    # "Putin's government" is Russia's
                        owners = [self._country_led_by(o) or o for o in owners]
                    return owners
        if not keys and tok.tag_ == "NNS":   # "partners from the United States", "key players including Germany"
            for t in tok.subtree:
                k = ctx.index.key_at(t.i)
                if k and ctx.index.entities[k].etype in ("Country", "Organization") and t.dep_ != "poss":
                    keys.append(k)
        return list(dict.fromkeys(keys))

    def _is_state_or_body(self, tok: Token) -> bool:
        entity = self.ctx.index.entity(self.ctx.index.key_at(tok.i))
        return entity is not None and entity.etype in ("Country", "Organization")

    def _country_led_by(self, person: str) -> str | None:
        for role, org in self.ctx.roles_of.get(person, []):
            if role in self.ctx.gaz.leader_roles and org:
                return org
        return None

    def plural_antecedent(self, tok: Token) -> list[str]:
        """"they": the plural subject of the speech verb above ("Both leaders told … they would"),
        else the latest coordinated actors ("Britain, France and Germany …")."""
        node = tok
        while node.head.i != node.i:
            node = node.head
            if node.pos_ == "VERB" and node.lemma_.lower() in self.cues.speech:
                for child in node.children:
                    if child.dep_ == "nsubj" and child.i != tok.i and child.lower_ not in _PLURAL_PRONOUNS:
                        found = self.actors(child)
                        if len(found) > 1 or child.tag_ == "NNS":
                            return found
                break
        sents = [s for s in tok.doc.sents if s.end <= tok.sent.end][-3:]
        for sent in reversed(sents):
            for t in sent:
                if t.i >= tok.i or t.dep_ not in _SUBJ or not t.conjuncts:
                    continue
                found = self.actors(t)
                if len(found) > 1:
                    return found
        return []

    def last_people(self, tok: Token, n: int) -> list[str]:
        """"both leaders", "the two presidents": the last n people named before."""
        people: list[str] = []
        for span, key in reversed(self.ctx.index.spans):
            if span.start < tok.i and self.ctx.index.entities[key].etype == "Person" and key not in people:
                people.append(key)
        if "leader" in tok.lower_:      # "both leaders": people known to lead their country first
            leaders = [p for p in people if any(r in self.ctx.gaz.leader_roles for r, _ in self.ctx.roles_of.get(p, []))]
            people = leaders + [p for p in people if p not in leaders]
        elif self.ctx.gaz.roles.get(tok.lemma_.lower()):   # "the two presidents": people with that title first
            title = self.ctx.gaz.roles[tok.lemma_.lower()]
            holding = [p for p in people if any(r == title for r, _ in self.ctx.roles_of.get(p, []))]
            people = holding + [p for p in people if p not in holding]
        return people[:n] if len(people) >= n else []

    def holder(self, trig: Token) -> tuple[list[str], Token | None, bool]:
        """(holders, subject token, negated_subject) for a trigger, climbing the clause."""
        cur = trig
        if trig.pos_ == "NOUN":
            for child in trig.children:
                if child.dep_ == "poss":
                    return self.actors(child), child, False
                if child.dep_ == "prep" and child.lower_ in ("from", "by"):
                    found = [k for t in child.subtree if (k := self.ctx.index.key_at(t.i))
                             and self.ctx.index.entities[k].etype in _ACTOR_TYPES]
                    return list(dict.fromkeys(found)), child, False
            head = trig.head
            if trig.dep_ == "dobj" and head.lemma_.lower() in self.cues.light_verbs:
                cur = head        # "Germany voiced support for …": the light verb's subject holds it
            else:
                return [], None, False
        for _ in range(8):
            for child in cur.children:
                if child.dep_ == "nsubjpass" and cur.i == trig.i:
                    continue      # "membership can be guaranteed": the passive subject is the topic
                if child.dep_ in _SUBJ:
                    neg = child.lower_ in ("nobody",) or (child.lower_ == "one" and any(
                        c.lower_ == "no" for c in child.children))
                    holders = self.actors(child)
                    if any(a.lower_ in ("should", "must", "ought") for a in cur.children if a.dep_ == "aux"):
                        holders = self.speaker_above(cur, trig) or holders
                    if not holders and (neg or child.lower_ in ("it", "this", "there") or child.pos_ in ("NOUN", "PROPN")):
                        holders = self.speaker_above(cur, trig)
                    return holders, child, neg
                if child.dep_ == "agent":
                    # "rejected by Hungary and, according to officials, by the United States"
                    agents = [child, *(c for c in child.conjuncts if c.lower_ == "by")]
                    objs = [o for a in agents for o in a.children if o.dep_ == "pobj"]
                    if objs:
                        found = [k for o in objs for k in self.actors(o)]
                        return list(dict.fromkeys(found)), objs[0], False
            if cur.dep_ in _CLIMB and cur.head.i != cur.i:
                cur = cur.head
            else:
                break
        return self.speaker_above(cur, trig), None, False

    def for_leader(self, holders: list[str], trig: Token) -> list[str]:
        """'Zelensky announced that Ukraine was forgoing its bid': a leader announcing his
        country's position holds it himself."""
        speakers = self.speaker_above(trig, trig)
        if len(holders) != 1 or not speakers or speakers[0] in holders:
            return holders
        speaker = speakers[0]
        if any(org == holders[0] and role in self.ctx.gaz.leader_roles
               for role, org in self.ctx.roles_of.get(speaker, [])):
            return [speaker]
        return holders

    def speaker_above(self, cur: Token, trig: Token) -> list[str]:
        """Inside a quotation or reported speech, an impersonal stance is the speaker's."""
        quoted = self.ctx.speaker_in_quote(trig.idx)
        if quoted:
            return [self._principal(quoted)]
        from .quotes import speaker_of
        node = trig
        while node.head.i != node.i:
            node = node.head
            if node.lemma_.lower() in self.cues.speech and node.pos_ == "VERB":
                key = speaker_of(self.ctx, node)
                return [self._principal(key)] if key else []
        return []

    def _principal(self, speaker: str) -> str:
        """A spokesperson's stated position is their principal's ("Kremlin spokesman Peskov said
        Ukraine must …" is Russia's demand)."""
        for role, org in self.ctx.roles_of.get(speaker, []):
            if role in self.ctx.gaz.voice_roles and org:
                return org
        return speaker

    # --- topics -------------------------------------------------------------
    def recent_topics(self, s_index: int) -> list[str]:
        """Topics of the last two sentences, the most recently mentioned first: "… and the Kremlin
        insists on a neutral Ukraine. Stubb dismissed that demand" is about neutrality."""
        latest: dict[str, tuple[int, int]] = {}
        for idx, offset, notation in self.recent:
            if 0 < s_index - idx <= 2:
                latest[notation] = max(latest.get(notation, (-1, -1)), (idx, offset))
        return sorted(latest, key=lambda k: latest[k], reverse=True)

    def topics(self, trig: Token, comp: list[Token], sent: SpacySpan, s_index: int):
        sentence_text = sent.text
        recent = frozenset(self.recent_topics(s_index))
        if comp:
            # the complement's core first (object and its close modifiers), then all of it
            core = [t for t in comp if _depth(t, trig) <= 4]
            for part in (core, comp):
                ordered = sorted(part, key=lambda t: t.i)
                text = " ".join(t.text for t in ordered)
                lemmas = " ".join(t.lemma_ for t in ordered)
                hits = self.cues.match_topics(text, sentence_text, recent) or \
                    self.cues.match_topics(lemmas, sentence_text, recent)
                if hits:
                    return hits, 1.0
        if trig.pos_ == "NOUN":
            return [], 0.0
        anaphoric = [t for t in comp if t.lower_ in self.cues.anaphors and _depth(t, trig) <= 2]
        ranked = self.recent_topics(s_index)
        if comp:
            # "oppose several provisions of the original plan": a cue's head noun names the topic
            # when only one topic claims it, or when the topic is under discussion
            nouns = {t.lower_ for t in comp if t.pos_ == "NOUN" and _depth(t, trig) <= 4}
            claims = [tp for tp in self.cues.topics if tp.heads & nouns]
            # ties go to the topic for which these nouns are most typical (most cues ending in them)
            claims.sort(key=lambda tp: -sum(1 for c in tp.cues if c.split()[-1] in nouns))
            in_sentence = {tp.notation for tp, _, _ in self.cues.match_topics(sentence_text, sentence_text, recent)}
            # only where the taxonomy is in play here: "backed the plan" in a trade story is no peace plan
            chosen = [tp for tp in claims if tp.notation in ranked] or (claims[:1] if ranked or in_sentence else [])
            if chosen:
                return [(chosen[0], "(head noun)", False)], 0.6
        if anaphoric or not comp:
            # "oppose it": the topic under discussion, else the sentence's own
            if ranked and anaphoric:
                topic = next(t for t in self.cues.topics if t.notation == ranked[0])
                return [(topic, "(context)", False)], 0.6
            hits = self.cues.match_topics(sentence_text, sentence_text, recent)
            if hits:
                return hits, 0.8
            if ranked:
                topic = next(t for t in self.cues.topics if t.notation == ranked[0])
                return [(topic, "(context)", False)], 0.6
        return [], 0.0

    # --- reporting ------------------------------------------------------------
    def reporting(self, sent: SpacySpan) -> tuple[str | None, str | None, str | None]:
        """(reported_by key, reported_by text, via key) from "according to X (quoted by Y)"."""
        for tok in sent:
            if tok.lower_ == "according":
                to = next((c for c in tok.children if c.lower_ == "to"), None)
                obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
                if obj is None:
                    continue
                key = self.ctx.entity_key(obj)
                keys = [key] if key and self.ctx.index.entity(key) and \
                    self.ctx.index.entities[key].etype in _ACTOR_TYPES else []
                via = None
                for t in obj.subtree:
                    k = self.ctx.index.key_at(t.i)
                    ent = self.ctx.index.entity(k)
                    if k and ent and ent.etype == "Organization" and k not in keys:
                        via = k
                text = " ".join(t.text for t in obj.subtree if t.i <= obj.i or t.dep_ in ("amod", "compound"))
                if keys and via is None:
                    return keys[0], None, None
                return None, text, via
        return None, None, None

    # --- the pass -------------------------------------------------------------
    def run(self) -> None:
        ctx, cues = self.ctx, self.cues
        seen: set[tuple[str, str, str, int]] = set()
        self.mention_reader = MentionReader(self, _trigger, _negated, _conditional)
        self.issue_focus = self.mention_reader.issue_mentions()
        sents = list(ctx.doc.sents)
        all_topics = [cues.match_topics(s.text, s.text) for s in sents]
        # document-level facts the decision weighs: how present the holder and the topic are
        self.mention_counts: dict[str, int] = {}
        for m in ctx.index.mentions:
            self.mention_counts[m.key] = self.mention_counts.get(m.key, 0) + 1
        self.topic_counts: dict[str, int] = {}
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
                triggers = [(t, *trig) for t in sent if (trig := _trigger(t, cues))]
                trig_ids = {t.i for t, *_ in triggers}
                for tok, cue, sign in triggers:
                    # a cue governed by another cue is read as part of the outer one, unless it has
                    # an actor subject of its own ("X is angry that Y has pursued talks": Y's stance too)
                    if _governed_by_cue(tok, trig_ids) and not self._own_actor_subject(tok):
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
            low = text.lower()
            for topic, cue, _ in sent_topics:
                self.recent.append((s_index, low.rfind(cue.split()[0]), topic.notation))
        self.mention_reader.run(seen)

    def _other_organisation(self, hit, comp: list[Token], sent: SpacySpan) -> bool:
        """A generic cue ("bid", "membership") let in only because the topic was under discussion,
        but about another organisation ("Ukraine's EU bid"), is not about this topic."""
        topic, cue, _ = hit
        if topic._ctx_re is None or topic._ctx_re.search(cue) or topic._ctx_re.search(sent.text.lower()):
            return False
        for t in comp:
            entity = self.ctx.index.entity(self.ctx.index.key_at(t.i))
            if entity is not None and entity.etype == "Organization" and \
                    not topic._ctx_re.search(entity.label.lower()) and not topic._ctx_re.search(t.lower_):
                return True
        return False

    def _path_sign(self, tok: Token, comp: list[Token], cue: str, trig_ids: set[int]) -> int | None:
        """Polarity of the nested cues between the outer cue and the words that name the topic:
        "requiring Kiev to [drop its plans to join NATO], [commit to neutral status] and
        [renounce all claims]" reads each demand on its own branch. None if the words are not found."""
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
            if node.i in trig_ids and node.lemma_.lower() not in words and (trig := _trigger(node, self.cues)):
                sign *= trig[1] * (-1 if _negated(node, self.cues) else 1)
            node = node.head
        return sign if node.i == tok.i else None

    def _own_actor_subject(self, tok: Token) -> bool:
        return tok.pos_ == "VERB" and any(c.dep_ == "nsubj" and self.actors(c) for c in tok.children)

    def read_frames(self, sent: SpacySpan, s_index: int, seen: set) -> None:
        """'Putin has long cited NATO's expansion as a reason for the war': framing an issue
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
                self.emit(verb, sent, s_index, holders, subj, topic, 1 if inverted else -1, False, 0.8,
                          None, None, None, seen)

    def read_goals(self, sent: SpacySpan, s_index: int, seen: set, trig_ids: set[int]) -> None:
        """'Our ambition was NATO membership', 'Renouncing the bid remains a demand from Putin's
        government', 'a key Russian demand': a goal noun in a copular clause is its owner's
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
                if t.i in trig_ids and (trig := _trigger(t, self.cues)):
                    polarity *= trig[1] * (-1 if _negated(t, self.cues) else 1)
            polarity *= -1 if _negated(verb, self.cues) else 1
            hits, conf = self.topics(verb, content, sent, s_index)
            # "our ambition was NATO membership": a former goal, held at some time before, not now
            former = verb.tag_ == "VBD" and not any(s.start >= sent.start and s.end <= sent.end
                                                   for s, _ in self.ctx.dates)
            for topic, _, inverted in hits[:1]:
                self.emit(goal, sent, s_index, holders, None, topic, polarity * (-1 if inverted else 1),
                          _conditional(verb, sent, self.cues), conf * 0.85, None, None, None, seen,
                          undated=former)

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

    def read_phrases(self, sent: SpacySpan, s_index: int, seen: set) -> None:
        """'… remains on the negotiating table', 'taken it off the table', 'against X'."""
        self.reader = "phrase"
        low = sent.text.lower()
        for phrase, polarity, pattern, last in _phrase_patterns(self.cues):
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
                if verb.pos_ not in ("VERB", "AUX") or _trigger(verb, self.cues):
                    continue
                holders, subj, neg_subject = self.holder(verb)
                if not holders:
                    continue
                subject_words = [t for c in verb.children if c.dep_ in _SUBJ for t in c.subtree]
                comp = subject_words + _complement(verb, set())
                hits, conf = self.topics(verb, comp, sent, s_index)
                sign = _polarity_sign(polarity) * (-1 if _negated(verb, self.cues) else 1) * (-1 if neg_subject else 1)
                for topic, _, inverted in hits[:1]:
                    self.emit(verb, sent, s_index, holders, subj, topic, sign * (-1 if inverted else 1),
                              _conditional(verb, sent, self.cues), conf * 0.9, None, None, None, seen)

    def read_modal_clauses(self, sent: SpacySpan, s_index: int, seen: set, trig_ids: set[int]) -> None:
        """'X insisted that a neutral Ukraine must be part of any deal': a modal clause in
        reported speech is the speaker's position (negated modal: opposition)."""
        self.reader = "modal"
        from .quotes import speaker_of
        for verb in sent:
            if verb.pos_ != "VERB" or verb.lemma_.lower() not in self.cues.speech:
                continue
            speaker = speaker_of(self.ctx, verb)
            entity = self.ctx.index.entity(speaker)
            if entity is None or entity.etype not in _ACTOR_TYPES:
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
                sign = -1 if _negated(clause, self.cues) else 1
                for topic, _, inverted in hits:
                    self.emit(clause, sent, s_index, [speaker], None, topic, sign * (-1 if inverted else 1),
                              _conditional(clause, sent, self.cues), conf * 0.8, None, None, None, seen)

    def read(self, tok: Token, cue: str, sign: int, sent: SpacySpan, s_index: int, trig_ids: set[int],
             seen: set) -> None:
        self.reader = "cue"
        cues = self.cues
        holders, subj, neg_subject = self.holder(tok)
        if not holders:
            return
        holders = self.for_leader(holders, tok)
        exclude = {t.i for t in subj.subtree} if subj is not None else set()
        comp = _complement(tok, exclude)
        if tok.pos_ == "ADJ" and tok.dep_ in ("acomp", "attr") and subj is not None and not self.actors(subj):
            comp.extend(subj.subtree)  # "the door to NATO remains open": the subject is what it is about
        for child in tok.children:     # "the plan was rejected by Hungary": the passive subject is the topic
            if child.dep_ == "nsubjpass" and (subj is None or child.i != subj.i):
                comp.extend(t for t in child.subtree if t.i not in exclude)
        if tok.pos_ == "VERB" and not [t for t in comp if t.pos_ not in ("ADP", "PART", "PUNCT")]:
            if cue in cues.intransitive:   # "Germany voted against", "Paris objected": the issue in focus
                polarity = sign * (-1 if _negated(tok, cues) else 1) * (-1 if neg_subject else 1)
                topic = self.topic_in_focus(s_index)
                taxonomy = self.recent_topics(s_index)
                if taxonomy and (topic is None or not any(i == s_index - 1 for i, _ in self.recent_open)):
                    hit = next(t for t in cues.topics if t.notation == taxonomy[0])
                    self.emit(tok, sent, s_index, holders, subj, hit, polarity, False, 0.6, None, None, None, seen)
                elif topic is not None:
                    self.reader = "intransitive"
                    self.emit(tok, sent, s_index, holders, subj, topic, polarity, False, 0.4, None, None, None, seen)
            return        # "as Rutte has recognized": a stance verb with nothing to take a stance on
        polarity = sign * (-1 if _negated(tok, cues) else 1) * (-1 if neg_subject else 1)
        nested = 1
        for inner in comp:     # nested cues multiply: "drop the goal of joining NATO"
            if inner.i in trig_ids:
                inner_trig = _trigger(inner, cues)
                if inner_trig:
                    nested *= inner_trig[1] * (-1 if _negated(inner, cues) else 1)
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
        conditional = _conditional(tok, sent, cues)
        exchanged = _exchanged(tok)
        if exchanged:    # "forgoing its NATO bid in exchange for security guarantees"
            conditional = True
            ex_hits = self.cues.match_topics(" ".join(t.text for t in exchanged), sent.text)
            for topic, matched, inverted in ex_hits:
                if topic._ctx_re is not None and not topic._ctx_re.search(matched):
                    continue      # only a specific cue names what is asked in exchange
                self.emit(tok, sent, s_index, holders, subj, topic, -1 if inverted else 1, True, topic_conf,
                          reported_by, reported_text, via, seen)
        for topic, matched, inverted in kept:
            path = self._path_sign(tok, comp, matched, trig_ids)
            self.emit(tok, sent, s_index, holders, subj, topic,
                      polarity * (nested if path is None else path) * (-1 if inverted else 1), conditional,
                      topic_conf, reported_by, reported_text, via, seen)

    def read_open(self, tok: Token, cue: str, sign: int, holders: list[str], subj: Token | None, exclude: set[int],
                  sent: SpacySpan, s_index: int, seen: set) -> None:
        """A stance whose complement names no taxonomy topic: its topic is minted from the
        complement's words ("supports the tariffs on Chinese electric vehicles"), or, for an
        anaphoric complement ("rejected that demand"), is the open topic of the last sentences."""
        self.reader = "open"
        if cue in self.cues.taxonomy_only or tok.lemma_.lower() in self.cues.taxonomy_only:
            return
        found = open_topic(tok, exclude, self.cues.generic_heads, self.cues.vague_topics, self._is_actor)
        topic, conf = None, 0.5
        if found is not None and self._anaphoric(found[1]):
            found, topic, head, conf = None, self.topic_in_focus(s_index), found[1], 0.4
        elif found is not None:
            topic, head = found
            if any(self.ctx.index.key_at(t.i) in holders for t in head.subtree):
                return          # "X backed X's own …" is about the holder, not an issue
            if topic.notation.count("_") <= 1:     # a bare "the tariffs": the document's fuller phrasing
                topic = next((t for _, t, h in self.open_heads if h.lemma_.lower() == head.lemma_.lower()), topic)
        else:
            head = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "attr")), None)
            if head is None:     # "opposed to it", "against the move"
                head = next((o for c in tok.children if c.dep_ == "prep" for o in c.children if o.dep_ == "pobj"), None)
            if head is not None and self._anaphoric(head):
                topic, conf = self.topic_in_focus(s_index), 0.4
        if topic is None:
            return
        self.recent_open.append((s_index, topic))
        if found is not None:
            self.open_heads.append((s_index, topic, head))
        reported_by, reported_text, via = self.reporting(sent)
        self.emit(tok, sent, s_index, holders, subj, topic, sign, _conditional(tok, sent, self.cues), conf,
                  reported_by, reported_text, via, seen)

    def _is_actor(self, tok: Token) -> bool:
        entity = self.ctx.index.entity(self.ctx.index.key_at(tok.i))
        return entity is not None and entity.etype in (*_ACTOR_TYPES, "Place") and \
            not any(c.dep_ in ("prep", "acl") for c in tok.children)

    def _anaphoric(self, head: Token) -> bool:
        """"it", "the move", "that demand", "the decision": a complement that points back."""
        low, lemma = head.lower_, head.lemma_.lower()
        if low in ("it", "this", "that", "these", "those", "them"):
            return True
        has_modifier = any(c.dep_ in ("amod", "compound", "prep", "acl", "relcl", "nmod") for c in head.children)
        if not has_modifier and (low in self.cues.anaphors or lemma in self.cues.vague_topics):
            return True
        # "the accord", "an epic agreement", "Washington's decision", "the European step": a definite
        # or evaluated mention of the issue under discussion, with no words of its own on what it is
        own_words = any(c.dep_ in ("compound", "prep", "acl", "relcl", "nmod") for c in head.children)
        return lemma in self.cues.issue_anaphors and not own_words

    def topic_in_focus(self, s_index: int):
        """The issue an anaphoric complement points to: the open topic read last (within five
        sentences), else the first one the article raised (its lead issue)."""
        recent = [t for i, t in self.recent_open if 0 <= s_index - i <= 2]
        if recent:
            return recent[-1]
        lead = self.lead_issue()
        if lead is not None:
            return lead
        mentioned = [t for i, t in self.issue_focus if 0 <= s_index - i <= 3]
        if mentioned:
            return mentioned[-1]
        return self.recent_open[0][1] if self.recent_open else None

    def lead_issue(self):
        """The document's lead issue: the issue word of its headline, else the one it mentions
        most (the first on a tie)."""
        if not self.issue_focus:
            return None
        headline = [t for i, t in self.issue_focus if i == 0]
        if headline:
            return headline[0]
        counts: dict[str, int] = {}
        for _, t in self.issue_focus:
            counts[t.notation] = counts.get(t.notation, 0) + 1
        best = max(counts.values())
        return next(t for _, t in self.issue_focus if counts[t.notation] == best)

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
            sign *= -1 if _negated(verb, cues) else 1
            exclude = {t.i for t in judged} | ({t.i for t in subj.subtree} if subj is not None else set())
            comp = [t for t in obj.subtree if t.i not in exclude]
            hits, conf = self.topics(verb, comp, sent, s_index)
            if hits:
                for topic, _, inverted in hits[:1]:
                    self.emit(verb, sent, s_index, holders, subj, topic, sign * (-1 if inverted else 1), False,
                              conf * 0.8, None, None, None, seen)
                continue
            topic, found = None, None
            if self._is_actor(obj):
                continue
            if self._anaphoric(obj):
                topic = self.topic_in_focus(s_index)
            else:
                found = topic_from_head(obj, exclude, cues.generic_heads, cues.vague_topics)
                topic = found[0] if found else None
            if topic is None or any(self.ctx.index.key_at(t.i) in holders for t in comp):
                continue
            self.recent_open.append((s_index, topic))
            if found:
                self.open_heads.append((s_index, topic, found[1]))
            self.emit(verb, sent, s_index, holders, subj, topic, sign, False, 0.5, None, None, None, seen)

    def emit(self, tok, sent, s_index, holders, subj, topic, final, conditional, topic_conf, reported_by,
             reported_text, via, seen, undated: bool = False) -> None:
        ctx = self.ctx
        span_tokens = [tok] + [c for c in tok.children if c.dep_ in ("prt", "neg", "aux", "prep")][:3]
        in_quote = ctx.in_quote(tok.idx)
        confidence = round(min(0.95, 0.55 + 0.3 * topic_conf + (0.1 if subj is not None else 0)
                               - (0.1 if in_quote else 0)), 2)
        if subj is None:
            how = "speaker" if self.speaker_above(tok, tok) else "other"
        elif subj.lower_ in PERSON_PRONOUNS or subj.lower_ in _PLURAL_PRONOUNS or subj.lower_ in _FIRST_PERSON:
            how = "pronoun"
        elif ctx.index.key_at(subj.i) is not None:
            how = "mention"
        else:
            how = "description"
        is_open = isinstance(topic, OpenTopic)
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
                reported=reported_by is not None or reported_text is not None, negated=_negated(tok, self.cues),
                conditional=conditional, n_holders=len(holders), sentence_index=s_index,
                topic_words=len(topic.label.split()) if is_open else 0, cue_pos=tok.pos_)
            counts = getattr(self, "topic_counts", {})
            top = max(counts.values()) if counts else 0
            features.update({
                "holder_mentions": min(getattr(self, "mention_counts", {}).get(holder, 0), 8) / 8.0,
                "topic_mentions": min(counts.get(topic.notation, 0), 8) / 8.0,
                "lead_topic": float(top > 0 and counts.get(topic.notation, 0) == top),
                "headline_topic": float(topic.notation in getattr(self, "headline_topics", ())),
                "sentence_has_cue": float(any(_trigger(t, self.cues) for t in sent)),
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
