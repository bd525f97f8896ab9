"""The facts compared, gold and predicted alike: one dataclass per kind, and :class:`Actor`,
something named (by Wikidata ID and label)."""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import unquote

from .normalise import _local_name, _qid, normalise_label

KINDS = ("entities", "roles", "stances", "events", "quotes")
ENTITY_TYPES = ("Person", "Organization", "Country", "Place")
POLARITIES = ("support", "oppose")

OPEN_TOPIC_PREFIX = "open_"   # notation of a topic minted from a stance's complement


@dataclass(frozen=True)
class Actor:
    """Something named: compared by Wikidata ID when both sides have one, else by label."""
    label: str | None
    wikidata: str | None = None

    @classmethod
    def from_row(cls, iri: str | None, label: str | None = None, wikidata: str | None = None) -> Actor | None:
        qid = _qid(wikidata) or _qid(iri)
        if not label and iri and not _qid(iri):
            label = unquote(_local_name(iri)).replace("-", " ").replace("_", " ")
        if not label and not qid:
            return None
        return cls(label or None, qid)

    @property
    def key(self) -> str:
        return normalise_label(self.label)

    @property
    def keys(self) -> tuple[str, ...]:
        """The label's forms: umlauts spelled out ("Söder" -> "soeder") and dropped ("soder", as a
        text without the marks writes "Ömer Çelik": "Omer Celik")."""
        return tuple(dict.fromkeys((self.key, normalise_label(self.label, umlauts=False))))

    def __str__(self) -> str:
        if self.label and self.wikidata:
            return f"{self.label} ({self.wikidata})"
        return self.label or self.wikidata or "?"


@dataclass
class _Entity:
    doc: str
    actor: Actor
    types: frozenset[str]
    source: dict = field(default_factory=dict, repr=False)

    def describe(self) -> str:
        return f"{self.actor} [{'/'.join(sorted(self.types)) or '?'}]"


@dataclass
class _Role:
    doc: str
    person: Actor
    role: str
    org: Actor | None
    source: dict = field(default_factory=dict, repr=False)

    def describe(self) -> str:
        return f"{self.person} — {self.role or '?'}" + (f" — {self.org}" if self.org else "")


@dataclass
class _Stance:
    doc: str
    holder: Actor
    topic: str
    polarity: str
    conditional: bool
    date: str | None
    evidence: str | None
    source: dict = field(default_factory=dict, repr=False)
    label: str | None = None             # the topic's label (an open topic's phrase)
    terms: tuple[str, ...] = ()          # gold open topic: words that identify it in a label

    @property
    def open_topic(self) -> bool:
        return bool(self.terms) or self.topic.startswith(OPEN_TOPIC_PREFIX)

    def describe(self) -> str:
        cond = " (conditional)" if self.conditional else ""
        ev = f" «{_shorten(self.evidence)}»" if self.evidence else ""
        topic = f"«{self.label}»" if self.open_topic and self.label else self.topic
        return f"{self.holder} {self.polarity} {topic}{cond} [{self.date or 'no date'}]{ev}"


@dataclass
class _Event:
    doc: str
    types: frozenset[str]
    date: str | None
    place: Actor | None
    participants: tuple[Actor, ...]
    text: str | None
    source: dict = field(default_factory=dict, repr=False)

    def describe(self) -> str:
        who = ", ".join(str(p) for p in self.participants) or "no participants"
        where = f" in {self.place}" if self.place else ""
        label = f" «{_shorten(self.text)}»" if self.text else ""
        return f"{'/'.join(sorted(self.types)) or '?'} [{self.date or 'no date'}]{where}: {who}{label}"


@dataclass
class _Quote:
    doc: str
    speaker: Actor | None
    text: str
    date: str | None
    source: dict = field(default_factory=dict, repr=False)

    def describe(self) -> str:
        return f"{self.speaker or 'no speaker'}: «{_shorten(self.text)}» [{self.date or 'no date'}]"


def _shorten(text: str | None, limit: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
