"""The analyst views on the sample store, through Flask's test client: the stance matrix and its
CSV (the same as `kg query stance-matrix`), topic pages (HTML and RDF), timelines and search;
and the full-text index that every `kg build` keeps in step with the store."""
from __future__ import annotations

import csv
import io
import json
import shutil

import pyoxigraph as ox
import pytest

from kg import graph as kgg
from kg import stance_views as sv
from kg.build import build
from kg.cli import main as kg
from kg.config import Settings
from kg.query import run_query
from kg.search import INDEX_FILE, fts_query, open_index
from server.app import create_app

from pathlib import Path

SOURCES = Path(__file__).resolve().parent.parent / "sources"

HTML = {"Accept": "text/html"}
NATO = "ukraine_nato_membership"


@pytest.fixture(scope="module")
def client(sample_store):
    settings, _ = sample_store
    return create_app(settings).test_client()


@pytest.fixture(scope="module")
def rows(sample_store):
    return kgg.stance_rows(sample_store[0])


# --- the matrix ----------------------------------------------------------------------------------

def test_matrix_csv_is_what_kg_query_stance_matrix_prints(client, sample_store, capsys):
    settings, _ = sample_store
    download = client.get("/matrix.csv")
    assert download.status_code == 200 and download.mimetype == "text/csv"
    assert "attachment" in download.headers["Content-Disposition"]
    assert kg(["query", "stance-matrix", "--format", "csv", "--store", settings.store]) == 0
    printed = capsys.readouterr().out
    assert download.get_data(as_text=True) == printed
    assert printed.splitlines()[0] == ",".join(sv.MATRIX_COLUMNS)


def test_matrix_counts_every_stance_once(client, rows):
    table = list(csv.DictReader(io.StringIO(client.get("/matrix.csv").get_data(as_text=True))))
    assert sum(int(r["stances"]) for r in table) == len({r["stance"] for r in rows})
    for r in table:
        assert int(r["support"]) + int(r["oppose"]) == int(r["stances"])
        assert r["position"] == ("both" if int(r["support"]) and int(r["oppose"]) else
                                 "support" if int(r["support"]) else "oppose")


def test_matrix_filters_by_actor_type_and_dates(client, rows):
    persons = list(csv.DictReader(io.StringIO(client.get("/matrix.csv?type=person").get_data(as_text=True))))
    expected = {r["holder"] for r in rows if r["holderType"] == "person"}
    assert persons and {r["holder"] for r in persons} == expected
    december = list(csv.DictReader(io.StringIO(
        client.get("/matrix.csv?from=2025-12-01&to=2025-12-31&undated=0").get_data(as_text=True))))
    selected = kgg.filter_rows(rows, date_from="2025-12-01", date_to="2025-12-31", include_undated=False)
    assert sum(int(r["stances"]) for r in december) == len({r["stance"] for r in selected}) > 0
    assert client.get("/matrix.csv?type=robot").status_code == 400
    assert client.get("/matrix?from=2025-02-30").status_code == 400


@pytest.mark.parametrize("sort", sv.MATRIX_SORTS)
def test_matrix_page_has_a_cell_per_actor_and_topic_with_its_stances(client, rows, sort):
    page = client.get(f"/matrix?sort={sort}").get_data(as_text=True)
    cells = sv.matrix_cells(rows)
    assert page.count('class="cell support"') + page.count('class="cell oppose"') + \
        page.count('class="cell both"') == len(cells)
    zelensky_nato = next(c for c in cells if c.topicKey == NATO and c.holderLabel.startswith("Volodymyr"))
    assert f'data-stances="{" ".join(zelensky_nato.stances)}"' in page
    assert 'href="/matrix.csv' in page


def test_matrix_sorted_by_divisiveness_puts_split_topics_first(rows):
    table = sv.matrix_table(rows, "divisive")
    splits = [t["split"] for t in table["topics"]]
    assert splits == sorted(splits, reverse=True) and splits[0] > 0


# --- topic pages ---------------------------------------------------------------------------------

def test_topic_page_lists_both_sides_changes_disagreements_quotes_and_events(client, rows):
    page = client.get(f"/topic/{NATO}", headers=HTML)
    assert page.status_code == 200 and page.mimetype == "text/html"
    text = page.get_data(as_text=True)
    for heading in ("Who supports it", "Who opposes it", "Who changed", "Disagreements", "Quotes on it",
                    "Events where it came up"):
        assert heading in text
    for r in rows:
        if r["topicKey"] == NATO:
            assert r["holderLabel"].replace("'", "&#39;") in text
    assert "Donald Trump" in text.split("Who opposes it")[1].split("Who changed")[0]
    changed = text.split("Who changed")[1].split("Disagreements")[0]
    assert "Volodymyr Zelenskyy" in changed and "2025-12-14" in changed


def test_topic_is_dereferenceable_as_rdf(client):
    iri = f"https://w3id.org/newskg/topic/{NATO}"
    turtle = client.get(f"/topic/{NATO}", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200 and turtle.mimetype == "text/turtle"
    triples = list(ox.parse(turtle.get_data(), format=ox.RdfFormat.TURTLE))
    subjects = {t.subject.value for t in triples if isinstance(t.subject, ox.NamedNode)}
    assert iri in subjects
    assert any(t.predicate.value.endswith("#topic") and t.object.value == iri for t in triples)
    jsonld = client.get(f"/topic/{NATO}?format=jsonld")
    assert jsonld.status_code == 200 and "ld+json" in jsonld.mimetype
    assert iri in jsonld.get_data(as_text=True)
    assert "Accept" in turtle.headers["Vary"]


def test_open_topics_have_pages_too(client, rows):
    open_keys = sorted({r["topicKey"] for r in rows if r["topicKey"].startswith("open_")})
    assert open_keys, "the sample corpus has open topics"
    page = client.get(f"/topic/{open_keys[0]}", headers=HTML).get_data(as_text=True)
    assert "Open topic" in page and "topic:open" in page
    assert client.get("/topic/", headers=HTML).get_data(as_text=True).count('href="/topic/') >= len(open_keys)


def test_unknown_topic_is_404(client):
    assert client.get("/topic/no_such_topic", headers=HTML).status_code == 404
    assert client.get("/topic/no_such_topic", headers={"Accept": "text/turtle"}).status_code == 404


# --- timelines -----------------------------------------------------------------------------------

def test_actor_timeline_marks_the_change_and_sets_undated_apart(client, rows):
    zelensky = next(r["holder"] for r in rows if r["holderLabel"].startswith("Volodymyr"))
    page = client.get(f"/timeline?actor={zelensky}").get_data(as_text=True)
    assert "Timeline: Volodymyr Zelenskyy" in page
    assert page.count("changed") >= 1 and "Position changes" in page
    dated, undated = sv.timeline_marks([r for r in rows if r["holder"] == zelensky], "topic")
    assert page.count('class="mark ') == len(dated) + len(undated_groups_of(undated))
    assert 'class="event"' in page


def undated_groups_of(marks):
    return {(m.lane, m.polarity) for m in marks}


def test_topic_timeline_has_a_lane_per_actor(client, rows):
    page = client.get(f"/timeline?topic={NATO}").get_data(as_text=True)
    dated, _ = sv.timeline_marks([r for r in rows if r["topicKey"] == NATO], "actor")
    assert page.count('<g class="lane" data-lane=') == len({m.lane for m in dated})


def test_timeline_without_a_subject_offers_a_choice_and_unknown_is_404(client):
    assert "choose" in client.get("/timeline").get_data(as_text=True)
    assert client.get("/timeline?topic=nothing_here").status_code == 404
    assert client.get(f"/timeline?topic={NATO}&actor=x").status_code == 400


# --- search --------------------------------------------------------------------------------------

def test_build_writes_the_search_index(sample_store):
    settings, _ = sample_store
    from pathlib import Path
    assert (Path(settings.store) / INDEX_FILE).is_file()


@pytest.mark.parametrize("text, kind, label", [
    ("zelensky", "entity", "Volodymyr Zelenskyy"),      # by alias
    ("Zelen", "entity", "Volodymyr Zelenskyy"),         # by prefix, as the search box completes
    ("neutrality", "topic", "Ukrainian neutrality"),
    ("Trump", "entity", "Donald Trump"),
])
def test_search_finds_entities_and_topics_first(client, text, kind, label):
    results = client.get(f"/api/search?q={text}").get_json()["results"]
    assert results[0]["kind"] == kind and results[0]["label"] == label
    assert results[0]["href"].startswith("/")


def test_search_finds_quotes_stances_and_events_by_their_words(client):
    results = client.get("/api/search?q=neutrality&limit=50").get_json()["results"]
    kinds = {r["kind"] for r in results}
    assert "stance" in kinds
    for r in results:
        assert any(p["match"] for p in r["snippet"]) or "neutrality" in r["label"].lower()
    quotes = client.get("/api/search?q=peace&kind=quote").get_json()["results"]
    assert quotes and all(r["kind"] == "quote" for r in quotes)


@pytest.mark.parametrize("text", ['"', "NEAR(a b)", "a OR", "*", "-x", "col:val", "'; DROP TABLE entries; --"])
def test_search_text_is_words_never_query_syntax(client, text):
    assert client.get("/api/search", query_string={"q": text}).status_code == 200
    assert fts_query(text).count('"') % 2 == 0


def test_search_page_and_box(client):
    page = client.get("/search?q=Rutte").get_data(as_text=True)
    assert 'id="search-results"' in page and "Mark Rutte" in page
    for path in ("/", "/matrix", "/graph", "/query", f"/topic/{NATO}", "/search"):
        assert 'id="site-search"' in client.get(path, headers=HTML).get_data(as_text=True), path
    assert client.get("/api/search?q=x&limit=0").status_code == 400


def test_kg_search_prints_ranked_hits(sample_store, capsys):
    settings, _ = sample_store
    assert kg(["search", "Rutte", "--store", settings.store]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("entity") and "Mark Rutte" in out.splitlines()[0]
    assert kg(["search", "Rutte", "--json", "--kind", "quote", "--store", settings.store]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and {h["kind"] for h in hits} == {"quote"}


def test_the_index_follows_every_build(tmp_path):
    """Add an article, change one, prune one: the index says what the store says, each time."""
    corpus = tmp_path / "sources"
    corpus.mkdir()
    articles = sorted(p for p in SOURCES.iterdir() if p.suffix == ".txt")[:2]
    for p in articles[:1]:
        shutil.copy(p, corpus / p.name)
    settings = Settings.load(store=str(tmp_path / "store"), env={})

    def index():
        from kg.query import open_store
        store = open_store(settings)
        found = open_index(store, settings.store, settings.base_iri)
        assert found.source.endswith(INDEX_FILE), "the build left an index for exactly this store"
        return found

    build([str(corpus)], settings, progress=False, validate=False)
    assert not index().search("xylophonist")
    (corpus / "extra.txt").write_text("Title: Music\n\nThe xylophonist Jan Novak said he supports a ceasefire.\n")
    build([str(corpus)], settings, progress=False, validate=False)
    assert any(h.kind == "document" or "xylophonist" in "".join(t for t, _ in h.snippet).lower()
               for h in index().search("xylophonist"))
    (corpus / "extra.txt").write_text("Title: Music\n\nThe violinist Jan Novak said he supports a ceasefire.\n")
    build([str(corpus)], settings, progress=False, validate=False)
    assert not index().search("xylophonist") and index().search("violinist")
    (corpus / "extra.txt").unlink()
    build([str(corpus)], settings, progress=False, validate=False, prune=True)
    assert not index().search("violinist")


def test_untrusted_text_is_escaped_everywhere(tmp_path):
    """An article whose quote is markup: every page shows it as text, never as a tag."""
    corpus = tmp_path / "sources"
    corpus.mkdir()
    (corpus / "evil.txt").write_text(
        "Title: <script>alert(1)</script>\n\n"
        "Volodymyr Zelensky said: \"<img src=x onerror=alert(2)> we support a ceasefire\".\n"
        "Zelensky said Ukraine supports a ceasefire <b>now</b>.\n")
    settings = Settings.load(store=str(tmp_path / "store"), env={})
    build([str(corpus)], settings, progress=False, validate=False)
    client = create_app(settings).test_client()
    pages = [client.get(p, headers=HTML).get_data(as_text=True) for p in
             ("/matrix", "/search?q=ceasefire", "/search?q=alert", "/topic/ceasefire", "/timeline?topic=ceasefire")]
    for page in pages:
        assert "<script>alert" not in page and "<img src=x" not in page and "<b>now" not in page
    assert any("&lt;img src=x" in page or "&lt;b&gt;now" in page for page in pages)
    api = client.get("/api/search?q=alert").get_json()["results"]
    assert all(r["href"].startswith("/") for r in api)


def test_timeline_changes_are_those_of_the_position_changes_query(sample_store, rows):
    from kg.query import named_rows
    dated, _ = sv.timeline_marks(rows, "topic")
    by_stance = {r["stance"]: r for r in rows}
    marked = {(by_stance[m.stance]["holder"], by_stance[m.stance]["topicKey"], m.when, m.polarity)
              for m in dated if m.changed}
    expected = {(r["holder"], r["topicKey"], r["toDate"], r["toPolarity"])
                for r in named_rows(sample_store[0], "position-changes")}
    assert marked == expected and expected
