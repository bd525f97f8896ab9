"""kg/linked_data.py on the hand-written sample (tests/query_sample.py): the RDF description of a
minted IRI, the view its page shows (stances, roles, events, quotes, mentions, text) and the
topic pages' view, with exact values."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg import linked_data as ld
from tests.query_sample import BASE, DOC_A, DOC_B, NATO, RUTTE, SAMPLE_TRIG, ZELENSKY, sample_store

ONT = "https://w3id.org/newskg/ontology#"
TOPIC = "https://w3id.org/newskg/topic/"
OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SCHEMA_MENTIONS = "http://schema.org/mentions"


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return sample_store()


def values(row: dict, *names: str) -> tuple:
    return tuple(row[n].value if n in row else None for n in names)


def local(iri: str) -> str:
    return iri[len(BASE):] if iri.startswith(BASE) else iri


# --- view ------------------------------------------------------------------------------------------

def test_an_entity_view_names_it_and_links_it_out(store):
    v = ld.view(store, ZELENSKY, BASE)
    assert v["iri"] == ZELENSKY
    assert v["label"] == ox.Literal("Volodymyr Zelensky")
    assert v["types"] == [ox.NamedNode(ONT + "Person")]
    assert v["wikidata"] == ["http://www.wikidata.org/entity/Q3874799"]
    assert v["dbpedia"] == ["http://dbpedia.org/resource/Volodymyr_Zelenskyy"]
    assert v["same_as"] == ["http://dbpedia.org/resource/Volodymyr_Zelenskyy", "http://www.wikidata.org/entity/Q3874799"]
    assert sorted((p.value, o.value) for p, o in v["properties"]) == [
        (RDF_TYPE, ONT + "Person"),
        (RDFS_LABEL, "Volodymyr Zelensky"),
        (OWL_SAME_AS, "http://dbpedia.org/resource/Volodymyr_Zelenskyy"),
        (OWL_SAME_AS, "http://www.wikidata.org/entity/Q3874799")]
    assert v["text"] is None and v["roles"] == []


def test_an_entity_view_lists_its_stances_with_their_evidence_in_date_order(store):
    stances = ld.view(store, ZELENSKY, BASE)["stances"]
    assert [(local(r["fact"].value), *values(r, "polarity", "conditional", "date", "cue", "evidence"),
             r["topic"].value[len(TOPIC):], local(r["doc"].value)) for r in stances] == [
        ("stance/b3", "support", "true", None, "wants", "wants security guarantees", "security_guarantees",
         "doc/004_3582286007b5076d"),                                  # undated first
        ("stance/a1", "support", "false", "2025-04-04", "has not given up on", "has not given up on NATO membership",
         "ukraine_nato_membership", "doc/000_060a9d78343a8748"),
        ("stance/b1", "oppose", "false", "2025-12-14", "dropped the goal of", "dropped the goal of joining NATO",
         "ukraine_nato_membership", "doc/004_3582286007b5076d"),
    ]
    assert values(stances[1], "sentence", "docTitle", "topicLabel", "confidence") == (
        "Zelensky has not given up on NATO membership, he said on Friday.", "Zelensky contradicts Trump on NATO",
        "Ukraine's NATO membership", "0.8")


def test_an_entity_view_lists_its_events_once_each_with_their_types(store):
    events = ld.view(store, ZELENSKY, BASE)["events"]
    assert [(local(r["fact"].value), r["how"].value, [t.value[len(ONT):] for t in r["types"]],
             *values(r, "date", "placeLabel", "evidence")) for r in events] == [
        ("event/a1", "participant", ["Meeting"], "2025-03-27", "Paris", "Leaders met in Paris"),
        ("event/b1", "participant", ["Meeting"], "2025-03-27", "Paris", "Leaders met in Paris"),
        ("event/m-paris", "participant", ["Meeting"], "2025-03-27", "Paris", None),   # merged: one type, not one per report
        ("event/b2", "participant", ["Event", "Talks"], "2025-12-14", "Brussels", "met Witkoff in Brussels for talks"),
    ]


def test_an_entity_view_lists_its_quotes_and_the_documents_that_mention_it(store):
    v = ld.view(store, ZELENSKY, BASE)
    assert [(local(r["fact"].value), local(r["doc"].value), *values(r, "date", "quote")) for r in v["quotes"]] == [
        ("quote/b1", "doc/004_3582286007b5076d", None, "No one is removing this issue from the table"),
        ("event/m-quote", "doc/004_3582286007b5076d", "2025-04-04", "No one is removing this issue from the table"),
        ("event/m-quote", "doc/000_060a9d78343a8748", "2025-04-04", "No one is removing this issue from the table"),
        ("quote/a1", "doc/000_060a9d78343a8748", "2025-04-04", "No one is removing this issue from the table"),
    ]
    assert [(r["doc"].value, *values(r, "date", "docTitle")) for r in v["mentions"]] == [
        (DOC_A, "2025-04-04", "Zelensky contradicts Trump on NATO"), (DOC_B, "2025-12-15", None)]


def test_a_role_shows_on_the_holder_and_on_the_organisation(store):
    expected = [("role/a1", "Secretary General", "Mark Rutte", "NATO", "NATO Secretary General Mark Rutte",
                 "NATO Secretary General Mark Rutte agreed.")]
    for iri in (RUTTE, NATO):
        roles = ld.view(store, iri, BASE)["roles"]
        assert [(local(r["fact"].value), *values(r, "roleName", "holderLabel", "orgLabel", "evidence", "sentence"))
                for r in roles] == expected
        assert roles[0]["types"] == []


def test_a_document_view_has_its_title_and_text(store):
    v = ld.view(store, DOC_A, BASE)
    assert v["label"] == ox.Literal("Zelensky contradicts Trump on NATO")
    assert v["types"] == [ox.NamedNode(ONT + "Document")]
    assert v["text"] == ('Zelensky has not given up on NATO membership, he said on Friday. Trump said Zelensky was '
                         'never going to be a member of NATO. "No one is removing this issue from the table," Zelensky '
                         'said. Leaders met in Paris on March 27. NATO Secretary General Mark Rutte agreed.')
    assert sorted(o.value for p, o in v["properties"] if p.value == SCHEMA_MENTIONS) == [
        BASE + "entity/Q22686", BASE + "entity/Q3874799", BASE + "entity/Q57792", BASE + "entity/Q7184",
        BASE + "entity/Q90"]
    assert (v["stances"], v["roles"], v["events"], v["quotes"], v["mentions"]) == ([], [], [], [], [])


def test_an_unknown_iri_has_no_view_and_no_description(store):
    assert ld.view(store, BASE + "entity/Q1", BASE) is None
    assert ld.describe(store, BASE + "entity/Q1", BASE) == []


def test_an_iri_cannot_break_out_of_the_query(store):
    with pytest.raises(ValueError):
        ld.describe(store, BASE + "entity/x> ?p ?o } #", BASE)
    with pytest.raises(ValueError):
        ld.view(store, BASE + "entity/x> ?p ?o } #", BASE)


# --- describe --------------------------------------------------------------------------------------

def test_the_description_holds_the_resource_the_facts_about_it_and_their_words(store):
    triples = ld.describe(store, ZELENSKY, BASE)
    assert len(triples) == len(set(triples)) == 125
    subjects = {local(t.subject.value) for t in triples}
    facts = {"stance/a1", "stance/b1", "stance/b3", "event/a1", "event/b1", "event/b2", "event/m-paris",
             "event/m-quote", "quote/a1", "quote/b1"}
    spans = {s for s in subjects if "#char=" in s}
    assert subjects == facts | spans | {"entity/Q3874799", "doc/000_060a9d78343a8748", "doc/004_3582286007b5076d"}
    own = {(t.predicate.value, t.object.value) for t in triples if t.subject.value == ZELENSKY}
    assert own == {(OWL_SAME_AS, "http://dbpedia.org/resource/Volodymyr_Zelenskyy"),
                   (OWL_SAME_AS, "http://www.wikidata.org/entity/Q3874799"),
                   (RDFS_LABEL, "Volodymyr Zelensky"), (RDF_TYPE, ONT + "Person")}
    # a document only says that it mentions the resource; a span only gives its words
    for t in triples:
        if local(t.subject.value).startswith("doc/") and "#" not in t.subject.value:
            assert (t.predicate.value, t.object.value) == (SCHEMA_MENTIONS, ZELENSKY)
        elif "#char=" in t.subject.value:
            assert t.predicate.value == "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf"
    assert len(spans) == 16
    stance = {(t.predicate.value.rsplit("#", 1)[-1], local(t.object.value)) for t in triples
              if t.subject.value == BASE + "stance/a1"}
    assert stance == {("type", ONT + "Stance"), ("holder", "entity/Q3874799"),
                      ("topic", TOPIC + "ukraine_nato_membership"), ("polarity", "support"),
                      ("conditional", "false"), ("date", "2025-04-04"), ("cue", "has not given up on"),
                      ("confidence", "0.8"), ("evidence", "doc/000_060a9d78343a8748#char=9,44"),
                      ("sentence", "doc/000_060a9d78343a8748#char=0,64"),
                      ("wasDerivedFrom", "doc/000_060a9d78343a8748"),
                      ("wasAttributedTo", "agent/extractor/0.1.0")}     # prov: terms


def test_the_description_is_cut_at_the_limit(store):
    assert len(ld.describe(store, ZELENSKY, BASE, limit=7)) == 7


# --- topics ----------------------------------------------------------------------------------------

def test_topic_iri():
    assert ld.topic_iri("ceasefire") == TOPIC + "ceasefire"


def test_a_taxonomy_topic_view(store):
    v = ld.topic_view(store, "ukraine_nato_membership")
    assert {k: v[k] for k in ("iri", "key", "label", "altLabels", "scheme", "open", "related", "quotes")} == {
        "iri": TOPIC + "ukraine_nato_membership", "key": "ukraine_nato_membership",
        "label": "Ukraine's NATO membership", "altLabels": ["Ukraine joining NATO", "Ukraine's NATO bid"],
        "scheme": TOPIC + "scheme", "open": False,
        "related": ["nato_enlargement", "security_guarantees", "ukraine_neutrality"], "quotes": []}
    assert v["definition"] == ("Ukraine joining NATO: its application, bid, aspirations or path to membership of "
                               "the Alliance.")
    assert v["scopeNote"].startswith("The cues speak of NATO membership in general")
    # the events of its articles in which a stance holder took part
    assert [local(r["fact"].value) for r in v["events"]] == ["event/a1", "event/b1", "event/m-paris", "event/b2"]


def test_a_topic_view_shows_the_quotes_said_in_its_stance_sentences():
    store = sample_store(SAMPLE_TRIG + f"""
    <{BASE}graph/extra> {{
        <{BASE}quote/x> <{ONT}quote> "dropped the goal" ; <{ONT}speaker> <{ZELENSKY}> ;
            <{ONT}sentence> <{DOC_B}#char=0,52> ; <http://www.w3.org/ns/prov#wasDerivedFrom> <{DOC_B}> .
    }}""")
    quotes = ld.topic_view(store, "ukraine_nato_membership")["quotes"]
    assert [(local(r["fact"].value), *values(r, "quote", "speakerLabel", "sentence")) for r in quotes] == [
        ("quote/x", "dropped the goal", "Volodymyr Zelensky", "Zelensky dropped the goal of joining NATO on Sunday.")]


def test_an_open_topic_view():
    store = sample_store(SAMPLE_TRIG + f"""
    <{BASE}graph/ontology> {{
        <{TOPIC}open_steel_levy> <http://www.w3.org/2004/02/skos/core#prefLabel> "steel levy"@en ;
            <http://www.w3.org/2004/02/skos/core#inScheme> <{TOPIC}open> .
    }}""")
    v = ld.topic_view(store, "open_steel_levy")
    assert (v["label"], v["open"], v["scheme"], v["altLabels"], v["related"], v["definition"], v["quotes"],
            v["events"]) == ("steel levy", True, TOPIC + "open", [], [], "", [], [])


def test_an_unknown_or_malformed_topic_has_no_view(store):
    assert ld.topic_view(store, "world_peace") is None
    assert ld.topic_view(store, "a b>") is None
