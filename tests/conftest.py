"""Shared fixtures: the sample corpus built once per session into a real on-disk store, and served."""
from __future__ import annotations

import gc
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from kg.build import build
from kg.config import Settings

REPO = Path(__file__).resolve().parent.parent
SOURCES = REPO / "sources"


def pytest_addoption(parser):
    parser.addoption("--run-load", action="store_true",
                     help="also run the load tests (marked `load`), skipped by default: ./test --run-load -m load")


def pytest_configure(config):
    config.addinivalue_line("markers", "load: a sustained load on the real server (about a minute); "
                                       "skipped unless --run-load")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--run-load"):
        return
    skip = pytest.mark.skip(reason="load test, not part of ./test: run it with ./test --run-load -m load")
    for item in items:
        if item.get_closest_marker("load"):
            item.add_marker(skip)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean_env() -> dict:
    """The environment for a `kg` subprocess: no settings leaking in from the developer's shell."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory):
    """(settings, report) for the five sample articles built into a tmp on-disk store (validated)."""
    store = tmp_path_factory.mktemp("sample") / "store"
    settings = Settings.load(store=str(store), env={})
    report = build([str(SOURCES)], settings, validate=True, progress=False)
    gc.collect()   # the build's store handle goes with its reference cycles: release the write lock
    return settings, report


@pytest.fixture(scope="session")
def sample_server(sample_store):
    """Base URL of `kg serve` (gunicorn, the real server) over the sample store, opened read-only."""
    settings, _ = sample_store
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "serve", "--store", settings.store, "--host", "127.0.0.1",
         "--port", str(port), "--workers", "1"],
        cwd=REPO, env=clean_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"kg serve exited with {proc.returncode}: {proc.stderr.read().decode()[-2000:]}")
            try:
                with urllib.request.urlopen(base + "/sparql?query=ASK%7B%7D", timeout=5) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("kg serve did not answer within 60 s")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
