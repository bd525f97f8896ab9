"""The loopback news site (tests/ingest/loopback.py) and a fast, polite-enough fetch policy."""
from __future__ import annotations

import pytest

from kg.ingest.cache import WebCache
from kg.ingest.fetcher import Fetcher, FetchPolicy

from .loopback import LoopbackSite


@pytest.fixture(scope="session")
def _served_site():
    served = LoopbackSite()
    yield served
    served.close()


@pytest.fixture()
def site(_served_site):
    """The loopback site with its request log and feed emptied (one server for the whole session)."""
    _served_site.requests.clear()
    _served_site.feed_entries.clear()
    return _served_site


@pytest.fixture()
def policy() -> FetchPolicy:
    return FetchPolicy(delay=0.0, timeout=1.0, max_bytes=2_000_000)


@pytest.fixture()
def fetcher(policy):
    client = Fetcher(policy)
    yield client
    client.close()


@pytest.fixture()
def cache(tmp_path) -> WebCache:
    return WebCache(tmp_path / "store-cache")
