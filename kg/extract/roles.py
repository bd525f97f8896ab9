"""Roles: person – role – organisation or country, from titles and appositions.

"WTO Director-General Ana Duarte", "Chilean President Tomas Lind", "Ana Duarte, the
WTO director-general", "Lind's special envoy for trade and climate, retired general
Rui Costa". Role titles come from ontology/roles.tsv; the organisation is the
entity, demonym or possessor just before the title.
"""
from __future__ import annotations

import re

from spacy.tokens import Span as SpacySpan, Token

from ..gazetteer import plural_title, slugify
from ..facts import DocumentFacts, Entity, RoleFact
from .context import DocContext

_MAX_TITLE = 5


def _norm(text: str) -> str:
    return re.sub(r"[\s\-–]+", " ", text.lower()).strip()


def _titles(ctx: DocContext) -> dict[str, str]:
    """The role titles, normalised, with their plurals: built once per gazetteer and lexicon
    (kept on the lexicon object, as its other derived tables are)."""
    memo = ctx.cues.__dict__.setdefault("_role_titles", {})
    key = id(ctx.gaz)
    if key not in memo:
        memo[key] = _build_titles(ctx)
    return memo[key]


def _build_titles(ctx: DocContext) -> dict[str, str]:
    titles = {_norm(k): v for k, v in ctx.gaz.roles.items()}
    # "Justices X, Y and Z": a title's plural before a list holds for each name; not a word that
    # also names a group or a kind of person ("Gulf leaders X and Y", "lawmakers X and Y")
    generic = ctx.cues.person_nouns | ctx.cues.group_nouns
    for title, role in list(titles.items()):
        if title not in generic:
            titles.setdefault(plural_title(title), role)
    return titles


def _title_before(ctx: DocContext, end: int, floor: int, titles: dict[str, str]) -> tuple[int, str] | None:
    """Longest role title whose last token is ``end - 1`` (tokens ``[start, end)``)."""
    doc = ctx.doc
    best = None
    for start in range(max(floor, end - _MAX_TITLE * 2), end):
        words = [t.text for t in doc[start:end]]
        key = _norm(" ".join(words).replace(" - ", "-"))
        if key in titles and (best is None or start < best[0]):
            best = (start, titles[key])
    return best


def _outer_title(ctx: DocContext, start: int, floor: int, titles: dict[str, str]) -> tuple[int, str] | None:
    """The title a title at ``start`` belongs to through "of (the)": "[Press Secretary] of the
    President", "[Head] of the Office of the President" (the longest chain back)."""
    doc, found = ctx.doc, None
    while True:
        j = start - 1
        if j > floor and doc[j].lower_ == "the":
            j -= 1
        if j <= floor or doc[j].lower_ != "of":
            return found
        inner = start
        for k in range(j - 1, max(floor, j - _MAX_TITLE * 2) - 1, -1):   # "Office of the President"
            if doc[k].lower_ == "of" and _title_before(ctx, k, floor, titles) is not None:
                inner = k
                break
        outer = _title_before(ctx, j if inner == start else inner, floor, titles)
        if outer is None:
            return found
        found = outer
        start = outer[0]


def _org_before(ctx: DocContext, start: int, floor: int, role: str | None = None) -> str | None:
    """The organisation or country qualifying a title: "WTO", "Chilean", "Peru's", "EU trade policy"."""
    doc = ctx.doc
    i = start - 1
    while i >= floor:
        tok = doc[i]
        if tok.text in ("'s", "’s"):
            i -= 1
            continue
        key = ctx.index.key_at(i)
        party = _party_named_by(ctx, i) if key is None or ctx.index.entities[key].etype not in (
            "Organization", "Country") else None
        if party is not None:       # "Republican Senator X", "Labour MP X", "Liberal Democrat leader X"
            return party
        if key is None and i == start - 1 and tok.pos_ == "PROPN":
            # "Ontario Premier": a one-word place the tagger named elsewhere in the text but not here
            named = [k for k, e in ctx.index.entities.items() if e.label == tok.text and e.etype == "Place"]
            if len(named) == 1 and named[0] not in ctx.gaz.metonyms.values():
                return named[0]
            if not named and role is not None and role.lower() in ctx.cues.regional_titles and tok.is_title \
                    and tok.lower_ not in ctx.gaz.roles and tok.ent_type_ in ("", "GPE", "LOC"):
                # "Ontario Premier Doug Ford", untagged: a region's own office names the region
                place = Entity(f"place/{slugify(tok.text)}", tok.text, "Place")
                ctx.index.add(doc[i:i + 1], place)
                return place.key
        if key:
            entity = ctx.index.entities[key]
            span = next((sp for sp, k in ctx.index.spans if sp.start <= i < sp.end), None)
            if span is not None and span.end > start and entity.etype == "Organization":
                # "U.S. Treasury Secretary X": the department's name runs into the title; the
                # country before it is the organisation the title is of
                before = ctx.gaz.lookup(doc[span.start:start].text)
                if before is not None and before.etype == "Country":
                    ctx.index.entities.setdefault(before.key, before.entity())
                    return before.key
            if entity.etype == "Organization" and entity.wikidata is None:
                first = entity.label.split()[0].lower()
                country = ctx.gaz.by_adjective.get(first) or ctx.gaz.metonyms.get(entity.label.lower())
                if country:        # "Chilean Foreign Ministry spokeswoman", "La Moneda spokesman" -> Chile
                    ctx.index.entities.setdefault(country, ctx.gaz.entries[country].entity())
                    return country
            if entity.etype in ("Organization", "Country"):
                return key
            if entity.etype == "Place":
                # "Kremlin spokesman": the country the seat of power stands for; "Ontario Premier
                # Doug Ford": the province or state right before the title
                gaz = ctx.gaz
                national = role is None or role in gaz.country_titles or role in gaz.voice_roles or \
                    role in gaz.leader_roles
                if entity.label.lower() in gaz.metonyms and national:
                    return gaz.metonyms[entity.label.lower()]
                # "Kathmandu Mayor Balendra Shah", "Greenland's Prime Minister": a place's own office is the place's
                return key if span is not None and (span.end == start or (
                    span.end == start - 1 and doc[start - 1].text in ("'s", "’s"))) else None
            return None
        adj = ctx.gaz.by_adjective.get(tok.lower_)
        if adj:
            ctx.index.entities.setdefault(adj, ctx.gaz.entries[adj].entity())
            return adj
        party = _organisation_by_first_word(ctx, tok)
        if party:        # "Socialist leader X" where the text names the Socialist Party
            return party
        if tok.lower_ in ("its", "their") and tok.dep_ == "poss":
            return _antecedent_organisation(ctx, tok)       # "Chadema …, and its leader Tundu Lissu"
        if tok.lower_ == "party" and key is None and tok.pos_ in ("NOUN", "PROPN"):
            return _party_in_context(ctx, i)     # "the party's secretary-general, X", "party spokesperson X"
        if tok.lower_ == "whose":       # "Vox, whose leader Santiago Abascal": the relative's antecedent
            clause = next((a for a in tok.ancestors if a.dep_ == "relcl"), None)
            key = ctx.index.key_at(clause.head.i) if clause is not None else None
            return key if key is not None and ctx.index.entities[key].etype in ("Organization", "Country") else None
        # "the LDP's newly elected president": a participle or adverb between the owner and the title
        modifier = tok.dep_ in ("amod", "advmod") and tok.tag_ in ("VBN", "RB", "JJ")
        if (tok.is_punct or tok.pos_ in ("VERB", "AUX", "ADP", "DET", "PRON")) and not modifier or start - i > 4:
            return None
        i -= 1
    return None


def _party_in_context(ctx: DocContext, i: int) -> str | None:
    """The party "the party" is: the last political party named before word ``i``, in its
    sentence or the two before (a name with "Party" in it, or a party of the gazetteer)."""
    doc = ctx.doc
    sent = doc[i].sent
    for _ in range(2):          # back two sentences, without listing the document's sentences
        if sent.start == 0:
            break
        sent = doc[sent.start - 1].sent
    floor = sent.start
    found = [(sp.start, k) for sp, k in ctx.index.spans if floor <= sp.start and sp.end <= i
             and _is_party(ctx, k)]
    return max(found)[1] if found else None


def _is_party(ctx: DocContext, key: str) -> bool:
    entity = ctx.index.entities.get(key)
    if entity is None or entity.etype != "Organization":
        return False
    entry = ctx.gaz.entries.get(key)
    return "party" in entity.label.lower().split() or (entry is not None and "political party" in entry.source)


def _party_named_by(ctx: DocContext, i: int) -> str | None:
    """The party a capitalised adjective ending at token ``i`` names ("Republican", "Liberal
    Democrat"; gazetteer-extra.tsv): the one party of that name if the document names its country,
    else the party of the country the document names most; None when neither holds."""
    doc = ctx.doc
    for n in (2, 1):
        words = doc[i - n + 1:i + 1] if i - n + 1 >= 0 else None
        if not words or not words[0].text[:1].isupper():
            continue
        name = " ".join(t.lower_ for t in words)
        if name not in ctx.gaz.party_adjectives:
            continue
        key = ctx.gaz.party_named(name, ctx.index.country_mentions())
        if key is None:
            return None
        ctx.index.entities.setdefault(key, ctx.gaz.entries[key].entity())
        return key
    return None


def _antecedent_organisation(ctx: DocContext, pron) -> str | None:
    """The organisation "its" or "their" points back to: of those named earlier in the sentence,
    a clause's subject first, else the nearest; if the sentence names none, the same in the one
    before."""
    doc = ctx.doc
    sent = pron.sent
    sentences = [(sent.start, pron.i)]
    if sent.start > 0:
        previous = doc[sent.start - 1].sent
        sentences.append((previous.start, previous.end))
    for start, end in sentences:
        found = [(sp, k) for sp, k in ctx.index.spans if start <= sp.start and sp.end <= end
                 and ctx.index.entities[k].etype == "Organization"]
        if found:
            subjects = [k for sp, k in found if sp.root.dep_ in ("nsubj", "nsubjpass")]
            return subjects[-1] if subjects else found[-1][1]
    return None


def _inner_hyphen(doc, k: int) -> bool:
    """A hyphen inside a word ("director-general"), not a dash between words."""
    return doc[k].text == "-" and k > 0 and not doc[k - 1].whitespace_ and not doc[k].whitespace_


def _organisation_at(ctx: DocContext, tok) -> str | None:
    """The organisation named at ``tok`` (or by a name under it: "the opposition GreenLeft-Labour alliance")."""
    if tok is None:
        return None
    for t in [tok, *(c for c in tok.children if c.dep_ in ("compound", "appos", "nmod"))]:
        key = ctx.index.key_at(t.i)
        entity = ctx.index.entity(key)
        if entity is not None and entity.etype == "Organization":
            return key
    return None


def _organisation_by_first_word(ctx: DocContext, tok) -> str | None:
    """The one organisation the document names whose name starts with this capitalised word."""
    if not tok.text[:1].isupper() or tok.pos_ not in ("ADJ", "PROPN", "NOUN") or len(tok.text) < 4:
        return None
    word = tok.lower_
    found = {k for k, e in ctx.index.entities.items() if e.etype == "Organization"
             and len(e.label.split()) > 1 and e.label.split()[0].lower() == word}
    return found.pop() if len(found) == 1 else None


# British and American spellings of title words: the title keeps the text's
_SPELLINGS = {"defence": "defense", "defense": "defence", "labour": "labor", "labor": "labour"}


def _as_spelled(title: str, tokens) -> str:
    """The canonical title in the text's spelling: "Defense Minister" where the text says so."""
    written = {t.lower_ for t in tokens}
    words = title.split()
    for n, w in enumerate(words):
        other = _SPELLINGS.get(w.lower())
        if other and other in written and w.lower() not in written:
            words[n] = other.capitalize() if w[:1].isupper() else other
    return " ".join(words)


def _org_in_title(ctx: DocContext, role: str) -> str | None:
    """The organisation a canonical title names: "President of the European Commission"."""
    _, sep, rest = role.partition(" of ")
    if not sep:
        return None
    entry = ctx.gaz.lookup(rest) or ctx.gaz.lookup(re.sub(r"^the ", "", rest))
    if entry is None or entry.etype not in ("Organization", "Country"):
        return None
    ctx.index.entities.setdefault(entry.key, entry.entity())
    return entry.key


def _plural_title_of_list(ctx: DocContext, span: SpacySpan, sent: SpacySpan, titles: dict[str, str]):
    """(role, organisation, title tokens) of a plural title heading the list ``span`` ends, read on
    the surface: names joined by commas and "and" back to the title ("Justices A, B and C")."""
    doc = ctx.doc
    people_ending = {sp.end: sp for sp, k in ctx.index.spans if ctx.index.entities[k].etype == "Person"}
    j = span.start - 1
    while j > sent.start and doc[j].text in (",", "and", "&"):
        k = j
        while k > sent.start and doc[k].text in (",", "and", "&"):
            k -= 1
        before = people_ending.get(k + 1)
        if before is None:
            # "Senators A of Pennsylvania, B of Nevada and C": a name with the place it is from
            place = next((sp for sp, key in ctx.index.spans if sp.end == k + 1 and sp.start - 1 > sent.start
                          and doc[sp.start - 1].lower_ == "of" and ctx.index.entities[key].etype in ("Place", "Country")),
                         None)
            before = people_ending.get(place.start - 1) if place is not None else None
        if before is None:
            return None
        title = doc[before.start - 1] if before.start - 1 >= sent.start else None
        plural = _title_before(ctx, before.start, sent.start, titles) if title is not None else None
        if plural and title.lower_.endswith("s") and title.lower_ in titles:
            return plural[1], _org_before(ctx, plural[0], sent.start, plural[1]), list(doc[plural[0]:before.start])
        j = before.start - 1
    return None


def _organisation_inside(ctx: DocContext, tokens) -> str | None:
    """An organisation named inside the title's words, by a name ending in an organisation's head
    word ("Foreign Ministry spokesperson" of the Ministry of Foreign Affairs of China), is the one
    the title is of."""
    inside = {t.i for t in tokens}
    for sp, key in ctx.index.spans:
        if sp.start in inside and sp.end - 1 in inside and ctx.index.entities[key].etype == "Organization" \
                and sp[-1].lower_ in ctx.cues.org_heads:
            return key
    return None


def _possessive_name(ctx: DocContext, i: int) -> bool:
    """The name token ``i`` belongs to ends in "'s" ("President Vladimir Putin's")."""
    key, doc = ctx.index.key_at(i), ctx.doc
    j = i
    while j + 1 < len(doc) and ctx.index.key_at(j + 1) == key:
        j += 1
    return j + 1 < len(doc) and doc[j + 1].text in ("'s", "’s", "'", "’")


def _is_person(ctx: DocContext, i: int) -> bool:
    entity = ctx.index.entity(ctx.index.key_at(i))
    return entity is not None and entity.etype == "Person"


def _after_org(ctx: DocContext, title_end: int, limit: int) -> str | None:
    """"Director-General of the WTO", "President of Chile", "a spokesperson for the
    Commission", "a researcher at the Kiel Institute"."""
    doc = ctx.doc
    if title_end < limit and doc[title_end].lower_ in ("of", "for", "at") and title_end + 1 < len(doc):
        # "deputy speaker of Russia's Federation Council": the preposition's object first
        obj = next((o for o in doc[title_end].children if o.dep_ == "pobj"), None)
        key = ctx.index.key_at(obj.i) if obj is not None and obj.i < limit else None
        if key and ctx.index.entities[key].etype in ("Organization", "Country"):
            return key
        for j in range(title_end + 1, min(limit, title_end + 6)):
            key = ctx.index.key_at(j)
            if key and ctx.index.entities[key].etype in ("Organization", "Country"):
                return key
    return None


def _after_org_described(ctx: DocContext, title: Token, limit: int) -> str | None:
    """"leader of the ruling People Power Party": the organisation in the title's "of" phrase."""
    for prep in title.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for t in prep.subtree:
                key = ctx.index.key_at(t.i)
                if key and t.i < limit and ctx.index.entities[key].etype in ("Organization", "Country"):
                    return key
    return None


def extract_roles(ctx: DocContext, facts: DocumentFacts) -> None:
    titles = _titles(ctx)
    found: dict[tuple[str, str], RoleFact] = {}
    last_in_sentence: dict[int, str] = {}   # sentence start -> canonical role last seen there
    for span, key in ctx.index.spans:
        if ctx.index.entities[key].etype != "Person":
            continue
        sent = span.sent
        for role, org, tokens in _candidates(ctx, span, sent, titles):
            if role.lower() in ctx.cues.rank_titles and not org:
                continue      # a rank ("retired general") is not a role without an organisation
            name = role      # the canonical title of ontology/roles.tsv
            if role == "Counterpart":   # "his Chilean counterpart Tomas Lind": the role just named
                role = last_in_sentence.get(sent.start, "")
                if not role:
                    continue
                name = role
            last_in_sentence[sent.start] = role
            name = _as_spelled(name, tokens)
            org = _organisation_inside(ctx, tokens) or org or _org_in_title(ctx, name)
            fact = RoleFact(span=ctx.tokens_span(tokens + list(span)), sentence=ctx.sentence_span(sent),
                            confidence=0.9 if org else 0.75, date=None, person=key, role=name, org=org)
            previous = found.get((key, role))
            if previous is None or (org and not previous.org):
                found[(key, role)] = fact
    _described(ctx, found)
    for (person, role), fact in found.items():
        # what the text says is what the readers of descriptions and holders go on ...
        ctx.roles_of.setdefault(fact.person, []).append((role, fact.org))
        if fact.org is None and role in ctx.gaz.country_titles and person in ctx.gaz.person_country:
            # ... and the role fact names the country the title implies, the one the person
            # serves ("Foreign Minister Sergey Lavrov": ontology/person-countries.tsv)
            country = ctx.gaz.person_country[person]
            ctx.index.entities.setdefault(country, ctx.gaz.entries[country].entity())
            fact.org = country
        facts.roles.append(fact)


def _described(ctx: DocContext, found: dict) -> None:
    """Roles a description states: "the Ukrainian president" (ontology/descriptions.tsv, generated
    for every country) is whoever the document means by it, when that person is known to serve
    that country (ontology/person-countries.tsv) and has no such role from a title already."""
    doc = ctx.doc
    for tok in doc:
        if tok.pos_ not in ("NOUN", "PROPN") or tok.lower_ not in ctx.gaz.roles or tok.i < 2:
            continue
        phrase = " ".join(t.lower_ for t in doc[max(0, tok.i - 3):tok.i + 1])
        target = next((ctx.gaz.descriptions[p] for p in (phrase, phrase.split(" ", 1)[-1],
                                                          phrase.split(" ", 2)[-1]) if p in ctx.gaz.descriptions), None)
        if target is None or not target.startswith("role:"):
            continue
        role, _, country = target[5:].partition("@")
        person = ctx.describe(tok)
        if person is None or ctx.gaz.person_country.get(person) != country or (person, role) in found \
                or any(p == person for p, _ in found):
            continue      # (nor one the text gives another title: "spokeswoman Maria Zakharova")
        ctx.index.entities.setdefault(country, ctx.gaz.entries[country].entity())
        start = next((t.i for t in doc[max(0, tok.i - 3):tok.i + 1] if t.lower_ == "the"), tok.i)
        found[(person, role)] = RoleFact(span=ctx.tokens_span(list(doc[start:tok.i + 1])),
                                         sentence=ctx.sentence_span(tok.sent), confidence=0.75, date=None,
                                         person=person, role=role, org=country)


def _candidates(ctx: DocContext, span: SpacySpan, sent: SpacySpan, titles: dict[str, str]):
    doc = ctx.doc
    # a mention that starts with title words ("Emir Sheikh Tamim bin Hamad Al Thani"): the name is
    # what follows them, the titles are read as if before it
    k = span.start
    while k < span.end - 1:      # the longest title first: "Crown Prince Mohammed bin Salman"
        n = next((n for n in range(min(_MAX_TITLE, span.end - 1 - k), 0, -1)
                  if _norm(" ".join(t.text for t in doc[k:k + n])) in titles), 0)
        if not n:
            break
        k += n
    span = doc[k:span.end]
    # 0. "X stepped down as leader of the ruling party", "X, who serves as foreign minister"
    root = span.root
    if root.dep_ in ("nsubj", "nsubjpass"):
        for prep in root.head.children:
            if prep.dep_ == "prep" and prep.lower_ == "as":
                obj = next((o for o in prep.children if o.dep_ == "pobj"), None)
                if obj is None:
                    continue
                hit = _title_before(ctx, obj.i + 1, prep.i + 1, titles)
                if hit:
                    start, role = hit
                    org = _org_before(ctx, start, prep.i + 1) or _after_org(ctx, obj.i + 1, sent.end) or \
                        _after_org_described(ctx, obj, sent.end)
                    yield role, org, list(doc[prep.i:obj.i + 1])
    # 1. title right before the name: "Chilean President Tomas Lind", "retired general Rui Costa"
    hit = _title_before(ctx, span.start, sent.start, titles)
    if hit:
        start, role = hit
        org = _org_before(ctx, start, sent.start, role) or _after_org(ctx, span.start, span.start)
        # "Head of the Office of the President Kyrylo Budanov": after "of the", the title names an
        # office, and the name holds the first title of the chain ("an envoy of President X" is not so)
        outer = _outer_title(ctx, start, sent.start, titles) if start - 1 > sent.start and \
            doc[start - 1].lower_ == "the" else None
        if outer is not None:
            start, role = outer
            org = org or _org_before(ctx, start, sent.start, role)
        yield role, org, list(doc[start:span.start])
        # "special envoy for trade and climate, retired general X": the earlier title in the chain
        j = start - 1
        while j > sent.start and doc[j].lower_ in ("retired", "former", "ex", "acting", "deputy"):
            j -= 1
        if doc[j].text == "," and j > sent.start and start < span.start and doc[span.start - 1].text != ",":
            k = j - 1
            stop = max(sent.start, j - 10)
            while k > stop:
                earlier = _title_before(ctx, k + 1, sent.start, titles)
                if earlier and any(ctx.index.key_at(t) is not None for t in range(earlier[0], k + 1)):
                    break     # "the UN General Assembly, President X": a word of a name, no title
                if earlier:
                    e_start, e_role = earlier
                    yield e_role, _org_before(ctx, e_start, sent.start), list(doc[e_start:k + 1])
                    break
                if doc[k].pos_ in ("VERB", "AUX") or doc[k].text in (";", ":"):
                    break
                k -= 1
    # 1h. "US Special Envoy for Syria Tom Barrack", "Ambassador to Germany X": a title with the place
    # or body it is for, right before the name
    if not hit and span.start - 1 > sent.start:
        named = next((sp for sp, k in ctx.index.spans if sp.end == span.start
                      and ctx.index.entities[k].etype in ("Country", "Place", "Organization")), None)
        if named is not None and named.start - 1 > sent.start and doc[named.start - 1].lower_ in ("for", "to"):
            titled = _title_before(ctx, named.start - 1, sent.start, titles)
            if titled is not None:
                t_start, role = titled
                yield role, _org_before(ctx, t_start, sent.start, role), list(doc[t_start:span.start])
    # 1e. "Presidents Felix Tshisekedi and Paul Kagame": a plural title before a list holds for each name
    if not hit and span.root.dep_ == "conj":
        first = span.root.head
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head
        first_span = next((sp for sp, k in ctx.index.spans if sp.start <= first.i < sp.end), None)
        plural = _title_before(ctx, first_span.start, sent.start, titles) if first_span is not None else None
        last = doc[first_span.start - 1] if first_span is not None else None
        if plural and last.lower_.endswith("s") and (last.tag_ in ("NNS", "NNPS") or last.lower_ in titles):
            yield plural[1], _org_before(ctx, plural[0], sent.start, plural[1]), list(doc[plural[0]:first_span.start])
    # 1f. the same list as the parser may break it ("Justices A, B and C" with B hung elsewhere): the
    # names before this one, joined by commas and "and", back to a plural title
    if not hit:
        listed = _plural_title_of_list(ctx, span, sent, titles)
        if listed is not None:
            yield listed
    # 1d. "Deputy Prime Minister and Foreign Minister Ishaq Dar": two titles joined by "and"
    if hit and hit[0] - 1 > sent.start and doc[hit[0] - 1].lower_ == "and":
        joined = _title_before(ctx, hit[0] - 1, sent.start, titles)
        if joined:
            yield joined[1], _org_before(ctx, joined[0], sent.start, joined[1]), list(doc[joined[0]:hit[0] - 1])
    # 1a. "Army spokesman Maj Gen Winthai Suvaree": a rank, and before it the role
    if hit and hit[1].lower() in ctx.cues.rank_titles:
        before = _title_before(ctx, hit[0], sent.start, titles)
        if before:
            yield before[1], _org_before(ctx, before[0], sent.start), list(doc[before[0]:hit[0]])
    # 1c. "Federal Chancellor of Germany Olaf Scholz", "Minister of Foreign Affairs of Russia Sergey
    # Lavrov" (state-agency style): the title, "of" and the organisation, then the name
    owner = ctx.index.key_at(span.start - 1) if span.start - 1 > sent.start else None
    if owner is not None and ctx.index.entities[owner].etype in ("Country", "Organization"):
        owner_span = next(sp for sp, k in ctx.index.spans if sp.start <= span.start - 1 < sp.end)
        of = owner_span.start - 1
        if of > sent.start and doc[of].lower_ == "the":
            of -= 1       # "Deputy Chairman of the Russian Security Council Dmitry Medvedev"
        if of > sent.start and doc[of].lower_ == "of":
            titled = _title_before(ctx, of, sent.start, titles)
            if titled:
                # "Press Secretary of the President of the Russian Federation X": the first title is his
                titled = _outer_title(ctx, titled[0], sent.start, titles) or titled
                yield titled[1], owner, list(doc[titled[0]:span.start])
    # 1b. "Lind's foreign minister, Ana Duarte": the title, a comma, the name
    if span.start - 1 > sent.start and doc[span.start - 1].text == "," and doc[span.start - 2].tag_ not in ("NNS", "NNPS"):
        # (not a plural: "met the US envoys, Zelensky said" names no envoy)
        hit = _title_before(ctx, span.start - 1, sent.start, titles)
        if hit:
            start, role = hit
            yield role, _org_before(ctx, start, sent.start), list(doc[start:span.start - 1])
    # 1g. "the spokesman of the Afghan interim administration, Zabihullah Mujahid", "Russia's envoy
    # to international organisations in Vienna, Mikhail Ulyanov": a title, its "of"/"to"/"at"
    # phrase, a comma, the name
    if span.start - 1 > sent.start and doc[span.start - 1].text == ",":
        comma = span.start - 1
        for p in range(comma - 1, max(sent.start, comma - 10), -1):
            word = doc[p]
            if word.lower_ not in ("of", "to", "at", "for", "in") or word.dep_ != "prep":
                continue
            if comma - 1 not in {t.i for t in word.subtree}:
                continue         # the phrase runs up to the comma
            if any(_is_person(ctx, t.i) for t in doc[p:comma]):
                break
            titled = _title_before(ctx, p, sent.start, titles)
            if titled is None:
                continue         # "envoy to international organisations [in Vienna]": an outer phrase
            t_start, role = titled
            org = _after_org(ctx, p, comma) or _org_before(ctx, t_start, sent.start, role)
            yield role, org, list(doc[t_start:comma])
            break
    # 3. "X, who leads the opposition alliance", "the party, led by X": a verb that names a role
    # (ontology/cues.tsv kind role_verb) with the organisation it is done to
    verbs = ctx.cues.role_verbs
    root = span.root
    for verb in root.children:
        if verb.dep_ == "relcl" and verb.lemma_.lower() in verbs:
            obj = next((o for o in verb.children if o.dep_ == "dobj"), None)
            if obj is not None and obj.text[:1].isupper() and ctx.index.key_at(obj.i) is None:
                continue     # "chairs the Senate Armed Services Committee": a body of the Senate, not the Senate
            org = _organisation_at(ctx, obj)
            if org is not None:     # (what follows the name is not it: "the Renew group in the European Parliament")
                yield verbs[verb.lemma_.lower()], org, [verb, *(t for t in obj.subtree if t.i <= obj.i)]
    if root.dep_ == "pobj" and root.head.dep_ == "agent" and root.head.head.lemma_.lower() in verbs and \
            root.head.head.dep_ == "acl":
        verb = root.head.head
        org = _organisation_at(ctx, verb.head)
        if org is not None:
            yield verbs[verb.lemma_.lower()], org, [verb, root.head]
    # 2. apposition after the name: "Ana Duarte, the WTO director-general"
    end = span.end
    if end < sent.end - 1 and doc[end].text == ",":
        j = end + 1
        # "X, who is also agriculture minister, …": a relative clause that only states the title
        if j + 1 < sent.end and doc[j].lower_ == "who" and doc[j + 1].lemma_ == "be":
            j += 2
            while j < sent.end and doc[j].lower_ in ("also", "now", "currently", "still"):
                j += 1
        while j < sent.end and doc[j].lower_ in ("the", "a", "an", "its", "their", "his", "her"):
            j += 1
        k = j
        # (up to a verb, a preposition, punctuation or a relative pronoun: "the Brussels environment
        # minister who chaired the meeting")
        while k < min(sent.end, j + 8) and (not doc[k].is_punct or _inner_hyphen(doc, k)) and (
                doc[k].pos_ not in ("VERB", "AUX", "ADP") or (
                doc[k].lower_ == "of" and k > j and _title_before(ctx, min(k + 2, sent.end), j, titles))) \
                and doc[k].lower_ not in ("who", "which", "whose"):
            k += 1       # ("chief of staff to President X": "of" inside a title)
        # the title is the longest suffix of [j, k) in the lexicon
        hit = _title_before(ctx, k, j, titles) if k > j else None
        # in a list ("X, National Security Adviser Y and …", "X, the adviser, Y"), the title is the next name's;
        # a possessive name is not another person in the list ("X, President Vladimir Putin's special envoy")
        people_inside = any(_is_person(ctx, t.i) and t.dep_ != "poss" and not _possessive_name(ctx, t.i)
                            for t in doc[j:k])
        next_is_person = k + 1 < sent.end and doc[k].text == "," and _is_person(ctx, k + 1)
        if hit and not people_inside and not next_is_person:
            start, role = hit
            org = _org_before(ctx, start, j) or _after_org(ctx, k, sent.end)
            yield role, org, list(doc[end:k])
