"""The `kg` command on the sample store: help, named and inline queries, stats, export, validate."""
from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from kg.cli import main as kg
from kg.config import describe_settings
from kg.mapping import ONT, OWL
from kg.query import named_queries
from kg.store import KnowledgeStore

COMMANDS = ["build", "serve", "query", "export", "validate", "stats", "eval", "graph"]
STANCES_HEADER = ("stance,holder,holderLabel,holderWikidata,topicKey,topicLabel,polarity,conditional,date,doc,evidence,"
                  "confidence")


@pytest.fixture
def store_args(sample_store):
    settings, _ = sample_store
    return ["--store", settings.store]


def test_help_lists_every_command_and_the_settings_table(capsys):
    with pytest.raises(SystemExit) as exit_info:
        kg(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for command in COMMANDS:
        assert command in out
    assert "settings" in out and "exit codes" in out
    for name, _, _ in describe_settings():
        assert name in out


def test_named_stances_query_as_csv(store_args, capsys):
    assert kg(["query", "stances", "--format", "csv", *store_args]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].strip() == STANCES_HEADER
    assert len(lines) > 1


def test_unknown_named_query_exits_3_naming_the_available_ones(store_args, capsys):
    assert kg(["query", "nosuch", *store_args]) == 3
    err = capsys.readouterr().err
    assert "nosuch" in err
    for name in named_queries():
        assert name in err


def test_malformed_inline_query_exits_3_with_the_parsers_message(store_args, capsys):
    assert kg(["query", "SELECT ?x WHERE { ?x ?p }", *store_args]) == 3
    err = capsys.readouterr().err
    assert err.startswith("error: malformed query")
    assert len(err.strip()) > len("error: malformed query: ")
    assert "Traceback" not in err


def test_stats_json_matches_sparql_counts(sample_store, store_args, capsys):
    settings, _ = sample_store
    assert kg(["stats", "--json", *store_args]) == 0
    data = json.loads(capsys.readouterr().out)
    store = KnowledgeStore(settings.store, settings.base_iri, read_only=True)

    def count(where: str) -> int:
        return int(store.select(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}")[0]["n"])

    assert data["documents"] == count(f"?x a <{ONT}Document>") == 5
    assert data["actors"] == count(f"?x a <{ONT}Actor>")
    assert data["stances"] == count(f"?x a <{ONT}Stance>") > 0
    assert data["roles"] == count(f"?x a <{ONT}Role>") > 0
    # statements and events count real-world ones: a report merged into a cross-document node counts once
    assert data["statements"] == count(f"?x a <{ONT}Statement> FILTER NOT EXISTS {{ ?m <{ONT}mergedFrom> ?x }}") > 0
    assert data["events"] < count(f"?x a/<http://www.w3.org/2000/01/rdf-schema#subClassOf> <{ONT}Event>")
    assert data["wikidata_links"] == count(f"?e <{OWL}sameAs> ?x FILTER STRSTARTS(STR(?x), 'http://www.wikidata.org/entity/')")
    assert data["triples"] == len(store.store)
    assert data["named_graphs"] == len(list(store.store.named_graphs()))


def test_export_nquads_has_every_quad(sample_store, store_args, tmp_path, capsys):
    settings, _ = sample_store
    out = tmp_path / "dump.nq"
    assert kg(["export", "--format", "nquads", "-o", str(out), *store_args]) == 0
    quads = list(ox.parse(path=str(out), format=ox.RdfFormat.N_QUADS))
    store = KnowledgeStore(settings.store, settings.base_iri, read_only=True)
    assert len(quads) == len(store.store)
    assert set(quads) == set(store.store)


def test_validate_exits_0_on_the_sample_store(store_args, capsys):
    assert kg(["validate", *store_args]) == 0
    assert "conforms" in capsys.readouterr().out


def test_graph_analytics(sample_store, store_args, capsys):
    assert kg(["graph", "--analytics", "--json", *store_args]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["central_actors"] and data["divisive_topics"]
    labels = {a["label"] for a in data["central_actors"]}
    assert "Volodymyr Zelenskyy" in labels
    nato = next(t for t in data["divisive_topics"] if t["topic"] == "ukraine_nato_membership")
    assert nato["support"] > 0 and nato["oppose"] > 0      # the samples show both sides


def test_build_on_a_missing_path_exits_2_and_creates_nothing(tmp_path, capsys):
    store = tmp_path / "store"
    assert kg(["build", str(tmp_path / "no-such-folder"), "--store", str(store), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "no such file or directory" in err and str(tmp_path / "no-such-folder") in err
    assert not store.exists()
    assert list(tmp_path.iterdir()) == []
