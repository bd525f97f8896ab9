"""The Flask application factory: routes, the store, CORS, and errors -> responses.

Protocol work lives in ``server.sparql``; pages in ``server.pages``; this module only wires
them together and owns the two cross-cutting concerns (how a store is opened, how an error
becomes a response).
"""
from __future__ import annotations

import logging
import os
import threading
import time

import pyoxigraph as ox
from flask import Flask, g, request
from werkzeug.exceptions import HTTPException

from kg.store import BUILD_STAMP, StoreError, open_store
from kg.config import Settings
from kg.stats import store_statistics
from server import analyst_views, descriptions, graph_views, pages, sparql
from server.fast import sparql_get_fast_path
from server.log_text import loggable
from server.sparql import ProtocolError, StoreUnavailable, error_response
from server.timeouts import WATCHDOG

log = logging.getLogger("kg.server")

SECURITY_HEADERS = {
    # Scripts and styles come from this server only (vendored under static/), never inline, so an
    # injected <script> or javascript: link does not run; no page may be framed (clickjacking).
    # Inline style attributes stay allowed: the vendored editor sets them.
    "Content-Security-Policy": ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                                "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
                                "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
"""Sent on every response, pages, results and errors alike."""

LINKED_DATA_SPACES = ("entity", "doc", "stance", "event", "quote", "role", "graph", "agent")
"""First path segments of minted IRIs that this server dereferences (see docs/model.md)."""


class StoreHolder:
    """Opens the store lazily, once per process (after gunicorn forks), and caches its statistics."""

    STATS_TTL = 10.0
    """Seconds a writable store's statistics are reused; a read-only store's never change."""

    def __init__(self, settings: Settings, store: ox.Store | None = None):
        self.settings = settings
        self._given = store
        self._store: ox.Store | None = None
        self._pid: int | None = None
        self._lock = threading.Lock()
        self._stats: dict | None = None
        self._stats_at = 0.0
        self._stale = False

    @property
    def writable(self) -> bool:
        return self._given is not None or bool(getattr(self.settings, "allow_update", False))

    RELOAD_CHECK = 2.0
    """Seconds between checks for a newer build (a read-only store is a snapshot: reopen it)."""

    def get(self) -> ox.Store:
        if self._given is not None:
            return self._given
        store = self._store
        if store is not None and self._pid == os.getpid() and not self._rebuilt():
            return store
        with self._lock:
            # _rebuilt() is throttled, so it is asked once (above); what it found is in _stale.
            if self._store is None or self._pid != os.getpid() or self._stale:
                built_at = self._build_stamp()  # before opening: a build finishing meanwhile is seen next time
                self._store = None
                self._store = self._open()
                self._pid = os.getpid()
                self._stats = None
                self._built_at = built_at
                self._stale = False
            return self._store

    def _build_stamp(self) -> float | None:
        try:
            return os.stat(os.path.join(self.settings.store, BUILD_STAMP)).st_mtime
        except OSError:
            return None

    def _rebuilt(self) -> bool:
        """Has `kg build` finished since this process opened its read-only snapshot?"""
        if self.writable or self._store is None:
            return False
        now = time.monotonic()
        if now - getattr(self, "_checked_at", 0.0) < self.RELOAD_CHECK:
            return False
        self._checked_at = now
        if self._build_stamp() != getattr(self, "_built_at", None):
            self._stale = True
        return self._stale

    def _open(self) -> ox.Store:
        path = self.settings.store
        if not os.path.isfile(os.path.join(path, "CURRENT")):
            raise StoreUnavailable(f"no store at {path}: run `kg build` first")
        try:
            return open_store(self.settings, writable=bool(getattr(self.settings, "allow_update", False))).store
        except StoreError as exc:
            raise StoreUnavailable(f"cannot open the store at {path}: {exc.__cause__ or exc}") from None

    def stats(self) -> dict:
        now = time.monotonic()
        if self._stats is None or (self.writable and now - self._stats_at > self.STATS_TTL):
            self._stats = store_statistics(self.get())
            self._stats_at = now
        return self._stats

    def changed(self) -> None:
        self._stats = None


def create_app(settings: Settings | None = None, store: ox.Store | None = None) -> Flask:
    """Build the web application; ``store`` (tests) replaces opening ``settings.store``."""
    settings = settings or Settings.load()
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_request_bytes
    app.config["KG_SETTINGS"] = settings
    holder = StoreHolder(settings, store)
    app.extensions["kg.store"] = holder
    # GET /sparql?query=… skips Flask's dispatch (server/fast.py): same checks, headers and errors
    app.wsgi_app = sparql_get_fast_path(app.wsgi_app, holder, settings, SECURITY_HEADERS)
    _count_in_flight(app)

    @app.route("/sparql", methods=["GET", "POST"])
    def sparql_endpoint():
        preq = sparql.read_request(request, settings.max_request_bytes)
        if preq.update is not None:
            g.kg_update = True
            response = sparql.run_update(holder.get(), request, preq, settings)
            holder.changed()
            return response
        if preq.query is None:
            if request.method == "POST":
                raise sparql.BadRequest("no query given: send 'query' (or 'update') as a form field, "
                                        "or the query itself as application/sparql-query")
            return descriptions.service_description_or_page(holder, request, preq, settings)
        return sparql.run_query(holder.get(), request, preq, settings)

    @app.route("/.well-known/void")
    def void():
        return descriptions.void_response(holder, request, settings)

    app.register_blueprint(pages.create_blueprint(holder, settings))
    app.register_blueprint(graph_views.create_blueprint(holder, settings))
    app.register_blueprint(analyst_views.create_blueprint(holder, settings))
    for space in LINKED_DATA_SPACES:
        app.add_url_rule(f"/{space}/<path:rest>", f"resource_{space}", pages.resource_view(holder, settings),
                         methods=["GET"])

    cors = getattr(settings, "cors_origins", "") or ""

    @app.after_request
    def add_cors(response):
        response.headers.update(SECURITY_HEADERS)
        if not cors or g.get("kg_update"):
            return response
        value = sparql._cors_value(request, settings)
        if value:
            response.headers["Access-Control-Allow-Origin"] = value
            if value != "*":
                response.vary.add("Origin")
            if request.method == "OPTIONS":
                response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
                response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type"
                response.headers["Access-Control-Max-Age"] = "86400"
        return response

    @app.errorhandler(ProtocolError)
    def protocol_error(error: ProtocolError):
        return error_response(error)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        message = f"{error.code} {error.name}: {error.description}"
        if error.code == 413:
            message = (f"request is larger than the limit of {settings.max_request_bytes} bytes "
                       "(max_request_bytes)")
        response = error_response(ProtocolError(message))
        response.status_code = error.code or 500
        for key, value in error.get_headers():
            if key.lower() in ("allow", "www-authenticate"):
                response.headers[key] = value
        return response

    @app.errorhandler(Exception)
    def internal_error(error: Exception):
        log.exception("unexpected error on %s %s", loggable(request.method), loggable(request.path))
        response = error_response(ProtocolError(f"internal error: {type(error).__name__}"))
        response.status_code = 500
        return response

    return app


def _count_in_flight(app: Flask) -> None:
    """Count requests in progress, so a worker being recycled knows when its others are done."""
    inner = app.wsgi_app

    def counted(environ, start_response):
        WATCHDOG.request_started()
        try:
            return inner(environ, start_response)
        finally:
            WATCHDOG.request_finished()

    app.wsgi_app = counted
