"""Every namespace IRI the graph, the queries and the server use, declared once.

Modules import the names from here (``kg.mapping`` re-exports the data namespaces it always
exported); SPARQL written in code takes its ``PREFIX`` lines from :func:`sparql_prefixes`.
"""
from __future__ import annotations

ONT = "https://w3id.org/newskg/ontology#"
TOPIC = "https://w3id.org/newskg/topic/"
WD = "http://www.wikidata.org/entity/"
DBR = "http://dbpedia.org/resource/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
SCHEMA = "http://schema.org/"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
ITSRDF = "http://www.w3.org/2005/11/its/rdf#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
FORMATS = "http://www.w3.org/ns/formats/"

PREFIXES = {"ont": ONT, "topic": TOPIC, "wd": WD, "dbr": DBR, "rdf": RDF, "rdfs": RDFS, "owl": OWL,
            "xsd": XSD, "prov": PROV, "dct": DCT, "schema": SCHEMA, "nif": NIF, "itsrdf": ITSRDF,
            "skos": SKOS}
"""The prefixes of the data: for queries run through the store and for Turtle/TriG output."""

DESCRIPTION_PREFIXES = {"sd": SD, "void": VOID, "ont": ONT, "dct": DCT, "owl": OWL, "formats": FORMATS}
"""The prefixes of the service description and VoID documents."""


def sparql_prefixes(*names: str) -> str:
    """``PREFIX`` lines for the named prefixes of :data:`PREFIXES`, in the order given."""
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in names)
