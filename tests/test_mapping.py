"""kg/mapping.py mints every data IRI: no other module in kg/ or server/ writes ``{base}entity/…``
and the like, the shared graphs are listed there once, and the consolidation writes through
kg/store.py's update builders."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.mapping import FACT_KINDS, SHARED_GRAPHS, IRIs, graph_name
from kg.store import delete_subjects_update, quads_to_delete, quads_to_insert

ROOT = Path(__file__).resolve().parent.parent
B = "http://example.org/kg/"
_SPACES = "entity|doc|graph|gazetteer|event|stance|role|quote|agent"
# An IRI minted by hand: the base in an f-string or a concatenation, followed by a space's segment.
_MINTS = re.compile(rf"\{{[^}}]*base[^}}]*\}}/?({_SPACES})/|\bbase(_iri)?\s*\+\s*[\"']({_SPACES})/")
ELSEWHERE = ("kg/extract/",)
"""Modules another change is rewriting (they mint nothing today)."""


def _modules() -> list[Path]:
    return [path for folder in ("kg", "server") for path in sorted((ROOT / folder).rglob("*.py"))
            if not path.relative_to(ROOT).as_posix().startswith(ELSEWHERE)]


def _holders(pattern: re.Pattern) -> list[str]:
    return [path.relative_to(ROOT).as_posix() for path in _modules() if pattern.search(path.read_text(encoding="utf-8"))]


def test_only_kg_mapping_mints_iris():
    assert _holders(_MINTS) == ["kg/mapping.py"]


def test_the_shared_graphs_are_listed_once():
    name = r"[\"'](entities|merged|ontology|gazetteer)[\"']"
    listing = re.compile(rf"{name}\s*,\s*{name}\s*,\s*{name}")   # three of them: a subset of two may be a choice
    assert _holders(listing) == ["kg/mapping.py"]


def test_deletes_are_built_by_the_store_not_by_editing_an_insert():
    edits = re.compile(r"replace\(\s*[\"']INSERT|[\"']DELETE DATA|DELETE \{")
    assert _holders(edits) == ["kg/store.py"]


def test_spaces_and_shared_graphs():
    iris = IRIs(B)
    assert iris.space("entity") == B + "entity/" and iris.entity("Q1").value.startswith(iris.space("entity"))
    assert [g.value for g in iris.shared_graphs] == [B + "graph/" + name for name in SHARED_GRAPHS]
    assert iris.shared_graphs == (iris.entities_graph, iris.merged_graph, iris.ontology_graph, iris.gazetteer_graph)
    assert iris.gazetteer_entry("Q7") == ox.NamedNode(B + "gazetteer/Q7")
    assert all(iris.fact(kind, 1).value.startswith(iris.space(kind)) for kind in FACT_KINDS)


def test_merged_node_is_named_by_its_sorted_members():
    members = [B + "event/b", B + "event/a"]
    digest = hashlib.sha1("\x1f".join(sorted(members)).encode("utf-8")).hexdigest()[:16]
    assert IRIs(B).merged_event(members) == ox.NamedNode(f"{B}event/m-{digest}")
    assert IRIs(B).merged_event(reversed(members)) == IRIs(B).merged_event(members)


@pytest.mark.parametrize("iri, base, name", [
    (B + "graph/000_abc", B, "000_abc"), (B + "graph/entities", B, "entities"),
    (B + "graph/x", "http://elsewhere.example/", None), (B + "doc/x", B, None),
    ("http://other.example/a/graph/y", None, "y"), ("http://other.example/a/doc/y", None, None)])
def test_graph_name(iri, base, name):
    assert graph_name(iri, base) == name


def test_delete_data_mirrors_insert_data():
    g = IRIs(B).entities_graph
    quads = [ox.Quad(ox.NamedNode(B + "entity/a"), ox.NamedNode(B + "p"), ox.Literal("x"), g)]
    assert quads_to_delete(quads) == quads_to_insert(quads).replace("INSERT DATA", "DELETE DATA", 1)
    assert quads_to_delete([]) == ""
    store = ox.Store()
    store.update(quads_to_insert(quads + [ox.Quad(ox.NamedNode(B + "entity/b"), ox.NamedNode(B + "p"), ox.Literal("y"), g)]))
    store.update(quads_to_delete(quads))
    assert [q.subject.value for q in store] == [B + "entity/b"]
    store.update(delete_subjects_update(g, [ox.NamedNode(B + "entity/b")]))
    assert len(store) == 0
