"""The static picture of a graph (matplotlib, PNG or SVG) and the layout the web page shares with it."""
from __future__ import annotations

import math
from pathlib import Path

import networkx as nx

from .views import POLARITIES, _simple_undirected

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
