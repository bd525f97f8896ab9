"""kg fetch, kg watch and WARC archives end to end: loopback pages built into a real on-disk store."""
from __future__ import annotations

import gc
import gzip
import io
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.cli import main
from kg.config import Settings
from kg.ingest import FetchPolicy, fetch, watch
from kg.ingest.cache import WebCache, cache_dir_for
from kg.ingest.web import web_doc_id
from kg.mapping import PREFIXES
from kg.store import KnowledgeStore
from kg.validate import validate_store

from .loopback import SITE

pytestmark = pytest.mark.slow

FAST = FetchPolicy(delay=0.0, timeout=2.0)
HEAD = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())


def rows(settings: Settings, query: str) -> list[dict]:
    store = KnowledgeStore(settings.store, settings.base_iri, read_only=True)
    try:
        result = store.store.query(HEAD + query, use_default_graph_as_union=True)
        names = [v.value for v in result.variables]
        return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in result]
    finally:
        store.close()


def facts_from(settings: Settings, doc_id: str) -> int:
    (row,) = rows(settings, f"""SELECT (COUNT(?f) AS ?n) WHERE {{
        ?f prov:wasDerivedFrom <{settings.base_iri}doc/{doc_id}> ; a ?kind .
        VALUES ?kind {{ ont:Stance ont:Statement ont:Role }} }}""")
    return int(row["n"])


@pytest.fixture(scope="module")
def fetched(tmp_path_factory, _served_site):
    """Four articles, a republished wire story and a 404 fetched into one store."""
    site = _served_site
    settings = Settings.load(store=str(tmp_path_factory.mktemp("fetch") / "store"), env={})
    urls = [site.url(p) for p in ("/news/rutte.html", "/news/jsonld.html", "/wire/outlet-a.html",
                                  "/missing", "/wire/outlet-b.html", "/news/meta-only.html")]
    report = fetch(urls, settings, FAST)
    return settings, report, urls, site


def test_a_failed_url_is_reported_and_the_others_built(fetched):
    settings, report, urls, _ = fetched
    assert report.build.errors == [f"{urls[3]}: HTTP 404 Not Found"]
    assert not report.ok                                    # the exit status says something was skipped
    assert len(report.build.built) == 5
    assert [url for url, _ in report.fetched] == urls[:3] + urls[4:]
    assert report.build.validation is not None and report.build.validation.conforms


def test_the_document_node_records_where_and_when(fetched):
    settings, report, urls, _ = fetched
    doc_id = web_doc_id("http://courier.example/europe/zelensky-macron")
    (row,) = rows(settings, f"""SELECT * WHERE {{ <{settings.base_iri}doc/{doc_id}>
        prov:wasDerivedFrom ?resource ; prov:generatedAtTime ?retrieved ; schema:url ?url ;
        ont:canonicalUrl ?canonical ; dct:title ?title ; dct:publisher ?publisher ; dct:creator ?author ;
        dct:date ?date ; dct:language ?language ; dct:format ?format ; ont:httpETag ?etag ;
        ont:httpLastModified ?lastModified ; ont:textFingerprint ?fingerprint ; ont:sourceFile ?file }}""")
    assert row["resource"] == row["url"] == row["file"] == urls[1]
    assert row["canonical"] == "http://courier.example/europe/zelensky-macron"
    assert (row["title"], row["publisher"], row["author"], row["date"], row["language"]) == (
        "Zelensky meets Macron in Paris", "The Evening Courier", "Pierre Martin", "2025-06-02", "en-GB")
    assert row["retrieved"].endswith("Z") and row["format"].startswith("text/html")
    assert row["lastModified"].endswith("GMT") and len(row["fingerprint"]) == 16


def test_the_whole_store_validates(fetched):
    settings, *_ = fetched
    store = KnowledgeStore(settings.store, settings.base_iri, read_only=True)
    try:
        assert validate_store(store.store, base_iri=settings.base_iri).conforms
    finally:
        store.close()


def test_a_republished_wire_story_is_a_copy_and_counts_once(fetched):
    settings, report, urls, _ = fetched
    a = next(d for u, d in report.fetched if u == urls[2])
    b = next(d for u, d in report.fetched if u == urls[4])
    assert b.metadata["copy_of"] == a.doc_id and "copy_of" not in a.metadata
    (row,) = rows(settings, f"SELECT ?original WHERE {{ <{settings.base_iri}doc/{b.doc_id}> ont:copyOf ?original }}")
    assert row["original"] == f"{settings.base_iri}doc/{a.doc_id}"
    assert facts_from(settings, a.doc_id) > 0
    assert facts_from(settings, b.doc_id) == 0               # stances and quotes are not counted twice
    # the copy is still a document with its own URL and publisher
    (row,) = rows(settings, f"SELECT ?p WHERE {{ <{settings.base_iri}doc/{b.doc_id}> dct:publisher ?p }}")
    assert row["p"] == "Outlet B"


def test_the_headline_never_runs_into_the_first_sentence(fetched):
    settings, *_ = fetched
    sentences = [r["s"] for r in rows(settings, "SELECT DISTINCT ?s WHERE { ?x a nif:Sentence ; nif:anchorOf ?s }")]
    assert sentences
    for headline in ("Rutte urges allies", "Zelensky meets Macron in Paris", "Orban says Hungary will block"):
        assert not any(headline in s for s in sentences)


def test_fetching_again_sends_conditional_requests_and_rebuilds_nothing(fetched):
    settings, report, urls, site = fetched
    site.requests.clear()
    again = fetch([urls[0], urls[1]], settings, FAST)
    assert again.build.built == [] and sorted(again.build.unchanged) == sorted(d.doc_id for _, d in again.fetched)
    sent = {path: headers for path, headers, _ in site.requests}
    assert sent["/news/rutte.html"]["if-none-match"].startswith('"')
    assert "if-modified-since" in sent["/news/jsonld.html"]


def test_fetching_a_copy_again_keeps_it_a_copy(fetched):
    settings, report, urls, _ = fetched
    again = fetch([urls[4]], settings, FAST)
    (doc,) = [d for _, d in again.fetched]
    assert doc.metadata["copy_of"] == next(d for u, d in report.fetched if u == urls[2]).doc_id
    assert again.build.unchanged == [doc.doc_id]


def test_cache_lies_beside_the_store(fetched):
    settings, *_ = fetched
    root = cache_dir_for(settings.store)
    assert root == Path(settings.store).parent / "store-cache"
    assert len(list((root / "urls").glob("*.json"))) == 5      # one record per page read (not the 404)
    assert (root / "objects").is_dir()


def test_kg_fetch_prints_a_line_per_page_and_exits_1_when_one_failed(tmp_path, site, capsys):
    store = tmp_path / "store"
    code = main(["fetch", "--store", str(store), "--delay", "0", "-q",
                 site.url("/news/meta-only.html"), site.url("/private/secret.html")])
    out, err = capsys.readouterr()
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == (f"fetched {site.url('/news/meta-only.html')} -> {web_doc_id(site.url('/news/meta-only.html'))} "
                        "'Erdogan offers to host peace talks' (2025-03-14)")
    assert lines[-1].startswith("built 1, unchanged 0, skipped 1 document(s); ") and lines[-1].endswith("SHACL: conforms")
    assert err.strip().splitlines()[-1] == (f"skipped: {site.url('/private/secret.html')}: robots.txt of {site.base} "
                                            "does not allow fetching /private/secret.html")
    assert "/private/secret.html" not in site.paths_requested()


def test_kg_watch_once_takes_only_the_new_entries(tmp_path, site, capsys):
    settings = Settings.load(store=str(tmp_path / "store"), env={})
    site.feed_entries[:] = [("g1", "/news/jsonld.html", "Zelensky meets Macron"),
                            ("g2", "/news/meta-only.html", "Erdogan offers talks")]
    feed = site.url("/feed.xml")
    first = watch([feed], settings, FAST, once=True)
    assert first.new_entries == 2 and len(first.fetch.build.built) == 2 and first.ok

    site.feed_entries.append(("g3", "/wire/outlet-a.html", "Orban to block"))      # the feed changes
    site.requests.clear()
    gc.collect()     # the first round's store handle goes with its reference cycles: release the write lock
    code = main(["watch", "--store", settings.store, "--once", "--delay", "0", feed])
    out = capsys.readouterr().out
    assert code == 0
    assert "1 new entry" in out.splitlines()[0]
    assert [p for p in site.paths_requested() if p != "/robots.txt"] == ["/feed.xml", "/wire/outlet-a.html"]
    assert "if-none-match" in dict((p, h) for p, h, _ in site.requests)["/feed.xml"]   # conditional poll
    assert out.splitlines()[-1].startswith("built 1, unchanged 0, skipped 0")

    site.requests.clear()                                    # nothing changed: 304, no page fetched
    third = watch([feed], settings, FAST, once=True)
    assert third.new_entries == 0 and third.fetch is None
    assert [p for p in site.paths_requested() if p != "/robots.txt"] == ["/feed.xml"]
    state = WebCache(cache_dir_for(settings.store)).feed_state(feed)
    assert [key.rsplit("/", 1)[-1] for key in state["seen"]] == ["g1", "g2", "g3"]   # feedparser resolves guids


def test_watch_retries_an_entry_that_failed(tmp_path, site):
    settings = Settings.load(store=str(tmp_path / "store"), env={})
    site.feed_entries[:] = [("g1", "/missing", "Gone"), ("g2", "/news/meta-only.html", "Erdogan")]
    feed = site.url("/feed.xml")
    first = watch([feed], settings, FAST, once=True)
    assert not first.ok and first.fetch.build.errors == [f"{site.url('/missing')}: HTTP 404 Not Found"]
    site.requests.clear()
    second = watch([feed], settings, FAST, once=True)
    assert second.new_entries == 1                           # the failed one, not the built one
    assert "if-none-match" not in dict((p, h) for p, h, _ in site.requests)["/feed.xml"]


def test_watch_keeps_polling_until_interrupted(tmp_path, site):
    settings = Settings.load(store=str(tmp_path / "store"), env={})
    site.feed_entries[:] = [("g2", "/news/meta-only.html", "Erdogan")]
    naps: list[float] = []

    def sleep(seconds: float) -> None:
        naps.append(seconds)
        if len(naps) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        watch([site.url("/feed.xml")], settings, FAST, interval=60, sleep=sleep)
    assert naps == [60, 60]


# --- WARC ------------------------------------------------------------------------------------

def write_warc(path, site_base: str) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)

        def response(url: str, body: bytes, ctype: str, date_: str) -> None:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype), ("ETag", '"abc"')], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers,
                                                          warc_headers_dict={"WARC-Date": date_}))

        writer.write_record(writer.create_warc_record(f"{site_base}/news/rutte.html", "request",
                                                      payload=io.BytesIO(b"GET /news/rutte.html HTTP/1.1\r\n\r\n")))
        response(f"{site_base}/news/rutte.html", (SITE / "news/rutte.html").read_bytes(), "text/html; charset=utf-8",
                 "2025-06-02T09:00:00Z")
        response(f"{site_base}/logo.png", b"\x89PNG\r\n\x1a\n", "image/png", "2025-06-02T09:00:01Z")
        response(f"{site_base}/news/meta-only.html", (SITE / "news/meta-only.html").read_bytes(), "text/html",
                 "2025-06-02T09:00:02Z")
        response(f"{site_base}/news/paywall.html", (SITE / "news/paywall.html").read_bytes(), "text/html",
                 "2025-06-02T09:00:03Z")


def test_kg_build_reads_warc_archives(tmp_path, capsys):
    archive = tmp_path / "crawl" / "crawl.warc.gz"
    archive.parent.mkdir()
    write_warc(archive, "http://site.example")
    store = tmp_path / "store"
    code = main(["build", "--store", str(store), "-q", str(archive.parent)])
    out, err = capsys.readouterr()
    assert code == 1                                        # the paywall stub is reported
    assert (f"skipped: {archive}: record 5 (http://site.example/news/paywall.html): only 30 characters of article "
            "text (a paywall stub, a teaser or an index page?)") in err
    assert out.splitlines()[-1].startswith("built 2, unchanged 0, removed 0, skipped 1 document(s)")
    settings = Settings.load(store=str(store), env={})
    found = rows(settings, """SELECT ?file ?url ?retrieved ?date WHERE { ?d a ont:Document ; ont:sourceFile ?file ;
        schema:url ?url ; prov:generatedAtTime ?retrieved OPTIONAL { ?d dct:date ?date } } ORDER BY ?url""")
    assert found == [
        {"file": "crawl.warc.gz", "url": "http://site.example/news/meta-only.html", "retrieved": "2025-06-02T09:00:02Z",
         "date": "2025-03-14"},
        {"file": "crawl.warc.gz", "url": "http://site.example/news/rutte.html", "retrieved": "2025-06-02T09:00:00Z",
         "date": None}]


def test_a_broken_warc_is_one_line(tmp_path):
    from kg.sources import iter_documents
    bad = tmp_path / "bad.warc.gz"
    bad.write_bytes(gzip.compress(b"this is not a WARC record\r\n\r\n"))
    (error,) = list(iter_documents([bad]))
    assert str(error).startswith(f"{bad}: not a readable WARC archive")


def test_a_blank_line_ends_an_unpunctuated_line():
    from kg.nlp.pipeline import load_pipeline
    nlp = load_pipeline()
    text = ("Zelensky: While Ukraine remains beyond NATO, appropriate security guarantees important\n\n"
            "President Volodymyr Zelensky says that the issue remains on the table. He said so on Monday.")
    sentences = [s.text.strip() for s in nlp(text).sents]
    assert sentences == ["Zelensky: While Ukraine remains beyond NATO, appropriate security guarantees important",
                         "President Volodymyr Zelensky says that the issue remains on the table.",
                         "He said so on Monday."]


def test_stop_ends_watch_between_documents(tmp_path, site, monkeypatch):
    """What Ctrl-C does in `kg watch`: the page in hand is built, no further page is fetched, and the
    entries left are new again at the next run."""
    import threading
    settings = Settings.load(store=str(tmp_path / "store"), env={})
    site.feed_entries[:] = [("g1", "/news/jsonld.html", "Zelensky"), ("g2", "/news/meta-only.html", "Erdogan")]
    stop = threading.Event()
    naps: list[float] = []

    class StopAfterFirstPage(list):   # the fetched list: set stop once the first page is read
        def append(self, item) -> None:
            super().append(item)
            stop.set()

    import kg.ingest as ingest
    from kg.build import build
    from kg.ingest.web import fetch_documents

    def fetch_with_probe(urls, settings, policy=None, *, fetcher=None, progress=False, stop=None):
        fetched = StopAfterFirstPage()
        cache = WebCache(cache_dir_for(settings.store))
        report = build(settings=settings, documents=fetch_documents(urls, fetcher, cache, fetched, stop),
                       progress=False)
        return ingest.FetchReport(report, fetched)

    monkeypatch.setattr(ingest, "fetch", fetch_with_probe)
    last = watch([site.url("/feed.xml")], settings, FAST, interval=60, stop=stop, sleep=naps.append)
    monkeypatch.undo()
    assert naps == [] and stop.is_set()
    assert len(last.fetch.build.built) == 1 and "/news/meta-only.html" not in site.paths_requested()
    again = watch([site.url("/feed.xml")], settings, FAST, once=True)
    assert again.new_entries == 1 and again.fetch.build.built


def test_ctrl_c_stops_kg_watch_cleanly(tmp_path, site):
    """The real command in a subprocess: Ctrl-C while it waits for the next round exits 0 and says so."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import clean_env

    site.feed_entries[:] = [("g2", "/news/meta-only.html", "Erdogan")]
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "watch", "--store", str(tmp_path / "store"),
                             "--interval", "1h", "--delay", "0", site.url("/feed.xml")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=clean_env(),
                            cwd=str(Path(__file__).resolve().parents[2]))
    try:
        deadline = time.monotonic() + 240
        err_lines = []
        while time.monotonic() < deadline:
            line = proc.stderr.readline()
            err_lines.append(line)
            if line.startswith("next round in 60 min") or not line:
                break
        assert err_lines[-1].startswith("next round in 60 min (Ctrl-C stops)"), err_lines
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
    assert proc.returncode == 0, err
    assert "stopped: every document completed so far is in the store" in err
    assert "built 1, unchanged 0, skipped 0" in out


def test_prune_keeps_the_pages_fetched_from_the_web(tmp_path, site):
    settings = Settings.load(store=str(tmp_path / "store"), env={})
    fetched = fetch([site.url("/news/meta-only.html")], settings, FAST)
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text("NATO Secretary General Mark Rutte met Zelensky in Kyiv on Tuesday.")
    from kg.build import build
    build([articles], settings, progress=False)
    (articles / "a.txt").unlink()
    (articles / "b.txt").write_text("Zelensky met Macron in Paris on Monday.")
    report = build([articles], settings, prune=True, progress=False)
    assert report.removed == ["a"]                                  # the removed file's document
    doc_ids = {r["d"].rsplit("/", 1)[-1] for r in rows(settings, "SELECT ?d WHERE { ?d a ont:Document }")}
    assert doc_ids == {"b", fetched.fetched[0][1].doc_id}          # the fetched page stays
