"""Extracted facts -> RDF quads in the ontology's terms. The only place that mints IRIs (the
namespaces they are minted in are declared in kg/namespaces.py).

See docs/model.md for the model this writes.
"""
from __future__ import annotations

import hashlib
from datetime import datetime
from decimal import Decimal
from typing import Iterable

from pyoxigraph import Literal, NamedNode, Quad

from . import __version__
from .facts import DateValue, DocumentFacts, Entity, Fact, Span
from .namespaces import (  # re-exported: importers of kg.mapping keep working
    DBR, DCT, ITSRDF, NIF, ONT, OWL, PREFIXES, PROV, RDF, RDFS, SCHEMA, SKOS, TOPIC, WD, XSD,
)
from .sources import Document

OPEN_TOPIC_PREFIX = "open_"                 # notation of a topic minted from a stance's words
OPEN_TOPIC_SCHEME = TOPIC + "open"          # their SKOS concept scheme (declared in topics.ttl)

_A = NamedNode(RDF + "type")
_XSD_DATE = {"day": XSD + "date", "month": XSD + "gYearMonth", "year": XSD + "gYear"}


def _n(iri: str) -> NamedNode:
    return NamedNode(iri)


def _lit(value, datatype: str | None = None) -> Literal:
    if datatype:
        return Literal(str(value), datatype=NamedNode(datatype))
    if isinstance(value, bool):
        return Literal("true" if value else "false", datatype=NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return Literal(str(value), datatype=NamedNode(XSD + "nonNegativeInteger" if value >= 0 else XSD + "integer"))
    if isinstance(value, float):
        return Literal(str(Decimal(str(round(value, 3)))), datatype=NamedNode(XSD + "decimal"))
    return Literal(str(value))


SHARED_GRAPHS = ("entities", "merged", "ontology", "gazetteer")
"""The graphs of a store that are not a document's (``B graph/{name}``); every other
``B graph/…`` is a document graph named by its doc_id."""

FACT_KINDS = ("stance", "role", "quote", "event")
"""The spaces facts are minted in (:meth:`IRIs.fact`): ``B {kind}/{hash}``."""


class IRIs:
    """Minting rules for data IRIs under the configured base."""

    def __init__(self, base: str):
        self.base = base

    def space(self, name: str) -> str:
        """The prefix every IRI minted in one space starts with: ``B {name}/`` (``entity``,
        ``doc``, ``graph``, ``gazetteer``, a fact kind…), for tests on IRIs and SPARQL filters."""
        return f"{self.base}{name}/"

    def entity(self, key: str) -> NamedNode:
        return _n(f"{self.base}entity/{key}")

    def document(self, doc_id: str) -> NamedNode:
        return _n(f"{self.base}doc/{doc_id}")

    def graph(self, doc_id: str) -> NamedNode:
        return _n(f"{self.base}graph/{doc_id}")

    def span(self, doc_id: str, start: int, end: int) -> NamedNode:
        return _n(f"{self.base}doc/{doc_id}#char={start},{end}")

    def fact(self, kind: str, *parts) -> NamedNode:
        digest = hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]
        return _n(f"{self.base}{kind}/{digest}")

    def gazetteer_entry(self, key: str) -> NamedNode:
        """The gazetteer's entry for the entity ``entity/{key}``."""
        return _n(f"{self.base}gazetteer/{key}")

    def merged_event(self, members: Iterable[str]) -> NamedNode:
        """The canonical node of merged reports (events or statements), named by its members' IRIs."""
        digest = hashlib.sha1("\x1f".join(sorted(members)).encode("utf-8")).hexdigest()[:16]
        return _n(f"{self.base}event/m-{digest}")

    @property
    def shared_graphs(self) -> tuple[NamedNode, ...]:
        """The graphs of :data:`SHARED_GRAPHS`, in that order."""
        return tuple(self.graph(name) for name in SHARED_GRAPHS)

    @property
    def entities_graph(self) -> NamedNode:
        return _n(f"{self.base}graph/entities")

    @property
    def merged_graph(self) -> NamedNode:
        return _n(f"{self.base}graph/merged")

    @property
    def ontology_graph(self) -> NamedNode:
        return _n(f"{self.base}graph/ontology")

    @property
    def gazetteer_graph(self) -> NamedNode:
        return _n(f"{self.base}graph/gazetteer")

    @property
    def extractor(self) -> NamedNode:
        return _n(f"{self.base}agent/extractor/{__version__}")


def graph_name(graph_iri: str, base: str | None = None) -> str | None:
    """The name of a graph minted by :meth:`IRIs.graph` (a doc_id or one of :data:`SHARED_GRAPHS`),
    under ``base``, or under any base when ``base`` is None; None for any other IRI."""
    if base is not None:
        prefix = IRIs(base).space("graph")
        return graph_iri[len(prefix):] if graph_iri.startswith(prefix) else None
    return graph_iri.rsplit("graph/", 1)[1] if "graph/" in graph_iri else None


def date_literal(value: DateValue) -> Literal:
    return _lit(value.value, _XSD_DATE[value.precision])


def entity_quads(entity: Entity, iris: IRIs) -> list[Quad]:
    """The one description of an entity, in the entities graph."""
    g = iris.entities_graph
    node = iris.entity(entity.key)
    quads = [Quad(node, _A, _n(ONT + entity.etype), g), Quad(node, _n(RDFS + "label"), _lit(entity.label), g)]
    if entity.etype in ("Person", "Organization", "Country"):
        # materialised so that `?x a ont:Actor` works on endpoints without RDFS inference
        quads.append(Quad(node, _A, _n(ONT + "Actor"), g))
    if entity.wikidata:
        quads.append(Quad(node, _n(OWL + "sameAs"), _n(WD + entity.wikidata), g))
    if entity.dbpedia:
        quads.append(Quad(node, _n(OWL + "sameAs"), _n(entity.dbpedia), g))
    return quads


def document_quads(document: Document, facts: DocumentFacts, iris: IRIs, stamp: str | None = None) -> list[Quad]:
    """All quads of one document's named graph; ``stamp`` (default: the content hash) is what
    an incremental build compares to decide whether the document must be extracted again."""
    return _GraphWriter(iris, document, stamp or document.content_hash).write(facts)


class _GraphWriter:
    def __init__(self, iris: IRIs, document: Document, stamp: str):
        self.iris, self.document, self.stamp = iris, document, stamp
        self.doc_id = document.doc_id
        self.g = iris.graph(document.doc_id)
        self.doc = iris.document(document.doc_id)
        self.context = iris.span(self.doc_id, 0, len(document.text))
        self.quads: list[Quad] = []
        self._spans: set[tuple[int, int, str]] = set()

    def add(self, s, p: str, o) -> None:
        self.quads.append(Quad(s, _n(p), o, self.g))

    def span(self, span: Span, cls: str = NIF + "String") -> NamedNode:
        node = self.iris.span(self.doc_id, span.start, span.end)
        if (span.start, span.end, cls) not in self._spans:
            self._spans.add((span.start, span.end, cls))
            self.add(node, RDF + "type", _n(cls))
            if (span.start, span.end, "base") not in self._spans:
                self._spans.add((span.start, span.end, "base"))
                self.add(node, RDF + "type", _n(NIF + "String"))
                self.add(node, NIF + "referenceContext", self.context)
                self.add(node, NIF + "beginIndex", _lit(span.start))
                self.add(node, NIF + "endIndex", _lit(span.end))
                self.add(node, NIF + "anchorOf", _lit(span.text))
        return node

    def provenance(self, node: NamedNode, fact: Fact) -> None:
        self.add(node, ONT + "confidence", _lit(float(fact.confidence)))
        self.add(node, ONT + "evidence", self.span(fact.span, NIF + "Phrase"))
        self.add(node, ONT + "sentence", self.span(fact.sentence, NIF + "Sentence"))
        self.add(node, PROV + "wasDerivedFrom", self.doc)
        self.add(node, PROV + "wasAttributedTo", self.iris.extractor)
        if fact.date is not None:
            self.add(node, ONT + "date", date_literal(fact.date))

    def web_provenance(self, d: Document) -> None:
        """Where a page came from and when (PROV-O), its HTTP metadata, and whether it is a copy
        of another document (kg/ingest; the metadata keys are documented in docs/sources.md)."""
        meta = {k: v.strip() for k, v in d.metadata.items() if isinstance(v, str) and v.strip()}
        if d.url:
            try:
                self.add(self.doc, PROV + "wasDerivedFrom", _n(d.url))
            except ValueError:   # a URL that is not a valid IRI stays a schema:url literal only
                pass
        if "retrieved_at" in meta:
            try:
                when = datetime.fromisoformat(meta["retrieved_at"].replace("Z", "+00:00"))
                self.add(self.doc, PROV + "generatedAtTime", _lit(when.isoformat().replace("+00:00", "Z"),
                                                                  XSD + "dateTime"))
            except ValueError:
                pass
        for key, prop, datatype in (("canonical_url", ONT + "canonicalUrl", XSD + "anyURI"),
                                    ("author", DCT + "creator", None), ("language", DCT + "language", None),
                                    ("content_type", DCT + "format", None), ("etag", ONT + "httpETag", None),
                                    ("last_modified", ONT + "httpLastModified", None),
                                    ("text_fingerprint", ONT + "textFingerprint", None)):
            if key in meta:
                self.add(self.doc, prop, _lit(meta[key], datatype))
        if "copy_of" in meta:
            self.add(self.doc, ONT + "copyOf", self.iris.document(meta["copy_of"]))

    def write(self, facts: DocumentFacts) -> list[Quad]:
        d, ent = self.document, self.iris.entity
        self.add(self.doc, RDF + "type", _n(ONT + "Document"))
        self.add(self.doc, ONT + "sourceFile", _lit(d.file))
        self.add(self.doc, ONT + "contentHash", _lit(self.stamp))
        if d.title:
            self.add(self.doc, DCT + "title", _lit(d.title))
        if d.publisher:
            self.add(self.doc, DCT + "publisher", _lit(d.publisher))
        if d.url:
            self.add(self.doc, SCHEMA + "url", _lit(d.url, XSD + "anyURI"))
        if d.date:
            self.add(self.doc, DCT + "date", _lit(d.date.isoformat(), XSD + "date"))
        self.web_provenance(d)
        self.add(self.doc, ONT + "text", self.context)
        self.add(self.context, RDF + "type", _n(NIF + "Context"))
        self.add(self.context, NIF + "isString", _lit(d.text))
        for note in facts.notes:
            self.add(self.doc, RDFS + "comment", _lit(note))
        for key in sorted({m.key for m in facts.mentions}):
            self.add(self.doc, SCHEMA + "mentions", ent(key))
        for m in facts.mentions:
            node = self.span(m.span, NIF + "Phrase")
            self.add(node, ITSRDF + "taIdentRef", ent(m.key))

        for f in facts.roles:
            node = self.iris.fact("role", self.doc_id, f.span.start, f.person, f.role, f.org)
            self.add(node, RDF + "type", _n(ONT + "Role"))
            self.add(node, ONT + "roleHolder", ent(f.person))
            self.add(node, ONT + "roleName", _lit(f.role))
            if f.org:
                self.add(node, ONT + "roleIn", ent(f.org))
            self.provenance(node, f)
        open_topics: set[str] = set()
        for f in facts.stances:
            node = self.iris.fact("stance", self.doc_id, f.span.start, f.holder, f.topic, f.polarity)
            self.add(node, RDF + "type", _n(ONT + "Stance"))
            self.add(node, ONT + "holder", ent(f.holder))
            self.add(node, ONT + "topic", _n(TOPIC + f.topic))
            if f.topic.startswith(OPEN_TOPIC_PREFIX) and (TOPIC + f.topic) not in open_topics:
                # an open topic: a concept minted from the stance's words, in its own scheme;
                # every document that uses the same words writes the same triples
                open_topics.add(TOPIC + f.topic)
                concept = _n(TOPIC + f.topic)
                self.add(concept, RDF + "type", _n(SKOS + "Concept"))
                self.add(concept, SKOS + "inScheme", _n(OPEN_TOPIC_SCHEME))
                self.add(concept, SKOS + "notation", _lit(f.topic))
                self.add(concept, SKOS + "prefLabel", Literal(f.topic_label or f.topic[len(OPEN_TOPIC_PREFIX):]
                                                              .replace("_", " "), language="en"))
            self.add(node, ONT + "polarity", _lit(f.polarity))
            self.add(node, ONT + "conditional", _lit(bool(f.conditional)))
            if f.cue:
                self.add(node, ONT + "cue", _lit(f.cue))
            if f.topic.startswith(OPEN_TOPIC_PREFIX) and f.topic_label:
                self.add(node, ONT + "topicPhrase", _lit(f.topic_label))
            if f.reported_by:
                self.add(node, ONT + "reportedBy", ent(f.reported_by))
            if f.reported_by_text:
                self.add(node, ONT + "reportedByDescription", _lit(f.reported_by_text))
            if f.via:
                self.add(node, ONT + "via", ent(f.via))
            self.provenance(node, f)
        for f in facts.quotes:
            node = self.iris.fact("quote", self.doc_id, f.quote.start if f.quote else f.span.start, f.speaker)
            self.add(node, RDF + "type", _n(ONT + "Statement"))
            if f.speaker:
                self.add(node, ONT + "speaker", ent(f.speaker))
            if f.quote:
                self.add(node, ONT + "quote", _lit(f.quote.text))
            self.provenance(node, f)
        for f in facts.events:
            node = self.iris.fact("event", self.doc_id, f.span.start, f.etype, f.label)
            self.add(node, RDF + "type", _n(ONT + f.etype))
            if f.label:
                self.add(node, RDFS + "label", _lit(f.label))
            if f.place:
                self.add(node, ONT + "place", ent(f.place))
            for p in dict.fromkeys(f.participants):
                self.add(node, ONT + "participant", ent(p))
            if f.host:
                self.add(node, ONT + "host", ent(f.host))
            self.provenance(node, f)
        return self.quads


def all_entity_quads(facts: DocumentFacts, iris: IRIs) -> Iterable[Quad]:
    for entity in facts.entities.values():
        yield from entity_quads(entity, iris)
