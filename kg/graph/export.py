"""Writing a view of the store to a file: GraphML, GEXF, node-link JSON, PNG or SVG."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import networkx as nx

from ..config import Settings
from .analysis import analytics
from .drawing import draw_graph
from .views import build_view


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
