"""One function gives the path on this server of a minted IRI: server.pages.local_path (the
term filter, the graph views and the analyst views all use it)."""
from __future__ import annotations

import re
from pathlib import Path

from server.pages import local_path

ROOT = Path(__file__).resolve().parent.parent.parent
B = "http://127.0.0.1:8000/"


def test_local_path():
    assert local_path(B + "entity/Q1", B) == "/entity/Q1"
    assert local_path("http://www.wikidata.org/entity/Q1", B) == ""
    assert local_path("", B) == ""


def test_defined_once():
    holders = [p.relative_to(ROOT).as_posix() for p in sorted((ROOT / "server").rglob("*.py"))
               if re.search(r"def local_(path|href)\b", p.read_text(encoding="utf-8"))]
    assert holders == ["server/pages.py"]
