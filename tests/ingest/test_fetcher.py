"""The polite fetcher and the page reader against the loopback site: one clear line per failure."""
from __future__ import annotations

import hashlib
import socket
import time
from datetime import date

import pytest

from kg.ingest.fetcher import USER_AGENT, Fetcher, FetchError, FetchPolicy, check_url
from kg.ingest.web import fetch_document, fetch_documents, web_doc_id
from kg.sources import Document, SourceError

from .loopback import SITE


def test_article_text_without_boilerplate(site, fetcher, cache):
    doc = fetch_document(site.url("/news/rutte.html"), fetcher, cache)
    assert doc.title == "Rutte urges allies to back Kyiv through the winter"
    assert doc.text.startswith("NATO Secretary General Mark Rutte said on Monday that the allies must keep backing")
    assert doc.text.count("\n\n") == 3            # four paragraphs, a blank line between them
    assert "Rutte urges allies" not in doc.text   # the headline is the title, never glued to the first sentence
    for boilerplate in ("cookies", "Accept all", "World", "Sport", "Advertisement", "SuperPhone", "Cheap flights",
                        "Troll99", "Reader42", "Comments", "penguins", "Copyright", "Privacy", "dataLayer", "By Jane"):
        assert boilerplate not in doc.text, boilerplate
    assert doc.publisher == "The Daily Planet"
    assert doc.date is None                       # the page gives no date: none is invented
    assert doc.url == site.url("/news/rutte.html") and doc.file == doc.url
    meta = doc.metadata
    assert (meta["author"], meta["language"]) == ("Jane Doe", "en")
    assert meta["canonical_url"] == "http://news.example/world/rutte-urges-allies"
    assert meta["etag"].startswith('"') and meta["last_modified"].endswith("GMT")
    assert meta["content_type"] == "text/html; charset=utf-8"
    assert meta["retrieved_at"].endswith("Z")
    assert doc.doc_id == web_doc_id("http://news.example/world/rutte-urges-allies")


def test_json_ld_and_meta_tag_metadata(site, fetcher, cache):
    doc = fetch_document(site.url("/news/jsonld.html"), fetcher, cache)
    assert (doc.title, doc.publisher, doc.date) == ("Zelensky meets Macron in Paris", "The Evening Courier",
                                                    date(2025, 6, 2))
    assert doc.metadata["author"] == "Pierre Martin"
    assert doc.metadata["canonical_url"] == "http://courier.example/europe/zelensky-macron"
    assert doc.metadata["language"] == "en-GB"
    only_meta = fetch_document(site.url("/news/meta-only.html"), fetcher, cache)
    assert only_meta.date == date(2025, 3, 14)            # <meta property="article:published_time">
    assert only_meta.publisher is None                    # the host name is not a publisher
    assert "canonical_url" not in only_meta.metadata and "author" not in only_meta.metadata


def test_redirect_chain_is_followed_and_recorded(site, fetcher, cache):
    doc = fetch_document(site.url("/redirect/3"), fetcher, cache)
    assert doc.url == site.url("/news/rutte.html")
    assert doc.metadata["source_url"] == site.url("/redirect/3")
    assert site.paths_requested()[-4:] == ["/redirect/3", "/redirect/2", "/redirect/1", "/news/rutte.html"]
    # the same article however it was reached: one doc_id
    assert doc.doc_id == fetch_document(site.url("/news/rutte.html"), fetcher, cache).doc_id


@pytest.mark.parametrize("path, problem", [
    ("/missing", "HTTP 404 Not Found"),
    ("/broken", "HTTP 500 Internal Server Error"),
    ("/slow", "no answer within 1 s (timeout)"),
    ("/huge", "response is 50.0 MB, over the 2.0 MB limit (not read)"),
    ("/huge-chunked", "response is over the 2.0 MB limit (stopped reading)"),
    ("/image.png", "not an HTML page (content type image/png)"),
    ("/news/paywall.html", "only 30 characters of article text (a paywall stub, a teaser or an index page?)"),
    ("/loop", "more than 5 redirects (last to {base}/loop)"),
    ("/to-ftp", "redirected to a URL that is not fetched (only http:// and https:// URLs are fetched (got ftp:))"),
    ("/private/secret.html", "robots.txt of {base} does not allow fetching /private/secret.html"),
])
def test_each_failure_is_one_clear_line(site, fetcher, cache, path, problem):
    url = site.url(path)
    with pytest.raises(FetchError) as caught:
        fetch_document(url, fetcher, cache)
    assert str(caught.value) == f"{url}: {problem.format(base=site.base)}"
    assert "\n" not in str(caught.value)


def test_slow_server_costs_no_more_than_the_timeout(site, fetcher, cache):
    started = time.monotonic()
    with pytest.raises(FetchError):
        fetch_document(site.url("/slow"), fetcher, cache)
    assert time.monotonic() - started < 2.5


def test_robots_txt_is_honoured_and_read_once(site, fetcher, cache):
    with pytest.raises(FetchError):
        fetch_document(site.url("/private/secret.html"), fetcher, cache)
    fetch_document(site.url("/news/rutte.html"), fetcher, cache)
    fetch_document(site.url("/news/jsonld.html"), fetcher, cache)
    paths = site.paths_requested()
    assert "/private/secret.html" not in paths            # never even asked
    assert paths.count("/robots.txt") == 1
    assert paths[0] == "/robots.txt"


def test_user_agent_names_the_tool(site, fetcher, cache):
    fetch_document(site.url("/news/rutte.html"), fetcher, cache)
    agents = {headers["user-agent"] for _, headers, _ in site.requests}
    assert agents == {USER_AGENT} and USER_AGENT.startswith("newskg/")


def test_rate_limit_per_host(site, cache):
    client = Fetcher(FetchPolicy(delay=0.3, timeout=2))
    try:
        for path in ("/news/rutte.html", "/news/jsonld.html", "/news/meta-only.html"):
            fetch_document(site.url(path), client, cache)
    finally:
        client.close()
    times = [t for _, _, t in site.requests]            # robots.txt, then the three pages
    assert len(times) == 4
    gaps = [b - a for a, b in zip(times, times[1:])]
    # the client waits 0.3 s between two requests to one host; arrival times jitter on a busy machine
    assert min(gaps) >= 0.2 and times[-1] - times[0] >= 0.85, gaps


def test_conditional_request_on_the_second_fetch(site, fetcher, cache):
    first = fetch_document(site.url("/news/rutte.html"), fetcher, cache)
    second = fetch_document(site.url("/news/rutte.html"), fetcher, cache)
    sent = [headers for path, headers, _ in site.requests if path == "/news/rutte.html"]
    assert "if-none-match" not in sent[0]
    assert sent[1]["if-none-match"] == first.metadata["etag"]
    assert sent[1]["if-modified-since"] == first.metadata["last_modified"]
    # answered 304: the document is read again from the cache, identical (so a build skips it)
    assert second.content_hash == first.content_hash and second.metadata == first.metadata


def test_cache_is_content_addressed(site, fetcher, cache):
    doc = fetch_document(site.url("/news/rutte.html"), fetcher, cache)
    record = cache.url_record(site.url("/news/rutte.html"))
    html = (SITE / "news/rutte.html").read_bytes()
    assert cache.get(record["html"]) == html
    assert cache.object_path(record["html"]).name == hashlib.sha256(html).hexdigest()
    assert cache.get(record["text"]).decode("utf-8") == doc.text
    assert (record["final_url"], record["doc_id"]) == (site.url("/news/rutte.html"), doc.doc_id)


def test_only_http_urls(fetcher):
    for url, problem in [("ftp://example.org/a", "only http:// and https:// URLs are fetched (got ftp:)"),
                         ("file:///etc/passwd", "only http:// and https:// URLs are fetched (got file:)"),
                         ("javascript:alert(1)", "only http:// and https:// URLs are fetched (got javascript:)"),
                         ("news/rutte.html", "only http:// and https:// URLs are fetched (got no scheme)"),
                         ("http:///nohost", "no host in the URL")]:
        with pytest.raises(FetchError) as caught:
            check_url(url)
        assert caught.value.problem == problem


def test_connection_refused_is_one_line(fetcher, cache):
    with socket.socket() as s:        # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/a.html"
    with pytest.raises(FetchError) as caught:
        fetch_document(url, fetcher, cache)
    assert str(caught.value) == f"{url}: connection refused by 127.0.0.1:{port}"


def test_a_failed_url_never_stops_the_others(site, fetcher, cache):
    urls = [site.url(p) for p in ("/news/rutte.html", "/missing", "/private/secret.html", "/news/jsonld.html")]
    fetched: list = []
    items = list(fetch_documents(urls, fetcher, cache, fetched))
    assert [type(i) for i in items] == [Document, SourceError, SourceError, Document]
    assert [str(i) for i in items if isinstance(i, SourceError)] == [
        f"{urls[1]}: HTTP 404 Not Found",
        f"{urls[2]}: robots.txt of {site.base} does not allow fetching /private/secret.html"]
    assert [u for u, _ in fetched] == [urls[0], urls[3]]


def test_relative_canonical_link_is_resolved_against_the_page():
    from kg.ingest.webpage import read_article_html
    page = read_article_html('<html><head><link rel="canonical" href="/world/story-1"></head><body><article>'
                             '<p>' + "Words of the story. " * 20 + '</p></article></body></html>',
                             url="https://news.example/amp/story-1?x=1")
    assert page.canonical_url == "https://news.example/world/story-1"


def test_a_page_that_breaks_the_reader_is_one_line(site, fetcher, cache, monkeypatch):
    import kg.ingest.web as web

    def broken(*args, **kwargs):
        raise RuntimeError("parser exploded")

    monkeypatch.setattr(web, "read_article_html", broken)
    urls = [site.url("/news/rutte.html"), "http://[::1/bad"]
    items = [str(i) for i in fetch_documents(urls, fetcher, cache)]
    assert items == [f"{urls[0]}: could not read the page (RuntimeError: parser exploded)",
                     "http://[::1/bad: not a valid URL (Invalid IPv6 URL)"]


def test_dns_failure_is_one_line(fetcher, cache, monkeypatch):
    """No resolver is asked: the lookup itself is made to fail, as it does for an unknown host."""
    def no_such_host(host, *args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    url = "http://no-such-host.example/article.html"
    with pytest.raises(FetchError) as caught:
        fetch_document(url, fetcher, cache)
    assert str(caught.value) == f"{url}: cannot resolve the host name 'no-such-host.example' (DNS)"


def test_watch_interval_takes_units():
    from kg.cli import _interval, main
    assert [_interval(x) for x in ("90s", "15m", "1h", "30", "0.5m")] == [90, 900, 3600, 30, 30]
    with pytest.raises(SystemExit) as caught:
        main(["watch", "--interval", "soon", "http://127.0.0.1:9/feed.xml"])
    assert caught.value.code == 2


def test_one_article_reached_by_two_urls_is_built_once(site, fetcher, cache):
    urls = [site.url("/news/rutte.html"), site.url("/redirect/2"), site.url("/news/rutte.html?utm_source=feed")]
    fetched: list = []
    docs = list(fetch_documents(urls, fetcher, cache, fetched))
    assert len(docs) == 1 and [u for u, _ in fetched] == urls
    assert len({d.doc_id for _, d in fetched}) == 1
