"""What limits a large crawl: fetch + extract throughput on a loopback server beside the NLP cost.

Serves --pages news pages on 127.0.0.1 (the corpus articles wrapped in navigation, ads,
comments, a cookie banner and JSON-LD metadata) and measures, in one process:

  1. fetch + extract: kg.ingest.web.fetch_document (polite Fetcher with --delay 0, robots.txt,
     trafilatura + htmldate, content-addressed cache), pages/s;
  2. extract only: kg.ingest.webpage.read_article_html on the same bytes, pages/s;
  3. refetch: the same URLs again, answered 304 from the cache, pages/s;
  4. NLP: spaCy + every extractor (kg.extract.extract_document) on the extracted texts, docs/s.

    PYTHONPATH=. .venv/bin/python scripts/bench_ingest.py --pages 200

No request leaves the machine. A real crawl is bounded by the per-host delay (1 s by default:
1 page/s per site) long before either figure.
"""
from __future__ import annotations

import argparse
import html
import json
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def corpus_texts() -> list[str]:
    files = sorted([*ROOT.glob("sources/*.txt"), *ROOT.glob("tests/gold/*/articles/*.txt")])
    return [f.read_text(encoding="utf-8").strip() for f in files]


def page(i: int, text: str) -> bytes:
    paragraphs = [p for p in text.split("\n") if p.strip()]
    title = f"Story {i}: " + " ".join(paragraphs[0].split()[:8])
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    meta = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
                       "datePublished": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}T08:00:00Z",
                       "author": {"@type": "Person", "name": "Bench Writer"},
                       "publisher": {"@type": "Organization", "name": "Loopback Times"}})
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<script type="application/ld+json">{meta}</script><script>window.track={{}}</script></head><body>
<div class="cookie-banner">We use cookies. <button>Accept</button></div>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav></header>
<div class="ad">Advertisement</div><article><h1>{html.escape(title)}</h1>{body}</article>
<section class="comments"><h2>Comments</h2><p>Reader {i}: interesting.</p></section>
<footer>Copyright Loopback Times</footer></body></html>""".encode()


def serve(pages: dict[str, bytes]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        wbufsize = 1 << 16   # headers and body in one write: no delayed-ACK stall on keep-alive

        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            body = pages.get(self.path)
            etag = f'"{hash(body) & 0xffffffff:x}"' if body else ""
            if body is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=200)
    args = parser.parse_args()

    from kg.extract import extract_document
    from kg.ingest.cache import WebCache
    from kg.ingest.fetcher import Fetcher, FetchPolicy
    from kg.ingest.web import fetch_document
    from kg.ingest.webpage import read_article_html
    from kg.nlp.pipeline import load_pipeline

    texts = corpus_texts()
    pages = {f"/story/{i}.html": page(i, texts[i % len(texts)]) for i in range(args.pages)}
    server = serve(pages)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    urls = [base + path for path in pages]
    read_article_html(next(iter(pages.values())))   # import and configure trafilatura outside the timings

    with tempfile.TemporaryDirectory() as tmp:
        cache = WebCache(Path(tmp) / "store-cache")
        fetcher = Fetcher(FetchPolicy(delay=0.0, timeout=20))
        started = time.perf_counter()
        docs = [fetch_document(url, fetcher, cache) for url in urls]
        fetch_s = time.perf_counter() - started
        started = time.perf_counter()
        for url in urls:
            fetch_document(url, fetcher, cache)
        refetch_s = time.perf_counter() - started
        fetcher.close()
    started = time.perf_counter()
    for body in pages.values():
        read_article_html(body)
    extract_s = time.perf_counter() - started
    server.shutdown()

    nlp = load_pipeline()
    extract_document(docs[0], nlp(docs[0].text))    # warm up
    started = time.perf_counter()
    for doc, parsed in zip(docs, nlp.pipe([d.text for d in docs], batch_size=32)):
        extract_document(doc, parsed)
    nlp_s = time.perf_counter() - started

    n = len(urls)
    chars = sum(len(d.text) for d in docs) / n
    print(f"{n} pages on loopback, {chars:,.0f} characters of article text each on average, one process")
    print(f"{'step':<44} {'pages/s':>9} {'ms/page':>9}")
    for label, seconds in (("fetch + extract (robots, cache, trafilatura)", fetch_s),
                           ("extract only (trafilatura + htmldate)", extract_s),
                           ("refetch, 304 from the cache", refetch_s),
                           ("NLP: spaCy + extractors (kg build's cost)", nlp_s)):
        print(f"{label:<44} {n / seconds:>9.1f} {1000 * seconds / n:>9.1f}")


if __name__ == "__main__":
    main()
