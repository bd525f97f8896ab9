"""The Python API (kg/api.py): the README's example, run as written on a tiny corpus, then each
method and each error a notebook user can meet, and the CLI going through the same object."""
from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import types
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

import kg
from kg.cli import main as kg_cli
from kg.config import ConfigError, Settings
from kg.namespaces import ONT
from kg.query import QueryError, QueryUsageError, named_queries
from kg.stats import store_statistics
from kg.store import StoreError

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
BASE = Settings().base_iri
TINY = {"offtopic_trade.txt": DATA / "offtopic_trade.txt", "dated.txt": DATA / "ingest" / "dated.txt",
        "dated.txt.meta.json": DATA / "ingest" / "dated.txt.meta.json"}
"""Two short articles: a trade dispute (Portugal, Canada) and one line on Paris talks, with metadata."""


def readme_example() -> str:
    """The first ``python`` block of the README's "Python API" section."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Python API\n", 1)[1].split("\n## ", 1)[0]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match, "README's Python API section has no ```python block"
    return match.group(1)


def tiny_corpus(root: Path, names=tuple(TINY)) -> Path:
    (root / "sources").mkdir(parents=True)
    for name in names:
        shutil.copy(TINY[name], root / "sources" / name)
    return root


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """(namespace, stdout, store path) of the README example run in a folder holding the tiny corpus."""
    root = tiny_corpus(tmp_path_factory.mktemp("api"))
    namespace: dict = {"__name__": "readme_example"}
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        for name in [k for k in os.environ if k.startswith("KG_")]:
            mp.delenv(name)
        with contextlib.redirect_stdout(out):
            exec(compile(readme_example(), "README.md (Python API)", "exec"), namespace)
    return namespace, out.getvalue(), root / "data" / "store"


@pytest.fixture
def graph(example):
    with kg.open(example[2]) as g:
        yield g


def test_the_readme_example_runs_as_written(example):
    ns, out, store = example
    assert ns["report"].built == ["dated", "offtopic_trade"] and ns["report"].ok
    assert sorted({row["label"] for row in ns["countries"]}) == ["Canada", "Portugal"]
    # "Canada rejected the levy" and "Ottawa opposed the levy": two stances of one actor; the minister
    # who said so holds that position too
    assert ns["opponents"] == [{"label": "Canada", "stances": "2"}, {"label": "Mary Ng", "stances": "1"}]
    canada = ns["canada"]
    assert canada["label"] == "Canada"
    assert canada["wikidata"] == ["http://www.wikidata.org/entity/Q16"]
    assert [row["doc"] for row in canada["mentions"]] == [BASE + "doc/offtopic_trade"]
    assert isinstance(ns["positions"], nx.MultiDiGraph)
    assert out.splitlines() == [
        "['dated', 'offtopic_trade']",
        "['Canada', 'Portugal']",
        "[{'label': 'Canada', 'stances': '2'}, {'label': 'Mary Ng', 'stances': '1'}]",
        "Canada ['http://www.wikidata.org/entity/Q16'] ['http://127.0.0.1:8000/doc/offtopic_trade']",
        "2 documents",
        f"{ns['positions'].number_of_edges()} stances",
    ]
    assert store.is_dir()


# --- query ------------------------------------------------------------------------------

def test_query_rows_are_dicts_with_every_variable_in_order(graph):
    rows = graph.query("documents")
    assert [list(row) for row in rows] == [["doc", "file", "title", "publisher", "date"]] * 2
    dated = next(row for row in rows if row["file"] == "dated.txt")
    assert dated == {"doc": BASE + "doc/dated", "file": "dated.txt", "title": "Paris talks",
                     "publisher": "Example Wire", "date": "2025-04-04"}
    trade = next(row for row in rows if row["file"] == "offtopic_trade.txt")
    assert trade["publisher"] is None   # unbound


def test_parameters_bind_literals_and_iris(graph):
    assert [r["doc"] for r in graph.query("documents", file="dated.txt")] == [BASE + "doc/dated"]
    assert [r["file"] for r in graph.query("documents", doc=ox.NamedNode(BASE + "doc/dated"))] == ["dated.txt"]
    assert [r["file"] for r in graph.query("documents", doc=f"<{BASE}doc/offtopic_trade>")] == ["offtopic_trade.txt"]


def test_ask_gives_a_bool_and_construct_gives_triples(graph):
    assert graph.query("ASK { ?c a ont:Country ; rdfs:label 'Portugal' }") is True
    assert graph.query("ASK { ?c a ont:Country ; rdfs:label 'Atlantis' }") is False
    triples = graph.query(f"CONSTRUCT {{ ?c rdfs:label ?l }} WHERE {{ ?c a ont:Country ; rdfs:label ?l }}")
    assert sorted(t["object"] for t in triples) == ["Canada", "Portugal"]
    assert {t["predicate"] for t in triples} == {"http://www.w3.org/2000/01/rdf-schema#label"}


def test_unknown_named_query_is_an_error_naming_the_available_ones(graph):
    with pytest.raises(kg.QueryError) as info:
        graph.query("nosuch")
    assert "no named query 'nosuch'" in str(info.value)
    for name in named_queries():
        assert name in str(info.value)


def test_unknown_parameter_and_malformed_query_are_explained(graph):
    with pytest.raises(QueryUsageError, match=r"unknown parameter topic: query 'who-supports' takes topicKey"):
        graph.query("who-supports", topic="x")
    with pytest.raises(QueryError, match=r"^malformed query: "):
        graph.query("SELECT ?x WHERE { ?x ?p }")


def test_query_is_checked_before_the_store_is_opened(tmp_path):
    with kg.open(tmp_path / "none") as g:
        with pytest.raises(QueryError, match="no named query"):
            g.query("nosuch")
        with pytest.raises(StoreError, match=r"no store at .*run `kg build` first"):
            g.query("documents")
    assert not (tmp_path / "none").exists()


def test_serialize_is_what_kg_query_prints(graph, example, capsys):
    assert kg_cli(["query", "documents", "--format", "csv", "--param", "file=dated.txt",
                   "--store", str(example[2])]) == 0
    assert graph.serialize("documents", "csv", file="dated.txt") == capsys.readouterr().out
    assert graph.serialize("ASK {}") == "true\n"
    with pytest.raises(QueryUsageError, match="--format csv does not fit a ASK query"):
        graph.serialize("ASK {}", "csv")


# --- frame ------------------------------------------------------------------------------

def test_frame_without_pandas_says_how_to_get_it(graph, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)   # what `import pandas` meets when it is not installed
    with pytest.raises(ImportError, match=r"needs pandas, which is not installed: pip install pandas"):
        graph.frame("documents")


def test_frame_gives_pandas_the_columns_in_order(graph, monkeypatch):
    fake = types.ModuleType("pandas")
    fake.DataFrame = lambda rows, columns: {"rows": rows, "columns": columns}
    monkeypatch.setitem(sys.modules, "pandas", fake)
    frame = graph.frame("documents", file="dated.txt")
    assert frame == {"columns": ["doc", "file", "title", "publisher", "date"],
                     "rows": [[BASE + "doc/dated", "dated.txt", "Paris talks", "Example Wire", "2025-04-04"]]}
    empty = graph.frame("documents", file="nosuch.txt")
    assert empty == {"columns": ["doc", "file", "title", "publisher", "date"], "rows": []}
    with pytest.raises(QueryUsageError, match="ASK query has no rows"):
        graph.frame("ASK {}")


def test_frame_with_real_pandas(graph):
    pandas = pytest.importorskip("pandas")
    frame = graph.frame("documents")
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == ["doc", "file", "title", "publisher", "date"]
    assert sorted(frame["file"]) == ["dated.txt", "offtopic_trade.txt"]


# --- stats, graph, describe, evaluate ----------------------------------------------------

def test_stats_is_the_one_function_kg_stats_prints(graph, example, capsys):
    stats = graph.stats()
    assert stats == store_statistics(graph.store.store)
    assert stats["documents"] == 2 and stats["countries"] == 2
    assert kg_cli(["stats", "--json", "--store", str(example[2])]) == 0
    assert json.loads(capsys.readouterr().out) == stats


def test_graph_views_and_filters(graph):
    stances = graph.query("stances")
    positions = graph.graph()
    assert isinstance(positions, nx.MultiDiGraph)
    assert positions.number_of_edges() == len(stances)
    canada = graph.graph("positions", actor="Canada")
    # the filter keeps exactly Canada's stances (how many there are is extraction's business)
    assert canada.number_of_edges() == sum(1 for s in stances if s["holderLabel"] == "Canada") > 0
    assert {canada.nodes[u]["label"] for u, _ in canada.edges()} == {"Canada"}
    assert isinstance(graph.graph("agreement"), nx.Graph)
    with pytest.raises(ValueError, match="unknown view 'nosuch'"):
        graph.graph("nosuch")


def test_describe_takes_relative_absolute_and_node_iris(graph):
    page = graph.describe("entity/Q45")
    assert page == graph.describe(BASE + "entity/Q45") == graph.describe(ox.NamedNode(BASE + "entity/Q45"))
    assert page["iri"] == BASE + "entity/Q45"
    assert page["label"] == "Portugal"
    assert ONT + "Country" in page["types"]
    assert page["wikidata"] == ["http://www.wikidata.org/entity/Q45"]
    assert [row["doc"] for row in page["mentions"]] == [BASE + "doc/offtopic_trade"]
    assert all(isinstance(p, str) and isinstance(o, str) for p, o in page["properties"])


def test_describe_unknown_or_invalid_iri(graph):
    with pytest.raises(LookupError, match=r"nothing is known about <http://127.0.0.1:8000/entity/Q1>"):
        graph.describe("entity/Q1")
    with pytest.raises(ValueError, match="is not an IRI"):
        graph.describe("entity/a b")


def _gold(folder: Path) -> Path:
    folder.mkdir()
    (folder / "offtopic_trade.json").write_text(json.dumps({
        "doc_id": "offtopic_trade", "article_date": "2025-05-14",
        "entities": [{"label": "Portugal", "type": "Country", "wikidata": "Q45"},
                     {"label": "Canada", "type": "Country", "wikidata": "Q16"}],
        "roles": [], "stances": [], "events": [], "quotes": []}))
    return folder


def test_evaluate_scores_the_store_as_kg_eval_does(graph, example, tmp_path, capsys):
    gold = _gold(tmp_path / "gold")
    entities = graph.evaluate(gold, kinds=["entities"]).scores["entities"]
    assert (entities.tp, entities.fn) == (2, 0)
    assert kg_cli(["eval", str(gold), "--json", "--store", str(example[2])]) == 0
    assert json.loads(capsys.readouterr().out) == graph.evaluate(str(gold)).to_dict()


# --- the object -------------------------------------------------------------------------

def test_build_then_query_sees_the_new_documents(tmp_path):
    root = tiny_corpus(tmp_path, ("dated.txt", "dated.txt.meta.json"))
    with kg.open(root / "store") as g:
        assert g.build(root / "sources").built == ["dated"]
        assert [r["file"] for r in g.query("documents")] == ["dated.txt"]   # the store is now open
        shutil.copy(TINY["offtopic_trade.txt"], root / "sources")
        report = g.build(str(root / "sources"))
        assert (report.built, report.unchanged) == (["offtopic_trade"], ["dated"])
        assert sorted(r["file"] for r in g.query("documents")) == ["dated.txt", "offtopic_trade.txt"]
    assert g._store is None


def test_settings_come_from_the_arguments_over_the_defaults(tmp_path, monkeypatch):
    monkeypatch.delenv("KG_BASE_IRI", raising=False)
    g = kg.open(tmp_path / "s", settings={"base_iri": "http://example.org/kg/"})
    assert (g.settings.store, g.settings.base_iri) == (str(tmp_path / "s"), "http://example.org/kg/")
    assert repr(g) == f"<KnowledgeGraph store={str(tmp_path / 's')!r}>"
    given = Settings(store="elsewhere", workers=3)
    assert kg.open(settings=given).settings.store == "elsewhere"
    assert kg.open("here", settings=given).settings.workers == 3
    with pytest.raises(ConfigError, match="unknown setting"):
        kg.open(settings={"no_such_setting": 1})
    with pytest.raises(ConfigError, match="base_iri must end"):
        kg.open(settings=Settings(base_iri="http://example.org"))


def test_the_cli_goes_through_the_api(monkeypatch, example, capsys):
    monkeypatch.setattr("kg.api.KnowledgeGraph.stats", lambda self: {"documents": 99})
    assert kg_cli(["stats", "--store", str(example[2])]) == 0
    assert capsys.readouterr().out == "documents  99\n"


def test_import_kg_is_cheap_and_the_names_load_on_use():
    code = ("import sys, kg; print(sorted(m for m in ('kg.api', 'pyoxigraph', 'spacy') if m in sys.modules)); "
            "print(kg.open.__module__, kg.KnowledgeGraph.__name__, kg.QueryError.__module__); "
            "print('open' in dir(kg))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["[]", "kg.api KnowledgeGraph kg.query", "True"]
    with pytest.raises(AttributeError, match="no attribute 'nosuch'"):
        kg.nosuch
