"""The hand-written store the server tests serve (data/sample.trig) follows the model: it
conforms to ontology/shapes.ttl, so the pages and endpoints are tested on data `kg build` could
have written, and a fault added to it is caught (the check is not vacuous)."""
from __future__ import annotations

from importlib.util import find_spec

import pytest

from kg.validate import validate_graph, validate_store
from tests.server.conftest import BASE, SAMPLE, build_store

ENGINES = ["pyshacl", pytest.param("rudof", marks=pytest.mark.skipif(find_spec("pyrudof") is None,
                                                                     reason="pyrudof not installed"))]


@pytest.mark.parametrize("engine", ENGINES)
def test_sample_trig_conforms_to_the_shapes(engine):
    report = validate_graph(SAMPLE, engine=engine)
    assert report.conforms, report.summary()
    assert report.violations == []


def test_the_store_built_from_it_conforms(tmp_path):
    report = validate_store(build_store(tmp_path / "store"), base_iri=BASE)
    assert report.conforms, report.summary()


def test_a_fault_in_it_is_reported():
    text = SAMPLE.read_text(encoding="utf-8")
    fault = 'ont:polarity "support" ;'
    assert text.count(fault) == 1
    report = validate_graph(text.replace(fault, 'ont:polarity "maybe" ;'))
    assert not report.conforms
    assert {v.focus for v in report.violations} == {BASE + "stance/s1"}
