"""The shapes (``ontology/shapes.ttl`` or given) and the ontology mixed into every union, each loaded once."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
import rdflib

from ..resources import data_path


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


@lru_cache(maxsize=1)
def _ontology_quads() -> tuple:
    return tuple(ox.Triple(t.subject, t.predicate, t.object)
                 for name in ("kg.ttl", "topics.ttl")
                 for t in ox.parse(path=str(data_path("ontology") / name), format=ox.RdfFormat.TURTLE))


def _shapes_text(shapes, shapes_graph: rdflib.Graph) -> str:
    if shapes is None:
        return (data_path("ontology") / "shapes.ttl").read_text(encoding="utf-8")
    if isinstance(shapes, os.PathLike) or (isinstance(shapes, str) and "\n" not in shapes
                                           and Path(shapes).is_file()):
        return Path(shapes).read_text(encoding="utf-8")
    if isinstance(shapes, str):
        return shapes
    return shapes_graph.serialize(format="turtle")
