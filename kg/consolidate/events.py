"""Merging events: which reports are the same happening, and the merged event node with its
label and the reason for the merge."""
from __future__ import annotations

from itertools import combinations

import pyoxigraph as ox

from ..dates import date_prefix, dates_compatible
from ..namespaces import ONT, RDFS
from .merged_nodes import _common_quads, _merged_node
from .reports import _name, _Report


def _event_candidates(reports: list[_Report]) -> list[tuple[_Report, _Report]]:
    """The pairs :func:`_event_link` can link, found by blocking instead of comparing all pairs.

    Two dated reports link only when they share a participant or the place *and* their dates
    lie on one chain ("2025" ⊇ "2025-03" ⊇ "2025-03-27"): blocks by class and entity, and
    within a block by date, each date meeting only itself and its coarser forms. A report
    without a date links only on strong evidence, two shared participants or the place and a
    participant: blocks by class and such a pair. The pairs are exactly those the link
    function can accept that the old blocking (class and entity, every date with every date)
    produced, so the merge is unchanged; on a large corpus a busy actor's block no longer
    costs the square of its size (scripts/bench_consolidate.py)."""
    seen: set[tuple[str, str]] = set()
    out: list[tuple[_Report, _Report]] = []

    def add(a: _Report, b: _Report) -> None:
        if a is b:
            return
        if b.node.value < a.node.value:
            a, b = b, a
        key = (a.node.value, b.node.value)
        if key not in seen:
            seen.add(key)
            out.append((a, b))

    dated: dict[tuple, dict[tuple, list[_Report]]] = {}
    strong: dict[tuple, list[_Report]] = {}
    for r in sorted(reports, key=lambda r: r.node.value):
        cls = r.cls.value
        if r.date is not None:
            path = _date_path(r.date_value)
            for entity in [*r.participants, *([r.place] if r.place is not None else [])]:
                dated.setdefault((cls, entity.value), {}).setdefault(path, []).append(r)
        people = sorted(p.value for p in r.participants)
        keys = [(cls, "pp", p, q) for p, q in combinations(people, 2)]
        if r.place is not None:
            keys += [(cls, "lp", r.place.value, p) for p in people]
        for key in keys:
            strong.setdefault(key, []).append(r)
    for key in sorted(dated):
        by_path = dated[key]
        for path in sorted(by_path):
            members = by_path[path]
            for a, b in combinations(members, 2):
                add(a, b)
            for cut in range(len(path)):           # the same date said less precisely
                for b in by_path.get(path[:cut], ()):
                    for a in members:
                        add(a, b)
    for key in sorted(strong):
        members = strong[key]
        for a in members:
            if a.date is None:
                for b in members:
                    add(a, b)
    return out


def _date_path(value: str | None) -> tuple:
    """"2025-03-27" -> ("2025", "03", "27"): two dates are compatible (kg.dates.dates_compatible)
    exactly when one path starts the other; an empty date () is compatible with every date."""
    prefix = date_prefix(value)
    return () if prefix is None else tuple(prefix.split("-"))


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
    """At most one place, and every two dates compatible: all dates on one chain, i.e. each
    a coarser form of the most precise one (linear, not all pairs)."""
    if len({r.place for r in cluster if r.place is not None}) > 1:
        return False
    paths = [_date_path(r.date_value) for r in cluster if r.date is not None]
    if not paths:
        return True
    finest = max(paths, key=len)
    return all(finest[:len(p)] == p for p in paths)


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
