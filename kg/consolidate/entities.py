"""Tidying the entities graph: descriptions no document refers to any more, entities typed
with several of Person / Organization / Country / Place (the gazetteer's type is kept), and
entities given several labels by documents that spell them differently (one is kept)."""
from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..namespaces import ONT, RDF, RDFS
from ..store import KnowledgeStore
from .reports import _document_graph_filter

if TYPE_CHECKING:
    from .step import ConsolidationReport

ENTITY_CLASSES = ("Person", "Organization", "Country", "Place")


def _orphans(store: KnowledgeStore) -> set[ox.NamedNode]:
    """Entities described in the entities graph that no document graph refers to."""
    described = {row["e"] for row in store.store.query(
        f"SELECT DISTINCT ?e WHERE {{ GRAPH {store.iris.entities_graph} {{ ?e ?p ?o }} }}")
        if isinstance(row["e"], ox.NamedNode)}
    if not described:
        return set()
    used = {row["o"] for row in store.store.query(f"""
        SELECT DISTINCT ?o WHERE {{
          GRAPH ?g {{ ?s ?p ?o }}
          FILTER (isIRI(?o) && STRSTARTS(STR(?o), "{store.iris.space('entity')}"))
          {_document_graph_filter(store)}
        }}""")}
    return described - used


def _type_fixes(store: KnowledgeStore, report: ConsolidationReport) -> list[ox.Quad]:
    """Entities with several actor types: the quads of the types to drop (those the gazetteer does not give)."""
    entities = store.iris.entities_graph
    values = " ".join(f"<{ONT}{c}>" for c in ENTITY_CLASSES)
    rows = store.store.query(f"""
        SELECT ?e ?t WHERE {{
          GRAPH {entities} {{ ?e a ?t }}
          VALUES ?t {{ {values} }}
        }}""")
    types: dict[ox.NamedNode, set[ox.NamedNode]] = {}
    for row in rows:
        types.setdefault(row["e"], set()).add(row["t"])
    # the gazetteer entry of entity/{key} is gazetteer/{key}: looked up for the few entities with
    # several types, not joined with every entry (that join grew with entities x gazetteer)
    gazetteer_type: dict[ox.NamedNode, ox.NamedNode] = {}
    entity_prefix, entity_type = store.iris.space("entity"), ox.NamedNode(ONT + "entityType")
    for entity, found in types.items():
        if len(found) < 2 or not isinstance(entity, ox.NamedNode):
            continue
        key = entity.value.split(entity_prefix, 1)[1] if entity_prefix in entity.value else ""
        entry = store.iris.gazetteer_entry(key)
        for quad in store.store.quads_for_pattern(entry, entity_type, None, store.iris.gazetteer_graph):
            gazetteer_type[entity] = quad.object
    drop: list[ox.Quad] = []
    rdf_type = ox.NamedNode(RDF + "type")
    for entity in sorted(types, key=str):
        found = types[entity]
        if len(found) < 2:
            continue
        names = ", ".join(sorted(t.value.rsplit("#", 1)[-1] for t in found))
        keep = gazetteer_type.get(entity)
        if keep is None or keep not in found:
            report.type_conflicts.append(f"{entity.value}: {names}")
            continue
        wrong = sorted(found - {keep}, key=str)
        drop.extend(ox.Quad(entity, rdf_type, t, entities) for t in wrong)
        report.types_fixed.append(f"{entity.value}: kept {keep.value.rsplit('#', 1)[-1]}, dropped "
                                  + ", ".join(t.value.rsplit("#", 1)[-1] for t in wrong))
    return drop


def _label_rank(label: str) -> tuple:
    """The spelling kept among several of one entity ("Valparaíso" over "Valparaiso", "Duarte-Lind"
    over "Duarte Lind"): the most letters beyond ASCII, then hyphens, then the longest, then
    the first in code-point order, so that the choice depends on no document order."""
    return (-sum(ord(c) > 127 for c in label), -label.count("-"), -len(label), label)


def _label_fixes(store: KnowledgeStore, report: ConsolidationReport) -> list[ox.Quad]:
    """Entities with several rdfs:label in the entities graph: the quads of the labels to drop."""
    entities, label_iri = store.iris.entities_graph, ox.NamedNode(RDFS + "label")
    labels: dict[ox.NamedNode, list[ox.Literal]] = {}
    for quad in store.store.quads_for_pattern(None, label_iri, None, entities):
        labels.setdefault(quad.subject, []).append(quad.object)
    drop: list[ox.Quad] = []
    for entity in sorted(labels, key=str):
        found = labels[entity]
        if len(found) < 2:
            continue
        keep = min(found, key=lambda lit: _label_rank(lit.value))
        drop.extend(ox.Quad(entity, label_iri, lit, entities) for lit in sorted(found, key=str) if lit != keep)
        report.labels_fixed.append(f"{entity.value}: kept {keep.value!r}")
    return drop
