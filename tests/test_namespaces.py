"""Namespace IRIs are declared once, in kg/namespaces.py; kg.mapping keeps re-exporting its names."""
from __future__ import annotations

from pathlib import Path

import pytest

import kg.mapping
import kg.namespaces

ROOT = Path(__file__).resolve().parent.parent
NAMESPACES = {name: value for name, value in vars(kg.namespaces).items()
              if name.isupper() and isinstance(value, str)}
ELSEWHERE = ("kg/extract/", "kg/lexicon.py")
"""Modules another change is rewriting: they import from kg.mapping and are checked by then."""


def _modules() -> list[Path]:
    return [path for folder in ("kg", "server") for path in sorted((ROOT / folder).rglob("*.py"))
            if not path.relative_to(ROOT).as_posix().startswith(ELSEWHERE)]


@pytest.mark.parametrize("name", sorted(NAMESPACES))
def test_each_namespace_iri_is_written_in_one_module(name):
    iri = NAMESPACES[name]
    holders = [path.relative_to(ROOT).as_posix() for path in _modules() if iri in path.read_text(encoding="utf-8")]
    assert holders == ["kg/namespaces.py"]


def test_mapping_still_exports_the_data_namespaces():
    for name in ("ONT", "TOPIC", "WD", "DBR", "RDF", "RDFS", "OWL", "XSD", "PROV", "DCT", "SCHEMA", "NIF",
                 "ITSRDF", "SKOS", "PREFIXES"):
        assert getattr(kg.mapping, name) is getattr(kg.namespaces, name)


def test_sparql_prefixes_declares_the_named_prefixes():
    text = kg.namespaces.sparql_prefixes("ont", "skos")
    assert text == f"PREFIX ont: <{kg.namespaces.ONT}>\nPREFIX skos: <{kg.namespaces.SKOS}>\n"
