"""The named-query header (``# title:``, ``# description:``, ``# params:``, ``# columns:``) is
parsed in one place, kg.query.query_header; the CLI, the API, the home page and /api/queries read it."""
from __future__ import annotations

import re
from pathlib import Path

from kg.query import named_queries, named_query_details, query_header, query_parameters

ROOT = Path(__file__).resolve().parent.parent
# Reading a comment header: lines tested for a leading '#', or '# params:' matched in the text.
_PARSES = re.compile(r"startswith\(\s*[\"']#[\"']\s*\)|lstrip\(\s*[\"']#[\"']\s*\)|\\s\*params|#\s*params:\\")


def test_only_kg_query_parses_query_headers():
    holders = sorted({path.relative_to(ROOT).as_posix() for folder in ("kg", "server", "scripts")
                      for path in (ROOT / folder).rglob("*.py")
                      if not path.relative_to(ROOT).as_posix().startswith("kg/extract/")
                      and _PARSES.search(path.read_text(encoding="utf-8"))})
    assert holders == ["kg/query.py"]


def test_header_is_the_leading_comment_block():
    text = "# title: T\n#description: one\n# description: two\n# params: ?a — x\n# params: $b\nSELECT ?c WHERE {}\n# params: ?late\n"
    assert query_header(text) == {"title": ["T"], "description": ["one", "two"], "params": ["?a — x", "$b"]}


def test_every_named_query_has_its_header_read():
    details = named_query_details()
    assert [q.name for q in details] == list(named_queries())
    for q in details:
        assert q.title and q.description and q.title != q.name
        assert q.parameter_names == query_parameters(q.name)
        assert q.header["columns"]


def test_pages_and_api_list_the_same_headers():
    from server.graph_views import named_query_list
    from server.pages import named_queries as page_queries
    listed, pages = named_query_list(), page_queries()
    assert [q["name"] for q in listed] == [q["name"] for q in pages] == list(named_queries())
    for entry, page in zip(listed, pages):
        assert entry["title"] == page["title"] and entry["description"] == page["header"]
        assert page["file"] == entry["name"] + ".rq" and entry["text"] == page["text"]
