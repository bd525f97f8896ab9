"""The graph page, the query workbench's example menu, and the small JSON API behind them.

    GET /graph                     the actor–position and agreement graphs (Cytoscape.js)
    GET /api/graph?view=positions|agreement&topic=&actor=&source=&from=&to=&undated=0|1&analytics=1&elements=0
                                   Cytoscape elements for a view of the store, its filter facets,
                                   and on request the analytics of ``kg.graph`` (elements=0: facets only)
    GET /api/edge?id=<stance IRI>  the evidence behind a stance edge (repeat ``id`` for several)
    GET /api/edge?between=<actor IRI>&between=<actor IRI>
                                   the stances behind an agreement edge (same filters as above)
    GET /api/queries               the named queries of queries/ (the workbench's examples)

Every graph computation is in ``kg.graph``; this module turns its output into JSON.
"""
from __future__ import annotations

import threading
import time

import networkx as nx
from flask import Blueprint, jsonify, render_template, request

from kg import graph as kgg
from kg.config import Settings
from kg.query import named_query_details
from server.pages import local_path, outside_href
from server.sparql import BadRequest, NotFound

EDGE_DETAIL_LIMIT = 200
"""Most stances one /api/edge answer describes."""

PRESET_LAYOUT_MAX_NODES = 400
"""Up to this many nodes the server lays the graph out (``kg.graph.layout_positions``, as in the
static picture); above, the page uses Cytoscape's linear-time concentric layout."""


class _RowCache:
    """Stance rows per process: forever for a read-only store, ``ttl`` seconds for a writable one."""

    def __init__(self, holder, settings: Settings, ttl: float = 10.0):
        self.holder, self.settings, self.ttl = holder, settings, ttl
        self._rows: list[dict[str, str]] | None = None
        self._at = 0.0
        self._store_id: int | None = None
        self._lock = threading.Lock()

    def rows(self) -> list[dict[str, str]]:
        store = self.holder.get()
        with self._lock:
            stale = self._rows is None or self._store_id != id(store) or (
                self.holder.writable and time.monotonic() - self._at > self.ttl)
            if stale:
                self._rows = kgg.stance_rows(self.settings, store)
                self._at, self._store_id = time.monotonic(), id(store)
            return self._rows


def row_cache(holder, settings: Settings) -> _RowCache:
    """The one stance-row cache of an app (kept on its store holder), shared by every view."""
    cache = getattr(holder, "row_cache", None)
    if cache is None:
        cache = holder.row_cache = _RowCache(holder, settings)
    return cache


MAX_WINDOW_DAYS = 3660
"""Widest agreement window (ten years): wider would only overflow the calendar."""


def stance_filters(args) -> dict:
    """Keyword arguments of ``kg.graph.filter_rows`` from the query string."""
    for name in ("from", "to"):
        value = args.get(name, "").strip()
        try:
            readable = kgg.date_interval(value) is not None
        except (ValueError, OverflowError):  # 2025-02-30, 0000-01-01
            readable = False
        if value and not readable:
            raise BadRequest(f"{name}={value!r} is not a date: use YYYY-MM-DD, YYYY-MM or YYYY, "
                             "a day that exists, years 0001 to 9999")
    return {"topic": args.get("topic") or None, "actor": args.get("actor") or None,
            "source": args.get("source") or None, "date_from": args.get("from") or None,
            "date_to": args.get("to") or None, "include_undated": args.get("undated", "1") not in ("0", "false")}


def _node_data(node: str, data: dict, base: str) -> dict:
    out = {"id": node, "label": data.get("label", node), "kind": data.get("kind", "actor"),
           "type": data.get("type", "actor")}
    if out["kind"] == "topic":
        out["key"] = data.get("key", "")
    else:
        out["href"] = local_path(node, base)
        if data.get("wikidata"):
            out["wikidata"] = data["wikidata"]
    return out


def position_elements(G: nx.MultiDiGraph, base: str) -> dict:
    """Cytoscape elements of a position graph. Each edge carries the day interval its date
    covers (``start``/``end``, "" when undated) so the page can filter by date without a round trip."""
    nodes = [{"data": _node_data(n, d, base)} for n, d in G.nodes(data=True)]
    edges = []
    for u, v, key, d in G.edges(keys=True, data=True):
        interval = kgg.date_interval(d.get("when", ""))
        edges.append({"data": {
            "id": key, "source": u, "target": v, "polarity": d.get("polarity", ""),
            "conditional": bool(d.get("conditional")), "date": d.get("date", ""), "when": d.get("when", ""),
            "start": interval[0].isoformat() if interval else "",
            "end": interval[1].isoformat() if interval else "", "doc": d.get("doc", ""),
            "topic": G.nodes[v].get("key", "")}})
    return {"nodes": nodes, "edges": edges}


def agreement_elements(A: nx.Graph, base: str) -> dict:
    """Cytoscape elements of an agreement graph."""
    nodes = [{"data": _node_data(n, d, base)} for n, d in A.nodes(data=True) if A.degree(n)]
    edges = []
    for u, v, d in A.edges(data=True):
        weight = d.get("weight", 0)
        edges.append({"data": {
            "id": f"{u}|{v}", "source": u, "target": v, "agree": d.get("agree", 0),
            "disagree": d.get("disagree", 0), "pairs": d.get("agree", 0) + d.get("disagree", 0),
            "weight": weight, "topics": d.get("topics", {}),
            "relation": "agree" if weight > 0 else "disagree" if weight < 0 else "mixed",
            "label": f"{d.get('agree', 0)}✓ {d.get('disagree', 0)}✗"}})
    return {"nodes": nodes, "edges": edges}


def _add_positions(elements: dict, G: nx.Graph) -> None:
    """Give each node the position ``kg.graph`` lays it out at, scaled to screen pixels."""
    shown = {node["data"]["id"] for node in elements["nodes"]}
    pos = kgg.layout_positions(G.subgraph(shown))
    scale = 60 * max(len(elements["nodes"]), 4) ** 0.5
    for node in elements["nodes"]:
        x, y = pos.get(node["data"]["id"], (0.0, 0.0))
        node["position"] = {"x": round(1.5 * x * scale, 1), "y": round(-y * scale, 1)}  # screens are wide


def facets(rows: list[dict[str, str]], base: str) -> dict:
    """What the filters can choose from, over all stances (not only the filtered ones)."""
    topics = {r["topicKey"]: r.get("topicLabel", r["topicKey"]) for r in rows}
    actors = {r["holder"]: r.get("holderLabel", r["holder"]) for r in rows}
    sources: dict[str, str] = {}
    for r in rows:
        name = r.get("docTitle") or r.get("sourceFile") or local_path(r["doc"], base)
        detail = ", ".join(x for x in (r.get("publisher", ""), r.get("docDate", "")) if x)
        sources[r["doc"]] = f"{name} ({detail})" if detail else name
    days = [iv for iv in (kgg.date_interval(r.get("when", "")) for r in rows) if iv]
    return {
        "topics": [{"key": k, "label": v} for k, v in sorted(topics.items(), key=lambda kv: kv[1].lower())],
        "actors": [{"id": k, "label": v} for k, v in sorted(actors.items(), key=lambda kv: kv[1].lower())],
        "sources": [{"id": k, "label": v} for k, v in sorted(sources.items(), key=lambda kv: kv[1].lower())],
        "dates": {"min": min(d[0] for d in days).isoformat() if days else "",
                  "max": max(d[1] for d in days).isoformat() if days else ""},
        "stances": len(rows),
    }


def named_query_list() -> list[dict[str, str]]:
    """Each ``queries/*.rq``: name, title, description, parameters and text (from its header)."""
    return [{"name": q.name, "title": q.title, "description": q.description, "params": q.params, "text": q.text}
            for q in named_query_details()]


def _stance_view(row: dict[str, str], detail: dict[str, str], base: str) -> dict:
    return {
        "stance": row["stance"], "href": local_path(row["stance"], base),
        "holder": row["holder"], "holderLabel": row.get("holderLabel", ""),
        "holderHref": local_path(row["holder"], base), "topic": row["topicKey"],
        "topicLabel": row.get("topicLabel", row["topicKey"]), "polarity": row.get("polarity", ""),
        "conditional": row.get("conditional", "false") == "true", "date": row.get("date", ""),
        "when": row.get("when", ""), "confidence": row.get("confidence", ""),
        "cue": detail.get("cue", ""), "words": detail.get("words", ""),
        "sentence": detail.get("sentence") or row.get("evidence", ""),
        "reportedBy": detail.get("reportedByLabel") or detail.get("reportedByDescription", ""),
        "doc": row["doc"], "docHref": local_path(row["doc"], base),
        "docTitle": detail.get("docTitle") or row.get("docTitle", ""), "docUrl": outside_href(detail.get("docUrl") or "") or "",
        "publisher": detail.get("docPublisher") or row.get("publisher", ""),
        "docDate": detail.get("docDate") or row.get("docDate", ""),
        "sourceFile": detail.get("docFile") or row.get("sourceFile", ""),
    }


def create_blueprint(holder, settings: Settings) -> Blueprint:
    """The graph page and JSON API over the app's store holder (``app.extensions['kg.store']``)."""
    bp = Blueprint("graph_views", __name__)
    cache = row_cache(holder, settings)
    base = settings.base_iri

    @bp.route("/graph")
    def graph_page():
        return render_template("graph.html", settings=settings)

    @bp.route("/api/graph")
    def api_graph():
        view = request.args.get("view", "positions")
        if view not in kgg.VIEWS:
            raise BadRequest(f"unknown view {view!r}; choose one of {', '.join(kgg.VIEWS)}")
        window = request.args.get("window", "0")
        if not (window.isascii() and window.isdigit()) or int(window) > MAX_WINDOW_DAYS:
            raise BadRequest(f"window={window!r}: give a number of days from 0 to {MAX_WINDOW_DAYS}")
        rows = cache.rows()
        selected = kgg.filter_rows(rows, **stance_filters(request.args))
        G = kgg.position_graph(selected)
        if request.args.get("elements") in ("0", "false"):
            elements = {"nodes": [], "edges": []}
        else:
            shown = G if view == "positions" else kgg.agreement_graph(G, int(window))
            elements = (position_elements if view == "positions" else agreement_elements)(shown, base)
            if len(elements["nodes"]) <= PRESET_LAYOUT_MAX_NODES:
                _add_positions(elements, shown)
        body = {"view": view, "elements": elements,
                "counts": {"nodes": len(elements["nodes"]), "edges": len(elements["edges"]),
                           "stances": len(selected)},
                "facets": facets(rows, base)}
        if request.args.get("analytics") in ("1", "true"):
            body["analytics"] = kgg.analytics(G)
        return jsonify(body)

    @bp.route("/api/edge")
    def api_edge():
        rows = cache.rows()
        ids = request.args.getlist("id")
        if ids:
            wanted = set(ids)
            chosen = [r for r in rows if r["stance"] in wanted]
            if not chosen:
                raise NotFound(f"no stance {', '.join(ids)} in the store")
        elif len(request.args.getlist("between")) == 2:
            chosen = _agreement_stances(rows, *request.args.getlist("between"), request.args)
        else:
            raise BadRequest("give id=<stance IRI>, or between=<actor IRI>&between=<actor IRI>")
        chosen = sorted(chosen, key=lambda r: (r["topicKey"], r.get("holderLabel", ""), r.get("when") or "9999"))
        chosen = chosen[:EDGE_DETAIL_LIMIT]
        details = kgg.stance_details(settings, [r["stance"] for r in chosen], holder.get())
        return jsonify({"stances": [_stance_view(r, details.get(r["stance"], {}), base) for r in chosen]})

    @bp.route("/api/queries")
    def api_queries():
        return jsonify(named_query_list())

    return bp


def _agreement_stances(rows: list[dict[str, str]], source: str, target: str, args) -> list[dict[str, str]]:
    """The two actors' stances on the topics where their times overlap (what the edge counts)."""
    filters = stance_filters(args)
    filters["actor"] = None
    selected = [r for r in kgg.filter_rows(rows, **filters) if r["holder"] in (source, target)]
    A = kgg.agreement_graph(selected)
    if not A.has_edge(source, target):
        return []
    topics = set(A.edges[source, target]["topics"])
    return [r for r in selected if r["topicKey"] in topics]
