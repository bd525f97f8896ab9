"""The plain data that extraction produces and mapping turns into RDF.

Everything here is a value object: picklable (it crosses process boundaries in
parallel builds), free of spaCy and of IRIs. Entity references are *keys*
("Q3874799" for a Wikidata-linked entity, "person/steve-witkoff" otherwise);
``kg.mapping`` is the only place that turns keys into IRIs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Span:
    """Characters ``text[start:end]`` of the article text as stored."""
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class DateValue:
    """A date with the precision the text gives: "2025-03-27" (day), "2025-03" (month), "2025" (year)."""
    value: str
    precision: str  # "day" | "month" | "year"
    span: Span | None = None

    @property
    def start(self) -> date:
        """First day the value covers (for comparisons)."""
        parts = [int(p) for p in self.value.split("-")]
        while len(parts) < 3:
            parts.append(1)
        return date(*parts)


@dataclass(frozen=True)
class Entity:
    """A canonical real-world entity (one per key across all documents)."""
    key: str
    label: str
    etype: str  # "Person" | "Organization" | "Country" | "Place"
    wikidata: str | None = None
    dbpedia: str | None = None


@dataclass(frozen=True)
class Mention:
    key: str
    span: Span


@dataclass
class Fact:
    """What every extracted fact carries: where it rests in the text and how sure we are."""
    span: Span                # the exact words the fact rests on
    sentence: Span            # the sentence around them
    confidence: float
    date: DateValue | None = None


@dataclass
class RoleFact(Fact):
    person: str = ""          # entity key
    role: str = ""            # normalised title, e.g. "Secretary General"
    org: str | None = None    # entity key of the organisation or country, if stated


@dataclass
class StanceFact(Fact):
    holder: str = ""          # entity key
    topic: str = ""           # skos:notation of the topic concept ("open_…" for an open topic)
    topic_label: str | None = None  # an open topic's label (its normalised phrase)
    polarity: str = "support"  # "support" | "oppose"
    conditional: bool = False
    cue: str = ""             # the predicate or phrase that carries the stance
    reported_by: str | None = None   # entity key, or None
    reported_by_text: str | None = None  # e.g. "a diplomat" when unnamed
    via: str | None = None    # entity key of the outlet that relays it
    features: dict = field(default_factory=dict, repr=False, compare=False)  # what the decision model reads


@dataclass
class QuoteFact(Fact):
    speaker: str | None = None  # entity key
    quote: Span | None = None   # the quotation without its marks


@dataclass
class EventFact(Fact):
    etype: str = "Event"      # local name of an ontology class: Meeting, Talks, Visit, ...
    label: str = ""
    place: str | None = None  # entity key
    participants: list[str] = field(default_factory=list)
    host: str | None = None


@dataclass
class DocumentFacts:
    """Everything extracted from one document: a pure function of its text and the shared data."""
    doc_id: str
    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    roles: list[RoleFact] = field(default_factory=list)
    stances: list[StanceFact] = field(default_factory=list)
    quotes: list[QuoteFact] = field(default_factory=list)
    events: list[EventFact] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. "no article date: 3 relative dates left unresolved"
