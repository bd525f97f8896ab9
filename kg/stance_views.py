"""Tables an analyst reads instead of SPARQL: the stance matrix and position timelines.

Both are computed from the rows of :func:`kg.graph.stance_rows` (the named query ``stances``
completed with actor types, topic labels and article metadata), so they filter like the graph
page (:func:`kg.graph.filter_rows`). The matrix has the columns of the named query
``stance-matrix`` and :func:`matrix_csv` writes what ``kg query stance-matrix --format csv``
prints for the same stances.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Iterable

from .dates import date_interval

MATRIX_COLUMNS = ("holder", "holderLabel", "topicKey", "topicLabel", "position", "support", "oppose",
                  "stances", "sources")
"""The columns of ``queries/stance-matrix.rq``, in its order."""

MATRIX_SORTS = ("stances", "type", "divisive", "name")
"""How the matrix orders its rows (actors) and columns (topics)."""

TYPE_ORDER = {"person": 0, "organization": 1, "country": 2, "actor": 3}


@dataclass
class MatrixCell:
    holder: str
    holderLabel: str
    topicKey: str
    topicLabel: str
    supporting: set[str] = field(default_factory=set)
    opposing: set[str] = field(default_factory=set)
    docs: set[str] = field(default_factory=set)

    @property
    def stances(self) -> list[str]:
        return sorted(self.supporting | self.opposing)

    @property
    def position(self) -> str:
        if self.supporting and self.opposing:
            return "both"
        return "support" if self.supporting else "oppose"

    def row(self) -> dict[str, str | int]:
        """The cell as a row of the named query ``stance-matrix``."""
        return {"holder": self.holder, "holderLabel": self.holderLabel, "topicKey": self.topicKey,
                "topicLabel": self.topicLabel, "position": self.position, "support": len(self.supporting),
                "oppose": len(self.opposing), "stances": len(self.supporting | self.opposing),
                "sources": len(self.docs)}


def matrix_cells(rows: Iterable[dict[str, str]]) -> list[MatrixCell]:
    """One cell per (actor, topic) with a stance, ordered like ``stance-matrix.rq``
    (actor label, topic key, actor IRI)."""
    cells: dict[tuple[str, str, str], MatrixCell] = {}
    for row in rows:
        key = (row["holder"], row.get("holderLabel", row["holder"]), row["topicKey"])
        cell = cells.get(key)
        if cell is None:
            cell = cells[key] = MatrixCell(key[0], key[1], key[2], row.get("topicLabel") or key[2])
        polarity = row.get("polarity", "")
        if polarity == "support":
            cell.supporting.add(row["stance"])
        elif polarity == "oppose":
            cell.opposing.add(row["stance"])
        cell.docs.add(row.get("doc", ""))
    return sorted(cells.values(), key=lambda c: (c.holderLabel, c.topicKey, c.holder))


def matrix_csv(cells: Iterable[MatrixCell]) -> str:
    """The cells as SPARQL CSV results of ``stance-matrix`` (CRLF line ends, as the standard says)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=MATRIX_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for cell in cells:
        writer.writerow(cell.row())
    return out.getvalue()


def topic_split(cells: Iterable[MatrixCell]) -> dict[str, float]:
    """Per topic key, how evenly actors divide on it: 2·min(for, against) / (for + against),
    counting each actor once on each side it takes (1.0 = evenly split, 0 = one-sided)."""
    sides: dict[str, list[int]] = {}
    for cell in cells:
        count = sides.setdefault(cell.topicKey, [0, 0])
        count[0] += bool(cell.supporting)
        count[1] += bool(cell.opposing)
    return {key: (2 * min(s) / sum(s) if sum(s) else 0.0) for key, s in sides.items()}


def matrix_table(rows: list[dict[str, str]], sort: str = "stances") -> dict:
    """The matrix as the page draws it: ordered actors (rows), topics (columns) and cells by
    (actor, topic). ``sort``: ``stances`` (most first), ``type`` (persons, organisations,
    countries, then by stances), ``divisive`` (topics that split actors most first; actors by
    how many divided topics they take a side on) or ``name``."""
    if sort not in MATRIX_SORTS:
        raise ValueError(f"unknown sort {sort!r}; choose one of {', '.join(MATRIX_SORTS)}")
    cells = matrix_cells(rows)
    split = topic_split(cells)
    types = {r["holder"]: r.get("holderType", "actor") for r in rows}
    actors: dict[str, dict] = {}
    topics: dict[str, dict] = {}
    for cell in cells:
        a = actors.setdefault(cell.holder, {"id": cell.holder, "label": cell.holderLabel, "stances": 0,
                                            "type": types.get(cell.holder, "actor"), "divided": 0})
        a["stances"] += len(cell.stances)
        a["divided"] += split[cell.topicKey] > 0
        t = topics.setdefault(cell.topicKey, {"key": cell.topicKey, "label": cell.topicLabel, "stances": 0,
                                              "split": round(split[cell.topicKey], 3),
                                              "open": cell.topicKey.startswith("open_")})
        t["stances"] += len(cell.stances)
    by_name = (lambda x: x["label"].lower())
    actor_order = {
        "stances": lambda a: (-a["stances"], by_name(a)),
        "type": lambda a: (TYPE_ORDER.get(a["type"], 9), -a["stances"], by_name(a)),
        "divisive": lambda a: (-a["divided"], -a["stances"], by_name(a)),
        "name": by_name,
    }[sort]
    topic_order = {
        "divisive": lambda t: (-t["split"], -t["stances"], by_name(t)),
        "name": by_name,
    }.get(sort, lambda t: (-t["stances"], by_name(t)))
    return {"actors": sorted(actors.values(), key=actor_order), "topics": sorted(topics.values(), key=topic_order),
            "cells": {(c.holder, c.topicKey): c for c in cells}}


# --- timelines ----------------------------------------------------------------------------------

@dataclass
class TimelineMark:
    stance: str
    lane: str
    laneLabel: str
    polarity: str
    when: str
    start: str
    end: str
    own_date: bool
    changed: bool = False


def timeline_marks(rows: Iterable[dict[str, str]], lane_by: str) -> tuple[list[TimelineMark], list[TimelineMark]]:
    """Marks of a timeline, (dated, undated): one per stance, in lanes by topic
    (``lane_by="topic"``, an actor's timeline) or by actor (``"actor"``, a topic's timeline).
    A mark with its own date is ``changed`` when one of the same actor's latest stances on the
    same topic dated wholly before it (a day, month or year that ends before its own begins)
    has the other polarity: a position change, as the named query ``position-changes`` finds
    them (article dates take no part)."""
    seen: set[str] = set()
    dated, undated = [], []
    for row in rows:
        if row["stance"] in seen:
            continue
        seen.add(row["stance"])
        lane, label = ((row["topicKey"], row.get("topicLabel") or row["topicKey"]) if lane_by == "topic"
                       else (row["holder"], row.get("holderLabel") or row["holder"]))
        interval = date_interval(row.get("when", ""))
        mark = TimelineMark(row["stance"], lane, label, row.get("polarity", ""), row.get("when", ""),
                            interval[0].isoformat() if interval else "", interval[1].isoformat() if interval else "",
                            bool(row.get("date")))
        (dated if interval else undated).append((row, mark))
    dated.sort(key=lambda rm: (rm[1].start, rm[1].end, rm[1].stance))
    by_pair: dict[tuple[str, str], list[TimelineMark]] = {}
    for row, mark in dated:
        by_pair.setdefault((row["holder"], row["topicKey"]), []).append(mark)
    for marks in by_pair.values():
        own = [m for m in marks if m.own_date]  # as position-changes: article dates take no part
        for mark in own:
            # the latest stances wholly before this one (same-day or overlapping dates are not "before")
            before = [m for m in own if m.end < mark.start]
            if before:
                latest = max(m.end for m in before)
                if any(m.polarity != mark.polarity for m in before if m.end == latest):
                    mark.changed = True
    return [m for _, m in dated], [m for _, m in undated]
