"""``kg load DIR…``: shards (kg/shards.py) into the Oxigraph store, then the cross-document step.

Idempotent, decided by what the store records for each document, as a local build decides:
its graph's ``ont:contentHash`` stamp (:meth:`KnowledgeStore.document_stamps`).

* a document held by several shards (two builds into one directory, or two directories) is
  loaded once, from the last shard that holds it (manifest order, directories in the order given);
* a document the store already holds with the same stamp is not loaded again, so a shard whose
  documents are all there is skipped without being read; one held with another stamp is replaced;
* a shard whose documents are all wanted goes through pyoxigraph's bulk loader as it is
  (``Store.bulk_load``); otherwise its quads are filtered into ``Store.bulk_extend``.

The bulk loader is fast because it is not transactional. So before a shard is loaded, the
documents it is about to write are named in ``kg-load-pending`` in the store directory; the file
goes once the store is flushed. A ``kg load`` killed in between finds the file the next time,
drops those documents' graphs (whole or partial) and loads them again.

Then, as after a local build: the reference graphs (ontology, gazetteer), the cross-document
step (kg/consolidate), SHACL validation of the loaded documents, the search index and the
stamp file a running ``kg serve`` watches.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from .config import ConfigError, Settings
from .shards import Manifest, Shard, read_shard
from .store import BUILD_STAMP, KnowledgeStore, open_store

PENDING = "kg-load-pending"


@dataclass
class LoadReport:
    loaded: list[str] = field(default_factory=list)      # documents written
    unchanged: list[str] = field(default_factory=list)   # already in the store with the same stamp
    replaced: list[str] = field(default_factory=list)    # in the store with another stamp: replaced
    duplicates: int = 0                                   # extra copies of a document in other shards, ignored
    shards_loaded: int = 0
    shards_skipped: int = 0                               # nothing in them the store lacks
    recovered: list[str] = field(default_factory=list)   # documents an interrupted load left half-written
    errors: list[str] = field(default_factory=list)
    manifest_errors: list[str] = field(default_factory=list)   # documents the shard build could not extract
    triples: int = 0
    validation: object | None = None
    consolidation: object | None = None

    @property
    def ok(self) -> bool:
        return not self.errors and (self.validation is None or getattr(self.validation, "conforms", True))


def load_shards(directories: Iterable[str | os.PathLike], settings: Settings | None = None, *,
                validate: bool | None = None, verify: bool = True) -> LoadReport:
    """Load the shards of ``directories`` into ``settings.store``; see the module docstring.
    ``verify`` checks each shard's SHA-256 against its manifest before loading it."""
    settings = settings or Settings.load()
    validate = settings.validate_on_build if validate is None else validate
    manifests = [Manifest.read(d, settings.base_iri) for d in directories]
    if not manifests:
        raise ConfigError("give at least one shard directory (written by `kg build --engine dask --shards DIR`)")
    report = LoadReport()
    for manifest in manifests:
        report.manifest_errors.extend(manifest.errors)
    store = open_store(settings, writable=True)
    report.recovered = _recover(store)
    from .build import data_fingerprint, load_reference_graphs
    load_reference_graphs(store, data_fingerprint())
    existing = store.document_stamps()

    # the last shard holding a document is the one it is loaded from
    chosen: dict[str, tuple[int, str]] = {}
    stamps: dict[str, str] = {}
    held = 0
    for i, manifest in enumerate(manifests):
        for shard in manifest.shards:
            for d in shard.documents:
                chosen[d.doc_id] = (i, shard.file)
                stamps[d.doc_id] = d.stamp
                held += 1
    report.duplicates = held - len(chosen)
    report.unchanged = [doc_id for doc_id, stamp in stamps.items() if existing.get(doc_id) == stamp]

    for i, manifest in enumerate(manifests):
        for shard in manifest.shards:
            wanted = [d for d in shard.documents
                      if chosen[d.doc_id] == (i, shard.file) and existing.get(d.doc_id) != d.stamp]
            if not wanted:
                report.shards_skipped += 1
                continue
            path = manifest.directory / shard.file
            problem = _check(path, shard, verify)
            if problem:
                report.errors.append(problem)
                continue
            stale = [d.doc_id for d in wanted if d.doc_id in existing]
            _load_shard(store, path, shard, {d.doc_id for d in wanted}, stale)
            report.replaced.extend(stale)
            report.loaded.extend(d.doc_id for d in wanted)
            report.shards_loaded += 1
            existing.update((d.doc_id, d.stamp) for d in wanted)
    _finish_pending(store)

    from .consolidate import consolidate, needs_consolidation
    changed = bool(report.loaded or report.recovered)
    if changed or needs_consolidation(store):
        report.consolidation = consolidate(store)
        changed = True
    if validate and changed:
        from .validate import validate_store
        report.validation = validate_store(store.store, doc_ids=report.loaded or None, base_iri=settings.base_iri)
    store.flush()
    report.triples = store.count()
    from .search import refresh_index
    refresh_index(store, settings.store, settings.base_iri)
    store.close()
    if changed:
        (Path(settings.store) / BUILD_STAMP).write_text(f"{len(report.loaded)} loaded from shards\n")
    return report


def _check(path: Path, shard: Shard, verify: bool) -> str | None:
    if not path.is_file():
        return f"{path}: shard missing ({len(shard.documents)} document(s) not loaded)"
    if verify and shard.sha256:
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        if h.hexdigest() != shard.sha256:
            return (f"{path}: content does not match the manifest's SHA-256 (a truncated or altered shard; "
                    f"build it again): {len(shard.documents)} document(s) not loaded")
    return None


def _load_shard(store: KnowledgeStore, path: Path, shard: Shard, wanted: set[str], stale: list[str]) -> None:
    """Bulk-load one shard, only the documents in ``wanted`` (and the entity descriptions)."""
    _write_pending(store, wanted)
    store.remove_documents(stale)
    if len(wanted) == len(shard.documents):
        import gzip
        with gzip.open(path, "rb") as f:
            store.store.bulk_load(f, format=ox.RdfFormat.N_QUADS)
        return
    graph = store.iris.graph
    skip = {graph(d.doc_id) for d in shard.documents if d.doc_id not in wanted}
    store.store.bulk_extend(q for q in read_shard(path) if q.graph_name not in skip)


def _write_pending(store: KnowledgeStore, doc_ids: set[str]) -> None:
    """Name the documents about to be written, durably, before the non-transactional bulk load."""
    if store.path is None:
        return
    path = store.path / PENDING
    with open(path, "a", encoding="utf-8") as f:
        f.write("".join(f"{d}\n" for d in sorted(doc_ids)))
        f.flush()
        os.fsync(f.fileno())


def _finish_pending(store: KnowledgeStore) -> None:
    store.flush()
    if store.path is not None:
        (store.path / PENDING).unlink(missing_ok=True)


def _recover(store: KnowledgeStore) -> list[str]:
    """Drop the graphs an interrupted ``kg load`` may have left half-written; their ids."""
    if store.path is None or not (store.path / PENDING).is_file():
        return []
    ids = sorted({line.strip() for line in (store.path / PENDING).read_text(encoding="utf-8").splitlines()
                  if line.strip()})
    store.remove_documents(ids)
    _finish_pending(store)
    return ids
