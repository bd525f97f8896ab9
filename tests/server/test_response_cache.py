"""Repeated GET queries answered from the response cache (server/fast.py, server/worker/): the
same bytes as the usual way, never a stale or volatile answer, and a client that does not read
holds no event loop."""
from __future__ import annotations

import shutil
import socket
import time
import urllib.parse
from pathlib import Path

import pytest
import requests

from kg.build import build
from kg.config import Settings
from server.app import StoreHolder
from tests.server.conftest import GunicornServer
from tests.server.test_reload import SOURCES

pytestmark = pytest.mark.slow

QUERY = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 3"


def _get(sock: socket.socket, query: str, headers: str = "Accept: text/csv\r\n", version: str = "1.1") -> bytes:
    sock.sendall(f"GET /sparql?{urllib.parse.urlencode({'query': query})} HTTP/{version}\r\n"
                 f"Host: x\r\n{headers}\r\n".encode())
    return _read(sock)


def _read(sock: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(next(line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")))
    while len(body) < length:
        chunk = sock.recv(65536)
        assert chunk
        body += chunk
    return head + b"\r\n\r\n" + body


def _no_date(response: bytes) -> bytes:
    return b"\r\n".join(line for line in response.split(b"\r\n") if not line.startswith(b"Date: "))


def test_cached_answers_are_the_usual_bytes(gunicorn):
    port = gunicorn.port
    for headers in ("Accept: text/csv\r\n", "Accept: application/sparql-results+json\r\nOrigin: https://a.example\r\n",
                    ""):
        with socket.create_connection(("127.0.0.1", port)) as sock:
            answers = [_no_date(_get(sock, QUERY, headers)) for _ in range(6)]
        # the same request the usual way: a header the cache path does not take, HTTP/1.0
        with socket.create_connection(("127.0.0.1", port)) as sock:
            usual = _no_date(_get(sock, QUERY, headers + "X-Usual: 1\r\n"))
        assert b" 200 OK" in answers[0]
        assert answers == [answers[0]] * 6
        assert answers[0] == usual
    log = gunicorn.output()
    assert log.count("GET /sparql 200") >= 18


def test_volatile_queries_are_never_kept(gunicorn):
    with socket.create_connection(("127.0.0.1", gunicorn.port)) as sock:
        answers = {_get(sock, "SELECT (STRUUID() AS ?u) {}").rpartition(b"\r\n\r\n")[2] for _ in range(4)}
    assert len(answers) == 4


def test_a_client_that_does_not_read_holds_no_event_loop(gunicorn):
    """Cached answers the socket cannot take at once are finished by a thread; quick queries still answer."""
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 400"
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", gunicorn.port))
    try:
        first = _get(sock, query)
        assert 8_000 < len(first) < 64 << 10, len(first)
        request = (f"GET /sparql?{urllib.parse.urlencode({'query': query})} HTTP/1.1\r\n"
                   "Host: x\r\nAccept: text/csv\r\n\r\n").encode()
        count = 400                                # ~4.5 MB of answers, none read yet
        for _ in range(count):
            sock.sendall(request)
            time.sleep(0.001)
        started = time.monotonic()
        for _ in range(5):
            assert requests.get(gunicorn.url + "/sparql", params={"query": QUERY}, timeout=5).status_code == 200
        assert time.monotonic() - started < 2.5
        reader = sock.makefile("rb")
        for _ in range(count):
            head = b""
            while not head.endswith(b"\r\n\r\n"):
                head += reader.readline()
            length = int(next(line.split(b":")[1] for line in head.split(b"\r\n")
                              if line.lower().startswith(b"content-length")))
            assert _no_date(head + reader.read(length)) == _no_date(first)
    finally:
        sock.close()


def test_a_new_build_is_answered_within_the_documented_delay_on_kept_alive_connections(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(SOURCES / "000_060a9d78343a8748.txt", articles)
    settings = Settings.load(store=str(tmp_path / "store"), env={})
    build([str(articles)], settings, validate=False, progress=False)
    server = GunicornServer(tmp_path / "store", tmp_path, server_workers=2, server_threads=2)
    count = "SELECT (COUNT(?d) AS ?n) WHERE { ?d a <https://w3id.org/newskg/ontology#Document> }"
    sockets = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(6)]
    try:
        def counts():
            return [int(_get(sock, count).rpartition(b"\r\n\r\n")[2].splitlines()[1]) for sock in sockets]

        for _ in range(5):
            assert counts() == [1] * 6
        shutil.copy(SOURCES / "004_3582286007b5076d.txt", articles)
        time.sleep(0.05)
        build([str(articles)], settings, validate=False, progress=False)
        built = time.monotonic()
        while time.monotonic() < built + StoreHolder.RELOAD_CHECK + 0.5:
            assert set(counts()) <= {1, 2}
            time.sleep(0.05)
        for _ in range(5):
            assert counts() == [2] * 6
    finally:
        for sock in sockets:
            sock.close()
        assert server.stop() == 0, server.output()
