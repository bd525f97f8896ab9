"""Clustering reports: greedy agglomeration over linked pairs, at most one report per document,
and the blocking that keeps the pairs compared far below all pairs."""
from __future__ import annotations

from itertools import combinations

import pyoxigraph as ox

from .reports import _Report


def _clusters(reports: list[_Report], candidates, link, cluster_ok) -> list[list[_Report]]:
    """Greedy agglomeration over linked pairs, strongest links first, keeping every cluster coherent
    and with at most one report per document; only clusters spanning two documents or more are
    returned. ``candidates`` yields the pairs
    worth comparing (a blocking index keeps this far below all pairs on a large corpus)."""
    pairs = []
    for a, b in candidates(reports):
        strength = link(a, b)
        if strength is not None:
            pairs.append((-strength, a.node.value, b.node.value, a, b))
    pairs.sort(key=lambda p: p[:3])
    cluster_of: dict[ox.NamedNode, list[_Report]] = {r.node: [r] for r in reports}
    for _, _, _, a, b in pairs:
        ca, cb = cluster_of[a.node], cluster_of[b.node]
        if ca is cb or _documents(ca) & _documents(cb) or not cluster_ok(ca + cb):
            continue     # one report per document: two quotes of one article are two statements
        ca.extend(cb)
        for r in cb:
            cluster_of[r.node] = ca
    seen, out = set(), []
    for cluster in cluster_of.values():
        if id(cluster) in seen:
            continue
        seen.add(id(cluster))
        if len(_documents(cluster)) >= 2:
            out.append(sorted(cluster, key=lambda r: r.node.value))
    return sorted(out, key=lambda c: c[0].node.value)


def _documents(cluster: list[_Report]) -> set[ox.NamedNode]:
    return {d for r in cluster for d in r.docs}


def _pairs_from_blocks(blocks: dict) -> list[tuple[_Report, _Report]]:
    """Each pair of reports sharing a block key, once, in a stable order."""
    seen: set[tuple[str, str]] = set()
    out = []
    for key in sorted(blocks, key=str):
        members = sorted(blocks[key], key=lambda r: r.node.value)
        for a, b in combinations(members, 2):
            if (a.node.value, b.node.value) not in seen:
                seen.add((a.node.value, b.node.value))
                out.append((a, b))
    return out
