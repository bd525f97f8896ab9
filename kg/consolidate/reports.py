"""Reading the per-document event and statement nodes ("reports") the merge compares, each with
the slots it compares, and the entities' names that merge reasons and labels use."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from ..namespaces import ONT, OWL, PROV, RDFS, WD
from ..store import KnowledgeStore

EVENT_CLASSES = ("Event", "Meeting", "Talks", "Visit", "Proposal", "Application", "Invasion", "Announcement")

@dataclass
class _Report:
    """One per-document event or statement node, as read from its document graph."""
    node: ox.NamedNode
    cls: ox.NamedNode
    docs: set[ox.NamedNode] = field(default_factory=set)
    date: ox.Literal | None = None
    place: ox.NamedNode | None = None
    participants: set[ox.NamedNode] = field(default_factory=set)
    host: ox.NamedNode | None = None
    speaker: ox.NamedNode | None = None
    quote: str | None = None
    confidence: float = 0.0
    confidence_literal: ox.Literal | None = None
    evidence: ox.NamedNode | None = None
    sentence: ox.NamedNode | None = None
    _normalised: str | None = field(default=None, repr=False)

    @property
    def date_value(self) -> str | None:
        return self.date.value if self.date is not None else None

    @property
    def normalised(self) -> str:
        if self._normalised is None:
            self._normalised = normalise_quote(self.quote or "")
        return self._normalised

    @property
    def words(self) -> list[str]:
        return self.normalised.split()


def normalise_quote(text: str) -> str:
    """Casefolded words only: quotation marks, apostrophes, dashes, punctuation and spacing unified."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[\u2018\u2019\u201a\u201b\u2032`´]", "'", text)
    text = re.sub(r"'s\b", "s", text)
    text = re.sub(r"[^\w\s]+", " ", text)
    return " ".join(text.split())


def _document_graph_filter(store: KnowledgeStore, var: str = "?g") -> str:
    shared = ", ".join(str(graph) for graph in store.iris.shared_graphs)
    return f"FILTER ({var} NOT IN ({shared}))"


def _read_reports(store: KnowledgeStore) -> tuple[list[_Report], list[_Report]]:
    """Per-document event nodes and statement nodes, each with the slots the merge compares."""
    def subclasses(of: str) -> set[str]:
        query = f"SELECT DISTINCT ?c WHERE {{ GRAPH ?o {{ ?c <{RDFS}subClassOf>+ <{ONT}{of}> }} }}"
        return {str(row["c"]) for row in store.store.query(query) if isinstance(row["c"], ox.NamedNode)}

    statement_classes = {f"<{ONT}Statement>"} | subclasses("Statement")
    classes = {f"<{ONT}{c}>" for c in EVENT_CLASSES} | subclasses("Event") | statement_classes
    rows = store.store.query(f"""
        SELECT ?node ?cls ?p ?o WHERE {{
          GRAPH ?g {{ ?node a ?cls ; ?p ?o }}
          VALUES ?cls {{ {' '.join(sorted(classes))} }}
          {_document_graph_filter(store)}
        }}""")
    by_node: dict[ox.NamedNode, _Report] = {}
    for row in rows:
        node, cls, p, o = row["node"], row["cls"], row["p"].value, row["o"]
        if not isinstance(node, ox.NamedNode):
            continue
        rep = by_node.setdefault(node, _Report(node, cls))
        if p == PROV + "wasDerivedFrom":
            rep.docs.add(o)
        elif p == ONT + "date":
            rep.date = o
        elif p == ONT + "place":
            rep.place = o
        elif p == ONT + "participant":
            rep.participants.add(o)
        elif p == ONT + "host":
            rep.host = o
        elif p == ONT + "speaker":
            rep.speaker = o
        elif p == ONT + "quote":
            rep.quote = o.value
        elif p == ONT + "confidence":
            rep.confidence_literal = o
            try:
                rep.confidence = float(Decimal(o.value))
            except InvalidOperation:
                rep.confidence = 0.0
        elif p == ONT + "evidence":
            rep.evidence = o
        elif p == ONT + "sentence":
            rep.sentence = o
    reports = sorted(by_node.values(), key=lambda r: r.node.value)
    for rep in reports:
        if rep.host is not None:
            rep.participants.add(rep.host)
    events = [r for r in reports if str(r.cls) not in statement_classes and r.docs]
    statements = [r for r in reports if str(r.cls) in statement_classes and r.docs and r.quote]
    return events, statements


def _entity_names(store: KnowledgeStore) -> dict[ox.NamedNode, str]:
    """Entity -> "Label (Q123)" for merge reasons and labels."""
    names: dict[ox.NamedNode, str] = {}
    rows = store.store.query(f"""
        SELECT ?e ?label ?same WHERE {{ GRAPH {store.iris.entities_graph} {{
          ?e <{RDFS}label> ?label . OPTIONAL {{ ?e <{OWL}sameAs> ?same FILTER(STRSTARTS(STR(?same), "{WD}")) }}
        }} }}""")
    for row in rows:
        label = row["label"].value
        names[row["e"]] = label
        if row["same"] is not None:
            names[row["e"]] = f"{label} ({row['same'].value[len(WD):]})"
    return names


def _name(names: dict[ox.NamedNode, str], node: ox.NamedNode, with_id: bool = True) -> str:
    name = names.get(node) or node.value.rsplit("/", 1)[-1]
    return name if with_id else re.sub(r" \(Q\d+\)$", "", name)
