"""The cross-document step on small stores written by hand in TriG (docs/model.md)."""
import datetime

import pyoxigraph as ox
import pytest

from kg.consolidate import consolidate, normalise_quote
from kg.facts import DateValue, DocumentFacts, Entity, EventFact, Mention, QuoteFact, Span
from kg.mapping import all_entity_quads, document_quads
from kg.sources import Document
from kg.store import KnowledgeStore

B = "http://kg.test/"
PREFIXES = f"""
@prefix ont: <https://w3id.org/newskg/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix schema: <http://schema.org/> .
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix e: <{B}entity/> .
@prefix doc: <{B}doc/> .
@prefix ev: <{B}event/> .
@prefix q: <{B}quote/> .
@prefix g: <{B}graph/> .
"""

ENTITIES = """
g:entities {
  e:Q3874799 a ont:Person ; rdfs:label "Volodymyr Zelensky" ; owl:sameAs wd:Q3874799 .
  e:Q3052772 a ont:Person ; rdfs:label "Emmanuel Macron" ; owl:sameAs wd:Q3052772 .
  e:Q22686 a ont:Person ; rdfs:label "Donald Trump" ; owl:sameAs wd:Q22686 .
  e:Q57792 a ont:Person ; rdfs:label "Mark Rutte" ; owl:sameAs wd:Q57792 .
  e:Q90 a ont:Place ; rdfs:label "Paris" ; owl:sameAs wd:Q90 .
  e:Q239 a ont:Place ; rdfs:label "Brussels" ; owl:sameAs wd:Q239 .
  e:Q212 a ont:Country ; rdfs:label "Ukraine" ; owl:sameAs wd:Q212 .
}
"""


def doc_graph(doc_id, body):
    return f"g:{doc_id} {{\n  doc:{doc_id} a ont:Document ; ont:sourceFile \"{doc_id}.txt\" .\n{body}\n}}\n"


def event(node, doc_id, cls="Meeting", date=None, place=None, participants=(), host=None, confidence="0.7"):
    lines = [f"  ev:{node} a ont:{cls} ; rdfs:label \"{cls}\" ; prov:wasDerivedFrom doc:{doc_id} ;",
             f"    ont:confidence \"{confidence}\"^^xsd:decimal ;",
             f"    ont:evidence <{B}doc/{doc_id}#char=0,7> ; ont:sentence <{B}doc/{doc_id}#char=0,40>"]
    if date:
        kind = {10: "date", 7: "gYearMonth", 4: "gYear"}[len(date)]
        lines.append(f"    ; ont:date \"{date}\"^^xsd:{kind}")
    if place:
        lines.append(f"    ; ont:place e:{place}")
    for p in participants:
        lines.append(f"    ; ont:participant e:{p}")
    if host:
        lines.append(f"    ; ont:host e:{host}")
    mentions = {p for p in participants} | ({place} if place else set()) | ({host} if host else set())
    lines.append("  .")
    lines += [f"  doc:{doc_id} schema:mentions e:{m} ." for m in sorted(mentions)]
    return "\n".join(lines)


def quote(node, doc_id, text, speaker=None, date=None, confidence="0.8"):
    lines = [f"  q:{node} a ont:Statement ; ont:quote {ox.Literal(text)} ; prov:wasDerivedFrom doc:{doc_id} ;",
             f"    ont:confidence \"{confidence}\"^^xsd:decimal ;",
             f"    ont:evidence <{B}doc/{doc_id}#char=1,9> ; ont:sentence <{B}doc/{doc_id}#char=0,90>"]
    if speaker:
        lines.append(f"    ; ont:speaker e:{speaker}")
    if date:
        kind = {10: "date", 7: "gYearMonth", 4: "gYear"}[len(date)]
        lines.append(f"    ; ont:date \"{date}\"^^xsd:{kind}")
    lines.append("  .")
    if speaker:
        lines.append(f"  doc:{doc_id} schema:mentions e:{speaker} .")
    return "\n".join(lines)


def store_with(*graphs, entities=ENTITIES):
    store = KnowledgeStore(None, B)
    store.store.load(PREFIXES + entities + "".join(graphs), format=ox.RdfFormat.TRIG)
    return store


def merged(store):
    """{merged node: {predicate local name: sorted values}} of the merged graph."""
    out = {}
    for q in store.store.quads_for_pattern(None, None, None, store.iris.merged_graph):
        name = q.predicate.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        out.setdefault(q.subject.value, {}).setdefault(name, []).append(q.object.value)
    return {node: {k: sorted(v) for k, v in props.items()} for node, props in out.items()}


def all_quads(store):
    return sorted(str(q) for q in store.store)


def test_the_same_meeting_in_two_documents_is_one_merged_event():
    store = store_with(
        doc_graph("d1", event("m1", "d1", date="2025-03-27", place="Q90", participants=["Q3052772", "Q3874799"])),
        doc_graph("d2", event("m2", "d2", date="2025-03", place="Q90", participants=["Q3874799"],
                              confidence="0.9")))
    report = consolidate(store)
    assert (report.events_merged, report.event_reports) == (1, 2)
    [(node, props)] = merged(store).items()
    assert node.startswith(B + "event/m-")
    assert props["type"] == ["https://w3id.org/newskg/ontology#Meeting"]
    assert props["mergedFrom"] == [B + "event/m1", B + "event/m2"]
    assert props["wasDerivedFrom"] == [B + "doc/d1", B + "doc/d2"]
    assert props["date"] == ["2025-03-27"]                 # the most precise
    assert props["place"] == [B + "entity/Q90"]
    assert props["participant"] == [B + "entity/Q3052772", B + "entity/Q3874799"]
    assert props["confidence"] == ["0.9"]                  # evidence of the most confident report
    assert props["evidence"] == [B + "doc/d2#char=0,7"]
    assert props["sentence"] == [B + "doc/d2#char=0,40"]
    [reason] = props["mergeReason"]
    assert reason.startswith("same type Meeting; dates 2025-03-27 ~ 2025-03; same place Paris (Q90); "
                             "1 shared participant (Volodymyr Zelensky (Q3874799))")
    assert props["label"] == ["Meeting with Emmanuel Macron, Volodymyr Zelensky in Paris on 2025-03-27"]


def test_the_merged_date_keeps_its_datatype():
    store = store_with(
        doc_graph("d1", event("m1", "d1", date="2025-03", place="Q90", participants=["Q3874799"])),
        doc_graph("d2", event("m2", "d2", date="2025-03", place="Q90")))
    consolidate(store)
    [row] = store.store.query(
        f"SELECT ?d WHERE {{ GRAPH <{B}graph/merged> {{ ?m <https://w3id.org/newskg/ontology#date> ?d }} }}")
    assert row["d"].datatype.value == "http://www.w3.org/2001/XMLSchema#gYearMonth"


def test_different_meetings_are_not_merged():
    store = store_with(
        doc_graph("d1", event("m1", "d1", date="2025-03-27", place="Q90", participants=["Q3874799"])),
        doc_graph("d2", event("m2", "d2", date="2025-03-27", place="Q239", participants=["Q3874799"])),  # elsewhere
        doc_graph("d3", event("m3", "d3", date="2025-02-11", place="Q90", participants=["Q3874799"])),  # other day
        doc_graph("d4", event("m4", "d4", cls="Talks", date="2025-03-27", place="Q90")))                 # other type
    report = consolidate(store)
    assert report.events_merged == 0
    assert merged(store) == {}


def test_nothing_shared_means_no_merge():
    store = store_with(
        doc_graph("d1", event("m1", "d1", date="2025-03-27", participants=["Q3874799"])),
        doc_graph("d2", event("m2", "d2", date="2025-03-27", participants=["Q22686"])))
    assert consolidate(store).events_merged == 0


def test_an_undated_report_joins_only_on_strong_evidence():
    weak = store_with(
        doc_graph("d1", event("m1", "d1", date="2025-03-27", participants=["Q3874799", "Q22686"])),
        doc_graph("d2", event("m2", "d2", participants=["Q3874799"])))
    assert consolidate(weak).events_merged == 0
    strong = store_with(
        doc_graph("d1", event("m1", "d1", date="2025-03-27", participants=["Q3874799", "Q22686"])),
        doc_graph("d2", event("m2", "d2", participants=["Q22686", "Q3874799"])))
    assert consolidate(strong).events_merged == 1
    [props] = merged(strong).values()
    assert props["date"] == ["2025-03-27"]
    assert "(1 report(s) undated)" in props["mergeReason"][0]


def test_a_chain_of_dates_never_merges_two_different_days():
    store = store_with(
        doc_graph("d1", event("m1", "d1", date="2025-03-27", place="Q90")),
        doc_graph("d2", event("m2", "d2", date="2025-03", place="Q90")),
        doc_graph("d3", event("m3", "d3", date="2025-03-05", place="Q90")))
    consolidate(store)
    [props] = merged(store).values()
    assert len(props["mergedFrom"]) == 2


def test_the_host_is_kept_and_counts_as_a_participant():
    store = store_with(
        doc_graph("d1", event("t1", "d1", cls="Talks", date="2025-12-13", place="Q239", host="Q57792")),
        doc_graph("d2", event("t2", "d2", cls="Talks", date="2025-12", participants=["Q57792"])))
    consolidate(store)
    [props] = merged(store).values()
    assert props["host"] == [B + "entity/Q57792"]
    assert props["participant"] == [B + "entity/Q57792"]
    assert props["place"] == [B + "entity/Q239"]


TRUMP_QUOTE = ("He wants to be a member of NATO. Well, he was never going to be a member of NATO.",
               "he wants to be a member of NATO. Well, he was never going to be a member of NATO",
               "He wants to be a member of NATO -- well, he was never going to be a member of NATO!")


def test_the_same_quote_in_three_documents_is_one_statement():
    store = store_with(
        doc_graph("d1", quote("s1", "d1", TRUMP_QUOTE[0], speaker="Q22686", date="2025-04")),
        doc_graph("d2", quote("s2", "d2", TRUMP_QUOTE[1], speaker="Q22686", date="2025-03-31", confidence="0.9")),
        doc_graph("d3", quote("s3", "d3", TRUMP_QUOTE[2])))                     # speaker not found here
    report = consolidate(store)
    assert (report.statements_merged, report.statement_reports) == (1, 3)
    [(node, props)] = merged(store).items()
    assert node.startswith(B + "event/m-")
    assert props["type"] == ["https://w3id.org/newskg/ontology#Statement"]
    assert props["wasDerivedFrom"] == [B + "doc/d1", B + "doc/d2", B + "doc/d3"]
    assert props["mergedFrom"] == [B + "quote/s1", B + "quote/s2", B + "quote/s3"]
    assert props["speaker"] == [B + "entity/Q22686"]
    assert props["quote"] == [TRUMP_QUOTE[2]]          # the longest wording
    assert props["date"] == ["2025-03-31"]             # the earliest known
    assert props["confidence"] == ["0.9"]
    assert "same speaker Donald Trump (Q22686)" in props["mergeReason"][0]


def test_quotes_that_contain_one_another_merge_but_different_speakers_do_not():
    store = store_with(
        doc_graph("d1", quote("s1", "d1", "we will eventually achieve a just peace", speaker="Q3874799")),
        doc_graph("d2", quote("s2", "d2", "We will eventually achieve a just peace, and we will rebuild.",
                              speaker="Q3874799")),
        doc_graph("d3", quote("s3", "d3", "we will eventually achieve a just peace", speaker="Q22686")))
    consolidate(store)
    [props] = merged(store).values()
    assert props["mergedFrom"] == [B + "quote/s1", B + "quote/s2"]
    assert "contain" in props["mergeReason"][0] or "Jaccard" in props["mergeReason"][0]


def test_short_or_different_quotes_stay_apart():
    store = store_with(
        doc_graph("d1", quote("s1", "d1", "just peace")),
        doc_graph("d2", quote("s2", "d2", "just peace")),
        doc_graph("d3", quote("s3", "d3", "Europe has not been successful in dealing with Putin", speaker="Q22686")),
        doc_graph("d4", quote("s4", "d4", "Europe has been very successful in dealing with Russia", speaker="Q22686")))
    assert consolidate(store).statements_merged == 0


def test_normalise_quote():
    assert normalise_quote("“Ukraine’s  membership” -- in NATO!") == normalise_quote("ukraine's membership in nato")
    assert normalise_quote("A, B. C") == "a b c"


def test_orphan_entities_are_removed_and_used_ones_kept():
    store = store_with(doc_graph("d1", event("m1", "d1", date="2025-03-27", place="Q90", participants=["Q3874799"])))
    report = consolidate(store)
    remaining = {r["e"].value for r in store.store.query(
        f"SELECT DISTINCT ?e WHERE {{ GRAPH <{B}graph/entities> {{ ?e a ?t }} }}")}
    assert remaining == {B + "entity/Q90", B + "entity/Q3874799"}
    assert report.orphans_removed == 5


def test_an_entity_used_only_as_a_role_holder_is_kept():
    role = (f"  <{B}role/r1> a ont:Role ; ont:roleHolder e:Q57792 ; ont:roleName \"Secretary General\" ;"
            f" prov:wasDerivedFrom doc:d1 .")
    store = store_with(doc_graph("d1", role))
    consolidate(store)
    assert ox.Quad(ox.NamedNode(B + "entity/Q57792"), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                   ox.NamedNode("https://w3id.org/newskg/ontology#Person"), store.iris.entities_graph) in store.store


def test_entity_with_two_types_keeps_the_gazetteers_or_is_reported():
    entities = """
    g:entities {
      e:Q212 a ont:Country , ont:Place ; rdfs:label "Ukraine" .
      <http://kg.test/entity/place/atlantis> a ont:Place , ont:Country ; rdfs:label "Atlantis" .
    }
    g:gazetteer { <http://kg.test/gazetteer/Q212> a ont:GazetteerEntry ; ont:entityType ont:Country . }
    """
    body = "  doc:d1 schema:mentions e:Q212 , <http://kg.test/entity/place/atlantis> ."
    store = store_with(doc_graph("d1", body), entities=entities)
    report = consolidate(store)
    types = {(r["e"].value, r["t"].value.rsplit("#")[-1]) for r in store.store.query(
        f"SELECT ?e ?t WHERE {{ GRAPH <{B}graph/entities> {{ ?e a ?t }} }}")}
    assert types == {(B + "entity/Q212", "Country"), (B + "entity/place/atlantis", "Place"),
                     (B + "entity/place/atlantis", "Country")}
    assert report.types_fixed == [f"{B}entity/Q212: kept Country, dropped Place"]
    assert report.type_conflicts == [f"{B}entity/place/atlantis: Country, Place"]


def test_idempotent():
    store = store_with(
        doc_graph("d1", event("m1", "d1", date="2025-03-27", place="Q90", participants=["Q3874799"])
                  + quote("s1", "d1", TRUMP_QUOTE[0], speaker="Q22686")),
        doc_graph("d2", event("m2", "d2", date="2025-03", place="Q90") + quote("s2", "d2", TRUMP_QUOTE[1])))
    first = consolidate(store)
    after_first = all_quads(store)
    second = consolidate(store)
    assert all_quads(store) == after_first
    assert (first.events_merged, first.statements_merged) == (second.events_merged, second.statements_merged) == (1, 1)
    assert second.orphans_removed == 0 and first.orphans_removed == 4


def test_a_removed_document_takes_its_merges_and_entities_with_it():
    store = store_with(
        doc_graph("d1", event("m1", "d1", date="2025-03-27", place="Q90", participants=["Q3052772"])),
        doc_graph("d2", event("m2", "d2", date="2025-03-27", place="Q90", participants=["Q3874799"])))
    consolidate(store)
    assert len(merged(store)) == 1
    store.remove_documents(["d2"])
    report = consolidate(store)
    assert merged(store) == {} and report.events_merged == 0
    remaining = {r["e"].value for r in store.store.query(
        f"SELECT DISTINCT ?e WHERE {{ GRAPH <{B}graph/entities> {{ ?e ?p ?o }} }}")}
    assert remaining == {B + "entity/Q90", B + "entity/Q3052772"}


def _facts(doc_id, text, event_fact, quote_fact):
    entities = {"Q3874799": Entity("Q3874799", "Volodymyr Zelensky", "Person", "Q3874799"),
                "Q90": Entity("Q90", "Paris", "Place", "Q90")}
    z = text.index("Zelensky")
    facts = DocumentFacts(doc_id, entities=entities,
                          mentions=[Mention("Q3874799", Span(z, z + 8, "Zelensky")),
                                    Mention("Q90", Span(text.index("Paris"), text.index("Paris") + 5, "Paris"))])
    facts.events.append(event_fact)
    facts.quotes.append(quote_fact)
    return facts


def test_merged_nodes_from_real_mapping_pass_the_shapes():
    from kg.validate import validate_store

    store = KnowledgeStore(None, B)
    texts = {"d1": 'Zelensky met leaders in Paris on March 27. "We will win this war together," Zelensky said.',
             "d2": 'In March, Zelensky met leaders in Paris. "We will win this war, together!" Zelensky said.'}
    dates = {"d1": DateValue("2025-03-27", "day"), "d2": DateValue("2025-03", "month")}
    quads = []
    for doc_id, text in texts.items():
        document = Document(doc_id, text, f"{doc_id}.txt", date=datetime.date(2025, 4, 1))
        met = text.index("met")
        sentence = Span(0, text.index(".") + 1, text[:text.index(".") + 1])
        q0 = text.index('"') + 1
        q1 = text.index('"', q0)
        ev = EventFact(span=Span(met, met + 3, "met"), sentence=sentence, confidence=0.8, date=dates[doc_id],
                       etype="Meeting", label="Meeting in Paris", place="Q90", participants=["Q3874799"])
        qf = QuoteFact(span=Span(q0 - 1, q1 + 1, text[q0 - 1:q1 + 1]),
                       sentence=Span(q0 - 1, len(text), text[q0 - 1:]),
                       confidence=0.9, speaker="Q3874799", quote=Span(q0, q1, text[q0:q1]))
        facts = _facts(doc_id, text, ev, qf)
        quads += document_quads(document, facts, store.iris) + list(all_entity_quads(facts, store.iris))
    store.store.extend(quads)
    report = consolidate(store)
    assert (report.events_merged, report.statements_merged) == (1, 1)
    result = validate_store(store.store, base_iri=B)
    assert result.conforms, result.summary()


@pytest.mark.parametrize("a, b", [("2025-03-27", "2025-03"), ("2025", "2025-03-27")])
def test_prefix_dates_are_compatible(a, b):
    store = store_with(doc_graph("d1", event("m1", "d1", date=a, place="Q90")),
                       doc_graph("d2", event("m2", "d2", date=b, place="Q90")))
    assert consolidate(store).events_merged == 1


def test_two_translations_of_one_statement_by_the_same_speaker_merge():
    a = ("You know who does not support Ukraine’s membership in NATO so far, but in any case, "
         "no one is removing this issue from the table for the future,")
    b = ("You know who does not support Ukraine's NATO membership yet, but in any case, no one is removing "
         "thw issue from the table, from our future. At least we are talking about it.")
    same = store_with(doc_graph("d1", quote("s1", "d1", a, speaker="Q3874799")),
                      doc_graph("d2", quote("s2", "d2", b, speaker="Q3874799")))
    assert consolidate(same).statements_merged == 1
    [props] = merged(same).values()
    assert "of the shorter quote's words in the longer" in props["mergeReason"][0]
    unnamed = store_with(doc_graph("d1", quote("s1", "d1", a, speaker="Q3874799")),
                         doc_graph("d2", quote("s2", "d2", b)))
    assert consolidate(unnamed).statements_merged == 0


def test_one_report_per_document_in_a_merged_node():
    long_quote = ("You know who does not support our membership yet, but no one is removing the issue from the "
                  "table. At least we are talking about the fact that if someone does not want it, we will see.")
    store = store_with(
        doc_graph("d1", quote("s1", "d1", long_quote, speaker="Q3874799")),
        doc_graph("d2", quote("s2", "d2", "You know who does not support our membership yet, but no one is "
                                          "removing the issue from the table.", speaker="Q3874799")
                  + quote("s3", "d2", "At least we are talking about the fact that if someone does not want it, "
                                      "we will see.", speaker="Q3874799")))
    consolidate(store)
    [props] = merged(store).values()
    assert len(props["mergedFrom"]) == 2 and props["wasDerivedFrom"] == [B + "doc/d1", B + "doc/d2"]


def test_an_entity_spelled_two_ways_keeps_one_label_whatever_the_order():
    entities = """
    g:entities {
      <http://kg.test/entity/place/brasilia> a ont:Place ; rdfs:label "Brasilia" , "Brasília" .
      <http://kg.test/entity/person/lee-jae-myung> a ont:Person ; rdfs:label "Lee Jae Myung" , "Lee Jae-myung" .
    }
    """
    body = "  doc:d1 schema:mentions <http://kg.test/entity/place/brasilia> , <http://kg.test/entity/person/lee-jae-myung> ."
    store = store_with(doc_graph("d1", body), entities=entities)
    report = consolidate(store)
    labels = {(r["e"].value, r["l"].value) for r in store.store.query(
        f"SELECT ?e ?l WHERE {{ GRAPH <{B}graph/entities> {{ ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l }} }}")}
    assert labels == {(B + "entity/place/brasilia", "Brasília"), (B + "entity/person/lee-jae-myung", "Lee Jae-myung")}
    assert len(report.labels_fixed) == 2


def _topic(notation, doc_id):
    return (f"  <https://w3id.org/newskg/topic/{notation}> a <http://www.w3.org/2004/02/skos/core#Concept> ;\n"
            f"    <http://www.w3.org/2004/02/skos/core#inScheme> <https://w3id.org/newskg/topic/open> ;\n"
            f"    <http://www.w3.org/2004/02/skos/core#notation> \"{notation}\" ;\n"
            f"    <http://www.w3.org/2004/02/skos/core#prefLabel> \"{notation[5:]}\"@en .")


def test_open_topics_whose_words_contain_one_another_are_related_across_documents():
    store = store_with(
        doc_graph("d1", _topic("open_tariff", "d1") + "\n" + _topic("open_tariff_china", "d1")),
        doc_graph("d2", _topic("open_china_tariff", "d2") + "\n" + _topic("open_tariff_china_electric_vehicle", "d2")
                  + "\n" + _topic("open_steel_quota", "d2")))
    report = consolidate(store)
    rows = store.store.query(f"""SELECT ?s ?p ?o WHERE {{ GRAPH <{B}graph/merged> {{
        ?s ?p ?o FILTER (?p IN (<http://www.w3.org/2004/02/skos/core#broader>,
                                <http://www.w3.org/2004/02/skos/core#exactMatch>)) }} }}""")
    short = {(r["s"].value.rsplit("/", 1)[1], r["p"].value.rsplit("#", 1)[1], r["o"].value.rsplit("/", 1)[1])
             for r in rows}
    assert short == {
        ("open_tariff_china", "broader", "open_tariff"), ("open_china_tariff", "broader", "open_tariff"),
        ("open_tariff_china_electric_vehicle", "broader", "open_tariff_china"),
        ("open_tariff_china_electric_vehicle", "broader", "open_china_tariff"),
        ("open_tariff_china", "exactMatch", "open_china_tariff"),
        ("open_china_tariff", "exactMatch", "open_tariff_china")}
    assert report.topics_related == 3      # tariff_china, china_tariff, tariff_china_electric_vehicle
    consolidate(store)      # idempotent: the merged graph is rebuilt, not added to
    assert len(list(store.store.query(f"SELECT * WHERE {{ GRAPH <{B}graph/merged> {{ ?s ?p ?o }} }}"))) == 6
