"""kg/store.py: the one way code opens a store (``open_store``, ``KnowledgeStore.of``), and its writes."""
from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.config import Settings
from kg.store import KnowledgeStore, StoreError, open_store

ROOT = Path(__file__).resolve().parent.parent
B = "http://example.org/kg/"

# Opening a store on disk: pyoxigraph's constructors with a path, or KnowledgeStore's with one.
_OPENS = re.compile(r"\bStore\.read_only\(|\box\.Store\(\s*[^)\s]|\bKnowledgeStore\(\s*(?!None\b)[^)\s]")


def _modules() -> list[Path]:
    return [path for folder in ("kg", "server") for path in sorted((ROOT / folder).rglob("*.py"))]


def test_only_kg_store_opens_a_store_on_disk():
    holders = [path.relative_to(ROOT).as_posix() for path in _modules()
               if _OPENS.search(path.read_text(encoding="utf-8"))]
    assert holders == ["kg/store.py"]


def test_open_store_is_read_only_unless_writable(tmp_path):
    settings = Settings.load(store=str(tmp_path / "store"), env={})
    with pytest.raises(StoreError, match="run `kg build` first"):
        open_store(settings)
    writable = open_store(settings, writable=True)
    writable.run_update(f"INSERT DATA {{ GRAPH <{settings.base_iri}graph/x> {{ <{B}s> <{B}p> <{B}o> }} }}")
    writable.flush()
    writable.close()
    reader = open_store(settings)
    assert reader.count() == 1 and reader.iris.base == settings.base_iri
    with pytest.raises((OSError, RuntimeError)):
        reader.store.update(f"INSERT DATA {{ <{B}s> <{B}p> <{B}o2> }}")


def test_of_wraps_without_opening_and_keeps_a_knowledge_store():
    raw = ox.Store()
    wrapped = KnowledgeStore.of(raw, B)
    assert wrapped.store is raw and wrapped.path is None and wrapped.iris.base == B
    assert KnowledgeStore.of(wrapped, "http://elsewhere.example/") is wrapped


def test_of_opens_a_path_read_only(tmp_path):
    KnowledgeStore(tmp_path / "s", B).close()
    opened = KnowledgeStore.of(tmp_path / "s", B)
    assert opened.path == tmp_path / "s" and opened.count() == 0
