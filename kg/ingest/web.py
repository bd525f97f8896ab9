"""Web pages -> Documents: what `kg fetch` and `kg watch` build.

``fetch_document`` downloads one URL with the polite Fetcher (a conditional request when
the cache has the page), keeps the raw HTML and the extracted text in the cache beside the
store, and reads the article with the same extractor as ``.html`` files. ``page_document``
is shared with WARC archives.
"""
from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Iterator
from urllib.parse import urlsplit

from ..sources import _URL, Document, SourceError, _slug
from .cache import WebCache
from .dedup import canonical_url
from .fetcher import Fetcher, FetchError
from .webpage import NoArticleText, read_article_html

MIN_WEB_TEXT_CHARS = 150
"""A fetched page with less article text than this is a teaser, a paywall stub or an index page."""

HTML_TYPES = ("text/html", "application/xhtml+xml", "")


def web_doc_id(url: str) -> str:
    """``web_<host>_<hash of the canonical URL>``: the same article has the same id however it arrived."""
    canonical = canonical_url(url)
    host = _slug(urlsplit(canonical).hostname or "") or "host"
    return f"web_{host}_{hashlib.sha1(canonical.encode('utf-8')).hexdigest()[:16]}"


def page_document(html: bytes | str, url: str, *, file: str, path: str | None = None,
                  retrieved_at: str | None = None, headers: dict[str, str] | None = None,
                  min_chars: int = MIN_WEB_TEXT_CHARS, source_url: str | None = None) -> Document:
    """The article of one HTML page fetched from ``url``; raises NoArticleText when there is none."""
    page = read_article_html(html, url)
    if len(page.text) < min_chars:
        raise NoArticleText(f"only {len(page.text)} characters of article text "
                            "(a paywall stub, a teaser or an index page?)")
    canonical = page.canonical_url if page.canonical_url and _URL.fullmatch(page.canonical_url) else None
    doc = Document(doc_id=web_doc_id(canonical or url), text=page.text, file=file, title=page.title,
                   publisher=page.sitename, url=url if _URL.fullmatch(url) else None, date=page.date, path=path)
    headers = headers or {}
    for key, value in (("canonical_url", canonical), ("author", page.author), ("language", page.language),
                       ("retrieved_at", retrieved_at), ("etag", headers.get("etag")),
                       ("last_modified", headers.get("last-modified")),
                       ("content_type", headers.get("content-type")),
                       ("source_url", source_url if source_url and source_url != url else None)):
        if value:
            doc.metadata[key] = value
    return doc


@dataclass
class PageHints:
    """What a feed entry says about the page, used where the page itself says nothing."""
    title: str | None = None
    date: date | None = None


def fetch_document(url: str, fetcher: Fetcher, cache: WebCache, hints: PageHints | None = None) -> Document:
    """Fetch ``url`` (conditionally when cached) and read its article; raises FetchError with one line."""
    record = cache.url_record(url)
    cached_html = cache.get(record["html"]) if record and record.get("html") else None
    conditional = record if cached_html is not None else {}
    response = fetcher.get(url, etag=conditional.get("etag"), last_modified=conditional.get("last_modified"))
    if response.not_modified:
        html, final_url, retrieved_at = cached_html, record["final_url"], record["retrieved_at"]
        headers = {"etag": record.get("etag"), "last-modified": record.get("last_modified"),
                   "content-type": record.get("content_type")}
        headers = {k: v for k, v in headers.items() if v}
    else:
        if response.content_type not in HTML_TYPES:
            raise FetchError(url, f"not an HTML page (content type {response.content_type})")
        html, final_url = response.body, response.final_url
        retrieved_at = response.fetched_at.isoformat().replace("+00:00", "Z")
        headers = {k: v for k, v in response.headers.items() if k in ("etag", "last-modified", "content-type")}
    try:
        doc = page_document(html, final_url, file=final_url, retrieved_at=retrieved_at, headers=headers,
                            source_url=url)
    except NoArticleText as e:
        raise FetchError(url, str(e)) from None
    if hints:
        doc.title = doc.title or hints.title
        doc.date = doc.date or hints.date
    if not response.not_modified:
        cache.save_url_record(url, {
            "url": url, "final_url": final_url, "status": response.status, "retrieved_at": retrieved_at,
            "etag": headers.get("etag"), "last_modified": headers.get("last-modified"),
            "content_type": headers.get("content-type"), "html": cache.put(html),
            "text": cache.put(doc.text.encode("utf-8")), "doc_id": doc.doc_id})
    return doc


def fetch_documents(urls: Iterable[str | tuple[str, PageHints]], fetcher: Fetcher, cache: WebCache,
                    fetched: list | None = None, stop: threading.Event | None = None
                    ) -> Iterator[Document | SourceError]:
    """A Document per URL, or a SourceError (``URL: problem``) for one that failed; the rest go on.

    ``fetched`` collects ``(url, doc)`` for every page read, in order. A page that is an article
    already read in this run (same doc_id: one canonical URL reached by two URLs) is read but not
    built twice. Once ``stop`` is set no further URL is fetched."""
    built: set[str] = set()
    for item in urls:
        if stop is not None and stop.is_set():   # Ctrl-C in kg watch: the pages in hand are built, no more fetched
            return
        url, hints = item if isinstance(item, tuple) else (item, None)
        try:
            doc = fetch_document(url, fetcher, cache, hints)
        except FetchError as e:
            yield SourceError(e.url, e.problem)
            continue
        except Exception as e:   # a page that breaks a library never stops the other URLs
            yield SourceError(url, f"could not read the page ({type(e).__name__}: {e})")
            continue
        if fetched is not None:
            fetched.append((url, doc))
        if doc.doc_id not in built:
            built.add(doc.doc_id)
            yield doc
