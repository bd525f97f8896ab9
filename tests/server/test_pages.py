"""The HTML pages and linked-data views of minted IRIs, through Flask's test client: page
logic needs no socket (the protocol over real HTTP is test_protocol.py)."""
from __future__ import annotations

import pytest
import rdflib

from server.app import create_app
from tests.server.conftest import BASE, make_settings


@pytest.fixture(scope="module")
def client(store_path):
    return create_app(make_settings(store_path)).test_client()


def html(client, path: str):
    return client.get(path, headers={"Accept": "text/html"})


def test_home_page(client):
    page = client.get("/").text
    assert "documents" in page and "stances" in page and "curl" in page
    assert "stances.rq" in page
    assert "cdn" not in page.lower()


def test_query_page(client):
    page = client.get("/query").text
    assert "<textarea" in page and "query.js" in page
    assert client.get("/static/query.js").status_code == 200


def test_entity_html(client):
    page = html(client, "/entity/Q3874799")
    assert page.headers["Content-Type"].startswith("text/html")
    text = page.text
    assert "Volodymyr Zelensky" in text
    assert "https://www.wikidata.org" in text or "http://www.wikidata.org/entity/Q3874799" in text
    assert "http://dbpedia.org/resource/Volodymyr_Zelenskyy" in text
    assert "Ukraine&#39;s NATO membership" in text or "Ukraine's NATO membership" in text
    assert "Zelensky has not given up on NATO membership, a diplomat said." in text
    assert "Zelensky keeps NATO hopes alive" in text
    assert "Rutte meets Zelensky" in text


def test_entity_roles_and_quotes(client):
    text = html(client, "/entity/Q12461").text
    assert "Secretary General" in text and "We stand with Ukraine." in text


def test_entity_turtle_and_jsonld(client):
    response = client.get("/entity/Q3874799", headers={"Accept": "text/turtle"})
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    entity = rdflib.URIRef(BASE + "entity/Q3874799")
    assert (entity, rdflib.OWL.sameAs, rdflib.URIRef("http://www.wikidata.org/entity/Q3874799")) in graph
    stance = rdflib.URIRef(BASE + "stance/s1")
    assert (stance, rdflib.URIRef("https://w3id.org/newskg/ontology#holder"), entity) in graph
    anchor = rdflib.URIRef("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf")
    assert rdflib.Literal("has not given up on") in set(graph.objects(None, anchor))
    jsonld = client.get("/entity/Q3874799", headers={"Accept": "application/ld+json"})
    assert len(rdflib.Graph().parse(data=jsonld.text, format="json-ld")) == len(graph)


def test_minted_entity_path_and_other_spaces(client):
    assert "Steve Witkoff" in html(client, "/entity/person/steve-witkoff").text
    for path in ("/doc/doc1", "/stance/s1", "/event/ev1", "/quote/q1", "/role/r1"):
        assert html(client, path).status_code == 200, path
        assert client.get(path, headers={"Accept": "text/turtle"}).status_code == 200, path


def test_unknown_entity_404(client):
    response = client.get("/entity/Q0", headers={"Accept": "text/turtle"})
    assert response.status_code == 404, (response.status_code, response.text)
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert "nothing is known" in response.text


def test_iri_does_not_depend_on_host(client):
    response = client.get("/entity/Q7184", headers={"Accept": "text/turtle", "Host": "elsewhere.example"})
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    assert (rdflib.URIRef(BASE + "entity/Q7184"), rdflib.RDFS.label, rdflib.Literal("NATO")) in graph


@pytest.mark.parametrize("params, name", [
    ({"window": "999999999"}, "window"), ({"window": "-1"}, "window"), ({"window": "²"}, "window"),
    ({"view": "agreement", "window": "99999"}, "window"),
    ({"from": "2025-02-30"}, "from"), ({"from": "0000-01-01"}, "from"), ({"to": "2025-13"}, "to"),
    ({"to": "99999"}, "to"), ({"from": "2025-1-1-1"}, "from"), ({"view": "nonsense"}, "view"),
])
def test_graph_api_parameters_are_checked(client, params, name):
    response = client.get("/api/graph", query_string=params)
    assert response.status_code == 400, (params, response.status_code, response.text[:300])
    assert name in response.text
