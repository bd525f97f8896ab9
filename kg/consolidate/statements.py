"""Merging statements: which quotes are the same words from the same speaker, and the merged
statement node with the reason for the merge."""
from __future__ import annotations

import math
from itertools import combinations

import pyoxigraph as ox

from ..dates import date_start
from ..namespaces import ONT
from .merged_nodes import _common_quads, _merged_node
from .reports import _name, _Report

QUOTE_JACCARD = 0.8
QUOTE_OVERLAP = 0.8      # share of the shorter quote's words found in the longer (same named speaker only)
MIN_OVERLAP_WORDS = 8
MIN_QUOTE_WORDS = 4      # a shorter quote merges only with the same words from a known speaker


def _statement_candidates(reports: list[_Report]) -> list[tuple[_Report, _Report]]:
    """Quotes sharing one of their rarest words (prefix filtering): every rule that links two
    quotes needs at least 80% of the shorter quote's words in the other, so some of the
    shorter's n - ceil(0.8 n) + 1 rarest words must occur in the other quote."""
    share = min(QUOTE_JACCARD, QUOTE_OVERLAP)
    index: dict[str, list[_Report]] = {}
    for r in reports:
        for token in set(r.words):
            index.setdefault(token, []).append(r)
    seen: set[tuple[str, str]] = set()
    out = []
    for r in reports:
        ordered = sorted(set(r.words), key=lambda t: (len(index[t]), t))
        for token in ordered[: len(ordered) - math.ceil(share * len(ordered)) + 1]:
            for other in index[token]:
                a, b = sorted((r, other), key=lambda x: x.node.value)
                if a is not b and (a.node.value, b.node.value) not in seen:
                    seen.add((a.node.value, b.node.value))
                    out.append((a, b))
    return out


def _quote_match(a: str, b: str, same_speaker: bool) -> float | None:
    """How strongly two normalised quotes are the same words (None: they are not)."""
    if not a or not b:
        return None
    if a == b:
        return 3.0
    short, long_ = sorted((a, b), key=len)
    if len(short.split()) >= MIN_QUOTE_WORDS and f" {short} " in f" {long_} ":
        return 2.0
    ta, tb = set(a.split()), set(b.split())
    jaccard = len(ta & tb) / len(ta | tb)
    if jaccard >= QUOTE_JACCARD and min(len(ta), len(tb)) >= MIN_QUOTE_WORDS:
        return 1.0 + jaccard
    # Two translations of one statement, one of them running on into the next sentence:
    # nearly all the words of the shorter in the longer, from the same named speaker.
    overlap = len(ta & tb) / min(len(ta), len(tb))
    if same_speaker and overlap >= QUOTE_OVERLAP and min(len(ta), len(tb)) >= MIN_OVERLAP_WORDS:
        return overlap
    return None


def _statement_link(a: _Report, b: _Report) -> float | None:
    if a.docs == b.docs:
        return None
    if a.speaker is not None and b.speaker is not None and a.speaker != b.speaker:
        return None
    same_speaker = a.speaker is not None and a.speaker == b.speaker
    strength = _quote_match(a.normalised, b.normalised, same_speaker)
    if strength is None:
        return None
    if len(a.words) < MIN_QUOTE_WORDS and not same_speaker:
        return None
    return strength + same_speaker


def _statement_cluster_ok(cluster: list[_Report]) -> bool:
    return len({r.speaker for r in cluster if r.speaker is not None}) <= 1


def _quote_reason(normalised: list[str]) -> str:
    """"same words", "one quote contains the other", "token Jaccard 0.86", "93% of the words shared"."""
    if len(set(normalised)) == 1:
        return "same words"
    reasons = []
    for a, b in combinations(sorted(set(normalised)), 2):
        if _quote_match(a, b, True) is None:
            continue      # joined through a third report
        short, long_ = sorted((a, b), key=len)
        ta, tb = set(a.split()), set(b.split())
        if f" {short} " in f" {long_} ":
            reasons.append("one quote contains the other")
        elif len(ta & tb) / len(ta | tb) >= QUOTE_JACCARD:
            reasons.append(f"token Jaccard {len(ta & tb) / len(ta | tb):.2f}")
        else:
            reasons.append(f"{len(ta & tb) / min(len(ta), len(tb)):.0%} of the shorter quote's words in the longer")
    return ", ".join(dict.fromkeys(reasons))


def _merged_statement(iris, cluster: list[_Report], names: dict) -> list[ox.Quad]:
    g, node = iris.merged_graph, _merged_node(iris, cluster)
    speaker = next((r.speaker for r in cluster if r.speaker is not None), None)
    quote = max((r.quote for r in cluster), key=lambda q: (len(q), q))
    dated = sorted((r.date for r in cluster if r.date is not None),
                   key=lambda d: (date_start(d.value), -len(d.value)))
    date_lit = dated[0] if dated else None
    if date_lit is not None:       # a more precise report of the same earliest date wins: "2025-03" -> "2025-03-31"
        finer = [d for d in dated if d.value.startswith(date_lit.value)]
        date_lit = max(finer, key=lambda d: (len(d.value), d.value))

    how = _quote_reason([r.normalised for r in cluster])
    who = (f"same speaker {_name(names, speaker)}" if sum(r.speaker is not None for r in cluster) >= 2
           else f"speaker {_name(names, speaker)} (unknown in the other reports)" if speaker is not None
           else "speaker unknown")
    docs = len({d for r in cluster for d in r.docs})
    reason = f"same quote ({how}, after normalising case, punctuation and quotation marks); {who}; " \
             f"{len(cluster)} reports in {docs} documents"
    quads = _common_quads(iris, node, cluster, reason)
    quads.append(ox.Quad(node, ox.NamedNode(ONT + "quote"), ox.Literal(quote), g))
    if speaker is not None:
        quads.append(ox.Quad(node, ox.NamedNode(ONT + "speaker"), speaker, g))
    if date_lit is not None:
        quads.append(ox.Quad(node, ox.NamedNode(ONT + "date"), date_lit, g))
    return quads
