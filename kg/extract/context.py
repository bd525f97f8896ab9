"""What every relation extractor needs about one document: its parse, entities, dates,
and enough coreference to say who "he", "the Chilean president" or "La Moneda" is."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span as SpacySpan, Token

from ..facts import DateValue, Span
from ..gazetteer import Gazetteer
from ..nlp.dates import find_dates, is_relative
from ..resolve import EntityIndex
from ..sources import Document

PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers"}
GROUP_SIZES = {"both": 2, "two": 2, "three": 3}
# "the two countries", "both governments": states, not people; "the two sides", "both
# delegations" too (the organisations named around talks are mostly hosts, mediators, ministries)
_STATE_NOUNS = {"country", "nation", "state", "government", "capital", "neighbour", "neighbor", "side", "delegation"}
PLURAL_PRONOUNS = {"they", "them", "their"}


_PRONOUN_KIND = {"he": "he", "him": "he", "his": "he", "himself": "he",
                 "she": "she", "her": "she", "hers": "she", "herself": "she"}


@dataclass
class DocContext:
    document: Document
    doc: Doc
    gaz: Gazetteer
    index: EntityIndex
    domain: object = None       # kg.domain.Domain
    notes: list[str] = field(default_factory=list)
    roles_of: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)  # person -> [(role, org)]
    quote_regions: list[tuple[int, int, str | None]] = field(default_factory=list)  # (start, end, speaker) chars
    _pronoun_memo: dict[int, str | None] = field(default_factory=dict, repr=False)   # token -> person it stands for
    _pronoun_asked: str | None = field(default=None, repr=False)      # the kind of pronoun being resolved: "he" (he, his, him) or "she"
    _genders: dict[str, str] | None = field(default=None, repr=False)  # person -> "he" or "she", as the text refers to them
    _former_memo: dict[str, bool] = field(default_factory=dict, repr=False)   # person -> named only as former

    def __post_init__(self) -> None:
        if self.domain is None:
            from ..domain import load_domain
            self.domain = load_domain()
        self.cues = self.domain.cues
        anchor = self.document.date
        self.dates: list[tuple[SpacySpan, DateValue]] = find_dates(self.doc, anchor)
        if anchor is None:
            unresolved = [e for e in self.doc.ents if e.label_ == "DATE" and is_relative(e.text)]
            if unresolved:
                self.notes.append(
                    f"no article date: {len(unresolved)} relative date(s) left unresolved "
                    f"({', '.join(sorted({e.text for e in unresolved}))})")

    # --- spans --------------------------------------------------------------
    def span(self, start_char: int, end_char: int) -> Span:
        return Span(start_char, end_char, self.document.text[start_char:end_char])

    def tokens_span(self, tokens) -> Span:
        toks = sorted((t for t in tokens if not t.is_space), key=lambda t: t.i) or sorted(tokens, key=lambda t: t.i)
        return self.span(toks[0].idx, toks[-1].idx + len(toks[-1].text))

    def sentence_span(self, sent: SpacySpan) -> Span:
        return self.span(sent.start_char, sent.end_char)

    # --- dates --------------------------------------------------------------
    def date_for(self, sent: SpacySpan, near: Token | None = None) -> DateValue | None:
        """The date a sentence's fact holds at: a date expression in the sentence, else the article date."""
        in_sent = [(s, v) for s, v in self.dates if s.start >= sent.start and s.end <= sent.end]
        if in_sent:
            if near is not None:
                in_sent.sort(key=lambda sv: abs(sv[0].root.i - near.i))
            return in_sent[0][1]
        if self.document.date is not None:
            return DateValue(self.document.date.isoformat(), "day")
        return None

    # --- who is meant -------------------------------------------------------
    def entity_key(self, token: Token, *, want_person: bool = False) -> str | None:
        """The entity a token refers to: a mention, a pronoun, a description or a metonym."""
        key = self.index.key_at(token.i)
        if key is not None:
            return self._metonym(key, token) if not want_person else key
        low = token.lower_
        if low in PERSON_PRONOUNS:
            named = self._surname_like_pronoun(token)
            return named if named is not None else self.antecedent(token)
        if token.pos_ in ("NOUN", "PROPN"):
            return self.describe(token)
        return None

    def _surname_like_pronoun(self, token: Token) -> str | None:
        """"He" written with a capital inside a sentence ('"…," He said', 'Briefing the press, He
        described …') is the surname of a person the document names so (He Lifeng), not a pronoun."""
        if not token.text[:1].isupper() or token.i == token.sent.start or not any(
                t.is_alpha for t in token.doc[token.sent.start:token.i]):
            return None
        found = [k for k, e in self.index.entities.items() if e.etype == "Person" and token.text in e.label.split()]
        return found[0] if len(found) == 1 else None

    def _metonym(self, key: str, token: Token) -> str:
        entity = self.index.entities.get(key)
        if entity is not None and entity.etype in ("Place", "Organization"):
            from ..gazetteer import normalise_name
            surface = next((sp.text for sp, k in self.index.spans if sp.start <= token.i < sp.end), token.text)
            # "Brussels" is the EU where the document names the EU (ontology/organisation-metonyms.tsv),
            # else Belgium's capital for Belgium
            listed = self.gaz.mention_descriptions.get(surface.lower(), [])
            present = [q for q in listed if q in self.index.entities]
            if present:
                return present[0]
            target = self.gaz.metonyms.get(normalise_name(surface)) or self.gaz.metonyms.get(
                normalise_name(entity.label))
            if target and target in self.gaz.entries:
                self.index.entities.setdefault(target, self.gaz.entries[target].entity())
                return target
        return key

    def counted_group(self, token: Token) -> list[str]:
        """"both leaders", "the two presidents", "the three countries": the last two (three)
        people, or countries, named before; [] for any other noun, or when fewer were named."""
        if token.tag_ != "NNS":
            return []
        n = next((GROUP_SIZES[c.lower_] for c in token.children if c.lower_ in GROUP_SIZES), None)
        lemma = token.lemma_.lower()
        if n is None:
            return []
        if lemma in _STATE_NOUNS:
            kind = "Country"
        elif lemma in ("man", "woman") or lemma in self.gaz.roles or lemma in self.cues.person_nouns \
                or lemma in self.cues.group_nouns:
            kind = "Person"
        else:
            return []
        found: list[str] = []
        for span, key in reversed(self.index.spans):
            if span.start < token.i and self.index.entities[key].etype == kind and key not in found:
                found.append(key)
        if kind == "Person" and "leader" in lemma:    # "both leaders": people known to lead their country first
            leaders = [p for p in found if any(r in self.gaz.leader_roles for r, _ in self.roles_of.get(p, []))]
            found = leaders + [p for p in found if p not in leaders]
        elif kind == "Person" and self.gaz.roles.get(lemma):   # "the two presidents": holders of that title first
            title = self.gaz.roles[lemma]
            holding = [p for p in found if any(r == title for r, _ in self.roles_of.get(p, []))]
            found = holding + [p for p in found if p not in holding]
        return found[:n] if len(found) >= n else []

    def antecedent(self, token: Token) -> str | None:
        """Nearest preceding person, never the speaker of the quotation the pronoun stands in
        (a speaker says "I", not "he")."""
        speaker = self.speaker_in_quote(token.idx)
        self._pronoun_asked = _PRONOUN_KIND.get(token.lower_)
        bound = self._speech_subject(token)
        if bound is not None and bound != speaker:
            return bound            # "Lind … said he still backed …": he is the one who said it
        # the latest person who was the subject of a clause in this or the previous sentence
        # (the centre of attention), else simply the latest person named
        earlier = [(sp, k) for sp, k in reversed(self.index.spans)
                   if sp.start < token.i and token.i - sp.start <= 250
                   and self.index.entities[k].etype == "Person" and k != speaker and self._agrees(k)]
        previous_sent_start = next((s.start for s in token.doc.sents if s.end == token.sent.start), token.sent.start)
        # the subject of a main clause, nearest first: a person named, a pronoun standing for one
        # ("On Friday he told the radio … 'No,' he said"), a description of one ("the Chilean
        # prime minister")
        # "Lavrov told NBC that nothing was planned: …, he said": the one who spoke in this sentence
        found = self._who_spoke(token.doc[token.sent.start:token.i], token, speaker)
        if found is not None:
            return found
        for t in reversed(token.doc[previous_sent_start:token.i]):
            if t.dep_ not in ("nsubj", "nsubjpass") or not self._main_clause(t):
                continue
            found = self._person_subject(t, speaker)
            if found is not None:
                return found
        # else the one who spoke there: '"Let us first agree …," she told reporters', where the
        # parser makes the quotation the main clause
        found = self._who_spoke(token.doc[previous_sent_start:token.i], token, speaker)
        if found is not None:
            return found
        for span, key in earlier:
            if span.start < previous_sent_start:
                break
            root = span.root
            if root.dep_ in ("nsubj", "nsubjpass") or (root.dep_ == "appos" and root.head.dep_ == "nsubj"):
                return key
        # else the latest person named there who is not the object of a verb or a preposition
        # ("Trump, sitting beside Zelenskyy, said …; he said": the parse lost Trump's subject)
        for span, key in earlier:
            if span.start < previous_sent_start:
                break
            if span.root.dep_ not in ("pobj", "dobj", "dative"):
                return key
        return earlier[0][1] if earlier else None

    def _who_spoke(self, tokens, token: Token, speaker: str | None) -> str | None:
        """The person subject of a verb of saying among ``tokens``, nearest ``token`` first (not
        the subject of ``token``'s own verb)."""
        for t in reversed(tokens):
            if t.dep_ == "nsubj" and t.head.lemma_.lower() in self.cues.speech and t.head.i != token.head.i:
                found = self._person_subject(t, speaker)
                if found is not None:
                    return found
        return None

    @staticmethod
    def _main_clause(subject: Token) -> bool:
        verb = subject.head
        while verb.dep_ == "conj" and verb.head.i != verb.i:
            verb = verb.head
        return verb.dep_ == "ROOT"

    def _agrees(self, key: str) -> bool:
        """Whether the person can be the "he" or "she" being resolved: not one the text refers to
        by the other pronoun (see :meth:`_pronoun_genders`)."""
        if self._pronoun_asked is None:
            return True
        if self._genders is None:
            self._genders = self._pronoun_genders()
        return self._genders.get(key, self._pronoun_asked) == self._pronoun_asked

    def _pronoun_genders(self) -> dict[str, str]:
        """Which people the document calls "he" and which "she": in a sentence that names one
        person only, the subject pronouns after the name, when they are all of one kind
        ("Barnier said he …"), counted over the document."""
        named: dict[int, list[tuple]] = {}
        for span, key in self.index.spans:
            if self.index.entities[key].etype == "Person":
                named.setdefault(span.sent.start, []).append((span, key))
        votes: dict[str, int] = {}
        for found in named.values():
            if len({key for _, key in found}) != 1:
                continue
            span, key = found[0]
            sent = span.sent
            if any(t.ent_type_ == "PERSON" and self.index.key_at(t.i) != key for t in sent):
                continue       # someone the resolver left unnamed may be the one meant
            words = [t.lower_ for t in self.doc[span.end:sent.end]]
            he, she = words.count("he"), words.count("she")     # (a possessive may be someone else's)
            if he and not she:
                votes[key] = votes.get(key, 0) + 1
            elif she and not he:
                votes[key] = votes.get(key, 0) - 1
        return {key: "he" if v > 0 else "she" for key, v in votes.items() if v}

    def _person_subject(self, t: Token, speaker: str | None) -> str | None:
        key = self.index.key_at(t.i)
        if key is not None:
            return key if self.index.entities[key].etype == "Person" and key != speaker and self._agrees(key) else None
        if t.lower_ in ("he", "she"):
            if self._pronoun_asked is not None and t.lower_ != self._pronoun_asked:
                return None       # "she" does not go on from a "he"
            if t.i not in self._pronoun_memo:
                self._pronoun_memo[t.i] = None        # no cycle through the same pronoun
                self._pronoun_memo[t.i] = self.antecedent(t)
            found = self._pronoun_memo[t.i]
            return found if found != speaker else None
        if t.pos_ == "NOUN":
            # "Donald Trump's answer came the next morning, when he called …": the possessor
            # (not "Orbán's foreign minister, Péter Szijjártó": a title or a person is someone else)
            owner = next((c for c in t.children if c.dep_ == "poss" and c.lower_ not in PERSON_PRONOUNS), None)
            if t.lemma_.lower() in self.gaz.roles or t.lower_ in self.gaz.roles or \
                    t.lemma_.lower() in self.cues.person_nouns or any(c.dep_ == "appos" for c in t.children):
                owner = None
            key = self.index.key_at(owner.i) if owner is not None else None
            if key is not None and self.index.entities[key].etype == "Person":
                return key if key != speaker else None
        if t.pos_ == "NOUN" and any(c.lower_ in ("the", "this") for c in t.children):
            key = self.describe(t)
            entity = self.index.entity(key) if key else None
            return key if entity is not None and entity.etype == "Person" and key != speaker else None
        return None

    def _speech_subject(self, token: Token) -> str | None:
        """The person subject of the verb of saying whose reported clause holds ``token``."""
        if token.dep_ not in ("nsubj", "nsubjpass"):
            return None
        speech = self.cues.speech
        node = token.head
        while node.head.i != node.i and node.dep_ in ("ccomp", "conj", "xcomp", "advcl"):
            node = node.head
            if node.pos_ == "VERB" and node.lemma_.lower() in speech:
                for child in node.children:
                    if child.dep_ == "nsubj" and child.i != token.i:
                        key = self.index.key_at(child.i)
                        if key is None and child.lower_ not in PERSON_PRONOUNS:
                            key = self.describe(child) if child.pos_ == "NOUN" else None
                        entity = self.index.entity(key)
                        if entity is not None and entity.etype == "Person":
                            return key
                return None
        return None

    def describe(self, token: Token) -> str | None:
        """'the Chilean president', 'the WTO chief', 'La Moneda' -> an entity, via ontology/descriptions.tsv."""
        phrase = " ".join(t.lower_ for t in token.subtree if t.i <= token.i and t.dep_ != "punct")
        # "the head of the Polish government": the noun with its "of" phrase, first
        of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        whole = " ".join(t.lower_ for t in token.subtree if t.dep_ != "punct") if of is not None and \
            len(list(of.subtree)) <= 5 else None
        target = self.gaz.descriptions.get(whole) if whole else None
        if target:
            return self._resolve_description(target, token)
        for candidate in (phrase, "the " + phrase, "the " + phrase.split(" ", 1)[-1] if " " in phrase else phrase):
            target = self.gaz.descriptions.get(candidate)
            if target:
                return self._resolve_description(target, token)
            listed = self.gaz.mention_descriptions.get(candidate)
            if listed:      # "the bloc": the organisation of that description the document mentions
                present = [q for q in listed if q in self.index.entities]
                if present:
                    return present[0]
        words = phrase.split()
        if len(words) == 2 and words[0] in ("the", "this") and words[1] in self.gaz.government_terms:
            # "the administration", "the presidency": the country the document speaks of most
            # among those whose executive is called so
            counts: dict[str, int] = {}
            for span, key in self.index.spans:
                if key in self.gaz.government_terms[words[1]] and span.start < token.i + 200:
                    counts[key] = counts.get(key, 0) + 1
            if counts:
                return max(counts, key=lambda k: (counts[k], k))
        # "the President", "the envoy": the latest person known to hold that title
        definite = any(t.lower_ in ("the", "this", "that") for t in token.lefts)
        role = self.gaz.roles.get(token.lower_)
        if role and definite:
            return self._resolve_description(f"role:{role}@", token)
        # "the Conservative politician", "the 72-year-old": the person named in the last sentences
        if definite and (token.lemma_.lower() in self.cues.person_nouns or token.lower_.endswith("year-old")):
            if any(t.lemma_ == token.lemma_ and t.i < token.i and self.index.key_at(t.i) is None and
                   any(c.lower_ in ("a", "an", "one", "another") for c in t.children) for t in token.doc):
                return None        # "a senior politician … the politician said": someone unnamed
            return self._salient_person(token, 60)
        return None

    def _salient_person(self, token: Token, window: int) -> str | None:
        """The person the last sentences are about: the latest named as a subject within
        ``window`` tokens of the sentence's start, else the latest named."""
        earlier = [(sp, k) for sp, k in reversed(self.index.spans) if sp.start < token.i
                   and token.sent.start - sp.sent.start <= window and self.index.entities[k].etype == "Person"]
        subjects = [k for sp, k in earlier if sp.root.dep_ in ("nsubj", "nsubjpass") or (
            sp.root.dep_ == "appos" and sp.root.head.dep_ in ("nsubj", "nsubjpass"))]
        return subjects[0] if subjects else (earlier[0][1] if earlier else None)

    def speaker_in_quote(self, char: int) -> str | None:
        """Inside a direct quotation, "I"/"we" is its speaker."""
        for start, end, speaker in self.quote_regions:
            if start <= char < end:
                return speaker
        return None

    def in_quote(self, char: int) -> bool:
        return any(start <= char < end for start, end, _ in self.quote_regions)

    def _resolve_description(self, target: str, token: Token) -> str | None:
        if not target.startswith("role:"):
            return target if target in self.index.entities or target in self.gaz.entries else None
        role, _, org = target[5:].partition("@")
        # the person known to hold the role (in this org): the latest before, else the first after
        # (headlines name "the WTO leader" before the text names Okafor)
        before = [(sp, k) for sp, k in reversed(self.index.spans) if sp.start < token.i]
        after = [(sp, k) for sp, k in self.index.spans if sp.start > token.i]
        holders = [key for span, key in before + after
                   # "the minister" is whoever was named "Foreign Minister"
                   # (a title named with no organisation counts for the country the person serves)
                   if any((r == role or r.endswith(" " + role)) and (not org or o == org or (
                       not o and self.gaz.person_country.get(key) == org)) for r, o in self.roles_of.get(key, []))]
        # "the president" is the one in office, not "former president X" named since
        current = [k for k in holders if not self._named_former(k)]
        if current:
            return current[0]
        # only former holders named ("former president X"): the one meant is someone else
        if org and role in self.gaz.leader_roles:
            # "the American president": a person the document names who is known to serve that
            # country (ontology/person-countries.tsv), nearest before first, for the titles that
            # speak for a country (not "the Iranian foreign minister": any Iranian named is not he)
            # (nor one the document gives another title: "spokeswoman Maria Zakharova")
            serving = [k for _, k in before + after if self.gaz.person_country.get(k) == org
                       and not self.roles_of.get(k)]
            if serving:
                return serving[0]
        # nobody holds it explicitly: the person the previous sentences are about, unless known to
        # serve another country
        found = self._salient_person(token, 150)
        return None if org and found is not None and self.gaz.person_country.get(found, org) != org else found

    def _named_former(self, key: str) -> bool:
        """Every mention of the person with a title has "former" or "ex-" before it (memoised:
        the mentions are fixed once entities are resolved)."""
        if key in self._former_memo:
            return self._former_memo[key]
        doc, titled = self.doc, []
        for span, k in self.index.spans:
            if k != key:
                continue
            words = [t.lower_ for t in doc[max(0, span.start - 4):span.start]]
            if any(w in self.gaz.role_words for w in words):
                titled.append(any(w in ("former", "ex", "ex-") for w in words))
        self._former_memo[key] = bool(titled) and all(titled)
        return self._former_memo[key]

    def sentence_of(self, token: Token) -> SpacySpan:
        return token.sent
