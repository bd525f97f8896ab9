"""networkx views of the store: who stands where (actor–position) and who agrees with whom.

Two graphs are built from the rows of the named query ``stances`` (plus the actors' types,
the topics' labels and the documents' metadata):

* the **actor–position graph** (:func:`position_graph`), a ``MultiDiGraph`` with an edge
  actor → topic per stance, keyed by the stance IRI;
* the **agreement graph** (:func:`agreement_graph`), an undirected ``Graph`` between actors,
  whose edges count, per topic, the pairs of their stances that agree and disagree.

Analytics (:func:`central_actors`, :func:`aligned_communities`, :func:`divisive_topics`) work
on these graphs, and :func:`export_graph` writes GraphML, GEXF, node-link JSON, PNG or SVG.
The web page (``server/graph_views.py``) and ``kg graph`` both use this module.
"""
from __future__ import annotations

import calendar
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, timedelta
from pathlib import Path
from typing import Callable, Iterable

import networkx as nx

from .config import Settings
from .namespaces import ONT, SKOS, TOPIC, sparql_prefixes
from .query import named_rows, open_store
from .store import KnowledgeStore

ACTOR_TYPES = ("person", "organization", "country")
"""Node ``type`` of an actor, from its class (ont:Person, ont:Organization, ont:Country)."""

POLARITIES = ("support", "oppose")

# --- rows from the store ---------------------------------------------------------------------

_ACTOR_TYPES_QUERY = f"""
SELECT ?actor ?class WHERE {{
  VALUES ?class {{ <{ONT}Person> <{ONT}Organization> <{ONT}Country> }}
  ?actor a ?class .
}}"""

_TOPIC_LABELS_QUERY = f"""
SELECT ?key ?label WHERE {{
  ?topic <{SKOS}notation> ?key .
  OPTIONAL {{ ?topic <{SKOS}prefLabel> ?label FILTER (LANG(?label) = "" || LANGMATCHES(LANG(?label), "en")) }}
}}"""

_STANCE_DETAILS_QUERY = "\n" + sparql_prefixes("ont", "nif", "prov", "dct", "schema", "rdfs") + """\
SELECT ?stance ?cue ?words ?sentence ?reportedBy ?reportedByLabel ?reportedByDescription
       ?docTitle ?docUrl ?docPublisher ?docDate ?docFile
WHERE {
  ?stance a ont:Stance ; prov:wasDerivedFrom ?doc .
  OPTIONAL { ?stance ont:cue ?cue }
  OPTIONAL { ?stance ont:evidence/nif:anchorOf ?words }
  OPTIONAL { ?stance ont:sentence/nif:anchorOf ?sentence }
  OPTIONAL { ?stance ont:reportedBy ?reportedBy OPTIONAL { ?reportedBy rdfs:label ?reportedByLabel } }
  OPTIONAL { ?stance ont:reportedByDescription ?reportedByDescription }
  OPTIONAL { ?doc dct:title ?docTitle }
  OPTIONAL { ?doc schema:url ?docUrl }
  OPTIONAL { ?doc dct:publisher ?docPublisher }
  OPTIONAL { ?doc dct:date ?docDate }
  OPTIONAL { ?doc ont:sourceFile ?docFile }
}"""


def knowledge_store(settings: Settings, store=None) -> KnowledgeStore:
    """A :class:`KnowledgeStore` over ``store`` (a KnowledgeStore, a ``pyoxigraph.Store``) or
    over ``settings.store`` opened read-only when ``store`` is None."""
    if store is None:
        return open_store(settings)
    if isinstance(store, KnowledgeStore):
        return store
    wrapped = KnowledgeStore(None, settings.base_iri)
    wrapped.store = store
    return wrapped


def stance_rows(settings: Settings, store=None) -> list[dict[str, str]]:
    """Rows of the named query ``stances``, each completed with what the graphs need.

    Added keys: ``holderType`` (person, organization, country or actor), ``topicLabel``,
    ``docDate``, ``docTitle``, ``publisher``, ``sourceFile``, and ``when``: the stance's own
    date, else its article's date, else "" (undated).
    """
    ks = knowledge_store(settings, store)
    rows = named_rows(settings, "stances", store=ks)
    types: dict[str, str] = {}
    for row in ks.select(_ACTOR_TYPES_QUERY):
        kind = row["class"][len(ONT):].lower()
        # a country is also an organisation-like actor; the most specific type wins
        if types.get(row["actor"]) not in ("person", "country"):
            types[row["actor"]] = kind
    labels = {row["key"]: row.get("label", row["key"]) for row in ks.select(_TOPIC_LABELS_QUERY)}
    docs = {row["doc"]: row for row in named_rows(settings, "documents", store=ks)}
    out = []
    for row in rows:
        doc = docs.get(row["doc"], {})
        full = dict(row)
        full["holderType"] = types.get(row["holder"], "actor")
        full["topicLabel"] = labels.get(row["topicKey"], row["topicKey"])
        full["docDate"] = doc.get("date", "")
        full["docTitle"] = doc.get("title", "")
        full["publisher"] = doc.get("publisher", "")
        full["sourceFile"] = doc.get("file", "")
        full["when"] = row.get("date") or doc.get("date", "")
        out.append(full)
    return out


def stance_details(settings: Settings, stances: Iterable[str], store=None) -> dict[str, dict[str, str]]:
    """Evidence behind stances (by IRI): cue, exact words, sentence, reporter, article metadata."""
    iris = [s for s in dict.fromkeys(stances) if s]
    if not iris:
        return {}
    values = " ".join(f"<{iri}>" for iri in iris if ">" not in iri and " " not in iri)
    sparql = _STANCE_DETAILS_QUERY.replace("WHERE {", "WHERE { VALUES ?stance { " + values + " }", 1)
    details: dict[str, dict[str, str]] = {}
    for row in knowledge_store(settings, store).select(sparql):
        details.setdefault(row["stance"], row)
    return details


# --- dates -------------------------------------------------------------------------------------

@lru_cache(maxsize=4096)
def date_interval(value: str) -> tuple[date, date] | None:
    """The days a date covers at the precision the text gives it: ``2025-04-04`` one day,
    ``2025-04`` the month, ``2025`` the year; None when empty or unreadable."""
    value = (value or "").strip()
    try:
        parts = [int(p) for p in value.split("-")]
    except ValueError:
        return None
    if len(parts) == 3:
        day = date(*parts)
        return day, day
    if len(parts) == 2:
        year, month = parts
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    if len(parts) == 1 and len(value) == 4:
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    return None


def intervals_overlap(a: str, b: str, window_days: int = 0) -> bool:
    """Whether two stance dates can be the same time: their intervals (see
    :func:`date_interval`), each widened by ``window_days`` on both sides, intersect.
    An undated stance overlaps everything: the text does not say when, so we do not rule it out."""
    ia, ib = date_interval(a), date_interval(b)
    if ia is None or ib is None:
        return True
    pad = timedelta(days=window_days)
    return ia[0] - pad <= ib[1] + pad and ib[0] - pad <= ia[1] + pad


def filter_rows(rows: Iterable[dict[str, str]], topic: str | None = None, actor: str | None = None,
                source: str | None = None, date_from: str | None = None, date_to: str | None = None,
                include_undated: bool = True) -> list[dict[str, str]]:
    """Stance rows matching every filter given.

    ``topic``: a topic key; ``actor``: the holder's IRI, Wikidata IRI or Q-id, or (part of) its
    label; ``source``: the document's IRI, file name, title or publisher; ``date_from`` /
    ``date_to``: ISO dates (or months, years) the stance's date interval must touch.
    """
    start = date_interval(date_from)[0] if date_interval(date_from or "") else None
    end = date_interval(date_to)[1] if date_interval(date_to or "") else None
    actor_lc = (actor or "").strip().lower()
    source_lc = (source or "").strip().lower()
    out = []
    for row in rows:
        if topic and row.get("topicKey") != topic:
            continue
        if actor_lc and not (
                actor_lc in (row.get("holder", "").lower(), row.get("holderWikidata", "").lower())
                or row.get("holderWikidata", "").lower().endswith("/" + actor_lc)
                or actor_lc in row.get("holderLabel", "").lower()):
            continue
        if source_lc and source_lc not in (row.get("doc", "").lower(), row.get("sourceFile", "").lower(),
                                           row.get("docTitle", "").lower(), row.get("publisher", "").lower()):
            continue
        if start or end:
            interval = date_interval(row.get("when", ""))
            if interval is None:
                if not include_undated:
                    continue
            elif (start and interval[1] < start) or (end and interval[0] > end):
                continue
        elif not include_undated and date_interval(row.get("when", "")) is None:
            continue
        out.append(row)
    return out


# --- the graphs ------------------------------------------------------------------------------

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


# --- analytics -------------------------------------------------------------------------------

def _actors(G: nx.Graph) -> list[str]:
    return [n for n, d in G.nodes(data=True) if d.get("kind", "actor") == "actor"]


def _simple_undirected(G: nx.Graph) -> nx.Graph:
    """Parallel stance edges collapsed, directions dropped: who is connected to what."""
    S = nx.Graph()
    S.add_nodes_from(G.nodes(data=True))
    S.add_edges_from((u, v) for u, v in G.edges())
    return S


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


# --- exports ---------------------------------------------------------------------------------

def _scalar_copy(G: nx.Graph) -> nx.Graph:
    """A copy whose attributes GraphML and GEXF writers accept: no None, dicts/lists as JSON."""
    def clean(attrs: dict) -> dict:
        out = {}
        for key, value in attrs.items():
            if value is None:
                continue
            if isinstance(value, (dict, list, tuple, set)):
                value = json.dumps(sorted(value) if isinstance(value, set) else value, sort_keys=True)
            out[key] = value
        return out

    H = G.__class__()
    H.graph.update(clean({k: v for k, v in G.graph.items()}))
    H.add_nodes_from((n, clean(d)) for n, d in G.nodes(data=True))
    if G.is_multigraph():
        H.add_edges_from((u, v, k, clean(d)) for u, v, k, d in G.edges(keys=True, data=True))
    else:
        H.add_edges_from((u, v, clean(d)) for u, v, d in G.edges(data=True))
    return H


def _write_graphml(G: nx.Graph, path: Path) -> None:
    nx.write_graphml(_scalar_copy(G), path)


def _write_gexf(G: nx.Graph, path: Path) -> None:
    nx.write_gexf(_scalar_copy(G), path)


def _write_json(G: nx.Graph, path: Path) -> None:
    data = nx.node_link_data(G, edges="edges")
    if G.is_multigraph():
        data["graph"]["analytics"] = analytics(G)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False, default=str), encoding="utf-8")


def _write_picture(G: nx.Graph, path: Path) -> None:
    draw_graph(G, path)


EXPORTERS: dict[str, Callable[[nx.Graph, Path], None]] = {
    "graphml": _write_graphml,
    "gexf": _write_gexf,
    "json": _write_json,
    "png": _write_picture,
    "svg": _write_picture,
}
"""Export formats by name (``kg graph --format``)."""

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


def export_graph(settings: Settings, fmt: str, output: str | None = None, view: str = "positions",
                 store=None) -> list[Path]:
    """Write one view of the store in one format; returns the paths written.

    ``output`` defaults to ``out/<view>.<fmt>``; its parent directories are created.
    """
    if fmt not in EXPORTERS:
        raise ValueError(f"unknown graph format {fmt!r}; choose one of {', '.join(EXPORTERS)}")
    G = build_view(settings, view, store)
    path = Path(output) if output else Path("out") / f"{view}.{fmt}"
    path.parent.mkdir(parents=True, exist_ok=True)
    EXPORTERS[fmt](G, path)
    return [path]



# --- the picture -----------------------------------------------------------------------------

NODE_STYLE = {
    "person": {"color": "#4c72b0", "marker": "o", "legend": "person"},
    "organization": {"color": "#8172b3", "marker": "s", "legend": "organisation"},
    "country": {"color": "#dd8452", "marker": "D", "legend": "country"},
    "actor": {"color": "#8c8c8c", "marker": "o", "legend": "actor (untyped)"},
    "topic": {"color": "#f2e6a0", "marker": "h", "legend": "topic"},
}
"""Colour and marker of each node type, shared by the picture (the web page mirrors them)."""

EDGE_COLORS = {"support": "#2a9d3f", "oppose": "#d62728", "agree": "#2a9d3f", "disagree": "#d62728",
               "mixed": "#8c8c8c"}


def _short_label(text: str, width: int = 26) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def _position_layout(G: nx.Graph) -> dict:
    """Topics evenly on a circle, actors pulled by spring forces towards the topics they
    take a stance on (deterministic: fixed seed)."""
    topics = sorted((n for n, d in G.nodes(data=True) if d.get("kind") == "topic"),
                    key=lambda n: G.nodes[n].get("label", n))
    fixed = {t: (math.cos(2 * math.pi * i / max(len(topics), 1)) * 0.55,
                 math.sin(2 * math.pi * i / max(len(topics), 1)) * 0.55) for i, t in enumerate(topics)}
    S = _simple_undirected(G)
    if not topics:
        return nx.spring_layout(S, seed=7)
    k = 1.6 / math.sqrt(max(S.number_of_nodes(), 1))
    return nx.spring_layout(S, pos=fixed, fixed=topics or None, seed=7, k=k, iterations=200, scale=None)


def _agreement_layout(G: nx.Graph) -> dict:
    """Spring layout pulled hard by agreement and only slightly by disagreement, so aligned
    actors sit together and the blocs stay on one readable page."""
    L = nx.Graph()
    L.add_nodes_from(G)
    L.add_edges_from((u, v, {"pull": 1.0 + d["weight"] if d.get("weight", 0) > 0 else 0.05})
                     for u, v, d in G.edges(data=True))
    return nx.spring_layout(L, seed=7, weight="pull", k=2.5 / math.sqrt(max(len(L), 1)), iterations=200)


def layout_positions(G: nx.Graph) -> dict[str, tuple[float, float]]:
    """Node positions (in about [-1, 1]) for drawing G: the layout of the static picture,
    so the web page and ``kg graph --format png`` look alike. Deterministic."""
    if G.number_of_nodes() == 0:
        return {}
    pos = _position_layout(G) if G.is_multigraph() else _agreement_layout(G)
    return {n: (float(x), float(y)) for n, (x, y) in pos.items()}


def draw_graph(G: nx.Graph, path: str | Path, title: str | None = None) -> Path:
    """A static picture of a position or agreement graph (PNG or SVG by the file's suffix),
    with a legend for node types and edge colours; conditional stances are dashed."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    path = Path(path)
    positions = G.is_multigraph()
    n = G.number_of_nodes()
    side = min(40.0, max(12.0, 2.2 * math.sqrt(max(n, 1))))
    fig, ax = plt.subplots(figsize=(side * 1.25, side), dpi=150 if path.suffix.lower() == ".png" else 100)
    ax.set_axis_off()
    if n == 0:
        ax.text(0.5, 0.5, "no stances match", ha="center", va="center", fontsize=16, transform=ax.transAxes)
    else:
        pos = _position_layout(G) if positions else _agreement_layout(G)
        if positions:
            _draw_stance_edges(G, pos, ax)
        else:
            _draw_agreement_edges(G, pos, ax)
        for kind, style in NODE_STYLE.items():
            nodes = [v for v, d in G.nodes(data=True) if d.get("type", "actor") == kind]
            if not nodes:
                continue
            size = 2200 if kind == "topic" else 420
            nx.draw_networkx_nodes(G, pos, nodelist=nodes, node_color=style["color"], node_shape=style["marker"],
                                   node_size=size, edgecolors="#333333", linewidths=0.8, ax=ax)
        labels = {v: _short_label(str(d.get("label", v))) for v, d in G.nodes(data=True)}
        actor_labels = {v: l for v, l in labels.items() if G.nodes[v].get("kind", "actor") != "topic"}
        topic_labels = {v: _short_label(str(G.nodes[v].get("label", v)), 36) for v in labels
                        if G.nodes[v].get("kind") == "topic"}
        shifted = {v: (x, y - 0.035) for v, (x, y) in pos.items()}
        nx.draw_networkx_labels(G, shifted, labels=actor_labels, font_size=9, ax=ax, verticalalignment="top",
                                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8})
        nx.draw_networkx_labels(G, pos, labels=topic_labels, font_size=10, font_weight="bold", ax=ax,
                                bbox={"boxstyle": "round,pad=0.3", "fc": "#fff8d0", "ec": "#b59f3b", "alpha": 0.95})
    handles = [Line2D([], [], linestyle="none", marker=s["marker"], markersize=11, markerfacecolor=s["color"],
                      markeredgecolor="#333333", label=s["legend"])
               for kind, s in NODE_STYLE.items()
               if any(d.get("type", "actor") == kind for _, d in G.nodes(data=True))]
    if positions:
        handles += [Line2D([], [], color=EDGE_COLORS["support"], lw=2.5, label="supports"),
                    Line2D([], [], color=EDGE_COLORS["oppose"], lw=2.5, label="opposes"),
                    Line2D([], [], color="#555555", lw=2, linestyle=(0, (4, 3)), label="conditional stance"),
                    Line2D([], [], color="#555555", lw=5, label="thicker = more stances")]
    else:
        handles += [Line2D([], [], color=EDGE_COLORS["agree"], lw=2.5, label="agree more than disagree"),
                    Line2D([], [], color=EDGE_COLORS["disagree"], lw=2.5, label="disagree more than agree"),
                    Line2D([], [], color=EDGE_COLORS["mixed"], lw=2.5, label="as often both"),
                    Line2D([], [], color="#555555", lw=5, label="thicker = more topic pairs")]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=11, frameon=True,
              title="Node types and edges", title_fontsize=12, borderpad=1)
    if title is None:
        actors = sum(1 for _, d in G.nodes(data=True) if d.get("kind", "actor") == "actor")
        if positions:
            topics = n - actors
            title = f"Who stands where: {actors} actors, {topics} topics, {G.number_of_edges()} stances"
        else:
            title = f"Who agrees with whom: {actors} actors, {G.number_of_edges()} pairs"
    ax.set_title(title, fontsize=16, loc="left")
    ax.margins(0.08)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, bbox_inches="tight", facecolor="white")
    plt.close(fig)
    return path


def _draw_stance_edges(G: nx.MultiDiGraph, pos: dict, ax) -> None:
    """One curve per (actor, topic, polarity, conditional), as thick as its stances are many;
    support curves bend one way and oppose the other, so a change of mind shows as two."""
    groups: dict[tuple, int] = {}
    for u, v, d in G.edges(data=True):
        polarity = d.get("polarity") if d.get("polarity") in POLARITIES else "support"
        key = (u, v, polarity, bool(d.get("conditional")))
        groups[key] = groups.get(key, 0) + 1
    for (u, v, polarity, conditional), count in groups.items():
        rad = 0.12 if polarity == "support" else -0.12
        nx.draw_networkx_edges(
            nx.DiGraph([(u, v)]), pos, edgelist=[(u, v)], ax=ax, arrows=True, arrowstyle="-|>", arrowsize=12,
            width=1.2 + 1.3 * math.log2(count + 0.0 + 1), edge_color=EDGE_COLORS[polarity], alpha=0.75,
            style=(0, (4, 3)) if conditional else "solid", connectionstyle=f"arc3,rad={rad}",
            node_size=2200 if G.nodes[v].get("kind") == "topic" else 420, min_source_margin=8, min_target_margin=14)


def _draw_agreement_edges(G: nx.Graph, pos: dict, ax) -> None:
    for u, v, d in G.edges(data=True):
        weight = d.get("weight", 0)
        colour = EDGE_COLORS["agree" if weight > 0 else "disagree" if weight < 0 else "mixed"]
        pairs = d.get("agree", 0) + d.get("disagree", 0)
        nx.draw_networkx_edges(G, pos, edgelist=[(u, v)], ax=ax, width=1 + 1.2 * math.log2(pairs + 1),
                               edge_color=colour, alpha=0.7)
