"""The named queries in queries/: headers, syntax, columns, parameters, and their answers
on a small hand-written dataset that follows docs/model.md."""
from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from kg.resources import data_path

from tests.query_sample import (BASE, DOC_A, DOC_B, GERMANY, NATO, ONT, RUTTE, SAMPLE_TRIG,
                                 TRUMP, WD, WITKOFF, ZELENSKY, sample_store)

# The output columns other code relies on, in order.
REQUIRED_COLUMNS = {
    "documents": "doc file title publisher date",
    "entities": "entity label type wikidata doc",
    "actors": "actor label wikidata",
    "roles": "person personLabel personWikidata role org orgLabel orgWikidata doc",
    "stances": "stance holder holderLabel holderWikidata topicKey topicLabel polarity conditional date doc evidence confidence",
    "events": "event type label date place placeLabel placeWikidata participant participantLabel participantWikidata doc "
              "evidence",
    "quotes": "statement speaker speakerLabel speakerWikidata quote date doc",
    "position-changes": "holder holderLabel topicKey fromPolarity fromDate fromDoc toPolarity toDate toDoc",
    "disagreements": "a aLabel b bLabel topicKey",
    "co-participants": "a aLabel b bLabel event type date",
}
OTHER_QUERIES = {"position-timeline", "who-supports", "who-opposes"}


def query_files() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(data_path("queries").glob("*.rq"))}


def header(text: str) -> dict[str, list[str]]:
    """The leading ``# key: value`` comment block of a query."""
    fields: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = re.match(r"#\s*(\w+):\s*(.*)$", line)
        if match:
            fields.setdefault(match.group(1), []).append(match.group(2).strip())
    return fields


def bind(text: str, params: dict[str, str]) -> str:
    """Parameters as `kg query NAME --param name=value` injects them: VALUES right after WHERE {."""
    clauses = " ".join(f"VALUES ?{k} {{ {v} }}" for k, v in params.items())
    match = re.search(r"WHERE\s*\{", text, re.IGNORECASE)
    return text[:match.end()] + " " + clauses + " " + text[match.end():]


def run(store: ox.Store, text: str) -> tuple[list[str], list[dict[str, str]]]:
    results = store.query(text, use_default_graph_as_union=True)
    names = [v.value for v in results.variables]
    rows = [{n: s[n].value for n in names if s[n] is not None} for s in results]
    return names, rows


def rows_of(store: ox.Store, name: str, **params: str) -> list[dict[str, str]]:
    text = query_files()[name]
    return run(store, bind(text, params) if params else text)[1]


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return sample_store()


# --- every query ----------------------------------------------------------------------

def test_required_queries_exist():
    names = set(query_files())
    assert set(REQUIRED_COLUMNS) | OTHER_QUERIES <= names


@pytest.mark.parametrize("name", sorted(query_files()))
def test_header_block(name):
    text = query_files()[name]
    assert text.startswith("# title: ")
    fields = header(text)
    for key in ("title", "description", "params", "columns"):
        assert fields.get(key), f"{name}.rq: header lacks '# {key}:'"
    for param in fields["params"]:
        assert re.fullmatch(r"\?\w+ — .+", param), f"{name}.rq: bad params line {param!r}"


@pytest.mark.parametrize("name", sorted(query_files()))
def test_parses_and_runs_on_empty_store(name):
    names, rows = run(ox.Store(), query_files()[name])
    assert rows == []
    assert names == header(query_files()[name])["columns"][0].replace("?", "").split()


@pytest.mark.parametrize("name", sorted(query_files()))
def test_columns_header_matches_projection(name, store):
    names, _ = run(store, query_files()[name])
    assert names == header(query_files()[name])["columns"][0].replace("?", "").split()


@pytest.mark.parametrize("name", sorted(REQUIRED_COLUMNS))
def test_required_columns_in_order(name, store):
    """Exactly the required columns, in order; only disagreements adds two (who is on which side)."""
    names, _ = run(store, query_files()[name])
    extra = ["aPolarity", "bPolarity"] if name == "disagreements" else []
    assert names == REQUIRED_COLUMNS[name].split() + extra


def _param_cases():
    for name, text in sorted(query_files().items()):
        for line in header(text).get("params", []):
            yield name, line.split()[0][1:]


@pytest.mark.parametrize("name,param", list(_param_cases()))
def test_binding_a_parameter_filters_the_unbound_rows(name, param, store):
    """A parameter injected as VALUES gives exactly the unbound rows that have that value."""
    text = query_files()[name]
    columns, unbound = run(store, text)
    assert param in columns, f"{name}.rq: parameter ?{param} is not an output column"
    values = sorted({r[param] for r in unbound if param in r})
    assert values, f"{name}.rq: the sample dataset gives no value of ?{param}"
    for value in values:
        term = f"<{value}>" if value.startswith("http") else '"' + value.replace('"', '\\"') + '"'
        _, bound = run(store, bind(text, {param: term}))
        expected = [r for r in unbound if r.get(param) == value]
        assert sorted(map(repr, bound)) == sorted(map(repr, expected)), (name, param, value)


def test_runner_injection_matches(store):
    """The CLI's own parameter binding gives the same rows as the test's."""
    query = pytest.importorskip("kg.query")
    text = query_files()["who-opposes"]
    ours = run(store, bind(text, {"topicKey": '"ukraine_nato_membership"'}))[1]
    theirs = run(store, query.bind_parameters(text, {"topicKey": "ukraine_nato_membership"}))[1]
    assert ours == theirs and len(ours) == 3


# --- answers on the sample ------------------------------------------------------------

def test_documents(store):
    rows = rows_of(store, "documents")
    assert rows == [
        {"doc": DOC_A, "file": "000_060a9d78343a8748.txt", "title": "Zelensky contradicts Trump on NATO",
         "publisher": "Example News", "date": "2025-04-04"},
        {"doc": DOC_B, "file": "004_3582286007b5076d.txt", "date": "2025-12-15"},
    ]


def test_entities_one_row_per_entity_and_document(store):
    rows = rows_of(store, "entities")
    zelensky = [r for r in rows if r["entity"] == ZELENSKY]
    assert [(r["type"], r["label"], r["wikidata"], r["doc"]) for r in zelensky] == [
        ("Person", "Volodymyr Zelensky", WD + "Q3874799", DOC_A),
        ("Person", "Volodymyr Zelensky", WD + "Q3874799", DOC_B)]
    witkoff = [r for r in rows if r["entity"] == WITKOFF]
    assert witkoff == [{"entity": WITKOFF, "label": "Steve Witkoff", "type": "Person", "doc": DOC_B}]
    assert len(rows) == 11
    assert {r["type"] for r in rows} == {"Person", "Organization", "Country", "Place"}


def test_actors_exclude_places(store):
    rows = rows_of(store, "actors")
    assert [r["label"] for r in rows] == ["Donald Trump", "Germany", "Mark Rutte", "NATO", "Steve Witkoff",
                                          "Volodymyr Zelensky"]
    assert {r["actor"]: r.get("wikidata") for r in rows}[WITKOFF] is None


def test_roles(store):
    assert rows_of(store, "roles") == [{
        "person": RUTTE, "personLabel": "Mark Rutte", "personWikidata": WD + "Q57792",
        "role": "Secretary General", "org": NATO, "orgLabel": "NATO", "orgWikidata": WD + "Q7184", "doc": DOC_A}]


def test_stances(store):
    rows = rows_of(store, "stances", topicKey='"ukraine_nato_membership"')
    assert [(r["holderLabel"], r["polarity"], r.get("date"), r["doc"]) for r in rows] == [
        ("Donald Trump", "oppose", "2025-04", DOC_A),
        ("Germany", "oppose", None, DOC_B),
        ("Volodymyr Zelensky", "support", "2025-04-04", DOC_A),
        ("Volodymyr Zelensky", "oppose", "2025-12-14", DOC_B)]
    first = rows[2]
    assert first["evidence"] == "Zelensky has not given up on NATO membership, he said on Friday."
    assert first["confidence"] == "0.8" and first["conditional"] == "false"
    assert first["holderWikidata"] == WD + "Q3874799" and first["stance"] == BASE + "stance/a1"
    assert len(rows_of(store, "stances")) == 5


def test_position_changes(store):
    assert rows_of(store, "position-changes") == [{
        "holder": ZELENSKY, "holderLabel": "Volodymyr Zelensky", "topicKey": "ukraine_nato_membership",
        "fromPolarity": "support", "fromDate": "2025-04-04", "fromDoc": DOC_A,
        "toPolarity": "oppose", "toDate": "2025-12-14", "toDoc": DOC_B}]


def test_position_changes_only_between_consecutive_stances():
    extra = SAMPLE_TRIG + """
<graph/000_060a9d78343a8748> {
    <stance/a3> a ont:Stance ; ont:holder <entity/Q3874799> ; ont:topic topic:ukraine_nato_membership ;
        ont:polarity "support" ; ont:conditional false ; ont:date "2025-06"^^xsd:gYearMonth ;
        prov:wasDerivedFrom <doc/000_060a9d78343a8748> .
}"""
    rows = rows_of(sample_store(extra), "position-changes")
    assert [(r["fromDate"], r["toDate"]) for r in rows] == [("2025-06", "2025-12-14")]


def test_position_timeline(store):
    rows = rows_of(store, "position-timeline", holderLabel='"Volodymyr Zelensky"')
    assert [(r.get("date"), r.get("docDate"), r["topicKey"], r["polarity"]) for r in rows] == [
        ("2025-04-04", "2025-04-04", "ukraine_nato_membership", "support"),
        ("2025-12-14", "2025-12-15", "ukraine_nato_membership", "oppose"),
        (None, "2025-12-15", "security_guarantees", "support")]


def test_who_supports(store):
    rows = rows_of(store, "who-supports", topicKey='"ukraine_nato_membership"')
    assert rows == [{"holder": ZELENSKY, "holderLabel": "Volodymyr Zelensky", "holderWikidata": WD + "Q3874799",
                     "topicKey": "ukraine_nato_membership", "stances": "1", "documents": "1",
                     "conditionalStances": "0", "firstDate": "2025-04-04", "lastDate": "2025-04-04"}]
    everything = rows_of(store, "who-supports")
    assert [(r["holderLabel"], r["topicKey"], r["conditionalStances"]) for r in everything] == [
        ("Volodymyr Zelensky", "security_guarantees", "1"),
        ("Volodymyr Zelensky", "ukraine_nato_membership", "0")]


def test_who_opposes(store):
    rows = rows_of(store, "who-opposes", topicKey='"ukraine_nato_membership"')
    assert [(r["holderLabel"], r["firstDate"], r["lastDate"]) for r in rows] == [
        ("Donald Trump", "2025-04", "2025-04"),
        ("Germany", "2025-12-15", "2025-12-15"),        # undated stance: the article's date
        ("Volodymyr Zelensky", "2025-12-14", "2025-12-14")]


def test_disagreements(store):
    assert rows_of(store, "disagreements") == [
        {"a": TRUMP, "aLabel": "Donald Trump", "b": ZELENSKY, "bLabel": "Volodymyr Zelensky",
         "topicKey": "ukraine_nato_membership", "aPolarity": "oppose", "bPolarity": "support"},
        {"a": GERMANY, "aLabel": "Germany", "b": ZELENSKY, "bLabel": "Volodymyr Zelensky",
         "topicKey": "ukraine_nato_membership", "aPolarity": "oppose", "bPolarity": "support"}]


def test_events_merged_event_has_a_row_per_document(store):
    rows = rows_of(store, "events")
    paris = [r for r in rows if r["event"] == BASE + "event/m-paris"]
    assert paris == [
        {"event": BASE + "event/m-paris", "type": ONT + "Meeting", "label": "meeting of leaders in Paris",
         "date": "2025-03-27", "place": BASE + "entity/Q90", "placeLabel": "Paris", "placeWikidata": WD + "Q90",
         "participant": ZELENSKY, "participantLabel": "Volodymyr Zelensky", "participantWikidata": WD + "Q3874799",
         "doc": doc,
         "evidence": "Leaders met in Paris on March 27."}
        for doc in (DOC_A, DOC_B)]
    events = {r["event"] for r in rows}
    assert events == {BASE + "event/m-paris", BASE + "event/b2"}  # merged-from nodes and statements hidden
    talks = [r for r in rows if r["event"] == BASE + "event/b2"]
    assert [(r["type"], r["participant"], r.get("participantLabel"), r.get("participantWikidata")) for r in talks] == [
        (ONT + "Talks", ZELENSKY, "Volodymyr Zelensky", WD + "Q3874799"),
        (ONT + "Talks", WITKOFF, "Steve Witkoff", None)]  # most specific type only


def test_quotes_merged_statement_has_a_row_per_document(store):
    assert rows_of(store, "quotes") == [
        {"statement": BASE + "event/m-quote", "speaker": ZELENSKY, "speakerLabel": "Volodymyr Zelensky",
         "speakerWikidata": WD + "Q3874799",
         "quote": "No one is removing this issue from the table", "date": "2025-04-04", "doc": doc}
        for doc in (DOC_A, DOC_B)]


def test_co_participants(store):
    assert rows_of(store, "co-participants") == [
        {"a": ZELENSKY, "aLabel": "Volodymyr Zelensky", "b": WITKOFF, "bLabel": "Steve Witkoff",
         "event": BASE + "event/b2", "type": ONT + "Talks", "date": "2025-12-14"}]


def test_sample_spans_match_their_text():
    """The hand-written offsets are right: each anchor is text[begin:end] of its context."""
    store = sample_store(with_ontology=False)
    q = """PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
           SELECT ?anchor ?b ?e ?text WHERE { ?s nif:anchorOf ?anchor ; nif:beginIndex ?b ; nif:endIndex ?e ;
             nif:referenceContext/nif:isString ?text }"""
    rows = run(store, q)[1]
    assert len(rows) == 33
    for r in rows:
        assert r["text"][int(r["b"]):int(r["e"])] == r["anchor"]
