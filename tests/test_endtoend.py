"""The sample corpus end to end: build -> SHACL -> the issue's actor query -> the real server over HTTP."""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter

import pytest

from kg.mapping import ONT, OWL, RDFS
from kg.store import KnowledgeStore
from kg.validate import validate_store

pytestmark = pytest.mark.slow

WD = "http://www.wikidata.org/entity/"
PREFIXES = f"PREFIX owl: <{OWL}>\nPREFIX rdfs: <{RDFS}>\nPREFIX ont: <{ONT}>\n"
# The store materialises `a ont:Actor` on every Person/Organization/Country, so the issue's
# query works as written (no inference). `a/rdfs:subClassOf* ont:Actor` would return each row twice.
ACTORS = PREFIXES + "SELECT ?actor ?label ?wikidata WHERE { ?actor a ont:Actor ; rdfs:label ?label ; owl:sameAs ?wikidata }"
ACTORS_NO_SAMEAS = PREFIXES + "SELECT ?actor ?label WHERE { ?actor a ont:Actor ; rdfs:label ?label }"

LINKED = {"Q3874799": "Zelensky", "Q22686": "Trump", "Q57792": "Rutte", "Q7747": "Putin"}
OTHERS = ["Keith Kellogg", "Kaja Kallas", "Steve Witkoff", "Jared Kushner", "Friedrich Merz", "Marco Rubio",
          "Sergey Lavrov"]


@pytest.fixture(scope="module")
def store(sample_store):
    settings, _ = sample_store
    return KnowledgeStore(settings.store, settings.base_iri, read_only=True)


def check_linked_actors(rows: list[dict[str, str]]) -> None:
    by_qid = Counter(r["wikidata"][len(WD):] for r in rows if r["wikidata"].startswith(WD))
    for qid, name in LINKED.items():
        assert by_qid[qid] == 1, f"{name} ({qid}) appears {by_qid[qid]} times"
        (row,) = [r for r in rows if r["wikidata"] == WD + qid]
        assert name.rstrip("y").lower() in row["label"].lower()
        assert row["actor"].endswith("entity/" + qid)


def test_build_built_all_five_and_conforms(sample_store):
    _, report = sample_store
    assert len(report.built) == 5 and report.errors == []
    assert report.validation is not None and report.validation.conforms, report.validation.text
    assert report.ok


def test_store_validates_again(sample_store, store):
    settings, _ = sample_store
    result = validate_store(store.store, base_iri=settings.base_iri)
    assert result.conforms, result.violations[:5]


def test_actor_query_returns_each_linked_actor_once(store):
    check_linked_actors(store.select(ACTORS))


def test_actor_query_without_sameas_lists_the_others_once(store):
    labels = Counter(r["label"] for r in store.select(ACTORS_NO_SAMEAS))
    for name in OTHERS:
        assert labels[name] == 1, f"{name} appears {labels[name]} times"


def test_one_wikidata_item_per_entity_and_per_node(store):
    links = store.select(f"SELECT ?e ?w WHERE {{ ?e <{OWL}sameAs> ?w FILTER STRSTARTS(STR(?w), '{WD}') }}")
    assert links
    per_item = Counter(r["w"] for r in links)
    per_node = Counter(r["e"] for r in links)
    assert [w for w, n in per_item.items() if n > 1] == []
    assert [e for e, n in per_node.items() if n > 1] == []
    shared = store.select(f"""SELECT ?a ?b ?w WHERE {{ ?a a <{ONT}Actor> ; <{OWL}sameAs> ?w .
                              ?b a <{ONT}Actor> ; <{OWL}sameAs> ?w FILTER (?a != ?b) }}""")
    assert shared == []


# --- over HTTP, with real clients ---------------------------------------------------------

def test_sparqlwrapper_json_gives_the_same_rows(sample_server, store):
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(sample_server + "/sparql")
    client.setQuery(ACTORS)
    client.setReturnFormat(JSON)
    bindings = client.queryAndConvert()["results"]["bindings"]
    rows = [{k: v["value"] for k, v in b.items()} for b in bindings]
    check_linked_actors(rows)
    key = lambda r: (r["actor"], r["label"], r["wikidata"])
    assert sorted(map(key, rows)) == sorted(map(key, store.select(ACTORS)))


def test_rdflib_sparqlstore_gives_the_same_rows(sample_server, store):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    remote = SPARQLStore(query_endpoint=sample_server + "/sparql", returnFormat="json")
    rows = [{"actor": str(r.actor), "label": str(r.label), "wikidata": str(r.wikidata)} for r in remote.query(ACTORS)]
    check_linked_actors(rows)
    key = lambda r: (r["actor"], r["label"], r["wikidata"])
    assert sorted(map(key, rows)) == sorted(map(key, store.select(ACTORS)))


def get(base: str, query: str) -> tuple[int, str]:
    url = base + "/sparql?" + urllib.parse.urlencode({"query": query})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_malformed_query_is_400_with_a_message(sample_server):
    status, body = get(sample_server, "SELECT ?x WHERE { ?x ?p }")
    assert status == 400
    assert body.strip()


def test_service_query_is_400(sample_server):
    status, body = get(sample_server, "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }")
    assert status == 400
    assert "SERVICE" in body or "service" in body


def test_http_select_json_parses(sample_server):
    status, body = get(sample_server, ACTORS)
    assert status == 200
    assert len(json.loads(body)["results"]["bindings"]) >= 4
