"""Who holds a stance: the subject of the outermost cue, found by climbing the clause, with
conjuncts, pronouns ("he" in "X said he …", "they", "both leaders"), descriptions, metonyms and
institutions ("Duarte's government") resolved; "I"/"we" in a quotation is its speaker; a
spokesperson's position is their principal's; "according to X (quoted by Y)" is kept as who
reported it and via whom. A mixin of the stance reader (``self.ctx``, ``self.cues``)."""
from __future__ import annotations

from spacy.tokens import Span as SpacySpan, Token

from .context import GROUP_SIZES
from .stance_cues import CLIMB, SUBJ, FIRST_PERSON, PLURAL_PRONOUNS, ACTOR_TYPES


_NEEDS = {"need", "deserve"}


def for_to_subject(subj: Token) -> bool:
    """The subject of a for-to infinitive ("calls for Chile to join the OECD", "time for the EU to
    act"): what someone asks of it, not a position it takes."""
    return any(m.dep_ == "mark" and m.lower_ == "for" for m in subj.head.children)


def shared_subject_clause(cur: Token) -> Token | None:
    """A reported clause with no subject of its own in a series of reported clauses ("said that
    X had done A, would do B and would not do C", parsed as separate complements of "said"):
    the clause before it in the series, whose subject it shares."""
    if cur.dep_ != "ccomp" or any(c.dep_ in SUBJ or c.dep_ == "mark" for c in cur.children):
        return None
    before = [c for c in cur.head.children if c.dep_ == "ccomp" and c.i < cur.i]
    if not before or not any(c.dep_ in SUBJ for c in before[-1].children):
        return None
    between = cur.doc[before[-1].i:cur.i]
    return before[-1] if any(t.lower_ == "," for t in between) else None


class HolderReading:
    # --- holders ------------------------------------------------------------
    def actors(self, tok: Token) -> list[str]:
        """Actor keys a subject token denotes, with its conjuncts."""
        ctx = self.ctx
        keys = []
        if tok.lower_ in ("who", "which", "that") and tok.head.dep_ == "relcl":
            tok = tok.head.head       # "Minister Ana Duarte, who had offered …": the relative pronoun's antecedent
            among = tok.head if tok.dep_ == "pobj" and tok.head.lower_ == "among" else None
            if among is not None and among.head.lemma_ == "be":
                # "Serbia, Russia and China were among the countries that voted against": the list
                tok = next((c for c in among.head.children if c.dep_ in SUBJ), tok)
        if tok.lower_ in PLURAL_PRONOUNS:
            return self.plural_antecedent(tok)
        if tok.tag_ == "NNS" and any(c.lower_ in GROUP_SIZES for c in tok.children):
            return self.ctx.counted_group(tok)
        members = [tok, *tok.conjuncts]
        # "Colombia, Chile, Mexico and Canada, joined by the EU": a list the parser hangs on an
        # apposition, and those who joined
        for c in tok.children:
            if c.dep_ == "appos" and c.pos_ == "PROPN" and self._is_state_or_body(c) and self._is_state_or_body(tok):
                members += [c, *c.conjuncts]
            if c.dep_ == "acl" and c.lemma_.lower() in ("join", "back", "support"):
                members += [o for a in c.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
        members += [t for t in self._listed(tok) if t not in members]
        for t in list(members):
            # "Zelensky and leaders including Starmer, Merz and Macron": the group's named members
            if t.tag_ == "NNS" and ctx.index.key_at(t.i) is None:
                for c in t.children:
                    if c.dep_ == "prep" and (c.lower_ in ("including", "like") or (
                            c.lower_ == "as" and c.i > 0 and c.doc[c.i - 1].lower_ == "such")):
                        named = [o for o in c.children if o.dep_ == "pobj"]
                        members += [m for o in named for m in (o, *o.conjuncts) if m not in members]
        for t in members:
            key = None
            lemma = t.lemma_.lower()
            named = lemma in self.cues.affiliations and any(
                c.dep_ == "appos" and self._is_state_or_body(c) for c in t.children)    # "his party, Smer,"
            if t.pos_ == "NOUN" and (lemma in self.cues.institutions or lemma in self.cues.affiliations) and not named:
                owners = [o for c in t.children if c.dep_ == "poss" for o in self.actors(c)] or \
                    [o for c in t.children if c.dep_ == "prep" and c.lower_ == "of"    # "the administration of X"
                     for p in c.children if p.dep_ == "pobj" for o in self.actors(p)]
                if owners:     # "Duarte's government" is Chile's; "Lind's office" is Lind's; "his party" is his
                    keys.extend(self._affiliated(o, lemma) for o in owners)
                    continue
            if t.lower_ in FIRST_PERSON or (t.pos_ == "DET" and t.lower_ in ("our", "my")):
                key = ctx.speaker_in_quote(t.idx)
            if key is None:
                key = ctx.entity_key(t)
            if key is None and t.dep_ == "appos" and t.pos_ == "NOUN":
                key = ctx.entity_key(t.head)     # "Eduardo, a congressman who has lobbied for …"
            if key is None:
                from .quotes import organisation_named_by_head, subject_entity
                key = subject_entity(ctx, t)
                if key is None and t.tag_ == "NN" and t.lemma_.lower() in self.cues.org_nouns and t.dep_ in SUBJ:
                    # "The party also demanded …": the organisation the last sentences named
                    key = organisation_named_by_head(ctx, t, window=4, paragraphs=True)
            entity = ctx.index.entity(key) or (ctx.gaz.entries[key].entity() if key in ctx.gaz.entries else None)
            if entity is not None and entity.etype in ACTOR_TYPES:
                ctx.index.entities.setdefault(key, entity)
                keys.append(key)
        if not keys and tok.pos_ == "NOUN":   # "his government", "Lisbon's foreign ministry"
            for child in tok.children:
                if child.dep_ == "poss":
                    owners = self.actors(child)
                    lemma = tok.lemma_.lower()
                    if lemma in self.cues.institutions or lemma in self.cues.affiliations:
                        owners = [self._affiliated(o, lemma) for o in owners]    # "Duarte's government" is Chile's
                    return owners
        if not keys and tok.tag_ == "NNS":   # "partners from Japan", "key players including Brazil"
            for t in tok.subtree:
                k = ctx.index.key_at(t.i)
                if k and ctx.index.entities[k].etype in ("Country", "Organization") and t.dep_ != "poss":
                    keys.append(k)
        return list(dict.fromkeys(keys))

    def _listed(self, tok: Token) -> list[Token]:
        """"The liberal VVD, the centrist New Social Contract (NSC) and the Farmer-Citizen
        Movement (BBB)": a list the parser breaks at the bracketed acronyms and descriptions
        still names each member; the names in the subject's own phrase (not in a clause, a
        prepositional phrase, a possessive or brackets) when it holds an "and" or "or"."""
        if not any(t.dep_ == "cc" for t in tok.subtree):
            return []       # (most subjects: no list to read, so no walk up each word's ancestors)
        own = [t for t in tok.subtree if not any(
            a.dep_ in ("relcl", "acl", "advcl", "prep", "poss") for a in [t, *t.ancestors] if a.i != tok.i
            and tok in a.ancestors)]
        if len(own) < 4 or not any(t.dep_ == "cc" and t.lower_ in ("and", "or") for t in own):
            return []
        depth, out = 0, []
        for t in tok.doc[own[0].i:own[-1].i + 1]:
            if t.text in ("(", "["):
                depth += 1
            elif t.text in (")", "]"):
                depth = max(0, depth - 1)
            elif depth == 0 and t.i != tok.i and t in own and t.dep_ in ("conj", "appos") and \
                    self.ctx.index.key_at(t.i) is not None:
                out.append(t)
        return out

    def _is_state_or_body(self, tok: Token) -> bool:
        return self._is_state_key(self.ctx.index.key_at(tok.i))

    def _is_state_key(self, key: str | None) -> bool:
        entity = self.ctx.index.entity(key)
        return entity is not None and entity.etype in ("Country", "Organization")

    def _affiliated(self, owner: str, noun: str) -> str:
        """What "<owner>'s <noun>" speaks for: a leader's government (a word of ``government_terms``,
        ontology/countries.tsv) is the country he leads;
        "his party", "her country" (ontology/cues.tsv kind ``affiliation``) the organisation or
        country of that kind the person holds a role in (for a country, else the country the
        gazetteer knows them by); otherwise the owner ("Lind's office" is Lind's)."""
        # a leader's government is the country; a leader's office, team or camp is the leader's own
        led = self._country_led_by(owner) if noun in self.ctx.gaz.government_terms else None
        if led is not None:
            return led
        kind = self.cues.affiliations.get(noun)
        if kind is None:
            return owner
        ctx = self.ctx
        for _, org in ctx.roles_of.get(owner, []):
            entity = ctx.index.entity(org)
            if entity is not None and entity.etype == kind:
                return org
        if kind == "Country":
            country = ctx.gaz.person_country.get(owner)
            if country is not None and country in ctx.gaz.entries:
                ctx.index.entities.setdefault(country, ctx.gaz.entries[country].entity())
                return country
        return owner

    def _country_led_by(self, person: str) -> str | None:
        for role, org in self.ctx.roles_of.get(person, []):
            if role in self.ctx.gaz.leader_roles and org:
                return org
        return None

    def plural_antecedent(self, tok: Token) -> list[str]:
        """"they": the plural subject of the speech verb above ("Both leaders told … they would"),
        else the latest coordinated actors ("Chile, Peru and Canada …")."""
        node = tok
        while node.head.i != node.i:
            node = node.head
            if node.pos_ == "VERB" and node.lemma_.lower() in self.cues.speech:
                for child in node.children:
                    if child.dep_ == "nsubj" and child.i != tok.i and child.lower_ not in PLURAL_PRONOUNS:
                        found = self.actors(child)
                        if len(found) > 1 or child.tag_ == "NNS":
                            return found
                break
        sents = [s for s in tok.doc.sents if s.end <= tok.sent.end][-3:]
        for sent in reversed(sents):
            for t in sent:
                if t.i >= tok.i or t.dep_ not in SUBJ or not t.conjuncts:
                    continue
                found = self.actors(t)
                if len(found) > 1:
                    return found
        return []

    def holder(self, trig: Token) -> tuple[list[str], Token | None, bool]:
        """(holders, subject token, negated_subject) for a trigger, climbing the clause."""
        cur = trig
        if trig.pos_ == "ADJ":      # "… would be unacceptable to Moscow": the one it is unacceptable to
            for prep in trig.children:
                if prep.dep_ == "prep" and prep.lower_ == "to":
                    owners = [k for o in prep.children if o.dep_ == "pobj" for k in self.actors(o)]
                    if owners:     # the clause's subject is what is unacceptable
                        subject = next((c for c in trig.head.children if c.dep_ in SUBJ), None) \
                            if trig.dep_ in ("acomp", "attr") else None
                        return owners, subject, False
        if trig.pos_ == "NOUN":
            for child in trig.children:
                if child.dep_ == "poss":
                    return self.actors(child), child, False
                if child.dep_ == "prep" and child.lower_ in ("from", "by"):
                    found = [k for t in child.subtree if (k := self.ctx.index.key_at(t.i))
                             and self.ctx.index.entities[k].etype in ACTOR_TYPES]
                    return list(dict.fromkeys(found)), child, False
                if child.dep_ == "prep" and child.lower_ == "of":   # "the opposition of Belgium to …"
                    owners = [k for o in child.children if o.dep_ == "pobj" for k in self.actors(o)]
                    if owners:
                        return owners, child, False
            head = trig.head
            if trig.dep_ == "conj" and head.dep_ == "dobj":     # "expressed dissatisfaction and firm opposition to"
                trig, head = head, head.head
            if trig.dep_ == "dobj" and head.lemma_.lower() in self.cues.light_verbs:
                cur = head        # "Brazil voiced support for …": the light verb's subject holds it
            else:
                return [], None, False
        for _ in range(8):
            for child in cur.children:
                if child.dep_ == "nsubjpass" and cur.i == trig.i:
                    continue      # "the quota can be guaranteed": the passive subject is the topic
                if child.dep_ in SUBJ and for_to_subject(child):
                    continue      # "calls for Chile to join the OECD": the caller's position, not Chile's
                if child.dep_ in SUBJ:
                    neg = child.lower_ in ("nobody",) or (child.lower_ == "one" and any(
                        c.lower_ == "no" for c in child.children))
                    holders = self.actors(child)
                    for other in cur.children:      # "Scholz, the SPD leader, and Lindner rejected": two subjects
                        if other.dep_ == child.dep_ and other.i > child.i:
                            holders = list(dict.fromkeys(holders + self.actors(other)))
                    for other in _as_did(cur):      # "Spain voted against, as did Italy": Italy too
                        holders = list(dict.fromkeys(holders + self.actors(other)))
                    if any(a.lower_ in self.cues.speaker_modals for a in cur.children if a.dep_ == "aux") \
                            or cur.lemma_.lower() in _NEEDS:
                        # "(X said) Ukraine must have / needs guarantees", "Lima could join the pact,
                        # according to X": what the subject must, needs to or could do is the
                        # speaker's position
                        holders = self.speaker_above(cur, trig) or holders
                    if not holders and (neg or child.lower_ in ("it", "this", "there") or child.pos_ in ("NOUN", "PROPN")):
                        holders = self.speaker_above(cur, trig)
                    return holders, child, neg
                if child.dep_ == "agent":
                    # "rejected by Peru and, according to officials, by Japan"
                    agents = [child, *(c for c in child.conjuncts if c.lower_ == "by")]
                    objs = [o for a in agents for o in a.children if o.dep_ == "pobj"]
                    if objs:
                        found = [k for o in objs for k in self.actors(o)]
                        return list(dict.fromkeys(found)), objs[0], False
            shared = shared_subject_clause(cur)
            if shared is not None:
                cur = shared      # "announced that Junts had tabled A, would vote against B and would not back C"
                continue
            if cur.dep_ in CLIMB and cur.head.i != cur.i:
                cur = cur.head
            else:
                break
        return self.speaker_above(cur, trig), None, False

    def for_leader(self, holders: list[str], trig: Token) -> list[str]:
        """'Duarte announced that Chile was dropping its bid': a leader announcing his
        country's position holds it himself."""
        speakers = self.speaker_above(trig, trig)
        if len(holders) != 1 or not speakers or speakers[0] in holders:
            return holders
        speaker = speakers[0]
        return [speaker] if self.leads(speaker, holders[0]) else holders

    def leads(self, person: str, state: str) -> bool:
        """Whether the document names ``person`` as the leader of ``state``."""
        return any(org == state and role in self.ctx.gaz.leader_roles
                   for role, org in self.ctx.roles_of.get(person, []))

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
                return [self._principal(key)] if key else self._statement_group(node)
        return self._attributed(node)

    def _statement_group(self, verb: Token) -> list[str]:
        """"the statement said", "the declaration says": whoever issued it together, named in the
        sentences before ("X, Y and Z said in a joint statement")."""
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.lemma_.lower() not in self.cues.statement_nouns or \
                any(c.dep_ == "poss" for c in subj.children):
            return []
        return self.mention_reader._group(self.sentence_index.get(verb.sent.start, -1))

    _VIEW_NOUNS = {"view", "opinion", "words", "eyes", "assessment", "judgment", "judgement", "telling"}

    def _attributed(self, root: Token) -> list[str]:
        """Who a clause is attributed to by a word on its main verb: a parenthetical speech verb
        ("India's purchases, Zelensky said, must stop"), "according to Macron", "in Zelensky's
        view" (a person or a country: "according to Reuters" is a source, not a position)."""
        from .quotes import speaker_of
        for c in root.children:
            if c.dep_ in ("parataxis", "ccomp") and c.pos_ == "VERB" and \
                    c.lemma_.lower() in self.cues.speech and any(s.dep_ == "nsubj" for s in c.children):
                key = speaker_of(self.ctx, c)
                if key:
                    return [self._principal(key)]
                group = self._statement_group(c)     # "Ukraine, the statement said, must have …"
                if group:
                    return group
            if c.dep_ != "prep":
                continue
            if c.lower_ == "according":
                to = next((t for t in c.children if t.lower_ == "to"), None)
                owners = [o for o in (to.children if to is not None else []) if o.dep_ == "pobj"]
            elif c.lower_ == "in":
                view = next((o for o in c.children if o.dep_ == "pobj" and o.lemma_.lower() in self._VIEW_NOUNS), None)
                owners = [p for p in (view.children if view is not None else []) if p.dep_ == "poss"]
            else:
                continue
            keys = [k for o in owners for k in self.actors(o)
                    if (e := self.ctx.index.entity(k)) is not None and e.etype in ("Person", "Country")]
            if keys:
                return [self._principal(k) for k in keys]
        return []

    def _principal(self, speaker: str) -> str:
        """A spokesperson's stated position is their principal's ("Chilean government spokesman
        Costa said Peru must …" is Chile's demand)."""
        for role, org in self.ctx.roles_of.get(speaker, []):
            if role in self.ctx.gaz.voice_roles and org:
                return org
        return speaker


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
                    self.ctx.index.entities[key].etype in ACTOR_TYPES else []
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


_PRO_VERBS = {"do", "have", "be"}


def _as_did(verb: Token) -> list[Token]:
    """The subjects of an "as did X" clause after ``verb``: they did the same ("voted against the
    bill, as did Italy and Spain")."""
    return [c for a in verb.children if a.dep_ == "advcl" and a.lemma_.lower() in _PRO_VERBS and a.i > verb.i
            and any(m.dep_ == "mark" and m.lower_ == "as" for m in a.children)
            and not any(o.dep_ in ("dobj", "attr", "acomp", "xcomp", "ccomp") for o in a.children)
            for c in a.children if c.dep_ in SUBJ]

