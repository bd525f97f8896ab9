"""When a prediction matches a gold item, kind by kind (:data:`_RULES`), how well it agrees
(the affinity the greedy pairing sorts by), and which attributes it gets right."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable

from ..dates import date_prefix, dates_compatible
from .items import Actor, _Event, _Quote, _Role, _Stance
from .normalise import _fold, normalise_quote, normalise_role

QUOTE_TOKEN_OVERLAP = 0.6


def same_actor(a: Actor | None, b: Actor | None) -> bool:
    """Wikidata IDs decide when both have one; else equal normalised labels, or surname ~ full name."""
    if a is None or b is None:
        return False
    if a.wikidata and b.wikidata:
        return a.wikidata == b.wikidata
    for ka in a.keys:
        for kb in b.keys:
            x, y = ka.split(), kb.split()
            if not x or not y:
                continue
            if x == y or (len(x) == 1 and x[0] == y[-1]) or (len(y) == 1 and y[0] == x[-1]):
                return True
    return False


def roles_match(gold: str, predicted: str) -> bool:
    """Lenient title match: one title's tokens are a subset of the other's."""
    g, p = set(normalise_role(gold).split()), set(normalise_role(predicted).split())
    return bool(g) and bool(p) and (g <= p or p <= g)


def _token_overlap(gold: str, predicted: str) -> float:
    g, p = gold.split(), Counter(predicted.split())
    if not g:
        return 0.0
    return sum((Counter(g) & p).values()) / len(g)


def _quote_similarity(gold_start: str, predicted: str) -> float:
    """3 equal, 2 prefix, 1.5 contained, else the share of gold tokens found (0..1)."""
    g, p = normalise_quote(gold_start), normalise_quote(predicted)
    if not g or not p:
        return 0.0
    if g == p:
        return 3.0
    if p.startswith(g + " "):
        return 2.0
    if f" {g} " in f" {p} ":
        return 1.5
    return _token_overlap(g, p)


@dataclass(frozen=True)
class _Rules:
    """How one kind of fact is matched and which attributes are checked on a match."""
    matches: Callable[[object, object], bool]
    affinity: Callable[[object, object], float]
    attributes: Callable[[object, object], dict[str, bool]]


def _entity_rules() -> _Rules:
    return _Rules(
        matches=lambda g, p: same_actor(g.actor, p.actor),
        affinity=lambda g, p: float(g.actor.wikidata == p.actor.wikidata) + float(bool(g.types & p.types)),
        attributes=lambda g, p: {"type": bool(g.types & p.types), "wikidata": g.actor.wikidata == p.actor.wikidata},
    )


def _role_rules() -> _Rules:
    def matches(g: _Role, p: _Role) -> bool:
        return (same_actor(g.person, p.person) and roles_match(g.role, p.role)
                and (g.org is None or same_actor(g.org, p.org)))

    def affinity(g: _Role, p: _Role) -> float:
        same_org = (g.org is None and p.org is None) or same_actor(g.org, p.org)
        return float(normalise_role(g.role) == normalise_role(p.role)) + float(same_org)

    return _Rules(matches, affinity,
                  lambda g, p: {"title": normalise_role(g.role) == normalise_role(p.role)})


def topic_matches(g: _Stance, p: _Stance) -> bool:
    """A taxonomy topic by its key; a gold open topic by one of its ``topic_terms`` as a word
    (or word start) of the predicted topic's label, or of its key."""
    if not g.terms:
        return g.topic == p.topic
    label = _fold(f"{p.label or ''} {p.topic.replace('_', ' ')}")
    return any(re.search(r"(?<![\w])" + re.escape(_fold(t)), label) for t in g.terms)


def _stance_rules() -> _Rules:
    def matches(g: _Stance, p: _Stance) -> bool:
        return g.polarity == p.polarity and topic_matches(g, p) and same_actor(g.holder, p.holder)

    def affinity(g: _Stance, p: _Stance) -> float:
        evidence = 0.0
        if g.evidence and p.evidence:
            evidence = _token_overlap(normalise_quote(g.evidence), normalise_quote(p.evidence))
        return float(date_prefix(g.date) == date_prefix(p.date)) + float(g.conditional == p.conditional) + evidence

    return _Rules(matches, affinity,
                  lambda g, p: {"conditional": g.conditional == p.conditional, "date": date_prefix(g.date) == date_prefix(p.date)})


def _event_rules() -> _Rules:
    def shared(g: _Event, p: _Event) -> int:
        return sum(1 for a in g.participants if any(same_actor(a, b) for b in p.participants))

    def matches(g: _Event, p: _Event) -> bool:
        if not (g.types & p.types) or not dates_compatible(g.date, p.date):
            return False
        if not g.participants and g.place is None:
            return True
        return shared(g, p) > 0 or (g.place is not None and same_actor(g.place, p.place))

    def affinity(g: _Event, p: _Event) -> float:
        return (shared(g, p) + float(date_prefix(g.date) == date_prefix(p.date))
                + float(g.place is not None and same_actor(g.place, p.place)) + float(bool(g.types & p.types)))

    def attributes(g: _Event, p: _Event) -> dict[str, bool]:
        found = {"date": date_prefix(g.date) == date_prefix(p.date),
                 # the stricter reading: every participant the gold names is found
                 "participants": all(any(same_actor(a, b) for b in p.participants) for a in g.participants)}
        if g.place is not None:
            found["place"] = same_actor(g.place, p.place)
        return found

    return _Rules(matches, affinity, attributes)


def _quote_rules() -> _Rules:
    def matches(g: _Quote, p: _Quote) -> bool:
        if g.speaker is None:
            if p.speaker is not None:
                return False
        elif not same_actor(g.speaker, p.speaker):
            return False
        return _quote_similarity(g.text, p.text) >= QUOTE_TOKEN_OVERLAP

    return _Rules(matches, lambda g, p: _quote_similarity(g.text, p.text),
                  lambda g, p: {"date": date_prefix(g.date) == date_prefix(p.date)})


_RULES: dict[str, Callable[[], _Rules]] = {
    "entities": _entity_rules, "roles": _role_rules, "stances": _stance_rules,
    "events": _event_rules, "quotes": _quote_rules,
}
