"""SHACL validation of built graphs against ``ontology/shapes.ttl``.

The shapes describe the union of a document's graph, the entities graph and the
ontology (see docs/model.md), so every check here validates such a union: the
ontology (kg.ttl + topics.ttl) is always added to the data, inference stays off.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, NamedTuple

import pyoxigraph as ox
import pyshacl
import rdflib
from rdflib.namespace import SH

from .namespaces import XSD
from .resources import data_path

__all__ = ["ValidationReport", "Violation", "validate_graph", "validate_store"]

# Graphs of the store that are not document graphs (the last segment after "graph/").
_SHARED_GRAPHS = {"entities", "merged", "ontology", "gazetteer"}
_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}
_XSD_STRING = XSD + "string"


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
                   *, shapes: rdflib.Graph | str | os.PathLike | None = None) -> ValidationReport:
    """Validate RDF against the shapes (default ``ontology/shapes.ttl``), with the ontology mixed in.

    ``data`` is an rdflib Graph or Dataset (named graphs are merged into one union),
    RDF text (N-Quads, N-Triples, Turtle or TriG), or the path of such a file.
    """
    shapes_graph = _default_shapes() if shapes is None else _load_shapes(shapes)
    # Our own union of data and ontology: pyshacl's ont_graph mix-in copies only class
    # axioms, not the topic concepts the stances point at. The copy is private, so in place.
    data_graph = _union_graph(data)
    if data_graph is data:
        data_graph = rdflib.Graph() + data_graph  # never touch the caller's graph
    data_graph += _ontology()
    extra = _whole_graph_checks(shapes_graph, data_graph)
    conforms, results, text = pyshacl.validate(
        data_graph, shacl_graph=shapes_graph, inference="none", advanced=True,
        allow_warnings=True, abort_on_first=False, inplace=True)
    violations = sorted(_violations(results) + extra, key=_order)
    failed = any(v.severity == "Violation" for v in extra)
    if extra:
        if failed:
            text = text.replace("Conforms: True", "Conforms: False", 1)
        text += "".join(f"\nWhole-graph check ({v.severity}): {v.focus}: {v.message}" for v in extra)
    return ValidationReport(bool(conforms) and not failed, violations, text)


def validate_store(store: str | os.PathLike | ox.Store, doc_ids: Iterable[str] | None = None,
                   *, base_iri: str | None = None,
                   shapes: rdflib.Graph | str | os.PathLike | None = None) -> ValidationReport:
    """Validate what a store holds.

    Without ``doc_ids``: every document graph plus the entities, merged and ontology
    graphs. With ``doc_ids``: only those documents' graphs plus the entities graph
    (merged nodes span documents, so they are checked only in the full run).
    ``base_iri`` limits the graphs to ``{base_iri}graph/…``; by default any graph
    named ``…graph/{name}`` counts.
    """
    ox_store = _open_store(store)
    prefix = f"{base_iri}graph/" if base_iri else None
    by_name: dict[str, list[ox.NamedNode]] = {}
    for graph in ox_store.named_graphs():
        if not isinstance(graph, ox.NamedNode):
            continue
        if prefix is not None:
            if graph.value.startswith(prefix):
                by_name.setdefault(graph.value[len(prefix):], []).append(graph)
        elif "graph/" in graph.value:
            by_name.setdefault(graph.value.rsplit("graph/", 1)[1], []).append(graph)
    if doc_ids is None:
        wanted = [name for name in by_name if name != "gazetteer"]
    else:
        ids = list(dict.fromkeys(doc_ids))
        missing = [d for d in ids if d not in by_name or d in _SHARED_GRAPHS]
        if missing:
            raise KeyError(f"no graph for document(s) {', '.join(missing)} in the store; "
                           "check the ids (file names without extension) or run `kg build`")
        wanted = ids + [name for name in ("entities", "ontology") if name in by_name]
    graphs = [graph for name in wanted for graph in by_name[name]]
    quads = (q for graph in graphs for q in ox_store.quads_for_pattern(None, None, None, graph))
    return validate_graph(_to_rdflib(quads), shapes=shapes)


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
    if isinstance(data, os.PathLike):
        path = Path(data)
        fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".").lower()) or ox.RdfFormat.TRIG
        if fmt == ox.RdfFormat.TURTLE:
            fmt = ox.RdfFormat.TRIG  # a superset: named graphs welcome
        try:
            return _to_rdflib(ox.parse(path=str(path), format=fmt))
        except SyntaxError as exc:
            raise ValueError(f"{path}: not valid {fmt.name}: {exc}") from exc
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not isinstance(data, bytes):
        raise TypeError(f"cannot validate a {type(data).__name__}: give an rdflib Graph or RDF text")
    error: SyntaxError | None = None
    for fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):  # TriG also reads Turtle and N-Triples
        try:
            return _to_rdflib(ox.parse(data, format=fmt))
        except SyntaxError as exc:
            error = exc
    raise ValueError(f"data is neither N-Quads nor Turtle/TriG: {error}")


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
    if isinstance(store, ox.Store):
        return store
    inner = getattr(store, "store", None)  # kg.store.KnowledgeStore
    if isinstance(inner, ox.Store):
        return inner
    path = Path(store)
    if not path.is_dir():
        raise FileNotFoundError(f"no store at {path}: run `kg build` first")
    return ox.Store.read_only(str(path))


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


def _whole_graph_checks(shapes: rdflib.Graph, data: rdflib.Graph) -> list[Violation]:
    """The SPARQL constraints of deactivated shapes, each run once over the whole graph.

    pyshacl re-parses a SPARQL constraint for every focus node; run with ``$this``
    unbound, one query finds every offending node at once (see shapes.ttl).
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
            for row in data.query(query):
                values = row.asdict()
                message = re.sub(r"\{[?$](\w+)\}", lambda m: str(values.get(m.group(1), "")), template)
                path = values.get("path")
                out.append(Violation(_show(values.get("this")), str(path) if path is not None else None,
                                     message, str(severity).rsplit("#", 1)[-1]))
    return out


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
