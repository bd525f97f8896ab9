"""``kg serve``: the application under gunicorn, with the worker model chosen by measurement.

``server.worker.BufferingThreadWorker`` (gthread with a buffering front and an elastic pool;
``server_workers`` processes x ``server_threads`` threads): a request reaches a thread only
once it has fully arrived, so slow clients hold no thread; pyoxigraph releases the GIL while
it evaluates, so a slow query in one thread does not hold up quick ones in the others, and a
long query gets a thread of its own. docs/endpoint.md has the measurements behind the choice.
"""
from __future__ import annotations

import logging
import sys
import threading
from typing import Callable

from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

from kg.config import Settings
from server.log_text import loggable
from server.outbound import forbid_outbound_connections
from server.timeouts import WATCHDOG
from server.worker import BufferingThreadWorker

log = logging.getLogger("kg.server")



class AccessLogger(Logger):
    """gunicorn's logger with a lean access line: client, method, path, status, bytes, milliseconds.

    The path is logged decoded, with control characters escaped (a %0A cannot forge a line).

    gunicorn's own builds a dictionary of every header and environ variable per request, which
    costs more than the rest of a one-row query's overhead; this writes the same facts directly.
    """

    lean_access = True
    """``server.worker`` logs the answers it sends from the response cache through ``access``
    with only what this method reads (``resp.status``, ``resp.sent``, three environ keys)."""

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        self.access_log.info("%s %s %s %s %s %.1fms", environ.get("REMOTE_ADDR", "-"),
                             loggable(environ.get("REQUEST_METHOD")), loggable(environ.get("PATH_INFO")),
                             status, getattr(resp, "sent", "-"),
                             request_time.total_seconds() * 1000)


class _GunicornApplication(BaseApplication):
    """gunicorn run from Python instead of its command line."""

    def __init__(self, load: Callable, options: dict):
        self._load = load
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self):
        return self._load()


THREAD_STACK_BYTES = 64 << 20
"""Stack of each request thread: pyoxigraph's parser recurses per operator and pattern, and a
stack overflow kills the whole worker; query_text.MAX_ELEMENTS keeps well inside 8 MiB, this
is the margin (virtual memory, only touched pages count)."""


def _worker_setup(settings: Settings) -> Callable:
    """The post_worker_init hook: recycling, the body limit, big thread stacks, no outbound connections."""

    def setup(worker) -> None:
        if isinstance(worker, BufferingThreadWorker):
            worker.max_body = settings.max_request_bytes
            WATCHDOG.attach(worker)     # the query watchdog may recycle this worker, and grow its pool
        threading.stack_size(THREAD_STACK_BYTES)
        if not getattr(settings, "allow_service", False):
            forbid_outbound_connections()

    return setup


def gunicorn_options(settings: Settings, **overrides) -> dict:
    """The gunicorn settings ``kg serve`` uses for ``settings`` (the benchmark reuses them)."""
    workers = settings.server_workers
    if getattr(settings, "allow_update", False) and workers > 1:
        log.warning("allow_update is on: serving with 1 worker process, since only one process "
                    "can open the store for writing (server_threads threads still serve in parallel)")
        workers = 1
    host = settings.host
    bind = f"[{host}]:{settings.port}" if ":" in host else f"{host}:{settings.port}"
    options = {
        "bind": bind,
        "workers": workers,
        "worker_class": BufferingThreadWorker,
        "threads": settings.server_threads,
        "timeout": int(settings.query_timeout) + 30,
        "graceful_timeout": 10,
        "keepalive": 5,
        "preload_app": True,
        "accesslog": "-",
        "logger_class": AccessLogger,
        "errorlog": "-",
        "loglevel": "info",
        "limit_request_line": 8190,
        "post_worker_init": _worker_setup(settings),
        "proc_name": "kg-serve",
        "control_socket_disable": True,
    }
    options.update(overrides)
    return options


def run_gunicorn(load: Callable, options: dict) -> None:
    """Run the WSGI app that ``load()`` returns under gunicorn until SIGINT/SIGTERM."""
    _GunicornApplication(load, options).run()


def serve(settings: Settings, **gunicorn_overrides) -> None:
    """Serve the store at ``settings.host:settings.port`` until interrupted (SIGINT/SIGTERM)."""
    from server.app import create_app

    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="[%(asctime)s] [%(process)d] [%(levelname)s] %(name)s: %(message)s")
    options = gunicorn_options(settings, **gunicorn_overrides)
    log.info("serving %s on http://%s/ (%d workers x %d threads, query timeout %.3g s)", settings.store,
             options["bind"], options["workers"], options.get("threads", 1), settings.query_timeout)
    run_gunicorn(lambda: create_app(settings), options)
