"""The ontology (kg.ttl), the topics (topics.ttl) and the SHACL shapes (shapes.ttl), and
kg.validate running the shapes over graphs and stores."""
from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from kg.resources import data_path
from kg.validate import ValidationReport, validate_graph, validate_store
from tests.query_sample import BASE, SAMPLE_TRIG, ZELENSKY, sample_store

ONT = rdflib.Namespace("https://w3id.org/newskg/ontology#")
OWL = rdflib.Namespace("http://www.w3.org/2002/07/owl#")
RDF = rdflib.Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = rdflib.Namespace("http://www.w3.org/2000/01/rdf-schema#")
SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
XSD = rdflib.Namespace("http://www.w3.org/2001/XMLSchema#")
TOPIC = rdflib.Namespace("https://w3id.org/newskg/topic/")
ONTOLOGY = data_path("ontology")
MODEL_DOC = Path(__file__).resolve().parent.parent / "docs" / "model.md"

TOPIC_NOTATIONS = {
    "ukraine_nato_membership", "security_guarantees", "foreign_troops_in_ukraine", "ceasefire",
    "nato_enlargement", "ukraine_neutrality", "territorial_concessions", "us_peace_plan",
    "direct_us_russia_talks",
}
# Terms the brief names beyond those docs/model.md shows.
EXTRA_TERMS = {"Actor", "GazetteerEntry", "wikidata", "entityType", "alias", "demonym", "cueTerm", "contextTerm"}


def graph(name: str) -> rdflib.Graph:
    return rdflib.Graph().parse(str(ONTOLOGY / name), format="turtle")


@pytest.fixture(scope="module")
def kg_ttl() -> rdflib.Graph:
    return graph("kg.ttl")


@pytest.fixture(scope="module")
def topics() -> rdflib.Graph:
    return graph("topics.ttl")


# --- files ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["kg.ttl", "topics.ttl", "shapes.ttl"])
def test_parses_in_rdflib_and_pyoxigraph(name):
    assert len(graph(name)) > 50
    assert len(list(ox.parse(path=str(ONTOLOGY / name), format=ox.RdfFormat.TURTLE))) == len(graph(name))


def test_data_path_finds_the_checkout():
    assert data_path("ontology") == Path(__file__).resolve().parent.parent / "ontology"
    assert (data_path("queries") / "stances.rq").is_file()
    with pytest.raises(FileNotFoundError):
        data_path("no-such-directory")


# --- kg.ttl ---------------------------------------------------------------------------

def test_header(kg_ttl):
    onto = rdflib.URIRef("https://w3id.org/newskg/ontology")
    assert (onto, RDF.type, OWL.Ontology) in kg_ttl
    assert str(kg_ttl.value(onto, OWL.versionInfo)) == "0.1.0"
    for prop in (rdflib.DCTERMS.title, rdflib.DCTERMS.description, rdflib.DCTERMS.license, RDFS.comment):
        assert kg_ttl.value(onto, prop) is not None, prop
    assert not list(kg_ttl.objects(None, OWL.imports))


def _declared(g: rdflib.Graph) -> set:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    return {s for k in kinds for s in g.subjects(RDF.type, k)}


def test_every_ont_term_of_the_model_is_declared(kg_ttl):
    used = set(re.findall(r"\bont:([A-Za-z]\w*)", MODEL_DOC.read_text(encoding="utf-8"))) | EXTRA_TERMS
    declared = _declared(kg_ttl)
    for local in sorted(used):
        term = ONT[local]
        assert term in declared, f"ont:{local} is used in docs/model.md but not declared in kg.ttl"


def test_every_ont_term_has_label_comment_and_is_defined_by(kg_ttl):
    terms = [t for t in _declared(kg_ttl) if str(t).startswith(str(ONT))]
    assert len(terms) >= 50
    for term in terms:
        for prop in (RDFS.label, RDFS.comment, RDFS.isDefinedBy):
            assert kg_ttl.value(term, prop) is not None, f"{term} lacks {prop}"


def test_every_term_the_queries_and_shapes_use_is_declared(kg_ttl):
    declared = {str(t)[len(str(ONT)):] for t in _declared(kg_ttl) if str(t).startswith(str(ONT))}
    texts = [p.read_text(encoding="utf-8") for p in data_path("queries").glob("*.rq")]
    texts.append((ONTOLOGY / "shapes.ttl").read_text(encoding="utf-8"))
    texts.append((ONTOLOGY / "topics.ttl").read_text(encoding="utf-8"))
    used = {m for text in texts for m in re.findall(r"\bont:([A-Za-z]\w*)", text)}
    assert used - declared == set()


def test_classes(kg_ttl):
    events = {"Meeting", "Talks", "Visit", "Statement", "Proposal", "Application", "Invasion", "Announcement"}
    for local in events:
        assert (ONT[local], RDFS.subClassOf, ONT.Event) in kg_ttl
    sem_event = rdflib.URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/Event")
    prov = rdflib.Namespace("http://www.w3.org/ns/prov#")
    schema = rdflib.Namespace("http://schema.org/")
    expected = [(ONT.Event, sem_event), (ONT.Event, prov.Activity), (ONT.Actor, prov.Agent),
                (ONT.Person, ONT.Actor), (ONT.Person, schema.Person), (ONT.Organization, ONT.Actor),
                (ONT.Organization, schema.Organization), (ONT.Country, ONT.Actor), (ONT.Country, schema.Country),
                (ONT.Place, schema.Place), (ONT.Document, prov.Entity), (ONT.Document, schema.NewsArticle),
                (ONT.Role, prov.Entity), (ONT.Stance, prov.Entity)]
    for sub, sup in expected:
        assert (sub, RDFS.subClassOf, sup) in kg_ttl, (sub, sup)
    for cls in kg_ttl.subjects(RDF.type, OWL.Class):
        if isinstance(cls, rdflib.URIRef):  # not the anonymous union that is ont:place's range
            assert kg_ttl.value(cls, RDFS.label) is not None, cls
    disjoint = next(kg_ttl.subjects(RDF.type, OWL.AllDisjointClasses))
    members = set(rdflib.collection.Collection(kg_ttl, kg_ttl.value(disjoint, OWL.members)))
    assert members == {ONT.Person, ONT.Organization, ONT.Country}


def test_property_kinds(kg_ttl):
    objects = set(kg_ttl.subjects(RDF.type, OWL.ObjectProperty))
    datatypes = set(kg_ttl.subjects(RDF.type, OWL.DatatypeProperty))
    annotations = set(kg_ttl.subjects(RDF.type, OWL.AnnotationProperty))
    assert not objects & datatypes and not objects & annotations and not datatypes & annotations
    for local in ("text", "holder", "topic", "reportedBy", "via", "evidence", "sentence", "roleHolder", "roleIn",
                  "speaker", "place", "participant", "host", "mergedFrom", "wikidata", "entityType"):
        assert ONT[local] in objects, local
    for local in ("sourceFile", "contentHash", "polarity", "conditional", "date", "cue", "reportedByDescription",
                  "confidence", "roleName", "quote", "mergeReason", "alias", "demonym", "cueTerm",
                  "contextTerm"):
        assert ONT[local] in datatypes, local
    assert (ONT.date, RDFS.subPropertyOf, rdflib.DCTERMS.date) in kg_ttl
    assert rdflib.DCTERMS.date in datatypes  # a data property may only specialise a data property
    for sub, sup in ((ONT.speaker, ONT.participant), (ONT.host, ONT.participant)):
        assert (sub, RDFS.subPropertyOf, sup) in kg_ttl
    assert kg_ttl.value(ONT.conditional, RDFS.range) == XSD.boolean
    assert kg_ttl.value(ONT.confidence, RDFS.range) == XSD.decimal


def test_referenced_terms_are_declared(kg_ttl):
    """Nothing unresolved for Protégé: every class or property named in an axiom is declared."""
    declared = _declared(kg_ttl)
    for prop in (RDFS.subClassOf, RDFS.domain, RDFS.range, RDFS.subPropertyOf):
        for _, target in kg_ttl.subject_objects(prop):
            if isinstance(target, rdflib.BNode) or str(target).startswith(str(XSD)):
                continue
            assert target in declared, f"{target} is referenced but not declared"


# --- topics.ttl -----------------------------------------------------------------------

def test_topic_notations(topics):
    scheme = TOPIC.scheme
    concepts = set(topics.subjects(RDF.type, SKOS.Concept))
    notations = {str(topics.value(c, SKOS.notation)) for c in concepts}
    assert notations == TOPIC_NOTATIONS
    for concept in concepts:
        notation = topics.value(concept, SKOS.notation)
        assert notation.datatype is None and notation.language is None  # a plain string
        assert concept == TOPIC[str(notation)]
        assert (concept, SKOS.inScheme, scheme) in topics
        assert (concept, SKOS.topConceptOf, scheme) in topics
        assert (scheme, SKOS.hasTopConcept, concept) in topics
        assert topics.value(concept, SKOS.prefLabel) is not None
        assert topics.value(concept, SKOS.definition) is not None
        cues = [str(c) for c in topics.objects(concept, ONT.cueTerm)]
        assert len(cues) >= 15, (notation, len(cues))  # generous lexicons generalise better
        for term in cues + [str(c) for c in topics.objects(concept, ONT.contextTerm)]:
            assert term == term.lower() == term.strip() and term, (notation, term)


def _generic(topics: rdflib.Graph, notation: str) -> set[str]:
    """Cues that contain no context term (whole words, as kg.lexicon matches them)."""
    concept = TOPIC[notation]
    context = [str(t) for t in topics.objects(concept, ONT.contextTerm)]
    if not context:
        return set()
    alts = "|".join(re.escape(t).replace(r"\ ", r"[\s\-]+") for t in sorted(context, key=len, reverse=True))
    regex = re.compile(r"(?<![\w-])(?:" + alts + r")(?![\w-])")
    return {str(c) for c in topics.objects(concept, ONT.cueTerm) if not regex.search(str(c))}


def test_generic_cues_need_context(topics):
    membership = _generic(topics, "ukraine_nato_membership")
    assert {"membership", "accession", "join"} <= membership
    assert not {"nato membership", "join the military bloc", "euro-atlantic integration",
                "membership of the alliance"} & membership
    assert "security guarantees" not in _generic(topics, "security_guarantees")
    assert "article 5-like" not in _generic(topics, "security_guarantees")
    assert "us-russia talks" not in _generic(topics, "direct_us_russia_talks")
    assert "guarantees" in _generic(topics, "security_guarantees")


def test_opposite_cues(topics):
    opposite = {str(t) for t in topics.objects(TOPIC.territorial_concessions, ONT.oppositeCueTerm)}
    assert "1991 borders" in opposite
    assert not opposite & {str(t) for t in topics.objects(TOPIC.territorial_concessions, ONT.cueTerm)}


# --- shapes and kg.validate -----------------------------------------------------------

def _broken(trig: str) -> str:
    """The sample with three faults: a polarity "maybe", a stance without holder, two Wikidata links."""
    maybe = 'ont:polarity "oppose" ;\n        ont:conditional false ;\n        ont:date "2025-04"'
    assert maybe in trig
    trig = trig.replace(maybe, maybe.replace('"oppose"', '"maybe"'))
    holder = "    <stance/b2> a ont:Stance ;\n        ont:holder <entity/Q183> ;\n"
    assert holder in trig
    trig = trig.replace(holder, "    <stance/b2> a ont:Stance ;\n")
    same = "owl:sameAs wd:Q3874799 , dbr:Volodymyr_Zelenskyy ."
    assert same in trig
    return trig.replace(same, "owl:sameAs wd:Q3874799 , wd:Q999 , dbr:Volodymyr_Zelenskyy .")


def test_sample_conforms():
    report = validate_graph(SAMPLE_TRIG)
    assert isinstance(report, ValidationReport)
    assert report.conforms, report.summary()
    assert report.violations == []


def test_broken_sample_reports_each_fault():
    report = validate_graph(_broken(SAMPLE_TRIG))
    assert not report.conforms
    found = {(v.focus, v.path) for v in report.violations if v.severity == "Violation"}
    assert found == {
        (BASE + "stance/a2", str(ONT.polarity)),
        (BASE + "stance/b2", str(ONT.holder)),
        (ZELENSKY, str(OWL.sameAs)),
    }
    polarity = next(v for v in report.violations if v.path == str(ONT.polarity))
    assert "maybe" in polarity.message and "support" in polarity.message
    assert "Conforms: False" in report.text


@pytest.mark.parametrize("fault,focus,path", [
    ('ont:confidence 0.8 ;', "stance/a1", ONT.confidence),                          # xsd:double, not decimal
    ('ont:topic topic:ukraine_nato_membership ;\n        ont:polarity "support" ;', "stance/a1", ONT.topic),
    ('ont:date "2025-04-04"^^xsd:date ;\n        ont:cue', "stance/a1", ONT.date),
    ('ont:place <entity/Q90> ;\n        ont:participant <entity/Q3874799> ;\n        ont:confidence 0.6 ;\n'
     '        ont:evidence <doc/000', "event/a1", ONT.place),
    ('nif:anchorOf "Trump" ;', "doc/000_060a9d78343a8748#char=65,70", None),
    ('ont:roleHolder <entity/Q57792> ;', "role/a1", ONT.roleHolder),
])
def test_single_faults(fault, focus, path):
    replacement = {
        ONT.confidence: 'ont:confidence "0.8"^^xsd:double ;',
        ONT.topic: 'ont:topic topic:world_peace ;\n        ont:polarity "support" ;',
        ONT.date: 'ont:date "April 2025" ;\n        ont:cue',
        ONT.place: fault.replace("ont:place <entity/Q90>", "ont:place <entity/Q3874799>"),
        None: 'nif:anchorOf "Trumps" ;',
        ONT.roleHolder: 'ont:roleHolder <entity/Q7184> ;',
    }[path]
    assert SAMPLE_TRIG.count(fault) == 1
    report = validate_graph(SAMPLE_TRIG.replace(fault, replacement))
    assert not report.conforms
    assert {(v.focus, v.path) for v in report.violations} == {(BASE + focus, str(path) if path else None)}


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own Dataset internals
def test_validate_graph_accepts_nquads_and_graphs():
    dataset = rdflib.Dataset()
    dataset.parse(data=SAMPLE_TRIG, format="trig")
    assert validate_graph(dataset).conforms
    nquads = dataset.serialize(format="nquads")
    assert validate_graph(nquads).conforms
    broken = rdflib.Dataset().parse(data=_broken(SAMPLE_TRIG), format="trig")
    assert not validate_graph(broken.serialize(format="nquads")).conforms
    with pytest.raises(ValueError):
        validate_graph("this is not RDF {")


def test_validate_store():
    store = sample_store()
    report = validate_store(store)
    assert report.conforms, report.summary()
    assert validate_store(store, ["000_060a9d78343a8748"], base_iri=BASE).conforms
    with pytest.raises(KeyError):
        validate_store(store, ["no_such_document"])
    broken = sample_store(_broken(SAMPLE_TRIG))
    only_a = validate_store(broken, ["000_060a9d78343a8748"])
    assert {v.focus for v in only_a.violations} == {BASE + "stance/a2", ZELENSKY}
    assert len(validate_store(broken).violations) == 3
    assert validate_store(broken, base_iri="http://elsewhere.example/").conforms  # no graphs under that base


def test_validate_store_on_disk(tmp_path):
    path = tmp_path / "store"
    store = ox.Store(str(path))
    store.load(SAMPLE_TRIG.encode("utf-8"), format=ox.RdfFormat.TRIG)
    store.flush()
    del store
    assert validate_store(path).conforms
    with pytest.raises(FileNotFoundError):
        validate_store(tmp_path / "missing")


def test_a_role_may_be_in_an_organisation_a_country_or_a_place_and_nothing_else():
    # "Kathmandu Mayor", "Ontario Premier": a city's or a region's own office is in the place
    role_in = "ont:roleIn <entity/Q7184> ;"
    assert SAMPLE_TRIG.count(role_in) == 1
    assert validate_graph(SAMPLE_TRIG.replace(role_in, "ont:roleIn <entity/Q90> ;")).conforms
    report = validate_graph(SAMPLE_TRIG.replace(role_in, "ont:roleIn <role/a1> ;"))
    assert {(v.focus, v.path) for v in report.violations} == {(BASE + "role/a1", str(ONT.roleIn))}
