"""Full-text search over the store: entities by name or alias, topics by label, stances,
quotes and events by the words of their sentences, and documents by their text.

Oxigraph has no text index, so every ``kg build`` writes one beside the graph: an SQLite FTS5
table (Python's standard library) in ``<store>/search.sqlite``, rebuilt from the store after the
build's own writes, so it always describes what the store holds. A reader whose index is
missing or older than the store (a store written by something else) gets one built in memory
from the store instead (:func:`open_index`): search never answers from stale data.

Users' words are never FTS5 syntax: each word is quoted, the last one also matched as a
prefix (what autocompletion needs), and all must occur.
"""
from __future__ import annotations

import hashlib
import re
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from .namespaces import DCT, NIF, ONT, OWL, PROV, RDF, RDFS, SKOS, TOPIC

INDEX_FILE = "search.sqlite"
INDEX_VERSION = "2"
"""What the index holds and how: a reader rebuilds an index of another version."""
KINDS = ("entity", "topic", "stance", "quote", "event", "document")
"""What can be found, in the order results of equal relevance are listed."""

_MARK_START, _MARK_END = "\x02", "\x03"
_WEIGHTS = (12.0, 6.0, 1.0)   # label, aliases, text; entities and topics count twice (see search)
_SCHEMA = """
CREATE VIRTUAL TABLE entries USING fts5(
  kind UNINDEXED, iri UNINDEXED, label, aliases, text, detail UNINDEXED, date UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
"""

_ENTITIES = f"""
SELECT ?iri (SAMPLE(?l) AS ?label) (GROUP_CONCAT(DISTINCT ?alias; separator=" | ") AS ?aliases)
       (SAMPLE(?c) AS ?class) WHERE {{
  VALUES ?c {{ <{ONT}Person> <{ONT}Organization> <{ONT}Country> <{ONT}Place> <{ONT}Actor> }}
  ?iri a ?c ; <{RDFS}label> ?l .
  OPTIONAL {{ ?iri <{OWL}sameAs> ?wd . ?entry <{ONT}wikidata> ?wd ; <{ONT}alias> ?alias }}
}} GROUP BY ?iri"""

_TOPICS = f"""
SELECT ?iri ?key (SAMPLE(?l) AS ?label) (GROUP_CONCAT(DISTINCT ?alt; separator=" | ") AS ?aliases)
       (SAMPLE(?d) AS ?definition) WHERE {{
  ?iri <{SKOS}notation> ?key .
  FILTER (STRSTARTS(STR(?iri), "{TOPIC}"))
  FILTER EXISTS {{ ?stance <{ONT}topic> ?iri }}
  OPTIONAL {{ ?iri <{SKOS}prefLabel> ?l }}
  OPTIONAL {{ ?iri <{SKOS}altLabel> ?alt }}
  OPTIONAL {{ ?iri <{SKOS}definition> ?d }}
}} GROUP BY ?iri ?key"""

# holders' and topics' labels are read apart: joined in one query, every document graph's copy
# of a label multiplies the rows (7 s for 2,600 stances in 200 documents, against 0.1 s)
_STANCES = f"""
SELECT ?iri (SAMPLE(?h) AS ?holderIri) (SAMPLE(?p) AS ?polarity) (SAMPLE(?t) AS ?topicIri)
       (SAMPLE(?s) AS ?sentence) (SAMPLE(?d) AS ?date) WHERE {{
  ?iri a <{ONT}Stance> ; <{ONT}holder> ?h ; <{ONT}topic> ?t ; <{ONT}polarity> ?p .
  OPTIONAL {{ ?iri <{ONT}sentence>/<{NIF}anchorOf> ?s }}
  OPTIONAL {{ ?iri <{ONT}date> ?d }}
}} GROUP BY ?iri"""

_STANCE_LABELS = f"""
SELECT DISTINCT ?x ?label WHERE {{
  {{ SELECT DISTINCT ?x WHERE {{ ?st a <{ONT}Stance> ; <{ONT}holder>|<{ONT}topic> ?x }} }}
  {{ ?x <{RDFS}label> ?label }} UNION {{ ?x <{SKOS}prefLabel> ?label }}
}}"""

_QUOTES = f"""
SELECT ?iri (SAMPLE(?sl) AS ?speaker) (SAMPLE(?q) AS ?quote) (SAMPLE(?s) AS ?sentence) (SAMPLE(?d) AS ?date) WHERE {{
  ?iri <{ONT}quote> ?q .
  FILTER (STRSTARTS(STR(?iri), ?base))
  FILTER NOT EXISTS {{ ?merged <{ONT}mergedFrom> ?iri }}
  OPTIONAL {{ ?iri <{ONT}speaker>/<{RDFS}label> ?sl }}
  OPTIONAL {{ ?iri <{ONT}sentence>/<{NIF}anchorOf> ?s }}
  OPTIONAL {{ ?iri <{ONT}date> ?d }}
}} GROUP BY ?iri"""

_EVENTS = f"""
SELECT ?iri (SAMPLE(?l) AS ?label) (SAMPLE(?c) AS ?class) (SAMPLE(?s) AS ?sentence) (SAMPLE(?d) AS ?date) WHERE {{
  ?iri a ?c ; <{PROV}wasDerivedFrom> ?doc .
  ?c <{RDFS}subClassOf> <{ONT}Event> .
  FILTER (?c != <{ONT}Statement>)
  FILTER NOT EXISTS {{ ?merged <{ONT}mergedFrom> ?iri }}
  OPTIONAL {{ ?iri <{RDFS}label> ?l }}
  OPTIONAL {{ ?iri <{ONT}sentence>/<{NIF}anchorOf> ?s }}
  OPTIONAL {{ ?iri <{ONT}date> ?d }}
}} GROUP BY ?iri"""

_DOCUMENTS = f"""
SELECT ?iri (SAMPLE(?t) AS ?title) (SAMPLE(?f) AS ?file) (SAMPLE(?c) AS ?comment) (SAMPLE(?d) AS ?date)
       (SAMPLE(?x) AS ?text) WHERE {{
  ?iri a <{ONT}Document> .
  OPTIONAL {{ ?iri <{ONT}text>/<{NIF}isString> ?x }}
  OPTIONAL {{ ?iri <{DCT}title> ?t }}
  OPTIONAL {{ ?iri <{ONT}sourceFile> ?f }}
  OPTIONAL {{ ?iri <{RDFS}comment> ?c }}
  OPTIONAL {{ ?iri <{DCT}date> ?d }}
}} GROUP BY ?iri"""


@dataclass
class SearchHit:
    kind: str
    iri: str
    label: str
    detail: str
    date: str
    snippet: list[tuple[str, bool]]
    """The matching text in pieces, each (text, matched)."""
    score: float

    def to_dict(self, base: str) -> dict:
        return {"kind": self.kind, "iri": self.iri, "href": href_for(self.kind, self.iri, base),
                "label": self.label, "detail": self.detail, "date": self.date,
                "snippet": [{"text": t, "match": m} for t, m in self.snippet], "score": round(self.score, 3)}


def href_for(kind: str, iri: str, base: str) -> str:
    """The page on this server that shows a hit: topics at /topic/<key>, minted IRIs at their path."""
    if kind == "topic" and iri.startswith(TOPIC):
        return "/topic/" + iri[len(TOPIC):]
    if iri.startswith(base):
        return "/" + iri[len(base):]
    return ""


def _select(store, query: str) -> list[dict[str, str]]:
    """Rows as plain strings from a ``pyoxigraph.Store`` or a :class:`kg.store.KnowledgeStore`."""
    raw = getattr(store, "store", store)
    solutions = raw.query(query, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in solutions]


def _entries(store, base: str):
    """(kind, iri, label, aliases, text, detail, date) for everything the index holds."""
    for r in _select(store, _ENTITIES):
        kind = r.get("class", ONT + "Actor")[len(ONT):].lower()
        aliases = " | ".join(a for a in r.get("aliases", "").split(" | ") if a and a != r.get("label"))
        yield "entity", r["iri"], r.get("label", ""), aliases, "", kind, ""
    for r in _select(store, _TOPICS):
        yield ("topic", r["iri"], r.get("label") or r["key"], r.get("aliases", ""), r.get("definition", ""),
               "open topic" if r["key"].startswith("open_") else "topic", "")
    labels: dict[str, str] = {}
    for r in _select(store, _STANCE_LABELS):
        labels.setdefault(r["x"], r["label"])
    for r in _select(store, _STANCES):
        verb = {"support": "supports", "oppose": "opposes"}.get(r.get("polarity", ""), r.get("polarity", ""))
        holder, topic = labels.get(r.get("holderIri", ""), "?"), labels.get(r.get("topicIri", ""), "")
        yield ("stance", r["iri"], f"{holder} {verb} {topic}".strip(), "",
               r.get("sentence", ""), "stance", r.get("date", ""))
    for r in _select(store, _QUOTES.replace("?base", '"' + base.replace('"', "") + '"')):
        yield ("quote", r["iri"], f"{r.get('speaker', 'unattributed')}: “{r.get('quote', '')}”", "",
               r.get("sentence", ""), "quote", r.get("date", ""))
    for r in _select(store, _EVENTS):
        kind = r.get("class", "")[len(ONT):].lower() or "event"
        yield "event", r["iri"], r.get("label", kind), "", r.get("sentence", ""), kind, r.get("date", "")
    for r in _select(store, _DOCUMENTS):
        yield ("document", r["iri"], r.get("title") or r.get("file") or r["iri"].rsplit("/", 1)[-1], "",
               " ".join(x for x in (r.get("comment", ""), r.get("text", "")) if x), r.get("file", ""), r.get("date", ""))


def _fill(db: sqlite3.Connection, store, base: str) -> int:
    db.executescript(_SCHEMA)
    count = 0
    with db:
        for entry in _entries(store, base):
            db.execute("INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?)", entry)
            count += 1
        db.execute("INSERT INTO meta VALUES ('fingerprint', ?), ('base', ?), ('version', ?)",
                   (store_fingerprint(store), base, INDEX_VERSION))
    return count


def store_fingerprint(store) -> str:
    """What the store holds, in a few bytes: every document's content stamp and the number of
    quads (a changed, added or removed article, or a new extractor, changes it)."""
    raw = getattr(store, "store", store)
    h = hashlib.sha256(str(len(raw)).encode())
    rows = raw.query(f"SELECT ?doc ?hash WHERE {{ GRAPH ?g {{ ?doc a <{ONT}Document> ; <{ONT}contentHash> ?hash }} }}")
    for doc, stamp in sorted((r["doc"].value, r["hash"].value) for r in rows):
        h.update(f"{doc} {stamp}\n".encode())
    return h.hexdigest()[:24]


def _index_meta(path: Path) -> dict[str, str]:
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return dict(db.execute("SELECT key, value FROM meta").fetchall())
        finally:
            db.close()
    except sqlite3.Error:
        return {}


def _describes(meta: dict[str, str], store, base: str) -> bool:
    """Whether an index with ``meta`` was written, by this version, for ``store`` as it is now."""
    return (bool(meta) and meta.get("version") == INDEX_VERSION and meta.get("base") == base
            and meta.get("fingerprint") == store_fingerprint(store))


def refresh_index(store, store_dir: str | Path, base: str) -> bool:
    """Rewrite ``<store_dir>/search.sqlite`` unless it already describes ``store`` as it is
    (what every ``kg build`` calls last); whether it was rewritten."""
    if _describes(_index_meta(Path(store_dir) / INDEX_FILE), store, base):
        return False
    write_index(store, store_dir, base)
    return True


def write_index(store, store_dir: str | Path, base: str) -> int:
    """Rebuild ``<store_dir>/search.sqlite`` from ``store``; the number of entries written.
    Written to a temporary file and renamed, so a reader never sees half an index."""
    path = Path(store_dir) / INDEX_FILE
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    try:
        count = _fill(db, store, base)
    finally:
        db.close()
    tmp.replace(path)
    return count


class SearchIndex:
    """An open index: the file a build wrote, or one built in memory from the store."""

    def __init__(self, db: sqlite3.Connection, source: str):
        self.db = db
        self.source = source
        self._lock = threading.Lock()

    def search(self, text: str, limit: int = 20, kinds: tuple[str, ...] | None = None) -> list[SearchHit]:
        """Entries matching every word of ``text`` (the last also as a prefix), best first."""
        match = fts_query(text)
        if not match:
            return []
        wanted = [k for k in (kinds or KINDS) if k in KINDS]
        if not wanted:
            return []
        sql = (f"SELECT kind, iri, label, detail, date, "
               f"snippet(entries, -1, '{_MARK_START}', '{_MARK_END}', '…', 14), "
               f"bm25(entries, 0, 0, {_WEIGHTS[0]}, {_WEIGHTS[1]}, {_WEIGHTS[2]}, 0, 0) AS score "
               f"FROM entries WHERE entries MATCH ? AND kind IN ({','.join('?' * len(wanted))}) "
               f"ORDER BY score * CASE kind WHEN 'entity' THEN 2 WHEN 'topic' THEN 2 ELSE 1 END, CASE kind {' '.join(f'WHEN ? THEN {i}' for i in range(len(KINDS)))} END, label "
               f"LIMIT ?")
        with self._lock:
            rows = self.db.execute(sql, [match, *wanted, *KINDS, max(1, min(limit, 200))]).fetchall()
        return [SearchHit(kind, iri, label, detail, date, _pieces(snippet), -score)
                for kind, iri, label, detail, date, snippet, score in rows]

    def __len__(self) -> int:
        with self._lock:
            return self.db.execute("SELECT COUNT(*) FROM entries").fetchone()[0]


def _pieces(snippet: str) -> list[tuple[str, bool]]:
    out = []
    for part in re.split(f"({_MARK_START}[^{_MARK_END}]*{_MARK_END})", snippet or ""):
        if part.startswith(_MARK_START):
            out.append((part[1:-1], True))
        elif part:
            out.append((part, False))
    return out


_WORDS = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str:
    """FTS5 MATCH text for a user's words: each quoted, the last one also a prefix; all required."""
    words = _WORDS.findall(text or "")[:12]
    if not words:
        return ""
    quoted = [f'"{w}"' for w in words]
    if len(words[-1]) >= 2:
        quoted[-1] += "*"
    return " AND ".join(quoted)


def open_index(store, store_dir: str | Path | None, base: str) -> SearchIndex:
    """The index of ``store_dir`` if it was written for this store's current contents, else
    an index built in memory from ``store`` (a few seconds for thousands of documents)."""
    if store_dir:
        path = Path(store_dir) / INDEX_FILE
        meta = _index_meta(path) if path.is_file() else {}
        if _describes(meta, store, base):
            return SearchIndex(sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False), str(path))
    db = sqlite3.connect(":memory:", check_same_thread=False)
    _fill(db, store, base)
    return SearchIndex(db, "memory")
