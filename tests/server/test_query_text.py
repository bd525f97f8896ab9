"""The token scan (SERVICE, LOAD, LIMIT, nesting) and content negotiation, on short inputs."""
from __future__ import annotations

import time

import pytest

from server.query_text import MAX_NESTING, TooManyBrackets, scan, with_row_limit
from server.sparql import FORMATS, formats_for, negotiate


@pytest.mark.parametrize("query, services", [
    ("SELECT * { SERVICE <http://a/> { ?s ?p ?o } }", ("http://a/",)),
    ("select * { service silent <http://a/> {} }", ("http://a/",)),
    ("PREFIX w: <http://w/> SELECT * { SERVICE w:sparql {} }", ("http://w/sparql",)),
    ("BASE <http://b/x/> SELECT * { SERVICE <sparql> {} }", ("http://b/x/sparql",)),
    ("SELECT * { SERVICE ?endpoint {} }", ("?endpoint",)),
    ("SELECT * {?s ?p ?o FILTER(?o<?p)SERVICE<http://e/>{}}", ("http://e/",)),
    ("SELECT * {?s ?p ?o.SERVICE <http://v/> {} }", ("http://v/",)),
    (r"SELECT * { SERVICE <http://a/\u0062> {} }", ("http://a/b",)),
    ('SELECT * { ?s ?p "SERVICE <http://x/> {}" }', ()),
    ("SELECT * { ?s ?p '''it's\nSERVICE <http://x/> {}''' }", ()),
    ("SELECT * { ?s ?p ?o } # SERVICE <http://x/> {}", ()),
    ("SELECT * { ?s <http://e/SERVICE> ex:SERVICE , ?service , SERVICE:x }", ()),
])
def test_service_targets(query, services):
    assert scan(query).services == services


@pytest.mark.parametrize("query, services", [
    ("PREFIX x: <http://a/> SELECT * { SERVICEx:y { } }", ("http://a/y",)),
    ("PREFIX : <http://a/> SELECT * { SERVICE:y {} }", ("http://a/y",)),
    ("PREFIX x: <http://a/> SELECT * { SERVICESILENTx:y {} }", ("http://a/y", "SILENTx:y")),
    ("PREFIX x: <http://a/> SELECT * { service silentx:y {} }", ("http://a/y", "silentx:y")),
    ("PREFIXx:<http://a/> SELECT*{SERVICEx:y{}}", ("http://a/y",)),
    ("PREFIX x: <http://a/> SELECT * { ?s ?p ?o FILTER(?s<?o)SERVICEx:y#>\n{} }", ("http://a/y",)),
    ("SELECT * { SERVICE <http://a/(b)> {} }", ("",)),  # refused: cannot be checked
    ("PREFIX x: <http://a/> SELECT * { ?s ?p 1SERVICEx:y {} }", ("http://a/y",)),
    ("PREFIX service: <http://a/> SELECT * { service:p service:q service:r }", ()),
])
def test_service_spellings_the_parser_accepts(query, services):
    assert scan(query).services == services


def test_relative_service_resolves_against_the_endpoint_base():
    assert scan("SELECT * { SERVICE <sparql> {} }", "http://127.0.0.1:8000/").services == (
        "http://127.0.0.1:8000/sparql",)


def test_glued_load_and_limit():
    assert scan("PREFIX x: <http://a/> LOADx:data").loads == ("http://a/data",)
    assert scan("PREFIX x: <http://a/> LOADSILENT x:d INTO GRAPH x:g").loads == ("http://a/d",)
    assert scan("PREFIX loader: <http://a/> SELECT * { ?s loader:p ?o }").form == "SELECT"
    assert scan("SELECT * { ?s ?p ?o } LIMIT10").limit == 10


@pytest.mark.parametrize("query", [
    "ASK { FILTER(" + "+".join(["1"] * 8000) + ") }",
    "ASK { " + " UNION ".join(["{}"] * 30000) + " }",
    "ASK { FILTER(" + "||".join(["true"] * 80000) + ") }",
    "ASK { ?s ?p ?o " + "MINUS {} " * 3000 + "}",
    "ASK { " + "FILTER(true) " * 30000 + "}",
    "ASK { FILTER(" + "!" * 30000 + "true) }",
])
def test_long_chains_are_counted(query):
    assert scan(query).elements > 2000


def test_parentheses_hidden_in_iri_like_text_are_counted():
    assert scan("ASK { FILTER(1<" + "(" * 5000 + ")" * 5000 + ">2) }").nesting > MAX_NESTING
    assert scan("ASK { " + "<< " * 100 + "<a> <b> <c>" + " >> <b> <c>" * 100 + " }").nesting > MAX_NESTING


def test_load_targets_and_form():
    shape = scan("INSERT DATA { <a> <b> <c> } ; LOAD SILENT <http://x/y.ttl> INTO GRAPH <g>")
    assert shape.form == "INSERT" and shape.is_update
    assert shape.loads == ("http://x/y.ttl",)
    assert scan("PREFIX a: <http://a/> ASK {}").form == "ASK"
    assert scan("garbage").form is None


@pytest.mark.parametrize("query, expected", [
    ("SELECT * { ?s ?p ?o }", "SELECT * { ?s ?p ?o }\nLIMIT 10\n"),
    ("SELECT * { ?s ?p ?o } LIMIT 500", "SELECT * { ?s ?p ?o } LIMIT 10"),
    ("SELECT * { ?s ?p ?o } LIMIT 5", "SELECT * { ?s ?p ?o } LIMIT 5"),
    ("SELECT * { { SELECT * {} LIMIT 50 } }", "SELECT * { { SELECT * {} LIMIT 50 } }\nLIMIT 10\n"),
    ("SELECT ?x { } VALUES ?x { 1 }", "SELECT ?x { } \nLIMIT 10\nVALUES ?x { 1 }"),
    ("SELECT * {} # trailing comment", "SELECT * {} # trailing comment\nLIMIT 10\n"),
    ("ASK {}", "ASK {}"),
])
def test_row_limit(query, expected):
    assert with_row_limit(query, scan(query), 10) == expected


def test_nesting_and_brackets():
    assert scan("SELECT * { { { } } }").nesting == 3
    assert scan("SELECT * { ?s ?p " + "(" * 100 + "1" + ")" * 100 + " }").nesting > MAX_NESTING
    with pytest.raises(TooManyBrackets):
        scan("{}" * 100_001)


@pytest.mark.parametrize("text", ['ASK { ?s ?p "' + "x" * 500_000, "ASK { ?s ?p '''" + "x'" * 200_000,
                                  "<" * 500_000, "a " * 250_000, 'ASK { "' + "x\\\\" * 100_000])
def test_scan_is_linear_on_hostile_text(text):
    started = time.monotonic()
    scan(text)
    assert time.monotonic() - started < 2


def _by_type(media):
    return next(f for f in FORMATS if f.media_type == media)


@pytest.mark.parametrize("accept, kind, expected", [
    (None, "results", "application/sparql-results+json"),
    ("*/*", "graph", "text/turtle"),
    ("application/sparql-results+xml, application/rdf+xml, */*", "results", "application/sparql-results+xml"),
    ("application/sparql-results+xml, application/rdf+xml, */*", "graph", "application/rdf+xml"),
    ("text/*;q=0.8, */*;q=0.1", "results", "text/csv"),
    ("application/json", "graph", "application/ld+json"),
    ("text/plain", "graph", "application/n-triples"),
    ("application/n-triples;q=0.2, text/turtle;q=0.1", "graph", "application/n-triples"),
    ("image/png", "results", None),
    ("text/csv;q=0", "results", None),
])
def test_negotiate(accept, kind, expected):
    chosen = negotiate(accept, formats_for(kind))
    assert (chosen.media_type if chosen else None) == expected
