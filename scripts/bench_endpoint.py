"""Benchmark our SPARQL endpoint against `oxigraph serve` and a minimal Flask + pyoxigraph app.

All serve the same on-disk store on loopback; each gets the same bounded load
(N requests at concurrency C, capped in time) for four queries: a one-row lookup, the
stances named query (queries/stances.rq), a CONSTRUCT and a 10,000-row SELECT. Prints
requests/s and p50/p99 latency per endpoint and query, and the ratios ours/minimal and
ours/oxigraph, as a Markdown table.

``--stacks`` adds serving stacks to compare, each app under each server: ``ours``,
``minimal`` (Flask) and ``raw`` (a bare WSGI function, the ceiling of any lean path) under
``kg serve``'s gunicorn worker (``--worker-class``), the same three under the stock gthread
worker (``ours-gthread``…) or granian (``ours-granian``…, if granian is installed), and
``oxigraph``.

    .venv/bin/python scripts/bench_endpoint.py --synthetic 20000
    .venv/bin/python scripts/bench_endpoint.py --store data/store --requests 300 --concurrency 4
    .venv/bin/python scripts/bench_endpoint.py --stacks ours,minimal,raw,ours-granian,minimal-granian,raw-granian,oxigraph

Loopback only; every loop is bounded in requests and seconds.
"""
from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402

BASE = "http://127.0.0.1:8000/"
ONT = "https://w3id.org/newskg/ontology#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"

QUERIES = {
    "one-row lookup": (f"SELECT ?label WHERE {{ <{BASE}entity/Q42> <{RDFS_LABEL}> ?label }}",
                       "application/sparql-results+json"),
    "stances.rq": (None, "application/sparql-results+json"),
    "CONSTRUCT (100 entities)": (
        f"PREFIX ont: <{ONT}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "PREFIX owl: <http://www.w3.org/2002/07/owl#> "
        "CONSTRUCT { ?e a ont:Person ; rdfs:label ?l ; owl:sameAs ?w } "
        "WHERE { ?e a ont:Person ; rdfs:label ?l ; owl:sameAs ?w } LIMIT 100", "text/turtle"),
    "10,000-row SELECT": (f"SELECT ?e ?label WHERE {{ ?e <{RDFS_LABEL}> ?label }} LIMIT 10000",
                          "application/sparql-results+json"),
}

MINIMAL_APP = textwrap.dedent('''
    """The ceiling for any Flask endpoint: Flask + pyoxigraph and nothing else."""
    import os
    import pyoxigraph as ox
    from flask import Flask, Response, request

    app = Flask(__name__)
    _store = {}

    @app.route("/sparql", methods=["GET", "POST"])
    def sparql():
        store = _store.get(os.getpid()) or _store.setdefault(os.getpid(), ox.Store.read_only(os.environ["BENCH_STORE"]))
        results = store.query(request.values["query"], use_default_graph_as_union=True)
        if isinstance(results, ox.QueryTriples):
            return Response(results.serialize(format=ox.RdfFormat.TURTLE), mimetype="text/turtle")
        return Response(results.serialize(format=ox.QueryResultsFormat.JSON),
                        mimetype="application/sparql-results+json")
''')


RAW_APP = textwrap.dedent('''
    """The ceiling for any lean WSGI path: a bare WSGI function over pyoxigraph, no framework."""
    import os
    from urllib.parse import parse_qs
    import pyoxigraph as ox

    _store = {}

    def app(environ, start_response):
        store = _store.get(os.getpid()) or _store.setdefault(os.getpid(), ox.Store.read_only(os.environ["BENCH_STORE"]))
        query = parse_qs(environ.get("QUERY_STRING", ""))["query"][0]
        results = store.query(query, use_default_graph_as_union=True)
        if isinstance(results, ox.QueryTriples):
            body, mime = results.serialize(format=ox.RdfFormat.TURTLE), "text/turtle"
        else:
            body, mime = results.serialize(format=ox.QueryResultsFormat.JSON), "application/sparql-results+json"
        start_response("200 OK", [("Content-Type", mime), ("Content-Length", str(len(body)))])
        return [body]
''')

OURS_APP = textwrap.dedent('''
    """Our app as a module-level WSGI object, for servers that import one (granian)."""
    from kg.config import Settings
    from server.app import create_app

    app = create_app(Settings.load())
''')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- the data --------------------------------------------------------------------------------

def synthetic_store(path: Path, entities: int, stances: int = 20) -> None:
    """A store shaped like docs/model.md: entities, documents, topics and a few stances."""
    N, L, Q = ox.NamedNode, ox.Literal, ox.Quad
    a = N("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    label, same_as = N(RDFS_LABEL), N("http://www.w3.org/2002/07/owl#sameAs")
    entities_graph = N(BASE + "graph/entities")
    prov = "http://www.w3.org/ns/prov#"
    nif = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
    skos = "http://www.w3.org/2004/02/skos/core#"
    store = ox.Store(str(path))

    def quads():
        for i in range(entities):
            e = N(f"{BASE}entity/Q{i}")
            yield Q(e, a, N(ONT + ("Person" if i % 3 else "Organization")), entities_graph)
            yield Q(e, a, N(ONT + "Actor"), entities_graph)
            yield Q(e, label, L(f"Entity number {i}"), entities_graph)
            yield Q(e, same_as, N(f"http://www.wikidata.org/entity/Q{i}"), entities_graph)
        topics = [N(f"https://w3id.org/newskg/topic/topic_{t}") for t in range(4)]
        ontology = N(BASE + "graph/ontology")
        for t, topic in enumerate(topics):
            yield Q(topic, N(skos + "notation"), L(f"topic_{t}"), ontology)
            yield Q(topic, N(skos + "prefLabel"), L(f"Topic {t}", language="en"), ontology)
        for s in range(stances):
            doc = N(f"{BASE}doc/d{s}")
            graph = N(f"{BASE}graph/d{s}")
            stance = N(f"{BASE}stance/s{s}")
            sentence = N(f"{BASE}doc/d{s}#char=0,40")
            yield Q(doc, a, N(ONT + "Document"), graph)
            yield Q(doc, N("http://purl.org/dc/terms/title"), L(f"Article {s}"), graph)
            yield Q(sentence, N(nif + "anchorOf"), L(f"Entity {s} supports topic {s % 4}."), graph)
            yield Q(stance, a, N(ONT + "Stance"), graph)
            yield Q(stance, N(ONT + "holder"), N(f"{BASE}entity/Q{s * 7 % entities}"), graph)
            yield Q(stance, N(ONT + "topic"), topics[s % 4], graph)
            yield Q(stance, N(ONT + "polarity"), L("support" if s % 2 else "oppose"), graph)
            yield Q(stance, N(ONT + "conditional"), L(False), graph)
            yield Q(stance, N(ONT + "date"), L(f"2025-03-{s % 28 + 1:02d}",
                                                datatype=N("http://www.w3.org/2001/XMLSchema#date")), graph)
            yield Q(stance, N(ONT + "sentence"), sentence, graph)
            yield Q(stance, N(ONT + "confidence"), L("0.8", datatype=N("http://www.w3.org/2001/XMLSchema#decimal")), graph)
            yield Q(stance, N(prov + "wasDerivedFrom"), doc, graph)

    store.bulk_extend(quads())
    store.flush()
    store.optimize()
    del store


# --- the servers -----------------------------------------------------------------------------

class Server:
    def __init__(self, name: str, command: list[str], port: int, env: dict, log: Path):
        self.name, self.port = name, port
        self.url = f"http://127.0.0.1:{port}"
        self.log = open(log, "w")
        self.process = subprocess.Popen(command, env=env, cwd=str(ROOT), stdout=self.log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{name} exited: see {log}")
            try:
                status = _request(self.port, "/sparql?" + urllib.parse.urlencode({"query": "ASK {}"}),
                                  "application/sparql-results+json")[0]
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{name} did not start within 30 s: see {log}")

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by the server's processes (its session)."""
        total = 0
        tick = os.sysconf("SC_CLK_TCK")
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[3]) == self.process.pid:  # process group: the server and its workers
                total += int(fields[11]) + int(fields[12])
        return total / tick

    def stop(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()


def _gunicorn_command(load: str) -> list[str]:
    return [sys.executable, "-c", load]


WORKER_CLASSES = {"buffering": "server.worker.BufferingThreadWorker", "gthread": "gthread", "sync": "sync"}


def start_servers(store: Path, tmp: Path, args) -> dict[str, Server]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    env["PYTHONPATH"] = str(ROOT)
    (tmp / "kg.toml").write_text("[kg]\n")
    for name, text in (("minimal_app.py", MINIMAL_APP), ("raw_app.py", RAW_APP), ("ours_app.py", OURS_APP)):
        (tmp / name).write_text(text)
    app_env = dict(env, BENCH_STORE=str(store), PYTHONPATH=f"{tmp}{os.pathsep}{ROOT}", KG_CONFIG=str(tmp / "kg.toml"),
                   KG_STORE=str(store), KG_HOST="127.0.0.1", KG_BASE_IRI=BASE)
    worker_class = WORKER_CLASSES[args.worker_class]
    overrides = f"worker_class={worker_class!r}" + (", threads=1" if args.worker_class == "sync" else "")
    granian = shutil.which("granian") or str(Path(sys.executable).parent / "granian")
    servers = {}
    for stack in args.stacks.split(","):
        port = free_port()
        log = tmp / f"{stack}.log"
        app, _, server_kind = stack.partition("-")
        stack_overrides = overrides if server_kind != "gthread" else "worker_class='gthread'"
        if app == "ours" and server_kind in ("", "gthread"):
            ours_env = dict(app_env, KG_PORT=str(port), KG_SERVER_WORKERS=str(args.workers),
                            KG_SERVER_THREADS=str(args.threads))
            servers[stack] = Server(stack, _gunicorn_command(
                "from kg.config import Settings; from server.serve import serve; "
                f"serve(Settings.load(), {stack_overrides})"), port, ours_env, log)
        elif app in ("minimal", "raw") and server_kind in ("", "gthread"):
            servers[stack] = Server(stack, _gunicorn_command(
                "from kg.config import Settings; from server.serve import gunicorn_options, run_gunicorn; "
                f"s = Settings(host='127.0.0.1', port={port}, server_workers={args.workers}, "
                f"server_threads={args.threads}); "
                f"o = gunicorn_options(s, {stack_overrides}, accesslog=None, post_worker_init=lambda w: None); "
                f"run_gunicorn(lambda: __import__('{app}_app').app, o)"), port, app_env, log)
        elif stack.endswith("-granian"):
            if not Path(granian).exists():
                print(f"granian not found (pip install granian): skipping {stack}", file=sys.stderr)
                continue
            servers[stack] = Server(stack, [granian, "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port),
                                            "--workers", str(args.workers), "--blocking-threads", str(args.threads),
                                            "--no-ws", "--log-level", "warning", f"{app}_app:app"],
                                    port, app_env, log)
        elif stack == "oxigraph":
            oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
            if not Path(oxigraph).exists():
                print("oxigraph not found (pip install oxigraph): skipping it", file=sys.stderr)
                continue
            servers[stack] = Server(stack, [oxigraph, "serve-read-only", "--location", str(store), "--bind",
                                            f"127.0.0.1:{port}", "--union-default-graph", "--timeout-s", "30"],
                                    port, env, log)
        else:
            raise SystemExit(f"unknown stack {stack!r}")
    return servers


# --- the load --------------------------------------------------------------------------------

def _request(port: int, target: str, accept: str, connection=None):
    conn = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", target, headers={"Accept": accept})
    response = conn.getresponse()
    body = response.read()
    if connection is None:
        conn.close()
    return response.status, body


def _client(job) -> tuple[list[float], int, int]:
    """One client process: one keep-alive connection, requests in sequence until its share or the cap."""
    port, target, accept, count, deadline = job
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    latencies, errors, size = [], 0, 0
    for _ in range(count):
        if time.time() > deadline:
            break
        started = time.perf_counter()
        try:
            status, body = _request(port, target, accept, conn)
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            errors += 1
            continue
        latencies.append(time.perf_counter() - started)
        size = len(body)
        if status != 200:
            errors += 1
    conn.close()
    return latencies, errors, size


def drive(pool, server: Server, query: str, accept: str, requests: int, concurrency: int, cap: float) -> dict:
    target = "/sparql?" + urllib.parse.urlencode({"query": query})
    warm = [(server.port, target, accept, max(2, requests // 20 // concurrency), time.time() + cap)] * concurrency
    pool.map(_client, warm)
    share = -(-requests // concurrency)
    cpu = server.cpu_seconds()
    started = time.perf_counter()
    results = pool.map(_client, [(server.port, target, accept, share, time.time() + cap)] * concurrency)
    elapsed = time.perf_counter() - started
    cpu = server.cpu_seconds() - cpu
    latencies = sorted(x for lat, _, _ in results for x in lat)
    errors = sum(e for _, e, _ in results)
    n = len(latencies)
    return {"n": n, "errors": errors, "rps": n / elapsed if elapsed else 0.0, "bytes": results[0][2],
            "cpu_ms": cpu * 1000 / n if n else float("nan"),
            "p50": latencies[n // 2] * 1000 if n else float("nan"),
            "p99": latencies[min(n - 1, int(n * 0.99))] * 1000 if n else float("nan")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", help="an existing store directory (default: a synthetic one)")
    parser.add_argument("--synthetic", type=int, default=20000, help="entities in the synthetic store (default 20000)")
    parser.add_argument("--requests", type=int, default=400, help="requests per endpoint and query (default 400)")
    parser.add_argument("--concurrency", type=int, default=4, help="concurrent client connections (default 4)")
    parser.add_argument("--time-cap", type=float, default=20.0, help="seconds per endpoint and query at most")
    parser.add_argument("--rounds", type=int, default=2, help="repeat and keep each cell's best round (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers for ours and minimal (default 2)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (gthread; default 4)")
    parser.add_argument("--worker-class", default="buffering", choices=list(WORKER_CLASSES),
                        help="gunicorn worker of ours, minimal and raw: kg serve's (buffering, the default), "
                             "the stock gthread, or sync")
    parser.add_argument("--stacks", default="ours,minimal,oxigraph",
                        help="comma-separated: ours, minimal, raw (under --worker-class), the same with -gthread "
                             "(stock gunicorn gthread) or -granian, and oxigraph")
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        if args.store:
            store = Path(args.store).resolve()
        else:
            store = tmp / "store"
            print(f"building a synthetic store of {args.synthetic} entities in {store} ...", file=sys.stderr)
            synthetic_store(store, args.synthetic)
        stances = ROOT / "queries" / "stances.rq"
        queries = dict(QUERIES)
        queries["stances.rq"] = (stances.read_text() if stances.is_file() else
                                 f"SELECT ?s ?h ?l WHERE {{ ?s a <{ONT}Stance> ; <{ONT}holder> ?h . ?h <{RDFS_LABEL}> ?l }}",
                                 "application/sparql-results+json")
        servers = start_servers(store, tmp, args)
        try:
            table: dict[tuple[str, str], dict] = {}
            with multiprocessing.get_context("fork").Pool(args.concurrency) as pool:
                for _ in range(args.rounds):
                    for qname, (query, accept) in queries.items():
                        requests = args.requests if "10,000" not in qname else max(args.requests // 4, 20)
                        for sname, server in servers.items():
                            cell = drive(pool, server, query, accept, requests, args.concurrency, args.time_cap)
                            best = table.get((qname, sname))
                            if best is None or cell["rps"] > best["rps"]:
                                table[(qname, sname)] = dict(cell, cpu_ms=min(cell["cpu_ms"], best["cpu_ms"])
                                                             if best else cell["cpu_ms"])
                            else:
                                best["cpu_ms"] = min(best["cpu_ms"], cell["cpu_ms"])
            print_table(table, queries, servers, args)
        finally:
            for server in servers.values():
                server.stop()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def _baseline(name: str, names: list[str]) -> str | None:
    """The minimal Flask app under the same server as ``name`` (ours -> minimal, ours-granian -> minimal-granian)."""
    suffix = name[len(name.split("-")[0]):]
    base = "minimal" + suffix
    return base if base in names and base != name else None


def print_table(table, queries, servers, args) -> None:
    names = list(servers)
    threads = args.threads if args.worker_class != "sync" else 1
    print(f"\ngunicorn {args.worker_class} / granian: {args.workers} workers x {threads} threads; "
          f"{args.concurrency} client connections; best of {args.rounds} rounds; "
          f"{os.cpu_count()} CPUs shared by servers and clients\n")
    print("| query | stack | req/s | p50 ms | p99 ms | CPU ms/request | req/s ÷ minimal (same server) "
          "| p99 ÷ minimal | req/s ÷ oxigraph | CPU ÷ oxigraph |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for qname in queries:
        oxi = table.get((qname, "oxigraph"))
        for name in names:
            c = table[(qname, name)]
            base = _baseline(name, names)
            b = table[(qname, base)] if base else None
            row = f"| {qname} | {name} | {c['rps']:.0f} | {c['p50']:.1f} | {c['p99']:.1f} | {c['cpu_ms']:.2f}"
            row += f" | {c['rps'] / b['rps']:.2f} | {c['p99'] / b['p99']:.2f}" if b else " | – | –"
            row += (f" | {c['rps'] / oxi['rps']:.2f} | {c['cpu_ms'] / oxi['cpu_ms']:.2f} |"
                    if oxi and name != "oxigraph" else " | – | – |")
            print(row)
    errors = {k: v["errors"] for k, v in table.items() if v["errors"]}
    first = names[0]
    sizes = {q: table[(q, first)]['bytes'] for q in queries}
    print(f"\nresponse sizes ({first}, bytes): {sizes}")
    if errors:
        print(f"ERRORS: {errors}")


if __name__ == "__main__":
    sys.exit(main())
