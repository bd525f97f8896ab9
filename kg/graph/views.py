"""The two graphs built from stance rows: who stands where (:func:`position_graph`) and who
agrees with whom (:func:`agreement_graph`), and :func:`build_view`, which builds one by name."""
from __future__ import annotations

from typing import Callable, Iterable

import networkx as nx

from ..config import Settings
from ..dates import intervals_overlap
from ..namespaces import TOPIC
from .rows import filter_rows, stance_rows

ACTOR_TYPES = ("person", "organization", "country")
"""Node ``type`` of an actor, from its class (ont:Person, ont:Organization, ont:Country)."""

POLARITIES = ("support", "oppose")


def topic_node(key: str) -> str:
    """Node id of a topic: its IRI in the topic scheme."""
    return TOPIC + key


def _truthy(value) -> bool:
    return str(value).strip().lower() in ("true", "1")


def _float(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def position_graph(rows: Iterable[dict[str, str]]) -> nx.MultiDiGraph:
    """The actor–position graph: actor → topic, one edge per stance (keyed by the stance IRI).

    Actor nodes: ``kind="actor"``, ``type`` (person / organization / country / actor),
    ``label``, ``wikidata``. Topic nodes: ``kind="topic"``, ``type="topic"``, ``label``, ``key``.
    Edges: ``polarity``, ``conditional`` (bool), ``date`` (the stance's own, may be ""),
    ``when`` (its date or else its article's), ``doc``, ``evidence``, ``confidence``, ``source``.
    """
    G = nx.MultiDiGraph(name="actor-position")
    for row in rows:
        holder, key = row["holder"], row["topicKey"]
        if holder not in G:
            G.add_node(holder, kind="actor", type=row.get("holderType", "actor"),
                       label=row.get("holderLabel", holder), wikidata=row.get("holderWikidata", ""))
        topic = topic_node(key)
        if topic not in G:
            G.add_node(topic, kind="topic", type="topic", label=row.get("topicLabel") or key, key=key)
        G.add_edge(holder, topic, key=row.get("stance") or None,
                   polarity=row.get("polarity", ""), conditional=_truthy(row.get("conditional", "false")),
                   date=row.get("date", ""), when=row.get("when", row.get("date", "")),
                   doc=row.get("doc", ""), evidence=row.get("evidence", ""),
                   confidence=_float(row.get("confidence")),
                   source=row.get("docTitle") or row.get("publisher") or row.get("sourceFile", ""))
    return G


def _stances_by_topic(G: nx.MultiDiGraph) -> dict[str, list[tuple[str, str, str, str]]]:
    """topic node -> [(actor, polarity, when, stance id)] from a position graph."""
    by_topic: dict[str, list[tuple[str, str, str, str]]] = {}
    for actor, topic, key, data in G.edges(keys=True, data=True):
        by_topic.setdefault(topic, []).append((actor, data.get("polarity", ""), data.get("when", ""), key))
    return by_topic


def agreement_graph(rows_or_graph, window_days: int = 0) -> nx.Graph:
    """The actor–actor graph of agreement and disagreement.

    Two actors **agree on a topic** when they hold the same polarity on it at overlapping
    times, and **disagree** when they hold opposite polarities at overlapping times; times
    overlap as :func:`intervals_overlap` says (same day, month or year at the text's
    precision, ± ``window_days``; undated stances overlap everything). Every overlapping pair
    of stances counts once.

    Edge attributes: ``topics`` = {topic key: {"agree": n, "disagree": m}}, and the totals
    ``agree``, ``disagree`` and ``weight`` = agree − disagree. Nodes carry the actors' attributes.
    Accepts stance rows or a position graph.
    """
    P = rows_or_graph if isinstance(rows_or_graph, nx.Graph) else position_graph(rows_or_graph)
    A = nx.Graph(name="agreement")
    for node, data in P.nodes(data=True):
        if data.get("kind") == "actor":
            A.add_node(node, **data)
    for topic, stances in _stances_by_topic(P).items():
        key = P.nodes[topic].get("key", topic.rsplit("/", 1)[-1])
        for i, (a, pa, wa, _) in enumerate(stances):
            for b, pb, wb, _ in stances[i + 1:]:
                if a == b or not pa or not pb or not intervals_overlap(wa, wb, window_days):
                    continue
                if not A.has_edge(a, b):
                    A.add_edge(a, b, topics={}, agree=0, disagree=0, weight=0)
                edge = A.edges[a, b]
                counts = edge["topics"].setdefault(key, {"agree": 0, "disagree": 0})
                verdict = "agree" if pa == pb else "disagree"
                counts[verdict] += 1
                edge[verdict] += 1
                edge["weight"] = edge["agree"] - edge["disagree"]
    return A


def _simple_undirected(G: nx.Graph) -> nx.Graph:
    """Parallel stance edges collapsed, directions dropped: who is connected to what."""
    S = nx.Graph()
    S.add_nodes_from(G.nodes(data=True))
    S.add_edges_from((u, v) for u, v in G.edges())
    return S


VIEWS: dict[str, Callable[[list[dict[str, str]]], nx.Graph]] = {
    "positions": position_graph,
    "agreement": agreement_graph,
}
"""Graph views by name (``kg graph --view``)."""


def build_view(settings: Settings, view: str = "positions", store=None, **filters) -> nx.Graph:
    """A view of the store (``positions`` or ``agreement``), from stance rows matching ``filters``
    (the keyword arguments of :func:`filter_rows`)."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
    rows = filter_rows(stance_rows(settings, store), **filters)
    return VIEWS[view](rows)
