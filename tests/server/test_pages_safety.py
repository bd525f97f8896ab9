"""Pages never link to a script URL whatever the store holds, and every response carries the
headers that stop inline script, MIME sniffing and framing (the app sets both: Flask's test client)."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from server.app import create_app
from tests.server.conftest import build_store, make_settings

HOSTILE = "javascript://%0Adocument.title='pwned'"
SCHEMA_URL = ox.NamedNode("http://schema.org/url")


@pytest.fixture()
def hostile_store(tmp_path):
    """The sample store, with a javascript: url on the document of one stance."""
    store = ox.Store(str(build_store(tmp_path / "store")))
    client = create_app(make_settings(tmp_path / "store"), store).test_client()
    edge = client.get("/api/graph").get_json()["elements"]["edges"][0]["data"]
    stance, doc = edge["id"], edge["doc"]
    for iri in (HOSTILE, "JAVASCRIPT:alert(1)", "data:text/html,%3Cscript%3Ealert(1)%3C/script%3E"):
        store.add(ox.Quad(ox.NamedNode(doc), SCHEMA_URL, ox.NamedNode(iri), ox.NamedNode(doc.replace("/doc/", "/graph/"))))
    return client, stance, doc


@pytest.fixture(scope="module")
def client(store_path):
    return create_app(make_settings(store_path)).test_client()


def test_script_urls_are_never_links(hostile_store):
    client, stance, doc = hostile_store
    evidence = client.get("/api/edge", query_string={"id": stance}).get_json()["stances"][0]
    assert evidence["docUrl"] == ""
    page = client.get("/" + doc.split("/", 3)[3], headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "JAVASCRIPT:alert(1)" in page.text  # shown as text
    lowered = page.text.lower()
    assert 'href="javascript:' not in lowered and 'href="data:' not in lowered


@pytest.mark.parametrize("path, accept", [("/", "text/html"), ("/graph", "text/html"), ("/query", "text/html"),
                                          ("/sparql", "text/html"), ("/sparql?query=ASK%7B%7D", "*/*"),
                                          ("/sparql?query=nonsense", "*/*"), ("/entity/nothing-here", "text/html")])
def test_security_headers_on_every_response(client, path, accept):
    response = client.get(path, headers={"Accept": accept})
    csp = response.headers.get("Content-Security-Policy", "")
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.headers.get("X-Frame-Options") == "DENY"
