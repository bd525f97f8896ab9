"""sources -> extraction -> mapping -> store, for a whole corpus.

Documents stream through: nothing holds the corpus. The NLP pass runs in the main
process or in a pool of worker processes (each loads spaCy once); every worker returns
what writes its document (N-Quads for a new one, a SPARQL update for a replaced one),
and a writer thread of the main process applies them, one transaction per document.
Unchanged documents (same text, metadata, extractor and domain data) are skipped
before any NLP work.
"""
from __future__ import annotations

import hashlib
import multiprocessing as mp
import sys
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

from . import __version__
from .config import ConfigError, Settings
from .gazetteer import load_gazetteer
from .mapping import IRIs, all_entity_quads, document_quads
from .namespaces import DCT, ONT, PROV, RDF, RDFS, SCHEMA, WD
from .resources import data_path
from .sources import Document, SourceError, iter_documents
from .store import BUILD_STAMP, KnowledgeStore, open_store, replace_graph_update

BATCH = 32
FLUSH_EVERY = 64
MAX_PENDING = 16    # store writes queued before the extraction waits for the writer


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)       # one line per skipped input
    notes: dict[str, list[str]] = field(default_factory=dict)
    triples: int = 0
    validation: object | None = None                      # kg.validate.ValidationReport
    consolidation: object | None = None
    resumed: bool = False                                 # redid the step an interrupted build left undone

    @property
    def ok(self) -> bool:
        return not self.errors and (self.validation is None or getattr(self.validation, "conforms", True))


def data_fingerprint() -> str:
    """Hash of the extractor version and every data file it reads: a change forces re-extraction."""
    h = hashlib.sha256(__version__.encode())
    for path in sorted(data_path("ontology").glob("*")):
        if path.is_file():
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def document_stamp(document: Document, fingerprint: str) -> str:
    return f"{document.content_hash}:{fingerprint}"


# --- the per-document pure function ---------------------------------------------------

def document_update(document: Document, parsed, base_iri: str, stamp: str, replace: bool = True
                    ) -> tuple[str | bytes, list[str]]:
    """What writes one document into the store, and the notes about it: the SPARQL update that
    replaces its graph (``replace``), or for a new document its quads as N-Quads bytes (serialised
    by pyoxigraph, about a third of the cost of printing SPARQL text; loaded in one transaction by
    :func:`apply_update`)."""
    quads, notes = document_graph_quads(document, parsed, base_iri, stamp)
    if not replace:
        return (ox.serialize(quads, format=ox.RdfFormat.N_QUADS) if quads else b""), notes
    graph = IRIs(base_iri).graph(document.doc_id)
    return replace_graph_update(graph, quads), notes


def apply_update(store: KnowledgeStore, update: str | bytes) -> None:
    """Apply what :func:`document_update` returned: one transaction either way."""
    if isinstance(update, bytes):
        store.store.load(update, format=ox.RdfFormat.N_QUADS)
    else:
        store.run_update(update)


def document_graph_quads(document: Document, parsed, base_iri: str, stamp: str) -> tuple[list, list[str]]:
    """Every quad a build writes for one document (its named graph, and its entities' descriptions in
    the entities graph), and the notes about it: what both the local build and the shards of
    ``kg build --engine dask`` (kg/dask_engine.py) write."""
    from .extract import extract_document
    from .facts import DocumentFacts

    # a copy of an article already in the store (kg/ingest/dedup.py) is described, not extracted again
    facts = DocumentFacts(document.doc_id) if document.metadata.get("copy_of") else extract_document(document, parsed)
    iris = IRIs(base_iri)
    quads = document_quads(document, facts, iris, stamp=stamp)
    quads.extend(all_entity_quads(facts, iris))
    return quads, facts.notes + document.metadata.get("warnings", [])


_worker_state: dict = {}


def _worker_init(model: str, base_iri: str) -> None:
    from .nlp.pipeline import load_pipeline
    _worker_state["nlp"] = load_pipeline(model)
    _worker_state["base"] = base_iri
    load_gazetteer()


def _worker_docs(batch: list[tuple[Document, str, bool]]) -> Iterator[tuple[str, str | bytes, list[str] | str]]:
    """Each document of the batch as soon as it is extracted (the store writer overlaps the next)."""
    nlp = _worker_state["nlp"]
    for (document, stamp, replace), parsed in zip(batch, nlp.pipe([d.text for d, _, _ in batch], batch_size=BATCH)):
        try:
            update, notes = document_update(document, parsed, _worker_state["base"], stamp, replace)
            yield document.doc_id, update, notes
        except Exception as exc:  # one bad document never spoils the rest
            yield document.doc_id, "", f"{document.file}: extraction failed: {type(exc).__name__}: {exc}"


def _worker_batch(batch: list[tuple[Document, str, bool]]) -> list[tuple[str, str | bytes, list[str] | str]]:
    return list(_worker_docs(batch))


def _batched(items: Iterable, n: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, n)):
        yield chunk


# --- the corpus ---------------------------------------------------------------------

def build(paths: list[str | Path] | None = None, settings: Settings | None = None, *, workers: int | None = None,
          force: bool = False, prune: bool = False, progress: bool | None = None,
          validate: bool | None = None, documents: Iterable[Document | SourceError] | None = None) -> BuildReport:
    """Build (or update) the store from articles; see ``kg build --help``.

    ``documents`` (e.g. pages fetched by kg/ingest) replaces reading ``paths``."""
    from .ingest.dedup import Deduplicator, known_originals
    settings = settings or Settings.load()
    paths = [Path(p) for p in (paths or [settings.sources])]
    missing = [str(p) for p in paths if not p.exists()] if documents is None else []
    if missing:  # before the store is opened: a typo must not leave an empty store behind
        raise ConfigError(f"no such file or directory: {', '.join(missing)} (nothing was built; "
                          "give articles or folders that exist)")
    workers = workers or settings.workers
    validate = settings.validate_on_build if validate is None else validate
    report = BuildReport()
    store = open_store(settings, writable=True)
    fingerprint = data_fingerprint()
    load_reference_graphs(store, fingerprint)
    existing = store.document_stamps()
    stamps = {} if force else existing
    seen: set[str] = set()
    copies = Deduplicator(known_originals(store.store, settings.base_iri))

    def todo() -> Iterator[tuple[Document, str, bool]]:
        source = iter_documents(paths, max_bytes=settings.max_article_bytes) if documents is None else documents
        for item in source:
            if isinstance(item, SourceError):
                report.errors.append(str(item))
                bar.update(1)
                continue
            copies.classify(item)   # before the stamp: being a copy is part of what is built
            seen.add(item.doc_id)
            stamp = document_stamp(item, fingerprint)
            if stamps.get(item.doc_id) == stamp:
                report.unchanged.append(item.doc_id)
                bar.update(1)
                continue
            yield item, stamp, item.doc_id in existing or item.doc_id in seen_built
    seen_built: set[str] = set()

    bar = _progress(progress, _count_articles(paths) if documents is None else None)
    # The store writes in a thread of its own (pyoxigraph releases the GIL), overlapping the NLP of
    # the next documents; updates are applied in order, one transaction per document.
    pending: deque[Future] = deque()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-store-writer") as writer:
        try:
            for doc_id, update, notes in _run(todo(), settings, workers):
                if not update:
                    report.errors.append(notes if isinstance(notes, str) else f"{doc_id}: extraction failed")
                else:
                    seen_built.add(doc_id)
                    pending.append(writer.submit(apply_update, store, update))
                    report.built.append(doc_id)
                    if len(report.built) % FLUSH_EVERY == 0:
                        # RocksDB keeps writes in memtables until flushed: flushing keeps memory flat
                        pending.append(writer.submit(store.flush))
                    if notes:
                        report.notes[doc_id] = list(notes)
                while pending and (len(pending) > MAX_PENDING or pending[0].done()):
                    pending.popleft().result()
                bar.update(1)
        finally:
            while pending:
                pending.popleft().result()
            bar.close()
    if prune:
        # pages fetched from the web (kg fetch, kg watch) have no file whose removal --prune could mean
        from .ingest.dedup import fetched_documents
        gone = sorted(set(store.document_stamps()) - seen - fetched_documents(store.store, settings.base_iri))
        store.remove_documents(gone)
        report.removed = gone
    from .consolidate import consolidate, needs_consolidation
    # also when nothing changed now but an earlier build was interrupted before its
    # cross-document step finished: the generation on record is not the store's
    report.resumed = not (report.built or report.removed) and needs_consolidation(store)
    if report.built or report.removed or report.resumed:
        report.consolidation = consolidate(store)
    if validate and (report.built or report.removed or report.resumed):
        from .validate import validate_store
        # what this build wrote (its documents and the entities); `kg validate` checks the whole store
        report.validation = validate_store(store.store, doc_ids=report.built or None, base_iri=settings.base_iri)
    store.flush()
    report.triples = store.count()
    if settings.store:
        from .search import refresh_index
        refresh_index(store, settings.store, settings.base_iri)  # full-text search follows the store
    store.close()          # release the write lock now, not at garbage collection
    if settings.store and (report.built or report.removed or report.resumed):
        # a running `kg serve` reads a snapshot; this file tells it to reopen the store
        (Path(settings.store) / BUILD_STAMP).write_text(f"{len(report.built)} built, {len(report.removed)} removed\n")
    return report


def _run(items: Iterator[tuple[Document, str, bool]], settings: Settings, workers: int):
    if workers <= 1:
        from .nlp.pipeline import load_pipeline
        _worker_state["nlp"] = load_pipeline(settings.spacy_model)
        _worker_state["base"] = settings.base_iri
        for batch in _batched(items, BATCH):
            # one document at a time, not the batch's list: its store write starts while the next
            # one is extracted (a batch handed over whole left the writer idle, then 24 writes behind)
            yield from _worker_docs(batch)
        return
    ctx = mp.get_context("fork" if sys.platform != "win32" else "spawn")
    with ctx.Pool(workers, initializer=_worker_init, initargs=(settings.spacy_model, settings.base_iri)) as pool:
        for results in pool.imap(_worker_batch, _batched(items, 8), chunksize=1):
            yield from results


def load_reference_graphs(store: KnowledgeStore, fingerprint: str | None = None) -> None:
    """Ontology and gazetteer into their own graphs (replaced only when the files changed)."""
    import pyoxigraph as ox
    onto_dir = data_path("ontology")
    iris = store.iris
    onto_files = [p for p in (onto_dir / "kg.ttl", onto_dir / "topics.ttl") if p.exists()]
    stamp = hashlib.sha256(b"".join(p.read_bytes() for p in onto_files)).hexdigest()[:16]
    marker = ox.Quad(iris.ontology_graph, ox.NamedNode(DCT + "identifier"),
                     ox.Literal(stamp), iris.ontology_graph)
    if marker not in store.store:
        quads = [marker]
        for path in onto_files:
            quads.extend(ox.Quad(t.subject, t.predicate, t.object, iris.ontology_graph)
                         for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        store.replace_graph(iris.ontology_graph, quads)
    gaz_stamp = fingerprint or data_fingerprint()
    gmarker = ox.Quad(iris.gazetteer_graph, ox.NamedNode(DCT + "identifier"),
                      ox.Literal(gaz_stamp), iris.gazetteer_graph)
    if gmarker not in store.store:
        store.replace_graph(iris.gazetteer_graph, [gmarker, *gazetteer_quads(iris)])


def gazetteer_quads(iris: IRIs):
    """The gazetteer as data, and the extractor every fact is attributed to (prov:SoftwareAgent)."""
    import pyoxigraph as ox
    g = iris.gazetteer_graph
    agent = iris.extractor
    yield ox.Quad(agent, ox.NamedNode(RDF + "type"), ox.NamedNode(PROV + "SoftwareAgent"), g)
    yield ox.Quad(agent, ox.NamedNode(RDFS + "label"), ox.Literal(f"newskg extractor {__version__}"), g)
    yield ox.Quad(agent, ox.NamedNode(SCHEMA + "softwareVersion"), ox.Literal(__version__), g)
    for entry in load_gazetteer().entries.values():
        node = iris.gazetteer_entry(entry.key)
        yield ox.Quad(node, ox.NamedNode(RDF + "type"), ox.NamedNode(ONT + "GazetteerEntry"), g)
        yield ox.Quad(node, ox.NamedNode(RDFS + "label"), ox.Literal(entry.label), g)
        yield ox.Quad(node, ox.NamedNode(ONT + "entityType"), ox.NamedNode(ONT + entry.etype), g)
        for alias in entry.aliases:
            yield ox.Quad(node, ox.NamedNode(ONT + "alias"), ox.Literal(alias), g)
        for adj in entry.adjectives:
            yield ox.Quad(node, ox.NamedNode(ONT + "demonym"), ox.Literal(adj), g)
        if entry.wikidata:
            yield ox.Quad(node, ox.NamedNode(ONT + "wikidata"), ox.NamedNode(WD + entry.wikidata), g)
        if entry.source:
            yield ox.Quad(node, ox.NamedNode(DCT + "source"), ox.Literal(entry.source), g)


class _NoBar:
    def update(self, n: int) -> None: ...
    def close(self) -> None: ...


class _LineProgress:
    """Progress for logs (output not a terminal): one line every ``every`` documents, and at the end."""

    def __init__(self, total: int | None, stream=None):
        import time
        self.total, self.done, self.stream = total, 0, stream or sys.stderr
        self.every = max(1, min(100, (total or 500) // 10))
        self._clock = time.monotonic
        self._start = self._clock()

    def _line(self) -> None:
        rate = self.done / max(self._clock() - self._start, 1e-6)
        of = f"/{self.total} ({100 * self.done // max(self.total, 1)}%)" if self.total else ""
        print(f"building: {self.done}{of} documents, {rate:.1f} docs/s", file=self.stream, flush=True)

    def update(self, n: int) -> None:
        self.done += n
        if self.done % self.every == 0:
            self._line()

    def close(self) -> None:
        if self.done % self.every:
            self._line()


def _count_articles(paths: list[Path]) -> int:
    """How many articles ``paths`` hold, for the progress total: a file each, a JSON Lines file
    its non-empty lines (cheap next to parsing them)."""
    from .sources import ARTICLE_SUFFIXES
    total = 0
    for path in paths:
        files = [path] if path.is_file() else (p for p in path.rglob("*") if p.is_file())
        for file in files:
            name = file.name.lower()
            if name.endswith(".jsonl"):
                try:
                    with open(file, "rb") as handle:
                        total += sum(1 for line in handle if line.strip())
                except OSError:
                    total += 1
            elif name.endswith(ARTICLE_SUFFIXES) and not name.endswith(".meta.json"):
                total += 1
    return total


def _progress(enabled: bool | None, total: int | None = None):
    """A tqdm bar on a terminal, a line every few documents in a log, nothing when disabled."""
    if enabled is False:
        return _NoBar()
    if not sys.stderr.isatty():
        return _LineProgress(total)
    from tqdm import tqdm
    return tqdm(desc="building", unit="doc", total=total, file=sys.stderr)
