"""A running server sees a new build without a restart (it reopens its read-only snapshot)."""
import gc
import shutil
import time
from pathlib import Path

import requests

from kg.build import build
from kg.config import Settings
from server.app import StoreHolder, create_app
from tests.server.conftest import GunicornServer

SOURCES = Path(__file__).resolve().parents[2] / "sources"


def count_documents(client) -> int:
    response = client.get("/sparql", query_string={
        "query": "SELECT (COUNT(?d) AS ?n) WHERE { ?d a <https://w3id.org/newskg/ontology#Document> }"},
        headers={"Accept": "text/csv"})
    assert response.status_code == 200, response.get_data(as_text=True)
    return int(response.get_data(as_text=True).splitlines()[1])


def test_server_picks_up_a_new_build(tmp_path):
    """With the shipped RELOAD_CHECK (a first check right after the build is throttled)."""
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
    count_documents(client)   # a check inside the throttle window must not use up the change
    time.sleep(StoreHolder.RELOAD_CHECK + 0.1)
    assert count_documents(client) == 2


def test_every_gunicorn_worker_answers_the_new_build_within_the_documented_delay(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(SOURCES / "000_060a9d78343a8748.txt", articles)
    settings = Settings.load(store=str(tmp_path / "store"), env={})
    build([str(articles)], settings, validate=False, progress=False)
    gc.collect()
    server = GunicornServer(tmp_path / "store", tmp_path, server_workers=3, server_threads=2)
    try:
        assert {count_over_http(server.url) for _ in range(30)} == {1}   # every worker has its snapshot
        shutil.copy(SOURCES / "004_3582286007b5076d.txt", articles)
        time.sleep(0.05)
        build([str(articles)], settings, validate=False, progress=False)
        gc.collect()
        built = time.monotonic()
        seen = [count_over_http(server.url) for _ in range(20)]   # inside the delay: old or new
        assert set(seen) <= {1, 2}
        time.sleep(max(0.0, built + StoreHolder.RELOAD_CHECK + 0.5 - time.monotonic()))
        answers = [count_over_http(server.url) for _ in range(60)]   # fresh connections, all workers
        assert answers == [2] * 60, answers
    finally:
        assert server.stop() == 0, server.output()


def count_over_http(url: str) -> int:
    response = requests.get(url + "/sparql", headers={"Accept": "text/csv", "Connection": "close"}, timeout=10,
                            params={"query": "SELECT (COUNT(?d) AS ?n) WHERE "
                                             "{ ?d a <https://w3id.org/newskg/ontology#Document> }"})
    assert response.status_code == 200, response.text
    return int(response.text.splitlines()[1])
