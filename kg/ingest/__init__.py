"""Following the news: web pages (`kg fetch`), RSS/Atom feeds (`kg watch`) and WARC archives (`kg build`).

    fetcher.py   polite, bounded HTTP (robots.txt, rate limit per host, conditional requests)
    webpage.py   one HTML page -> article text and metadata (trafilatura, htmldate)
    web.py       URLs -> Documents, through the content-addressed cache (cache.py) beside the store
    feeds.py     which feed entries are new (feedparser)
    archive.py   WARC records -> Documents (warcio)
    dedup.py     the same article twice: copies are described, never extracted again

Every Document then goes through ``kg.build.build`` like an article file.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable, Iterable

from ..config import Settings
from .cache import WebCache, cache_dir_for
from .fetcher import FetchError, Fetcher, FetchPolicy

__all__ = ["FetchPolicy", "FetchReport", "WatchRound", "fetch", "watch", "watch_round"]


@dataclass
class FetchReport:
    build: object                                    # kg.build.BuildReport
    fetched: list = field(default_factory=list)      # (url, Document) per page read, in order

    @property
    def ok(self) -> bool:
        return self.build.ok


def fetch(urls: Iterable[str | tuple[str, object]], settings: Settings | None = None,
          policy: FetchPolicy | None = None, *, fetcher: Fetcher | None = None,
          progress: bool | None = False, stop: threading.Event | None = None) -> FetchReport:
    """Download each URL, read its article and build it into the store; a URL that fails is one
    line in ``report.build.errors`` and the others are still built. A URL may come with the
    ``PageHints`` of its feed entry, as ``(url, hints)``."""
    from ..build import build
    from .web import fetch_documents

    settings = settings or Settings.load()
    cache = WebCache(cache_dir_for(settings.store))
    own = fetcher is None
    fetcher = fetcher or Fetcher(policy)
    fetched: list = []
    try:
        report = build(settings=settings, documents=fetch_documents(urls, fetcher, cache, fetched, stop),
                       progress=progress)
    finally:
        if own:
            fetcher.close()
    return FetchReport(report, fetched)


@dataclass
class WatchRound:
    started: datetime
    feeds: int
    new_entries: int = 0
    feed_errors: list[str] = field(default_factory=list)
    fetch: FetchReport | None = None

    @property
    def ok(self) -> bool:
        return not self.feed_errors and (self.fetch is None or self.fetch.ok)


def watch_round(feeds: list[str], settings: Settings, fetcher: Fetcher, cache: WebCache | None = None,
                stop: threading.Event | None = None) -> WatchRound:
    """Poll every feed once and build the entries not taken before."""
    from .feeds import mark_taken, poll_feed

    cache = cache or WebCache(cache_dir_for(settings.store))
    result = WatchRound(datetime.now(timezone.utc).replace(microsecond=0), len(feeds))
    polls = []
    for feed in feeds:
        try:
            polls.append(poll_feed(feed, fetcher, cache))
        except FetchError as e:
            result.feed_errors.append(str(e))
    entries = list({e.url: (e.url, e.hints) for poll in polls for e in poll.new}.values())
    result.new_entries = len(entries)
    taken: set[str] = set()
    if entries:
        result.fetch = fetch(entries, settings, fetcher=fetcher, stop=stop)
        done = set(result.fetch.build.built) | set(result.fetch.build.unchanged)
        taken = {url for url, doc in result.fetch.fetched if doc.doc_id in done}
    for poll in polls:
        if poll.new or not poll.not_modified:
            mark_taken(cache, poll, {e.key for e in poll.new if e.url in taken})
    return result


def watch(feeds: list[str], settings: Settings, policy: FetchPolicy | None = None, *, interval: float = 900,
          once: bool = False, report: Callable[[WatchRound], None] = lambda r: None,
          stop: threading.Event | None = None, sleep: Callable[[float], object] | None = None) -> WatchRound:
    """Poll the feeds every ``interval`` seconds (once with ``once``), building new entries as they come;
    ``report`` is told of every round. Setting ``stop`` (`kg watch` does on Ctrl-C) ends it between
    documents: the pages in hand are built, no more are fetched, and the entries left are taken at the
    next run. Returns the last round."""
    stop = stop or threading.Event()
    sleep = sleep or stop.wait
    fetcher = Fetcher(policy)
    cache = WebCache(cache_dir_for(settings.store))
    try:
        while True:
            last = watch_round(feeds, settings, fetcher, cache, stop)   # only the last round is kept: it runs for days
            report(last)
            if once or stop.is_set():
                return last
            sleep(interval)
            if stop.is_set():
                return last
    finally:
        fetcher.close()
