"""What a stance is about: a taxonomy topic whose cue terms occur in the cue's complement (its
core first), a topic a cue's head noun names, or, for an anaphoric complement ("oppose it",
"that demand", "the accord"), the issue in focus: a stance read in the last sentences, the
headline's issue word, or the one the document mentions most. A mixin of the stance reader."""
from __future__ import annotations

import re

from spacy.tokens import Span as SpacySpan, Token

from .stance_cues import ACTOR_TYPES, depth_below


class TopicReading:
    # --- topics -------------------------------------------------------------
    def recent_topics(self, s_index: int) -> list[str]:
        """Topics of the last two sentences, the most recently mentioned first: "… and Lima
        insists on a catch quota. Duarte dismissed that demand" is about the quota."""
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
            core = [t for t in comp if depth_below(t, trig) <= 4]
            for part in (core, comp):
                ordered = sorted(part, key=lambda t: t.i)
                text = " ".join(t.text for t in ordered)
                lemmas = " ".join(t.lemma_ for t in ordered)
                hits = self.cues.match_topics(text, sentence_text, recent) or \
                    self.cues.match_topics(lemmas, sentence_text, recent)
                if hits:
                    return self.proposed(hits, text.lower()), 1.0
        if trig.pos_ == "NOUN":
            return [], 0.0
        # "it", "that demand"; "a demand [Zelensky has rejected]": the antecedent of the cue's own relative
        antecedents = {trig.head.i, trig.head.head.i} if trig.dep_ in ("relcl", "conj", "acl") else set()
        # ("a proposal for a trilateral meeting" has words of its own on what it is: no anaphor)
        anaphoric = [t for t in comp if t.lower_ in self.cues.anaphors and not _own_words(t, trig) and (
            depth_below(t, trig) <= 2 or (t.i in antecedents and not any(
                c.dep_ in ("amod", "compound", "prep", "nmod", "poss") for c in t.children)))]
        ranked = self.recent_topics(s_index)
        if comp:
            # "oppose several provisions of the original plan": a cue's head noun names the topic
            # when only one topic claims it, or when the topic is under discussion; a noun with
            # words of its own on what it is ("a proposal for a trilateral meeting") names its
            # own issue, not the one under discussion
            nouns = {t.lower_ for t in comp if t.pos_ == "NOUN" and depth_below(t, trig) <= 4 and not _own_words(t, trig)}
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


    def proposed(self, hits: list, text: str) -> list:
        """"the American proposal for a ceasefire" is about the ceasefire: a topic named only by a
        proposal noun gives way to the topic its complement names."""
        if len(hits) < 2:
            return hits
        def proposes_another(hit) -> bool:
            words = hit[1].split()
            if not words or words[-1] not in self.cues.proposal_nouns:
                return False
            return any(other is not hit and re.search(re.escape(hit[1]) + r"\s+(?:for|of|on)\b.*" + re.escape(other[1]),
                                                      text) for other in hits)
        kept = [h for h in hits if not proposes_another(h)]
        return kept or hits

    def _other_organisation(self, hit, comp: list[Token], sent: SpacySpan) -> bool:
        """A generic cue ("bid", "membership") let in only because the topic was under discussion,
        but about another organisation ("Peru's OECD bid"), is not about this topic."""
        topic, cue, _ = hit
        if topic._ctx_re is None or topic._ctx_re.search(cue) or topic._ctx_re.search(sent.text.lower()):
            return False
        for t in comp:
            entity = self.ctx.index.entity(self.ctx.index.key_at(t.i))
            if entity is not None and entity.etype == "Organization" and \
                    not topic._ctx_re.search(entity.label.lower()) and not topic._ctx_re.search(t.lower_):
                return True
        return False


    def _is_actor(self, tok: Token) -> bool:
        entity = self.ctx.index.entity(self.ctx.index.key_at(tok.i))
        return entity is not None and entity.etype in (*ACTOR_TYPES, "Place") and \
            not any(c.dep_ in ("prep", "acl") for c in tok.children)

    def _anaphoric(self, head: Token) -> bool:
        """"it", "the move", "that demand", "the decision": a complement that points back."""
        low, lemma = head.lower_, head.lemma_.lower()
        if low in ("it", "this", "that", "these", "those", "them"):
            return True
        has_modifier = any(c.dep_ in ("amod", "compound", "prep", "acl", "relcl", "nmod") for c in head.children)
        if not has_modifier and (low in self.cues.anaphors or lemma in self.cues.vague_topics):
            return True
        # "the accord", "an epic agreement", "Ottawa's decision", "the European step": a definite
        # or evaluated mention of the issue under discussion, with no words of its own on what it is
        return lemma in self.cues.issue_anaphors and not _own_words(head)

    def topic_in_focus(self, s_index: int, head: Token | None = None):
        """The issue an anaphoric complement points to: for a noun ("the pact"), the last open
        topic read from the same word, else the article's lead issue; for a pronoun, the open
        topic read last (within two sentences), else the lead issue."""
        noun = head is not None and head.pos_ == "NOUN"
        if noun:
            lemma = head.lemma_.lower()
            same = [t for i, t, h in self.open_heads if i <= s_index and h.lemma_.lower() == lemma and h.i != head.i]
            if same:
                return same[-1]
        lead = self.lead_issue()
        recent = [t for i, t in self.recent_open if 0 <= s_index - i <= 2]
        for choice in ((lead, recent[-1] if recent else None) if noun else (recent[-1] if recent else None, lead)):
            if choice is not None:
                return choice
        mentioned = [t for i, t in self.issue_focus if 0 <= s_index - i <= 3]
        if mentioned:
            return mentioned[-1]
        return self.recent_open[0][1] if self.recent_open else None

    def lead_issue(self):
        """The document's lead issue: of the words that name an issue (ontology/cues.tsv), the one
        in its headline, else the one it mentions most (the first on a tie); only then a noun the
        text keeps repeating, the same way."""
        if not self.issue_focus:
            return None
        named = self.mention_reader.lexicon_issues
        pools = ([x for x in self.issue_focus if x[1].notation in named], self.issue_focus)
        for pool in pools:
            headline = [t for i, t in pool if i == 0]
            if headline:
                return headline[0]
        for pool in pools:
            if not pool:
                continue
            counts: dict[str, int] = {}
            for _, t in pool:
                counts[t.notation] = counts.get(t.notation, 0) + 1
            best = max(counts.values())
            return next(t for _, t in pool if counts[t.notation] == best)
        return None


def _own_words(noun: Token, trig: Token | None = None) -> bool:
    """A noun with words of its own on what it is: a prepositional phrase, a compound, a clause
    (not the clause of the stance cue ``trig`` itself: "a demand Zelensky has rejected")."""
    return any(c.dep_ in ("prep", "compound", "acl", "relcl", "nmod") and
               (trig is None or not c.left_edge.i <= trig.i <= c.right_edge.i) for c in noun.children)
