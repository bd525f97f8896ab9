"""Reading articles and their metadata: one Document type; bad input -> a clear error.

Input formats, sidecar files and catalogues are described in ``docs/sources.md``.
``iter_documents`` streams: it walks directories lazily, reads one article file at a
time (each capped at ``max_bytes``) and reads JSON Lines line by line, so a corpus
never has to fit in memory. A bad article becomes a ``SourceError`` in the stream,
never an exception, so one bad file never stops the rest.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Iterator



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


ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl", ".warc", ".warc.gz")
"""File suffixes read as articles (case-insensitive); anything else in a directory is skipped."""

CATALOGUE_NAMES = ("catalogue.csv", "catalogue.jsonl")
"""Per-directory metadata files, read in this order (a later one wins for the same article)."""

SIDECAR_SUFFIX = ".meta.json"
"""``<article file name>`` + this = the article's own metadata file."""

_METADATA_FIELDS = ("title", "publisher", "url", "date")
_NOT_METADATA = {"file", "text", "warnings"}   # keys that never go into Document.metadata as-is


def iter_documents(paths: list[str | Path], max_bytes: int = 2_000_000) -> Iterator[Document | SourceError]:
    """Yield a Document per article, or a SourceError per article that cannot be read.

    ``paths`` are files and/or directories (searched recursively, in path order). A file
    reached twice is read once; doc_ids are unique within one call.
    """
    if isinstance(paths, (str, Path)):   # one path, not a string of one-letter paths
        paths = [paths]
    ids = _DocIds()
    seen_files: set[Path] = set()
    catalogues = _Catalogues()
    for given in paths:
        root = Path(given)
        if not root.exists():
            yield SourceError(str(root), "no such file or directory")
        elif root.is_dir():
            found = False
            for file in _walk(root):
                found = True
                if isinstance(file, SourceError):
                    yield file
                    continue
                yield from _read_once(_ArticleFile(file, _dir_prefix(root, file)), max_bytes,
                                      ids, seen_files, catalogues)
            if not found:
                yield SourceError(str(root), "no articles in this directory "
                                             f"(looked for {', '.join(ARTICLE_SUFFIXES)})")
        elif root.name.lower() in CATALOGUE_NAMES:
            yield SourceError(str(root), "this is a metadata catalogue, not articles; "
                                         "pass the directory (or the article files) instead")
        elif _file_kind(root) not in _FILE_READERS:
            yield SourceError(str(root), f"unsupported file type {root.suffix or '(no suffix)'!r}; "
                                         f"articles are {', '.join(ARTICLE_SUFFIXES)}")
        else:
            yield from _read_once(_ArticleFile(root, ""), max_bytes, ids, seen_files, catalogues)


# --- walking ---------------------------------------------------------------------

def _walk(directory: Path) -> Iterator[Path | SourceError]:
    """Article files under ``directory`` in path order, lazily; hidden entries and catalogues skipped."""
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError as e:
        yield SourceError(str(directory), f"cannot list the directory ({e.strerror or e})")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))
        elif (entry.is_file() and entry.name.lower().endswith(ARTICLE_SUFFIXES)
              and entry.name.lower() not in CATALOGUE_NAMES):
            yield Path(entry.path)


def _dir_prefix(root: Path, file: Path) -> str:
    """``"2024__reuters__"`` for ``root/2024/reuters/x.txt``: keeps equal names in different directories apart."""
    parts = file.parent.relative_to(root).parts
    return "".join(f"{_slug(p) or '_'}__" for p in parts)


def _file_kind(path: Path) -> str:
    """The reader's key: the suffix, lower-cased; ``.warc.gz`` as one."""
    return ".warc.gz" if path.name.lower().endswith(".warc.gz") else path.suffix.lower()


def _read_once(article: _ArticleFile, max_bytes: int, ids: _DocIds, seen_files: set[Path],
               catalogues: _Catalogues) -> Iterator[Document | SourceError]:
    try:
        key = article.path.resolve()
    except OSError:
        key = article.path.absolute()
    if key in seen_files:
        return
    seen_files.add(key)
    reader = _FILE_READERS[_file_kind(article.path)]
    for item in reader(article, max_bytes, catalogues):
        if isinstance(item, Document):
            ids.assign(item)
        yield item


# --- doc ids ---------------------------------------------------------------------

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


# --- reading files -----------------------------------------------------------------

@dataclass
class _ArticleFile:
    path: Path
    id_prefix: str          # relative directory as "a__b__" ("" at the top level)

    @property
    def stem_id(self) -> str:
        return self.id_prefix + (_slug(self.path.stem) or "article")


@dataclass
class _Body:
    """What a format parser makes of a file's text."""
    text: str
    title: str | None = None
    date: date | None = None
    warnings: list[str] = field(default_factory=list)
    publisher: str | None = None
    metadata: dict = field(default_factory=dict)     # e.g. author, canonical_url, language (HTML)


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


# --- formats -------------------------------------------------------------------------

_DATE_LINE = re.compile(r"[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})(?=\s|$)\s*", re.IGNORECASE)


def _tidy(text: str) -> str:
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").strip()


def _empty_check(text: str) -> str:
    if not text:
        raise ValueError("empty file")
    return text


def _parse_plain(text: str) -> _Body:
    """Plain text; an optional first line ``date YYYY-MM-DD`` gives the date and is removed.

    A first line that looks like a headline (see ``_headline``) is the title; it stays in the text.
    """
    text = _empty_check(text.strip())
    match = _DATE_LINE.match(text)
    if not match:
        return _Body(text, title=_headline(text))
    try:
        found = date.fromisoformat(match.group(1))
    except ValueError:
        return _Body(text, warnings=[f"date line {match.group(1)!r} is not a real date; left in the text"])
    rest = text[match.end():]
    if not rest:
        raise ValueError("no article text after the date line")
    return _Body(rest, date=found, title=_headline(rest))


_SENTENCE_END = (".", "!", "?", "…", ":", ";", ",", '"', "\u201d", "'", "\u2019", ")")


def _headline(text: str) -> str | None:
    """The first line, if it reads as a headline: followed by a blank line, 2 to 25 words, at most
    200 characters, no sentence-final punctuation. Never invented: anything else gives None."""
    first, blank, rest = text.partition("\n\n")
    first = first.strip()
    if not blank or not rest.strip() or "\n" in first or len(first) > 200:
        return None
    words = first.split()
    if not 2 <= len(words) <= 25 or first.endswith(_SENTENCE_END) or not first[0].isupper():
        return None
    return first


def _parse_markdown(text: str) -> _Body:
    """Markdown reads fine as it is; a leading ``# Heading`` is the title (and stays in the text)."""
    text = _empty_check(text.strip())
    first = text.split("\n", 1)[0]
    heading = re.fullmatch(r"#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*", first)
    return _Body(text, title=heading.group(1).strip() if heading else None)


def _parse_html(text: str) -> _Body:
    """The article in the page, read by the same extractor as pages fetched from the web
    (kg/ingest/webpage.py: trafilatura and htmldate). The headline is the title, not part of the text."""
    from .ingest.webpage import NoArticleText, read_article_html

    if not text.strip():
        raise ValueError("empty file")
    try:
        page = read_article_html(text)
    except NoArticleText:
        raise ValueError("no readable text in the HTML (after dropping scripts, navigation, header and footer)") from None
    metadata = {key: value for key, value in (("author", page.author), ("canonical_url", page.canonical_url),
                                               ("language", page.language)) if value}
    return _Body(page.text, title=page.title, date=page.date, publisher=page.sitename, metadata=metadata)


def _read_warc(article: _ArticleFile, max_bytes: int, catalogues: _Catalogues) -> Iterator[Document | SourceError]:
    """Every HTML response record of a WARC archive is an article (kg/ingest/archive.py)."""
    from .ingest.archive import warc_documents
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


# --- metadata ------------------------------------------------------------------------

def _warn(metadata: dict, message: str) -> None:
    metadata.setdefault("warnings", []).append(message)


class _Catalogues:
    """Per-directory catalogues, each read once: file name -> (origin, raw fields)."""

    def __init__(self) -> None:
        self._by_dir: dict[Path, tuple[dict[str, tuple[str, dict]], list[str]]] = {}

    def lookup(self, article: Path) -> tuple[tuple[str, dict] | None, list[str]]:
        """The catalogue entry for ``article`` (or None) and the catalogue problems worth telling."""
        directory = article.parent
        if directory not in self._by_dir:
            self._by_dir[directory] = _read_catalogues(directory)
        entries, problems = self._by_dir[directory]
        return entries.get(article.name), problems


def _read_catalogues(directory: Path) -> tuple[dict[str, tuple[str, dict]], list[str]]:
    entries: dict[str, tuple[str, dict]] = {}
    problems: list[str] = []
    for name in CATALOGUE_NAMES:
        path = directory / name
        if not path.is_file():
            continue
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                if name.endswith(".csv"):
                    _read_catalogue_csv(path, handle, entries, problems)
                else:
                    _read_catalogue_jsonl(path, handle, entries, problems)
        except (OSError, UnicodeDecodeError, csv.Error) as e:
            problems.append(f"{path}: cannot read the catalogue ({e}); ignored")
    return entries, problems


def _read_catalogue_csv(path: Path, handle, entries: dict, problems: list[str]) -> None:
    reader = csv.DictReader(handle)
    if not reader.fieldnames or "file" not in reader.fieldnames:
        problems.append(f"{path}: no 'file' column (the article file name); ignored")
        return
    for row in reader:
        name = (row.get("file") or "").strip()
        if name:
            fields = {k: v for k, v in row.items() if k and k != "file" and v is not None and v.strip()}
            entries[name.removeprefix("./")] = (f"{path}:{reader.line_num}", fields)


def _read_catalogue_jsonl(path: Path, handle, entries: dict, problems: list[str]) -> None:
    for lineno, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line.rstrip("\r\n"))
        except json.JSONDecodeError as e:
            problems.append(f"{path}:{lineno}: not valid JSON ({_json_problem(e)}); line ignored")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("file"), str):
            problems.append(f"{path}:{lineno}: needs an object with a string \"file\"; line ignored")
            continue
        entries[record["file"].strip().removeprefix("./")] = (f"{path}:{lineno}", {k: v for k, v in record.items() if k != "file"})


def _json_problem(e: json.JSONDecodeError, multiline: bool = False) -> str:
    """"Expecting value at column 1" (one line) or "... at line 2 column 5" (a whole file)."""
    where = f"line {e.lineno} column {e.colno}" if multiline else f"column {e.colno}"
    return f"{e.msg} {where}" if e.msg.endswith(" at") else f"{e.msg} at {where}"


def _file_metadata(article: Path, catalogues: _Catalogues, metadata: dict) -> Iterator[tuple[str, dict]]:
    """(origin, raw fields) for an article file, lowest priority first: catalogue, then sidecar.

    Problems (unreadable sidecar, broken catalogue lines) go into ``metadata["warnings"]``.
    """
    entry, problems = catalogues.lookup(article)
    if entry is None:
        for problem in problems:   # a broken catalogue line may have been this article's
            _warn(metadata, problem)
    else:
        yield entry
    sidecar = article.with_name(article.name + SIDECAR_SUFFIX)
    if not sidecar.is_file():
        return
    try:
        raw = json.loads(sidecar.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as e:
        _warn(metadata, f"{sidecar}: not valid JSON ({_json_problem(e, multiline=True)}); ignored")
        return
    except (OSError, UnicodeDecodeError) as e:
        _warn(metadata, f"{sidecar}: cannot read ({e}); ignored")
        return
    if not isinstance(raw, dict):
        _warn(metadata, f"{sidecar}: not a JSON object; ignored")
        return
    yield str(sidecar), raw


_URL = re.compile(r"(?i:https?)://[^\s<>\"{}|\\^`/?#][^\s<>\"{}|\\^`]*")
"""An article's url: http(s) only, since pages render it as a link (a javascript: or data: URL
would run script in the server's origin)."""


def _apply_metadata(doc: Document, raw: dict, origin: str) -> None:
    """Lay ``raw`` over ``doc``: known fields checked (a bad one is a warning and ignored), the rest kept."""
    for key, value in raw.items():
        if key in _METADATA_FIELDS:
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            if not isinstance(value, str):
                _warn(doc.metadata, f"{origin}: {key} must be a string, got {value!r}; ignored")
                continue
            value = value.strip()
            if key == "date":
                parsed = _parse_iso_date(value)
                if parsed is None:
                    _warn(doc.metadata, f"{origin}: date {value!r} is not a YYYY-MM-DD date; ignored")
                else:
                    doc.date = parsed
            elif key == "url" and not _URL.fullmatch(value):
                _warn(doc.metadata, f"{origin}: url {value!r} is not an absolute http:// or https:// URL; ignored")
            else:
                setattr(doc, key, value)
        elif key not in _NOT_METADATA:
            doc.metadata[key] = value


def _parse_iso_date(value: str) -> date | None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
