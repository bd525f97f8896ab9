"""The fast SHACL engine (rudof) against the reference (pyshacl): the same answer on good data
and on each kind of fault ontology/shapes.ttl catches (kg/validate/)."""
from __future__ import annotations

import pytest

from kg.validate import validate_graph, validate_store
from tests.query_sample import SAMPLE_TRIG, sample_store

pytest.importorskip("pyrudof")


DOC = "<doc/000_060a9d78343a8748>"
SPAN = "<doc/000_060a9d78343a8748#char=9,44>"
SENTENCE = "<doc/000_060a9d78343a8748#char=0,64>"

# Each fault: triples added to the sample in a graph of their own, and the constraint it breaks.
FAULTS = {
    "sh:in + maxCount (polarity)": '<stance/a1> ont:polarity "maybe" .',
    "minCount (a stance with nothing)": "<stance/x> a ont:Stance .",
    "sh:node Actor (holder a document)": f"<stance/a1> ont:holder {DOC} .",
    "sh:node TopicInScheme (a topic outside the scheme)": "<stance/a1> ont:topic topic:world_peace .",
    "sh:datatype (double confidence)": '<stance/a1> ont:confidence "0.8"^^xsd:double .',
    "minInclusive/maxInclusive (confidence 1.5)": '<role/a1> ont:confidence "1.5"^^xsd:decimal .',
    "sh:or of datatypes (date as text)": '<stance/b1> ont:date "soon" .',
    "sh:xone (Person and Organization)": "<entity/Q22686> a ont:Organization .",
    "sh:nodeKind (sameAs a literal)": '<entity/Q22686> owl:sameAs "Q22686" .',
    "qualifiedMaxCount (two Wikidata items)": "<entity/Q22686> owl:sameAs wd:Q1 .",
    "sh:pattern (Wikidata page, not item)": "<entity/Q22686> owl:sameAs <https://www.wikidata.org/wiki/Q22686> .",
    "maxCount (two labels)": '<entity/Q22686> rdfs:label "Donald J. Trump" .',
    "sh:class (role holder a country)": "<role/a1> ont:roleHolder <entity/Q183> .",
    "lessThanOrEquals and the anchor check": (
        '<span/x> nif:beginIndex "9"^^xsd:nonNegativeInteger ; nif:endIndex "4"^^xsd:nonNegativeInteger ; '
        'nif:anchorOf "abcde" .'),
    "whole-graph anchor check only": (
        f'<doc/000_060a9d78343a8748#char=300,305> nif:beginIndex "300"^^xsd:nonNegativeInteger ; '
        f'nif:endIndex "305"^^xsd:nonNegativeInteger ; nif:anchorOf "Kyiv!" ; '
        f'nif:referenceContext <doc/000_060a9d78343a8748#char=0,263> .'),
    "document without file and hash": "<doc/new> a ont:Document .",
    "sh:pattern (text fingerprint)": f'{DOC} ont:textFingerprint "XYZ" .',
    "schema:mentions a non-entity": f"{DOC} schema:mentions <stance/a1> .",
    "context without text": "<ctx/x> a nif:Context .",
    "top-level sh:or (event without evidence or members)": f"<event/new> a ont:Meeting ; prov:wasDerivedFrom {DOC} .",
    "sh:node EventNode (merged from an entity)": (
        f"<event/m1> a ont:Meeting ; ont:mergedFrom <entity/Q22686> ; prov:wasDerivedFrom {DOC} ."),
    "sh:node Location (a person as place)": "<event/a1> ont:place <entity/Q57792> .",
    "speaker not an actor, no quote": (
        f"<quote/x> a ont:Statement ; ont:speaker <entity/Q90> ; ont:evidence {SPAN} ; "
        f"ont:sentence {SENTENCE} ; prov:wasDerivedFrom {DOC} ."),
    "derivedFrom a non-document": "<stance/a1> prov:wasDerivedFrom <entity/Q22686> .",
    "topic cue term in capitals": 'topic:ukraine_nato_membership ont:cueTerm "NATO" .',
}


def _with(triples: str) -> str:
    return SAMPLE_TRIG + f"\n<graph/fault> {{\n    {triples}\n}}\n"


def _answer(report) -> tuple[bool, set]:
    return report.conforms, {(v.focus, v.path, v.severity, v.message) for v in report.violations}


def test_engines_agree_on_good_data():
    reference = validate_graph(SAMPLE_TRIG, engine="pyshacl")
    fast = validate_graph(SAMPLE_TRIG, engine="rudof")
    assert reference.conforms and fast.conforms
    assert _answer(fast) == _answer(reference)


@pytest.mark.parametrize("fault", list(FAULTS))
def test_engines_agree_on_each_fault(fault):
    data = _with(FAULTS[fault])
    reference = validate_graph(data, engine="pyshacl")
    fast = validate_graph(data, engine="rudof")
    assert not reference.conforms, f"{fault}: the shapes should catch it"
    assert _answer(fast) == _answer(reference)
    assert "Conforms: False" in fast.text


def test_engines_agree_on_the_sample_store():
    store = sample_store(_with(FAULTS["sh:xone (Person and Organization)"] + "\n"
                                      + FAULTS["sh:in + maxCount (polarity)"]))
    reference = validate_store(store, engine="pyshacl")
    fast = validate_store(store, engine="rudof")
    assert not fast.conforms
    assert _answer(fast) == _answer(reference)
    assert validate_store(sample_store(), engine="rudof").conforms


def test_unknown_engine():
    with pytest.raises(ValueError, match="unknown SHACL engine"):
        validate_graph(SAMPLE_TRIG, engine="jena")
