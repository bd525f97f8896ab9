"""The Document type every reader yields, and SourceError for an article that cannot be read."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date


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
    metadata: dict = field(default_factory=dict)  # extra metadata keys; "warnings": list[str] when any
    path: str | None = None     # the file as found (tells apart equal names in different directories)
    line: int | None = None     # line number in a JSON Lines file

    @property
    def content_hash(self) -> str:
        """Hash of everything extraction depends on: rebuilding an unchanged document can be skipped."""
        h = hashlib.sha256()
        for part in (self.text, self.title or "", self.publisher or "", self.url or "",
                     self.date.isoformat() if self.date else ""):
            h.update(part.encode("utf-8"))
            h.update(b"\0")
        for key in HASHED_METADATA:   # only when present: documents without them keep their old hash
            if isinstance(self.metadata.get(key), str):
                h.update(f"{key}={self.metadata[key]}".encode("utf-8"))
                h.update(b"\0")
        return h.hexdigest()


HASHED_METADATA = ("canonical_url", "author", "language", "copy_of")
"""Metadata keys that go into the graph and so into ``content_hash`` (a change rebuilds the document).
The retrieval time and HTTP validators are not among them: fetching an unchanged page again
must not re-extract it."""


def _warn(metadata: dict, message: str) -> None:
    metadata.setdefault("warnings", []).append(message)
