"""Serializations are declared once, in kg/formats.py: the endpoint, ``kg query`` and ``kg export``
offer formats from that table, and no other module keeps a table of its own."""
from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import formats
from kg.cli import parser as cli_parser
from server import sparql

ROOT = Path(__file__).resolve().parent.parent
_NAMES = "json|xml|csv|tsv|turtle|ntriples|trig|nquads|jsonld|rdfxml"
# A format table: results formats named, a name mapped to a pyoxigraph format, or a list of names.
_TABLE = re.compile(r"QueryResultsFormat\.|[\"']\w+[\"']\s*:\s*(ox\.)?(RdfFormat|QueryResultsFormat)\."
                    rf"|[\"']({_NAMES})[\"']\s*,\s*[\"']({_NAMES}|table)[\"']")


def test_no_format_table_outside_kg_formats():
    holders = sorted({path.relative_to(ROOT).as_posix() for folder in ("kg", "server")
                      for path in (ROOT / folder).rglob("*.py") if _TABLE.search(path.read_text(encoding="utf-8"))})
    assert holders == ["kg/formats.py"]


def test_the_endpoint_negotiates_over_the_one_table():
    assert sparql.FORMATS is formats.FORMATS and sparql.Format is formats.Format and sparql._HTML is formats.HTML


def test_cli_choices_come_from_the_table():
    parser = cli_parser()
    actions = {name: sub for action in parser._subparsers._group_actions
               for name, sub in action.choices.items()}
    choices = {name: next(a.choices for a in actions[name]._actions if "--format" in a.option_strings)
               for name in ("query", "export")}
    assert list(choices["query"]) == ["table", "json", "csv", "tsv", "turtle", "ntriples"]
    assert list(choices["export"]) == ["turtle", "trig", "nquads", "jsonld", "ntriples"]


@pytest.mark.parametrize("name", formats.QUERY_FORMATS + formats.EXPORT_FORMATS)
def test_every_cli_format_has_a_writer_of_the_right_kind(name):
    if name == formats.TABLE:
        return
    kinds = [f.kind for f in formats.FORMATS if f.name == name]
    assert kinds, name
    assert isinstance(formats.writer(name), (ox.RdfFormat, ox.QueryResultsFormat))


def test_json_is_results_json_for_a_query():
    assert formats.writer("json", "results") == ox.QueryResultsFormat.JSON
    with pytest.raises(KeyError):
        formats.writer("json", "graph")    # JSON-LD answers to "json" only as another name, in negotiation
