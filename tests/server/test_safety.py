"""Safety over real HTTP: timeouts that stop the work, SERVICE that sends nothing, updates behind a
token, 1,000+ hostile requests, streaming a million rows in flat memory, and a sustained load (marked
``load``: skipped unless ``--run-load``)."""
from __future__ import annotations

import http.server
import json
import random
import socket
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests

from tests.server.conftest import BASE, UPDATE_TOKEN, GunicornServer, ThreadServer, make_settings

EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
QUICK = f"SELECT ?label WHERE {{ <{BASE}entity/Q7184> <http://www.w3.org/2000/01/rdf-schema#label> ?label }}"


def quick_ok(url: str, timeout: float = 5) -> float:
    started = time.monotonic()
    response = requests.get(url + "/sparql", params={"query": QUICK}, timeout=timeout)
    assert response.status_code == 200, response.text
    assert response.json()["results"]["bindings"][0]["label"]["value"] == "NATO"
    return time.monotonic() - started


# --- timeouts --------------------------------------------------------------------------------

def test_timeout_fires_and_frees_the_worker(gunicorn):
    started = time.monotonic()
    response = requests.get(gunicorn.url + "/sparql", params={"query": EXPENSIVE, "timeout": "1"}, timeout=30)
    elapsed = time.monotonic() - started
    assert response.status_code in (503, 504), response.text
    assert "timed out" in response.text
    assert elapsed < 4, elapsed
    assert quick_ok(gunicorn.url) < 2
    time.sleep(1.5)  # the runaway's worker is replaced by then; both workers answer
    for _ in range(6):
        assert quick_ok(gunicorn.url) < 2
    assert "stopped by recycling worker" in gunicorn.output()


def test_slow_queries_do_not_starve_quick_ones(gunicorn):
    with ThreadPoolExecutor(2) as pool:
        slow = [pool.submit(requests.get, gunicorn.url + "/sparql",
                            params={"query": EXPENSIVE.replace("?o }", f"?o{i} }}"), "timeout": "2"}, timeout=30)
                for i in range(2)]
        time.sleep(0.3)
        latencies = [quick_ok(gunicorn.url) for _ in range(10)]
        assert all(r.result().status_code in (503, 504) for r in slow)
    assert max(latencies) < 1.0, latencies
    time.sleep(1.5)
    quick_ok(gunicorn.url)


def test_timeout_parameter_must_be_positive(live):
    response = requests.get(live + "/sparql", params={"query": QUICK, "timeout": "-1"})
    assert response.status_code == 400 and "timeout" in response.text


# --- SERVICE ---------------------------------------------------------------------------------

class Listener:
    """A loopback socket that records every connection made to it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self.running = False
        self.thread.join()
        self.sock.close()


@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "select * where {{ service silent <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "PREFIX x: <http://127.0.0.1:{port}/> SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ SERVICE x:sparql {{ ?s ?p ?o }} }} }}",
    "SELECT * WHERE {{ BIND(<http://127.0.0.1:{port}/sparql> AS ?svc) SERVICE ?svc {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p ?o # comment\n SERVICE\t<http://127.0.0.1:{port}/sparql>{{}} }}",
])
def test_service_refused_and_nothing_sent(live, template):
    listener = Listener()
    try:
        query = template.format(port=listener.port)
        for response in (requests.get(live + "/sparql", params={"query": query}),
                         requests.post(live + "/sparql", data=query.encode(),
                                       headers={"Content-Type": "application/sparql-query"})):
            assert response.status_code == 400
            assert "SERVICE (federated query) is disabled on this endpoint" in response.text
        time.sleep(0.3)
        assert listener.connections == 0
    finally:
        listener.close()


def test_service_word_in_strings_and_iris_is_not_service(live):
    query = ('SELECT * WHERE { ?s ?p "SERVICE <http://127.0.0.1:9/> {}" . '
             '?s <http://example.org/SERVICE> ?o } # SERVICE <http://127.0.0.1:9/> {}')
    assert requests.get(live + "/sparql", params={"query": query}).status_code == 200


# Each of these makes pyoxigraph send a request to the listener (test_spellings_reach_out_unguarded
# checks that); the endpoint must refuse every one and send nothing. `SERVICEx:y` needs no space,
# `silentx:y` is SILENT x:y, `<?o)SERVICEx:y#>` looks like one IRI to a naive scan.
SERVICE_SPELLINGS = [
    "PREFIX x: <http://127.0.0.1:{port}/> SELECT * {{ SERVICEx:internal {{ ?s ?p ?o }} }}",
    "PREFIX : <http://127.0.0.1:{port}/> SELECT * {{ SERVICE:internal {{ ?s ?p ?o }} }}",
    "PREFIX x: <http://127.0.0.1:{port}/> SELECT * {{ SERVICESILENT x:internal {{ ?s ?p ?o }} }}",
    "PREFIX x: <http://127.0.0.1:{port}/> SELECT * {{ SERVICESILENTx:internal {{ ?s ?p ?o }} }}",
    "PREFIX x: <http://127.0.0.1:{port}/> SELECT * {{ service silentx:internal {{ }} }}",
    "SELECT * {{ SERVICE<http://127.0.0.1:{port}/>{{}} }}",
    "PREFIXx:<http://127.0.0.1:{port}/> SELECT*{{SERVICEx:a{{}}}}",
    "BASE <http://127.0.0.1:{port}/> SELECT * {{ SERVICE <a> {{}} }}",
    "PREFIX x: <http://127.0.0.1:{port}/> SELECT * {{ ?s ?p ?o FILTER(?s<?o)SERVICEx:y#>\n{{}} }}",
    "SELECT * {{ ?a ?b ?c .SeRvIcE#c\n<http://127.0.0.1:{port}/>#d\n{{}} }}",
    "PREFIX x: <http://127.0.0.1:{port}/> SELECT * {{ FILTER NOT EXISTS {{ SERVICEx:y {{}} }} }}",
    "PREFIX : <http://127.0.0.1:{port}/> SELECT * {{ {{ SELECT * {{ SERVICE:y {{}} }} }} }}",
    "SELECT * {{ SERVICE <http:\\u002F\\u002F127.0.0.1:{port}/> {{}} }}",
    "PREFIX x: <http://127.0.0.1:{port}/> SELECT * {{ GRAPH ?g {{ SERVICEx:y {{}} }} }}",
    "PREFIX x: <http://127.0.0.1:{port}/> SELECT * {{ ?s ?p ?o OPTIONAL{{SERVICEx:y{{}}}} }}",
    "PREFIX x: <http://127.0.0.1:{port}/> SELECT * {{ {{}} UNION{{SERVICEx:y{{}}}} }}",
    "PREFIX x: <http://127.0.0.1:{port}/> ASK{{SERVICEx:y{{}}}}",
    "PREFIX x: <http://127.0.0.1:{port}/> CONSTRUCT {{ ?s ?p ?o }} WHERE{{SERVICEx:y{{?s ?p ?o}}}}",
    "PREFIX x: <http://127.0.0.1:{port}/> SELECT * {{ ?s ?p \"o\"@en SERVICEx:y {{}} }}",
    "PREFIX x: <http://127.0.0.1:{port}/> SELECT * {{ ?s ?p 1SERVICEx:y {{}} }}",
    "PREFIX x: <http://127.0.0.1:{port}/> SELECT * {{ VALUES ?v {{ 1 }}SERVICEx:y {{}} }}",
]
UPDATE_SPELLINGS = [
    "PREFIX x: <http://127.0.0.1:{port}/> LOADx:data",
    "PREFIX x: <http://127.0.0.1:{port}/> LOADSILENT x:data",
    "PREFIX x: <http://127.0.0.1:{port}/> loadsilentx:data",
    "LOAD<http://127.0.0.1:{port}/>",
    "PREFIX x: <http://127.0.0.1:{port}/> LOAD SILENT x:data INTO GRAPH x:g",
    "PREFIX x: <http://127.0.0.1:{port}/> CLEAR SILENT GRAPH <http://example.org/none> ;LOADx:a",
    "PREFIX x: <http://127.0.0.1:{port}/> INSERT {{ ?s ?p ?o }} WHERE {{ SERVICEx:y {{ ?s ?p ?o }} }}",
    "PREFIX x: <http://127.0.0.1:{port}/> DELETE WHERE {{ ?a ?b ?c }} ;"
    "INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE SILENTx:y {{ ?s ?p ?o }} }}",
]


def _refused_everywhere(url: str, query: str) -> None:
    for response in (requests.get(url + "/sparql", params={"query": query}, timeout=10),
                     requests.post(url + "/sparql", data={"query": query}, timeout=10),
                     requests.post(url + "/sparql", data=query.encode(), timeout=10,
                                   headers={"Content-Type": "application/sparql-query"})):
        assert response.status_code == 400, (query, response.status_code, response.text)
        assert "SERVICE" in response.text, response.text


def test_spellings_reach_out_unguarded():
    """The control: pyoxigraph on its own does contact the listener for every spelling below."""
    listener = Listener()
    try:
        for template in SERVICE_SPELLINGS + UPDATE_SPELLINGS:
            before = listener.connections
            try:
                if template in UPDATE_SPELLINGS:
                    ox.Store().update(template.format(port=listener.port))
                else:
                    result = ox.Store().query(template.format(port=listener.port))
                    if not isinstance(result, ox.QueryBoolean):
                        list(result)
            except OSError:
                pass
            deadline = time.monotonic() + 2
            while listener.connections == before and time.monotonic() < deadline:
                time.sleep(0.01)
            assert listener.connections > before, template
    finally:
        listener.close()


def test_every_service_spelling_refused_and_nothing_sent(live, store_path):
    listener = Listener()
    allowing = ThreadServer(make_settings(store_path, allow_service=True,
                                          service_allowlist=["http://127.0.0.1:9/sparql"]))
    try:
        for template in SERVICE_SPELLINGS:
            query = template.format(port=listener.port)
            _refused_everywhere(live, query)
            _refused_everywhere(allowing.url, query)
        time.sleep(0.3)
        assert listener.connections == 0
    finally:
        allowing.close()
        listener.close()


def test_every_load_and_update_spelling_refused_and_nothing_sent(updatable):
    auth = {"Authorization": f"Bearer {UPDATE_TOKEN}"}
    listener = Listener()
    try:
        for template in UPDATE_SPELLINGS:
            update = template.format(port=listener.port)
            response = requests.post(updatable + "/sparql", data={"update": update}, headers=auth, timeout=10)
            assert response.status_code == 400, (update, response.text)
            assert "LOAD is disabled" in response.text or "SERVICE" in response.text, response.text
        time.sleep(0.3)
        assert listener.connections == 0
    finally:
        listener.close()


def test_gunicorn_workers_cannot_connect_out(gunicorn):
    """Under kg serve the spellings are refused, and nothing reaches the listener."""
    listener = Listener()
    try:
        for template in SERVICE_SPELLINGS:
            _refused_everywhere(gunicorn.url, template.format(port=listener.port))
        time.sleep(0.3)
        assert listener.connections == 0
    finally:
        listener.close()
    assert "cannot forbid outbound connections" not in gunicorn.output()


class _FakeEndpoint(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = json.dumps({"head": {"vars": ["x"]},
                           "results": {"bindings": [{"x": {"type": "literal", "value": "from afar"}}]}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST

    def log_message(self, *args):
        pass


def test_service_allowlist(store_path):
    remote = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FakeEndpoint)
    threading.Thread(target=remote.serve_forever, daemon=True).start()
    allowed = f"http://127.0.0.1:{remote.server_port}/sparql"
    listener = Listener()
    server = ThreadServer(make_settings(store_path, allow_service=True, service_allowlist=[allowed]))
    try:
        ok = requests.get(server.url + "/sparql", params={"query": f"SELECT ?x WHERE {{ SERVICE <{allowed}> {{ ?x ?y ?z }} }}"})
        assert ok.status_code == 200, ok.text
        assert ok.json()["results"]["bindings"][0]["x"]["value"] == "from afar"
        other = f"http://127.0.0.1:{listener.port}/sparql"
        refused = requests.get(server.url + "/sparql", params={"query": f"SELECT * WHERE {{ SERVICE <{other}> {{ ?s ?p ?o }} }}"})
        assert refused.status_code == 400 and "not allowed" in refused.text
        variable = requests.get(server.url + "/sparql", params={"query": "SELECT * WHERE { SERVICE ?x { ?s ?p ?o } }"})
        assert variable.status_code == 400
        sd = requests.get(server.url + "/sparql", headers={"Accept": "text/turtle"}).text
        assert "BasicFederatedQuery" in sd
        time.sleep(0.3)
        assert listener.connections == 0
    finally:
        server.close()
        listener.close()
        remote.shutdown()


# --- queries that would crash the parser -----------------------------------------------------

CRASHERS = {  # each kills a pyoxigraph process (stack overflow) when parsed unguarded
    "8,000 terms": "ASK { FILTER(" + "+".join(["1"] * 8000) + ") }",
    "30,000 UNIONs": "ASK { " + " UNION ".join(["{}"] * 30000) + " }",
    "80,000 ||": "ASK { FILTER(" + "||".join(["true"] * 80000) + ") }",
    "parentheses inside <…>": "ASK { FILTER(1<" + "(" * 5000 + ")" * 5000 + ">2) }",
    "3,000 MINUS": "ASK { ?s ?p ?o " + "MINUS {} " * 3000 + "}",
    "3,000 OPTIONAL": "ASK { " + "OPTIONAL { ?s ?p ?o } " * 3000 + "}",
    "3,000 BIND": "ASK { " + " ".join(f"BIND(1 AS ?v{i})" for i in range(3000)) + " }",
    "30,000 FILTER": "ASK { " + "FILTER(true) " * 30000 + "}",
    "30,000 !": "ASK { FILTER(" + "!" * 30000 + "true) }",
    "30,000 path |": "ASK { ?s " + "|".join(["<p>"] * 30000) + " ?o }",
    "glued FILTER": "PREFIX x: <http://x/> ASK { " + "FILTERx:f() " * 40000 + "}",
}


def _worker_pids(server: GunicornServer) -> set[int]:
    return set(_worker_peaks(server))


def test_huge_expressions_are_refused_and_no_worker_dies(gunicorn):
    workers = _worker_pids(gunicorn)
    assert len(workers) == 2
    for name, query in CRASHERS.items():
        response = requests.post(gunicorn.url + "/sparql", data={"query": query}, timeout=30)
        assert response.status_code == 400, (name, response.status_code, response.text[:200])
        assert "too large to parse safely" in response.text or "nested too deeply" in response.text, name
        assert quick_ok(gunicorn.url) < 2
    assert _worker_pids(gunicorn) == workers, "a worker was restarted"
    assert "WORKER TIMEOUT" not in gunicorn.output() and "SIGSEGV" not in gunicorn.output()


# --- updates ---------------------------------------------------------------------------------

INSERT = f'INSERT DATA {{ GRAPH <{BASE}graph/extra> {{ <{BASE}entity/Q1> <http://www.w3.org/2000/01/rdf-schema#label> "Added" }} }}'


def test_updates_disabled_by_default(live):
    response = requests.post(live + "/sparql", data={"update": INSERT},
                             headers={"Authorization": f"Bearer {UPDATE_TOKEN}"})
    assert response.status_code == 403 and "updates are disabled" in response.text


def test_update_needs_the_token(updatable):
    url = updatable + "/sparql"
    no_token = requests.post(url, data={"update": INSERT})
    assert no_token.status_code == 401 and no_token.headers["WWW-Authenticate"].startswith("Bearer")
    wrong = requests.post(url, data={"update": INSERT}, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403
    basic = requests.post(url, data={"update": INSERT}, auth=("user", UPDATE_TOKEN))
    assert basic.status_code == 403
    ask = f'ASK {{ <{BASE}entity/Q1> ?p "Added" }}'
    assert requests.get(url, params={"query": ask}).json()["boolean"] is False
    accepted = requests.post(url, data=INSERT.encode(), headers={"Authorization": f"Bearer {UPDATE_TOKEN}",
                                                                 "Content-Type": "application/sparql-update"})
    assert accepted.status_code == 204, accepted.text
    assert requests.get(url, params={"query": ask}).json()["boolean"] is True
    form = requests.post(url, data={"update": f"CLEAR GRAPH <{BASE}graph/extra>"},
                         headers={"Authorization": f"Bearer {UPDATE_TOKEN}"})
    assert form.status_code == 204
    assert requests.get(url, params={"query": ask}).json()["boolean"] is False


def test_update_refusals(updatable):
    auth = {"Authorization": f"Bearer {UPDATE_TOKEN}"}
    url = updatable + "/sparql"
    listener = Listener()
    try:
        load = requests.post(url, data={"update": f"LOAD <http://127.0.0.1:{listener.port}/data.ttl>"}, headers=auth)
        assert load.status_code == 400 and "LOAD is disabled" in load.text
        service = requests.post(url, data={"update": f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}"},
                                headers=auth)
        assert service.status_code == 400 and "SERVICE" in service.text
        time.sleep(0.3)
        assert listener.connections == 0
    finally:
        listener.close()
    bad = requests.post(url, data={"update": "INSERT DATA { <a> <b> "}, headers=auth)
    assert bad.status_code == 400 and "syntax error" in bad.text
    via_get = requests.get(url, params={"update": INSERT}, headers=auth)
    assert via_get.status_code == 400 and "POST" in via_get.text
    as_query = requests.post(url, data={"query": INSERT}, headers=auth)
    assert as_query.status_code == 400 and "update" in as_query.text


# --- streaming -------------------------------------------------------------------------------

def _worker_peaks(gunicorn: GunicornServer) -> dict[int, int]:
    peaks = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(gunicorn.process.pid):
            peaks[int(fields["Pid"])] = int(fields["VmHWM"].split()[0])
    return peaks


def test_a_million_rows_stream_in_flat_memory(gunicorn):
    values = " ".join(str(i) for i in range(100))
    query = f"SELECT ?a ?b ?c WHERE {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} VALUES ?c {{ {values} }} }}"
    before = _worker_peaks(gunicorn)
    with requests.post(gunicorn.url + "/sparql", data={"query": query}, stream=True, timeout=60,
                       headers={"Accept": "application/sparql-results+json"}) as response:
        assert response.status_code == 200
        assert "Content-Length" not in response.headers
        size = 0
        tail = b""
        rows = 0
        for chunk in response.iter_content(1 << 16):
            size += len(chunk)
            rows += (tail[-5:] + chunk).count(b'{"a":{')
            tail = chunk
    after = _worker_peaks(gunicorn)
    assert rows == 1_000_000
    grown = max(after[pid] - before.get(pid, after[pid]) for pid in after)
    assert size > 50_000_000
    assert grown < 40_000, f"a worker's peak memory grew by {grown} kB while streaming {size} bytes"


def test_requests_and_slow_queries_are_logged(gunicorn):
    values = " ".join(str(i) for i in range(30))   # slow enough to log on a quiet machine, far from the 5 s timeout on a busy one
    slow = f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} VALUES ?c {{ {values} }} ?s ?p ?o }}"
    started = time.monotonic()
    assert requests.get(gunicorn.url + "/sparql", params={"query": slow}, timeout=30).status_code == 200
    quick_ok(gunicorn.url)
    log = gunicorn.output()
    assert "GET /sparql 200" in log
    if time.monotonic() - started > 1.2:
        assert "slow query" in log


# --- abuse -----------------------------------------------------------------------------------

STANCES = (Path(__file__).resolve().parents[2] / "queries" / "stances.rq")
GOOD = STANCES.read_text() if STANCES.is_file() else QUICK


def _hostile_requests(rng: random.Random) -> list[dict]:
    """At least 1,000 malformed or hostile requests, each expected to get a 4xx with a message."""
    cases: list[dict] = []
    for _ in range(200):  # random bytes as the query
        junk = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400)))
        if rng.random() < 0.5:
            cases.append({"method": "GET", "target": "/sparql?query=" + urllib.parse.quote_from_bytes(junk)})
        else:
            cases.append({"method": "POST", "target": "/sparql", "body": junk,
                          "headers": {"Content-Type": "application/sparql-query"}})
    truncated = 0
    while truncated < 230:  # truncated queries (those that no longer parse)
        text = GOOD[:rng.randrange(1, len(GOOD) - 1)]
        try:
            ox.Store().query(text)
            continue
        except SyntaxError:
            truncated += 1
        cases.append({"method": "POST", "target": "/sparql", "form": {"query": text}})
    for depth in range(60, 3000, 30):  # deeply nested
        opener, closer = rng.choice([("{", "}"), ("(", ")"), ("[", "]")])
        inner = {"{": "", "(": "1", "[": "<p> 1"}[opener]
        cases.append({"method": "POST", "target": "/sparql",
                      "form": {"query": f"SELECT * WHERE {{ ?s ?p {opener * depth}{inner}{closer * depth} }}"}})
    for size in (2_000_000, 1_500_000, 1_000_001):  # huge literals, over the size limit
        cases.append({"method": "POST", "target": "/sparql", "body": f'ASK {{ ?s ?p "{"x" * size}" }}'.encode(),
                      "headers": {"Content-Type": "application/sparql-query"}})
    for size in (10_000, 200_000, 900_000):  # huge literals, unterminated
        cases.append({"method": "POST", "target": "/sparql", "form": {"query": f'ASK {{ ?s ?p "{"x" * size} }}'}})
    for _ in range(150):  # bad percent-encoding
        bad = rng.choice(["%", "%Z", "%ZZ", "%G1", "%%", "%C3%28", "%FF", "%E2%82", "%ED%A0%80"])
        pos = rng.randrange(len(QUICK))
        cases.append({"method": "GET", "target": "/sparql?query=" + urllib.parse.quote(QUICK[:pos]) + bad
                      + urllib.parse.quote(QUICK[pos:])})
    for method in ["PUT", "DELETE", "PATCH", "TRACE", "PROPFIND"] * 20:  # wrong methods
        cases.append({"method": method, "target": "/sparql", "body": b"ASK {}"})
    types = ["text/plain", "application/json", "multipart/form-data; boundary=x", "application/xml",
             "application/sparql-query; charset=latin-1", "image/png", "", "application/x-www-form-urlencoded; charset=utf-16"]
    for _ in range(80):  # wrong content types
        cases.append({"method": "POST", "target": "/sparql", "body": b"query=ASK%7B%7D",
                      "headers": {"Content-Type": rng.choice(types)}})
    for _ in range(80):  # unknown formats, parameters, duplicated queries, no query
        choice = rng.randrange(5)
        if choice == 0:
            target = "/sparql?query=ASK%7B%7D&format=" + rng.choice(["yaml", "pdf", "x" * 50, "turtle", "%00"])
        elif choice == 1:
            target = f"/sparql?query=ASK%7B%7D&{rng.choice(['limit', 'q', 'callback', 'Query'])}=1"
        elif choice == 2:
            target = "/sparql?query=ASK%7B%7D&query=ASK%7B%7D"
        elif choice == 3:
            target = "/sparql?query=ASK%7B%7D&timeout=" + rng.choice(["0", "-5", "abc", "nan"])
        else:
            target = "/sparql?query=" + urllib.parse.quote(QUICK) + "&default-graph-uri=" + rng.choice(["x y", "%3C%3E", "rel"])
        cases.append({"method": "GET", "target": target})
    for _ in range(40):  # unacceptable Accept
        cases.append({"method": "GET", "target": "/sparql?query=" + urllib.parse.quote(QUICK),
                      "headers": {"Accept": rng.choice(["image/png", "text/turtle", "application/pdf;q=1, */*;q=0"])}})
    for _ in range(30):  # SERVICE and LOAD
        cases.append({"method": "GET", "target": "/sparql?query="
                      + urllib.parse.quote("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")})
    for template in SERVICE_SPELLINGS:  # SERVICE spelled every way the parser accepts
        cases.append({"method": "POST", "target": "/sparql", "form": {"query": template.format(port=9)}})
    for query in CRASHERS.values():  # operator chains and pattern sequences that overflow the stack
        cases.append({"method": "POST", "target": "/sparql", "form": {"query": query}})
    return cases


def _send(url: str, case: dict) -> tuple[int, bytes]:
    body = case.get("body")
    headers = dict(case.get("headers", {}))
    if "form" in case:
        body = urllib.parse.urlencode(case["form"]).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=getattr(_send, "timeout", 30)) as sock:
        lines = [f"{case['method']} {case['target']} HTTP/1.1", f"Host: {host}", "Connection: close"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        if body is not None:
            lines.append(f"Content-Length: {len(body)}")
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + (body or b""))
        received = b""
        while True:
            try:
                data = sock.recv(65536)
            except ConnectionResetError:
                break
            if not data:
                break
            received += data
    head, _, payload = received.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else 0
    return status, payload


def test_abuse(gunicorn):
    cases = _hostile_requests(random.Random(5))
    assert len(cases) >= 1000
    started = time.monotonic()
    failures = []
    with ThreadPoolExecutor(4) as pool:
        for case, (status, payload) in zip(cases, pool.map(lambda c: _send(gunicorn.url, c), cases)):
            if not (400 <= status < 500 and payload.strip()):
                failures.append((status, payload[:200], case["method"], case["target"][:120]))
    assert not failures, failures[:10]
    assert time.monotonic() - started < 60
    assert quick_ok(gunicorn.url) < 2


# --- load ------------------------------------------------------------------------------------

@pytest.mark.load      # a minute of load, skipped by ./test: ./test --run-load -m load
def test_sustained_load(gunicorn):
    queries = [QUICK, GOOD, "CONSTRUCT WHERE { ?s a <https://w3id.org/newskg/ontology#Person> }", "ASK { ?s ?p ?o }"]
    total, threads, cap = 2000, 4, 60.0
    deadline = time.monotonic() + cap
    counts = {"ok": 0, "errors": []}
    lock = threading.Lock()

    def run(worker: int):
        session = requests.Session()
        for i in range(worker, total, threads):
            if time.monotonic() > deadline:
                return
            query = queries[i % len(queries)]
            response = session.post(gunicorn.url + "/sparql", data={"query": query}, timeout=10)
            with lock:
                if response.status_code == 200 and response.content:
                    counts["ok"] += 1
                else:
                    counts["errors"].append((response.status_code, response.text[:200]))

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(run, range(threads)))
    assert counts["errors"] == []
    assert counts["ok"] == total, f"only {counts['ok']} requests in {cap} s"


# --- chunked bodies --------------------------------------------------------------------------

def _chunked(data: bytes, size: int = 1 << 16):
    for start in range(0, len(data), size):
        yield data[start:start + size]


def test_chunked_body_over_the_limit_is_413(gunicorn, live):
    query = ("ASK { ?s ?p ?o } #" + "x" * 3_000_000).encode()
    for url in (gunicorn.url, live):
        response = requests.post(url + "/sparql", data=_chunked(query), timeout=30,
                                 headers={"Content-Type": "application/sparql-query"})
        assert response.status_code == 413, (url, response.status_code, response.text[:200])
        form = requests.post(url + "/sparql", data=_chunked(b"query=" + urllib.parse.quote(query.decode()).encode()),
                             headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=30)
        assert form.status_code == 413, (url, form.status_code, form.text[:200])
        small = requests.post(url + "/sparql", data=_chunked(b"ASK { ?s ?p ?o }"), timeout=30,
                              headers={"Content-Type": "application/sparql-query"})
        assert small.status_code == 200 and small.json()["boolean"] is True


def test_chunked_update_over_the_limit_applies_nothing(updatable):
    auth = {"Authorization": f"Bearer {UPDATE_TOKEN}", "Content-Type": "application/sparql-update"}
    first = f'INSERT DATA {{ <{BASE}entity/Q1> <http://www.w3.org/2000/01/rdf-schema#label> "first" }}'
    second = f'INSERT DATA {{ <{BASE}entity/Q1> <http://www.w3.org/2000/01/rdf-schema#label> "second" }}'
    update = f"{first} ;\n#{'x' * 1_100_000}\n{second}".encode()
    response = requests.post(updatable + "/sparql", data=_chunked(update), headers=auth, timeout=30)
    assert response.status_code == 413, response.text[:200]
    ask = f'ASK {{ <{BASE}entity/Q1> ?p "first" }}'
    assert requests.get(updatable + "/sparql", params={"query": ask}, timeout=10).json()["boolean"] is False


# --- logs ------------------------------------------------------------------------------------

def test_control_characters_are_escaped_in_the_log(gunicorn):
    status, _ = _send(gunicorn.url, {"method": "GET", "target": "/entity/x%0A[2026-01-01]%20[WARNING]%20forged%00%1b[31m"})
    assert status == 404
    slow = "SELECT * { ?s ?p ?o FILTER(?o != \"a\u0000b\u2028c\") } LIMIT 1"
    requests.get(gunicorn.url + "/sparql", params={"query": slow}, timeout=10)
    time.sleep(0.3)
    log = gunicorn.output()
    assert "\x00" not in log and "\x1b" not in log and "\u2028" not in log
    assert not any(line.startswith("[2026-01-01] [WARNING] forged") for line in log.splitlines())
    assert "/entity/x\\x0a[2026-01-01] [WARNING] forged\\x00\\x1b[31m 404" in log
