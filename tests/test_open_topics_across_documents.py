"""Two articles that word one issue differently share its open topic, each stance keeps its own
words as its label, and the cross-document step puts the specific issue under the general one."""
from __future__ import annotations

import pytest

from kg.domain import load_domain
from kg.extract.topics import canonical_key
from tests.built_store import build_articles, query_rows as _rows

ARTICLES = {
    "a.txt": "date 2025-06-02\nParis backs EV duties\n\nFrance supports the duties on Chinese EVs, "
             "the French trade minister said on Monday.\n",
    "b.txt": "date 2025-06-03\nBerlin against EV tariffs\n\nGermany opposes the tariffs on Chinese electric "
             "vehicles, a government spokesman said on Tuesday.\n",
    "c.txt": "date 2025-06-04\nMadrid and tariffs\n\nSpain opposes tariffs, the economy minister said.\n",
}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return build_articles(tmp_path_factory.mktemp("across"), ARTICLES)


def test_canonical_keys_use_one_word_per_issue_and_countries_by_name():
    domain = load_domain()
    keys = [canonical_key(k, domain.cues.issue_synonyms, domain.gazetteer) for k in
            ("open_duty_chinese_ev", "open_tariff_chinese_electric_vehicle", "open_truce_gaza", "open_beijing_levy")]
    assert keys == ["open_tariff_china_electric_vehicle", "open_tariff_china_electric_vehicle", "open_ceasefire_gaza",
                    "open_china_tariff"]
    # a leaders' meeting is a summit; an attack, an assault, a raid a strike; military assistance is aid
    keys = [canonical_key(k, domain.cues.issue_synonyms, domain.gazetteer) for k in
            ("open_meeting_putin_zelensky", "open_israeli_assault_doha", "open_military_assistance")]
    assert keys == ["open_summit_putin_zelensky", "open_israel_strike_qatar", "open_military_aid"]


def test_only_a_word_the_phrase_capitalises_names_a_country():
    # "cars" is no "CAR" (the Central African Republic); "UAE" in capitals is the Emirates
    domain = load_domain()
    key = canonical_key("open_tariff_chinese_car_uae_steel", domain.cues.issue_synonyms, domain.gazetteer,
                        "tariffs on Chinese cars and UAE steel")
    assert key == "open_tariff_china_car_united_arab_emirates_steel"


def test_one_issue_worded_two_ways_is_one_topic_with_each_documents_words(store):
    rows = {(r["holderLabel"], r["polarity"], r["topicKey"], r["topicLabel"]) for r in _rows(store, "stances")}
    assert rows == {
        ("France", "support", "open_electric_vehicle_tariff", "EV duties"),        # the headline
        ("France", "support", "open_tariff_china_electric_vehicle", "duties on Chinese EVs"),
        ("Germany", "oppose", "open_tariff_china_electric_vehicle", "tariffs on Chinese electric vehicles"),
        ("Spain", "oppose", "open_tariff", "tariffs")}
    assert {r["holderLabel"] for r in _rows(store, "who-supports", {"topicKey": "open_tariff_china_electric_vehicle"})} \
        == {"France"}


def test_the_specific_issue_is_narrower_than_the_general_one(store):
    rows = _rows(store, """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?n ?b WHERE { ?t skos:broader ?u . ?t skos:notation ?n . ?u skos:notation ?b }""")
    assert {(r["n"], r["b"]) for r in rows} == {
        ("open_tariff_china_electric_vehicle", "open_electric_vehicle_tariff"), ("open_electric_vehicle_tariff", "open_tariff")}


def test_the_topic_page_links_broader_and_narrower_topics(store):
    from server.app import create_app
    client = create_app(store).test_client()
    html = {"Accept": "text/html"}
    general = client.get("/topic/open_tariff", headers=html).get_data(as_text=True)
    specific = client.get("/topic/open_electric_vehicle_tariff", headers=html).get_data(as_text=True)
    assert 'Narrower: <a href="/topic/open_electric_vehicle_tariff">' in general
    assert 'Broader: <a href="/topic/open_tariff">' in specific
    assert 'Narrower: <a href="/topic/open_tariff_china_electric_vehicle">' in specific
