"""``kg build --engine dask``: the per-document extraction on a Dask cluster, written as shards.

The client (this process) reads the sources, decides what to build (unchanged documents, those a
shard of ``--shards DIR`` already holds with the same stamp, are skipped; copies of another
article are marked, as a local build marks them) and streams the rest to the cluster in
partitions, a bounded number in flight. A worker loads spaCy and the :class:`~kg.domain.Domain`
once (:class:`PipelinePreload`, and the per-process caches of ``load_pipeline`` and
``load_domain``), turns a partition into the quads a local build writes
(:func:`kg.build.document_graph_quads`) and returns them as one gzipped N-Quads shard; the client
writes it under its content name and records it in the manifest (kg/shards.py).

Faults: a worker that dies takes its running partition with it; the scheduler runs that
partition again on another worker (``distributed.scheduler.allowed-failures`` times). The
shard is written only by the client, once per partition it receives, under a name that depends
only on its documents: a partition computed twice is one file, and no document is lost or
written twice. ``kg load DIR`` (kg/shard_loader.py) then puts the shards in the store.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator

from distributed.diagnostics.plugin import WorkerPlugin

from .config import ConfigError, Settings
from .shards import Manifest, Shard, ShardDocument, encode_shard, shard_name, write_shard
from .sources import Document, SourceError, iter_documents

PARTITION_SIZE = 32
"""Documents per partition, so per shard: a retried partition redoes at most this many."""
CHECKPOINT_EVERY = 16
"""The manifest is rewritten after this many new shards (and at the end)."""



@dataclass
class ShardBuildReport:
    directory: Path
    built: list[str] = field(default_factory=list)        # documents written to a new shard
    unchanged: list[str] = field(default_factory=list)    # already in a shard with the same stamp
    errors: list[str] = field(default_factory=list)       # one line per skipped input
    notes: dict[str, list[str]] = field(default_factory=dict)
    shards: list[str] = field(default_factory=list)       # files written by this run
    workers: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


# --- on the workers ---------------------------------------------------------------------

class PipelinePreload(WorkerPlugin):
    """Loads the spaCy pipeline and the domain when a worker starts (and when the nanny restarts
    it), so that no partition pays for it."""
    name = "kg-pipeline"

    def __init__(self, model: str):
        self.model = model

    def setup(self, worker) -> None:
        from .domain import load_domain
        from .nlp.pipeline import load_pipeline
        load_pipeline(self.model)
        load_domain()


@lru_cache(maxsize=1)
def _worker_fingerprint() -> str:
    from .build import data_fingerprint
    return data_fingerprint()


def extract_partition(items: list[tuple[Document, str]], model: str, base_iri: str, fingerprint: str) -> dict:
    """One partition -> one shard: the gzipped N-Quads of its documents, and what it holds.
    Runs on a worker; a document whose extraction fails is left out and reported."""
    from .build import BATCH, document_graph_quads
    from .nlp.pipeline import load_pipeline
    if _worker_fingerprint() != fingerprint:
        why = (f"the worker's extractor data ({_worker_fingerprint()}) is not the client's ({fingerprint}): "
               "install the same newskg version and ontology/ on every worker")
        return {"name": None, "data": b"", "documents": [], "quads": 0, "notes": {},
                "errors": [f"{d.file}: {why}" for d, _ in items]}
    nlp = load_pipeline(model)
    quads: dict = {}
    documents: list[ShardDocument] = []
    errors: list[str] = []
    notes: dict[str, list[str]] = {}
    for (document, stamp), parsed in zip(items, nlp.pipe([d.text for d, _ in items], batch_size=BATCH)):
        try:
            doc_quads, doc_notes = document_graph_quads(document, parsed, base_iri, stamp)
        except Exception as exc:  # one bad document never spoils the rest
            errors.append(f"{document.file}: extraction failed: {type(exc).__name__}: {exc}")
            continue
        quads.update(dict.fromkeys(doc_quads))   # an entity two documents describe: one line
        documents.append(ShardDocument(document.doc_id, document.content_hash, stamp))
        if doc_notes:
            notes[document.doc_id] = list(doc_notes)
    return {"name": shard_name(documents) if documents else None,
            "data": encode_shard(quads) if documents else b"", "documents": [d.to_json() for d in documents],
            "quads": len(quads), "notes": notes, "errors": errors}


# --- on the client ----------------------------------------------------------------------

def build_shards(paths: list[str | Path] | None, settings: Settings, shards_dir: str | os.PathLike, *,
                 scheduler: str | None = None, workers: int | None = None, partition_size: int = PARTITION_SIZE,
                 force: bool = False, progress: bool | None = None, client=None,
                 documents: Iterable[Document | SourceError] | None = None) -> ShardBuildReport:
    """Extract ``paths`` (default: ``settings.sources``) on a Dask cluster into shards in
    ``shards_dir``: on ``client`` if given, else on the scheduler at ``scheduler``
    (``tcp://HOST:8786``), else on a ``LocalCluster`` of ``workers`` processes."""
    from .build import _progress, data_fingerprint, document_stamp
    from .ingest.dedup import Deduplicator
    paths = [Path(p) for p in (paths or [settings.sources])]
    missing = [str(p) for p in paths if not p.exists()] if documents is None else []
    if missing:
        raise ConfigError(f"no such file or directory: {', '.join(missing)} (nothing was built; "
                          "give articles or folders that exist)")
    if partition_size < 1:
        raise ConfigError(f"--partition-size must be at least 1, not {partition_size}")
    directory = Path(shards_dir)
    manifest = Manifest.read(directory, settings.base_iri, create=True)
    manifest.base_iri = settings.base_iri
    report = ShardBuildReport(directory)
    fingerprint = data_fingerprint()
    done = {} if force else manifest.stamps()
    copies = Deduplicator()   # as a build into an empty store: the first of two copies is the original
    source = iter_documents(paths, max_bytes=settings.max_article_bytes) if documents is None else documents
    bar = _progress(progress)

    def todo() -> Iterator[tuple[Document, str]]:
        for item in source:
            if isinstance(item, SourceError):
                report.errors.append(str(item))
                bar.update(1)
                continue
            copies.classify(item)
            stamp = document_stamp(item, fingerprint)
            if done.get(item.doc_id) == stamp:
                report.unchanged.append(item.doc_id)
                bar.update(1)
                continue
            yield item, stamp

    own_cluster = None
    if client is None:
        client, own_cluster = _connect(scheduler, workers or (settings.workers if settings.workers > 1
                                                              else os.cpu_count() or 1))
    try:
        client.register_plugin(PipelinePreload(settings.spacy_model))
        report.workers = len(client.scheduler_info().get("workers", {}))
        _run_partitions(client, todo(), partition_size, settings, fingerprint, manifest, report, bar)
    finally:
        bar.close()
        if manifest.shards or manifest.errors or not manifest.path.exists():
            manifest.save()
        if own_cluster is not None:
            client.close()
            own_cluster.close()
    return report


def _connect(scheduler: str | None, workers: int):
    from distributed import Client, LocalCluster
    if scheduler:
        try:
            return Client(scheduler, timeout="30s"), None
        except (OSError, TimeoutError) as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {scheduler}: {exc} (start one with "
                              "`dask scheduler`, and workers with `dask worker tcp://HOST:8786`)") from None
    cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=logging.ERROR)
    client = Client(cluster)
    client.wait_for_workers(max(1, workers), timeout=120)
    return client, cluster


def _run_partitions(client, items: Iterator[tuple[Document, str]], partition_size: int, settings: Settings,
                    fingerprint: str, manifest: Manifest, report: ShardBuildReport, bar) -> None:
    """Submit partitions as results come back (at most two per worker in flight); write each shard."""
    from distributed import as_completed
    in_flight = max(2, 2 * max(report.workers, 1))
    partitions = _partitions(items, partition_size)
    pending = as_completed()
    held: dict = {}

    def submit() -> bool:
        part = next(partitions, None)
        if part is None:
            return False
        future = client.submit(extract_partition, part, settings.spacy_model, settings.base_iri, fingerprint,
                               pure=False, retries=1)
        held[future.key] = part
        pending.add(future)
        return True

    for _ in range(in_flight):
        if not submit():
            break
    since_checkpoint = 0
    for future in pending:
        part = held.pop(future.key)
        try:
            result = future.result()
        except Exception as exc:  # the partition failed on every try (KilledWorker, ...)
            report.errors.extend(f"{d.file}: partition failed: {type(exc).__name__}: {exc}" for d, _ in part)
            result = None
        future.release()
        if result is not None:
            since_checkpoint += _keep(result, manifest, report)
            report.errors.extend(result["errors"])
        bar.update(len(part))
        if since_checkpoint >= CHECKPOINT_EVERY:
            manifest.save()
            since_checkpoint = 0
        submit()


def _keep(result: dict, manifest: Manifest, report: ShardBuildReport) -> int:
    """Write a partition's shard and record it; 1 if a shard was written."""
    report.notes.update(result["notes"])
    if not result["name"]:
        return 0
    documents = [ShardDocument.from_json(d) for d in result["documents"]]
    digest = write_shard(manifest.directory, result["name"], result["data"])
    manifest.add(Shard(result["name"], documents, result["quads"], digest,
                       fingerprint=documents[0].stamp.rpartition(":")[2]))
    report.shards.append(result["name"])
    report.built.extend(d.doc_id for d in documents)
    return 1


def _partitions(items: Iterator, size: int) -> Iterator[list]:
    while chunk := list(islice(items, size)):
        yield chunk
