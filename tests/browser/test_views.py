"""The analyst views in headless Chromium, on the sample corpus, offline: the stance matrix, topic
pages, timelines, search, the readable graph and the workbench's opening query.

Each test loads its page with every request recorded (anything leaving the loopback server is
blocked and fails the test) and no console error allowed; clicks show the evidence; the matrix's
CSV download is byte for byte what `kg query stance-matrix --format csv` prints.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kg import graph as kgg
from kg import stance_views as sv
from kg.query import run_query

from .test_pages import TIMEOUT, assert_clean, open_graph, wait_until

pytestmark = pytest.mark.browser

NATO = "ukraine_nato_membership"
MIN_LABEL_PX = 11


def zelensky(settings) -> str:
    return next(r["holder"] for r in kgg.stance_rows(settings) if r.get("holderWikidata", "").endswith("/Q3874799"))


def evidence_of(page) -> list[str]:
    page.wait_for_selector("#details article.stance", timeout=TIMEOUT)
    return page.eval_on_selector_all("#details article.stance", "els => els.map(e => e.innerText)")


# --- the workbench -------------------------------------------------------------------------------

def test_query_page_opens_with_a_named_query_already_run(recorder):
    page = recorder.page
    page.goto(recorder.server + "/query")
    page.wait_for_selector("#workbench[data-ready='1']", timeout=TIMEOUT)
    page.wait_for_selector(".yasr table tbody tr", timeout=TIMEOUT)
    assert page.get_attribute("#examples button[aria-current='true']", "data-name") == "who-supports"
    assert page.locator(".yasr table thead th").filter(has_text="holderLabel").count() == 1
    assert_clean(recorder)


# --- the matrix ----------------------------------------------------------------------------------

def test_matrix_cell_click_shows_the_sentences_behind_it(recorder, settings):
    rows = {r["stance"]: r for r in kgg.stance_rows(settings)}
    page = recorder.page
    page.goto(recorder.server + "/matrix")
    page.wait_for_selector("#matrix td.cell.both", timeout=TIMEOUT)
    cell = page.locator("#matrix td.cell.both").first
    stances = cell.get_attribute("data-stances").split()
    cell.click()
    shown = evidence_of(page)
    assert len(shown) == len(stances) > 1
    for stance in stances:
        assert any(rows[stance]["evidence"].split()[0] in text for text in shown)
    assert any("supports" in text for text in shown) and any("opposes" in text for text in shown)
    assert_clean(recorder)


def test_matrix_csv_download_is_what_kg_query_prints(recorder, settings, tmp_path):
    page = recorder.page
    page.goto(recorder.server + "/matrix")
    with page.expect_download(timeout=TIMEOUT) as download:
        page.click("#matrix-csv")
    path = tmp_path / "matrix.csv"
    download.value.save_as(path)
    assert download.value.suggested_filename == "stance-matrix.csv"
    assert path.read_bytes().decode("utf-8") == run_query(settings, "stance-matrix", fmt="csv")
    assert_clean(recorder)


def test_matrix_filters_apply_as_soon_as_chosen(recorder, settings):
    persons = {r["holderLabel"] for r in kgg.stance_rows(settings) if r["holderType"] == "person"}
    page = recorder.page
    page.goto(recorder.server + "/matrix")
    with page.expect_navigation(timeout=TIMEOUT):
        page.select_option("select[name=type]", "person")
    assert "type=person" in page.url
    shown = set(page.eval_on_selector_all("#matrix th.actor > a:first-child", "as => as.map(a => a.textContent)"))
    assert shown == persons
    assert "type=person" in page.get_attribute("#matrix-csv", "href")
    with page.expect_navigation(timeout=TIMEOUT):
        page.select_option("select[name=sort]", "divisive")
    splits = page.eval_on_selector_all("#matrix th.topic", "ts => ts.map(t => parseFloat(t.title.split('split ')[1]))")
    assert splits == sorted(splits, reverse=True)
    assert_clean(recorder)


# --- topic pages ---------------------------------------------------------------------------------

def test_topic_page_count_click_shows_evidence(recorder, settings):
    page = recorder.page
    page.goto(recorder.server + f"/topic/{NATO}")
    page.wait_for_selector("#topic-app", timeout=TIMEOUT)
    cell = page.locator(".oppose-list td.cell").first
    n = len(cell.get_attribute("data-stances").split())
    cell.click()
    shown = evidence_of(page)
    assert len(shown) == n and all("opposes" in text for text in shown)
    assert page.locator("text=Who changed").count() == 1
    assert_clean(recorder)


# --- timelines -----------------------------------------------------------------------------------

def test_actor_timeline_marks_changes_and_opens_evidence(recorder, settings):
    rows = {r["stance"]: r for r in kgg.stance_rows(settings)}
    page = recorder.page
    page.goto(recorder.server + f"/timeline?actor={zelensky(settings)}")
    page.wait_for_selector("#timeline", timeout=TIMEOUT)
    changed = page.locator("#timeline g.mark.changed")
    assert changed.count() >= 1
    stance = changed.first.get_attribute("data-stances")
    changed.first.click()
    shown = evidence_of(page)
    assert rows[stance]["date"] in shown[0] and rows[stance]["topicLabel"] in shown[0]
    page.locator("#timeline g.event rect").first.click()
    page.wait_for_selector("#details article.event", timeout=TIMEOUT)
    assert page.inner_text("#details blockquote.evidence").strip()
    loads = page.evaluate("window.kgEvidence.loads")
    page.locator("#undated li.mark").first.click()
    wait_until(page, f"window.kgEvidence.loads > {loads}")
    assert page.locator("#details article.stance:not(.event)").count() >= 1
    assert_clean(recorder)


def test_topic_timeline_has_a_lane_per_actor(recorder, settings):
    page = recorder.page
    page.goto(recorder.server + f"/timeline?topic={NATO}")
    page.wait_for_selector("#timeline", timeout=TIMEOUT)
    dated, _ = sv.timeline_marks([r for r in kgg.stance_rows(settings) if r["topicKey"] == NATO], "actor")
    assert page.locator("#timeline g.lane[data-lane]").count() == len({m.lane for m in dated})
    sizes = page.eval_on_selector_all("#timeline text", "ts => ts.map(t => parseFloat(getComputedStyle(t).fontSize))")
    assert min(sizes) >= MIN_LABEL_PX
    assert_clean(recorder)


# --- search --------------------------------------------------------------------------------------

def test_search_box_suggests_as_you_type_and_opens_the_choice(recorder, settings):
    page = recorder.page
    page.goto(recorder.server + "/matrix")
    page.click("#site-search")
    page.keyboard.type("Rutt")
    page.wait_for_selector("#site-search-list li a", timeout=TIMEOUT)
    first = page.locator("#site-search-list li a").first
    assert "Mark Rutte" in first.inner_text()
    href = first.get_attribute("href")
    page.keyboard.press("ArrowDown")
    with page.expect_navigation(timeout=TIMEOUT):
        page.keyboard.press("Enter")
    assert page.url == recorder.server + href and "Mark Rutte" in page.inner_text("h1")
    assert_clean(recorder)


def test_search_page_lists_ranked_results_with_marked_words(recorder):
    page = recorder.page
    page.goto(recorder.server + "/matrix")
    page.fill("#site-search", "neutrality")
    with page.expect_navigation(timeout=TIMEOUT):
        page.press("#site-search", "Enter")
    assert "/search?q=neutrality" in page.url
    page.wait_for_selector("#search-results li", timeout=TIMEOUT)
    kinds = page.eval_on_selector_all("#search-results li .kind", "ks => ks.map(k => k.textContent)")
    assert kinds[0] in ("topic", "entity") and "stance" in kinds
    assert page.locator("#search-results mark").count() >= 1
    assert_clean(recorder)


# --- the graph -----------------------------------------------------------------------------------

def label_sizes(page) -> list[float]:
    """On-screen font size of every visible node's label (model size × zoom)."""
    return page.evaluate("""() => {
        const cy = window.kgGraph.cy;
        return cy.nodes().filter(n => n.visible() && n.pstyle('label').strValue)
                 .map(n => n.pstyle('font-size').pfValue * cy.zoom());
    }""")


def test_graph_labels_are_readable_at_the_default_zoom(recorder):
    page = open_graph(recorder)
    sizes = label_sizes(page)
    assert sizes and min(sizes) >= MIN_LABEL_PX
    page.evaluate("window.kgGraph.cy.zoom(window.kgGraph.cy.zoom() / 3)")  # zoomed far out, labels stay readable
    wait_until(page, f"(() => {{ const cy = window.kgGraph.cy; return cy.nodes().every(n => "
                     f"n.pstyle('font-size').pfValue * cy.zoom() >= {MIN_LABEL_PX - 0.5}); }})()")
    assert_clean(recorder)


def test_parallel_stances_are_one_edge_whose_width_is_their_number(recorder):
    page = open_graph(recorder)
    edges = page.evaluate("""() => window.kgGraph.cy.edges().map(e => ({
        count: e.data('count'), width: e.pstyle('width').pfValue, key: [e.source().id(), e.target().id(),
        e.data('polarity'), e.data('conditional')].join('|')}))""")
    assert len({e["key"] for e in edges}) == len(edges)
    ones = {e["width"] for e in edges if e["count"] == 1}
    many = [e for e in edges if e["count"] > 1]
    assert many and all(e["width"] > max(ones) for e in many)
    assert page.evaluate("window.kgGraph.cy.edges().filter(e => e.pstyle('label').strValue).length") == 0
    assert page.locator(".legend .for-positions.widths").is_visible()
    assert_clean(recorder)


def test_the_december_link_fills_the_panel(recorder, settings):
    """The README's December view: two nodes, drawn large and centred, not tiny in an empty panel."""
    page = open_graph(recorder, f"?topic={NATO}&actor={zelensky(settings)}&from=2025-12-01&to=2025-12-31&undated=0")
    page.wait_for_selector("#graph-app[data-fitted='1']", timeout=TIMEOUT)
    box = page.evaluate("""() => {
        const cy = window.kgGraph.cy, shown = cy.elements().filter(e => e.visible());
        const bb = shown.renderedBoundingBox();
        return {w: bb.w, h: bb.h, W: cy.width(), H: cy.height(), nodes: shown.nodes().length};
    }""")
    assert box["nodes"] == 2
    assert box["w"] >= 0.4 * box["W"] or box["h"] >= 0.4 * box["H"], box
    assert min(label_sizes(page)) >= MIN_LABEL_PX
    assert_clean(recorder)


def test_export_the_current_view_as_png_and_svg(recorder, tmp_path):
    page = open_graph(recorder)
    with page.expect_download(timeout=TIMEOUT) as png:
        page.click("#export-png")
    png.value.save_as(tmp_path / "g.png")
    import numpy as np
    from matplotlib import image
    picture = image.imread(tmp_path / "g.png")                       # decodes
    width, height = page.evaluate("[window.kgGraph.cy.width(), window.kgGraph.cy.height()]")
    assert picture.shape[1] >= width and picture.shape[0] >= height  # the current view, at scale 2
    assert abs(picture.shape[1] / picture.shape[0] - width / height) < 0.02
    assert len(np.unique(picture.reshape(-1, picture.shape[-1]), axis=0)) > 10   # not a blank page
    with page.expect_download(timeout=TIMEOUT) as svg:
        page.click("#export-svg")
    svg.value.save_as(tmp_path / "g.svg")
    root = ET.parse(tmp_path / "g.svg").getroot()
    texts = {t.text for t in root.iter("{http://www.w3.org/2000/svg}text")}
    labels = set(page.evaluate("window.kgGraph.cy.nodes().filter(n => n.visible()).map(n => n.data('label'))"))
    assert labels <= texts
    assert len(list(root.iter("{http://www.w3.org/2000/svg}path"))) == page.evaluate(
        "window.kgGraph.cy.edges().filter(e => e.visible()).length")
    assert_clean(recorder)


@pytest.mark.parametrize("path", ["/", "/matrix?sort=type", "/topic/", "/timeline", "/search?q=peace"])
def test_every_view_loads_offline_without_errors(recorder, path):
    recorder.page.goto(recorder.server + path)
    recorder.page.wait_for_load_state("load")
    assert recorder.page.locator("#site-search").count() == 1
    assert_clean(recorder)


def test_workbench_completes_ontology_terms_and_entity_names(recorder):
    page = recorder.page
    page.goto(recorder.server + "/query")
    page.wait_for_selector("#workbench[data-ready='1']", timeout=TIMEOUT)
    page.evaluate("""() => { const y = window.kgWorkbench.yasgui.getTab().getYasqe();
        y.setValue('PREFIX ont: <https://w3id.org/newskg/ontology#>\\nSELECT * WHERE { ?s a ');
        y.focus(); y.getDoc().setCursor({line: 1, ch: 30}); }""")
    page.keyboard.type("ont:Sta", delay=60)
    page.wait_for_selector(".CodeMirror-hints li", timeout=TIMEOUT)
    assert "ont:Stance" in page.eval_on_selector_all(".CodeMirror-hints li", "ls => ls.map(l => l.textContent)")
    page.keyboard.press("Enter")
    page.keyboard.type(" ; ?p <Zelen", delay=60)
    wait_until(page, "[...document.querySelectorAll('.CodeMirror-hints li')].some(l => l.textContent.includes('Zelenskyy'))")
    page.keyboard.press("Enter")
    value = page.evaluate("window.kgWorkbench.yasgui.getTab().getYasqe().getValue()")
    assert value.endswith("?s a ont:Stance ; ?p <http://127.0.0.1:8000/entity/Q3874799>")
    assert_clean(recorder)


def test_a_cell_with_many_stances_loads_them_all_in_batches(recorder, settings):
    """More stances than one request line holds: fetched 40 at a time, all shown."""
    every = sorted({r["stance"] for r in kgg.stance_rows(settings)})
    assert len(every) > 40
    page = recorder.page
    page.goto(recorder.server + "/matrix")
    page.wait_for_selector("#matrix td.cell", timeout=TIMEOUT)
    page.eval_on_selector("#matrix td.cell.support", "(td, ids) => { td.dataset.stances = ids.join(' '); }", every)
    page.click("#matrix td.cell.support >> nth=0")
    wait_until(page, f"document.querySelectorAll('#details article.stance').length === {len(every)}")
    edge_requests = [u for u in recorder.requests if "/api/edge?" in u]
    assert len(edge_requests) == -(-len(every) // 40)
    assert_clean(recorder)
