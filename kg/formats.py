"""The result and RDF serializations, in one table: their names, media types and pyoxigraph
writers. The endpoint negotiates over :data:`FORMATS`; ``kg query --format`` offers
:data:`QUERY_FORMATS_FOR`, ``kg export --format`` :data:`EXPORT_FORMATS`."""
from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class Format:
    """One serialization; looked up by name, other names (``names``) or media type."""

    name: str
    media_type: str
    kind: str
    """'results' (SELECT/ASK), 'graph' (CONSTRUCT/DESCRIBE) or 'dataset' (quads)."""
    writer: object
    names: tuple[str, ...] = ()
    also: tuple[str, ...] = ()
    """Other media types that select this format in an Accept header."""

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8"

    @property
    def media_types(self) -> tuple[str, ...]:
        return (self.media_type,) + self.also


QRF, RF = ox.QueryResultsFormat, ox.RdfFormat
FORMATS: tuple[Format, ...] = (
    Format("json", "application/sparql-results+json", "results", QRF.JSON, ("srj",),
           ("application/json", "text/javascript", "application/javascript")),
    Format("xml", "application/sparql-results+xml", "results", QRF.XML, ("srx",), ("application/xml", "text/xml")),
    Format("csv", "text/csv", "results", QRF.CSV),
    Format("tsv", "text/tab-separated-values", "results", QRF.TSV),
    Format("turtle", "text/turtle", "graph", RF.TURTLE, ("ttl", "n3"),
           ("application/x-turtle", "application/turtle", "text/n3", "text/rdf+n3", "application/n3")),
    Format("ntriples", "application/n-triples", "graph", RF.N_TRIPLES, ("nt", "n-triples"), ("text/plain",)),
    Format("jsonld", "application/ld+json", "graph", RF.JSON_LD, ("json-ld", "json"),
           ("application/x-json+ld", "application/json")),
    Format("rdfxml", "application/rdf+xml", "graph", RF.RDF_XML, ("rdf", "rdf+xml", "xml", "owl"),
           ("application/xml", "text/xml")),
    Format("nquads", "application/n-quads", "dataset", RF.N_QUADS, ("nq", "n-quads")),
    Format("trig", "application/trig", "dataset", RF.TRIG),
)
"""Every serialization the endpoint answers in, the default of each kind first."""

HTML = Format("html", "text/html", "page", None)
"""The pages' HTML, offered beside the RDF formats where a browser may ask."""

TABLE = "table"
"""``kg query``'s aligned text table (of a CONSTRUCT: its Turtle)."""

QUERY_FORMATS_FOR: dict[str, tuple[str, ...]] = {
    "SELECT": (TABLE, "json", "csv", "tsv"), "ASK": (TABLE,),
    "CONSTRUCT/DESCRIBE": (TABLE, "turtle", "ntriples")}
"""The ``kg query --format`` values that fit each query form."""

QUERY_FORMATS: tuple[str, ...] = tuple(dict.fromkeys(n for names in QUERY_FORMATS_FOR.values() for n in names))
"""Every ``kg query --format`` value: table, json, csv, tsv, turtle, ntriples."""

EXPORT_FORMATS: tuple[str, ...] = ("turtle", "trig", "nquads", "jsonld", "ntriples")
"""The ``kg export --format`` values (TriG, the default, and N-Quads keep the named graphs)."""


def writer(name: str, kind: str | None = None):
    """The pyoxigraph writer of the format called ``name`` (of that ``kind`` when given:
    "json" is both SPARQL results and, as a graph format's other name, JSON-LD)."""
    for fmt in FORMATS:
        if fmt.name == name and (kind is None or fmt.kind == kind):
            return fmt.writer
    raise KeyError(name)
