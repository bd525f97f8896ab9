"""Reading articles and their metadata: one Document type; bad input -> a clear error.

(Skeleton: the readers are filled in by the ingest work; the types below are the contract.)
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterator


class SourceError(Exception):
    """An article that cannot be read; ``str()`` is one line naming the file (and line) and the problem."""

    def __init__(self, path: str, problem: str, line: int | None = None):
        self.path, self.problem, self.line = str(path), problem, line
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {problem}")


@dataclass
class Document:
    doc_id: str                 # stable id derived from the file name (and line for JSON Lines): "000_060a9d78343a8748"
    text: str                   # article text as stored (date line removed); every offset points into it
    file: str                   # source file name, e.g. "000_060a9d78343a8748.txt"
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    date: date | None = None    # publication date, or None when unknown (never invented)
    metadata: dict = field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        """Hash of everything extraction depends on: rebuilding an unchanged document can be skipped."""
        h = hashlib.sha256()
        for part in (self.text, self.title or "", self.publisher or "", self.url or "",
                     self.date.isoformat() if self.date else ""):
            h.update(part.encode("utf-8"))
            h.update(b"\0")
        return h.hexdigest()


def iter_documents(paths: list[str | Path], max_bytes: int = 2_000_000) -> Iterator[Document | SourceError]:
    """Yield a Document per article, or a SourceError per article that cannot be read."""
    raise NotImplementedError
