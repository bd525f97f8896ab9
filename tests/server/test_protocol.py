"""The SPARQL 1.1 Protocol over real HTTP, with real clients (SPARQLWrapper, rdflib) and plain requests."""
from __future__ import annotations

import csv
import http.client
import io
import json

import pytest
import rdflib
import requests
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from tests.server.conftest import BASE

PERSONS = """PREFIX ont: <https://w3id.org/newskg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?e ?label WHERE { ?e a ont:Person ; rdfs:label ?label } ORDER BY ?label"""
CONSTRUCT = """PREFIX ont: <https://w3id.org/newskg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT { ?e rdfs:label ?label } WHERE { ?e a ont:Person ; rdfs:label ?label }"""
LABELS = ["Mark Rutte", "Steve Witkoff", "Volodymyr Zelensky"]


def wrapper(url: str, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    client = SPARQLWrapper(url + "/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_json(live, method):
    result = wrapper(live, PERSONS, JSON, method).query()
    assert result.response.headers["Content-Type"] == "application/sparql-results+json; charset=utf-8"
    rows = result.convert()["results"]["bindings"]
    assert [row["label"]["value"] for row in rows] == LABELS


def test_sparqlwrapper_xml(live):
    result = wrapper(live, PERSONS, XML).query()
    assert result.response.headers["Content-Type"].startswith("application/sparql-results+xml")
    document = result.convert()
    labels = [node.firstChild.data for node in document.getElementsByTagName("literal")]
    assert labels == LABELS


@pytest.mark.parametrize("fmt, media, delimiter", [(CSV, "text/csv", ","), (TSV, "text/tab-separated-values", "\t")])
def test_sparqlwrapper_csv_tsv(live, fmt, media, delimiter):
    result = wrapper(live, PERSONS, fmt).query()
    assert result.response.headers["Content-Type"] == f"{media}; charset=utf-8"
    text = result.convert().decode()
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    assert rows[0] in (["e", "label"], ["?e", "?label"])
    assert [r[1].strip('"') for r in rows[1:]] == LABELS


@pytest.mark.parametrize("fmt, media", [(TURTLE, "text/turtle"), (N3, "text/turtle"), (RDFXML, "application/rdf+xml"),
                                        (JSONLD, "application/ld+json"), (XML, "application/rdf+xml")])
def test_sparqlwrapper_graph_formats(live, fmt, media):
    result = wrapper(live, CONSTRUCT, fmt).query()
    assert result.response.headers["Content-Type"] == f"{media}; charset=utf-8"
    graph = result.convert()
    if not isinstance(graph, rdflib.Graph):  # SPARQLWrapper returns bytes for Turtle and N3
        graph = rdflib.Graph().parse(data=graph, format="turtle")
    labels = sorted(str(o) for o in graph.objects(None, rdflib.RDFS.label))
    assert labels == LABELS


def test_ntriples(live):
    response = requests.get(live + "/sparql", params={"query": CONSTRUCT}, headers={"Accept": "application/n-triples"})
    assert response.headers["Content-Type"] == "application/n-triples; charset=utf-8"
    graph = rdflib.Graph().parse(data=response.text, format="nt")
    assert len(graph) == 3


def test_ask(live):
    result = wrapper(live, "ASK { ?s a <https://w3id.org/newskg/ontology#Stance> }", JSON).query().convert()
    assert result["boolean"] is True


def test_describe(live):
    response = requests.get(live + "/sparql", params={"query": f"DESCRIBE <{BASE}entity/Q7184>"},
                            headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    assert (rdflib.URIRef(BASE + "entity/Q7184"), rdflib.RDFS.label, rdflib.Literal("NATO")) in graph


@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
def test_rdflib_sparqlstore(live, method):
    for return_format in ("json", "xml", "csv"):
        graph = rdflib.Graph(store=SPARQLStore(live + "/sparql", method=method, returnFormat=return_format))
        assert [str(row.label) for row in graph.query(PERSONS)] == LABELS
    graph = rdflib.Graph(store=SPARQLStore(live + "/sparql", method=method))
    assert len(graph.query(CONSTRUCT).graph) == 3
    assert graph.query("ASK { ?s ?p ?o }").askAnswer is True


def test_post_sparql_query_body(live):
    response = requests.post(live + "/sparql", data=PERSONS.encode(),
                             headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert response.status_code == 200
    assert response.text.splitlines()[1:] == LABELS[:1] + LABELS[1:] or "Mark Rutte" in response.text


def test_union_default_graph_and_graph_keyword(live):
    query = f"SELECT ?g WHERE {{ GRAPH ?g {{ <{BASE}stance/s1> a ?t }} }}"
    rows = requests.get(live + "/sparql", params={"query": query}).json()["results"]["bindings"]
    assert [r["g"]["value"] for r in rows] == [BASE + "graph/doc1"]


def test_default_and_named_graph_uri(live):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    only_entities = requests.get(live + "/sparql", params={"query": query, "default-graph-uri": BASE + "graph/entities"})
    everything = requests.get(live + "/sparql", params={"query": query})
    n_entities = int(only_entities.json()["results"]["bindings"][0]["n"]["value"])
    n_all = int(everything.json()["results"]["bindings"][0]["n"]["value"])
    assert 0 < n_entities < n_all
    named = requests.get(live + "/sparql", params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                                                   "named-graph-uri": BASE + "graph/doc2"})
    assert [r["g"]["value"] for r in named.json()["results"]["bindings"]] == [BASE + "graph/doc2"]


@pytest.mark.parametrize("accept, expected", [
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ("text/*;q=0.8, */*;q=0.1", "text/csv"),
    ("application/json", "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),
    ("text/tab-separated-values, text/csv;q=0", "text/tab-separated-values"),
])
def test_accept_q_values(live, accept, expected):
    response = requests.get(live + "/sparql", params={"query": PERSONS}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == f"{expected}; charset=utf-8"


def test_format_parameter_overrides_accept(live):
    response = requests.get(live + "/sparql", params={"query": PERSONS, "format": "csv"},
                            headers={"Accept": "application/sparql-results+json"})
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"


def test_small_results_have_content_length(live):
    response = requests.get(live + "/sparql", params={"query": PERSONS})
    assert int(response.headers["Content-Length"]) == len(response.content)


# --- errors ----------------------------------------------------------------------------------

def _error(response, status: int, *words: str) -> None:
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    for word in words:
        assert word in response.text, response.text


def test_syntax_error_with_position(live):
    response = requests.get(live + "/sparql", params={"query": "SELECT * WHERE {\n  ?s ?p \n}}"})
    _error(response, 400, "syntax error", "3:")


def test_unknown_parameter(live):
    _error(requests.get(live + "/sparql", params={"query": "ASK {}", "limit": "5"}), 400, "unknown parameter 'limit'")


def test_two_queries(live):
    _error(requests.get(live + "/sparql?query=ASK%7B%7D&query=ASK%7B%7D"), 400, "2 'query' parameters")


def test_post_without_query(live):
    _error(requests.post(live + "/sparql", data={"format": "json"}), 400, "no query")


def test_query_and_update_together(live):
    _error(requests.post(live + "/sparql", data={"query": "ASK {}", "update": "CLEAR ALL"}), 400, "not both")


def test_not_acceptable(live):
    _error(requests.get(live + "/sparql", params={"query": PERSONS}, headers={"Accept": "image/png"}), 406, "image/png")
    _error(requests.get(live + "/sparql", params={"query": PERSONS, "format": "turtle"}), 406, "turtle")


def test_unknown_format(live):
    _error(requests.get(live + "/sparql", params={"query": PERSONS, "format": "yaml"}), 400, "unknown format")


def test_wrong_method(live):
    _error(requests.put(live + "/sparql", data="ASK {}"), 405)
    assert "GET" in requests.delete(live + "/sparql").headers["Allow"]


def test_wrong_content_type(live):
    _error(requests.post(live + "/sparql", data="ASK {}", headers={"Content-Type": "text/plain"}), 415, "text/plain")
    _error(requests.post(live + "/sparql", data=b"ASK {}", headers={"Content-Type": ""}), 415)


def raw_get(url: str, target: str) -> tuple[int, str, str]:
    """GET exactly ``target`` (requests would repair a bad percent-encoding)."""
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request("GET", target)
    response = connection.getresponse()
    result = response.status, response.getheader("Content-Type"), response.read().decode("utf-8", "replace")
    connection.close()
    return result


def test_bad_percent_encoding(live):
    status, content_type, text = raw_get(live, "/sparql?query=ASK%7B%ZZ%7D")
    assert (status, content_type) == (400, "text/plain; charset=utf-8") and "percent-encoding" in text
    status, _, text = raw_get(live, "/sparql?query=ASK%FF%FE")
    assert status == 400 and "UTF-8" in text


def test_bad_graph_iri(live):
    _error(requests.get(live + "/sparql", params={"query": "ASK {}", "default-graph-uri": "not an iri"}), 400, "IRI")


def test_too_large(small_limits):
    _error(requests.post(small_limits + "/sparql", data={"query": "ASK {}" + " " * 5000}), 413, "2000")
    _error(requests.post(small_limits + "/sparql", data=b"#" * 5000,
                         headers={"Content-Type": "application/sparql-query"}), 413)
    _error(requests.get(small_limits + "/sparql", params={"query": "ASK {}" + " " * 3000}), 413)


def test_max_result_rows(small_limits):
    response = requests.get(small_limits + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 200
    assert len(response.json()["results"]["bindings"]) == 3
    assert response.headers["X-SPARQL-MaxRows"] == "3"
    lower = requests.get(small_limits + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 2"})
    assert len(lower.json()["results"]["bindings"]) == 2


def test_cors(live, small_limits):
    assert requests.get(live + "/sparql", params={"query": "ASK {}"}).headers["Access-Control-Allow-Origin"] == "*"
    preflight = requests.options(live + "/sparql", headers={"Origin": "https://a.example",
                                                            "Access-Control-Request-Method": "POST"})
    assert preflight.status_code in (200, 204)
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    allowed = requests.get(small_limits + "/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://example.org"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://example.org"
    other = requests.get(small_limits + "/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    error = requests.get(live + "/sparql", params={"query": "SELEC"})
    assert error.headers["Access-Control-Allow-Origin"] == "*"


def test_store_missing(tmp_path):
    from tests.server.conftest import ThreadServer, make_settings
    server = ThreadServer(make_settings(tmp_path / "nothing-here"))
    try:
        response = requests.get(server.url + "/sparql", params={"query": "ASK {}"})
        _error(response, 503, "no store at", "kg build")
        assert "kg build" in requests.get(server.url + "/").text
    finally:
        server.close()


# --- descriptions ----------------------------------------------------------------------------

SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")


def test_service_description(live):
    response = requests.get(live + "/sparql", headers={"Accept": "text/turtle"})
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    service = rdflib.URIRef(BASE + "sparql")
    assert (service, rdflib.RDF.type, SD.Service) in graph
    assert (service, SD.feature, SD.UnionDefaultGraph) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (service, SD.feature, SD.BasicFederatedQuery) not in graph
    assert (None, SD.name, rdflib.URIRef(BASE + "graph/doc1")) in graph
    plain = requests.get(live + "/sparql")
    assert plain.headers["Content-Type"].startswith("text/turtle")


def test_browser_gets_query_page(live):
    response = requests.get(live + "/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.headers["Content-Type"].startswith("text/html")
    assert "<textarea" in response.text
    assert "cdn" not in response.text.lower()


def test_void(live):
    response = requests.get(live + "/.well-known/void", headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    dataset = next(graph.subjects(rdflib.RDF.type, VOID.Dataset))
    values = {str(p): int(o) for p, o in graph.predicate_objects(rdflib.URIRef(BASE + ".well-known/void#dataset"))
              if isinstance(o, rdflib.Literal) and o.datatype == rdflib.XSD.integer}
    assert values[str(VOID.documents)] == 2
    assert values[str(VOID.entities)] == 6
    assert values[str(VOID.triples)] > 50
    linksets = set(graph.subjects(rdflib.RDF.type, VOID.Linkset))
    targets = {str(graph.value(ls, VOID.objectsTarget)) for ls in linksets}
    assert targets == {"http://www.wikidata.org/", "http://dbpedia.org/"}
    assert dataset is not None
    as_jsonld = requests.get(live + "/.well-known/void", headers={"Accept": "application/ld+json"})
    assert as_jsonld.headers["Content-Type"] == "application/ld+json; charset=utf-8"
    json.loads(as_jsonld.text)


def test_relative_iris_resolve_against_the_endpoint_base(live):
    """SPARQL 1.1 Protocol 2.3: the service defines a base IRI (as `oxigraph serve` does)."""
    response = requests.get(live + "/sparql", params={"query": "SELECT * WHERE { <rel> ?p ?o }"})
    assert response.status_code == 200, response.text
    bound = requests.get(live + "/sparql", params={"query": "SELECT ?l WHERE { <entity/Q7184> ?p ?l } LIMIT 1"})
    assert bound.status_code == 200 and bound.json()["results"]["bindings"], bound.text
    echo = requests.get(live + "/sparql", params={"query": "SELECT ?x WHERE { BIND(<a/b> AS ?x) }"}).json()
    assert echo["results"]["bindings"][0]["x"]["value"] == BASE + "a/b"
    own = requests.get(live + "/sparql", params={"query": "BASE <http://example.org/> SELECT ?x WHERE { BIND(<a> AS ?x) }"})
    assert own.json()["results"]["bindings"][0]["x"]["value"] == "http://example.org/a"
