"""Reading article files: size caps, decoding, one article per file or one per JSON Lines line,
WARC archives; ``_FILE_READERS`` maps a file kind to its reader."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from .document import Document, SourceError, _warn
from .ids import _slug
from .metadata import _URL, _apply_metadata, _Catalogues, _file_metadata, _json_problem
from .parsers import _Body, _parse_html, _parse_markdown, _parse_plain, _tidy


@dataclass
class _ArticleFile:
    path: Path
    id_prefix: str          # relative directory as "a__b__" ("" at the top level)

    @property
    def stem_id(self) -> str:
        return self.id_prefix + (_slug(self.path.stem) or "article")


def human_size(n: int) -> str:
    """"1.2 MB", "3.4 kB", "12 bytes": a size in a message."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    if n >= 1_000:
        return f"{n / 1_000:.1f} kB"
    return f"{n} bytes"


def _too_big(size: int, limit: int, what: str = "file") -> str:
    have, allowed = human_size(size), human_size(limit)
    if have == allowed:  # rounding hides the difference: say it in bytes
        have, allowed = f"{size:,} bytes", f"{limit:,}-byte"
    return f"{what} is {have}, over the {allowed} limit (setting max_article_bytes)"


def _decode(data: bytes, offset: int = 0) -> str:
    """UTF-8 bytes -> text without a BOM; raises ValueError with the problem as a person should read it."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValueError("UTF-16 text, not UTF-8 (save the file as UTF-8)")
    if b"\0" in data:
        raise ValueError("binary file (NUL bytes), not a text article")
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        text = data[bom:].decode("utf-8")
    except UnicodeDecodeError as e:
        bad = data[bom + e.start]
        raise ValueError(f"not UTF-8 text (invalid byte 0x{bad:02x} at offset {offset + bom + e.start})") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_single(parse: Callable[[str], _Body]) -> Callable[..., Iterator[Document | SourceError]]:
    """A file reader for formats that hold one article per file."""

    def read(article: _ArticleFile, max_bytes: int, catalogues: _Catalogues) -> Iterator[Document | SourceError]:
        path = article.path
        try:
            size = path.stat().st_size
            if size == 0:
                yield SourceError(str(path), "empty file")
                return
            if size > max_bytes:
                yield SourceError(str(path), _too_big(size, max_bytes))
                return
            data = path.read_bytes()
        except OSError as e:
            yield SourceError(str(path), f"cannot read the file ({e.strerror or e})")
            return
        try:
            body = parse(_decode(data))
        except ValueError as e:
            yield SourceError(str(path), str(e))
            return
        doc = Document(doc_id=article.stem_id, text=body.text, file=path.name, title=body.title,
                       publisher=body.publisher, date=body.date, path=str(path))
        for key, value in body.metadata.items():
            if key == "canonical_url" and not _URL.fullmatch(value):
                continue
            doc.metadata[key] = value
        for warning in body.warnings:
            _warn(doc.metadata, warning)
        for origin, raw in _file_metadata(path, catalogues, doc.metadata):
            _apply_metadata(doc, raw, origin)
        if body.date and doc.date != body.date:
            said = "date line" if path.suffix.lower() in (".txt", ".md") else "page"
            _warn(doc.metadata, f"{said} says {body.date.isoformat()} but the metadata says "
                                f"{doc.date.isoformat()}; using the metadata")
        yield doc

    return read


def _read_jsonl(article: _ArticleFile, max_bytes: int, catalogues: _Catalogues) -> Iterator[Document | SourceError]:
    """One article per line; each line is read on its own (and capped at ``max_bytes``)."""
    path = article.path
    try:
        if path.stat().st_size == 0:
            yield SourceError(str(path), "empty file")
            return
        handle = path.open("rb")
    except OSError as e:
        yield SourceError(str(path), f"cannot read the file ({e.strerror or e})")
        return
    file_warnings: dict = {}
    shared = list(_file_metadata(path, catalogues, file_warnings))
    records = 0
    with handle:
        if b"\0" in handle.read(8192):
            yield SourceError(str(path), "binary file (NUL bytes), not JSON Lines")
            return
        handle.seek(0)
        offset, lineno = 0, 0
        while True:
            raw = handle.readline(max_bytes + 2)  # room for a line of exactly max_bytes plus "\r\n"
            if not raw:
                break
            lineno += 1
            start = offset
            offset += len(raw)
            if not raw.strip():
                continue
            records += 1
            if len(raw.rstrip(b"\r\n")) > max_bytes:
                while raw and not raw.endswith(b"\n"):   # skip the rest of the over-long line
                    raw = handle.readline(1 << 20)
                    offset += len(raw)
                size = offset - start - (1 if raw.endswith(b"\n") else 0)
                yield SourceError(str(path), _too_big(size, max_bytes, "record"), line=lineno)
                continue
            try:
                line_text = _decode(raw.rstrip(b"\r\n"), offset=start)
            except ValueError as e:
                yield SourceError(str(path), str(e), line=lineno)
                continue
            yield _jsonl_record(article, lineno, line_text, shared, file_warnings)
    if records == 0:
        yield SourceError(str(path), "empty file")


def _jsonl_record(article: _ArticleFile, lineno: int, line_text: str, shared: list[tuple[str, dict]],
                  file_warnings: dict) -> Document | SourceError:
    path = article.path
    try:
        record = json.loads(line_text)
    except json.JSONDecodeError as e:
        return SourceError(str(path), f"not valid JSON ({_json_problem(e)})", line=lineno)
    if not isinstance(record, dict):
        return SourceError(str(path), f"not a JSON object (got {type(record).__name__})", line=lineno)
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return SourceError(str(path), 'no article text (needs a non-empty string "text")', line=lineno)
    doc = Document(doc_id=f"{article.stem_id}-{lineno}", text=_tidy(text), file=path.name,
                   path=str(path), line=lineno)
    for warning in file_warnings.get("warnings", []):
        _warn(doc.metadata, warning)
    if "id" in record:
        usable = isinstance(record["id"], (str, int)) and not isinstance(record["id"], bool)
        slug = _slug(str(record["id"])) if usable else ""
        if slug:
            doc.doc_id = article.id_prefix + slug
        else:
            _warn(doc.metadata, f"{path}:{lineno}: id {record['id']!r} has no usable characters; "
                                f"using {doc.doc_id!r}")
    for origin, raw in shared:
        _apply_metadata(doc, raw, origin)
    _apply_metadata(doc, {k: v for k, v in record.items() if k not in ("text", "id")}, f"{path}:{lineno}")
    return doc


def _read_warc(article: _ArticleFile, max_bytes: int, catalogues: _Catalogues) -> Iterator[Document | SourceError]:
    """Every HTML response record of a WARC archive is an article (kg/ingest/archive.py)."""
    from ..ingest.archive import warc_documents
    yield from warc_documents(article.path, max_bytes)


_FILE_READERS: dict[str, Callable[..., Iterator[Document | SourceError]]] = {
    ".txt": _read_single(_parse_plain),
    ".md": _read_single(_parse_markdown),
    ".html": _read_single(_parse_html),
    ".htm": _read_single(_parse_html),
    ".jsonl": _read_jsonl,
    ".warc": _read_warc,
    ".warc.gz": _read_warc,
}
