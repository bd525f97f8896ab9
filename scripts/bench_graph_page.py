"""Time to first render of the graph page and of the other views (matrix, topic page, timeline,
search), in headless Chromium, for the sample corpus and for a synthetic store of 2,000 nodes
and 10,000 stance edges; optionally the README screenshots of every view.

    PYTHONPATH=. .venv/bin/python scripts/bench_graph_page.py [--sample-store data/store] [--runs 5]
        [--nodes 2000 --edges 10000] [--screenshots docs/screenshots]

"First render" is ``performance.now()`` when Cytoscape first paints after laying the graph
out, i.e. milliseconds since the navigation started: it includes loading the page and its
scripts, the /api/graph request (store query + kg.graph + JSON) and the layout. The first
run of each store is reported apart (cold: the server queries the store); the median of the
others (warm: the server's row cache is filled) is what a user sees on a second visit.
The synthetic store follows docs/model.md and is opened read-only like ``kg serve`` does, so
the page is measured through the real API. The other views are rendered on the server: their
"first render" is the browser's first contentful paint (navigation start to first paint).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pyoxigraph as ox
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.config import Settings  # noqa: E402
from kg.mapping import ONT, PROV, RDF, RDFS, SKOS, TOPIC, XSD  # noqa: E402
from server.app import create_app  # noqa: E402
from tests.browser.conftest import CHROMIUM_ARGS, PageRecorder, chromium_path  # noqa: E402

BASE = "http://127.0.0.1:8000/"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"


def synthetic_store(path: Path, n_nodes: int, n_edges: int, n_topics: int = 50, seed: int = 7) -> Path:
    """An on-disk store at ``path`` with ``n_nodes - n_topics`` actors, ``n_topics`` topics and
    ``n_edges`` stances (every actor and topic with at least one), dated over 2025."""
    rng = random.Random(seed)
    n_actors = n_nodes - n_topics
    kinds = ["Person", "Organization", "Country"]
    quads: list[ox.Quad] = []
    g = ox.NamedNode(BASE + "graph/synthetic")

    def add(s, p, o):
        quads.append(ox.Quad(s, ox.NamedNode(p), o, g))

    topics = [ox.NamedNode(f"{TOPIC}t{i:03d}") for i in range(n_topics)]
    for i, t in enumerate(topics):
        add(t, SKOS + "notation", ox.Literal(f"t{i:03d}"))
        add(t, SKOS + "prefLabel", ox.Literal(f"Topic {i}", language="en"))
    actors = [ox.NamedNode(f"{BASE}entity/synthetic/a{i:04d}") for i in range(n_actors)]
    for i, a in enumerate(actors):
        add(a, RDF + "type", ox.NamedNode(ONT + kinds[i % 3]))
        add(a, RDFS + "label", ox.Literal(f"Actor {i}"))
    docs = [ox.NamedNode(f"{BASE}doc/synthetic-{i:03d}") for i in range(100)]
    for i, d in enumerate(docs):
        add(d, RDF + "type", ox.NamedNode(ONT + "Document"))
        add(d, ONT + "sourceFile", ox.Literal(f"synthetic-{i:03d}.txt"))
    pairs = [(actors[i], topics[i % n_topics]) for i in range(n_actors)]
    pairs += [(actors[rng.randrange(n_actors)], topics[rng.randrange(n_topics)]) for _ in range(n_edges - n_actors)]
    for i, (actor, topic) in enumerate(pairs):
        s = ox.NamedNode(f"{BASE}stance/synthetic-{i:05d}")
        sentence = ox.NamedNode(f"{docs[i % 100].value}#char={i},{i + 40}")
        add(s, RDF + "type", ox.NamedNode(ONT + "Stance"))
        add(s, ONT + "holder", actor)
        add(s, ONT + "topic", topic)
        add(s, ONT + "polarity", ox.Literal(rng.choice(["support", "oppose"])))
        add(s, ONT + "conditional", ox.Literal("true" if rng.random() < 0.1 else "false", datatype=ox.NamedNode(XSD + "boolean")))
        day = time.strftime("%Y-%m-%d", time.gmtime(1735689600 + rng.randrange(365) * 86400))
        add(s, ONT + "date", ox.Literal(day, datatype=ox.NamedNode(XSD + "date")))
        add(s, ONT + "confidence", ox.Literal("0.9", datatype=ox.NamedNode(XSD + "decimal")))
        add(s, ONT + "sentence", sentence)
        add(sentence, NIF + "anchorOf", ox.Literal(f"Synthetic sentence {i}."))
        add(s, PROV + "wasDerivedFrom", docs[i % 100])
    store = ox.Store(str(path))
    store.extend(quads)
    store.flush()
    del store
    return path


class Server:
    def __init__(self, settings: Settings, store: ox.Store | None = None):
        self.httpd = make_server("127.0.0.1", 0, create_app(settings, store), threaded=True)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def measure(browser, url: str, runs: int) -> dict:
    """Load /graph ``runs`` times in fresh browser contexts; first-render timings and a filter."""
    samples = []
    for _ in range(runs):
        rec = PageRecorder(browser, url)
        page = rec.page
        page.goto(url + "/graph")
        page.wait_for_selector("#graph-app[data-ready='1']", timeout=120_000)
        stats = page.evaluate("window.kgGraph.stats")
        # one move of the date slider: hide what falls outside the first half of the range
        stats["filterMs"] = page.evaluate("""() => new Promise(resolve => {
            const el = document.getElementById('f-to'), t = performance.now();
            el.value = Math.floor(el.max / 2); el.dispatchEvent(new Event('input'));
            requestAnimationFrame(() => requestAnimationFrame(() => resolve(Math.round(performance.now() - t))));
        })""")
        if rec.outside or rec.errors:
            raise SystemExit(f"page misbehaved: outside={rec.outside} errors={rec.errors}")
        samples.append(stats)
        rec.close()
    warm = samples[1:] or samples
    med = lambda key: round(statistics.median(s[key] for s in warm))  # noqa: E731
    return {"nodes": samples[0]["nodes"], "edges": f"{samples[0]['edges']} ({samples[0].get('stances', '?')} stances)",
            "large_mode": samples[0]["large"],
            "cold_first_render_ms": samples[0]["firstRenderMs"], "first_render_ms": med("firstRenderMs"),
            "fetch_ms": med("fetchMs"), "layout_ms": med("layoutMs"), "filter_ms": med("filterMs"), "runs": runs}


def measure_views(browser, url: str, paths: dict[str, str], runs: int) -> dict:
    """First contentful paint (ms since navigation start) of each view: cold (first) and warm median."""
    out = {}
    for name, path in paths.items():
        samples = []
        for _ in range(runs):
            rec = PageRecorder(browser, url)
            rec.page.goto(url + path, timeout=120_000)
            rec.page.wait_for_load_state("load")
            samples.append(round(rec.page.evaluate(
                "performance.getEntriesByName('first-contentful-paint')[0]?.startTime || performance.now()")))
            if rec.outside or rec.errors:
                raise SystemExit(f"{path} misbehaved: outside={rec.outside} errors={rec.errors}")
            rec.close()
        out[name] = {"path": path, "cold_ms": samples[0], "warm_ms": round(statistics.median(samples[1:] or samples))}
    return out


def view_paths(settings: Settings, topic: str) -> dict[str, str]:
    """The views to time: the matrix, one topic's page and timeline, an actor's timeline, a search."""
    from urllib.parse import quote

    from kg import graph as kgg
    rows = kgg.stance_rows(settings)
    actor = max({r["holder"] for r in rows}, key=lambda h: sum(r["holder"] == h for r in rows))
    return {"matrix": "/matrix", "topic page": f"/topic/{topic}", "topic timeline": f"/timeline?topic={topic}",
            "actor timeline": f"/timeline?actor={quote(actor, safe='')}", "search": "/search?q=Topic"}


def screenshots(browser, url: str, out: Path) -> list[Path]:
    """query.png (the stances query run in the workbench) and graph.png (the graph, an edge's evidence)."""
    out.mkdir(parents=True, exist_ok=True)
    rec = PageRecorder(browser, url, width=1400, height=900)
    page = rec.page
    page.goto(url + "/query")
    page.wait_for_selector("#workbench[data-ready='1']")
    page.click("#examples button[data-name='who-supports']")
    page.click(".yasqe_queryButton")
    page.wait_for_selector(".yasr table tbody tr")
    page.eval_on_selector("#examples", "el => { el.scrollTop = 0; }")
    page.wait_for_timeout(500)
    page.screenshot(path=str(out / "query.png"))
    page.goto(url + "/graph")
    page.wait_for_selector("#graph-app[data-ready='1']")
    page.evaluate("""() => {
        const cy = window.kgGraph.cy;
        const e = cy.edges().filter(e => e.data('topic') === 'ukraine_nato_membership'
                                         && (e.data('stances') || []).some(s => s.date)
                                         && (e.source().data('wikidata') || '').endsWith('Q3874799'))[0] || cy.edges()[0];
        e.select(); e.emit('tap');
    }""")
    page.wait_for_selector("#details article.stance")
    page.wait_for_timeout(300)
    page.screenshot(path=str(out / "graph.png"))
    written = [out / "query.png", out / "graph.png"]
    # the other views, each with its evidence panel open where it has one
    page.goto(url + "/matrix")
    page.click("#matrix td.cell.both")
    page.wait_for_selector("#details article.stance")
    page.screenshot(path=str(out / "matrix.png"))
    page.goto(url + "/topic/ukraine_nato_membership")
    page.screenshot(path=str(out / "topic.png"))
    zelensky = page.evaluate("fetch('/api/search?q=Zelensky&kind=entity').then(r => r.json()).then(b => b.results[0].iri)")
    page.goto(url + "/timeline?actor=" + zelensky)
    page.click("#timeline g.mark.changed >> nth=0")
    page.wait_for_selector("#details article.stance")
    page.screenshot(path=str(out / "timeline.png"))
    page.goto(url + "/search?q=neutrality")
    page.fill("#site-search", "Rutt")
    page.wait_for_selector("#site-search-list li")
    page.screenshot(path=str(out / "search.png"))
    written += [out / "matrix.png", out / "topic.png", out / "timeline.png", out / "search.png"]
    if rec.outside or rec.errors:
        raise SystemExit(f"page misbehaved: outside={rec.outside} errors={rec.errors}")
    rec.close()
    return written


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sample-store", help="a built store of the sample corpus (default: build sources/ into a temp dir)")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--nodes", type=int, default=2000)
    p.add_argument("--edges", type=int, default=10000)
    p.add_argument("--screenshots", help="directory to write query.png and graph.png into")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    args = p.parse_args(argv)
    executable = chromium_path()
    if executable is None:
        print("no Chromium: run scripts/ci_browser_deps.sh", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    sample = args.sample_store
    if not sample:
        sample = str(Path(tempfile.mkdtemp()) / "store")
        subprocess.run([sys.executable, "-m", "kg.cli", "build", "--store", sample, "-q"], cwd=ROOT, check=True)
    results = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        sample_settings = Settings(store=sample, base_iri=BASE)
        server = Server(sample_settings)
        results["sample corpus"] = measure(browser, server.url, args.runs)
        views = {"sample corpus": measure_views(browser, server.url,
                                                view_paths(sample_settings, "ukraine_nato_membership"), args.runs)}
        if args.screenshots:
            for path in screenshots(browser, server.url, Path(args.screenshots)):
                print(f"wrote {path}", file=sys.stderr)
        server.close()
        t = time.perf_counter()
        store = synthetic_store(Path(tempfile.mkdtemp()) / "synthetic", args.nodes, args.edges)
        build_s = time.perf_counter() - t
        synthetic_settings = Settings(store=str(store), base_iri=BASE)
        server = Server(synthetic_settings)  # read-only, as `kg serve` opens it
        results[f"synthetic {args.nodes} nodes / {args.edges} edges"] = measure(browser, server.url, args.runs)
        views[f"synthetic {args.nodes} nodes / {args.edges} edges"] = measure_views(
            browser, server.url, view_paths(synthetic_settings, "t000"), args.runs)
        results[f"synthetic {args.nodes} nodes / {args.edges} edges"]["store_build_s"] = round(build_s, 2)
        server.close()
        browser.close()
    if args.json:
        print(json.dumps({"graph": results, "views": views}, indent=2))
        return 0
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"graph page, headless Chromium ({executable}); medians of {args.runs - 1} warm runs; "
          f"{os.cpu_count()} CPUs, load average after the runs {load}\n")
    print("| graph | nodes | edges | layout | first render (cold) | first render (warm) | /api/graph | layout | date-slider move |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, r in results.items():
        mode = "concentric (large)" if r["large_mode"] else "preset (kg.graph)"
        print(f"| {name} | {r['nodes']} | {r['edges']} | {mode} | {r['cold_first_render_ms']} ms | "
              f"{r['first_render_ms']} ms | {r['fetch_ms']} ms | {r['layout_ms']} ms | {r['filter_ms']} ms |")
    print("\nother views, first contentful paint (cold / warm median):\n")
    names = list(next(iter(views.values())))
    print("| store | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for store_name, timings in views.items():
        print(f"| {store_name} | " + " | ".join(f"{timings[n]['cold_ms']} / {timings[n]['warm_ms']} ms" for n in names) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
