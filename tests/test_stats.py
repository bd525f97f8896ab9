"""`kg stats`, the home page and VoID report the same counts, from one function (kg/stats.py)."""
from __future__ import annotations

import json
import re

import pyoxigraph as ox
import rdflib

from kg.cli import main as kg
from kg.namespaces import ONT, VOID
from kg.stats import CLASS_PARTITIONS, LINK_TARGETS, store_statistics
from server.app import create_app

HOME_COUNTS = ("documents", "entities", "actors", "stances", "events", "triples")


def _home_counts(client) -> dict[str, int]:
    page = client.get("/").get_data(as_text=True)
    shown = dict((label, int(n)) for n, label in re.findall(r'<div class="stat"><b>(\d+)</b>(\w+)</div>', page))
    assert set(shown) == set(HOME_COUNTS), shown
    return shown


def _void_counts(client, base: str) -> dict[str, int]:
    response = client.get("/.well-known/void", headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=response.get_data(as_text=True), format="turtle")
    v = rdflib.Namespace(VOID)
    dataset = rdflib.URIRef(base + ".well-known/void#dataset")
    counts = {key: int(graph.value(dataset, v[key])) for key in ("documents", "entities", "triples")}
    for partition in graph.objects(dataset, v.classPartition):
        cls = str(graph.value(partition, v["class"]))[len(ONT):]
        counts[CLASS_PARTITIONS[cls]] = int(graph.value(partition, v.entities))
    for target in LINK_TARGETS:
        linkset = rdflib.URIRef(base + f".well-known/void#{target}-links")
        counts[f"{target}_links"] = int(graph.value(linkset, v.triples))
    return counts


def test_cli_home_page_and_void_report_the_same_counts(sample_store, capsys):
    settings, _ = sample_store
    store = ox.Store.read_only(settings.store)
    expected = store_statistics(store)
    assert expected["documents"] == 5 and expected["stances"] > 0 and expected["events"] > 0

    assert kg(["stats", "--json", "--store", settings.store]) == 0
    cli = json.loads(capsys.readouterr().out)
    client = create_app(settings).test_client()
    home = _home_counts(client)
    void = _void_counts(client, settings.base_iri)

    assert cli == expected
    assert home == {key: expected[key] for key in home}
    assert void == {key: expected[key] for key in void}
    assert set(void) == {"documents", "entities", "triples", *CLASS_PARTITIONS.values(),
                         *(f"{target}_links" for target in LINK_TARGETS)}
