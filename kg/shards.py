"""Shards: a build's output as files any triple store loads, and the manifest that says what they hold.

``kg build --engine dask --shards DIR`` (kg/dask_engine.py) writes one gzipped N-Quads file per
partition of documents, each document in its named graph (``B graph/{doc_id}``) and its
entities' descriptions in ``B graph/entities``: the very quads a local build writes
(:func:`kg.build.document_graph_quads`). ``DIR/manifest.json`` lists the shards and, for each,
its documents (id, content hash, stamp), its size and SHA-256, and the extractor that wrote it.
``kg load DIR`` (kg/shard_loader.py) reads them into the Oxigraph store; Jena's ``tdb2.tdbloader``
or QLever read the ``.nq.gz`` files as they are (docs/scaling.md).

A shard is named by what it holds (a hash of its documents' ids and stamps), and written to a
temporary name then renamed, so a partition computed twice (a retried task) gives one file.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

from . import __version__
from .config import ConfigError

MANIFEST = "manifest.json"
SHARD_SUFFIX = ".nq.gz"
FORMAT = "newskg-shards/1"


@dataclass
class ShardDocument:
    doc_id: str
    content_hash: str
    stamp: str                 # "content_hash:fingerprint": what a build compares (kg.build.document_stamp)

    def to_json(self) -> dict:
        return {"id": self.doc_id, "content_hash": self.content_hash, "stamp": self.stamp}

    @classmethod
    def from_json(cls, data: dict) -> "ShardDocument":
        return cls(data["id"], data["content_hash"], data["stamp"])


@dataclass
class Shard:
    file: str                  # name inside the shard directory
    documents: list[ShardDocument]
    quads: int = 0
    sha256: str = ""
    extractor_version: str = __version__
    fingerprint: str = ""      # kg.build.data_fingerprint() of the worker that extracted it

    def to_json(self) -> dict:
        return {"file": self.file, "quads": self.quads, "sha256": self.sha256,
                "extractor_version": self.extractor_version, "fingerprint": self.fingerprint,
                "documents": [d.to_json() for d in self.documents]}

    @classmethod
    def from_json(cls, data: dict) -> "Shard":
        return cls(data["file"], [ShardDocument.from_json(d) for d in data["documents"]], data.get("quads", 0),
                   data.get("sha256", ""), data.get("extractor_version", ""), data.get("fingerprint", ""))


@dataclass
class Manifest:
    """What a shard directory holds, in the order it was written (a later shard supersedes an
    earlier one for a document both hold)."""
    directory: Path
    base_iri: str
    shards: list[Shard] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)   # documents no shard holds: why

    @property
    def path(self) -> Path:
        return self.directory / MANIFEST

    def stamps(self) -> dict[str, str]:
        """doc_id -> the stamp of its latest shard: what an incremental shard build skips."""
        return {d.doc_id: d.stamp for shard in self.shards for d in shard.documents}

    def add(self, shard: Shard) -> None:
        self.shards = [s for s in self.shards if s.file != shard.file] + [shard]

    def save(self) -> None:
        """Write atomically: a crash leaves the previous manifest, never half of one."""
        data = {"format": FORMAT, "extractor_version": __version__, "base_iri": self.base_iri,
                "documents": sum(len(s.documents) for s in self.shards),
                "shards": [s.to_json() for s in self.shards], "errors": self.errors}
        self.directory.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(MANIFEST + ".tmp")
        tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(tmp, self.path)

    @classmethod
    def read(cls, directory: str | os.PathLike, base_iri: str | None = None, *, create: bool = False) -> "Manifest":
        """The manifest of ``directory``; a new empty one with ``create`` when there is none.
        ``base_iri``, when given, must be the one the shards were minted under."""
        directory = Path(directory)
        path = directory / MANIFEST
        if not path.is_file():
            if create:
                if directory.is_file():
                    raise ConfigError(f"--shards {directory} is a file: give a directory")
                return cls(directory, base_iri or "")
            raise ConfigError(f"no shards in {directory}: {path} is missing (write them with "
                              f"`kg build --engine dask --shards {directory}`)")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError(f"format {data.get('format')!r}, expected {FORMAT!r}")
            manifest = cls(directory, data["base_iri"], [Shard.from_json(s) for s in data["shards"]],
                           list(data.get("errors", [])))
        except (ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"{path}: not a shard manifest ({exc})") from None
        if base_iri and manifest.base_iri and manifest.base_iri != base_iri:
            raise ConfigError(f"the shards in {directory} were minted under {manifest.base_iri}, not the "
                              f"base_iri setting {base_iri}: build them again, or set base_iri to theirs")
        return manifest


def shard_name(documents: Iterable[ShardDocument]) -> str:
    """A name that depends only on the documents (ids and stamps) the shard holds."""
    h = hashlib.sha256()
    for d in sorted(documents, key=lambda d: d.doc_id):
        h.update(f"{d.doc_id} {d.stamp}\n".encode())
    return f"shard-{h.hexdigest()[:20]}{SHARD_SUFFIX}"


def encode_shard(quads: Iterable[ox.Quad]) -> bytes:
    """Quads as gzipped N-Quads (no timestamp in the gzip header: the same quads, the same bytes)."""
    return gzip.compress(ox.serialize(quads, format=ox.RdfFormat.N_QUADS), compresslevel=6, mtime=0)


def write_shard(directory: Path, name: str, data: bytes) -> str:
    """Write ``data`` to ``directory/name`` atomically; returns its SHA-256."""
    directory.mkdir(parents=True, exist_ok=True)
    tmp = directory / f".{name}.{os.getpid()}.tmp"
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, directory / name)
    return hashlib.sha256(data).hexdigest()


def read_shard(path: str | os.PathLike) -> Iterator[ox.Quad]:
    """The quads of one shard file, streamed."""
    with gzip.open(path, "rb") as f:
        yield from ox.parse(f, format=ox.RdfFormat.N_QUADS)
