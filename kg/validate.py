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
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple

import pyoxigraph as ox
import pyshacl
import rdflib
from rdflib.namespace import SH

from .mapping import SHARED_GRAPHS, graph_name
from .namespaces import XSD
from .resources import data_path

__all__ = ["ENGINES", "ValidationReport", "Violation", "validate_graph", "validate_store"]

_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}
_XSD_STRING = XSD + "string"
ENGINES = ("auto", "rudof", "pyshacl")


class Violation(NamedTuple):
    """One SHACL result: the node at fault, the property (full IRI, or None), what is wrong, how bad."""
    focus: str
    path: str | None
    message: str
    severity: str  # "Violation" | "Warning" | "Info"

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        return f"[{self.severity}] {self.focus}{where}: {self.message}"


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    text: str = ""

    def summary(self, limit: int = 20) -> str:
        """A few lines a person can act on: one per result, most severe first."""
        if not self.violations:
            return "conforms: no SHACL violations"
        lines = [f"{len(self.violations)} SHACL result(s):"]
        lines += [f"  {v}" for v in self.violations[:limit]]
        if len(self.violations) > limit:
            lines.append(f"  … and {len(self.violations) - limit} more")
        return "\n".join(lines)


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


def _report(conforms: bool, violations: list[Violation], text: str, extra: list[Violation]) -> ValidationReport:
    violations = sorted(violations + extra, key=_order)
    failed = any(v.severity == "Violation" for v in extra)
    if extra:
        if failed:
            text = text.replace("Conforms: True", "Conforms: False", 1)
        text += "".join(f"\nWhole-graph check ({v.severity}): {v.focus}: {v.message}" for v in extra)
    return ValidationReport(conforms and not failed, violations, text)


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


# --- loading -----------------------------------------------------------------------

@lru_cache(maxsize=1)
def _default_shapes() -> rdflib.Graph:
    return _parse_file(data_path("ontology") / "shapes.ttl")


@lru_cache(maxsize=1)
def _ontology() -> rdflib.Graph:
    graph = rdflib.Graph()
    for name in ("kg.ttl", "topics.ttl"):
        graph += _parse_file(data_path("ontology") / name)
    return graph


def _parse_file(path: Path) -> rdflib.Graph:
    try:
        return rdflib.Graph().parse(str(path), format="turtle")
    except Exception as exc:  # rdflib raises many kinds; name the file
        raise ValueError(f"{path}: not valid Turtle: {exc}") from exc


def _load_shapes(shapes: rdflib.Graph | str | os.PathLike) -> rdflib.Graph:
    if isinstance(shapes, rdflib.Graph):
        return shapes
    if isinstance(shapes, os.PathLike) or (isinstance(shapes, str) and "\n" not in shapes
                                           and Path(shapes).is_file()):
        return _parse_file(Path(shapes))
    return rdflib.Graph().parse(data=shapes, format="turtle")


def _union_graph(data) -> rdflib.Graph:
    """One plain graph: SHACL must see the entities and the facts together."""
    if isinstance(data, rdflib.Graph):
        if getattr(data, "context_aware", False):  # a Dataset: merge its named graphs
            union = rdflib.Graph()
            for s, p, o, *_ in data.quads((None, None, None, None)):
                union.add((s, p, o))
            return union
        return data
    return _to_rdflib(_parse_ox(data))


def _union_store(data) -> "_Union":
    """The same union as :func:`_union_graph`, ontology included, as pyoxigraph triples."""
    if isinstance(data, rdflib.Graph):
        triples = data.quads((None, None, None, None)) if getattr(data, "context_aware", False) \
            else data.triples((None, None, None))
        return _ox_union(_from_rdflib(triples))
    return _ox_union(_parse_ox(data))


def _parse_ox(data) -> list:
    """pyoxigraph quads of RDF text or of a file."""
    if isinstance(data, os.PathLike):
        path = Path(data)
        fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".").lower()) or ox.RdfFormat.TRIG
        if fmt == ox.RdfFormat.TURTLE:
            fmt = ox.RdfFormat.TRIG  # a superset: named graphs welcome
        try:
            return list(ox.parse(path=str(path), format=fmt))
        except SyntaxError as exc:
            raise ValueError(f"{path}: not valid {fmt.name}: {exc}") from exc
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not isinstance(data, bytes):
        raise TypeError(f"cannot validate a {type(data).__name__}: give an rdflib Graph or RDF text")
    error: SyntaxError | None = None
    for fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):  # TriG also reads Turtle and N-Triples
        try:
            return list(ox.parse(data, format=fmt))
        except SyntaxError as exc:
            error = exc
    raise ValueError(f"data is neither N-Quads nor Turtle/TriG: {error}")


class _Union:
    """The triples to validate (graph names dropped, duplicates once), as pyoxigraph terms.

    Kept as a list, not in a store: a pyoxigraph store keeps some literals in a canonical
    form ("9"^^xsd:nonNegativeInteger reads back as xsd:integer), and SHACL must see the data
    as written. The store is only for the SPARQL checks."""

    def __init__(self, triples: Iterable):
        self.triples = list(dict.fromkeys(triples))
        self._store: ox.Store | None = None

    @property
    def store(self) -> ox.Store:
        if self._store is None:
            self._store = ox.Store()
            default = ox.DefaultGraph()
            self._store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, default) for t in self.triples)
        return self._store

    def ntriples(self) -> str:
        return ox.serialize(self.triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")

    def around(self, focus: set[str], depth: int = 3) -> list:
        """The triples within ``depth`` steps out of the focus nodes, and those pointing at them."""
        by_subject: dict = {}
        for t in self.triples:
            by_subject.setdefault(t.subject, []).append(t)
        nodes = {ox.NamedNode(f) for f in focus}
        out = {t: None for t in self.triples if t.object in nodes}
        frontier, seen = nodes, set()
        for _ in range(depth):
            following = set()
            for node in frontier - seen:
                seen.add(node)
                for t in by_subject.get(node, ()):
                    out[t] = None
                    if not isinstance(t.object, ox.Literal):
                        following.add(t.object)
            frontier = following
        return list(out)


def _ox_union(quads: Iterable, *, ontology: bool = True) -> _Union:
    """Quads or triples, graph names dropped, with the ontology unless told otherwise."""
    triples = (ox.Triple(q.subject, q.predicate, q.object) for q in quads)
    if ontology:
        from itertools import chain
        triples = chain(triples, _ontology_quads())
    return _Union(triples)


@lru_cache(maxsize=1)
def _ontology_quads() -> tuple:
    return tuple(ox.Triple(t.subject, t.predicate, t.object)
                 for name in ("kg.ttl", "topics.ttl")
                 for t in ox.parse(path=str(data_path("ontology") / name), format=ox.RdfFormat.TURTLE))


def _from_rdflib(triples: Iterable) -> Iterator[ox.Triple]:
    """pyoxigraph triples of rdflib triples (or quads, the graph dropped)."""
    terms: dict = {}

    def term(t):
        converted = terms.get(t)
        if converted is None:
            if isinstance(t, rdflib.URIRef):
                converted = ox.NamedNode(str(t))
            elif isinstance(t, rdflib.BNode):
                converted = ox.BlankNode(str(t))
            elif t.language:
                converted = ox.Literal(str(t), language=t.language)
            elif t.datatype is not None:
                converted = ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)))
            else:
                converted = ox.Literal(str(t))
            terms[t] = converted
        return converted

    for s, p, o, *_ in triples:
        yield ox.Triple(term(s), term(p), term(o))


def _shapes_text(shapes, shapes_graph: rdflib.Graph) -> str:
    if shapes is None:
        return (data_path("ontology") / "shapes.ttl").read_text(encoding="utf-8")
    if isinstance(shapes, os.PathLike) or (isinstance(shapes, str) and "\n" not in shapes
                                           and Path(shapes).is_file()):
        return Path(shapes).read_text(encoding="utf-8")
    if isinstance(shapes, str):
        return shapes
    return shapes_graph.serialize(format="turtle")


def _to_rdflib(quads: Iterable) -> rdflib.Graph:
    """Triples of pyoxigraph quads (or triples) as a plain rdflib graph, graph names dropped."""
    graph = rdflib.Graph()
    terms: dict = {}

    def term(t):
        converted = terms.get(t)
        if converted is None:
            if isinstance(t, ox.NamedNode):
                converted = rdflib.URIRef(t.value)
            elif isinstance(t, ox.BlankNode):
                converted = rdflib.BNode(t.value)
            elif t.language:
                converted = rdflib.Literal(t.value, lang=t.language)
            elif t.datatype.value == _XSD_STRING:
                converted = rdflib.Literal(t.value)  # rdflib tells "a" and "a"^^xsd:string apart
            else:
                converted = rdflib.Literal(t.value, datatype=rdflib.URIRef(t.datatype.value))
            terms[t] = converted
        return converted

    for q in quads:
        graph.add((term(q.subject), term(q.predicate), term(q.object)))
    return graph


def _open_store(store) -> ox.Store:
    from .store import KnowledgeStore
    if not isinstance(store, (ox.Store, KnowledgeStore)) and not Path(store).is_dir():
        raise FileNotFoundError(f"no store at {Path(store)}: run `kg build` first")
    return KnowledgeStore.of(store, base_iri="").store


# --- results -----------------------------------------------------------------------

def _violations(results: rdflib.Graph) -> list[Violation]:
    out = []
    # Top-level results only: pyshacl also lists the nested ones behind sh:detail.
    for result in set(results.objects(None, SH.result)):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        severity = results.value(result, SH.resultSeverity)
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        message = "; ".join(messages) or "does not conform"
        if value is not None and str(value) not in message:
            message += f" (value: {_show(value)})"
        out.append(Violation(
            focus=_show(focus),
            path=str(path) if isinstance(path, rdflib.URIRef) else (_show_path(results, path) if path else None),
            message=message,
            severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation"))
    return out


def _order(v: Violation) -> tuple:
    return (_SEVERITY_ORDER.get(v.severity, 3), v.focus, v.path or "", v.message)


def _whole_graph_checks(shapes: rdflib.Graph, data: ox.Store) -> list[Violation]:
    """The SPARQL constraints of deactivated shapes, each run once over the whole graph.

    pyshacl re-parses a SPARQL constraint for every focus node; run with ``$this``
    unbound, one query (in pyoxigraph, over the union in the store's default graph) finds
    every offending node at once (see shapes.ttl).
    """
    out = []
    for shape in set(shapes.subjects(SH.deactivated, rdflib.Literal(True))):
        severity = shapes.value(shape, SH.severity) or SH.Violation
        for constraint in shapes.objects(shape, SH.sparql):
            select = shapes.value(constraint, SH.select)
            if select is None:
                continue
            template = str(shapes.value(constraint, SH.message) or f"does not conform to {shape}")
            query = _sparql_prefixes(shapes, constraint) + str(select).replace("$this", "?this")
            results = data.query(query)
            names = [v.value for v in results.variables]
            for row in results:
                values = {name: row[name] for name in names if row[name] is not None}
                message = re.sub(r"\{[?$](\w+)\}", lambda m: _value(values.get(m.group(1))), template)
                path = values.get("path")
                out.append(Violation(_show_ox(values.get("this")), _value(path) if path is not None else None,
                                     message, str(severity).rsplit("#", 1)[-1]))
    return out


def _value(term) -> str:
    return "" if term is None else term.value


def _show_ox(term) -> str:
    """As :func:`_show` writes the rdflib term: a literal in N3, a node by its IRI (or label)."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return _show(next(iter(_to_rdflib([ox.Triple(ox.NamedNode("urn:x"), ox.NamedNode("urn:x"), term)])))[2])
    return term.value


def _sparql_prefixes(shapes: rdflib.Graph, constraint) -> str:
    lines = []
    for holder in shapes.objects(constraint, SH.prefixes):
        for decl in shapes.objects(holder, SH.declare):
            prefix, namespace = shapes.value(decl, SH.prefix), shapes.value(decl, SH.namespace)
            if prefix is not None and namespace is not None:
                lines.append(f"PREFIX {prefix}: <{namespace}>\n")
    return "".join(lines)


def _show(term) -> str:
    if isinstance(term, rdflib.Literal):
        return term.n3()
    return str(term) if term is not None else ""


def _show_path(graph: rdflib.Graph, path) -> str:
    """A complex SHACL path (inverse, sequence, …) written out in SPARQL path syntax."""
    try:
        from pyshacl.helper.path_helper import shacl_path_to_sparql_path
        return shacl_path_to_sparql_path(graph, path)
    except Exception:
        return str(path)
