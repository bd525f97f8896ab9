"""SHACL validation of built graphs against ``ontology/shapes.ttl``.

The shapes describe the union of a document's graph, the entities graph and the
ontology (see docs/model.md), so every check here validates such a union: the
ontology (kg.ttl + topics.ttl) is always added to the data, inference stays off.

Two engines. ``pyshacl`` is the reference. ``rudof`` (pyrudof, the Python binding of the
Rust rudof toolkit) checks the same shapes about ten times faster; it is the default when
installed (``engine="auto"``). When rudof finds anything, pyshacl re-validates just the
nodes at fault, so an invalid graph is reported in exactly the words, focus nodes and paths
it always was (tests/test_validate_engines.py holds both engines to the same answers on
good data and on each kind of fault the shapes catch). The deactivated SPARQL shapes run
once over the whole graph in pyoxigraph (see shapes.ttl), whatever the engine.

The package, by job:

- ``engines.py``: ``validate_graph``, ``validate_store`` and the two engines
- ``report.py``: ``Violation``, ``ValidationReport``, reading pyshacl's results
- ``shapes.py``: the shapes and the ontology, loaded once
- ``union.py``: the data as one union of triples; rdflib <-> pyoxigraph terms
- ``whole_graph.py``: the deactivated shapes' SPARQL constraints, run once over the whole graph
"""
from __future__ import annotations

from .engines import ENGINES, validate_graph, validate_store
from .report import ValidationReport, Violation

__all__ = ["ENGINES", "ValidationReport", "Violation", "validate_graph", "validate_store"]
