"""Merging events: which reports are the same happening, and the merged event node with its
label and the reason for the merge."""
from __future__ import annotations

from itertools import combinations

import pyoxigraph as ox

from ..dates import dates_compatible
from ..namespaces import ONT, RDFS
from .clustering import _pairs_from_blocks
from .merged_nodes import _common_quads, _merged_node
from .reports import _name, _Report


def _event_candidates(reports: list[_Report]) -> list[tuple[_Report, _Report]]:
    """Reports of one class sharing a participant or the place: no other pair can link."""
    blocks: dict[tuple, list[_Report]] = {}
    for r in reports:
        for key in [*r.participants, *([r.place] if r.place is not None else [])]:
            blocks.setdefault((r.cls.value, key.value), []).append(r)
    return _pairs_from_blocks(blocks)


def _event_link(a: _Report, b: _Report) -> float | None:
    """How strongly two reports look like the same event (None: not the same)."""
    if a.cls != b.cls or a.docs == b.docs:
        return None
    if a.place is not None and b.place is not None and a.place != b.place:
        return None
    if not dates_compatible(a.date_value, b.date_value):
        return None
    shared = len(a.participants & b.participants)
    same_place = a.place is not None and a.place == b.place
    if a.date is not None and b.date is not None:
        if not (same_place or shared):
            return None
    elif not ((same_place and shared) or shared >= 2):
        return None
    return 2.0 * same_place + shared + (a.date_value == b.date_value and a.date is not None)


def _event_cluster_ok(cluster: list[_Report]) -> bool:
    dates = [r.date_value for r in cluster if r.date is not None]
    places = {r.place for r in cluster if r.place is not None}
    return len(places) <= 1 and all(dates_compatible(x, y) for x, y in combinations(dates, 2))


def _merged_event(iris, cluster: list[_Report], names: dict) -> list[ox.Quad]:
    g, node = iris.merged_graph, _merged_node(iris, cluster)
    dated = [r for r in cluster if r.date is not None]
    date_lit = max(dated, key=lambda r: (len(r.date_value), r.date_value)).date if dated else None
    place = next((r.place for r in cluster if r.place is not None), None)
    participants = sorted({p for r in cluster for p in r.participants}, key=str)
    hosts = [r for r in cluster if r.host is not None]
    host = max(hosts, key=lambda r: (r.confidence, r.node.value)).host if hosts else None

    cls_name = cluster[0].cls.value.rsplit("#", 1)[-1]
    quads = _common_quads(iris, node, cluster, _event_reason(cls_name, cluster, names))
    quads.append(ox.Quad(node, ox.NamedNode(RDFS + "label"),
                         ox.Literal(event_label(cls_name, [_name(names, p, False) for p in participants],
                                                _name(names, place, False) if place else None,
                                                date_lit.value if date_lit else None)), g))
    if date_lit is not None:
        quads.append(ox.Quad(node, ox.NamedNode(ONT + "date"), date_lit, g))
    if place is not None:
        quads.append(ox.Quad(node, ox.NamedNode(ONT + "place"), place, g))
    for p in participants:
        quads.append(ox.Quad(node, ox.NamedNode(ONT + "participant"), p, g))
    if host is not None:
        quads.append(ox.Quad(node, ox.NamedNode(ONT + "host"), host, g))
    return quads


def event_label(cls_name: str, participants: list[str], place: str | None, date_value: str | None) -> str:
    """"Meeting with Volodymyr Zelensky, Mark Rutte in Kyiv on 2025-04-08"."""
    label = cls_name
    if participants:
        label += " with " + ", ".join(participants[:4]) + (" and others" if len(participants) > 4 else "")
    if place:
        label += " in " + place
    if date_value:
        label += (" on " if len(date_value) == 10 else " in ") + date_value
    return label


def _event_reason(cls_name: str, cluster: list[_Report], names: dict) -> str:
    """"same type Meeting; dates 2025-03-27 ~ 2025-03; same place Paris (Q90); 2 shared participants (...)"."""
    parts = [f"same type {cls_name}"]
    dates = sorted({r.date_value for r in cluster if r.date is not None}, key=lambda d: (-len(d), d))
    undated = sum(r.date is None for r in cluster)
    if len(dates) == 1:
        parts.append(f"same date {dates[0]}" + (f" ({undated} report(s) undated)" if undated else ""))
    elif dates:
        parts.append("dates " + " ~ ".join(dates) + (f" ({undated} report(s) undated)" if undated else ""))
    else:
        parts.append("no date stated")
    placed = [r for r in cluster if r.place is not None]
    if len(placed) >= 2:
        parts.append(f"same place {_name(names, placed[0].place)}")
    elif placed:
        parts.append(f"place {_name(names, placed[0].place)} (stated by 1 of {len(cluster)} reports)")
    counts: dict[ox.NamedNode, int] = {}
    for r in cluster:
        for p in r.participants:
            counts[p] = counts.get(p, 0) + 1
    shared = sorted((p for p, n in counts.items() if n >= 2), key=lambda p: _name(names, p))
    if shared:
        parts.append(f"{len(shared)} shared participant{'s' if len(shared) > 1 else ''} "
                     f"({', '.join(_name(names, p) for p in shared)})")
    docs = len({d for r in cluster for d in r.docs})
    parts.append(f"{len(cluster)} reports in {docs} documents")
    return "; ".join(parts)
