"""A running server sees a new build without a restart (it reopens its read-only snapshot)."""
import gc
import shutil
import time
from pathlib import Path

from kg.build import build
from kg.config import Settings
from server.app import StoreHolder, create_app

SOURCES = Path(__file__).resolve().parents[2] / "sources"


def count_documents(client) -> int:
    response = client.get("/sparql", query_string={
        "query": "SELECT (COUNT(?d) AS ?n) WHERE { ?d a <https://w3id.org/newskg/ontology#Document> }"},
        headers={"Accept": "text/csv"})
    assert response.status_code == 200, response.get_data(as_text=True)
    return int(response.get_data(as_text=True).splitlines()[1])


def test_server_picks_up_a_new_build(tmp_path, monkeypatch):
    monkeypatch.setattr(StoreHolder, "RELOAD_CHECK", 0.0)
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(SOURCES / "000_060a9d78343a8748.txt", articles)
    settings = Settings.load(store=str(tmp_path / "store"), env={})
    build([str(articles)], settings, validate=False, progress=False)
    gc.collect()
    client = create_app(settings).test_client()
    assert count_documents(client) == 1
    shutil.copy(SOURCES / "004_3582286007b5076d.txt", articles)
    time.sleep(0.05)          # a distinct modification time for the stamp
    build([str(articles)], settings, validate=False, progress=False)
    gc.collect()
    assert count_documents(client) == 2
