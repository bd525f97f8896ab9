"""Fixtures for the browser tests: the sample corpus built into a real store, served over
HTTP, and headless Chromium driven by Playwright's Python package.

Chromium is Debian's (``/usr/bin/chromium``, or ``$KG_CHROMIUM``); Playwright's own browser
downloads are never used. When Chromium or Playwright is missing, every browser test is
skipped with the reason, and the session ends with a banner saying so: never a silent pass
(``KG_REQUIRE_BROWSER=1`` turns the skip into a failure, for CI). ``scripts/ci_browser_deps.sh``
installs both.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest
from werkzeug.serving import make_server

from kg.config import Settings
from server.app import create_app

ROOT = Path(__file__).resolve().parents[2]
BASE = "http://127.0.0.1:8000/"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-dev-shm-usage"]
_SKIPPED: list[str] = []


def chromium_path() -> str | None:
    candidate = os.environ.get("KG_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    return candidate if candidate and os.access(candidate, os.X_OK) else None


def _skip(reason: str):
    if os.environ.get("KG_REQUIRE_BROWSER") == "1":  # CI installed the browser: missing is a failure
        pytest.fail(f"KG_REQUIRE_BROWSER=1 but {reason}")
    _SKIPPED.append(reason)
    print(f"\n*** BROWSER TESTS SKIPPED: {reason} ***", file=sys.stderr)
    pytest.skip(f"BROWSER TESTS SKIPPED: {reason}")


def pytest_terminal_summary(terminalreporter):
    if _SKIPPED:
        terminalreporter.write_sep("!", "browser tests were SKIPPED, not passed", red=True, bold=True)
        terminalreporter.write_line(f"reason: {_SKIPPED[0]}")
        terminalreporter.write_line("install with: bash scripts/ci_browser_deps.sh")


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> Path:
    """The sample corpus (sources/) built with ``kg build`` into a fresh store, once per session.
    ``KG_SAMPLE_STORE`` names an already built store instead (faster when iterating)."""
    given = os.environ.get("KG_SAMPLE_STORE")
    if given:
        return Path(given)
    path = tmp_path_factory.mktemp("sample") / "store"
    done = subprocess.run([sys.executable, "-m", "kg.cli", "build", "--store", str(path), "-q"], cwd=ROOT,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        pytest.fail(f"kg build of the sample corpus failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return path


@pytest.fixture(scope="session")
def settings(sample_store) -> Settings:
    return Settings(store=str(sample_store), base_iri=BASE, query_timeout=10.0)


@pytest.fixture(scope="session")
def server(settings):
    """create_app(settings) served by werkzeug's threaded server on a free loopback port."""
    app = create_app(settings)
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def chromium():
    executable = chromium_path()
    if executable is None:
        _skip("no Chromium found (looked for $KG_CHROMIUM, chromium, chromium-browser on PATH); "
              "run scripts/ci_browser_deps.sh (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _skip("the Python package 'playwright' is not installed; run scripts/ci_browser_deps.sh")
    with sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        except Exception as exc:  # a broken install must be reported, not hidden
            _skip(f"Chromium at {executable} did not start: {exc}")
        yield browser
        browser.close()


class PageRecorder:
    """A page whose console errors, page errors and requests are recorded; every request that
    would leave the loopback server is blocked (and recorded), so the tests prove offline use."""

    def __init__(self, browser, server: str, width: int = 1400, height: int = 900):
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.server = server
        self.requests: list[str] = []
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}")
                     if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))

    def _route(self, route):
        url = route.request.url
        self.requests.append(url)
        host = urlparse(url).hostname
        if url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def close(self):
        self.context.close()


@pytest.fixture
def recorder(chromium, server):
    rec = PageRecorder(chromium, server)
    yield rec
    rec.close()
