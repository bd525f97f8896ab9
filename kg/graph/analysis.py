"""Analytics of the graphs: central actors, aligned communities, divisive topics."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable

import networkx as nx

from ..dates import date_interval
from .views import POLARITIES, _simple_undirected, agreement_graph


def _actors(G: nx.Graph) -> list[str]:
    return [n for n, d in G.nodes(data=True) if d.get("kind", "actor") == "actor"]


CENTRALITY: dict[str, Callable[[nx.Graph], dict]] = {
    "degree": nx.degree_centrality,
    "betweenness": nx.betweenness_centrality,
    "pagerank": lambda S: nx.pagerank(S) if S.number_of_edges() else {n: 0.0 for n in S},
}
"""Centrality measures by name; add one here to offer it to :func:`central_actors`."""


def central_actors(G: nx.Graph, k: int = 10, measure: str = "degree") -> list[tuple[str, float]]:
    """The ``k`` most central actors as (node, score), highest first (ties by label).

    Computed on the graph with parallel edges collapsed and directions dropped. In the
    actor–position graph, ``degree`` ranks actors by how many topics they take a stance on
    and ``betweenness`` by how much they bridge topics (and the actors on them); in the
    agreement graph both count the actors they agree or disagree with.
    """
    if measure not in CENTRALITY:
        raise ValueError(f"unknown centrality {measure!r}; choose one of {', '.join(CENTRALITY)}")
    scores = CENTRALITY[measure](_simple_undirected(G))
    ranked = sorted(_actors(G), key=lambda n: (-scores.get(n, 0.0), str(G.nodes[n].get("label", n))))
    return [(n, float(scores.get(n, 0.0))) for n in ranked[:k]]


def aligned_communities(G: nx.Graph, window_days: int = 0) -> list[set[str]]:
    """Groups of actors who mostly agree, largest first.

    Greedy modularity maximisation (Clauset–Newman–Moore) on the agreement graph restricted to
    edges where the actors agree more than they disagree, weighted by agree − disagree.
    Actors with no such edge form no community (they are left out). Accepts an agreement
    graph, or a position graph (whose agreement graph is built first).
    """
    A = agreement_graph(G, window_days) if G.is_multigraph() else G
    positive = nx.Graph()
    positive.add_edges_from((u, v, {"weight": d["weight"]}) for u, v, d in A.edges(data=True) if d.get("weight", 0) > 0)
    if positive.number_of_edges() == 0:
        return []
    communities = nx.community.greedy_modularity_communities(positive, weight="weight")
    return sorted((set(c) for c in communities), key=lambda c: (-len(c), sorted(c)))


def actor_positions(G: nx.MultiDiGraph) -> dict[tuple[str, str], str]:
    """(actor, topic) -> the actor's polarity on the topic: the one most of its stances hold,
    ties broken by the latest dated stance (then "support" before "oppose", for determinism)."""
    tallies: dict[tuple[str, str], dict[str, list]] = {}
    for actor, topic, data in G.edges(data=True):
        polarity = data.get("polarity")
        if polarity not in POLARITIES:
            continue
        interval = date_interval(data.get("when", ""))
        entry = tallies.setdefault((actor, topic), {p: [0, date.min] for p in POLARITIES})
        entry[polarity][0] += 1
        if interval and interval[1] > entry[polarity][1]:
            entry[polarity][1] = interval[1]
    return {pair: max(POLARITIES, key=lambda p: (entry[p][0], entry[p][1], p == "support"))
            for pair, entry in tallies.items()}


@dataclass
class TopicSplit:
    """How a topic divides actors: ``split`` = 2·min(support, oppose) / (support + oppose),
    1.0 when actors are evenly divided, 0.0 when they all agree."""
    topic: str
    label: str
    support: int
    oppose: int
    split: float

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def divisive_topics(G: nx.MultiDiGraph) -> list[TopicSplit]:
    """Topics ranked by how much they split actors, most divisive first (then by how many
    actors take a side). Each actor counts once per topic, with its position from
    :func:`actor_positions`."""
    counts: dict[str, dict[str, int]] = {}
    for (actor, topic), polarity in actor_positions(G).items():
        counts.setdefault(topic, {p: 0 for p in POLARITIES})[polarity] += 1
    splits = []
    for topic, c in counts.items():
        total = c["support"] + c["oppose"]
        data = G.nodes[topic]
        splits.append(TopicSplit(topic=data.get("key", topic), label=data.get("label", topic),
                                 support=c["support"], oppose=c["oppose"],
                                 split=round(2 * min(c["support"], c["oppose"]) / total, 4) if total else 0.0))
    return sorted(splits, key=lambda s: (-s.split, -(s.support + s.oppose), s.topic))


def analytics(G: nx.MultiDiGraph, k: int = 10) -> dict:
    """The three analyses of a position graph, as plain data (for JSON and the web page)."""
    label = lambda n: G.nodes[n].get("label", n)  # noqa: E731
    return {
        "central_actors": [{"id": n, "label": label(n), "score": round(s, 4)} for n, s in central_actors(G, k)],
        "communities": [sorted((label(n) for n in c)) for c in aligned_communities(G)],
        "divisive_topics": [s.as_dict() for s in divisive_topics(G)],
    }
