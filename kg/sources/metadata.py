"""Article metadata besides the text: per-directory catalogues, sidecar files, and laying
their fields over a Document (a bad field is a warning, never an error)."""
from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path
from typing import Iterator

from .document import Document, _warn

CATALOGUE_NAMES = ("catalogue.csv", "catalogue.jsonl")
"""Per-directory metadata files, read in this order (a later one wins for the same article)."""

SIDECAR_SUFFIX = ".meta.json"
"""``<article file name>`` + this = the article's own metadata file."""

_METADATA_FIELDS = ("title", "publisher", "url", "date")
_NOT_METADATA = {"file", "text", "warnings"}   # keys that never go into Document.metadata as-is


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
