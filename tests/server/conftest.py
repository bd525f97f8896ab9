"""Fixtures for the server tests: a real on-disk store from a hand-written TriG file, served
over real HTTP, both by werkzeug in a thread (fast, where the WSGI server does not matter)
and by ``kg serve``'s gunicorn in a subprocess (timeouts, abuse, load)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from werkzeug.serving import make_server

from kg.config import Settings
from server.app import create_app

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = Path(__file__).parent / "data" / "sample.trig"
BASE = "http://127.0.0.1:8000/"
UPDATE_TOKEN = "test-token-5f2c"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_store(path: Path) -> Path:
    store = ox.Store(str(path))
    store.load(path=str(SAMPLE), format=ox.RdfFormat.TRIG)
    store.flush()
    del store
    return path


@pytest.fixture(scope="session")
def store_path(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("store") / "store")


def make_settings(store_path: Path, **overrides) -> Settings:
    values = dict(store=str(store_path), base_iri=BASE, query_timeout=5.0)
    values.update(overrides)
    return Settings(**values)


class ThreadServer:
    """create_app(settings) served by werkzeug's threaded server on a free loopback port."""

    def __init__(self, settings: Settings, store: ox.Store | None = None):
        self.app = create_app(settings, store)
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="session")
def live(store_path):
    """Read-only server with the default settings (werkzeug, in a thread)."""
    server = ThreadServer(make_settings(store_path))
    yield server.url
    server.close()


@pytest.fixture(scope="session")
def small_limits(store_path):
    """A server with tiny limits: 3 result rows, 2,000-byte requests, CORS for one origin."""
    server = ThreadServer(make_settings(store_path, max_result_rows=3, max_request_bytes=2000,
                                        cors_origins="https://example.org"))
    yield server.url
    server.close()


@pytest.fixture()
def updatable(tmp_path):
    """A writable copy of the store with updates enabled (one per test: updates change it)."""
    path = build_store(tmp_path / "store")
    server = ThreadServer(make_settings(path, allow_update=True, update_token=UPDATE_TOKEN))
    yield server.url
    server.close()


class GunicornServer:
    """``kg serve`` (server.serve.serve) in a subprocess, configured through KG_* variables."""

    def __init__(self, store_path: Path, tmp: Path, **settings):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = tmp / "kg.toml"
        config.write_text("[kg]\n")
        env = dict(os.environ, PYTHONPATH=str(ROOT), KG_CONFIG=str(config), KG_STORE=str(store_path),
                   KG_PORT=str(self.port), KG_HOST="127.0.0.1", KG_BASE_IRI=BASE)
        env.update({f"KG_{k.upper()}": str(v) for k, v in settings.items()})
        self.log = open(tmp / "server.log", "w+")
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from kg.config import Settings; from server.serve import serve; "
                                   "serve(Settings.load())"],
            cwd=str(ROOT), env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/sparql", params={"query": "ASK {}"}, timeout=2).ok:
                    return
            except requests.ConnectionError:
                time.sleep(0.1)
            assert self.process.poll() is None, self.output()
        raise AssertionError("gunicorn did not start:\n" + self.output())

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=20)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            self.log.close()


@pytest.fixture(scope="session")
def gunicorn(store_path, tmp_path_factory):
    """The real thing: gunicorn, 2 workers x 4 threads, query timeout 5 s, up to 2 million rows."""
    server = GunicornServer(store_path, tmp_path_factory.mktemp("gunicorn"), query_timeout=5,
                            server_workers=2, server_threads=4, max_result_rows=2_000_000)
    yield server
    assert server.stop() == 0, server.output()
