"""The same article reached twice: by its canonical URL, or by near-identical text.

A wire story republished by ten outlets, or one page reached by two URLs, must not count its
stances and quotes ten times. The first copy built is the *original*: it is extracted as
usual. Every later copy is still a document (its URL, publisher and date are facts about
the news) but carries ``ont:copyOf`` the original and no extracted facts.

Near-identical text is found with a 64-bit SimHash over word 3-shingles: two texts whose
fingerprints differ in at most ``MAX_DISTANCE`` bits are copies. Measured on the 53 articles of
the sample and gold corpora (most on one subject): two different articles are never closer than
19 bits; a copy with a new dateline, three words changed and its last sentence cut is 6 bits
away on average, 10 at most. Only documents with a URL
(fetched pages, WARC records, articles whose metadata gives a url) take part: local text
files are taken as distinct articles.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..mapping import IRIs
from ..namespaces import sparql_prefixes

SHINGLE = 3
MAX_DISTANCE = 10
MIN_WORDS = 40
"""Texts shorter than this are compared by canonical URL only (a short text's SimHash is too coarse)."""

_TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid|at_medium|at_campaign)$", re.I)


def canonical_url(url: str) -> str:
    """``url`` normalised for comparison: scheme and host lower-cased, default port, fragment and
    tracking parameters (utm_*, fbclid…) dropped, a trailing slash removed."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:   # a malformed host or port: compare it as written
        return url.strip()
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)])
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    return urlunsplit((scheme, netloc, path, query, ""))


def simhash(text: str) -> int:
    """64-bit SimHash of the text's word 3-shingles (case and punctuation ignored)."""
    words = re.findall(r"\w+", text.lower())
    if len(words) < SHINGLE:
        shingles = [" ".join(words)]
    else:
        shingles = [" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)]
    weights = [0] * 64
    for shingle in shingles:
        h = int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "big")
        for bit in range(64):
            weights[bit] += 1 if h >> bit & 1 else -1
    return sum(1 << bit for bit in range(64) if weights[bit] > 0)


def hamming(a: int, b: int) -> int:
    return (a ^ b).bit_count()


@dataclass
class _Known:
    doc_id: str
    canonical: str | None
    fingerprint: int | None


class Deduplicator:
    """Marks copies in a stream of documents: ``doc.metadata["copy_of"]`` = the original's doc_id.

    ``known`` are the originals already in the store (doc_id, canonical URL, fingerprint);
    documents seen in this run are added as they pass.
    """

    def __init__(self, known: list[tuple[str, str | None, str | None]] = ()):
        self._by_id: dict[str, _Known] = {}
        self._by_canonical: dict[str, str] = {}
        self._by_band: dict[tuple[int, int], set[str]] = {}   # MAX_DISTANCE + 1 bands: a near copy shares one
        for doc_id, canonical, fingerprint in known:
            self._remember(_Known(doc_id, canonical, int(fingerprint, 16) if fingerprint else None))

    def classify(self, document) -> str | None:
        """Fill in the document's fingerprint and canonical URL; return the original's doc_id if it is a copy."""
        meta = document.metadata
        meta.pop("copy_of", None)
        url = meta.get("canonical_url") or document.url
        if not url:
            return None
        canonical = canonical_url(url)
        words = len(re.findall(r"\w+", document.text))
        fingerprint = simhash(document.text) if words >= MIN_WORDS else None
        if fingerprint is not None:
            meta["text_fingerprint"] = f"{fingerprint:016x}"
        original = self._find(document.doc_id, canonical, fingerprint)
        if original:
            meta["copy_of"] = original
        else:
            self._remember(_Known(document.doc_id, canonical, fingerprint))
        return original

    def _find(self, doc_id: str, canonical: str, fingerprint: int | None) -> str | None:
        same_url = self._by_canonical.get(canonical)
        if same_url and same_url != doc_id:
            return same_url
        if fingerprint is None:
            return None
        candidates = set().union(*(self._by_band.get(band, ()) for band in _bands(fingerprint)))
        for other in sorted(candidates - {doc_id}):
            known = self._by_id[other]
            if known.fingerprint is not None and hamming(known.fingerprint, fingerprint) <= MAX_DISTANCE:
                return known.doc_id
        return None

    def _remember(self, known: _Known) -> None:
        old = self._by_id.pop(known.doc_id, None)
        if old and old.canonical and self._by_canonical.get(old.canonical) == old.doc_id:
            del self._by_canonical[old.canonical]
        if old and old.fingerprint is not None:
            for band in _bands(old.fingerprint):
                self._by_band.get(band, set()).discard(old.doc_id)
        self._by_id[known.doc_id] = known
        if known.canonical:
            self._by_canonical.setdefault(known.canonical, known.doc_id)
        if known.fingerprint is not None:
            for band in _bands(known.fingerprint):
                self._by_band.setdefault(band, set()).add(known.doc_id)


def _bands(fingerprint: int) -> list[tuple[int, int]]:
    """The fingerprint cut into MAX_DISTANCE + 1 pieces: two within MAX_DISTANCE bits agree on one piece."""
    n = MAX_DISTANCE + 1
    width = 64 // n
    return [(i, fingerprint >> (i * width) & ((1 << width) - 1)) for i in range(n)]


def known_originals(store, base_iri: str) -> list[tuple[str, str | None, str | None]]:
    """(doc_id, canonical URL, fingerprint) of every document in ``store`` that is not itself a copy."""
    prefix = IRIs(base_iri).space("doc")
    rows = store.query(sparql_prefixes("ont", "schema") + f"""
        SELECT ?doc ?canonical ?url ?fp WHERE {{
          GRAPH ?g {{ ?doc a ont:Document .
            OPTIONAL {{ ?doc ont:canonicalUrl ?canonical }} OPTIONAL {{ ?doc schema:url ?url }}
            OPTIONAL {{ ?doc ont:textFingerprint ?fp }}
            FILTER NOT EXISTS {{ ?doc ont:copyOf ?original }} }}
          FILTER(BOUND(?canonical) || BOUND(?url) || BOUND(?fp))
        }}""")
    out = []
    for row in rows:
        doc = row["doc"].value
        if not doc.startswith(prefix):
            continue
        url = row["canonical"] or row["url"]
        out.append((doc[len(prefix):], canonical_url(url.value) if url is not None else None,
                    row["fp"].value if row["fp"] is not None else None))
    return out


def fetched_documents(store, base_iri: str) -> set[str]:
    """doc_ids of the documents read from the web (their ont:sourceFile is a URL, not a file)."""
    prefix = IRIs(base_iri).space("doc")
    rows = store.query(sparql_prefixes("ont") + """
        SELECT DISTINCT ?doc WHERE { GRAPH ?g { ?doc a ont:Document ; ont:sourceFile ?file .
          FILTER(STRSTARTS(?file, "http://") || STRSTARTS(?file, "https://")) } }""")
    return {row["doc"].value[len(prefix):] for row in rows if row["doc"].value.startswith(prefix)}
