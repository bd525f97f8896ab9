"""What is in the store, in numbers: the one count that `kg stats`, the home page and VoID show.

Statements and events count real-world ones: a report merged into a cross-document node
counts once, and a statement is not also counted as an event.
"""
from __future__ import annotations

import pyoxigraph as ox

from .namespaces import DBR, ONT, OWL, RDFS, WD

ENTITY_CLASSES = ("Person", "Organization", "Country", "Place")
ACTOR_CLASSES = ("Person", "Organization", "Country")

CLASS_PARTITIONS = {"Actor": "actors", "Person": "persons", "Organization": "organizations",
                    "Country": "countries", "Place": "places"}
"""Ontology class -> the key of its count (VoID's class partitions)."""

LINK_TARGETS = {"wikidata": WD, "dbpedia": DBR}
"""owl:sameAs link target -> its IRI space; each is counted under ``<target>_links``."""


def _values(classes) -> str:
    return " ".join(f"<{ONT}{c}>" for c in classes)


def _count(store: ox.Store, where: str) -> int:
    rows = list(store.query(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}",
                            use_default_graph_as_union=True))
    return int(rows[0]["n"].value) if rows and rows[0]["n"] is not None else 0


def store_statistics(store: ox.Store) -> dict[str, int]:
    """Counts of documents, entities (per class), links, facts, graphs and triples, keyed by name."""
    counts = {
        "documents": _count(store, f"?x a <{ONT}Document>"),
        "entities": _count(store, f"?x a ?c . VALUES ?c {{ {_values(ENTITY_CLASSES)} }}"),
        "actors": _count(store, f"?x a ?c . VALUES ?c {{ {_values(ACTOR_CLASSES)} }}"),
        "persons": _count(store, f"?x a <{ONT}Person>"),
        "organizations": _count(store, f"?x a <{ONT}Organization>"),
        "countries": _count(store, f"?x a <{ONT}Country>"),
        "places": _count(store, f"?x a <{ONT}Place>"),
    }
    for target, space in LINK_TARGETS.items():
        counts[f"{target}_links"] = _count(store, f"?e <{OWL}sameAs> ?x FILTER STRSTARTS(STR(?x), '{space}')")
    counts.update({
        "roles": _count(store, f"?x a <{ONT}Role>"),
        "stances": _count(store, f"?x a <{ONT}Stance>"),
        "statements": _count(store, f"?x a <{ONT}Statement> FILTER NOT EXISTS {{ ?m <{ONT}mergedFrom> ?x }}"),
        "events": _count(store, f"?x a ?c . ?c <{RDFS}subClassOf> <{ONT}Event> "
                                f"FILTER (?c != <{ONT}Statement>) FILTER NOT EXISTS {{ ?m <{ONT}mergedFrom> ?x }}"),
        "named_graphs": sum(1 for g in store.named_graphs() if isinstance(g, ox.NamedNode)),
        "triples": len(store),
    })
    return counts
