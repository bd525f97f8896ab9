"""The entry points and the two engines: pyshacl (the reference) and rudof (faster; what it finds
is re-validated by pyshacl node by node, so reports read the same). See the package docstring."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox
import pyshacl
import rdflib

from ..mapping import SHARED_GRAPHS, graph_name
from .report import ValidationReport, Violation, _order, _report, _violations
from .shapes import _default_shapes, _load_shapes, _ontology, _shapes_text
from .union import (
    _from_rdflib,
    _ox_union,
    _to_rdflib,
    _Union,
    _union_graph,
    _union_store,
)
from .whole_graph import _whole_graph_checks

ENGINES = ("auto", "rudof", "pyshacl")


def validate_graph(data: rdflib.Graph | str | bytes | os.PathLike,
                   *, shapes: rdflib.Graph | str | os.PathLike | None = None,
                   engine: str = "auto") -> ValidationReport:
    """Validate RDF against the shapes (default ``ontology/shapes.ttl``), with the ontology mixed in.

    ``data`` is an rdflib Graph or Dataset (named graphs are merged into one union),
    RDF text (N-Quads, N-Triples, Turtle or TriG), or the path of such a file.
    ``engine``: "auto" (rudof when installed, else pyshacl), "rudof" or "pyshacl".
    """
    engine = _engine(engine)
    if engine == "pyshacl":
        return _validate_pyshacl(data, shapes)
    return _validate_rudof(_union_store(data), shapes)


def _engine(engine: str) -> str:
    if engine not in ENGINES:
        raise ValueError(f"unknown SHACL engine {engine!r}: use one of {', '.join(ENGINES)}")
    if engine == "auto":
        return "rudof" if _rudof_available() else "pyshacl"
    if engine == "rudof" and not _rudof_available():
        raise ValueError("SHACL engine rudof needs pyrudof: pip install pyrudof")
    return engine


@lru_cache(maxsize=1)
def _rudof_available() -> bool:
    try:
        import pyrudof  # noqa: F401
    except ImportError:
        return False
    return True


def _validate_pyshacl(data, shapes, focus_nodes: list[str] | None = None,
                      extra: list[Violation] | None = None) -> ValidationReport:
    """The reference: pyshacl over an rdflib union of data and ontology (only ``focus_nodes`` if given)."""
    shapes_graph = _default_shapes() if shapes is None else _load_shapes(shapes)
    # Our own union of data and ontology: pyshacl's ont_graph mix-in copies only class
    # axioms, not the topic concepts the stances point at. The copy is private, so in place.
    data_graph = _union_graph(data)
    if data_graph is data:
        data_graph = rdflib.Graph() + data_graph  # never touch the caller's graph
    data_graph += _ontology()
    if extra is None:
        extra = _whole_graph_checks(shapes_graph, _ox_union(_from_rdflib(data_graph), ontology=False).store)
    conforms, results, text = pyshacl.validate(
        data_graph, shacl_graph=shapes_graph, inference="none", advanced=True,
        allow_warnings=True, abort_on_first=False, inplace=True,
        **({"focus_nodes": focus_nodes} if focus_nodes else {}))
    return _report(bool(conforms), _violations(results), text, extra)


def _validate_rudof(union: _Union, shapes) -> ValidationReport:
    """rudof checks the union; anything it finds is re-validated by pyshacl, node by node."""
    import pyrudof
    shapes_graph = _default_shapes() if shapes is None else _load_shapes(shapes)
    extra = _whole_graph_checks(shapes_graph, union.store)
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    rudof.read_data(union.ntriples(), format=pyrudof.RDFFormat.NTriples)
    rudof.read_shacl(_shapes_text(shapes, shapes_graph), format=pyrudof.ShaclFormat.Turtle)
    found = rudof.validate_shacl()
    results = list(found.violations)
    if not results:
        return _report(True, [], "Validation Report\nConforms: True\n", extra)
    focus = {str(r.focus_node) for r in results}
    if any(not f.startswith(("http://", "https://", "urn:", "file:")) for f in focus):
        # blank nodes: their labels differ between engines, so pyshacl sees everything
        return _validate_pyshacl(_to_rdflib(union.triples), shapes_graph, extra=extra)
    # pyshacl over the nodes at fault, their surroundings two steps out and what points at them
    # (targets of sh:targetObjectsOf); only results about those nodes count (a node at the rim
    # may lack what lies further out). pyshacl's own focus_nodes option misses faults of
    # shared property shapes, hence the subgraph.
    data = _to_rdflib(union.around(focus))
    conforms, graph, _ = pyshacl.validate(
        data, shacl_graph=shapes_graph, inference="none", advanced=True,
        allow_warnings=True, abort_on_first=False, inplace=True)
    violations = [v for v in _violations(graph) if v.focus in focus]
    conforms = not any(v.severity == "Violation" for v in violations)
    text = f"Validation Report\nConforms: {conforms}\n"
    if violations:
        text += f"Results ({len(violations)}):\n" + "".join(f"{v}\n" for v in sorted(violations, key=_order))
    return _report(conforms, violations, text, extra)


def validate_store(store: str | os.PathLike | ox.Store, doc_ids: Iterable[str] | None = None,
                   *, base_iri: str | None = None,
                   shapes: rdflib.Graph | str | os.PathLike | None = None,
                   engine: str = "auto") -> ValidationReport:
    """Validate what a store holds (``engine`` as for :func:`validate_graph`).

    Without ``doc_ids``: every document graph plus the entities, merged and ontology
    graphs. With ``doc_ids``: only those documents' graphs plus the entities graph
    (merged nodes span documents, so they are checked only in the full run).
    ``base_iri`` limits the graphs to those under it (``B graph/…``); by default any graph
    named ``…graph/{name}`` counts.
    """
    ox_store = _open_store(store)
    by_name: dict[str, list[ox.NamedNode]] = {}
    for graph in ox_store.named_graphs():
        if not isinstance(graph, ox.NamedNode):
            continue
        name = graph_name(graph.value, base_iri or None)
        if name is not None:
            by_name.setdefault(name, []).append(graph)
    if doc_ids is None:
        wanted = [name for name in by_name if name != "gazetteer"]
    else:
        ids = list(dict.fromkeys(doc_ids))
        missing = [d for d in ids if d not in by_name or d in SHARED_GRAPHS]
        if missing:
            raise KeyError(f"no graph for document(s) {', '.join(missing)} in the store; "
                           "check the ids (file names without extension) or run `kg build`")
        wanted = ids + [name for name in ("entities", "ontology") if name in by_name]
    graphs = [graph for name in wanted for graph in by_name[name]]
    quads = (q for graph in graphs for q in ox_store.quads_for_pattern(None, None, None, graph))
    if _engine(engine) == "pyshacl":
        return validate_graph(_to_rdflib(quads), shapes=shapes, engine="pyshacl")
    return _validate_rudof(_ox_union(quads), shapes)


def _open_store(store) -> ox.Store:
    from ..store import KnowledgeStore
    if not isinstance(store, (ox.Store, KnowledgeStore)) and not Path(store).is_dir():
        raise FileNotFoundError(f"no store at {Path(store)}: run `kg build` first")
    return KnowledgeStore.of(store, base_iri="").store
