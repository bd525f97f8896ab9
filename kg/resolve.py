"""Mentions -> canonical entities: one key per real-world entity, whatever the spelling.

Keys are deterministic (the Wikidata ID, or type + normalised full name), so documents
processed anywhere, in any order, agree on them without coordination.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.attrs import LOWER
from spacy.tokens import Doc, Span as SpacySpan, Token

from .facts import Entity, Mention, Span
from .gazetteer import Gazetteer, normalise_name, slugify

_NER_TYPE = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place", "FAC": "Place",
             "NORP": None}
_DROP_LEADING = {"the", "a", "an", "former", "retired", "late", "then", "ex", "acting", "new", "incoming",
                 "outgoing", "mr", "mr.", "ms", "ms.", "mrs", "mrs.", "dr", "dr.", "sir", "sheikh", "sheik",
                 "rep", "rep.", "sen", "sen.", "gen", "gen.", "prof", "prof.", "dame", "lord", "lady", "madam"}


@dataclass
class EntityIndex:
    """The entities of one document and where each is mentioned."""
    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    by_token: dict[int, str] = field(default_factory=dict)   # token index -> entity key
    spans: list[tuple[SpacySpan, str]] = field(default_factory=list)  # (spaCy span, key), in text order

    def key_at(self, token_i: int) -> str | None:
        return self.by_token.get(token_i)

    def entity(self, key: str | None) -> Entity | None:
        return self.entities.get(key) if key else None

    def add(self, span: SpacySpan, entity: Entity, mention: Span | None = None) -> None:
        """``span``'s tokens are the entity's; ``mention``, the characters that name it, when they
        are not the whole span ("/TASS/." names TASS)."""
        self.entities.setdefault(entity.key, entity)
        self.mentions.append(Mention(entity.key, mention or Span(span.start_char, span.end_char, span.text)))
        self.spans.append((span, entity.key))
        for tok in span:
            self.by_token[tok.i] = entity.key

    def country_mentions(self) -> dict[str, int]:
        """How often the document mentions each country, in the order first mentioned."""
        counts: dict[str, int] = {}
        for m in self.mentions:
            entity = self.entities.get(m.key)
            if entity is not None and entity.etype == "Country":
                counts[m.key] = counts.get(m.key, 0) + 1
        return counts

    def remove(self, span: SpacySpan, key: str) -> None:
        """Forget that ``span`` names ``key`` (its tokens, its mention), and the entity once no
        span names it any more."""
        self.spans.remove((span, key))
        self.mentions[:] = [m for m in self.mentions if not (m.key == key and span.start_char <= m.span.start < span.end_char)]
        for tok in span:
            if self.by_token.get(tok.i) == key:
                del self.by_token[tok.i]
        if not any(k == key for _, k in self.spans):
            self.entities.pop(key, None)

    def rekey(self, renamed: dict[str, Entity]) -> None:
        """Every mention of an entity in ``renamed`` (old key -> entity) becomes a mention of the new one."""
        self.spans[:] = [(sp, renamed[k].key if k in renamed else k) for sp, k in self.spans]
        self.by_token.update({i: renamed[k].key for i, k in self.by_token.items() if k in renamed})
        self.mentions[:] = [Mention(renamed[m.key].key, m.span) if m.key in renamed else m for m in self.mentions]
        for old, new in renamed.items():
            self.entities.pop(old, None)
            self.entities.setdefault(new.key, new)


def _core(span: SpacySpan, gaz: Gazetteer) -> SpacySpan | None:
    """The name inside a mention: without determiners, titles and possessive endings."""
    start, end = span.start, span.end
    doc = span.doc
    for tok in span:   # "the Council - ed": an editorial aside after a spaced dash is not part of the name
        if tok.i > start and (tok.text in ("-", "–", "—") and doc[tok.i - 1].whitespace_ or tok.text == "("):
            if tok.text != "(" and not any(t.is_alpha for t in doc[start:tok.i]):
                start = tok.i + 1     # "09:30 - Özgür Özel": a live blog's time stamp before the name
                continue
            end = tok.i    # "Office of Foreign Assets Control (OFAC": the bracketed short name neither
            break
    if span.label_ in ("GPE", "LOC", "FAC"):
        # "Yunnan province", "the Kursk region": a place's name is its capitalised words
        while end - 1 > start and doc[end - 1].is_lower and doc[end - 1].is_alpha:
            end -= 1
    while end > start and doc[end - 1].text in ("'s", "’s", "'", "’", "-", "–", ".", ","):
        end -= 1
    while start < end and (doc[start].lower_ in _DROP_LEADING or doc[start].lower_ in gaz.roles
                           or doc[start].lower_ in gaz.by_adjective):
        if span.label_ != "PERSON" and doc[start].lower_ not in ("the", "a", "an"):
            break
        start += 1
    if span.label_ == "PERSON":
        # "Valparaíso MP Ana Duarte", "Party Leader Rui Costa": the name after the title; "[General]
        # Secretary Shankar Pokharel": the end of a title that starts before the mention
        titles = [t.i for t in doc[start:end - 1] if (t.lower_ in gaz.roles or _title_ends_at(doc, t.i, gaz))
                  and t.i + 1 < end]
        if titles and end - (titles[-1] + 1) >= 2:
            start = titles[-1] + 1
    if start >= end:
        return None
    return doc[start:end]


def _person_after_title(span: SpacySpan, gaz: Gazetteer, not_names=frozenset()) -> SpacySpan | None:
    """The person's name closing a mention the tagger took for an organisation: two or three
    capitalised words after a title, inside the mention ("Head of the Office of the President
    Kyrylo Budanov", "Assembly Speaker Woo Won-shik") or right before it ("Ministry of External
    Affairs spokesperson Randhir Jaiswal"); never words that name an organisation."""
    doc = span.doc
    titles = [t.i for t in span if t.lower_ in gaz.roles]
    if titles:
        name = doc[titles[-1] + 1:span.end]
    elif len(span) == 1 and span.end < len(doc) and span[0].dep_ == "compound" and span[0].head.i == span.end \
            and doc[span.end].pos_ == "PROPN" and doc[span.end].ent_iob_ == "O" and doc[span.end].is_alpha \
            and doc[span.end].text[:1].isupper() and doc[span.end].dep_ in ("nsubj", "nsubjpass", "appos", "dobj", "pobj") \
            and doc[span.end].lower_ not in not_names and doc[span.end].lower_ not in gaz.roles \
            and not acronym_like(span.text):
        # "Jordan Bardella, the RN's president, said": a given name that is a place's, then the surname
        name = doc[span.start:span.end + 1]
        return name if gaz.lookup(name.text) is None and gaz.lookup(doc[span.end].text) is None else None
    elif span.start > 0 and doc[span.start - 1].lower_ in gaz.roles:
        end = span.end       # "whose leader Santiago Abascal": the tagger took the first name for a city
        while end < len(doc) and end - span.start < 3 and doc[end].pos_ == "PROPN" and doc[end].ent_iob_ == "O" \
                and doc[end].text[:1].isupper() and doc[end].is_alpha:
            end += 1
        name = doc[span.start:end]
    else:
        return None
    while len(name) and name[-1].text in ("'s", "’s", ",", "."):
        name = doc[name.start:name.end - 1]
    # "Woo Won-shik": the piece after a hyphen may be lower case
    words = [t for t in name if t.text not in ("-", "‑") and not (t.i > 0 and doc[t.i - 1].text in ("-", "‑"))]
    if not 2 <= len(words) <= 3 or not all(t.text[:1].isupper() and t.is_alpha for t in words) \
            or not any(t.pos_ == "PROPN" for t in words) or any(t.lower_ in not_names for t in name):
        return None
    # a given name may be a place's ("Santiago Abascal"), the rest of the name not
    if any(t.lower_ in gaz.roles for t in name) or any(gaz.lookup(t.text) is not None for t in words[1:]) \
            or gaz.lookup(name.text) is not None:
        return None
    return name


def _plausible_name(span: SpacySpan, gaz: Gazetteer, common: set[str],
                    body_words: set[str] | frozenset = frozenset()) -> bool:
    """A name has a capital letter and is not a title or a common noun on its own ("Commerce"
    in "Commerce Minister X", "Council" opening a sentence, "Trade" in a headline)."""
    text = span.text
    if len(text) < 2 or not any(c.isupper() for c in text) or not any(c.isalpha() for c in text):
        return False
    low = text.lower()
    if low in gaz.roles:
        return False
    words = low.split()
    if all(w in common or w in gaz.roles for w in words):
        return False
    # a capitalised word right before a title is part of the title ("Commerce Minister", "Trade Secretary")
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    if len(words) == 1 and nxt is not None and (nxt.lower_ in gaz.roles or nxt.lower_ in _TITLE_HEADS) \
            and not acronym_like(text) and (  # "SPD leader X": a party's short name, not a title word
                f"{low} {nxt.lower_}" in gaz.roles or low in gaz.title_openers):
        return False       # ... and "Hezbollah leader X" is the organisation's name: no title starts so
    if len(words) > 1 and nxt is not None and words[-1] not in body_words:
        # "(Russian) Presidential Press" in "Russian Presidential Press Secretary X": a title, after
        # nothing but a country's adjective
        for j in range(len(words) - 1):
            if all(w in gaz.by_adjective for w in words[:j]) and f"{' '.join(words[j:])} {nxt.lower_}" in gaz.roles:
                return False
    return True


_TITLE_HEADS = {"minister", "secretary", "ministry", "spokesman", "spokeswoman", "spokesperson", "commissioner",
                "representative", "adviser", "advisor", "chief", "envoy", "official", "officials", "department"}


def _organisation_names(doc: Doc, ents, org_heads: set[str], postings: set[str] | frozenset = frozenset()) -> list:
    """A place inside an organisation's name is not the place: "University of Chicago", "Bank
    of England", "London School of Economics" are organisations (``org_heads``: the domain's
    ``org_head`` cues). The place mention is replaced by the whole name, tagged ORG."""
    if not org_heads:
        return list(ents)
    out, named, taken = [], [], set()
    for ent in ents:
        if ent.label_ not in ("GPE", "LOC", "FAC", "NORP"):
            out.append(ent)
            continue
        start, end = ent.start, ent.end
        # "the Russian Embassy in Stockholm", "China's Mission to the EU": a posting's place is in its name
        k = start - 1
        if k >= 1 and doc[k].lower_ == "the" and doc[k - 1].lower_ in ("in", "to"):
            k -= 1
        if k >= 1 and doc[k].lower_ in ("in", "to") and doc[k - 1].lower_ in postings \
                and doc[k - 1].text[:1].isupper():
            start = k - 1
            while start > 0 and doc[start - 1].text[:1].isupper() and doc[start - 1].pos_ in ("PROPN", "ADJ", "NOUN") \
                    and not doc[start - 1].is_sent_start and doc[start - 1].ent_type_ in ("", "ORG", "NORP"):
                start -= 1
            named.append(SpacySpan(doc, start, end, label="ORG"))
            taken.update(range(start, end))
            continue
        # "University of Chicago": capitalised words ending in an organisation head, then "of"
        if start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in org_heads \
                and doc[start - 2].text[:1].isupper():
            start -= 2
            while start > 0 and doc[start - 1].text[:1].isupper() and doc[start - 1].pos_ in ("PROPN", "ADJ", "NOUN") \
                    and not doc[start - 1].is_sent_start and doc[start - 1].ent_type_ in ("", "ORG"):
                start -= 1
        # "London School of Economics": the place, then capitalised words with an organisation head
        j = end
        while j < len(doc) and (doc[j].text[:1].isupper() or (doc[j].lower_ == "of" and j + 1 < len(doc)
                                                               and doc[j + 1].text[:1].isupper())):
            j += 1
        if j > end and any(t.lower_ in org_heads for t in doc[end:j]):
            end = j
        if (start, end) == (ent.start, ent.end):
            out.append(ent)
            continue
        named.append(SpacySpan(doc, start, end, label="ORG"))
        taken.update(range(start, end))
    # other mentions inside an organisation's name go ("University of" tagged apart)
    kept = [e for e in out if not any(i in taken for i in range(e.start, e.end))]
    return sorted(kept + named, key=lambda e: e.start)


def resolve_entities(doc: Doc, gaz: Gazetteer, common: set[str] | frozenset = frozenset(),
                     org_heads: set[str] | frozenset = frozenset(),
                     speech: set[str] | frozenset = frozenset(),
                     credits: set[str] | frozenset = frozenset(),
                     region_nouns: set[str] | frozenset = frozenset(),
                     instruments: set[str] | frozenset = frozenset(),
                     institutions: set[str] | frozenset = frozenset(),
                     platforms: set[str] | frozenset = frozenset(),
                     org_nouns: set[str] | frozenset = frozenset(), *, cues=None) -> EntityIndex:
    """Resolve every named-entity mention in ``doc`` to a canonical entity key (``common``: words
    that are never a name on their own, the domain's ``not_a_name`` cues; ``org_heads``: words
    that make a place inside a name an organisation's name; ``speech``: lemmas of speech verbs,
    whose proper-noun subjects are people even where the tagger missed the name; ``credits``:
    how a line of credits opens, "reporting by", whose names are the newsroom's, not the news';
    ``region_nouns``: "region", "province", "oblast": a name modifying one is that region;
    ``instruments``: "Act", "Accords", "Directive": a name ending in one is a law, an agreement or
    a document, which the text names but which is no actor, place or organisation; ``institutions``:
    "senate", "constitutional court": a country's own institution, named "<it> of <country>";
    ``platforms``: "telegram", "x": after "on" or "via", the channel of a statement, no entity).
    ``cues`` (a ``kg.lexicon.Cues``) gives all of these at once, and the words only it carries:
    postings ("the Embassy in X"), the last words of bodies' names, regional titles."""
    postings: set[str] | frozenset = frozenset()
    body_words: set[str] | frozenset = frozenset()
    regional_titles: set[str] | frozenset = frozenset()
    if cues is not None:
        common, org_heads, speech, credits = cues.not_names, cues.org_heads, cues.speech, cues.credits
        region_nouns, instruments, institutions = cues.region_nouns, cues.instruments, cues.national_institutions
        platforms, org_nouns = cues.platforms, cues.org_nouns
        postings, body_words, regional_titles = cues.postings, cues.body_words, cues.regional_titles
    index = EntityIndex()
    pending: list[tuple[SpacySpan, str, str]] = []   # unresolved (core span, type, text)
    countries = _countries_named(doc, gaz)
    party_nouns: list[tuple[SpacySpan, str]] = []
    skip = credit_tokens(doc, credits)
    for span in datelines(doc):
        entry = gaz.lookup(span.text)
        if entry is not None and entry.etype not in ("Place", "Country"):
            continue
        if entry is not None:
            index.add(span, entry.entity())
        else:
            pending.append((span, "Place", span.text.title()))
        skip.update(range(span.start, span.end))
    ents = [e for e in doc.ents if not skip.intersection(range(e.start, e.end))]
    for ent in _organisation_names(doc, _joined_names(doc, ents, gaz), org_heads, postings):
        if ent.label_ not in _NER_TYPE:
            continue
        regional = _regional(ent, gaz, region_nouns)
        if regional is not None:     # "the Donetsk, Luhansk and Kherson regions": each a region
            index.add(ent, regional.entity())
            continue
        person = _person_after_title(ent, gaz, org_heads | common) if ent.label_ in ("ORG", "FAC", "GPE") else None
        if person is not None:      # "Office of the President Kyrylo Budanov" tagged as one organisation
            pending.append((person, "Person", person.text))
            continue
        # (a span joined from two holds words outside the gazetteer match: "the Supreme" + "National
        # Security Council" is not the gazetteer's National Security Council, "Juan Carlos Portugal" is
        # no country; an honorific before a known name is still that name: "Sayyid Badr … Al Busaidi")
        alpha = [t for t in ent if t.is_alpha and t.lower_ != "the"]
        unmatched = [t for t in alpha if not t.ent_id_]
        if ent.ent_id_ and ent.ent_id_ in gaz.entries and (
                not unmatched if ent.label_ == "ORG" else len(unmatched) * 2 < len(alpha)):
            owner = _other_countrys(doc, ent, gaz.entries[ent.ent_id_], gaz)
            if owner is None and _elsewhere(gaz.entries[ent.ent_id_], ent.text, gaz, countries):
                pending.append((ent, "Organization", ent.text))
                continue
            if owner is not None:     # "the German Foreign Office" is not the British one
                possessive = doc[ent.start - 1].text in ("'s", "’s")
                named = doc[ent.start - (2 if possessive else 1):ent.end]
                # "Peru's Congress" is the Congress of Peru, named so
                text = f"{_core(ent, gaz).text} of {gaz.entries[owner].label}" if possessive else named.text
                pending.append((named, "Organization", text))
                continue
            index.add(ent, gaz.entries[ent.ent_id_].entity())
            continue
        core = _core(ent, gaz)
        if core is None:
            continue
        text = core.text
        adjective = gaz.by_adjective.get(text.lower())
        if adjective:     # "Chilean" tagged NORP or GPE: a mention of the country
            index.add(core, gaz.entries[adjective].entity())
            continue
        if ent.label_ in ("NORP", "ORG") and _party_plural(text, gaz):
            party_nouns.append((core, ent.label_))   # "the Greens", "Democrats": decided once the countries are known
            continue
        if ent.label_ == "NORP":
            continue
        entry = gaz.lookup(text)
        if entry is None and ent.label_ == "PERSON":
            entry = gaz.person_variant(text)    # "Sadyr Japarov" is the gazetteer's Sadyr Zhaparov
        if entry is not None and _elsewhere(entry, text, gaz, countries):
            pending.append((core, "Organization", text))
            continue
        if entry is not None:
            index.add(core, entry.entity())
            continue
        description = gaz.descriptions.get(("the " + text).lower()) or gaz.descriptions.get(text.lower())
        if description and not description.startswith("role:") and description in gaz.entries:
            pending.append((core, "description", description))
            continue
        if not _plausible_name(core, gaz, common, body_words):
            continue
        etype = _NER_TYPE[ent.label_]
        if etype == "Person" and _names_whose_title(doc, core.end, gaz):
            # "Saskatchewan Premier Scott Moe", "Golkar chairman X": the name before a title
            # and a person is whose title it is, a place or a body
            etype = "Place" if doc[core.end].lower_ in regional_titles else "Organization"
        if etype == "Person" and len(core) == 1 and core.start >= 2 and doc[core.start - 1].lower_ == "of" \
                and _title_ends_at(doc, core.start - 2, gaz):
            etype = "Organization"     # "André Ventura, the leader of Chega": one leads a body, not a person
        if etype == "Organization" and _named_in_apposition_to_title(core, gaz):
            etype = "Person"           # "Ukraine's ambassador to Germany, Oleksii Makeiev, …", tagged ORG
        before = doc[core.start - 1] if core.start > 0 else None
        if etype == "Person" and before is not None and before.lower_ in org_nouns and before.is_lower:
            etype = "Organization"     # "the opposition party Chadema", "the militant group X": named as one
        pending.append((core, etype, text))

    # (a name the tagger took for a title of a work, "María Corina Machado", is free for the speaker pass)
    taken = {t.i for sp, _ in index.spans for t in sp} | {t.i for sp, _, _ in pending for t in sp} | \
        {t.i for ent in doc.ents if ent.label_ != "WORK_OF_ART" for t in ent} | skip
    for tok in doc:
        if tok.i in taken:
            continue
        word = doc[tok.i:tok.i + 1]
        regional = _regional(word, gaz, region_nouns) if tok.pos_ == "PROPN" else None
        if regional is not None:     # an untagged name in a list of regions: "the Donetsk, Luhansk … regions"
            index.add(word, regional.entity())
            taken.add(tok.i)
        elif acronym_like(tok.text) and _title_starts_at(doc, tok.i + 1, gaz) \
                and tok.lower_ not in gaz.roles and gaz.lookup(tok.text) is None:
            # "AfD co-leader Alice Weidel", "SPD general secretary": a party's short name the tagger missed
            pending.append((word, "Organization", tok.text))
            taken.add(tok.i)
    for name in _untagged_speakers(doc, gaz, common, speech, taken):
        # "The Russian Embassy in Stockholm wrote": a name ending in an organisation's head word
        pending.append((name, "Organization" if name[-1].lower_ in org_heads else "Person", name.text))
    # "Samia Suluhu [Hassan]": a family name the gazetteer's label leaves out, tagged on its own
    # right after the known name, is part of that name (and names the person alone later)
    known_end = {sp.end: (sp, key) for sp, key in index.spans if index.entities[key].etype == "Person"}
    extra_surnames: dict[str, str] = {}
    kept = []
    for item in pending:
        span, etype, text = item
        hit = known_end.get(span.start)
        if hit is not None and etype == "Person" and len(span) == 1 and span[0].is_title and span[0].pos_ == "PROPN":
            known, key = hit
            entity = index.entities[key]
            index.remove(known, key)
            index.add(doc[known.start:span.end], entity)
            extra_surnames[normalise_name(text)] = key
            continue
        kept.append(item)
    pending[:] = kept
    # Surnames and short forms: "Lind" is "Tomas Lind" when the document names him in full.
    people = dict(extra_surnames)
    for span, key in index.spans:
        entity = index.entities[key]
        if entity.etype == "Person":
            people.setdefault(_surname(normalise_name(entity.label)), key)
            for alias_tok in normalise_name(span.text).split()[-1:]:
                people.setdefault(alias_tok, key)
    full_names = [p for p in pending if p[1] == "Person" and len(p[2].split()) > 1]
    for span, _, text in full_names:
        people.setdefault(_surname(normalise_name(text)), "person/" + slugify(text))
    # surname-first names ("Wang Wentao" ... "Wang said"): the first word too, where free
    for span, key in list(index.spans):
        if index.entities[key].etype == "Person" and len(normalise_name(index.entities[key].label).split()) > 1:
            people.setdefault(normalise_name(index.entities[key].label).split()[0], key)
    for span, _, text in full_names:
        people.setdefault(normalise_name(text).split()[0], "person/" + slugify(text))
    # a middle word of a longer name ("Tchiroma" for "Issa Tchiroma Bakary", "Lula" for "Luiz
    # Inacio Lula da Silva"), last of all and where free
    middles = [(index.entities[key].label, key) for _, key in index.spans if index.entities[key].etype == "Person"]
    middles += [(text, "person/" + slugify(text)) for _, _, text in full_names]
    for label, key in middles:
        for word in normalise_name(label).split()[1:-1]:
            if len(word) >= 4 and word not in common:
                people.setdefault(word, key)
    # multi-word surnames ("Cortez Masto", "al-Sharaa") after the full name: the words it ends with
    full_people = [(normalise_name(index.entities[key].label).split(), key) for _, key in index.spans
                   if index.entities[key].etype == "Person"]
    full_people += [(normalise_name(text).split(), "person/" + slugify(text)) for _, _, text in full_names]
    present = set(index.entities)
    for span, etype, text in pending:
        if etype == "description":
            if text in present:
                index.add(span, gaz.entries[text].entity())
            continue
        name = normalise_name(text)
        words = name.split()
        longer = {key for full, key in full_people if len(full) > len(words) > 1 and full[-len(words):] == words}
        if etype in ("Person", "Organization", "Place") and len(longer) == 1:
            key = longer.pop()
            full = next(t for _, _, t in full_names if "person/" + slugify(t) == key) \
                if key not in index.entities else None
            index.add(span, index.entities.get(key) or Entity(key, full or text, "Person"))
            continue
        if etype == "Person" and len(name.split()) == 1 and name in people:
            key = people[name]
            entity = index.entities.get(key) or Entity(key, _title(text, full_names, name), "Person")
            index.add(span, entity)
            continue
        if etype in ("Organization", "Place") and name in people and len(name.split()) == 1:
            # "Lind" or "Wang" mis-tagged as an organisation or a place after the full name
            key = people[name]
            index.add(span, index.entities.get(key) or Entity(key, _title(text, full_names, name), "Person"))
            continue
        if words and words[-1] in instruments and len(words) > 1:
            continue      # "the Paris Agreement", "the Washington Accords", "the Trade Act": no actor
        before = span.start - 1
        while before > 0 and doc[before].lower_ in ("his", "her", "its", "their", "the"):
            before -= 1   # "wrote on his Truth Social platform"
        if name in platforms and before >= 0 and doc[before].lower_ in ("on", "via"):
            continue      # "wrote on Telegram", "said on X": the channel of a statement, not an actor
        key = f"{etype.lower()}/{slugify(text)}"
        index.add(span, Entity(key, text, etype))
    # a surname the tagger missed ("Han told reporters") after the full name: the same person
    for tok in doc:
        key = people.get(tok.lower_)
        if key is None or tok.i in index.by_token or tok.i in skip or not tok.text[:1].isupper() \
                or tok.lower_ in gaz.roles or tok.lower_ in common:
            continue
        # "Sacks acknowledged as much": a surname the tagger took for a plural noun, when it has no
        # determiner and is capitalised mid-sentence or the subject of its clause
        if tok.pos_ != "PROPN" and not (tok.pos_ == "NOUN" and not any(c.dep_ == "det" for c in tok.children)
                                        and (not tok.is_sent_start or tok.dep_ in ("nsubj", "nsubjpass"))):
            continue
        if tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN":
            continue          # part of a longer name
        entity = index.entities.get(key)
        if entity is not None and entity.etype == "Person" and len(entity.label.split()) > 1 \
                and tok.ent_type_ in ("", "PERSON", "ORG", "NORP", "LAW", "WORK_OF_ART", "PRODUCT", "EVENT"):
            # (a surname the tagger took for a law or a title: «…», Seguro told supporters)
            index.add(doc[tok.i:tok.i + 1], entity)
    _party_members(index, gaz, party_nouns)
    _short_organisation_names(doc, index, gaz, common, countries)
    _ministries(doc, index, gaz)
    _national_institutions(doc, index, gaz, institutions)
    _acronyms(doc, index, instruments, gaz)
    _slashed_agencies(doc, index, gaz)
    _short_forms_of_others(index, gaz)
    _countries_inside_names(index, gaz)
    index.spans.sort(key=lambda pair: pair[0].start)
    index.mentions.sort(key=lambda m: m.span.start)
    return index


_THE_COUNTRY = re.compile(r"^(United|Czech|Dominican|Central African|Democratic|Republic|Gambia)\b|(s|Islands|Emirates)$")


def _country_named_at(doc: Doc, i: int, index: EntityIndex, gaz: Gazetteer) -> str | None:
    """The country that token ``i`` names: its adjective ("Chinese"), its name ("China's", "UAE"),
    or its capital ("Beijing's")."""
    if not 0 <= i < len(doc):
        return None
    country = gaz.by_adjective.get(doc[i].lower_)
    if country is None:
        key = index.key_at(i)
        entity = index.entities.get(key) if key else None
        if entity is not None and entity.etype == "Country":
            country = key
        elif entity is not None and entity.etype == "Place":
            country = gaz.metonyms.get(normalise_name(entity.label))
    if country is None and doc[i].text[:1].isupper():      # "UAE" inside a name the tagger made
        found = gaz.lookup(doc[i].text)
        country = found.key if found is not None else None
    entry = gaz.entries.get(country) if country else None
    return country if entry is not None and entry.etype == "Country" else None


def _ministries(doc: Doc, index: EntityIndex, gaz: Gazetteer) -> None:
    """"China's foreign ministry", "the Chinese Foreign Ministry", "Qatar's Ministry of Foreign
    Affairs", "the foreign ministry of Iran": one organisation, named the same way in every document
    ("Ministry of Foreign Affairs of China"), so its statements, spokespeople and stances meet in the
    graph; "the Ministry of Commerce" after "China's Ministry of Commerce" is the same one. The
    country's own words stay a mention of the country."""
    if not gaz.portfolios:
        return
    found: list[tuple[int, int, str, str | None, int]] = []    # start, end, portfolio, country, country token
    for tok in doc:
        if tok.lower_ != "ministry":
            continue
        start, end, portfolio = tok.i, tok.i + 1, None
        for width in (2, 1):          # "foreign affairs ministry", "foreign ministry"
            words = " ".join(t.lower_ for t in doc[max(0, tok.i - width):tok.i])
            if tok.i - width >= 0 and words in gaz.portfolios:
                start, portfolio = tok.i - width, gaz.portfolios[words]
                break
        if portfolio is None and tok.i + 2 < len(doc) and doc[tok.i + 1].lower_ == "of":
            for width in (2, 1):      # "Ministry of Foreign Affairs"
                words = " ".join(t.lower_ for t in doc[tok.i + 2:tok.i + 2 + width])
                if tok.i + 2 + width <= len(doc) and words in gaz.portfolios:
                    end, portfolio = tok.i + 2 + width, gaz.portfolios[words]
                    break
        if portfolio is None:
            continue
        before = start - 1
        if before >= 0 and doc[before].text in ("'s", "’s", "'", "’"):
            before -= 1
        country = _country_named_at(doc, before, index, gaz)
        if country is None and end + 1 < len(doc) and doc[end].lower_ == "of":
            after = end + 2 if doc[end + 1].lower_ == "the" else end + 1
            country = _country_named_at(doc, after, index, gaz)
        found.append((start, end, portfolio, country, before))
    named = {}
    for _, _, portfolio, country, _ in found:
        if country is not None:
            named.setdefault(portfolio, set()).add(country)
    for start, end, portfolio, country, before in found:
        if country is None:
            owners = named.get(portfolio, set())
            if len(owners) == 1:
                country, before = next(iter(owners)), -1
            elif not owners and end < len(doc) and doc[end].lower_ in gaz.roles:
                # "… China's sovereignty," Foreign Ministry spokesperson Lin Jian said: a title of
                # the ministry with no country is the ministry of the country just named
                # (the country of the person the title names comes first: "… with Washington.
                # At her briefing, foreign ministry spokeswoman Maria Zakharova said …")
                person = next((k for i in range(end + 1, min(end + 4, len(doc)))
                               if (k := index.key_at(i)) is not None), None)
                country = gaz.person_country.get(person) or _country_just_named(doc, start, index, gaz)
                before = -1
            if country is None:
                continue          # "the foreign ministry" of which country, the text does not say
        name = gaz.entries[country].label
        label = f"Ministry of {portfolio} of {'the ' if _THE_COUNTRY.search(name) else ''}{name}"
        # the mention replaces what the tagger made of these words ("Chinese Foreign Ministry", "Ministry")
        for sp, k in [(sp, k) for sp, k in index.spans if sp.start < end and start < sp.end
                      and index.entities[k].etype not in ("Country", "Person")]:
            index.remove(sp, k)
            if before >= 0 and sp.start <= before < sp.end and index.key_at(before) is None:
                index.add(doc[before:before + 1], gaz.entries[country].entity())   # "Chinese": the country
        index.add(doc[start:end], Entity(f"organization/{slugify(label)}", label, "Organization"))


def _country_just_named(doc: Doc, start: int, index: EntityIndex, gaz: Gazetteer) -> str | None:
    """The country named last before token ``start``, in its sentence or the one before: by its
    name, its adjective or its capital ("at the regular briefing in Beijing")."""
    sent = doc[start].sent
    floor = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    for i in range(start - 1, floor - 1, -1):
        country = _country_named_at(doc, i, index, gaz)
        if country is not None:
            return country
    return None


def _main_country(index: EntityIndex) -> str | None:
    """The country the document speaks of most (at least three times, and twice as often as any other)."""
    ranked = sorted(index.country_mentions().items(), key=lambda kv: (-kv[1], kv[0]))
    # (a clear lead: a story on Korea names the United States often too)
    if not ranked or ranked[0][1] < 3 or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
        return None
    return ranked[0][0]


def _national_institutions(doc: Doc, index: EntityIndex, gaz: Gazetteer, institutions) -> None:
    """"the Cambodian Senate", "Thailand's Constitutional Court", "the Election Commission" in a
    story on Thailand: a country's own institution, named as its country's ("Senate of Cambodia",
    "Constitutional Court of Thailand") so that documents agree on it. The country is the one its
    adjective, possessive or "of" names, else the one the document speaks of most; an institution
    the gazetteer knows keeps its entry."""
    if not institutions:
        return
    main = _main_country(index)
    renamed: dict[str, Entity] = {}
    for span, key in list(index.spans):
        entity = index.entities.get(key)
        if entity is None or entity.etype != "Organization" or entity.wikidata or key in renamed:
            continue
        words = entity.label.split()
        if words and words[0].lower() == "the":
            words = words[1:]
        country = gaz.by_adjective.get(words[0].lower()) if len(words) > 1 else None
        name = words[1:] if country else words
        if " ".join(name).lower() not in institutions:
            continue
        if country is None:
            before = span.start - 1
            if before >= 0 and doc[before].text in ("'s", "’s"):
                country = _country_named_at(doc, before - 1, index, gaz)
            if country is None and span.end + 1 < len(doc) and doc[span.end].lower_ == "of":
                country = _country_named_at(doc, span.end + 1, index, gaz)
            country = country or main
        if country is None or gaz.entries[country].etype != "Country":
            continue
        place = gaz.entries[country].label
        label = f"{' '.join(name)} of {'the ' if _THE_COUNTRY.search(place) else ''}{place}"
        renamed[key] = Entity(f"organization/{slugify(label)}", label, "Organization")
    index.rekey(renamed)


def _short_organisation_names(doc: Doc, index: EntityIndex, gaz: Gazetteer, common, countries: set[str]) -> None:
    """"Acme" after "Acme Industries": an organisation named by the first word of its
    full name, when no other entity shares that word and the word is a name (not a country's
    adjective, a title or a common word)."""
    firsts: dict[str, set[str]] = {}
    for span, key in index.spans:
        entity = index.entities[key]
        words = normalise_name(entity.label).split()
        if len(words) > 1:
            firsts.setdefault(words[0], set()).add(key if entity.etype == "Organization" else "")
    for tok in doc:
        keys = firsts.get(tok.lower_)
        if not keys or len(keys) != 1 or "" in keys or tok.pos_ != "PROPN" or not tok.text[:1].isupper() \
                or len(tok.text) < 4 or tok.lower_ in gaz.by_adjective or tok.lower_ in gaz.roles \
                or tok.lower_ in common or _gazetteer_name(tok.text, gaz, countries):
            continue
        if tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN":
            continue          # part of a longer name
        key = next(iter(keys))
        current = index.key_at(tok.i)
        if current == key:
            continue
        if current is not None:
            entity = index.entities[current]
            if len(entity.label.split()) > 1 or entity.wikidata:
                continue      # a name of its own
            for sp, k in [(sp, k) for sp, k in index.spans if sp.start <= tok.i < sp.end]:
                index.remove(sp, k)
        index.add(doc[tok.i:tok.i + 1], index.entities[key])


def _regional(ent: SpacySpan, gaz: Gazetteer, region_nouns: set[str] | frozenset):
    """A name that modifies a region noun, alone or in a list ("the Kherson region", "the
    Donetsk, Luhansk, Kherson and Zaporizhzhia regions"), is that region when the gazetteer
    knows "<name> region" (the tagger takes such names for people or organisations)."""
    node = ent.root
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
    head = node.head
    if node.dep_ not in ("compound", "nmod", "amod") or head.lemma_.lower() not in region_nouns:
        return None
    entry = gaz.lookup(f"{ent.text} {head.lemma_.lower()}")
    return entry if entry is not None and entry.etype == "Place" else None


def _gazetteer_name(text: str, gaz: Gazetteer, countries: set[str]) -> bool:
    """The gazetteer names this word, unless as one country's institution in a document that
    never names that country ("Congress" in a story on Peru's Congress)."""
    found = gaz.lookup(text)
    return found is not None and not _elsewhere(found, text, gaz, countries)


def _short_forms_of_others(index: EntityIndex, gaz: Gazetteer) -> None:
    """"Congo" in a story that names the Democratic Republic of the Congo: a country's short form
    (an alias, not its name) that ends another country's name the document gives is that other
    country, unless the document also names the first in another way."""
    countries = [k for k, e in index.entities.items() if e.etype == "Country" and k in gaz.entries]
    for span, key in list(index.spans):
        entity = index.entities.get(key)
        if entity is None or entity.etype != "Country" or key not in gaz.entries:
            continue
        short = normalise_name(span.text)
        if short == normalise_name(entity.label) or any(
                k == key and normalise_name(sp.text) != short for sp, k in index.spans):
            continue
        others = [k for k in countries if k != key and any(
            (name := normalise_name(form)) != short and name.endswith(" " + short)
            for form in (gaz.entries[k].label, *gaz.entries[k].aliases))]
        if len(others) == 1:
            index.remove(span, key)
            index.add(span, index.entities.get(others[0]) or gaz.entries[others[0]].entity())


def _countries_inside_names(index: EntityIndex, gaz: Gazetteer) -> None:
    """"the Russian Foreign Ministry": an organisation's name that opens with a country's
    adjective mentions that country too (a mention only: the words stay the organisation's)."""
    for span, key in list(index.spans):
        entity = index.entities.get(key)
        if entity is None or entity.etype != "Organization" or len(span) < 2:
            continue
        country = gaz.by_adjective.get(span[0].lower_)
        if country and country in gaz.entries and country != key and gaz.entries[country].etype == "Country":
            index.entities.setdefault(country, gaz.entries[country].entity())
            index.mentions.append(Mention(country, Span(span[0].idx, span[0].idx + len(span[0].text), span[0].text)))


def acronym_like(text: str) -> bool:
    """"AfD", "IRIB", "KDF", "BfV": a short word with two capitals or more, no spaces."""
    return 2 <= len(text) <= 8 and text.isalpha() and sum(c.isupper() for c in text) >= 2 and text[:1].isupper()


def _shares_a_word(name: SpacySpan, entry) -> bool:
    """A capitalised word of ``name`` is a word of the entry's label or of one of its aliases."""
    words = {w for form in (entry.label, *entry.aliases) for w in normalise_name(form).split()}
    return any(t.text[:1].isupper() and normalise_name(t.text) in words for t in name)


def _rekey(index: EntityIndex, name: SpacySpan, entity: Entity) -> set[str]:
    """Make ``name`` one mention of ``entity``, dropping the mentions inside it; the keys they had."""
    inside = {k for sp, k in index.spans if name.start <= sp.start and sp.end <= name.end}
    index.spans[:] = [(sp, k) for sp, k in index.spans if not (name.start <= sp.start and sp.end <= name.end)]
    index.mentions[:] = [m for m in index.mentions if not (name.start_char <= m.span.start
                                                             and m.span.end <= name.end_char)]
    for t in name:
        index.by_token.pop(t.i, None)
    index.add(name, entity)
    return inside


def _acronyms(doc: Doc, index: EntityIndex, instruments: set[str] | frozenset = frozenset(),
               gaz: Gazetteer | None = None) -> None:
    """"Alternative for Germany (AfD)": the short form in brackets after a name is that name,
    wherever the document uses it (mentions of it keyed apart are re-keyed, an orphaned entity
    dropped). The name is the run of capitalised words before the bracket (with "of", "for",
    "and" inside it), starting with the short form's first letter; never a person's name. A short
    form the gazetteer knows names its organisation ("Austria's Freedom Party (FPO)" is the
    Freedom Party of Austria)."""
    defined: dict[str, str] = {}
    rekeyed: set[str] = set()
    for tok in doc:
        if tok.text != "(" or tok.i + 2 >= len(doc) or doc[tok.i + 2].text != ")" \
                or not acronym_like(doc[tok.i + 1].text):
            continue
        short = doc[tok.i + 1].text
        start = tok.i
        while start > tok.sent.start and (doc[start - 1].text[:1].isupper() or (
                doc[start - 1].lower_ in ("of", "for", "and", "de", "la", "du") and start < tok.i)):
            start -= 1
        while start < tok.i and not doc[start].text[:1].isupper():
            start += 1
        initials = {t.text[:1] for t in doc[start:tok.i] if t.text[:1].isupper()}
        capitals = {c for c in short if c.isupper()}
        if not (capitals <= initials and len(initials) >= 2):
            # "The Alternative for Germany (AfD)": the name starts with the short form's letter;
            # "National Rally (RN)": another language's word order, the same initials
            while start < tok.i and doc[start].text[:1] != short[:1].upper():
                start += 1
        if start >= tok.i:
            # "the Farmer-Citizen Movement (BBB)": a short form in another language, right after
            # an organisation's name, is that organisation
            ending = next((k for sp, k in index.spans if sp.end == tok.i
                           and index.entities[k].etype == "Organization"), None)
            if ending is not None:
                defined.setdefault(short, ending)
            continue
        name = doc[start:tok.i]
        keys = {index.key_at(t.i) for t in name} - {None}
        if any(index.entities[k].etype == "Person" for k in keys):
            continue
        known = gaz.lookup(short) if gaz is not None else None
        if known is not None and known.etype == "Organization" and index.key_at(tok.i + 1) in (None, known.key) \
                and _shares_a_word(name, known):     # ("New Social Contract (NSC)" is no Security Council)
            rekeyed.update(_rekey(index, name, known.entity()))
            defined.setdefault(short, known.key)
            continue
        exact = next((k for sp, k in index.spans if sp.start == start and sp.end == tok.i), None)
        if exact is not None:
            defined.setdefault(short, exact)
            continue
        if len(name) < 2 or name[-1].lower_ in instruments:
            continue      # ("the International Emergency Economic Powers Act (IEEPA)": a law, no organisation)
        entity = Entity(f"organization/{slugify(name.text)}", name.text, "Organization")
        rekeyed.update(_rekey(index, name, entity))
        defined.setdefault(short, entity.key)
    # "FTU" where the document names the Fisheries Trade Union: the initials of a name it gives
    by_initials: dict[str, set[str]] = {}
    for key, entity in index.entities.items():
        words = [w for w in entity.label.split() if w[:1].isupper()]
        if entity.etype == "Organization" and len(words) >= 2:
            by_initials.setdefault("".join(w[0] for w in words).upper(), set()).add(key)
    for tok in doc:
        keys = by_initials.get(tok.text)
        if tok.text.isupper() and acronym_like(tok.text) and keys and len(keys) == 1 and tok.text not in defined:
            current = index.key_at(tok.i)
            if current is None or (index.entities[current].wikidata is None and current not in keys
                                   and len(index.entities[current].label.split()) == 1):
                defined[tok.text] = next(iter(keys))
    if not defined:
        return
    for n, (span, key) in enumerate(index.spans):
        target = defined.get(span.text)
        if target is None or key == target or index.entities[key].etype == "Person" and len(span) > 1:
            continue
        index.spans[n] = (span, target)
        for tok in span:
            index.by_token[tok.i] = target
        rekeyed.add(key)
    index.mentions[:] = [Mention(defined[m.span.text], m.span) if m.key in rekeyed and m.span.text in defined else m
                         for m in index.mentions]
    for tok in doc:       # the short form where the tagger named nothing ("the AfD said")
        target = defined.get(tok.text)
        if target is not None and tok.i not in index.by_token:
            index.add(doc[tok.i:tok.i + 1], index.entities[target])
    used = {key for _, key in index.spans}
    for key in rekeyed - used:
        index.entities.pop(key, None)


_NAME_PARTICLES = {"da", "do", "dos", "das", "de", "del", "della", "di", "van", "von", "der", "bin", "al", "el", "la", "le"}


def _joined_names(doc: Doc, ents, gaz: Gazetteer) -> list:
    """A person's name the tagger cut in two at a particle or between given and family names
    ("Luiz Inacio" + "Lula da Silva", "Andre Correa" + "do Lago"): one name when the joined
    words are a name the gazetteer knows, or the second part starts with a particle."""
    ents = list(ents)
    out, i = [], 0
    while i < len(ents):
        ent = ents[i]
        if ent.label_ == "PERSON":
            # "Secretary Ana [Duarte Jr.]": an untagged given name right after a title
            start = ent.start
            while start > 1 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].text[:1].isupper() \
                    and (not doc[start - 1].ent_type_ or (
                        # "Defence Minister Israel Katz": a given name tagged as a country
                        doc[start - 1].ent_type_ in ("GPE", "NORP", "LOC") and doc[start - 1].dep_ == "compound"
                        and ent.start <= doc[start - 1].head.i < ent.end)) \
                    and doc[start - 1].lower_ not in gaz.roles \
                    and ent.start - start < 2 and _title_ends_at(doc, start - 2, gaz):
                start -= 1
            prev = doc[ent.start - 1] if ent.start > 0 else None
            if start == ent.start and len(ent) == 1 and prev is not None and prev.pos_ == "PROPN" and \
                    prev.dep_ == "compound" and prev.head.i == ent.start and not prev.ent_type_ and \
                    prev.text[:1].isupper() and prev.text[1:].islower() and prev.lower_ not in gaz.roles and \
                    prev.lower_ not in gaz.role_words and prev.lower_ not in gaz.by_adjective and \
                    gaz.lookup(prev.text) is None and (prev.i == 0 or not doc[prev.i - 1].text[:1].isupper() or
                                                       doc[prev.i - 1].is_sent_start or doc[prev.i - 1].is_punct):
                start -= 1     # "Seble [Samuel]": an untagged given name right before a one-word name
            if start < ent.start and out and out[-1].end > start:
                out.pop()      # the given name's own (place) mention gives way to the person's
            if start < ent.start:
                ent = SpacySpan(doc, start, ent.end, label="PERSON")
            end = ent.end
            place_surname = False
            while end < len(doc) and end - ent.start < 8:
                tok = doc[end]
                if tok.lower_ in _NAME_PARTICLES and end + 1 < len(doc) and doc[end + 1].text[:1].isupper():
                    end += 2
                elif end == ent.end and tok.ent_type_ in ("GPE", "LOC", "NORP") and tok.pos_ == "PROPN" \
                        and doc[end - 1].head.i == tok.i and doc[end - 1].dep_ == "compound" \
                        and (end + 1 >= len(doc) or doc[end + 1].ent_type_ != tok.ent_type_):
                    # "her lawyer, Juan Carlos Portugal": a family name that is a place's, the head
                    # of the given names before it
                    end += 1
                    place_surname = True
                elif tok.text[:1].isupper() and tok.pos_ == "PROPN" and not tok.is_sent_start and \
                        (tok.ent_type_ in ("", "PERSON")):
                    end += 1
                else:
                    break
            if end > ent.end:
                joined = doc[ent.start:end]
                particle = any(t.lower_ in _NAME_PARTICLES for t in doc[ent.end:end])
                # "and Brett [Kavanaugh] dissented": a given name alone, then one untagged capitalised word
                given = len(ent) == 1 and end == ent.end + 1 and not doc[ent.end].ent_type_ and \
                    doc[ent.end].lower_ not in gaz.roles and doc[ent.end].lower_ not in gaz.role_words and \
                    doc[ent.end].lower_ not in gaz.government_terms and gaz.lookup(ent.text) is None
                if particle or place_surname or given or gaz.lookup(joined.text) is not None:
                    out.append(SpacySpan(doc, ent.start, end, label="PERSON"))
                    while i + 1 < len(ents) and ents[i + 1].start < end:
                        i += 1
                    i += 1
                    continue
        if ent.label_ == "ORG" and i + 1 < len(ents) and ents[i + 1].label_ == "ORG" and ents[i + 1].start == ent.end \
                and len([t for t in ent if t.lower_ != "the"]) == 1:
            # "the Supreme" + "National Security Council": one name the tagger cut after its first word
            out.append(SpacySpan(doc, ent.start, ents[i + 1].end, label="ORG"))
            i += 2
            continue
        out.append(ent)
        i += 1
    return out


_NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def _surname(name: str) -> str:
    """The family name of a normalised full name: its last word, a suffix ("Jr.") aside."""
    words = name.split()
    while len(words) > 1 and words[-1] in _NAME_SUFFIXES:
        words = words[:-1]
    return words[-1]


def _apposition_to_title(tok: Token, gaz: Gazetteer) -> bool:
    """``tok`` is in apposition to a role title before it ("Sudan's finance minister, Gibril Ibrahim")."""
    head = tok.head
    return tok.dep_ == "appos" and head.pos_ == "NOUN" and head.i < tok.i and (
        head.lower_ in gaz.roles or _title_ends_at(tok.doc, head.i, gaz))


def _named_in_apposition_to_title(span: SpacySpan, gaz: Gazetteer) -> bool:
    """A two- or three-word name of capitalised words set off by commas in apposition to a
    person's title ("the ambassador, Oleksii Makeiev,"): a person, whatever the tagger said."""
    doc = span.doc
    if not 2 <= len(span) <= 3 or not _apposition_to_title(span.root, gaz) \
            or not all(t.is_title for t in span) or span.start == 0 or doc[span.start - 1].text != ",":
        return False
    return span.end == len(doc) or doc[span.end].text in (",", ".")


def _names_whose_title(doc: Doc, i: int, gaz: Gazetteer) -> bool:
    """A one-word title starts at token ``i`` and a person's name follows it ("… Premier Scott Moe")."""
    if i + 1 >= len(doc) or doc[i].lower_ not in gaz.roles:
        return False
    nxt = doc[i + 1]
    return nxt.ent_type_ == "PERSON" and nxt.ent_iob_ == "B"


def _title_starts_at(doc: Doc, i: int, gaz: Gazetteer) -> bool:
    """A role title (ontology/roles.tsv) starts at token ``i``: "leader", "co-leader", "general secretary"."""
    return any(doc[i:i + n].text.lower() in gaz.roles for n in range(1, 4) if i + n <= len(doc))


def _title_ends_at(doc: Doc, i: int, gaz: Gazetteer) -> bool:
    """A role title (ontology/roles.tsv) ends at token ``i``: "Secretary", "Defense Secretary"."""
    return any(" ".join(t.lower_ for t in doc[max(0, i - n):i + 1]) in gaz.roles for n in range(3))


def _party_plural(text: str, gaz: Gazetteer) -> bool:
    """True if ``text`` is a party's members named as a plural noun ("Democrats", "Social
    Democrats", "Tories"): a party adjective of gazetteer-extra.tsv with a plural ending."""
    return text[:1].isupper() and text.lower().endswith("s") and bool(gaz.parties_called(text, plural=True))


def _party_members(index: EntityIndex, gaz: Gazetteer, found: list[tuple[SpacySpan, str]]) -> None:
    """Link "the Greens", "Republicans", "the Socialists" to their party where the document's
    countries decide which (``Gazetteer.party_named``); a name tagged as an organisation that
    they do not decide stays the organisation it names."""
    counts = index.country_mentions()
    for m in index.mentions:      # "WASHINGTON (Reuters) -", "Seoul said": a capital counts for its country
        entity = index.entities.get(m.key)
        stands_for = gaz.metonyms.get(normalise_name(entity.label)) if entity is not None and entity.etype == "Place" else None
        if stands_for:
            counts[stands_for] = counts.get(stands_for, 0) + 1
    for span, label in found:
        if any(t.i in index.by_token for t in span):
            continue
        key = gaz.party_named(span.text, counts, plural=True)
        if key is not None:
            index.add(span, gaz.entries[key].entity())
        elif label == "ORG":
            index.add(span, Entity(f"organization/{slugify(span.text)}", span.text, "Organization"))


def _countries_named(doc: Doc, gaz: Gazetteer) -> set[str]:
    """The countries a document names: by name, alias or adjective ("U.S.", "American")."""
    found = set()
    for ent in doc.ents:
        entry = gaz.lookup(ent.text)
        if entry is not None and entry.etype == "Country":
            found.add(entry.key)
    strings = doc.vocab.strings      # each distinct word once, without making Token objects
    for lower in set(doc.to_array(LOWER).tolist()):
        key = gaz.by_adjective.get(strings[lower])
        if key:
            found.add(key)
    return found


def _elsewhere(entry, surface: str, gaz: Gazetteer, countries: set[str]) -> bool:
    """A generic institution name ("Senate", "House of Representatives") the gazetteer gives to
    one country's institution ("United States Senate"), in a document that never names that
    country: another country's institution, not linked."""
    label, short = normalise_name(entry.label), normalise_name(surface)
    if entry.etype != "Organization" or label == short or not label.endswith(" " + short):
        return False
    owner = gaz.lookup(label[: -len(short)].strip())
    return owner is not None and owner.etype == "Country" and owner.key not in countries


def _other_countrys(doc: Doc, ent: SpacySpan, entry, gaz: Gazetteer) -> str | None:
    """The country named right before an organisation's name ("German" in "the German Foreign
    Office") when the gazetteer's organisation of that name says nothing of it: another
    country's institution of the same generic name."""
    if entry.etype != "Organization" or ent.start == 0:
        return None
    before = doc[ent.start - 1]
    country = gaz.by_adjective.get(before.lower_)
    if country is None and before.text in ("'s", "’s") and ent.start >= 2:
        # "Peru's Congress": a country's possessive
        owner = gaz.lookup(doc[ent.start - 2].text)
        country = owner.key if owner is not None and owner.etype == "Country" else None
    if country is None or country not in gaz.entries:
        return None
    home = gaz.entries[country]
    words = " ".join([entry.label, *entry.aliases]).lower()
    if any(w.lower() in words for w in [home.label, *home.aliases, *home.adjectives] if len(w) > 2):
        return None
    return country


_SLASHED = re.compile(r"^/([A-Za-z][\w\- ]{1,30})/\.?$")


def _slashed_agencies(doc: Doc, index: EntityIndex, gaz: Gazetteer) -> None:
    """"MOSCOW, January 8. /TASS/.": a news agency named between slashes after a dateline, one
    token for the tagger; an organisation the gazetteer knows."""
    for tok in doc[:80]:
        m = _SLASHED.match(tok.text)
        if m is None or tok.i in index.by_token:
            continue
        entry = gaz.lookup(m.group(1))
        if entry is not None and entry.etype == "Organization":
            start = tok.idx + 1           # the mention is the name, without its slashes
            index.add(doc[tok.i:tok.i + 1], index.entities.get(entry.key) or entry.entity(),
                      Span(start, start + len(m.group(1)), m.group(1)))


def datelines(doc: Doc) -> list[SpacySpan]:
    """The places in capitals that open paragraphs as datelines (found by the pipeline's
    ``datelines`` component), without punctuation inside ("ST. PETERSBURG" is left to the tagger)."""
    return [span for span in doc.spans.get("datelines", []) if not any(t.is_punct for t in span)]


def credit_tokens(doc: Doc, credits: set[str] | frozenset) -> set[int]:
    """Tokens of the lines that credit the newsroom ("Reporting by …; Editing by …", a byline
    "By Jane Doe"): a line that opens, after any bracket or dash, with one of ``credits`` (a
    one-word credit only on a short line: "By Tuesday, the talks had …" is news)."""
    if not credits:
        return set()
    out: set[int] = set()
    start = 0
    for line in doc.text.split("\n"):
        head = line.strip().lstrip("([-–—* ").lower()
        if any(head.startswith(c + " ") and (" " in c or len(head.split()) <= 6) for c in credits):
            span = doc.char_span(start, start + len(line), alignment_mode="expand")
            if span is not None:
                out.update(range(span.start, span.end))
        start += len(line) + 1
    return out


def _untagged_speakers(doc: Doc, gaz: Gazetteer, common, speech, taken: set[int]) -> list[SpacySpan]:
    """Names the tagger missed that speak or that a title names: the proper-noun subject of a
    speech verb, or the apposition of a role title, two to four capitalised words ("Chandni Raina,
    speaking for the delegation, said …", "Sudan's finance minister, Gibril Ibrahim, …")."""
    out = []
    for tok in doc:
        if tok.pos_ != "PROPN" or tok.i in taken:
            continue
        speaks = tok.dep_ == "nsubj" and tok.head.lemma_.lower() in speech
        titled = _apposition_to_title(tok, gaz)
        if not (speaks or titled):
            continue
        words = [c for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < tok.i] + [tok]
        start, end = words[0].i, tok.i + 1
        if not 2 <= end - start <= 4 or any(doc[i].dep_ != "compound" for i in range(start, tok.i)):
            continue
        span = doc[start:end]
        if any(t.i in taken or not t.text[:1].isupper() or not t.text.replace("-", "").isalpha()
               or t.lower_ in gaz.roles or t.lower_ in common for t in span):
            continue
        if gaz.lookup(span.text) is not None:
            continue
        out.append(span)
    return out


def _title(text: str, full_names: list, surname: str) -> str:
    """The full name a short form stands for: by its last word, else its first ("Wang" for
    "Wang Wentao", "Paetongtarn" for "Paetongtarn Shinawatra")."""
    for position in (-1, 0):
        for _, _, full in full_names:
            if normalise_name(full).split()[position] == surname:
                return full
    return text
