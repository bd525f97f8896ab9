"""A polite, bounded HTTP client: what `kg fetch` and `kg watch` download with.

Polite: a user-agent naming the tool, robots.txt honoured (with its Crawl-delay), at most
one request per ``delay`` seconds to the same host, conditional requests (ETag,
Last-Modified). Safe: only http(s), a timeout on the whole response, a size cap checked
before and while reading, a limited number of redirects, each hop checked like the first.
Every failure is a FetchError whose ``str()`` is one line: ``URL: problem``.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from .. import __version__
from ..sources import human_size

USER_AGENT = f"newskg/{__version__} (news knowledge-graph builder; +https://w3id.org/newskg)"
_REDIRECTS = {301, 302, 303, 307, 308}
ROBOTS_TTL = 24 * 3600
"""Seconds a site's robots.txt is trusted before it is read again (a `kg watch` runs for days)."""


@dataclass
class FetchPolicy:
    """How `kg fetch` and `kg watch` behave towards the sites they read."""
    user_agent: str = USER_AGENT
    delay: float = 1.0           # seconds between two requests to one host (robots.txt Crawl-delay may raise it)
    timeout: float = 20.0        # seconds for the whole response, headers and body
    max_bytes: int = 5_000_000   # largest response body read
    max_redirects: int = 5
    obey_robots: bool = True


class FetchError(Exception):
    """A URL that could not be fetched; ``str()`` is ``URL: problem`` on one line."""

    def __init__(self, url: str, problem: str, transient: bool = False):
        self.url, self.problem, self.transient = url, problem, transient
        super().__init__(f"{url}: {problem}")


@dataclass
class Response:
    url: str                         # the URL asked for
    final_url: str                   # after redirects
    status: int
    headers: dict[str, str]          # lower-case names
    body: bytes
    fetched_at: datetime             # UTC
    redirects: list[str] = field(default_factory=list)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


def check_url(url: str) -> str:
    """``url`` if it is an absolute http(s) URL with a host, else a FetchError saying why."""
    try:
        parts = urlsplit(url.strip())
        parts.port
    except ValueError as e:
        raise FetchError(url, f"not a valid URL ({e})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(url, f"only http:// and https:// URLs are fetched (got {parts.scheme + ':' if parts.scheme else 'no scheme'})")
    if not parts.hostname:
        raise FetchError(url, "no host in the URL")
    return url.strip()


class Fetcher:
    """Downloads URLs one at a time under a FetchPolicy; remembers robots.txt and request times per host."""

    def __init__(self, policy: FetchPolicy | None = None):
        import requests
        self.policy = policy or FetchPolicy()
        self._session = requests.Session()
        self._session.headers.update({"User-Agent": self.policy.user_agent})
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, RobotFileParser | None] = {}
        self._robots_read_at: dict[str, float] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self._session.close()

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            accept: str = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5") -> Response:
        """GET ``url`` following at most ``max_redirects`` redirects; 304 comes back as a Response.

        ``etag`` / ``last_modified`` (from an earlier response) make the request conditional.
        Raises FetchError for anything that is not a 2xx or 304 answer.
        """
        asked = check_url(url)
        current, hops = asked, []
        while True:
            self._allowed_by_robots(asked, current)
            headers = {"Accept": accept}
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            status, response_headers, body = self._request(asked, current, headers)
            if status in _REDIRECTS and response_headers.get("location"):
                if len(hops) >= self.policy.max_redirects:
                    raise FetchError(asked, f"more than {self.policy.max_redirects} redirects (last to {current})")
                nxt = urljoin(current, response_headers["location"])
                try:
                    check_url(nxt)
                except FetchError as e:
                    raise FetchError(asked, f"redirected to a URL that is not fetched ({e.problem})") from None
                hops.append(current)
                current = nxt
                continue
            if status == 304 or 200 <= status < 300:
                return Response(asked, current, status, response_headers, body,
                                datetime.now(timezone.utc).replace(microsecond=0), hops)
            reason = response_headers.get("_reason", "")
            raise FetchError(asked, f"HTTP {status}{' ' + reason if reason else ''}"
                                    + (f" (at {current})" if current != asked else ""),
                             transient=status >= 500 or status == 429)

    # --- politeness --------------------------------------------------------------------------

    def _wait_for_host(self, url: str, extra_delay: float = 0.0) -> None:
        host = urlsplit(url).netloc.lower()
        delay = max(self.policy.delay, extra_delay)
        with self._lock:
            last = self._last_request.get(host)
            now = time.monotonic()
            if last is not None and now - last < delay:
                time.sleep(delay - (now - last))
            self._last_request[host] = time.monotonic()

    def _allowed_by_robots(self, asked: str, url: str) -> None:
        if not self.policy.obey_robots:
            return
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        if origin not in self._robots or time.monotonic() - self._robots_read_at[origin] > ROBOTS_TTL:
            try:
                self._robots[origin] = self._read_robots(origin)
                self._robots_read_at[origin] = time.monotonic()
            except FetchError as e:   # the site cannot be reached at all: say so, and try again next time
                raise FetchError(asked, e.problem, transient=True) from None
        robots = self._robots[origin]
        if robots is None:
            raise FetchError(asked, f"{origin}/robots.txt answered with a server error; "
                                    "not fetching from this site for now (RFC 9309)", transient=True)
        if not robots.can_fetch(self.policy.user_agent, url):
            raise FetchError(asked, f"robots.txt of {origin} does not allow fetching {parts.path or '/'}")

    def _read_robots(self, origin: str) -> RobotFileParser | None:
        """The site's rules; a missing robots.txt (4xx) allows everything, a server error nothing (RFC 9309)."""
        robots = RobotFileParser(origin + "/robots.txt")
        try:
            status, _, body = self._request(origin + "/robots.txt", origin + "/robots.txt", {"Accept": "text/plain"},
                                            robots_delay=False)
        except FetchError as e:
            if e.transient:
                raise
            status, body = 404, b""   # too big or unreadable: as if there were none
        if status >= 500:
            return None
        robots.parse(body.decode("utf-8", "replace").splitlines() if 200 <= status < 300 else [])
        return robots

    def _crawl_delay(self, url: str) -> float:
        parts = urlsplit(url)
        robots = self._robots.get(f"{parts.scheme.lower()}://{parts.netloc.lower()}")
        delay = robots.crawl_delay(self.policy.user_agent) if robots else None
        return float(delay or 0.0)

    # --- one request ---------------------------------------------------------------------------

    def _request(self, asked: str, url: str, headers: dict[str, str], robots_delay: bool = True
                 ) -> tuple[int, dict[str, str], bytes]:
        import requests
        self._wait_for_host(url, self._crawl_delay(url) if robots_delay else 0.0)
        deadline = time.monotonic() + self.policy.timeout
        try:
            with self._session.get(url, headers=headers, allow_redirects=False, stream=True,
                                   timeout=self.policy.timeout) as r:
                response_headers = {k.lower(): v for k, v in r.headers.items()}
                response_headers["_reason"] = r.reason or ""
                if r.status_code in _REDIRECTS or r.status_code == 304 or r.status_code >= 400:
                    return r.status_code, response_headers, b""
                declared = response_headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.policy.max_bytes:
                    raise FetchError(asked, f"response is {human_size(int(declared))}, over the "
                                            f"{human_size(self.policy.max_bytes)} limit (not read)")
                body = bytearray()
                for chunk in r.iter_content(64 * 1024):
                    body.extend(chunk)
                    if len(body) > self.policy.max_bytes:
                        raise FetchError(asked, f"response is over the {human_size(self.policy.max_bytes)} limit "
                                                "(stopped reading)")
                    if time.monotonic() > deadline:
                        raise FetchError(asked, f"no complete answer within {self.policy.timeout:g} s (timeout)",
                                         transient=True)
                return r.status_code, response_headers, bytes(body)
        except requests.exceptions.Timeout:
            raise FetchError(asked, f"no answer within {self.policy.timeout:g} s (timeout)", transient=True) from None
        except requests.exceptions.ConnectionError as e:
            text = str(e)
            if "NameResolution" in text or "Name or service not known" in text or "getaddrinfo" in text:
                raise FetchError(asked, f"cannot resolve the host name {urlsplit(url).hostname!r} (DNS)",
                                 transient=True) from None
            if "Connection refused" in text:
                raise FetchError(asked, f"connection refused by {urlsplit(url).netloc}", transient=True) from None
            raise FetchError(asked, f"cannot connect to {urlsplit(url).netloc} ({type(e).__name__})",
                             transient=True) from None
        except requests.exceptions.RequestException as e:
            raise FetchError(asked, f"request failed ({type(e).__name__}: {e})", transient=True) from None
