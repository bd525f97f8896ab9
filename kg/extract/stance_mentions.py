"""Attributed topic mentions: the generous candidate reader behind the learned decision.

The cue readers in ``stances.py`` need a stance word that governs the topic's words. Much
of the news states positions without one: "Chile needs export guarantees that are truly
binding, the statement said", "decisions on Peru's fisheries are for Peru alone",
"foreign trawlers in Chilean waters are Lima's red line". This reader proposes a
candidate for every mention of an issue that someone is *attributed* with:

- the **issue** is a taxonomy topic whose cue terms occur in the sentence, or an open topic
  that the cue readers minted elsewhere in the same document, mentioned again by its core
  word ("impeachment", "tariffs", "snapback");
- the **holder** is who the words are attributed to: the speaker of the quotation around
  the mention; else, climbing from the mention, the subject of the first clause that has an
  actor for subject (a speech verb's subject: "X said …"; a statement's signatories: "the
  declaration said …", "the leaders said …"); else the owner of a stance noun the mention
  is predicated of ("… are Lima's red line");
- the **polarity** is support, flipped by each negation and multiplied by each stance cue
  on the way up (``ontology/cues.tsv``).

These candidates are noisy on their own (a keyword baseline is most of them); each carries
how it was read as features (``reader=mention``, how the holder was found, negation, path
cues), and the model in ``stance_model.py`` decides which to keep. A candidate the cue
readers already proposed for the same holder, topic and sentence is not proposed again.
"""
from __future__ import annotations

from spacy.tokens import Span as SpacySpan, Token

from .stance_candidate import Candidate
from .stance_holders import for_to_subject, shared_subject_clause
from .stance_cues import has_no, is_conditional, is_negated, polarity_sign, stance_trigger
from .topics import OpenTopic, counterpart, topic_from_head

_SUBJ = ("nsubj", "nsubjpass")
_CONDITION_MARKS = {"if", "unless", "until", "once", "provided", "whether"}
_GROUP_WINDOW = 8          # sentences a joint statement's signatories stay "the statement"
_SALIENT_COUNT = 4         # a noun used this often is one of the document's issues
_MIN_STEM = 5              # "impeach" / "impeachment": words sharing this many leading letters


def _stem_match(a: str, b: str) -> bool:
    if a == b:         # short issue words ("pact", "tax", "ban", "aid") match themselves
        return True
    n = min(len(a), len(b))
    return n >= _MIN_STEM and a[:n] == b[:n] and abs(len(a) - len(b)) <= 5


class MentionReader:
    """Proposes attributed-mention candidates through a ``_StanceReader`` (its holders, topics
    in focus and ``emit``)."""

    def __init__(self, reader):
        self.r, self.ctx, self.cues = reader, reader.ctx, reader.cues
        self.groups: list[tuple[int, list[str]]] = []     # (sentence index, several actors speaking together)
        self._issue_cores: list[tuple[str, OpenTopic]] | None = None
        self._taxonomy_words: dict[int, set[str]] = {}     # sentence start -> words of its taxonomy cues
        self._word_is_cue: dict[str, bool] = {}
        self._core_memo: dict[int, tuple[list, dict[str, OpenTopic | None]]] = {}
        self.lexicon_issues: set[str] = set()   # notations of issues named by a lexicon word (not just repeated)
        self.negated_cues: set[int] = set()     # tokens opening a taxonomy cue that holds its own negation
        cues = self.cues   # verbs whose object is the issue by itself: they say nothing of what is done to it
        self._not_content_verbs = {"be", "have", "do", "make", "get", "take", "give"} | cues.speech | cues.report | \
            cues.light_verbs | cues.neutral_verbs | cues.evaluation_verbs | cues.frame_verbs

    def _taxonomy_word(self, lemma: str) -> bool:
        """The word alone is a taxonomy cue ("ceasefire" where the taxonomy has one)."""
        if lemma not in self._word_is_cue:
            self._word_is_cue[lemma] = bool(self.cues.match_topics(lemma, lemma))
        return self._word_is_cue[lemma]

    # --- issues -------------------------------------------------------------
    def open_cores(self) -> list[tuple[str, OpenTopic]]:
        """(core lemma, topic) for the open topics the cue readers minted in this document, and
        for the words that name an issue ("ceasefire", "tariffs") it uses."""
        cores: dict[str, OpenTopic] = {}
        skip = self.cues.generic_heads | self.cues.vague_topics | self.cues.anaphors
        for _, topic, core in self.r.open_heads:
            lemma = core.lemma_.lower()
            if core.pos_ in ("NOUN", "PROPN", "VERB") and lemma not in skip and len(lemma) >= 4 \
                    and self.ctx.index.key_at(core.i) is None:
                cores.setdefault(lemma, topic)     # the first phrasing names the issue
        for lemma, topic in self.issue_cores():
            cores.setdefault(lemma, topic)
        return list(cores.items())

    def issue_mentions(self) -> list[tuple[int, OpenTopic]]:
        """(sentence index, topic) of every mention of an issue word, in document order: what
        "the agreement" or "these measures" may point back to before any stance named it."""
        cores = self.issue_cores()
        out = []
        for s_index, sent in enumerate(self.ctx.doc.sents):
            for tok in sent:
                if tok.pos_ == "NOUN":
                    lemma = tok.lemma_.lower()
                    topic = self._core_topic(lemma, cores)
                    if topic is not None:
                        out.append((s_index, topic))
        return out

    def issue_cores(self) -> list[tuple[str, OpenTopic]]:
        """Issue words ("ceasefire", "tariffs") the document uses, each with the topic its first
        phrase names ("a complete and immediate ceasefire")."""
        if self._issue_cores is not None:
            return self._issue_cores
        cores: dict[str, OpenTopic] = {}
        salient = self.salient_nouns()
        for sent in self.ctx.doc.sents:
            for tok in sent:
                lemma = tok.lemma_.lower()
                if tok.pos_ != "NOUN" or lemma in cores or self._taxonomy_word(lemma) or self._in_taxonomy(tok, sent):
                    continue
                if lemma in self.cues.issue_nouns or self._named_issue_head(tok):
                    self._mint_issue(tok, lemma, cores)
                    self.lexicon_issues.add(cores[lemma].notation)
                elif lemma in salient:
                    self._mint_issue(tok, lemma, cores)
        self._issue_cores = list(cores.items())
        return self._issue_cores

    def _named_issue_head(self, tok: Token) -> bool:
        """"the Mercosur trade deal", "the minerals agreement", "Trump's peace plan": a word for
        an agreement or a plan (``issue_head``) with words of its own that say which one."""
        if tok.lemma_.lower() not in self.cues.issue_heads:
            return False
        return any((c.dep_ == "compound" and c.pos_ in ("NOUN", "PROPN")) or
                   (c.dep_ == "amod" and c.pos_ in ("ADJ", "PROPN", "VERB") and c.lower_ not in ("new", "final", "current",
                                                                                        "latest", "first", "second"))
                   for c in tok.children)

    def salient_nouns(self) -> set[str]:
        """Nouns the document is about, whatever its subject: in the headline and again in the
        text, or used again and again (``_SALIENT_COUNT`` times). Words that never name an issue
        (vague or generic nouns, anaphors, statements, groups, titles, stance nouns) and
        names are not counted."""
        cues, index = self.cues, self.ctx.index
        skip = (cues.vague_topics | cues.generic_heads | cues.anaphors | cues.statement_nouns | cues.group_nouns
                | cues.person_nouns | cues.not_names | cues.issue_anaphors | set(cues.stance_nouns)
                | self.ctx.domain.gazetteer.role_words | cues.speech | cues.report)
        counts: dict[str, int] = {}
        headline: set[str] = set()
        for n, sent in enumerate(self.ctx.doc.sents):
            for tok in sent:
                lemma = tok.lemma_.lower()
                if tok.pos_ != "NOUN" or len(lemma) < 4 or not lemma.isalpha() or lemma in skip \
                        or index.key_at(tok.i) is not None or tok.ent_type_:
                    continue
                counts[lemma] = counts.get(lemma, 0) + 1
                if n == 0:
                    headline.add(lemma)
        return {w for w, c in counts.items() if c >= _SALIENT_COUNT or (w in headline and c >= 2)}

    def _mint_issue(self, tok: Token, lemma: str, cores: dict[str, OpenTopic]) -> None:
        """The topic an issue word's first phrase names, or the word alone when the phrase is long;
        a word that modifies another noun ("import" in "import tariffs") names the phrase it
        modifies, unless that noun names a contest over it ("the roadmap fight")."""
        while tok.dep_ == "compound" and tok.head.pos_ == "NOUN" and tok.head.i != tok.i and \
                tok.head.lemma_.lower() not in self.cues.contest_nouns:
            tok = tok.head
        people = {t.i for t in tok.subtree if (k := self.ctx.index.key_at(t.i)) is not None
                  and self.ctx.index.entities[k].etype == "Person"}     # "von der Leyen" is no part of an issue
        people -= {t.i for c in tok.children if c.dep_ == "prep" and counterpart(c, tok) for t in c.subtree}  # "a summit with Putin"
        found = topic_from_head(tok, people, self.cues)
        verb = tok.head
        cues = self.cues
        if tok.dep_ == "dobj" and verb.pos_ == "VERB" and verb.lemma_.lower() not in self._not_content_verbs \
                and not stance_trigger(verb, cues):
            # "shoot down Russian aircraft", "buy Russian oil": what is done to it is the issue
            acted = topic_from_head(verb, people | {t.i for c in verb.children if c.dep_ in _SUBJ for t in c.subtree},
                                    cues)
            if acted is not None and len(acted[0].label.split()) <= 6:
                found = acted
        if found is not None and len(found[0].label.split()) <= 6:
            cores[lemma] = found[0]
        else:
            # the key is the lemma (one concept for "sanction" and "sanctions"); the label the word as written
            cores[lemma] = OpenTopic("open_" + lemma, tok.lower_ if tok.lower_.isalpha() else lemma)

    def _in_taxonomy(self, tok: Token, sent: SpacySpan | None = None) -> bool:
        """The word is part of a taxonomy cue matched in its sentence ("WTO membership")."""
        sent = sent if sent is not None else tok.sent
        words = self._taxonomy_words.get(sent.start)
        if words is None:
            words = {w for _, matched, _ in self.cues.match_topics(sent.text, sent.text, frozenset())
                     for w in matched.split()}
            self._taxonomy_words[sent.start] = words
        return tok.lower_ in words

    def _core_topic(self, lemma: str, cores) -> OpenTopic | None:
        """The issue whose core word ``lemma`` shares its stem with, memoised per lemma."""
        memo = self._core_memo.setdefault(id(cores), (cores, {}))[1]   # the list is kept: its id stays its own
        if lemma not in memo:
            memo[lemma] = next((t for core, t in cores if _stem_match(lemma, core)), None)
        return memo[lemma]

    def lead_issue(self, cores) -> OpenTopic | None:
        """The open issue the document mentions most (the first on a tie)."""
        counts: dict[str, int] = {}
        for tok in self.ctx.doc:
            if tok.pos_ in ("NOUN", "VERB", "PROPN"):
                topic = self._core_topic(tok.lemma_.lower(), cores)
                if topic is not None:
                    counts[topic.notation] = counts.get(topic.notation, 0) + 1
        if not counts:
            return None
        best = max(counts.values())
        return next(t for _, t in cores if counts.get(t.notation) == best)

    def _issue_anaphor(self, tok: Token) -> bool:
        """"the agreement", "this understanding": a definite noun with nothing of its own (not the
        frame of an act, "under the law")."""
        if tok.dep_ == "pobj" and tok.head.lower_ == "under":
            return False
        return tok.pos_ == "NOUN" and tok.lemma_.lower() in self.cues.issue_anaphors and \
            any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those") for c in tok.children) and \
            not any(c.dep_ in ("prep", "compound", "amod", "acl", "relcl", "poss") for c in tok.children)

    def mentions(self, sent: SpacySpan, s_index: int, cores, lead=None) -> list[tuple[Token, object, bool]]:
        """(token, topic, inverted) for each issue the sentence mentions."""
        found = []
        low = sent.text.lower()
        recent = frozenset(self.r.recent_topics(s_index))
        for topic, matched, inverted in self.r.proposed(self.cues.match_topics(sent.text, sent.text, recent), low):
            at = low.find(matched.split()[0]) if matched and not matched.startswith("(") else -1
            tok = next((t for t in sent if t.idx - sent.start_char >= at), None) if at >= 0 else None
            if tok is not None:
                found.append((tok, topic, inverted))
                if any(w in self.cues.negations for w in matched.split()):
                    # "borders must not be changed": the cue's own negation is not a flip of it
                    self.negated_cues.add(tok.i)
        for tok in sent:
            if tok.pos_ not in ("NOUN", "VERB", "PROPN") or self.ctx.index.key_at(tok.i) is not None:
                continue
            topic = self._core_topic(tok.lemma_.lower(), cores)
            if topic is None and (lead is None or not self._issue_anaphor(tok)):
                continue
            if self._in_taxonomy(tok, sent):
                continue
            if topic is not None:
                found.append((tok, topic, False))
            else:
                if lead is not None and self._issue_anaphor(tok):
                    ranked = self.r.recent_topics(s_index)
                    topic = next((t for t in self.cues.topics if ranked and t.notation == ranked[0]), lead)
                    found.append((tok, topic, False))
        return found

    # --- holders ------------------------------------------------------------
    def _group(self, s_index: int) -> list[str]:
        for idx, holders in reversed(self.groups):
            if 0 <= s_index - idx <= _GROUP_WINDOW:
                return holders
        return []

    def note_groups(self, sent: SpacySpan, s_index: int) -> None:
        """Remember several actors speaking or signing together ("X, Y and Z said in a joint
        statement", "the declaration signed by X and Y", "a joint statement by X, Y and Z")."""
        for tok in sent:
            if tok.dep_ in _SUBJ and tok.conjuncts and tok.head.pos_ in ("VERB", "AUX"):
                holders = self.r.actors(tok)
                if len(holders) > 1:
                    self.groups.append((s_index, holders))
            elif tok.dep_ == "agent" or (tok.lower_ == "by" and (tok.head.lemma_.lower() in ("sign", "issue")
                                                                 or tok.head.lemma_.lower() in self.cues.statement_nouns)):
                # ("a joint statement by X, Y and Z")
                objs = [o for o in tok.children if o.dep_ == "pobj"]
                holders = [k for o in objs for k in self.r.actors(o)]
                # a long list of titled signatories the parser does not chain as conjuncts
                # ("Signed by French President X, German Chancellor Y, …"): every actor named in it
                listed = self._named_in(tok)
                if len(listed) > len(holders):
                    holders = listed
                if len(holders) > 1:
                    self.groups.append((s_index, holders))

    def _named_in(self, tok: Token) -> list[str]:
        """The actors named in ``tok``'s phrase, not counting those that only qualify a person's
        title ("European Commission" in "European Commission President Ursula von der Leyen")."""
        index, keys = self.ctx.index, []
        for t in tok.subtree:
            key = index.key_at(t.i)
            if key is None or index.entities[key].etype not in ("Person", "Country", "Organization"):
                continue
            node, qualifies = t, False
            while node.dep_ in ("compound", "amod", "poss", "nmod") and node.head.i != node.i:
                node = node.head
                other = index.key_at(node.i)
                if other is not None and other != key and index.entities[other].etype == "Person":
                    qualifies = True
                    break
            if not qualifies:
                keys.append(key)
        return list(dict.fromkeys(keys))

    def _subject_holders(self, subj: Token, verb: Token, s_index: int) -> tuple[list[str], str]:
        lemma = subj.lemma_.lower()
        if lemma == "it" and subj.dep_ == "nsubj" and verb.lemma_.lower() in self.cues.speech and self._group(s_index):
            return self._group(s_index), "statement"     # "It also says …": the joint statement again
        if lemma in self.cues.statement_nouns:
            owners = [k for c in subj.children if c.dep_ == "poss" for k in self.r.actors(c)]
            return (owners, "statement") if owners else (self._group(s_index), "statement")
        if subj.tag_ == "NNS" and lemma in self.cues.group_nouns and not self.r.actors(subj):
            return (self._group(s_index) if _points_back(subj) else []), "group"
        holders = self.r.actors(subj)
        for other in verb.children:      # the parser split a list of subjects in two
            if other.dep_ == subj.dep_ and other.i > subj.i:
                holders = list(dict.fromkeys(holders + self.r.actors(other)))
        if holders and verb.lemma_.lower() in self.cues.speech:
            return [self.r._principal(h) for h in holders], "speech"
        return holders, "subject"

    def attribute(self, tok: Token, s_index: int) -> tuple[list[str], str, int, Token]:
        """(holders, how, polarity sign, the clause that carries it) for a mention.

        Reported speech wins over the subject of the clause it reports: in "X said Chile
        needs guarantees" the position is X's; first person inside a quotation is its speaker."""
        quoted = self.ctx.speaker_in_quote(tok.idx)
        sign, node, path = 1, tok, {tok.i}
        self.path_cues = []      # the stance cues met on the way up (a feature of the decision)
        nearest: tuple[list[str], str, int, Token] | None = None
        below: Token | None = None
        evaluations = self.cues.evaluations
        for c in tok.children:     # "calls it a bad deal", "a dangerous surrender": the words on the issue
            if c.dep_ == "amod" and c.lemma_.lower() in evaluations:
                sign *= 1 if evaluations[c.lemma_.lower()] == "support" else -1
                self.path_cues.append(c.lemma_.lower())
        while True:
            # coming up from a coordinated verb ("would vote against A and would not back B"), the
            # first conjunct's stance word and negation are its own, not the second's
            sibling = below is not None and below.dep_ == "conj" and below.pos_ in ("VERB", "AUX")
            trig = stance_trigger(node, self.cues) if node.i != tok.i and not sibling else None
            if node.i != tok.i:
                if trig:
                    sign *= trig[1]
                    self.path_cues.append(node.lemma_.lower())
                if node.lemma_.lower() in self.cues.frame_verbs and any(
                        w.lower_ in self.cues.frame_negative or w.lemma_.lower() in self.cues.frame_negative
                        for c in node.children if c.dep_ == "prep" and c.lower_ == "as" for w in c.subtree):
                    sign *= -1      # "would regard any Western troops as legitimate targets"
                if below is not None and below.dep_ in _SUBJ and (node.lemma_.lower() in self.cues.harm_verbs or (
                        node.lemma_.lower() in _HARM_LIGHT_VERBS and any(
                            c.dep_ == "dobj" and c.lemma_.lower() in self.cues.harm_verbs for c in node.children))):
                    sign *= -1      # "the accord tramples on sovereignty", "the curbs could do grave damage":
                                    # the issue does harm, so opposed
                if below is not None and below.dep_ in _SUBJ and node.lemma_.lower() in _BEING_VERBS:
                    # "the agreement was unacceptable in its current form": what the issue is said to be;
                    # "this deal carries a risk …", "it would pose a threat": what it is said to bring
                    said = next((c for c in node.children if c.dep_ in ("acomp", "attr", "dobj")
                                 and c.lemma_.lower() in evaluations), None)
                    if said is not None and not trig:
                        sign *= 1 if evaluations[said.lemma_.lower()] == "support" else -1
                        self.path_cues.append(said.lemma_.lower())
            if not sibling and ((node.pos_ in ("VERB", "AUX", "ADJ") and is_negated(node, self.cues))
                                or has_no(node)):
                sign *= -1          # "there will be no soldiers on Ukrainian soil", "no plans for troops"
            if node.i != tok.i and node.pos_ == "ADP" and node.lower_ in self.cues.stance_phrases and \
                    not stance_trigger(node.head, self.cues):
                # "kept its official line against the impeachment": a preposition that takes a side
                sign *= polarity_sign(self.cues.stance_phrases[node.lower_])
            if node.dep_ == "pobj" and node.head.lower_ in ("than", "of") and node.head.i > 0 and \
                    node.doc[node.head.i - 1].lower_ in ("rather", "instead"):
                sign *= -1          # "a peace agreement rather than a ceasefire"
            # "ruled out Ukraine joining NATO": the subject of a gerund a stance cue takes is what the
            # stance is about, not who holds one
            gerund_object = node.tag_ == "VBG" and node.head.i != node.i and \
                node.dep_ in ("dobj", "pcomp", "pobj", "xcomp", "ccomp", "advcl") and \
                not any(m.dep_ == "mark" for m in node.children) and stance_trigger(node.head, self.cues) is not None
            if node.pos_ in ("VERB", "AUX") and not gerund_object:
                subj = next((c for c in node.children if c.dep_ in _SUBJ), None)
                shared = shared_subject_clause(node) if subj is None else None
                if shared is not None:     # "… that X had done A, would do B": X's
                    subj = next(c for c in shared.children if c.dep_ in _SUBJ)
                if subj is not None and subj.dep_ == "nsubjpass" and not trig:
                    subj = None       # "Ukraine was never assured membership": told, not taking a side
                if subj is not None and for_to_subject(subj):
                    subj = None       # "renewed calls for Chile to join": asked of it, not its position
                if subj is not None and subj.i not in path:
                    if subj.lower_ in ("nobody",) or any(c.lower_ == "no" for c in subj.children):
                        sign *= -1
                    if quoted and subj.lower_ in ("i", "we"):
                        return [self.r._principal(quoted)], "quote", sign, node
                    holders, how = self._subject_holders(subj, node, s_index)
                    if holders and how in ("speech", "statement", "group"):
                        if how == "speech" and nearest is not None and nearest[1] == "subject" and \
                                all(self.r._is_state_key(h) for h in nearest[0]) and \
                                _own_clause(nearest[3], self.cues.modals) and _names_subject(nearest[3], self.ctx.index) and \
                                not any(a.dep_ == "aux" and a.lower_ in self.cues.speaker_modals for a in nearest[3].children) and \
                                not any(self.r.leads(h, state) for h in holders for state in nearest[0]):
                            # "Rasmussen said Copenhagen would rather see …": a state or body the
                            # speaker reports on takes its own position, beside the speaker's (a
                            # leader announcing his own country's position holds it himself)
                            return (list(dict.fromkeys(nearest[0] + holders)), "reported_state", *nearest[2:])
                        return holders, how, sign, node
                    if node.lemma_.lower() in self.cues.neutral_verbs:
                        holders = []      # "Britain discussed Ukraine's membership": no position taken
                    if holders and how == "subject" and node.lemma_.lower() in ("need", "deserve") and not quoted:
                        holders = []      # "Ukraine needs guarantees", reported: not Ukraine's own position
                    if holders and nearest is None and (not quoted or subj.lower_ not in ("it", "this", "that")):
                        # in a quotation, a third person's position is theirs ("he wants to join")
                        nearest = (holders, how if not quoted else "quoted_subject", sign, node)
                if subj is not None and subj.i in path and nearest is None:
                    # "foreign trawlers in Chilean waters are Lima's red line"
                    for c in node.children:
                        if c.dep_ in ("attr", "acomp", "dobj") and (trig := stance_trigger(c, self.cues)):
                            owners = [k for p in c.children if p.dep_ == "poss" for k in self.r.actors(p)]
                            if owners:
                                nearest = (owners, "owner", sign * trig[1], node)
            if node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _CONDITION_MARKS for c in node.children):
                return [], "condition", sign, node     # "only if a ceasefire held": a condition, not a position
            if node.pos_ in ("VERB", "NOUN") and node.lemma_.lower() in self.cues.dispute_verbs:
                return [], "dispute", sign, node       # "Lisbon and Ottawa split over the levy": which side is which?
            if node.head.i == node.i:
                break
            below, node = node, node.head
            path.add(node.i)
        # "Chile, the statement said, must have …": a parenthetical speech verb is the attribution
        for verb in node.children:
            if verb.dep_ == "parataxis" and verb.pos_ == "VERB" and verb.lemma_.lower() in self.cues.speech:
                subj = next((c for c in verb.children if c.dep_ in _SUBJ), None)
                if subj is not None:
                    holders, how = self._subject_holders(subj, verb, s_index)
                    if holders:
                        return holders, how if how != "subject" else "speech", sign, node
        if nearest is not None and nearest[1] == "subject" and any(
                a.dep_ == "aux" and a.lower_ in self.cues.speaker_modals for a in nearest[3].children):
            # "Lima could join the pact next year, according to X": what the subject could or
            # should do is the position of the one the clause is attributed to
            attributed = self.r._attributed(node)
            if attributed:
                return attributed, "speech", nearest[2], nearest[3]
        if nearest is not None:
            return nearest
        if quoted:
            return [self.r._principal(quoted)], "quote", sign, node
        return [], "none", sign, node

    # --- the pass -------------------------------------------------------------
    def run(self, seen: set) -> None:
        ctx, r = self.ctx, self.r
        covered = {(s.holder, s.topic, s.sentence.start) for s in r.facts.stances}
        cores = self.open_cores()
        lead = r.lead_issue() or self.lead_issue(cores)
        for s_index, sent in enumerate(ctx.doc.sents):
            for tok, topic, inverted in self.mentions(sent, s_index, cores, lead):
                holders, how, sign, clause = self.attribute(tok, s_index)
                if tok.i in self.negated_cues:
                    sign = -sign
                start = ctx.sentence_span(sent).start
                holders = [h for h in holders if (h, topic.notation, start) not in covered]
                if not holders:
                    continue
                if isinstance(topic, OpenTopic) and any(
                        ctx.index.key_at(t.i) in holders for t in tok.subtree):
                    continue
                for h in holders:
                    covered.add((h, topic.notation, start))
                r.reader = f"mention_{how}"
                r.extra_features = {"mention_flipped": float(sign < 0),
                                    "mention_cues": min(len(self.path_cues), 2) / 2.0,
                                    **{f"mention_cue={c}": 1.0 for c in self.path_cues[:1]},
                                    "mention_lexicon": float(topic.notation in self.lexicon_issues
                                                             or not isinstance(topic, OpenTopic)),
                                    "mention_open": float(isinstance(topic, OpenTopic)),
                                    "mention_anaphor": float(self._issue_anaphor(tok))}
                final = sign * (-1 if inverted else 1)
                conditional = is_conditional(clause, sent, self.cues)
                r.emit(Candidate(tok, sent, s_index, holders, None, topic, final, conditional, 0.5), seen)
                # the other side too: a mention says little of which way its holder leans ("called
                # the debt system unfair"); the decision weighs the sentence's evaluative words
                r.extra_features = {**r.extra_features, "mention_reversed": 1.0}
                r.emit(Candidate(tok, sent, s_index, holders, None, topic, -final, conditional, 0.5), seen)
                r.extra_features = {}


_DEFINITE = {"the", "both", "these", "those", "all"}
_BEING_VERBS = {"be", "remain", "seem", "prove", "carry", "pose", "represent", "constitute", "amount"}
_HARM_LIGHT_VERBS = {"do", "cause", "inflict"}     # "do damage", "cause harm": a harm verb's noun


def _own_clause(verb: Token, demands: set[str]) -> bool:
    """A clause in which its subject acts or wants ("Copenhagen would rather see", "Seoul would
    reopen"), not one in which it is acted on ("Ukraine cannot be granted") or told what it must
    do ("Ukraine must abandon"; ``demands``: ontology/cues.tsv kind modal)."""
    return not any(c.dep_ == "nsubjpass" or (c.dep_ in ("aux", "auxpass") and c.lower_ in demands)
                   for c in verb.children)


def _names_subject(verb: Token, index) -> bool:
    """The subject word itself names the holder ("Copenhagen would rather see"), not only a word
    inside it ("Ukraine's Western supporters have indicated", "goods from Denmark would face")."""
    subj = next((c for c in verb.children if c.dep_ in _SUBJ), None)
    return subj is None or index.key_at(subj.i) is not None or \
        not any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "from") for c in subj.children)


def _points_back(noun: Token) -> bool:
    """"the leaders", "both leaders", "the two leaders" name the group named before; "European
    leaders", "some leaders" or "leaders of the G7" are another, unnamed group."""
    for c in noun.children:
        if c.dep_ in ("amod", "compound", "nmod", "prep", "acl", "relcl", "poss"):
            return False
        if c.dep_ in ("det", "predet") and c.lower_ not in _DEFINITE:
            return False
    return any(c.dep_ in ("det", "predet", "nummod") for c in noun.children)
