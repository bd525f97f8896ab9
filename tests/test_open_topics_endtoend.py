"""An article on another subject than the taxonomy's (a trade dispute, written for this test):
its stances get open topics, never a Ukraine question, and those topics travel through the
store to `kg query stances`, `who-supports`/`who-opposes` and the graph page's data."""
from __future__ import annotations

from pathlib import Path

import pytest

from server.app import create_app
from tests.built_store import build_articles, query_rows as _rows

ARTICLE = Path(__file__).resolve().parent / "data" / "offtopic_trade.txt"


@pytest.fixture(scope="module")
def trade_store(tmp_path_factory):
    return build_articles(tmp_path_factory.mktemp("offtopic"), {"trade.txt": ARTICLE})


def test_off_subject_stances_have_open_topics_in_kg_query_stances(trade_store):
    rows = _rows(trade_store, "stances")
    assert rows, "the article states positions"
    assert all(r["topicKey"].startswith("open_") for r in rows)      # nothing filed under the taxonomy
    canada = {(r["holderLabel"], r["polarity"]) for r in rows if "levy" in r["topicLabel"]}
    assert ("Canada", "oppose") in canada


def test_who_supports_and_who_opposes_take_an_open_topic(trade_store):
    rows = _rows(trade_store, "stances")
    for key in {r["topicKey"] for r in rows}:
        for query, polarity in (("who-supports", "support"), ("who-opposes", "oppose")):
            expected = {r["holderLabel"] for r in rows if r["topicKey"] == key and r["polarity"] == polarity}
            got = {r["holderLabel"] for r in _rows(trade_store, query, {"topicKey": key})}
            assert got == expected


def test_the_graph_page_draws_the_open_topic(trade_store):
    rows = _rows(trade_store, "stances")
    graph = create_app(trade_store).test_client().get("/api/graph").get_json()
    topics = {n["data"]["key"]: n["data"]["label"] for n in graph["elements"]["nodes"]
              if n["data"].get("kind") == "topic"}
    assert topics == {r["topicKey"]: r["topicLabel"] for r in rows}
    actors = {n["data"]["label"] for n in graph["elements"]["nodes"] if n["data"].get("kind") == "actor"}
    assert actors == {r["holderLabel"] for r in rows}
