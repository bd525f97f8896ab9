"""RSS and Atom feeds (feedparser): which entries are new since the last poll.

The feed is downloaded by the same polite Fetcher as pages (robots.txt, rate limit, size
cap), conditionally: the ETag and Last-Modified of the last answer are sent back, and a
304 means nothing new. The entries already taken are remembered per feed in the cache.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .cache import WebCache
from .fetcher import Fetcher, FetchError
from .web import PageHints

FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"


@dataclass
class FeedEntry:
    key: str          # the entry's id (guid), else its link
    url: str
    hints: PageHints


@dataclass
class FeedPoll:
    feed: str
    new: list[FeedEntry] = field(default_factory=list)
    not_modified: bool = False
    state: dict = field(default_factory=dict)   # to save once the new entries are built


def poll_feed(feed_url: str, fetcher: Fetcher, cache: WebCache) -> FeedPoll:
    """The entries of ``feed_url`` not taken before; raises FetchError when the feed cannot be read."""
    import feedparser

    state = cache.feed_state(feed_url)
    response = fetcher.get(feed_url, etag=state.get("etag"), last_modified=state.get("last_modified"),
                           accept=FEED_ACCEPT)
    poll = FeedPoll(feed_url, state=state)
    if response.not_modified:
        poll.not_modified = True
        return poll
    parsed = feedparser.parse(response.body, response_headers={"content-location": response.final_url})
    if not parsed.entries and (parsed.bozo or not parsed.version):
        problem = getattr(parsed, "bozo_exception", None)
        raise FetchError(feed_url, "not an RSS or Atom feed" + (f" ({problem})" if problem else ""))
    seen = set(state.get("seen", []))
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            continue
        key = entry.get("id") or link
        if key in seen:
            continue
        seen.add(key)
        poll.new.append(FeedEntry(key, link, PageHints(title=entry.get("title") or None, date=_entry_date(entry))))
    state["etag"] = response.headers.get("etag")
    state["last_modified"] = response.headers.get("last-modified")
    return poll


def _entry_date(entry) -> date | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            try:
                return date(value.tm_year, value.tm_mon, value.tm_mday)
            except ValueError:
                return None
    return None


def mark_taken(cache: WebCache, poll: FeedPoll, keys: set[str]) -> None:
    """Remember the entries that were built (or found unchanged); the others are tried again next poll."""
    state = poll.state
    state["seen"] = sorted(set(state.get("seen", [])) | keys)
    if any(entry.key not in keys for entry in poll.new):
        # an entry failed: the next poll must not be answered "not modified", or it would never be retried
        state["etag"] = state["last_modified"] = None
    cache.save_feed_state(poll.feed, state)
