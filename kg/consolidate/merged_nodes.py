"""What every merged node says, event or statement: its IRI, type, reason, members, documents,
and the evidence, sentence and confidence of its most confident member."""
from __future__ import annotations

import pyoxigraph as ox

from ..namespaces import ONT, PROV, RDF
from .reports import _Report


def _merged_node(iris, cluster: list[_Report]) -> ox.NamedNode:
    return iris.merged_event(r.node.value for r in cluster)


def _common_quads(iris, node: ox.NamedNode, cluster: list[_Report], reason: str) -> list[ox.Quad]:
    g = iris.merged_graph
    best = max(cluster, key=lambda r: (r.confidence, r.evidence is not None, r.node.value))
    quads = [ox.Quad(node, ox.NamedNode(RDF + "type"), cluster[0].cls, g),
             ox.Quad(node, ox.NamedNode(ONT + "mergeReason"), ox.Literal(reason), g)]
    for r in cluster:
        quads.append(ox.Quad(node, ox.NamedNode(ONT + "mergedFrom"), r.node, g))
    for doc in sorted({d for r in cluster for d in r.docs}, key=str):
        quads.append(ox.Quad(node, ox.NamedNode(PROV + "wasDerivedFrom"), doc, g))
    if best.confidence_literal is not None:
        quads.append(ox.Quad(node, ox.NamedNode(ONT + "confidence"), best.confidence_literal, g))
    if best.evidence is not None:
        quads.append(ox.Quad(node, ox.NamedNode(ONT + "evidence"), best.evidence, g))
    if best.sentence is not None:
        quads.append(ox.Quad(node, ox.NamedNode(ONT + "sentence"), best.sentence, g))
    return quads
