"""Building a few articles into an on-disk store the way `kg build` does, and reading a named
query's rows back, for the tests that follow facts through the store."""
from __future__ import annotations

import csv
import gc
import io
from pathlib import Path

from kg.build import build
from kg.config import Settings
from kg.query import run_query


def build_articles(root: Path, articles: dict[str, str | Path]) -> Settings:
    """Write (or copy) each article into ``root/src`` and build them into ``root/store``."""
    (root / "src").mkdir()
    for name, text in articles.items():
        body = text.read_text(encoding="utf-8") if isinstance(text, Path) else text
        (root / "src" / name).write_text(body, encoding="utf-8")
    settings = Settings.load(store=str(root / "store"), env={})
    build([str(root / "src")], settings, validate=True, progress=False)
    gc.collect()
    return settings


def query_rows(settings: Settings, query: str, params: dict | None = None) -> list[dict]:
    """The rows of a named query (or SPARQL text), as CSV dicts."""
    return list(csv.DictReader(io.StringIO(run_query(settings, query, params, fmt="csv"))))
