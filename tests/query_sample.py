"""The small hand-written dataset the query, ontology and SHACL-engine tests share: two articles
as `kg build` would store them (docs/model.md), and a fresh in-memory store holding it."""
from __future__ import annotations

import pyoxigraph as ox

from kg.resources import data_path

BASE = "http://127.0.0.1:8000/"
ONT = "https://w3id.org/newskg/ontology#"
WD = "http://www.wikidata.org/entity/"
DOC_A = BASE + "doc/000_060a9d78343a8748"
DOC_B = BASE + "doc/004_3582286007b5076d"
ZELENSKY, TRUMP, GERMANY = BASE + "entity/Q3874799", BASE + "entity/Q22686", BASE + "entity/Q183"
WITKOFF, RUTTE, NATO = BASE + "entity/person/steve-witkoff", BASE + "entity/Q57792", BASE + "entity/Q7184"

# Two articles as kg build would store them (docs/model.md): Zelensky supports Ukraine's NATO
# membership on 2025-04-04 (A) and opposes it on 2025-12-14 (B); Trump (A) and Germany (B)
# oppose it; the Paris meeting and Zelensky's quote are reported by both and merged.
SAMPLE_TRIG = r"""
@base <http://127.0.0.1:8000/> .
@prefix ont:    <https://w3id.org/newskg/ontology#> .
@prefix topic:  <https://w3id.org/newskg/topic/> .
@prefix wd:     <http://www.wikidata.org/entity/> .
@prefix dbr:    <http://dbpedia.org/resource/> .
@prefix nif:    <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix itsrdf: <http://www.w3.org/2005/11/its/rdf#> .
@prefix prov:   <http://www.w3.org/ns/prov#> .
@prefix dct:    <http://purl.org/dc/terms/> .
@prefix schema: <http://schema.org/> .
@prefix owl:    <http://www.w3.org/2002/07/owl#> .
@prefix rdfs:   <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:    <http://www.w3.org/2001/XMLSchema#> .

<graph/entities> {
    <entity/Q3874799> a ont:Person ; rdfs:label "Volodymyr Zelensky" ;
        owl:sameAs wd:Q3874799 , dbr:Volodymyr_Zelenskyy .
    <entity/Q22686> a ont:Person ; rdfs:label "Donald Trump" ; owl:sameAs wd:Q22686 .
    <entity/Q57792> a ont:Person ; rdfs:label "Mark Rutte" ; owl:sameAs wd:Q57792 .
    <entity/person/steve-witkoff> a ont:Person ; rdfs:label "Steve Witkoff" .
    <entity/Q7184> a ont:Organization ; rdfs:label "NATO" ; owl:sameAs wd:Q7184 .
    <entity/Q183> a ont:Country ; rdfs:label "Germany" ; owl:sameAs wd:Q183 .
    <entity/Q90> a ont:Place ; rdfs:label "Paris" ; owl:sameAs wd:Q90 .
    <entity/Q239> a ont:Place ; rdfs:label "Brussels" ; owl:sameAs wd:Q239 .
}

<graph/000_060a9d78343a8748> {
    <doc/000_060a9d78343a8748> a ont:Document ;
        ont:sourceFile "000_060a9d78343a8748.txt" ;
        dct:title "Zelensky contradicts Trump on NATO" ;
        dct:publisher "Example News" ;
        dct:date "2025-04-04"^^xsd:date ;
        ont:contentHash "3f1c0a" ;
        ont:text <doc/000_060a9d78343a8748#char=0,263> ;
        schema:mentions <entity/Q3874799> , <entity/Q22686> , <entity/Q7184> , <entity/Q90> , <entity/Q57792> .
    <doc/000_060a9d78343a8748#char=0,263> a nif:Context ;
        nif:isString '''Zelensky has not given up on NATO membership, he said on Friday. Trump said Zelensky was never going to be a member of NATO. "No one is removing this issue from the table," Zelensky said. Leaders met in Paris on March 27. NATO Secretary General Mark Rutte agreed.''' .

    <doc/000_060a9d78343a8748#char=0,8> a nif:String , nif:Phrase ;
        nif:referenceContext <doc/000_060a9d78343a8748#char=0,263> ;
        nif:beginIndex "0"^^xsd:nonNegativeInteger ; nif:endIndex "8"^^xsd:nonNegativeInteger ;
        nif:anchorOf "Zelensky" ; itsrdf:taIdentRef <entity/Q3874799> .
    <doc/000_060a9d78343a8748#char=65,70> a nif:String , nif:Phrase ;
        nif:referenceContext <doc/000_060a9d78343a8748#char=0,263> ;
        nif:beginIndex "65"^^xsd:nonNegativeInteger ; nif:endIndex "70"^^xsd:nonNegativeInteger ;
        nif:anchorOf "Trump" ; itsrdf:taIdentRef <entity/Q22686> .
    <doc/000_060a9d78343a8748#char=29,33> a nif:String , nif:Phrase ;
        nif:referenceContext <doc/000_060a9d78343a8748#char=0,263> ;
        nif:beginIndex "29"^^xsd:nonNegativeInteger ; nif:endIndex "33"^^xsd:nonNegativeInteger ;
        nif:anchorOf "NATO" ; itsrdf:taIdentRef <entity/Q7184> .
    <doc/000_060a9d78343a8748#char=203,208> a nif:String , nif:Phrase ;
        nif:referenceContext <doc/000_060a9d78343a8748#char=0,263> ;
        nif:beginIndex "203"^^xsd:nonNegativeInteger ; nif:endIndex "208"^^xsd:nonNegativeInteger ;
        nif:anchorOf "Paris" ; itsrdf:taIdentRef <entity/Q90> .
    <doc/000_060a9d78343a8748#char=245,255> a nif:String , nif:Phrase ;
        nif:referenceContext <doc/000_060a9d78343a8748#char=0,263> ;
        nif:beginIndex "245"^^xsd:nonNegativeInteger ; nif:endIndex "255"^^xsd:nonNegativeInteger ;
        nif:anchorOf "Mark Rutte" ; itsrdf:taIdentRef <entity/Q57792> .

    <doc/000_060a9d78343a8748#char=9,44> a nif:String , nif:Phrase ;
        nif:referenceContext <doc/000_060a9d78343a8748#char=0,263> ;
        nif:beginIndex "9"^^xsd:nonNegativeInteger ; nif:endIndex "44"^^xsd:nonNegativeInteger ;
        nif:anchorOf "has not given up on NATO membership" .
    <doc/000_060a9d78343a8748#char=0,64> a nif:String , nif:Sentence ;
        nif:referenceContext <doc/000_060a9d78343a8748#char=0,263> ;
        nif:beginIndex "0"^^xsd:nonNegativeInteger ; nif:endIndex "64"^^xsd:nonNegativeInteger ;
        nif:anchorOf "Zelensky has not given up on NATO membership, he said on Friday." .
    <doc/000_060a9d78343a8748#char=89,123> a nif:String , nif:Phrase ;
        nif:referenceContext <doc/000_060a9d78343a8748#char=0,263> ;
        nif:beginIndex "89"^^xsd:nonNegativeInteger ; nif:endIndex "123"^^xsd:nonNegativeInteger ;
        nif:anchorOf "never going to be a member of NATO" .
    <doc/000_060a9d78343a8748#char=65,124> a nif:String , nif:Sentence ;
        nif:referenceContext <doc/000_060a9d78343a8748#char=0,263> ;
        nif:beginIndex "65"^^xsd:nonNegativeInteger ; nif:endIndex "124"^^xsd:nonNegativeInteger ;
        nif:anchorOf "Trump said Zelensky was never going to be a member of NATO." .
    <doc/000_060a9d78343a8748#char=126,170> a nif:String , nif:Phrase ;
        nif:referenceContext <doc/000_060a9d78343a8748#char=0,263> ;
        nif:beginIndex "126"^^xsd:nonNegativeInteger ; nif:endIndex "170"^^xsd:nonNegativeInteger ;
        nif:anchorOf "No one is removing this issue from the table" .
    <doc/000_060a9d78343a8748#char=125,187> a nif:String , nif:Sentence ;
        nif:referenceContext <doc/000_060a9d78343a8748#char=0,263> ;
        nif:beginIndex "125"^^xsd:nonNegativeInteger ; nif:endIndex "187"^^xsd:nonNegativeInteger ;
        nif:anchorOf '"No one is removing this issue from the table," Zelensky said.' .
    <doc/000_060a9d78343a8748#char=188,208> a nif:String , nif:Phrase ;
        nif:referenceContext <doc/000_060a9d78343a8748#char=0,263> ;
        nif:beginIndex "188"^^xsd:nonNegativeInteger ; nif:endIndex "208"^^xsd:nonNegativeInteger ;
        nif:anchorOf "Leaders met in Paris" .
    <doc/000_060a9d78343a8748#char=188,221> a nif:String , nif:Sentence ;
        nif:referenceContext <doc/000_060a9d78343a8748#char=0,263> ;
        nif:beginIndex "188"^^xsd:nonNegativeInteger ; nif:endIndex "221"^^xsd:nonNegativeInteger ;
        nif:anchorOf "Leaders met in Paris on March 27." .
    <doc/000_060a9d78343a8748#char=222,255> a nif:String , nif:Phrase ;
        nif:referenceContext <doc/000_060a9d78343a8748#char=0,263> ;
        nif:beginIndex "222"^^xsd:nonNegativeInteger ; nif:endIndex "255"^^xsd:nonNegativeInteger ;
        nif:anchorOf "NATO Secretary General Mark Rutte" .
    <doc/000_060a9d78343a8748#char=222,263> a nif:String , nif:Sentence ;
        nif:referenceContext <doc/000_060a9d78343a8748#char=0,263> ;
        nif:beginIndex "222"^^xsd:nonNegativeInteger ; nif:endIndex "263"^^xsd:nonNegativeInteger ;
        nif:anchorOf "NATO Secretary General Mark Rutte agreed." .

    <stance/a1> a ont:Stance ;
        ont:holder <entity/Q3874799> ;
        ont:topic topic:ukraine_nato_membership ;
        ont:polarity "support" ;
        ont:conditional false ;
        ont:date "2025-04-04"^^xsd:date ;
        ont:cue "has not given up on" ;
        ont:confidence 0.8 ;
        ont:evidence <doc/000_060a9d78343a8748#char=9,44> ;
        ont:sentence <doc/000_060a9d78343a8748#char=0,64> ;
        prov:wasDerivedFrom <doc/000_060a9d78343a8748> ;
        prov:wasAttributedTo <agent/extractor/0.1.0> .
    <stance/a2> a ont:Stance ;
        ont:holder <entity/Q22686> ;
        ont:topic topic:ukraine_nato_membership ;
        ont:polarity "oppose" ;
        ont:conditional false ;
        ont:date "2025-04"^^xsd:gYearMonth ;
        ont:cue "never going to be" ;
        ont:confidence 0.7 ;
        ont:evidence <doc/000_060a9d78343a8748#char=89,123> ;
        ont:sentence <doc/000_060a9d78343a8748#char=65,124> ;
        prov:wasDerivedFrom <doc/000_060a9d78343a8748> ;
        prov:wasAttributedTo <agent/extractor/0.1.0> .
    <role/a1> a ont:Role ;
        ont:roleHolder <entity/Q57792> ;
        ont:roleName "Secretary General" ;
        ont:roleIn <entity/Q7184> ;
        ont:confidence 0.9 ;
        ont:evidence <doc/000_060a9d78343a8748#char=222,255> ;
        ont:sentence <doc/000_060a9d78343a8748#char=222,263> ;
        prov:wasDerivedFrom <doc/000_060a9d78343a8748> ;
        prov:wasAttributedTo <agent/extractor/0.1.0> .
    <quote/a1> a ont:Statement ;
        ont:speaker <entity/Q3874799> ;
        ont:quote "No one is removing this issue from the table" ;
        ont:date "2025-04-04"^^xsd:date ;
        ont:confidence 0.9 ;
        ont:evidence <doc/000_060a9d78343a8748#char=126,170> ;
        ont:sentence <doc/000_060a9d78343a8748#char=125,187> ;
        prov:wasDerivedFrom <doc/000_060a9d78343a8748> ;
        prov:wasAttributedTo <agent/extractor/0.1.0> .
    <event/a1> a ont:Meeting ;
        rdfs:label "meeting of leaders in Paris" ;
        ont:date "2025-03-27"^^xsd:date ;
        ont:place <entity/Q90> ;
        ont:participant <entity/Q3874799> ;
        ont:confidence 0.6 ;
        ont:evidence <doc/000_060a9d78343a8748#char=188,208> ;
        ont:sentence <doc/000_060a9d78343a8748#char=188,221> ;
        prov:wasDerivedFrom <doc/000_060a9d78343a8748> ;
        prov:wasAttributedTo <agent/extractor/0.1.0> .
}

<graph/004_3582286007b5076d> {
    <doc/004_3582286007b5076d> a ont:Document ;
        ont:sourceFile "004_3582286007b5076d.txt" ;
        dct:date "2025-12-15"^^xsd:date ;
        ont:contentHash "9b2e44" ;
        ont:text <doc/004_3582286007b5076d#char=0,271> ;
        schema:mentions <entity/Q3874799> , <entity/Q183> , <entity/Q7184> , <entity/person/steve-witkoff> ,
            <entity/Q239> , <entity/Q90> .
    <doc/004_3582286007b5076d#char=0,271> a nif:Context ;
        nif:isString '''Zelensky dropped the goal of joining NATO on Sunday. Germany opposes Ukraine's membership. "No one is removing this issue from the table," Zelensky had said. Zelensky met Witkoff in Brussels for talks. Leaders met in Paris on March 27. Zelensky wants security guarantees.''' .

    <doc/004_3582286007b5076d#char=0,8> a nif:String , nif:Phrase ;
        nif:referenceContext <doc/004_3582286007b5076d#char=0,271> ;
        nif:beginIndex "0"^^xsd:nonNegativeInteger ; nif:endIndex "8"^^xsd:nonNegativeInteger ;
        nif:anchorOf "Zelensky" ; itsrdf:taIdentRef <entity/Q3874799> .
    <doc/004_3582286007b5076d#char=53,60> a nif:String , nif:Phrase ;
        nif:referenceContext <doc/004_3582286007b5076d#char=0,271> ;
        nif:beginIndex "53"^^xsd:nonNegativeInteger ; nif:endIndex "60"^^xsd:nonNegativeInteger ;
        nif:anchorOf "Germany" ; itsrdf:taIdentRef <entity/Q183> .
    <doc/004_3582286007b5076d#char=37,41> a nif:String , nif:Phrase ;
        nif:referenceContext <doc/004_3582286007b5076d#char=0,271> ;
        nif:beginIndex "37"^^xsd:nonNegativeInteger ; nif:endIndex "41"^^xsd:nonNegativeInteger ;
        nif:anchorOf "NATO" ; itsrdf:taIdentRef <entity/Q7184> .
    <doc/004_3582286007b5076d#char=171,178> a nif:String , nif:Phrase ;
        nif:referenceContext <doc/004_3582286007b5076d#char=0,271> ;
        nif:beginIndex "171"^^xsd:nonNegativeInteger ; nif:endIndex "178"^^xsd:nonNegativeInteger ;
        nif:anchorOf "Witkoff" ; itsrdf:taIdentRef <entity/person/steve-witkoff> .
    <doc/004_3582286007b5076d#char=182,190> a nif:String , nif:Phrase ;
        nif:referenceContext <doc/004_3582286007b5076d#char=0,271> ;
        nif:beginIndex "182"^^xsd:nonNegativeInteger ; nif:endIndex "190"^^xsd:nonNegativeInteger ;
        nif:anchorOf "Brussels" ; itsrdf:taIdentRef <entity/Q239> .
    <doc/004_3582286007b5076d#char=217,222> a nif:String , nif:Phrase ;
        nif:referenceContext <doc/004_3582286007b5076d#char=0,271> ;
        nif:beginIndex "217"^^xsd:nonNegativeInteger ; nif:endIndex "222"^^xsd:nonNegativeInteger ;
        nif:anchorOf "Paris" ; itsrdf:taIdentRef <entity/Q90> .

    <doc/004_3582286007b5076d#char=9,41> a nif:String , nif:Phrase ;
        nif:referenceContext <doc/004_3582286007b5076d#char=0,271> ;
        nif:beginIndex "9"^^xsd:nonNegativeInteger ; nif:endIndex "41"^^xsd:nonNegativeInteger ;
        nif:anchorOf "dropped the goal of joining NATO" .
    <doc/004_3582286007b5076d#char=0,52> a nif:String , nif:Sentence ;
        nif:referenceContext <doc/004_3582286007b5076d#char=0,271> ;
        nif:beginIndex "0"^^xsd:nonNegativeInteger ; nif:endIndex "52"^^xsd:nonNegativeInteger ;
        nif:anchorOf "Zelensky dropped the goal of joining NATO on Sunday." .
    <doc/004_3582286007b5076d#char=61,89> a nif:String , nif:Phrase ;
        nif:referenceContext <doc/004_3582286007b5076d#char=0,271> ;
        nif:beginIndex "61"^^xsd:nonNegativeInteger ; nif:endIndex "89"^^xsd:nonNegativeInteger ;
        nif:anchorOf "opposes Ukraine's membership" .
    <doc/004_3582286007b5076d#char=53,90> a nif:String , nif:Sentence ;
        nif:referenceContext <doc/004_3582286007b5076d#char=0,271> ;
        nif:beginIndex "53"^^xsd:nonNegativeInteger ; nif:endIndex "90"^^xsd:nonNegativeInteger ;
        nif:anchorOf "Germany opposes Ukraine's membership." .
    <doc/004_3582286007b5076d#char=92,136> a nif:String , nif:Phrase ;
        nif:referenceContext <doc/004_3582286007b5076d#char=0,271> ;
        nif:beginIndex "92"^^xsd:nonNegativeInteger ; nif:endIndex "136"^^xsd:nonNegativeInteger ;
        nif:anchorOf "No one is removing this issue from the table" .
    <doc/004_3582286007b5076d#char=91,157> a nif:String , nif:Sentence ;
        nif:referenceContext <doc/004_3582286007b5076d#char=0,271> ;
        nif:beginIndex "91"^^xsd:nonNegativeInteger ; nif:endIndex "157"^^xsd:nonNegativeInteger ;
        nif:anchorOf '"No one is removing this issue from the table," Zelensky had said.' .
    <doc/004_3582286007b5076d#char=167,200> a nif:String , nif:Phrase ;
        nif:referenceContext <doc/004_3582286007b5076d#char=0,271> ;
        nif:beginIndex "167"^^xsd:nonNegativeInteger ; nif:endIndex "200"^^xsd:nonNegativeInteger ;
        nif:anchorOf "met Witkoff in Brussels for talks" .
    <doc/004_3582286007b5076d#char=158,201> a nif:String , nif:Sentence ;
        nif:referenceContext <doc/004_3582286007b5076d#char=0,271> ;
        nif:beginIndex "158"^^xsd:nonNegativeInteger ; nif:endIndex "201"^^xsd:nonNegativeInteger ;
        nif:anchorOf "Zelensky met Witkoff in Brussels for talks." .
    <doc/004_3582286007b5076d#char=202,222> a nif:String , nif:Phrase ;
        nif:referenceContext <doc/004_3582286007b5076d#char=0,271> ;
        nif:beginIndex "202"^^xsd:nonNegativeInteger ; nif:endIndex "222"^^xsd:nonNegativeInteger ;
        nif:anchorOf "Leaders met in Paris" .
    <doc/004_3582286007b5076d#char=202,235> a nif:String , nif:Sentence ;
        nif:referenceContext <doc/004_3582286007b5076d#char=0,271> ;
        nif:beginIndex "202"^^xsd:nonNegativeInteger ; nif:endIndex "235"^^xsd:nonNegativeInteger ;
        nif:anchorOf "Leaders met in Paris on March 27." .
    <doc/004_3582286007b5076d#char=245,270> a nif:String , nif:Phrase ;
        nif:referenceContext <doc/004_3582286007b5076d#char=0,271> ;
        nif:beginIndex "245"^^xsd:nonNegativeInteger ; nif:endIndex "270"^^xsd:nonNegativeInteger ;
        nif:anchorOf "wants security guarantees" .
    <doc/004_3582286007b5076d#char=236,271> a nif:String , nif:Sentence ;
        nif:referenceContext <doc/004_3582286007b5076d#char=0,271> ;
        nif:beginIndex "236"^^xsd:nonNegativeInteger ; nif:endIndex "271"^^xsd:nonNegativeInteger ;
        nif:anchorOf "Zelensky wants security guarantees." .

    <stance/b1> a ont:Stance ;
        ont:holder <entity/Q3874799> ;
        ont:topic topic:ukraine_nato_membership ;
        ont:polarity "oppose" ;
        ont:conditional false ;
        ont:date "2025-12-14"^^xsd:date ;
        ont:cue "dropped the goal of" ;
        ont:confidence 0.9 ;
        ont:evidence <doc/004_3582286007b5076d#char=9,41> ;
        ont:sentence <doc/004_3582286007b5076d#char=0,52> ;
        prov:wasDerivedFrom <doc/004_3582286007b5076d> ;
        prov:wasAttributedTo <agent/extractor/0.1.0> .
    <stance/b2> a ont:Stance ;
        ont:holder <entity/Q183> ;
        ont:topic topic:ukraine_nato_membership ;
        ont:polarity "oppose" ;
        ont:conditional false ;
        ont:cue "opposes" ;
        ont:confidence 0.7 ;
        ont:evidence <doc/004_3582286007b5076d#char=61,89> ;
        ont:sentence <doc/004_3582286007b5076d#char=53,90> ;
        prov:wasDerivedFrom <doc/004_3582286007b5076d> ;
        prov:wasAttributedTo <agent/extractor/0.1.0> .
    <stance/b3> a ont:Stance ;
        ont:holder <entity/Q3874799> ;
        ont:topic topic:security_guarantees ;
        ont:polarity "support" ;
        ont:conditional true ;
        ont:cue "wants" ;
        ont:confidence 0.75 ;
        ont:evidence <doc/004_3582286007b5076d#char=245,270> ;
        ont:sentence <doc/004_3582286007b5076d#char=236,271> ;
        prov:wasDerivedFrom <doc/004_3582286007b5076d> ;
        prov:wasAttributedTo <agent/extractor/0.1.0> .
    <quote/b1> a ont:Statement ;
        ont:speaker <entity/Q3874799> ;
        ont:quote "No one is removing this issue from the table" ;
        ont:confidence 0.9 ;
        ont:evidence <doc/004_3582286007b5076d#char=92,136> ;
        ont:sentence <doc/004_3582286007b5076d#char=91,157> ;
        prov:wasDerivedFrom <doc/004_3582286007b5076d> ;
        prov:wasAttributedTo <agent/extractor/0.1.0> .
    <event/b1> a ont:Meeting ;
        rdfs:label "meeting of leaders in Paris" ;
        ont:date "2025-03-27"^^xsd:date ;
        ont:place <entity/Q90> ;
        ont:participant <entity/Q3874799> ;
        ont:confidence 0.6 ;
        ont:evidence <doc/004_3582286007b5076d#char=202,222> ;
        ont:sentence <doc/004_3582286007b5076d#char=202,235> ;
        prov:wasDerivedFrom <doc/004_3582286007b5076d> ;
        prov:wasAttributedTo <agent/extractor/0.1.0> .
    <event/b2> a ont:Talks , ont:Event ;
        rdfs:label "talks in Brussels" ;
        ont:date "2025-12-14"^^xsd:date ;
        ont:place <entity/Q239> ;
        ont:participant <entity/Q3874799> , <entity/person/steve-witkoff> ;
        ont:confidence 0.7 ;
        ont:evidence <doc/004_3582286007b5076d#char=167,200> ;
        ont:sentence <doc/004_3582286007b5076d#char=158,201> ;
        prov:wasDerivedFrom <doc/004_3582286007b5076d> ;
        prov:wasAttributedTo <agent/extractor/0.1.0> .
}

<graph/merged> {
    <event/m-paris> a ont:Meeting ;
        rdfs:label "meeting of leaders in Paris" ;
        ont:date "2025-03-27"^^xsd:date ;
        ont:place <entity/Q90> ;
        ont:participant <entity/Q3874799> ;
        ont:mergedFrom <event/a1> , <event/b1> ;
        prov:wasDerivedFrom <doc/000_060a9d78343a8748> , <doc/004_3582286007b5076d> ;
        ont:mergeReason "same type; same date 2025-03-27; same place Paris" .
    <event/m-quote> a ont:Statement ;
        ont:speaker <entity/Q3874799> ;
        ont:quote "No one is removing this issue from the table" ;
        ont:date "2025-04-04"^^xsd:date ;
        ont:mergedFrom <quote/a1> , <quote/b1> ;
        prov:wasDerivedFrom <doc/000_060a9d78343a8748> , <doc/004_3582286007b5076d> ;
        ont:mergeReason "same speaker; same words" .
}
"""


def sample_store(trig: str = SAMPLE_TRIG, with_ontology: bool = True) -> ox.Store:
    """The sample dataset in a fresh in-memory store, with the ontology graph as kg build writes it."""
    store = ox.Store()
    store.load(trig.encode("utf-8"), format=ox.RdfFormat.TRIG)
    if with_ontology:
        for name in ("kg.ttl", "topics.ttl"):
            store.load(path=str(data_path("ontology") / name), format=ox.RdfFormat.TURTLE,
                       to_graph=ox.NamedNode(BASE + "graph/ontology"))
    return store
