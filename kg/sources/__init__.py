"""Reading articles and their metadata: one Document type; bad input -> a clear error.

Input formats, sidecar files and catalogues are described in ``docs/sources.md``.
``iter_documents`` streams: it walks directories lazily, reads one article file at a
time (each capped at ``max_bytes``) and reads JSON Lines line by line, so a corpus
never has to fit in memory. A bad article becomes a ``SourceError`` in the stream,
never an exception, so one bad file never stops the rest.

The package, by job:

- ``document.py``: ``Document``, ``SourceError``, the metadata keys hashed into ``content_hash``
- ``walk.py``: ``iter_documents`` (files and directories -> the stream, each file read once)
- ``ids.py``: doc ids (slugs, unique within one read)
- ``readers.py``: one reader per file kind (size caps, decoding, JSON Lines, WARC)
- ``parsers.py``: article formats (plain text with a date line, Markdown, HTML)
- ``metadata.py``: catalogues, sidecar files, laying metadata over a document

The names other modules import from ``kg.sources`` (public ones, and ``_URL`` and ``_slug`` for
``kg/ingest/web.py``) are re-exported here.
"""
from __future__ import annotations

from .document import HASHED_METADATA, Document, SourceError
from .ids import _slug
from .metadata import _URL, CATALOGUE_NAMES, SIDECAR_SUFFIX
from .readers import human_size
from .walk import ARTICLE_SUFFIXES, iter_documents

__all__ = ["ARTICLE_SUFFIXES", "CATALOGUE_NAMES", "HASHED_METADATA", "SIDECAR_SUFFIX", "_URL", "Document",
           "SourceError", "_slug", "human_size", "iter_documents"]
