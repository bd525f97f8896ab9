"""The query workbench and the graph page in headless Chromium, on the sample corpus, offline.

Every request the pages make is recorded, and any that would leave the loopback server is
blocked and fails the test (see ``PageRecorder``). Screenshots for the README are written by
``scripts/bench_graph_page.py --screenshots``, not here.
"""
from __future__ import annotations

import pytest

from kg import graph as kgg

pytestmark = pytest.mark.browser

TIMEOUT = 20_000


def assert_clean(rec):
    assert rec.outside == [], f"requests left localhost: {rec.outside}"
    assert rec.errors == [], f"console errors: {rec.errors}"


def open_graph(rec, query: str = ""):
    rec.page.goto(f"{rec.server}/graph{query}")
    rec.page.wait_for_selector("#graph-app[data-ready='1']", timeout=TIMEOUT)
    return rec.page


def wait_until(page, expression: str, timeout_s: float = TIMEOUT / 1000):
    """Poll ``expression`` in the page until it is true."""
    import time
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression}")
        time.sleep(0.05)


def visible_counts(page) -> dict:
    """Nodes and stances drawn (an edge stands for ``count`` parallel stances), once the page has
    applied pending filters (next animation frames)."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    return page.evaluate("""() => {
        const cy = window.kgGraph.cy, edges = cy.edges().filter(e => e.visible());
        return {nodes: cy.nodes().filter(n => n.visible()).length,
                edges: edges.reduce((n, e) => n + e.data('count'), 0)};
    }""")


def merged_edges(G) -> int:
    """Edges the page draws for a position graph: one per actor, topic, polarity and conditionality."""
    return len({(u, v, d["polarity"], d["conditional"]) for u, v, d in G.edges(data=True)})


def test_query_page_loads_offline_without_errors(recorder):
    page = recorder.page
    page.goto(recorder.server + "/query")
    page.wait_for_selector("#workbench[data-ready='1']", timeout=TIMEOUT)
    page.wait_for_selector(".yasqe .CodeMirror", timeout=TIMEOUT)
    names = page.eval_on_selector_all("#examples button", "bs => bs.map(b => b.dataset.name)")
    assert "stances" in names and "who-supports" in names
    assert page.evaluate("window.kgWorkbench.yasgui.getTab().getEndpoint()") == recorder.server + "/sparql"
    assert all(url.startswith(recorder.server) for url in recorder.requests)
    assert_clean(recorder)


def test_named_query_runs_and_shows_rows(recorder, settings):
    expected = len(kgg.stance_rows(settings))
    page = recorder.page
    page.goto(recorder.server + "/query")
    page.wait_for_selector("#workbench[data-ready='1']", timeout=TIMEOUT)
    page.click("#examples button[data-name='stances']")
    assert "SELECT ?stance ?holder" in page.evaluate("window.kgWorkbench.yasgui.getTab().getQuery()")
    page.click(".yasqe_queryButton")
    page.wait_for_selector(".yasr table tbody tr", timeout=TIMEOUT)
    # the page has already run its opening query: wait for this one's count (polled from Python,
    # as wait_for_function's polling would eval a string, which the page's CSP forbids)
    wait_until(page, f"document.querySelector('.yasr_response_chip')?.textContent.includes('{expected} results')")
    assert page.locator(".yasr table tbody tr").count() == min(expected, 50)  # first page of the table
    assert page.locator(".yasr table thead th").filter(has_text="holderLabel").count() == 1
    assert_clean(recorder)


def test_query_error_is_shown_as_the_endpoint_reports_it(recorder):
    page = recorder.page
    page.goto(recorder.server + "/query?query=SELEC%20nonsense")
    page.wait_for_selector("#workbench[data-ready='1']", timeout=TIMEOUT)
    page.click(".yasqe_queryButton")
    page.wait_for_selector(".yasr .errorResult", timeout=TIMEOUT)
    reported = urlopen_error(recorder.server + "/sparql?query=SELEC%20nonsense")
    assert reported.strip() and reported.strip() in page.inner_text(".yasr .errorResult")
    assert recorder.outside == []


def urlopen_error(url: str) -> str:
    """The body of the endpoint's error answer to ``url``."""
    import urllib.error
    import urllib.request
    try:
        urllib.request.urlopen(url)
    except urllib.error.HTTPError as exc:
        assert exc.code == 400
        return exc.read().decode()
    raise AssertionError(f"{url} did not fail")


def test_graph_page_draws_every_actor_and_topic_of_the_sample_corpus(recorder, settings):
    G = kgg.position_graph(kgg.stance_rows(settings))
    assert G.number_of_nodes() > 5, "the sample corpus should give a real graph"
    page = open_graph(recorder)
    assert visible_counts(page) == {"nodes": G.number_of_nodes(), "edges": G.number_of_edges()}
    assert page.evaluate("window.kgGraph.cy.edges().length") == merged_edges(G) < G.number_of_edges()
    assert page.inner_text("#graph-status").startswith(f"{G.number_of_nodes()} nodes, {G.number_of_edges()} stances")
    types = page.evaluate("window.kgGraph.cy.nodes().map(n => n.data('type'))")
    assert set(types) <= {"person", "organization", "country", "actor", "topic"} and "topic" in types
    assert_clean(recorder)


def test_date_slider_changes_what_is_drawn(recorder, settings):
    rows = kgg.stance_rows(settings)
    page = open_graph(recorder)
    before = visible_counts(page)
    page.uncheck("#f-undated")
    dated_only = kgg.position_graph(kgg.filter_rows(rows, include_undated=False))
    assert visible_counts(page) == {"nodes": dated_only.number_of_nodes(), "edges": dated_only.number_of_edges()}
    # move the "from" slider to the last day: only the stances touching that day remain
    last = page.get_attribute("#f-to", "max")
    page.eval_on_selector("#f-from", "(el, v) => { el.value = v; el.dispatchEvent(new Event('input')); }", last)
    label = page.inner_text("#date-label")
    day = label.split("→")[1].strip()
    expected = kgg.position_graph(kgg.filter_rows(rows, date_from=day, date_to=day, include_undated=False))
    after = visible_counts(page)
    assert after == {"nodes": expected.number_of_nodes(), "edges": expected.number_of_edges()}
    assert after != before
    assert "from=" in page.url  # the filters are kept in the address
    assert_clean(recorder)


def test_zelensky_on_nato_membership_changes_between_april_and_december(recorder, settings):
    """The README's example: the same filters in the address give the April and December views."""
    zelensky = next(r["holder"] for r in kgg.stance_rows(settings) if r.get("holderWikidata", "").endswith("/Q3874799"))
    polarities = {}
    for month in ("2025-04", "2025-12"):
        page = open_graph(recorder, f"?topic=ukraine_nato_membership&actor={zelensky}&from={month}-01"
                                    f"&to={month}-28&undated=0")
        polarities[month] = set(page.evaluate(
            "window.kgGraph.cy.edges().filter(e => e.visible()).map(e => e.data('polarity'))"))
    assert "support" in polarities["2025-04"] and "oppose" in polarities["2025-12"]
    assert_clean(recorder)


def test_clicking_an_edge_shows_its_evidence(recorder, settings):
    rows = {r["stance"]: r for r in kgg.stance_rows(settings)}
    page = open_graph(recorder)
    stance_ids = page.evaluate("""() => {
        const e = window.kgGraph.cy.edges().filter(e => e.visible() && e.data('count') > 1
                                                    && e.data('stances').some(s => s.date))[0];
        e.emit('tap');
        return e.data('stances').map(s => s.id);
    }""")
    page.wait_for_selector(f"#details article.stance", timeout=TIMEOUT)
    assert page.locator("#details article.stance").count() == len(stance_ids) > 1
    row = next(rows[s] for s in stance_ids if rows[s].get("date"))
    text = page.inner_text("#details")
    assert row["holderLabel"] in text and row["date"] in text
    assert row["evidence"].strip()[:40] in page.inner_text("#details")
    hrefs = page.eval_on_selector_all("#details a.source", "links => links.map(a => a.getAttribute('href'))")
    assert "/" + row["doc"][len(settings.base_iri):] in hrefs
    assert_clean(recorder)


def test_clicking_an_agreement_edge_shows_both_actors_stances(recorder):
    page = open_graph(recorder, "?view=agreement")
    assert page.evaluate("window.kgGraph.cy.edges().length") > 0
    labels = page.evaluate("""() => {
        const e = window.kgGraph.cy.edges()[0];
        e.emit('tap');
        return [e.source().data('label'), e.target().data('label')];
    }""")
    page.wait_for_selector("#details article.stance", timeout=TIMEOUT)
    text = page.inner_text("#details")
    assert labels[0] in text and labels[1] in text
    assert_clean(recorder)


def test_clicking_an_actor_opens_its_entity_page(recorder, settings):
    page = open_graph(recorder)
    href = page.evaluate("""() => {
        const n = window.kgGraph.cy.nodes("[kind = 'actor']").filter(n => n.data('href'))[0];
        n.emit('tap');
        return n.data('href');
    }""")
    page.wait_for_url(recorder.server + href, timeout=TIMEOUT)
    assert page.locator("h1").count() == 1
    assert recorder.outside == []
