"""The serving stack under hostile timing, over real HTTP with `kg serve`'s gunicorn: slow clients
hold no thread (issue 9, item 3), runaway queries neither block quick ones nor make the server
drop a request when their worker is recycled (item 11); and the front that receives requests
(server/worker/) on its own."""
from __future__ import annotations

import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from server.worker import ElasticPool, request_state
from tests.server.conftest import GunicornServer
from tests.server.test_safety import EXPENSIVE, QUICK, quick_ok

pytestmark = pytest.mark.slow

SLOW_STARTS = [
    b"POST /sparql HTTP/1.1\r\nHost: x\r\n",                                   # the headers never end
    b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nAccept: */*",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
    b"Content-Length: 100\r\n\r\nASK",                                          # nor does the body
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
    b"Transfer-Encoding: chunked\r\n\r\n5\r\nASK {",                            # nor the chunks
]


def _read_response(sock: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(next(line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")))
    while len(body) < length:
        body += sock.recv(65536)
    return head


def test_slow_clients_hold_no_thread(gunicorn):
    """32 clients that start a request and go silent (8 are enough to freeze 2 workers x 4 threads):
    a quick query still answers in well under a second, and the slow clients are still connected."""
    slow = []
    try:
        for i in range(28):
            sock = socket.create_connection(("127.0.0.1", gunicorn.port), timeout=5)
            sock.sendall(SLOW_STARTS[i % len(SLOW_STARTS)])
            slow.append(sock)
        for _ in range(4):   # kept alive after a first request, then a second one that never ends
            sock = socket.create_connection(("127.0.0.1", gunicorn.port), timeout=5)
            sock.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n\r\n")
            assert _read_response(sock).startswith(b"HTTP/1.1 200")
            sock.sendall(SLOW_STARTS[0])
            slow.append(sock)
        time.sleep(0.5)      # every slow client has reached a worker by now
        latencies = [quick_ok(gunicorn.url, timeout=10) for _ in range(10)]
        assert max(latencies) < 1.0, latencies
        for sock in slow:    # not answered and not closed: still waiting for the rest
            sock.setblocking(False)
            with pytest.raises(BlockingIOError):
                sock.recv(1)
    finally:
        for sock in slow:
            sock.close()
    assert quick_ok(gunicorn.url) < 1.0


def test_a_request_sent_slowly_is_answered(gunicorn):
    """A request trickling in byte by byte is received whole and answered."""
    body = b"ASK { ?s ?p ?o }"
    request = (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
               b"Accept: application/sparql-results+json\r\nContent-Length: " + str(len(body)).encode()
               + b"\r\n\r\n" + body)
    with socket.create_connection(("127.0.0.1", gunicorn.port), timeout=10) as sock:
        for i in range(0, len(request), 7):
            sock.sendall(request[i:i + 7])
            time.sleep(0.01)
        head = _read_response(sock)
    assert head.startswith(b"HTTP/1.1 200"), head


def test_expect_100_continue_is_answered_once(gunicorn):
    body = b"ASK { ?s ?p ?o }"
    with socket.create_connection(("127.0.0.1", gunicorn.port), timeout=10) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                     b"Expect: 100-continue\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n")
        assert sock.recv(100) == b"HTTP/1.1 100 Continue\r\n\r\n"
        sock.sendall(body)
        head = _read_response(sock)
    assert head.startswith(b"HTTP/1.1 200"), head


def test_runaway_queries_neither_block_nor_drop_quick_ones(store_path, tmp_path):
    """8 runaway queries (as many as 2 workers x 4 threads): quick queries sent all along, through
    the timeouts and the recycling of the workers, every one answered 200 in under a second."""
    server = GunicornServer(store_path, tmp_path, query_timeout=2, server_workers=2, server_threads=4)
    try:
        stop = threading.Event()
        latencies: list[float] = []
        failures: list[str] = []

        def quick_loop() -> None:
            while not stop.is_set():
                try:
                    latencies.append(quick_ok(server.url, timeout=15))
                except (AssertionError, requests.RequestException) as exc:
                    failures.append(repr(exc))

        with ThreadPoolExecutor(12) as pool:
            runaway = [pool.submit(requests.get, server.url + "/sparql", timeout=30,
                                   params={"query": EXPENSIVE.replace("?o }", f"?o{i} }}")})
                       for i in range(8)]
            time.sleep(0.5)
            quick = [pool.submit(quick_loop) for _ in range(3)]
            statuses = [f.result().status_code for f in runaway]
            time.sleep(2.0)     # through the workers' recycling and restart
            stop.set()
            for f in quick:
                f.result()
        assert failures == [], failures[:5]
        assert statuses == [504] * 8
        assert len(latencies) > 20 and max(latencies) < 1.0, (len(latencies), max(latencies))
        assert "stopped by recycling worker" in server.output()
    finally:
        assert server.stop() == 0, server.output()


# --- the front on its own ---------------------------------------------------------------------

@pytest.mark.parametrize("data, state", [
    (b"GET / HTTP/1.1\r\nHost: x\r\n", "partial"),
    (b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", "complete"),
    (b"POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nabc", "partial"),
    (b"POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nabcde", "complete"),
    (b"POST / HTTP/1.1\r\ncontent-length: 5000000\r\n\r\n", "complete"),            # over the limit: 413 at once
    (b"POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", "complete"),  # gunicorn refuses it
    (b"POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n", "complete"),
    (b"POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n", "continue"),
    (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n", "partial"),
    (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n", "partial"),
    (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", "complete"),
    (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n0\r\nT: 1\r\n\r\n", "complete"),
    (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "complete"),
    (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nfffffff\r\n", "complete"),
    (b"GET / HTTP/1.1\n\n", "complete"),
    (b"G" * 70_000, "complete"),
])
def test_request_state(data, state):
    assert request_state(data, 1_000_000)[0] == state


def test_elastic_pool_grows_for_long_work_and_shrinks_back():
    pool = ElasticPool(2)
    release = threading.Event()
    blocked = [pool.submit(release.wait) for _ in range(2)]
    queued = pool.submit(lambda: "quick")
    time.sleep(0.1)
    assert not queued.done()            # both threads are busy
    pool.grow()                         # one of them is long: a thread of its own
    assert queued.result(timeout=2) == "quick"
    pool.shrink()
    release.set()
    assert all(f.result(timeout=2) for f in blocked)
    assert [pool.submit(lambda i=i: i).result(timeout=2) for i in range(5)] == list(range(5))
    time.sleep(0.1)
    assert pool._threads <= 2
    pool.shutdown()


# --- the lean GET path (server/fast.py) answers as Flask does ---------------------------------

@pytest.mark.parametrize("params, accept", [
    ({"query": QUICK}, "application/sparql-results+json"),
    ({"query": QUICK}, "text/csv"),
    ({"query": "CONSTRUCT WHERE { ?s a <https://w3id.org/newskg/ontology#Person> }"}, "text/turtle"),
    ({"query": QUICK}, "image/png"),                               # 406
    ({"query": "SELECT * WHERE { ?s ?p "}, "*/*"),                 # syntax error
    ({"query": QUICK, "bogus": "1"}, "*/*"),                       # unknown parameter
    ({"query": QUICK, "format": "xml"}, "*/*"),
    ({"query": "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}, "*/*"),
])
@pytest.mark.parametrize("origin", [None, "https://example.org", "https://elsewhere.example"])
def test_the_lean_get_path_answers_as_flask_does(store_path, params, accept, origin):
    """GET /sparql?query=… skips Flask; the same request as a POSTed form goes through it."""
    from server.app import create_app
    from tests.server.conftest import make_settings

    app = create_app(make_settings(store_path, cors_origins="https://example.org"))
    client = app.test_client()
    headers = {"Accept": accept, **({"Origin": origin} if origin else {})}
    fast = client.get("/sparql", query_string=params, headers=headers)
    flask = client.post("/sparql", data=params, headers=headers)
    assert (fast.status_code, fast.data) == (flask.status_code, flask.data)
    strip = {"Content-Length", "Date"}
    assert ({k: v for k, v in fast.headers.items() if k not in strip}
            == {k: v for k, v in flask.headers.items() if k not in strip})


def test_many_tiny_chunks_are_scanned_in_linear_time():
    """A body of 50,000 one-byte chunks arriving a few bytes at a time: each chunk is read once."""
    body = b"1\r\nx\r\n" * 50_000 + b"0\r\n\r\n"
    data = b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" + body
    scan = [0, 0]
    started = time.monotonic()
    states = [request_state(data[:end], 1_000_000, scan)[0] for end in range(60, len(data), 97)]
    assert set(states) == {"partial"}
    assert request_state(data, 1_000_000, scan)[0] == "complete"
    assert time.monotonic() - started < 2.0
