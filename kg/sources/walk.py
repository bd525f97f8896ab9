"""Files and directories -> one stream of Documents (and SourceErrors): walking lazily in path
order, reading each file once, giving each document a unique doc_id."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

from .document import Document, SourceError
from .ids import _DocIds, _slug
from .metadata import CATALOGUE_NAMES, _Catalogues
from .readers import _FILE_READERS, _ArticleFile

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl", ".warc", ".warc.gz")
"""File suffixes read as articles (case-insensitive); anything else in a directory is skipped."""


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
