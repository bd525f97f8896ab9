"""The SPARQL constraints of deactivated shapes, each run once over the whole graph in pyoxigraph."""
from __future__ import annotations

import re

import pyoxigraph as ox
import rdflib
from rdflib.namespace import SH

from .report import Violation, _show
from .union import _to_rdflib


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
