"""Predictions from the rows of the named queries: one fact per (document, node), for the
documents that have a gold file."""
from __future__ import annotations

from typing import Iterable

from ..dates import date_prefix
from .items import Actor, _Entity, _Event, _Quote, _Role, _Stance
from .normalise import _doc_id, _local_name


def _predictions(kind: str, rows: Iterable[dict[str, str]], docs: set[str]) -> dict[str, list]:
    """Group query rows into one predicted fact per (document, node), for the gold documents only."""
    groups: dict[tuple[str, str], list[dict[str, str]]] = {}
    node_var = {"entities": "entity", "stances": "stance", "events": "event", "quotes": "statement"}.get(kind)
    for n, row in enumerate(rows):
        doc = _doc_id(row.get("doc"))
        if doc is None or doc not in docs:
            continue
        if kind == "roles":
            node = "|".join(row.get(k, "") for k in ("person", "personLabel", "role", "org", "orgLabel"))
        else:
            node = row.get(node_var) or f"#row{n}"
        groups.setdefault((doc, node), []).append(row)

    out: dict[str, list] = {}
    for (doc, _), group in groups.items():
        fact = _BUILD[kind](doc, group)
        if fact is not None:
            out.setdefault(doc, []).append(fact)
    return out


def _first(rows: list[dict[str, str]], var: str) -> str | None:
    return next((r[var] for r in rows if r.get(var)), None)


def _build_entity(doc: str, rows: list[dict[str, str]]) -> _Entity | None:
    actor = Actor.from_row(_first(rows, "entity"), _first(rows, "label"), _first(rows, "wikidata"))
    if actor is None:
        return None
    types = frozenset(_local_name(r["type"]) for r in rows if r.get("type"))
    return _Entity(doc, actor, types, rows[0])


def _build_role(doc: str, rows: list[dict[str, str]]) -> _Role | None:
    r = rows[0]
    person = Actor.from_row(r.get("person"), r.get("personLabel"), r.get("personWikidata"))
    if person is None:
        return None
    org = Actor.from_row(r.get("org"), r.get("orgLabel"), r.get("orgWikidata"))
    return _Role(doc, person, r.get("role", ""), org, r)


def _build_stance(doc: str, rows: list[dict[str, str]]) -> _Stance | None:
    holder = Actor.from_row(_first(rows, "holder"), _first(rows, "holderLabel"), _first(rows, "holderWikidata"))
    if holder is None:
        return None
    conditional = (_first(rows, "conditional") or "false").strip().casefold() in ("true", "1")
    return _Stance(doc, holder, _local_name(_first(rows, "topicKey")).casefold(),
                   _local_name(_first(rows, "polarity")).casefold(), conditional,
                   date_prefix(_first(rows, "date")), _first(rows, "evidence"), rows[0],
                   label=_first(rows, "topicLabel"))


def _build_event(doc: str, rows: list[dict[str, str]]) -> _Event:
    types = frozenset(_local_name(r["type"]) for r in rows if r.get("type"))
    place = Actor.from_row(_first(rows, "place"), _first(rows, "placeLabel"), _first(rows, "placeWikidata"))
    participants: list[Actor] = []
    for r in rows:
        p = Actor.from_row(r.get("participant"), r.get("participantLabel"), r.get("participantWikidata"))
        if p is not None and p not in participants:
            participants.append(p)
    return _Event(doc, types, date_prefix(_first(rows, "date")), place, tuple(participants),
                  _first(rows, "label") or _first(rows, "evidence"), rows[0])


def _build_quote(doc: str, rows: list[dict[str, str]]) -> _Quote | None:
    text = _first(rows, "quote")
    if not text:
        return None
    speaker = Actor.from_row(_first(rows, "speaker"), _first(rows, "speakerLabel"), _first(rows, "speakerWikidata"))
    return _Quote(doc, speaker, text, date_prefix(_first(rows, "date")), rows[0])


_BUILD = {"entities": _build_entity, "roles": _build_role, "stances": _build_stance,
          "events": _build_event, "quotes": _build_quote}
