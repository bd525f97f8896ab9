"""A lean WSGI path for SPARQL queries sent by GET, in front of the Flask application.

A query by GET (``/sparql?query=…``, what SPARQLWrapper and most clients send) is read,
checked, run and answered by the same code as in Flask (``server.sparql``), with the same
headers (security, CORS) and the same errors, but without Flask's request dispatch (context
push, URL routing, hooks): measured in-process, the one-row lookup's WSGI call takes about a
third of the time (docs/endpoint.md, "Serving"). Everything else — POST, HEAD, OPTIONS, the
service description, pages — goes to Flask as before.

It also keeps a **response cache** for identical GET queries (:class:`ResponseCache`): a
read-only store is a snapshot that changes only when ``kg build`` finishes, so a 200 answer of
at most ``MAX_BODY`` bytes is kept, keyed by the request target, ``Accept`` and ``Origin``,
together with the store snapshot that produced it. ``server.worker`` answers a repeated request
from it in its event loop; the app never reads it itself. Entries of an older snapshot never
match (a rebuilt store is a new snapshot), and the cache stops answering within
``StoreHolder.RELOAD_CHECK`` seconds of a new build stamp, as the store itself is reopened.
"""
from __future__ import annotations

import logging
import re
import threading
import time
from collections import OrderedDict

from gunicorn.util import is_hoppish
from werkzeug.wrappers import Request

from server import sparql
from server.log_text import loggable
from server.sparql import ProtocolError, error_response

log = logging.getLogger("kg.server")

_VOLATILE = re.compile(r"\b(now|rand|uuid|struuid|bnode)\b|\\[uU]", re.IGNORECASE)
"""Queries whose answer may differ from one run to the next (or may, once escapes are read):
never kept."""


class ResponseCache:
    """Complete 200 answers to GET queries on a read-only store, per worker process (module doc).

    ``lookup`` is called by the worker's event loop and never blocks: it only compares the
    entry's snapshot with the holder's and, every ``RELOAD_CHECK`` seconds, stats the build
    stamp; an entry is used only while the stamp is the one the open snapshot was built from.
    """

    MAX_BODY = 64 << 10
    """Larger answers are not kept (they cost more to produce than to look up anyway)."""
    MAX_ENTRIES = 1024
    MAX_BYTES = 16 << 20

    def __init__(self, holder):
        self.holder = holder
        self._entries: OrderedDict[tuple, tuple[bytes, int]] = OrderedDict()
        self._bytes = 0
        self._store = None          # the snapshot every entry was answered from
        self._lock = threading.Lock()
        self._checked_at = 0.0
        self._fresh = False
        self.hits = 0

    @property
    def enabled(self) -> bool:
        return not self.holder.writable

    def _current(self):
        """The open snapshot, if it is still the latest build (checked every RELOAD_CHECK s)."""
        holder = self.holder
        store = holder._store
        if store is None or holder._stale:
            return None
        now = time.monotonic()
        if now - self._checked_at >= holder.RELOAD_CHECK:
            self._checked_at = now
            self._fresh = holder._build_stamp() == getattr(holder, "_built_at", object())
        return store if self._fresh else None

    def lookup(self, target: str, accept: str | None, origin: str | None) -> tuple[bytes, int] | None:
        """``(header lines + CRLF + body, body length)`` for this request, or None."""
        entry = self._entries.get((target, accept, origin))
        if entry is None or self._store is None or self._current() is not self._store:
            return None
        self.hits += 1
        return entry

    def put(self, store, environ, status: str, headers, body: bytes) -> None:
        target = environ.get("RAW_URI", "")
        if (status != "200 OK" or len(body) > self.MAX_BODY or not target.startswith("/sparql?")
                or not target.isascii() or store is not self.holder._store):
            return
        lines = []
        for name, value in headers:   # as gunicorn writes them (its Response.process_headers)
            if is_hoppish(name):
                return
            lines.append("%s: %s\r\n" % (name, value.strip(" \t")))
        block = ("".join(lines) + "\r\n").encode("latin-1") + body
        key = (target, environ.get("HTTP_ACCEPT"), environ.get("HTTP_ORIGIN"))
        with self._lock:
            if store is not self._store:     # a new snapshot: the old answers are void
                self._entries.clear()
                self._bytes = 0
                self._store = store
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old[0])
            self._entries[key] = (block, len(body))
            self._bytes += len(block)
            while len(self._entries) > self.MAX_ENTRIES or self._bytes > self.MAX_BYTES:
                self._bytes -= len(self._entries.popitem(last=False)[1][0])


def response_cache(wsgi_app) -> ResponseCache | None:
    """The response cache of the application ``create_app`` returned, if it has one."""
    extensions = getattr(wsgi_app, "extensions", None)
    return extensions.get("kg.response_cache") if isinstance(extensions, dict) else None


def sparql_get_fast_path(flask_wsgi, holder, settings, security_headers: dict[str, str]):
    """Wrap ``flask_wsgi`` so that ``GET /sparql?query=…`` skips Flask."""
    flask_app = getattr(flask_wsgi, "__self__", None)
    cache = ResponseCache(holder)
    if getattr(flask_app, "extensions", None) is not None and cache.enabled:
        flask_app.extensions["kg.response_cache"] = cache
    else:
        cache = None
    cors_on = bool(getattr(settings, "cors_origins", "") or "")
    max_bytes = settings.max_request_bytes
    fixed = list(security_headers.items())   # checked once here, not per response

    def finish(response, request):
        response.headers._list.extend(fixed)  # a fresh response: none of them is set yet
        if cors_on:
            value = sparql._cors_value(request, settings)
            if value:
                response.headers["Access-Control-Allow-Origin"] = value
                if value != "*":
                    response.vary.add("Origin")
        return response

    def app(environ, start_response):
        if (environ.get("PATH_INFO") != "/sparql" or environ.get("REQUEST_METHOD") != "GET"
                or "query=" not in environ.get("QUERY_STRING", "")):
            return flask_wsgi(environ, start_response)
        request = Request(environ)
        request.max_content_length = max_bytes
        store = None
        try:
            preq = sparql.read_request(request, max_bytes)
            if preq.query is None:   # only update=… or a near miss: Flask says what is wrong
                return flask_wsgi(environ, start_response)
            store = holder.get()
            response = sparql.run_query(store, request, preq, settings)
        except ProtocolError as error:
            response = error_response(error)
        except Exception as error:  # as app.internal_error does
            log.exception("unexpected error on %s %s", loggable(request.method), loggable(request.path))
            response = error_response(ProtocolError(f"internal error: {type(error).__name__}"))
            response.status_code = 500
        if (store is not None and cache is not None and "RAW_URI" in environ
                and not _VOLATILE.search(preq.query)):
            return _keep(cache, store, finish(response, request), environ, start_response)
        return finish(response, request)(environ, start_response)

    return app


def _keep(cache: ResponseCache, store, response, environ, start_response):
    """Answer as usual, and keep the answer if it was sent in one piece (not streamed)."""
    sent = []

    def keep_start_response(status, headers, exc_info=None):
        sent.append((status, headers))
        return start_response(status, headers, exc_info)

    body = response(environ, keep_start_response)
    if sent and isinstance(body, list) and len(body) == 1:
        cache.put(store, environ, sent[0][0], sent[0][1], body[0])
    return body
