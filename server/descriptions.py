"""Descriptions of the service and the data: SPARQL Service Description and VoID, whose counts
come from ``kg.stats``. Built as RDF terms and written by pyoxigraph's serializers."""
from __future__ import annotations

import pyoxigraph as ox
from flask import Response, render_template
from werkzeug.wrappers import Request

from kg.mapping import IRIs
from kg.namespaces import DCT, DESCRIPTION_PREFIXES, ONT, OWL, RDF, SD, VOID, XSD
from kg.stats import CLASS_PARTITIONS, LINK_TARGETS
from server import sparql

RDF_TYPE = ox.NamedNode(RDF + "type")
OWL_SAME_AS = OWL + "sameAs"
XSD_INTEGER = ox.NamedNode(XSD + "integer")
LINKSET_TITLES = {"wikidata": "Wikidata", "dbpedia": "DBpedia"}


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=XSD_INTEGER)


def service_description(holder, settings) -> list[ox.Triple]:
    """The SPARQL 1.1 Service Description of this endpoint."""
    T, N = ox.Triple, ox.NamedNode
    service = N(settings.base_iri + "sparql")
    triples = [T(service, RDF_TYPE, N(SD + "Service")),
               T(service, N(SD + "endpoint"), service),
               T(service, N(SD + "supportedLanguage"), N(SD + "SPARQL11Query")),
               T(service, N(SD + "defaultEntailmentRegime"), N("http://www.w3.org/ns/entailment/Simple"))]
    if getattr(settings, "allow_update", False):
        triples.append(T(service, N(SD + "supportedLanguage"), N(SD + "SPARQL11Update")))
    if getattr(settings, "union_default_graph", True):
        triples.append(T(service, N(SD + "feature"), N(SD + "UnionDefaultGraph")))
    if getattr(settings, "allow_service", False):
        triples.append(T(service, N(SD + "feature"), N(SD + "BasicFederatedQuery")))
    for fmt in sparql.FORMATS:
        triples.append(T(service, N(SD + "resultFormat"), N(fmt.writer.iri)))
    dataset, default = ox.BlankNode(), ox.BlankNode()
    triples += [T(service, N(SD + "defaultDataset"), dataset),
                T(dataset, RDF_TYPE, N(SD + "Dataset")),
                T(dataset, N(SD + "defaultGraph"), default),
                T(default, RDF_TYPE, N(SD + "Graph")),
                T(default, N(VOID + "triples"), _int(holder.stats()["triples"]))]
    store = holder.get()
    for number, graph in enumerate(store.named_graphs()):
        if number >= 1000 or not isinstance(graph, ox.NamedNode):
            break
        named = ox.BlankNode()
        triples += [T(dataset, N(SD + "namedGraph"), named),
                    T(named, RDF_TYPE, N(SD + "NamedGraph")),
                    T(named, N(SD + "name"), graph)]
    return triples


def void_description(holder, settings) -> list[ox.Triple]:
    """VoID of the dataset: size, entities, documents, and the owl:sameAs linksets."""
    T, N, L = ox.Triple, ox.NamedNode, ox.Literal
    base = settings.base_iri
    stats = holder.stats()
    dataset = N(base + ".well-known/void#dataset")
    triples = [T(dataset, RDF_TYPE, N(VOID + "Dataset")),
               T(dataset, N(DCT + "title"), L("News knowledge graph")),
               T(dataset, N(DCT + "description"),
                 L("Actors, stances, roles, quotes and events extracted from news articles, "
                   "each with its source document and evidence sentence.")),
               T(dataset, N(VOID + "sparqlEndpoint"), N(base + "sparql")),
               T(dataset, N(VOID + "uriSpace"), L(base)),
               T(dataset, N(VOID + "vocabulary"), N(ONT)),
               T(dataset, N(VOID + "triples"), _int(stats["triples"])),
               T(dataset, N(VOID + "entities"), _int(stats["entities"])),
               T(dataset, N(VOID + "documents"), _int(stats["documents"])),
               T(dataset, N(VOID + "exampleResource"), N(IRIs(base).space("entity")))]
    for cls, key in CLASS_PARTITIONS.items():
        partition = ox.BlankNode()
        triples += [T(dataset, N(VOID + "classPartition"), partition),
                    T(partition, N(VOID + "class"), N(ONT + cls)),
                    T(partition, N(VOID + "entities"), _int(stats[key]))]
    for key, space in LINK_TARGETS.items():
        target = N(space.rsplit("/", 2)[0] + "/")
        linkset = N(base + f".well-known/void#{key}-links")
        triples += [T(dataset, N(VOID + "subset"), linkset),
                    T(linkset, RDF_TYPE, N(VOID + "Linkset")),
                    T(linkset, N(VOID + "linkPredicate"), N(OWL_SAME_AS)),
                    T(linkset, N(VOID + "subjectsTarget"), dataset),
                    T(linkset, N(VOID + "objectsTarget"), target),
                    T(linkset, N(VOID + "triples"), _int(stats[f"{key}_links"])),
                    T(target, RDF_TYPE, N(VOID + "Dataset")),
                    T(target, N(DCT + "title"), L(LINKSET_TITLES[key])),
                    T(target, N(VOID + "uriSpace"), L(space))]
    return triples


def rdf_response(triples: list[ox.Triple], fmt: sparql.Format) -> Response:
    body = ox.serialize(triples, format=fmt.writer, prefixes=DESCRIPTION_PREFIXES if fmt.name == "turtle" else None)
    response = Response(body, content_type=fmt.content_type)
    response.vary.add("Accept")
    return response


def service_description_or_page(holder, request: Request, preq, settings) -> Response:
    """GET /sparql with no query: the service description for RDF clients, the query page for browsers."""
    offers = sparql.formats_for("graph") + (sparql._HTML,)
    chosen = sparql.choose_format(request, offers, preq.format)
    if chosen is sparql._HTML:
        return Response(render_template("query.html", settings=settings), content_type="text/html; charset=utf-8")
    return rdf_response(service_description(holder, settings), chosen)


def void_response(holder, request: Request, settings) -> Response:
    fmt = sparql.choose_format(request, sparql.formats_for("graph"), request.args.get("format"))
    return rdf_response(void_description(holder, settings), fmt)
