"""The data to validate as one union of triples (graph names dropped, ontology added), and
terms converted between rdflib and pyoxigraph."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox
import rdflib

from ..namespaces import XSD
from .shapes import _ontology_quads

_XSD_STRING = XSD + "string"


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
