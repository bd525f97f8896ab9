"""kg.evaluate: hand-made query rows against a hand-made gold folder, and the repository's gold files."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kg.evaluate import (
    Actor, GoldError, dates_compatible, evaluate, load_gold, normalise_label, normalise_role,
    roles_match, same_actor,
)

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold"
EXTRA = GOLD / "extra"
B = "http://127.0.0.1:8000/"
WD = "http://www.wikidata.org/entity/"
ONT = "https://w3id.org/newskg/ontology#"
TOPICS = {"ukraine_nato_membership", "security_guarantees", "foreign_troops_in_ukraine", "ceasefire",
          "nato_enlargement", "ukraine_neutrality", "territorial_concessions", "us_peace_plan",
          "direct_us_russia_talks"}
EVENT_TYPES = {"Meeting", "Talks", "Visit", "Statement", "Proposal", "Application", "Invasion", "Announcement"}


def doc(d: str) -> str:
    return f"{B}doc/{d}"


def ent(tail: str) -> str:
    return f"{B}entity/{tail}"


def write_gold(folder: Path, doc_id: str, **lists) -> Path:
    data = {"doc_id": doc_id, "article_date": lists.pop("article_date", None)}
    for kind in ("entities", "roles", "stances", "events", "quotes"):
        data[kind] = lists.get(kind, [])
    path = folder / f"{doc_id}.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def stance(holder, qid, topic, polarity, date=None, conditional=False):
    return {"holder": holder, "holder_wikidata": qid, "topic": topic, "polarity": polarity,
            "conditional": conditional, "date": date, "evidence": "…"}


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "gold"
    folder.mkdir()
    write_gold(
        folder, "d1", article_date="2025-04-04",
        entities=[
            {"label": "Volodymyr Zelensky", "type": "Person", "wikidata": "Q3874799"},
            {"label": "Donald Trump", "type": "Person", "wikidata": "Q22686"},
            {"label": "Steve Witkoff", "type": "Person", "wikidata": None},
            {"label": "Donbas", "type": "Place", "wikidata": None},
        ],
        roles=[
            {"person": "Mark Rutte", "person_wikidata": "Q57792", "role": "Secretary General",
             "org": "NATO", "org_wikidata": "Q7184"},
            {"person": "Steve Witkoff", "person_wikidata": None, "role": "Special Envoy", "org": None,
             "org_wikidata": None, "notes": "Trump's envoy"},
        ],
        stances=[
            stance("Volodymyr Zelensky", None, "ukraine_nato_membership", "support", "2025-04-04"),
            stance("Donald Trump", "Q22686", "ukraine_nato_membership", "oppose", "2025"),
            stance("Russia", "Q159", "foreign_troops_in_ukraine", "oppose"),
        ],
        events=[
            {"type": "Meeting", "date": "2025-03", "place": "Paris", "place_wikidata": "Q90", "participants": []},
            {"type": "Invasion", "date": "2022-02", "participants": ["Russia"], "participants_wikidata": ["Q159"]},
            {"type": "Talks", "date": None, "participants": ["Steve Witkoff"], "participants_wikidata": [None]},
        ],
        quotes=[
            {"speaker": "Donald Trump", "speaker_wikidata": "Q22686",
             "quote_start": "he wants to be a member of NATO. Well, he", "date": "2025"},
            {"speaker": "Volodymyr Zelensky", "speaker_wikidata": "Q3874799", "quote_start": "just peace", "date": None},
            {"speaker": None, "speaker_wikidata": None,
             "quote_start": "is an option that makes many allies very uneasy", "date": None},
        ],
    )
    write_gold(folder, "d2", entities=[{"label": "NATO", "type": "Organization", "wikidata": "Q7184"}])
    return folder


ROWS = {
    "entities": [
        {"entity": ent("Q3874799"), "label": "Volodymyr Zelenskyy", "type": ONT + "Person",
         "wikidata": WD + "Q3874799", "doc": doc("d1")},                                       # tp (by ID)
        {"entity": ent("person/witkoff"), "label": "Witkoff", "type": ONT + "Person", "doc": doc("d1")},  # tp (surname)
        {"entity": ent("Q7747"), "label": "Vladimir Putin", "type": ONT + "Person",
         "wikidata": WD + "Q7747", "doc": doc("d1")},                                          # fp
        {"entity": ent("Q7184"), "label": "NATO", "type": ONT + "Organization",
         "wikidata": WD + "Q7184", "doc": doc("d2")},                                          # tp
        {"entity": ent("Q1"), "label": "Universe", "doc": doc("d3")},                          # no gold: ignored
    ],
    "roles": [
        {"person": ent("Q57792"), "personLabel": "Mark Rutte", "personWikidata": WD + "Q57792",
         "role": "secretary-general", "org": ent("Q7184"), "orgLabel": "NATO", "doc": doc("d1")},  # tp
        {"person": ent("person/steve-witkoff"), "personLabel": "Steve Witkoff", "role": "special envoy for peace missions",
         "org": ent("Q30"), "orgLabel": "United States", "doc": doc("d1")},                   # tp (lenient title, no gold org)
        {"person": ent("Q3874799"), "personLabel": "Volodymyr Zelensky", "role": "President", "doc": doc("d1")},  # fp
    ],
    "stances": [
        {"stance": B + "stance/1", "holder": ent("person/zelensky"), "holderLabel": "Zelensky's",
         "topicKey": "ukraine_nato_membership", "polarity": "support", "conditional": "false",
         "date": "2025-04-04", "doc": doc("d1")},                                              # tp (possessive + surname)
        {"stance": B + "stance/2", "holder": ent("Q22686"), "topicKey": "https://w3id.org/newskg/topic/ukraine_nato_membership",
         "polarity": "oppose", "conditional": "false", "date": "2025-04-01", "doc": doc("d1")},  # tp, date wrong
        {"stance": B + "stance/3", "holder": ent("Q22686"), "topicKey": "ukraine_nato_membership",
         "polarity": "oppose", "doc": doc("d1")},                                              # duplicate
        {"stance": B + "stance/4", "holder": ent("Q159"), "topicKey": "foreign_troops_in_ukraine",
         "polarity": "support", "doc": doc("d1")},                                             # fp (polarity)
        {"stance": B + "stance/5", "holder": ent("Q159"), "topicKey": "ceasefire",
         "polarity": "support", "doc": doc("d3")},                                             # no gold: ignored
    ],
    "events": [
        {"event": B + "event/1", "type": ONT + "Meeting", "date": "2025-03-27", "place": ent("Q90"),
         "placeWikidata": WD + "Q90", "doc": doc("d1")},                                       # tp (date prefix, place)
        {"event": B + "event/2", "type": ONT + "Invasion", "date": "2022-03", "participant": ent("Q159"),
         "participantWikidata": WD + "Q159", "doc": doc("d1")},                                # fp (date incompatible)
        {"event": B + "event/3", "type": ONT + "Talks", "participant": ent("person/steve-witkoff"), "doc": doc("d1")},
        {"event": B + "event/3", "type": ONT + "Talks", "participant": ent("Q3874799"),
         "participantWikidata": WD + "Q3874799", "doc": doc("d1")},                            # same event, 2nd row: tp
    ],
    "quotes": [
        {"statement": B + "quote/1", "speaker": ent("Q22686"), "speakerWikidata": WD + "Q22686",
         "quote": "he wants to be a member of NATO. Well, he was never going to be a member of NATO. He understands that.",
         "date": "2025", "doc": doc("d1")},                                                    # tp (prefix)
        {"statement": B + "quote/2", "speaker": ent("Q3874799"), "quote": "achieve a “just peace,”", "doc": doc("d1")},  # tp
        {"statement": B + "quote/3", "quote": "an option that makes many allies uneasy", "doc": doc("d1")},  # tp (7/9 tokens)
        {"statement": B + "quote/4", "speaker": ent("Q3874799"), "quote": "something else entirely", "doc": doc("d1")},  # fp
    ],
}


def rows_of(table: dict[str, list[dict[str, str]]]):
    return lambda name: table.get(name, [])


def test_scores_per_kind(gold_dir: Path) -> None:
    report = evaluate(gold_dir, rows_of(ROWS))
    s = report.scores
    assert report.docs == ["d1", "d2"]

    assert (s["entities"].tp, s["entities"].fp, s["entities"].fn) == (3, 1, 2)
    assert s["entities"].precision == pytest.approx(0.75)
    assert s["entities"].recall == pytest.approx(0.6)
    assert s["entities"].f1 == pytest.approx(2 / 3)

    assert (s["roles"].tp, s["roles"].fp, s["roles"].fn) == (2, 1, 0)
    assert (s["roles"].precision, s["roles"].recall) == (pytest.approx(2 / 3), 1.0)
    assert s["roles"].f1 == pytest.approx(0.8)

    assert (s["stances"].tp, s["stances"].fp, s["stances"].fn, s["stances"].duplicates) == (2, 1, 1, 1)
    assert s["stances"].precision == pytest.approx(2 / 3)
    assert s["stances"].recall == pytest.approx(2 / 3)
    assert s["stances"].attributes == {"conditional": [2, 2], "date": [1, 2]}

    assert (s["events"].tp, s["events"].fp, s["events"].fn) == (2, 1, 1)
    assert (s["quotes"].tp, s["quotes"].fp, s["quotes"].fn) == (3, 1, 0)
    assert s["quotes"].f1 == pytest.approx(2 * 0.75 / 1.75)

    overall = report.overall
    assert (overall.tp, overall.fp, overall.fn) == (12, 5, 4)
    assert overall.precision == pytest.approx(12 / 17)
    assert overall.recall == pytest.approx(12 / 16)

    assert [m["item"] for m in s["entities"].misses] == ["Donald Trump (Q22686) [Person]", "Donbas [Place]"]
    assert [m["doc"] for m in s["entities"].false_positives] == ["d1"]
    assert "Vladimir Putin" in s["entities"].false_positives[0]["item"]


def test_duplicates_can_count_as_false_positives(gold_dir: Path) -> None:
    stances = evaluate(gold_dir, rows_of(ROWS), duplicates_as_fp=True).scores["stances"]
    assert (stances.tp, stances.fp, stances.fn, stances.duplicates) == (2, 2, 1, 0)
    assert stances.precision == pytest.approx(0.5)
    assert stances.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))


def test_label_normalisation_and_surnames() -> None:
    assert normalise_label("Zelensky's") == "zelensky"
    assert normalise_label("Trump’s") == "trump"
    assert normalise_label("the Kremlin") == "kremlin"
    assert normalise_label("Péter Szijjártó") == "peter szijjarto"
    assert normalise_label("Władysław Kosiniak-Kamysz") == "wladyslaw kosiniak kamysz"     # a barred letter too
    assert same_actor(Actor("Zelensky's"), Actor("Volodymyr Zelensky"))
    assert same_actor(Actor("Volodymyr Zelensky"), Actor("zelensky"))
    assert same_actor(Actor("Viktor Orban"), Actor("Viktor Orbán"))
    # an umlaut spelled out or dropped: "Söder" is "Soeder" and "Soder"; "Ömer Çelik" is "Omer Celik"
    assert same_actor(Actor("Markus Söder"), Actor("Markus Soeder"))
    assert same_actor(Actor("Markus Söder"), Actor("Markus Soder"))
    assert same_actor(Actor("Ömer Çelik"), Actor("Omer Celik"))
    assert same_actor(Actor("Ömer Çelik"), Actor("Celik"))
    assert not same_actor(Actor("Markus Söder"), Actor("Markus Sader"))
    assert not same_actor(Actor("Jared Kushner"), Actor("Jared"))        # first name is not a surname
    assert not same_actor(Actor("Donald Trump", "Q22686"), Actor("Donald Trump", "Q3713655"))  # IDs decide
    assert same_actor(Actor("Trump", "Q22686"), Actor(None, "Q22686"))
    assert same_actor(Actor.from_row(ent("person/steve-witkoff")), Actor("Steve Witkoff"))
    assert Actor.from_row(ent("Q7747")) == Actor(None, "Q7747")


def test_role_titles() -> None:
    assert normalise_role("Secretary-General") == normalise_role("secretary general") == "secretary general"
    assert roles_match("Special Envoy", "special envoy for Russia and Ukraine")
    assert roles_match("Former President", "President")
    assert not roles_match("Prime Minister", "Foreign Minister")


def test_greedy_one_to_one(tmp_path: Path) -> None:
    write_gold(tmp_path, "d1", stances=[
        stance("Donald Trump", "Q22686", "ceasefire", "support", "2025-03"),
        stance("Donald Trump", "Q22686", "ceasefire", "support", "2025-11"),
    ])
    one = [{"stance": B + "stance/a", "holder": ent("Q22686"), "topicKey": "ceasefire", "polarity": "support",
            "date": "2025-11", "doc": doc("d1")}]
    s = evaluate(tmp_path, rows_of({"stances": one})).scores["stances"]
    assert (s.tp, s.fp, s.fn) == (1, 0, 1)
    # the prediction goes to the gold item it agrees with best, not to the first one in the file
    assert s.attributes["date"] == [1, 1]
    assert s.misses[0]["item"] == "Donald Trump (Q22686) support ceasefire [2025-03] «…»"

    both = [dict(one[0]), {**one[0], "stance": B + "stance/b", "date": "2025-03"}]
    s = evaluate(tmp_path, rows_of({"stances": both})).scores["stances"]
    assert (s.tp, s.fp, s.fn) == (2, 0, 0)
    assert s.attributes["date"] == [2, 2]  # each gold item took the prediction with its own date


def test_event_dates_compatible() -> None:
    assert dates_compatible("2025-03", "2025-03-27")
    assert dates_compatible("2025", "2025-12-14")
    assert dates_compatible(None, "2025-12-14")
    assert dates_compatible("2025-12-14", "2025-12-14T00:00:00Z")
    assert not dates_compatible("2025-03", "2025-04-01")
    assert not dates_compatible("2024", "2025-01")
    assert not dates_compatible("2025-01-02", "2025-01-20")


def test_event_matching(tmp_path: Path) -> None:
    write_gold(tmp_path, "d1", events=[
        {"type": "Talks", "alt_types": ["Meeting"], "date": "2025-12", "place": "Brussels", "place_wikidata": "Q239",
         "participants": ["Volodymyr Zelensky"], "participants_wikidata": ["Q3874799"]},
        {"type": "Proposal", "date": None, "participants": ["Ukraine"], "participants_wikidata": ["Q212"]},
        {"type": "Announcement", "date": "2025-12-14", "participants": []},
    ])
    rows = [
        {"event": B + "e/1", "type": ONT + "Meeting", "date": "2025-12-14", "place": ent("Q239"), "doc": doc("d1")},
        {"event": B + "e/2", "type": ONT + "Proposal", "date": "2024-01", "participant": ent("Q30"), "doc": doc("d1")},
        {"event": B + "e/3", "type": ONT + "Announcement", "date": "2025-12-15", "doc": doc("d1")},
    ]
    s = evaluate(tmp_path, rows_of({"events": rows})).scores["events"]
    # alt type + month/day + same place: tp; wrong participant: miss; incompatible day: miss
    assert (s.tp, s.fp, s.fn) == (1, 2, 2)
    # (matched on the place: Zelensky, the gold's participant, is not among the prediction's)
    assert s.attributes == {"date": [0, 1], "place": [1, 1], "participants": [0, 1]}
    # the strict reading: the one match has a wrong date and misses a participant
    assert (s.exact, s.exact_f1) == (0, 0.0)


def test_the_strict_reading_counts_a_match_only_with_every_attribute_right(tmp_path: Path) -> None:
    write_gold(tmp_path, "d1", events=[
        {"type": "Meeting", "date": "2025-12-14", "place": "Brussels", "place_wikidata": "Q239",
         "participants": ["Volodymyr Zelensky"], "participants_wikidata": ["Q3874799"]},
        {"type": "Proposal", "date": "2025-12", "participants": ["Ukraine"], "participants_wikidata": ["Q212"]},
    ])
    rows = [
        {"event": B + "e/1", "type": ONT + "Meeting", "date": "2025-12-14", "place": ent("Q239"),
         "participant": ent("Q3874799"), "doc": doc("d1")},
        {"event": B + "e/2", "type": ONT + "Proposal", "date": "2025-12-02", "participant": ent("Q212"), "doc": doc("d1")},
    ]
    report = evaluate(tmp_path, rows_of({"events": rows}))
    s = report.scores["events"]
    assert (s.tp, s.fp, s.fn, s.exact) == (2, 0, 0, 1)     # the proposal's day is not the gold's month
    assert s.f1 == 1.0 and s.exact_f1 == 0.5
    assert "  events                    1 exact  0.500" in report.format()
    from kg.scoring import summary_table
    assert [line for line in summary_table({"dev": report}).splitlines() if "events" in line] == [
        "dev       events     1.000  1.000  1.000   2/0/0            0.500"]


def test_quote_matching(tmp_path: Path) -> None:
    write_gold(tmp_path, "d1", quotes=[
        {"speaker": "Donald Trump", "speaker_wikidata": "Q22686", "quote_start": "he wants to be a member of NATO. Well, he"},
        {"speaker": "Donald Trump", "speaker_wikidata": "Q22686", "quote_start": "this already is a compromise."},
        {"speaker": "Donald Trump", "speaker_wikidata": "Q22686", "quote_start": "And this already is a compromise on our part."},
        {"speaker": None, "quote_start": "by a change of government in Budapest"},
    ])
    rows = [
        # shorter than the gold start, but 8 of its 10 tokens
        {"statement": B + "q/1", "speaker": ent("Q22686"), "quote": "He wants to be a member of NATO.", "doc": doc("d1")},
        # listed first, contains the second gold start; the exact one must go to that item
        {"statement": B + "q/3", "speaker": ent("Q22686"), "quote": "And this already is a compromise on our part.",
         "doc": doc("d1")},
        {"statement": B + "q/2", "speaker": ent("Q22686"), "quote": "this already is a compromise.", "doc": doc("d1")},
        # an unattributed quote credited to someone is wrong
        {"statement": B + "q/4", "speaker": ent("Q28"), "quote": "by a change of government in Budapest", "doc": doc("d1")},
        # too little of any gold start
        {"statement": B + "q/5", "speaker": ent("Q22686"), "quote": "he wants peace", "doc": doc("d1")},
    ]
    s = evaluate(tmp_path, rows_of({"quotes": rows})).scores["quotes"]
    assert (s.tp, s.fp, s.fn) == (3, 2, 1)
    assert s.misses[0]["item"].startswith("no speaker")


def test_documents_without_gold_are_ignored(gold_dir: Path) -> None:
    only_other = {k: [r for r in v if r["doc"].endswith("/d3")] for k, v in ROWS.items()}
    report = evaluate(gold_dir, rows_of(only_other))
    assert report.overall.fp == 0 and report.overall.tp == 0
    assert report.overall.fn == 4 + 2 + 3 + 3 + 3 + 1
    assert report.docs_without_predictions == ["d1", "d2"]
    assert "d3" not in json.dumps(report.to_dict())


def test_format_and_to_dict(gold_dir: Path) -> None:
    report = evaluate(gold_dir, rows_of(ROWS), kinds=("entities", "stances"))
    text = report.format()
    assert re.search(r"^entities\s+5\s+4\s+3\s+1\s+2\s+0\s+0\.750\s+0\.600\s+0\.667$", text, re.M)
    assert "[entities] missed (fn): 2" in text and "Donbas [Place]" in text
    assert "[stances] false positives (fp): 1" in text
    assert "  d1  Q159 support foreign_troops_in_ukraine [no date]" in text
    assert "stances.date" in text
    data = json.loads(json.dumps(report.to_dict()))
    assert set(data["kinds"]) == {"entities", "stances"}
    assert data["kinds"]["stances"]["duplicates"] == 1
    assert data["overall"]["tp"] == 5
    with pytest.raises(ValueError, match="unknown kind"):
        evaluate(gold_dir, rows_of(ROWS), kinds=("relations",))


@pytest.mark.parametrize("change, message", [
    (lambda g: g.update(doc_id="other"), "must equal the file name"),
    (lambda g: g.pop("quotes"), "missing list 'quotes'"),
    (lambda g: g["stances"].append(stance("X", None, "ceasefire", "maybe")), r"stances\[0\]: polarity 'maybe'"),
    (lambda g: g["stances"].append({**stance("X", None, "ceasefire", "support"), "polarty": "x"}), "unknown key"),
    (lambda g: g["stances"].append(stance("X", None, "ceasefire", "support", date="March 2025")), "date 'March 2025'"),
    (lambda g: g["entities"].append({"label": "X", "type": "Thing"}), "type 'Thing'"),
    (lambda g: g["roles"].append({"person": "X", "role": "Y", "person_wikidata": "7747"}), "Wikidata ID"),
    (lambda g: g["events"].append({"type": "Talks", "participants": ["A", "B"], "participants_wikidata": ["Q1"]}),
     "as long as participants"),
])
def test_gold_errors_name_the_file_and_item(tmp_path: Path, change, message) -> None:
    data = {"doc_id": "d1", "article_date": None, "entities": [], "roles": [], "stances": [], "events": [], "quotes": []}
    change(data)
    (tmp_path / "d1.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(GoldError, match=message) as info:
        load_gold(tmp_path)
    assert "d1.json" in str(info.value)


def test_invalid_json_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "d1.json").write_text('{"doc_id": "d1",\n "entities": [}', encoding="utf-8")
    with pytest.raises(GoldError, match=r"d1\.json:2:\d+: not valid JSON"):
        load_gold(tmp_path)


# --- the repository's gold files ------------------------------------------------------

def _article(gold_file: Path) -> tuple[str, str | None]:
    """The article text as ingest stores it (a leading ``date YYYY-MM-DD`` removed) and that date."""
    source = ROOT / "sources" / f"{gold_file.stem}.txt"
    if gold_file.parent == EXTRA:
        source = EXTRA / "articles" / f"{gold_file.stem}.txt"
    text = source.read_text(encoding="utf-8")
    m = re.match(r"\s*date (\d{4}-\d{2}-\d{2})\s*", text)
    return (text[m.end():], m.group(1)) if m else (text, None)


def _gazetteer_ids() -> set[str] | None:
    for path in (ROOT / "shared" / "gazetteer-verified.tsv", ROOT.parent / "shared" / "gazetteer-verified.tsv"):
        if path.exists():
            return {line.split("\t", 1)[0] for line in path.read_text(encoding="utf-8").splitlines()[1:]}
    return None


REPO_GOLD = sorted(GOLD.glob("*.json")) + sorted(EXTRA.glob("*.json"))


def test_repository_gold_covers_every_article() -> None:
    assert {p.stem for p in GOLD.glob("*.json")} == {p.stem for p in (ROOT / "sources").glob("*.txt")}
    assert {p.stem for p in EXTRA.glob("*.json")} == {p.stem for p in (EXTRA / "articles").glob("*.txt")}
    assert len(load_gold([GOLD, EXTRA])) == len(REPO_GOLD) >= 8


@pytest.mark.parametrize("path", REPO_GOLD, ids=lambda p: p.stem)
def test_repository_gold_file_is_consistent(path: Path) -> None:
    load_gold(path.parent)  # the format
    gold = json.loads(path.read_text(encoding="utf-8"))
    text, date = _article(path)
    assert gold["article_date"] == date
    listed = {e["label"]: e["wikidata"] for e in gold["entities"]}
    assert len(listed) == len(gold["entities"]), "an entity is listed twice"

    def listed_as(label, qid, where):
        if label is not None:
            assert label in listed, f"{where}: {label!r} is not among the entities"
            assert listed[label] == qid, f"{where}: {label!r} has another Wikidata ID among the entities"

    for r in gold["roles"]:
        listed_as(r["person"], r["person_wikidata"], "role")
        listed_as(r["org"], r["org_wikidata"], "role org")
    for s in gold["stances"]:
        listed_as(s["holder"], s["holder_wikidata"], "stance")
        assert s["topic"] in TOPICS
        assert s["evidence"] in text, f"stance evidence not in the text: {s['evidence']!r}"
    for e in gold["events"]:
        assert {e["type"], *e.get("alt_types", [])} <= EVENT_TYPES
        for name, qid in zip(e["participants"], e["participants_wikidata"]):
            listed_as(name, qid, "event participant")
        listed_as(e["place"], e["place_wikidata"], "event place")
        assert e["evidence"] in text, f"event evidence not in the text: {e['evidence']!r}"
    for q in gold["quotes"]:
        listed_as(q["speaker"], q["speaker_wikidata"], "quote")
        assert q["quote_start"] in text, f"quote not in the text: {q['quote_start']!r}"
    ids = _gazetteer_ids()
    if ids is not None:
        unverified = {q for q in listed.values() if q} - ids
        assert not unverified, f"Wikidata IDs not in the verified gazetteer: {sorted(unverified)}"


def _rows_from_gold(paths: list[Path]) -> dict[str, list[dict[str, str]]]:
    """What a perfect extractor would put in the graph, as query rows."""
    def iri(label: str, qid: str | None) -> str:
        return ent(qid or "x/" + label.lower().replace(" ", "-"))

    out: dict[str, list[dict[str, str]]] = {k: [] for k in ("entities", "roles", "stances", "events", "quotes")}
    for path in paths:
        g = json.loads(path.read_text(encoding="utf-8"))
        d = doc(g["doc_id"])
        for e in g["entities"]:
            out["entities"].append({"entity": iri(e["label"], e["wikidata"]), "label": e["label"],
                                    "type": ONT + e["type"], "doc": d})
        for r in g["roles"]:
            row = {"person": iri(r["person"], r["person_wikidata"]), "role": r["role"], "doc": d}
            if r["org"]:
                row["org"] = iri(r["org"], r["org_wikidata"])
            out["roles"].append(row)
        for i, s in enumerate(g["stances"]):
            out["stances"].append({"stance": f"{B}stance/{g['doc_id']}/{i}", "holder": iri(s["holder"], s["holder_wikidata"]),
                                   "topicKey": s["topic"], "polarity": s["polarity"], "doc": d,
                                   "conditional": str(s["conditional"]).lower(), **({"date": s["date"]} if s["date"] else {})})
        for i, e in enumerate(g["events"]):
            base = {"event": f"{B}event/{g['doc_id']}/{i}", "type": ONT + e["type"], "doc": d,
                    **({"date": e["date"]} if e["date"] else {}),
                    **({"place": iri(e["place"], e["place_wikidata"])} if e["place"] else {})}
            for name, qid in zip(e["participants"], e["participants_wikidata"]):
                out["events"].append({**base, "participant": iri(name, qid)})
            if not e["participants"]:
                out["events"].append(base)
        for i, q in enumerate(g["quotes"]):
            out["quotes"].append({"statement": f"{B}quote/{g['doc_id']}/{i}", "quote": q["quote_start"] + " …", "doc": d,
                                  **({"speaker": iri(q["speaker"], q["speaker_wikidata"])} if q["speaker"] else {})})
    for rows in out.values():
        rows.reverse()  # the greedy matching must not depend on the order of the rows
    return out


@pytest.mark.parametrize("folder", [GOLD, EXTRA], ids=["samples", "extra"])
def test_a_perfect_extraction_scores_one(folder: Path) -> None:
    """No gold item can take another's prediction: the gold files are matchable as written."""
    rows = _rows_from_gold(sorted(folder.glob("*.json")))
    report = evaluate(folder, rows_of(rows))
    for kind, s in report.scores.items():
        assert (s.fp, s.fn, s.duplicates) == (0, 0, 0), f"{kind}: {report.format()}"
    assert report.overall.f1 == 1.0
