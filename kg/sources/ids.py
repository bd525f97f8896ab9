"""Doc ids: a file name (or JSON Lines id) made safe for an IRI, unique within one read."""
from __future__ import annotations

import re
import unicodedata

from .document import Document, _warn


def _slug(value: str) -> str:
    """Reduce to [A-Za-z0-9_.-] (safe in an IRI path): accents dropped, other runs -> "_"."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", ascii_text).strip("._-")
    return slug if re.search(r"[A-Za-z0-9]", slug) else ""   # never "." or "..": path steps in an IRI


class _DocIds:
    """Makes doc_ids unique within one read; a clash gets "_2", "_3"… and a warning saying why."""

    def __init__(self) -> None:
        self._used: dict[str, str] = {}

    def assign(self, doc: Document) -> None:
        where = doc.path if doc.line is None else f"{doc.path}:{doc.line}"
        wanted = doc.doc_id
        if wanted in self._used:
            n = 2
            while f"{wanted}_{n}" in self._used:
                n += 1
            doc.doc_id = f"{wanted}_{n}"
            _warn(doc.metadata, f"doc_id {wanted!r} is already used by {self._used[wanted]}; "
                                f"this article is {doc.doc_id!r}")
        self._used[doc.doc_id] = where
