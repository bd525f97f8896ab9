"""Gold files -> precision / recall / F1 of what extraction put in the graph.

The scorer never looks at how the graph is built: it reads the rows of five named
queries through a ``rows(name)`` callable (``"entities"``, ``"roles"``, ``"stances"``,
``"events"``, ``"quotes"``; each row a dict var -> string, IRIs as full strings,
literals as their lexical form, unbound variables absent) and compares them with the
hand-written gold files documented in ``tests/gold/README.md``. Only documents that
have a gold file are scored; rows of other documents are ignored.

Matching, per kind (every comparison is within one document):

* actors (entities, holders, speakers, persons, organisations, participants, places)
  match by Wikidata ID when both sides have one; otherwise by normalised label
  (casefolded, diacritics and possessive 's stripped, punctuation dropped, a leading
  "the" dropped), where a one-token label also matches a label whose last token it
  equals ("Zelensky" ~ "Volodymyr Zelensky"). A prediction without a label is named
  by the last segment of its IRI (``entity/person/steve-witkoff`` -> "steve witkoff";
  ``entity/Q7747`` -> Wikidata ID Q7747).
* entities: the (document, entity) pair. Type and Wikidata ID are attributes.
* roles: person, and role title compared as token sets after casefolding and unifying
  hyphens and spaces ("Secretary-General" == "secretary general"); the match is
  lenient, the gold tokens a subset of the predicted ones or the other way round.
  When the gold names an organisation, the predicted one must match it.
* stances: holder, topic key and polarity. ``conditional`` and ``date`` are reported
  as attribute accuracy over the matched pairs, not part of the match.
* events: type (the class's local name; the gold may list ``alt_types``), dates
  compatible when both are given (equal, or one a day/month prefix of the other:
  "2025-03" ~ "2025-03-27"), and, when the gold gives participants or a place, at
  least one shared participant or the same place.
* quotes: speaker (a gold speaker of null needs a prediction without one) and text:
  the normalised gold ``quote_start`` is contained in the normalised predicted quote
  (word-aligned), or at least 60% of its tokens occur in it.

Each gold item takes at most one prediction and each prediction serves at most one gold
item. The pairing is greedy: of all (gold, prediction) pairs that match, those that
agree best (same date and conditionality, shared participants, same place, closest
quote text, overlapping evidence) are paired first; ties go by gold file order, then
row order. A prediction left over that would have matched an already matched gold
item is a *duplicate* (the graph holds one node per mention, the gold one item per
fact): it is listed but not counted as a false positive unless
``duplicates_as_fp=True``. Counts are summed over documents (micro-average).
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence
from urllib.parse import unquote

KINDS = ("entities", "roles", "stances", "events", "quotes")
ENTITY_TYPES = ("Person", "Organization", "Country", "Place")
POLARITIES = ("support", "oppose")
QUOTE_TOKEN_OVERLAP = 0.6
OPEN_TOPIC_PREFIX = "open_"   # notation of a topic minted from a stance's complement

RowSource = Callable[[str], list[dict[str, str]]]


class GoldError(ValueError):
    """A gold file that cannot be used; ``str()`` names the file, the item and the problem."""


# --- normalisation ---------------------------------------------------------------

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
# German umlauts as the press transliterates them ("Söder" and "Soeder" are one name)
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def _fold(text: str) -> str:
    """Casefold and strip diacritics ("Orbán" -> "orban", "Söder" -> "soeder")."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFC", text).translate(_UMLAUTS))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().translate(_APOSTROPHES)


def normalise_label(label: str | None) -> str:
    """The form names are compared in: "the Kremlin's" -> "kremlin", "Péter Szijjártó" -> "peter szijjarto"."""
    if not label:
        return ""
    text = _fold(label)
    text = re.sub(r"(\w)'s\b", r"\1", text)      # possessive 's
    text = re.sub(r"(\w)s'(?=\s|$)", r"\1s", text)  # plural possessive s'
    text = " ".join(re.sub(r"[^\w]+", " ", text).split())
    if text.startswith("the ") and len(text) > 4:
        text = text[4:]
    return text


def normalise_role(title: str | None) -> str:
    """Role titles: casefolded, hyphens/dashes/underscores as spaces, other punctuation dropped."""
    if not title:
        return ""
    text = re.sub(r"[-‐‑‒–—_/]+", " ", _fold(title))
    return " ".join(re.sub(r"[^\w\s]+", "", text).split())


def normalise_quote(text: str | None) -> str:
    """Quotation text: casefolded, without diacritics, punctuation or brackets."""
    if not text:
        return ""
    return " ".join(re.sub(r"[^\w]+", " ", _fold(text)).split())


def _date(value: str | None) -> str | None:
    """A date's lexical form cut to what matters: "2025-04-04T00:00:00Z" -> "2025-04-04", "2025-03Z" -> "2025-03"."""
    if not value:
        return None
    m = re.match(r"\s*(-?\d{4}(?:-\d{2}(?:-\d{2})?)?)", value)
    return m.group(1) if m else value.strip()


def dates_compatible(a: str | None, b: str | None) -> bool:
    """Same day/month/year as far as both say: "2025-03" ~ "2025-03-27", "2025" ~ "2025-12-14"."""
    a, b = _date(a), _date(b)
    if a is None or b is None:
        return True
    return a == b or a.startswith(b + "-") or b.startswith(a + "-")


def _local_name(iri: str | None) -> str:
    """``ont:Meeting`` (the full IRI) -> "Meeting"; ``…/topic/ceasefire`` -> "ceasefire"."""
    if not iri:
        return ""
    return re.split(r"[#/]", iri.rstrip("/#"))[-1]


_QID = re.compile(r"(?:^|/)(Q[1-9]\d*)$")


def _qid(value: str | None) -> str | None:
    """``wd:Q7747`` (the full IRI) or ``Q7747`` -> "Q7747"."""
    if not value:
        return None
    m = _QID.search(value.strip())
    return m.group(1) if m else None


def _doc_id(iri: str | None) -> str | None:
    """``http://host/doc/000_060a9d78343a8748`` -> "000_060a9d78343a8748"."""
    if not iri or "/doc/" not in iri:
        return None
    return unquote(iri.rsplit("/doc/", 1)[1].split("#", 1)[0]).strip("/") or None


# --- actors -----------------------------------------------------------------------

@dataclass(frozen=True)
class Actor:
    """Something named: compared by Wikidata ID when both sides have one, else by label."""
    label: str | None
    wikidata: str | None = None

    @classmethod
    def from_row(cls, iri: str | None, label: str | None = None, wikidata: str | None = None) -> Actor | None:
        qid = _qid(wikidata) or _qid(iri)
        if not label and iri and not _qid(iri):
            label = unquote(_local_name(iri)).replace("-", " ").replace("_", " ")
        if not label and not qid:
            return None
        return cls(label or None, qid)

    @property
    def key(self) -> str:
        return normalise_label(self.label)

    def __str__(self) -> str:
        if self.label and self.wikidata:
            return f"{self.label} ({self.wikidata})"
        return self.label or self.wikidata or "?"


def same_actor(a: Actor | None, b: Actor | None) -> bool:
    """Wikidata IDs decide when both have one; else equal normalised labels, or surname ~ full name."""
    if a is None or b is None:
        return False
    if a.wikidata and b.wikidata:
        return a.wikidata == b.wikidata
    x, y = a.key.split(), b.key.split()
    if not x or not y:
        return False
    if x == y:
        return True
    return (len(x) == 1 and x[0] == y[-1]) or (len(y) == 1 and y[0] == x[-1])


def roles_match(gold: str, predicted: str) -> bool:
    """Lenient title match: one title's tokens are a subset of the other's."""
    g, p = set(normalise_role(gold).split()), set(normalise_role(predicted).split())
    return bool(g) and bool(p) and (g <= p or p <= g)


def _token_overlap(gold: str, predicted: str) -> float:
    g, p = gold.split(), Counter(predicted.split())
    if not g:
        return 0.0
    return sum((Counter(g) & p).values()) / len(g)


def _quote_similarity(gold_start: str, predicted: str) -> float:
    """3 equal, 2 prefix, 1.5 contained, else the share of gold tokens found (0..1)."""
    g, p = normalise_quote(gold_start), normalise_quote(predicted)
    if not g or not p:
        return 0.0
    if g == p:
        return 3.0
    if p.startswith(g + " "):
        return 2.0
    if f" {g} " in f" {p} ":
        return 1.5
    return _token_overlap(g, p)


# --- facts, gold and predicted alike -----------------------------------------------

@dataclass
class _Entity:
    doc: str
    actor: Actor
    types: frozenset[str]
    source: dict = field(default_factory=dict, repr=False)

    def describe(self) -> str:
        return f"{self.actor} [{'/'.join(sorted(self.types)) or '?'}]"


@dataclass
class _Role:
    doc: str
    person: Actor
    role: str
    org: Actor | None
    source: dict = field(default_factory=dict, repr=False)

    def describe(self) -> str:
        return f"{self.person} — {self.role or '?'}" + (f" — {self.org}" if self.org else "")


@dataclass
class _Stance:
    doc: str
    holder: Actor
    topic: str
    polarity: str
    conditional: bool
    date: str | None
    evidence: str | None
    source: dict = field(default_factory=dict, repr=False)
    label: str | None = None             # the topic's label (an open topic's phrase)
    terms: tuple[str, ...] = ()          # gold open topic: words that identify it in a label

    @property
    def open_topic(self) -> bool:
        return bool(self.terms) or self.topic.startswith(OPEN_TOPIC_PREFIX)

    def describe(self) -> str:
        cond = " (conditional)" if self.conditional else ""
        ev = f" «{_shorten(self.evidence)}»" if self.evidence else ""
        topic = f"«{self.label}»" if self.open_topic and self.label else self.topic
        return f"{self.holder} {self.polarity} {topic}{cond} [{self.date or 'no date'}]{ev}"


@dataclass
class _Event:
    doc: str
    types: frozenset[str]
    date: str | None
    place: Actor | None
    participants: tuple[Actor, ...]
    text: str | None
    source: dict = field(default_factory=dict, repr=False)

    def describe(self) -> str:
        who = ", ".join(str(p) for p in self.participants) or "no participants"
        where = f" in {self.place}" if self.place else ""
        label = f" «{_shorten(self.text)}»" if self.text else ""
        return f"{'/'.join(sorted(self.types)) or '?'} [{self.date or 'no date'}]{where}: {who}{label}"


@dataclass
class _Quote:
    doc: str
    speaker: Actor | None
    text: str
    date: str | None
    source: dict = field(default_factory=dict, repr=False)

    def describe(self) -> str:
        return f"{self.speaker or 'no speaker'}: «{_shorten(self.text)}» [{self.date or 'no date'}]"


def _shorten(text: str | None, limit: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class _Rules:
    """How one kind of fact is matched and which attributes are checked on a match."""
    matches: Callable[[object, object], bool]
    affinity: Callable[[object, object], float]
    attributes: Callable[[object, object], dict[str, bool]]


def _entity_rules() -> _Rules:
    return _Rules(
        matches=lambda g, p: same_actor(g.actor, p.actor),
        affinity=lambda g, p: float(g.actor.wikidata == p.actor.wikidata) + float(bool(g.types & p.types)),
        attributes=lambda g, p: {"type": bool(g.types & p.types), "wikidata": g.actor.wikidata == p.actor.wikidata},
    )


def _role_rules() -> _Rules:
    def matches(g: _Role, p: _Role) -> bool:
        return (same_actor(g.person, p.person) and roles_match(g.role, p.role)
                and (g.org is None or same_actor(g.org, p.org)))

    def affinity(g: _Role, p: _Role) -> float:
        same_org = (g.org is None and p.org is None) or same_actor(g.org, p.org)
        return float(normalise_role(g.role) == normalise_role(p.role)) + float(same_org)

    return _Rules(matches, affinity,
                  lambda g, p: {"title": normalise_role(g.role) == normalise_role(p.role)})


def topic_matches(g: _Stance, p: _Stance) -> bool:
    """A taxonomy topic by its key; a gold open topic by one of its ``topic_terms`` as a word
    (or word start) of the predicted topic's label, or of its key."""
    if not g.terms:
        return g.topic == p.topic
    label = _fold(f"{p.label or ''} {p.topic.replace('_', ' ')}")
    return any(re.search(r"(?<![\w])" + re.escape(_fold(t)), label) for t in g.terms)


def _stance_rules() -> _Rules:
    def matches(g: _Stance, p: _Stance) -> bool:
        return g.polarity == p.polarity and topic_matches(g, p) and same_actor(g.holder, p.holder)

    def affinity(g: _Stance, p: _Stance) -> float:
        evidence = 0.0
        if g.evidence and p.evidence:
            evidence = _token_overlap(normalise_quote(g.evidence), normalise_quote(p.evidence))
        return float(_date(g.date) == _date(p.date)) + float(g.conditional == p.conditional) + evidence

    return _Rules(matches, affinity,
                  lambda g, p: {"conditional": g.conditional == p.conditional, "date": _date(g.date) == _date(p.date)})


def _event_rules() -> _Rules:
    def shared(g: _Event, p: _Event) -> int:
        return sum(1 for a in g.participants if any(same_actor(a, b) for b in p.participants))

    def matches(g: _Event, p: _Event) -> bool:
        if not (g.types & p.types) or not dates_compatible(g.date, p.date):
            return False
        if not g.participants and g.place is None:
            return True
        return shared(g, p) > 0 or (g.place is not None and same_actor(g.place, p.place))

    def affinity(g: _Event, p: _Event) -> float:
        return (shared(g, p) + float(_date(g.date) == _date(p.date))
                + float(g.place is not None and same_actor(g.place, p.place)) + float(bool(g.types & p.types)))

    def attributes(g: _Event, p: _Event) -> dict[str, bool]:
        found = {"date": _date(g.date) == _date(p.date)}
        if g.place is not None:
            found["place"] = same_actor(g.place, p.place)
        return found

    return _Rules(matches, affinity, attributes)


def _quote_rules() -> _Rules:
    def matches(g: _Quote, p: _Quote) -> bool:
        if g.speaker is None:
            if p.speaker is not None:
                return False
        elif not same_actor(g.speaker, p.speaker):
            return False
        return _quote_similarity(g.text, p.text) >= QUOTE_TOKEN_OVERLAP

    return _Rules(matches, lambda g, p: _quote_similarity(g.text, p.text),
                  lambda g, p: {"date": _date(g.date) == _date(p.date)})


_RULES: dict[str, Callable[[], _Rules]] = {
    "entities": _entity_rules, "roles": _role_rules, "stances": _stance_rules,
    "events": _event_rules, "quotes": _quote_rules,
}


# --- gold files --------------------------------------------------------------------

_ITEM_KEYS = {
    "entities": {"label", "type", "wikidata", "notes"},
    "roles": {"person", "person_wikidata", "role", "org", "org_wikidata", "notes"},
    "stances": {"holder", "holder_wikidata", "topic", "topic_terms", "polarity", "conditional", "date", "evidence",
                "notes"},
    "events": {"type", "alt_types", "date", "place", "place_wikidata", "participants", "participants_wikidata",
               "evidence", "notes"},
    "quotes": {"speaker", "speaker_wikidata", "quote_start", "date", "notes"},
}
_REQUIRED = {
    "entities": {"label", "type"}, "roles": {"person", "role"},
    "stances": {"holder", "topic", "polarity"}, "events": {"type"}, "quotes": {"quote_start"},
}
_TOP_KEYS = {"doc_id", "article_date", "notes", "open_topics", "source", *KINDS}
_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


@dataclass
class GoldDocument:
    """One gold file, parsed: the facts a careful reader finds in one article."""
    doc_id: str
    path: Path
    article_date: str | None
    items: dict[str, list] = field(default_factory=dict)
    open_topics: bool = False   # every stance annotated, issues outside the taxonomy too


def load_gold(gold_dir: Path | str | Sequence[Path | str]) -> dict[str, GoldDocument]:
    """Read every ``*.json`` directly in the folder(s); each must be a valid gold file.

    Sub-folders are not read: pass them too (``[gold, gold / "extra"]``) to score them.
    """
    dirs = [Path(gold_dir)] if isinstance(gold_dir, (str, Path)) else [Path(d) for d in gold_dir]
    docs: dict[str, GoldDocument] = {}
    for directory in dirs:
        if not directory.is_dir():
            raise GoldError(f"{directory}: no such gold folder")
        for path in sorted(directory.glob("*.json")):
            doc = _read_gold_file(path)
            if doc.doc_id in docs:
                raise GoldError(f"{path}: doc_id {doc.doc_id!r} already has a gold file: {docs[doc.doc_id].path}")
            docs[doc.doc_id] = doc
    return docs


def _read_gold_file(path: Path) -> GoldDocument:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise GoldError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"{path}: cannot be read: {exc}") from None
    if not isinstance(data, dict):
        raise GoldError(f"{path}: the top level must be a JSON object")
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise GoldError(f"{path}: unknown key(s) {sorted(unknown)}; allowed: {sorted(_TOP_KEYS)}")
    doc_id = data.get("doc_id")
    if doc_id != path.stem:
        raise GoldError(f"{path}: doc_id {doc_id!r} must equal the file name without .json ({path.stem!r})")
    article_date = data.get("article_date")
    if article_date is not None and not (isinstance(article_date, str) and _DATE.match(article_date)):
        raise GoldError(f"{path}: article_date {article_date!r} is not YYYY-MM-DD or null")
    open_topics = data.get("open_topics", False)
    if not isinstance(open_topics, bool):
        raise GoldError(f"{path}: open_topics must be true or false")
    doc = GoldDocument(doc_id, path, article_date, open_topics=open_topics)
    for kind in KINDS:
        if kind not in data:
            raise GoldError(f"{path}: missing list {kind!r} (use [] when the article has none)")
        if not isinstance(data[kind], list):
            raise GoldError(f"{path}: {kind!r} must be a list")
        doc.items[kind] = [_gold_item(path, doc_id, kind, i, item) for i, item in enumerate(data[kind])]
    return doc


def _gold_item(path: Path, doc_id: str, kind: str, index: int, item: object):
    where = f"{path}: {kind}[{index}]"

    def fail(problem: str) -> GoldError:
        return GoldError(f"{where}: {problem}")

    if not isinstance(item, dict):
        raise fail("must be a JSON object")
    unknown = set(item) - _ITEM_KEYS[kind]
    if unknown:
        raise fail(f"unknown key(s) {sorted(unknown)}; allowed: {sorted(_ITEM_KEYS[kind])}")
    missing = {k for k in _REQUIRED[kind] if not item.get(k)}
    if missing:
        raise fail(f"missing or empty {sorted(missing)}")

    def text(key: str, optional: bool = True) -> str | None:
        value = item.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            raise fail(f"{key!r} must be a non-empty string{' or null' if optional else ''}")
        return value

    def qid(key: str) -> str | None:
        value = item.get(key)
        if value is None:
            return None
        found = _qid(value) if isinstance(value, str) else None
        if not found:
            raise fail(f"{key!r} must be a Wikidata ID like \"Q7747\" or null, not {value!r}")
        return found

    def date() -> str | None:
        value = item.get("date")
        if value is not None and not (isinstance(value, str) and _DATE.match(value)):
            raise fail(f"date {value!r} must be \"YYYY\", \"YYYY-MM\", \"YYYY-MM-DD\" or null")
        return value

    def actor(label_key: str, qid_key: str) -> Actor | None:
        label = text(label_key)
        return Actor(label, qid(qid_key)) if label else None

    if kind == "entities":
        etype = text("type", optional=False)
        if etype not in ENTITY_TYPES:
            raise fail(f"type {etype!r} must be one of {list(ENTITY_TYPES)}")
        return _Entity(doc_id, actor("label", "wikidata"), frozenset({etype}), item)
    if kind == "roles":
        return _Role(doc_id, actor("person", "person_wikidata"), text("role", optional=False),
                     actor("org", "org_wikidata"), item)
    if kind == "stances":
        polarity = text("polarity", optional=False)
        if polarity not in POLARITIES:
            raise fail(f"polarity {polarity!r} must be one of {list(POLARITIES)}")
        conditional = item.get("conditional", False)
        if not isinstance(conditional, bool):
            raise fail("conditional must be true or false")
        raw_topic = text("topic", optional=False)
        terms = item.get("topic_terms") or []
        if not isinstance(terms, list) or not all(isinstance(t, str) and t.strip() for t in terms):
            raise fail("topic_terms must be a list of words")
        topic = raw_topic.casefold() if terms else _local_name(raw_topic).casefold()
        return _Stance(doc_id, actor("holder", "holder_wikidata"), topic, polarity,
                       conditional, date(), text("evidence"), item, label=raw_topic, terms=tuple(terms))
    if kind == "events":
        alt = item.get("alt_types") or []
        if not isinstance(alt, list) or not all(isinstance(t, str) and t for t in alt):
            raise fail("alt_types must be a list of class names")
        names = item.get("participants") or []
        qids = item.get("participants_wikidata")
        if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
            raise fail("participants must be a list of names")
        if qids is None:
            qids = [None] * len(names)
        if not isinstance(qids, list) or len(qids) != len(names):
            raise fail("participants_wikidata must be a list as long as participants (null where unknown)")
        participants = []
        for name, q in zip(names, qids):
            if q is not None and not (isinstance(q, str) and _qid(q)):
                raise fail(f"participants_wikidata entry {q!r} must be a Wikidata ID or null")
            participants.append(Actor(name, _qid(q) if q else None))
        return _Event(doc_id, frozenset({text("type", optional=False), *alt}), date(),
                      actor("place", "place_wikidata"), tuple(participants), text("evidence"), item)
    return _Quote(doc_id, actor("speaker", "speaker_wikidata"), text("quote_start", optional=False), date(), item)


# --- predictions from query rows ---------------------------------------------------

def _predictions(kind: str, rows: Iterable[dict[str, str]], docs: set[str]) -> dict[str, list]:
    """Group query rows into one predicted fact per (document, node), for the gold documents only."""
    groups: dict[tuple[str, str], list[dict[str, str]]] = {}
    node_var = {"entities": "entity", "stances": "stance", "events": "event", "quotes": "statement"}.get(kind)
    for n, row in enumerate(rows):
        doc = _doc_id(row.get("doc"))
        if doc is None or doc not in docs:
            continue
        if kind == "roles":
            node = "|".join(row.get(k, "") for k in ("person", "personLabel", "role", "org", "orgLabel"))
        else:
            node = row.get(node_var) or f"#row{n}"
        groups.setdefault((doc, node), []).append(row)

    out: dict[str, list] = {}
    for (doc, _), group in groups.items():
        fact = _BUILD[kind](doc, group)
        if fact is not None:
            out.setdefault(doc, []).append(fact)
    return out


def _first(rows: list[dict[str, str]], var: str) -> str | None:
    return next((r[var] for r in rows if r.get(var)), None)


def _build_entity(doc: str, rows: list[dict[str, str]]) -> _Entity | None:
    actor = Actor.from_row(_first(rows, "entity"), _first(rows, "label"), _first(rows, "wikidata"))
    if actor is None:
        return None
    types = frozenset(_local_name(r["type"]) for r in rows if r.get("type"))
    return _Entity(doc, actor, types, rows[0])


def _build_role(doc: str, rows: list[dict[str, str]]) -> _Role | None:
    r = rows[0]
    person = Actor.from_row(r.get("person"), r.get("personLabel"), r.get("personWikidata"))
    if person is None:
        return None
    org = Actor.from_row(r.get("org"), r.get("orgLabel"), r.get("orgWikidata"))
    return _Role(doc, person, r.get("role", ""), org, r)


def _build_stance(doc: str, rows: list[dict[str, str]]) -> _Stance | None:
    holder = Actor.from_row(_first(rows, "holder"), _first(rows, "holderLabel"), _first(rows, "holderWikidata"))
    if holder is None:
        return None
    conditional = (_first(rows, "conditional") or "false").strip().casefold() in ("true", "1")
    return _Stance(doc, holder, _local_name(_first(rows, "topicKey")).casefold(),
                   _local_name(_first(rows, "polarity")).casefold(), conditional,
                   _date(_first(rows, "date")), _first(rows, "evidence"), rows[0],
                   label=_first(rows, "topicLabel"))


def _build_event(doc: str, rows: list[dict[str, str]]) -> _Event:
    types = frozenset(_local_name(r["type"]) for r in rows if r.get("type"))
    place = Actor.from_row(_first(rows, "place"), None, _first(rows, "placeWikidata"))
    participants: list[Actor] = []
    for r in rows:
        p = Actor.from_row(r.get("participant"), None, r.get("participantWikidata"))
        if p is not None and p not in participants:
            participants.append(p)
    return _Event(doc, types, _date(_first(rows, "date")), place, tuple(participants),
                  _first(rows, "label") or _first(rows, "evidence"), rows[0])


def _build_quote(doc: str, rows: list[dict[str, str]]) -> _Quote | None:
    text = _first(rows, "quote")
    if not text:
        return None
    speaker = Actor.from_row(_first(rows, "speaker"), None, _first(rows, "speakerWikidata"))
    return _Quote(doc, speaker, text, _date(_first(rows, "date")), rows[0])


_BUILD = {"entities": _build_entity, "roles": _build_role, "stances": _build_stance,
          "events": _build_event, "quotes": _build_quote}


# --- scoring ------------------------------------------------------------------------

def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


@dataclass
class KindScore:
    """Counts, attribute accuracy and the items to read for one kind of fact."""
    kind: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    duplicates: int = 0
    attributes: dict[str, list[int]] = field(default_factory=dict)  # name -> [correct, compared]
    misses: list[dict] = field(default_factory=list)
    false_positives: list[dict] = field(default_factory=list)
    duplicate_items: list[dict] = field(default_factory=list)
    per_doc: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 1.0 when there was nothing to find and nothing was predicted."""
        return 1.0 if self.tp + self.fp + self.fn == 0 else _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return 1.0 if self.tp + self.fp + self.fn == 0 else _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict:
        return {
            "tp": self.tp, "fp": self.fp, "fn": self.fn, "duplicates": self.duplicates,
            "precision": self.precision, "recall": self.recall, "f1": self.f1,
            "attributes": {k: {"correct": c, "compared": n, "accuracy": _ratio(c, n)}
                           for k, (c, n) in self.attributes.items()},
            "per_doc": self.per_doc,
            "misses": self.misses, "false_positives": self.false_positives,
            "duplicates_list": self.duplicate_items,
        }


@dataclass
class EvalReport:
    """Scores per kind over the documents that have gold files."""
    docs: list[str]
    scores: dict[str, KindScore]
    docs_without_predictions: list[str] = field(default_factory=list)
    duplicates_as_fp: bool = False

    @property
    def overall(self) -> KindScore:
        total = KindScore("all")
        for s in self.scores.values():
            total.tp, total.fp, total.fn = total.tp + s.tp, total.fp + s.fp, total.fn + s.fn
            total.duplicates += s.duplicates
        return total

    def to_dict(self) -> dict:
        return {
            "docs": self.docs,
            "docs_without_predictions": self.docs_without_predictions,
            "duplicates_as_fp": self.duplicates_as_fp,
            "kinds": {k: s.to_dict() for k, s in self.scores.items()},
            "overall": {k: v for k, v in self.overall.to_dict().items()
                        if k in ("tp", "fp", "fn", "duplicates", "precision", "recall", "f1")},
        }

    def format(self, max_items: int | None = None) -> str:
        """A plain-text table, attribute accuracy, then every miss and false positive."""
        lines = [f"Extraction vs gold: {len(self.docs)} document(s)"]
        if self.docs_without_predictions:
            lines.append("  no predictions at all for: " + ", ".join(self.docs_without_predictions))
        lines.append("")
        header = (f"{'kind':<10} {'gold':>5} {'pred':>5} {'tp':>5} {'fp':>5} {'fn':>5} {'dup':>5} "
                  f"{'P':>7} {'R':>7} {'F1':>7}")
        lines += [header, "-" * len(header)]
        for s in [*self.scores.values(), self.overall]:
            lines.append(f"{s.kind:<10} {s.tp + s.fn:>5} {s.tp + s.fp + s.duplicates:>5} {s.tp:>5} {s.fp:>5} "
                         f"{s.fn:>5} {s.duplicates:>5} {s.precision:>7.3f} {s.recall:>7.3f} {s.f1:>7.3f}")
        attrs = [(k, name, c, n) for k, s in self.scores.items() for name, (c, n) in s.attributes.items()]
        if attrs:
            lines += ["", "attribute accuracy on matched items:"]
            for kind, name, c, n in attrs:
                lines.append(f"  {kind + '.' + name:<22} {c:>4}/{n:<4} {_ratio(c, n):.3f}")
        for s in self.scores.values():
            for title, items in (("missed (fn)", s.misses), ("false positives (fp)", s.false_positives)):
                if not items:
                    continue
                lines += ["", f"[{s.kind}] {title}: {len(items)}"]
                shown = items if max_items is None else items[:max_items]
                lines += [f"  {i['doc']}  {i['item']}" for i in shown]
                if len(shown) < len(items):
                    lines.append(f"  … {len(items) - len(shown)} more")
        return "\n".join(lines) + "\n"


def _entry(fact) -> dict:
    """A miss, false positive or duplicate as a reader needs it: document, one line, and the raw item or row."""
    return {"doc": fact.doc, "item": fact.describe(), "source": dict(fact.source)}


def _score_kind(kind: str, gold: dict[str, list], predicted: dict[str, list], duplicates_as_fp: bool) -> KindScore:
    rules = _RULES[kind]()
    score = KindScore(kind)
    for doc in sorted(set(gold) | set(predicted)):
        golds, preds = gold.get(doc, []), predicted.get(doc, [])
        pairs = sorted(((rules.affinity(g, p), -gi, -pi) for gi, g in enumerate(golds)
                        for pi, p in enumerate(preds) if rules.matches(g, p)), reverse=True)
        taken: dict[int, int] = {}  # prediction index -> gold index
        for _, neg_gi, neg_pi in pairs:
            gi, pi = -neg_gi, -neg_pi
            if pi not in taken and gi not in taken.values():
                taken[pi] = gi
        doc_counts = {"tp": len(taken), "fp": 0, "fn": 0, "duplicates": 0}
        for pi, gi in sorted(taken.items(), key=lambda t: t[1]):
            for name, ok in rules.attributes(golds[gi], preds[pi]).items():
                counts = score.attributes.setdefault(name, [0, 0])
                counts[0] += int(ok)
                counts[1] += 1
        matched = set(taken.values())
        for gi, g in enumerate(golds):
            if gi not in matched:
                score.misses.append(_entry(g))
                doc_counts["fn"] += 1
        matched_golds = [golds[gi] for gi in sorted(matched)]
        for pi, p in enumerate(preds):
            if pi in taken:
                continue
            if not duplicates_as_fp and any(rules.matches(g, p) for g in matched_golds):
                score.duplicate_items.append(_entry(p))
                doc_counts["duplicates"] += 1
            else:
                score.false_positives.append(_entry(p))
                doc_counts["fp"] += 1
        score.tp += doc_counts["tp"]
        score.fp += doc_counts["fp"]
        score.fn += doc_counts["fn"]
        score.duplicates += doc_counts["duplicates"]
        score.per_doc[doc] = doc_counts
    return score


def evaluate(gold_dir: Path | str | Sequence[Path | str], rows: RowSource, *,
             kinds: Sequence[str] = KINDS, duplicates_as_fp: bool = False) -> EvalReport:
    """Score the rows of the named queries against the gold files in ``gold_dir``.

    ``rows(name)`` returns the rows of the named query ``name`` (see the module
    docstring for the columns). Documents without a gold file are ignored.
    """
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise ValueError(f"unknown kind(s) {unknown}; known: {list(KINDS)}")
    gold_docs = load_gold(gold_dir)
    doc_ids = set(gold_docs)
    scores: dict[str, KindScore] = {}
    seen: set[str] = set()
    for kind in kinds:
        gold = {d: g.items[kind] for d, g in gold_docs.items() if g.items[kind]}
        predicted = _predictions(kind, rows(kind), doc_ids)
        if kind == "stances":   # open topics are scored only where the gold annotates them
            predicted = {d: [p for p in ps if gold_docs[d].open_topics or not p.open_topic]
                         for d, ps in predicted.items()}
        seen.update(predicted)
        scores[kind] = _score_kind(kind, gold, predicted, duplicates_as_fp)
    return EvalReport(sorted(doc_ids), scores, sorted(doc_ids - seen), duplicates_as_fp)
