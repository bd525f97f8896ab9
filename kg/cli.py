"""The ``kg`` command: parses arguments, calls the API, prints. No logic of its own.

Exit codes: 0 success; 1 the work ran but something was skipped or failed validation;
2 usage or configuration error; 3 the store or a query could not be used.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .config import ConfigError, Settings, describe_settings
from .formats import EXPORT_FORMATS, QUERY_FORMATS

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_STORE = 0, 1, 2, 3


def _settings(args) -> Settings:
    overrides = {name: getattr(args, name, None) for name in ("store", "host", "port", "workers")}
    if getattr(args, "serve_workers", None) is not None:
        overrides["server_workers"] = args.serve_workers
        overrides.pop("workers", None)
    return Settings.load(getattr(args, "config", None), **overrides)


def _graph(args):
    """The API object (kg/api.py) over the store the arguments and settings name."""
    from .api import KnowledgeGraph
    return KnowledgeGraph(settings=_settings(args))


def cmd_build(args) -> int:
    from .shard_cli import check_build_options, cmd_build_dask
    check_build_options(args)
    if getattr(args, "engine", "local") == "dask":
        return cmd_build_dask(args)
    graph = _graph(args)
    settings = graph.settings
    report = graph.build(args.sources or None, force=args.force, prune=args.prune,
                         progress=None if not args.quiet else False, validate=not args.no_validate)
    for line in report.errors:
        print(f"skipped: {line}", file=sys.stderr)
    for doc_id, notes in report.notes.items():
        for note in notes:
            print(f"note: {doc_id}: {note}", file=sys.stderr)
    if getattr(report, "resumed", False):
        print("note: an earlier build was interrupted before its cross-document step finished; "
              "redone", file=sys.stderr)
    _print_summary(report, settings, removed=True)
    return EXIT_OK if report.ok else EXIT_PARTIAL


def _print_summary(report, settings, removed: bool) -> None:
    """A build's SHACL violations (the first 20) and its one summary line."""
    v = report.validation
    if v is not None and not v.conforms:
        print(f"SHACL validation: {len(v.violations)} violation(s):", file=sys.stderr)
        for item in v.violations[:20]:
            print(f"  {item}", file=sys.stderr)
    print(f"built {len(report.built)}, unchanged {len(report.unchanged)}, "
          + (f"removed {len(report.removed)}, " if removed else "")
          + f"skipped {len(report.errors)} document(s); {report.triples} triples in {settings.store}"
          + ("" if v is None else f"; SHACL: {'conforms' if v.conforms else 'VIOLATIONS'}"))


def _fetch_policy(args):
    from .ingest import FetchPolicy
    policy = FetchPolicy()
    if args.delay is not None:
        policy.delay = args.delay
    if args.timeout is not None:
        policy.timeout = args.timeout
    return policy


def _print_fetched(fetch_report, settings) -> None:
    """One line per page read, the skipped URLs, then the build's summary line."""
    for url, doc in fetch_report.fetched:
        about = ", ".join(x for x in (doc.date.isoformat() if doc.date else "", doc.publisher or "") if x)
        copy = doc.metadata.get("copy_of")
        print(f"fetched {url} -> {doc.doc_id}" + (f" (copy of {copy})" if copy else "")
              + (f" {doc.title!r}" if doc.title else "") + (f" ({about})" if about else ""))
    report = fetch_report.build
    for line in report.errors:
        print(f"skipped: {line}", file=sys.stderr)
    _print_summary(report, settings, removed=False)


def cmd_fetch(args) -> int:
    from .ingest import fetch
    settings = _settings(args)
    report = fetch(args.urls, settings, _fetch_policy(args), progress=None if not args.quiet else False)
    _print_fetched(report, settings)
    return EXIT_OK if report.ok else EXIT_PARTIAL


def _interval(text: str) -> float:
    import re
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*", text or "")
    if not match or float(match.group(1)) <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a duration (e.g. 90s, 15m, 1h)")
    return float(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[match.group(2)]


def cmd_watch(args) -> int:
    import signal
    import threading
    from .ingest import watch
    settings = _settings(args)
    status = {"ok": True}
    stop = threading.Event()

    def on_interrupt(signum, frame) -> None:
        if stop.is_set():          # a second Ctrl-C: stop now (the document being written is kept or not, whole)
            raise KeyboardInterrupt
        stop.set()
        print("stopping: the pages in hand are built, no more are fetched (Ctrl-C again to stop now)",
              file=sys.stderr, flush=True)

    def report(round_) -> None:
        print(f"round at {round_.started.isoformat().replace('+00:00', 'Z')}: {round_.feeds} feed(s), "
              f"{round_.new_entries} new entr{'y' if round_.new_entries == 1 else 'ies'}", flush=True)
        for line in round_.feed_errors:
            print(f"skipped: {line}", file=sys.stderr)
        if round_.fetch is not None:
            _print_fetched(round_.fetch, settings)
        status["ok"] = status["ok"] and round_.ok
        if not args.once:
            minutes = args.interval / 60
            print(f"next round in {minutes:g} min (Ctrl-C stops)", file=sys.stderr, flush=True)

    previous = signal.signal(signal.SIGINT, on_interrupt)
    try:
        watch(args.feeds, settings, _fetch_policy(args), interval=args.interval, once=args.once, report=report,
              stop=stop)
    except KeyboardInterrupt:
        print("stopped: every document completed so far is in the store", file=sys.stderr)
        return EXIT_OK
    finally:
        signal.signal(signal.SIGINT, previous)
    if stop.is_set():
        print("stopped: every document completed so far is in the store", file=sys.stderr)
    return EXIT_OK if status["ok"] else EXIT_PARTIAL


def cmd_serve(args) -> int:
    settings = _settings(args)
    if not Path(settings.store).is_dir():
        print(f"error: no store at {settings.store}: run `kg build` first", file=sys.stderr)
        return EXIT_STORE
    busy = _port_busy(settings.host, settings.port)
    if busy:
        print(f"error: cannot serve on {settings.host}:{settings.port}: {busy}. Pick another port: "
              f"kg serve --port {settings.port + 1} (or ./run --port {settings.port + 1}, or KG_PORT)", file=sys.stderr)
        return EXIT_USAGE
    from server.serve import serve
    serve(settings)
    return EXIT_OK


def _port_busy(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be listened on ("the port is in use …"), or None if it can."""
    import errno
    import socket
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn does: TIME_WAIT is not busy
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return "the port is in use (another kg serve, or another program)"
            return exc.strerror or str(exc)
    return None


def cmd_query(args) -> int:
    from .query import QueryError, QueryUsageError
    graph = _graph(args)
    params = dict(p.split("=", 1) for p in args.param or [] if "=" in p)
    bad = [p for p in args.param or [] if "=" not in p]
    if bad:
        print(f"error: --param needs name=value, got {bad[0]!r}", file=sys.stderr)
        return EXIT_USAGE
    try:
        with graph:
            output = graph.serialize(args.query, args.format, **params)
    except QueryUsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except QueryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_STORE
    sys.stdout.write(output)
    return EXIT_OK


def cmd_search(args) -> int:
    from .store import open_store
    from .search import INDEX_FILE, KINDS, open_index
    settings = _settings(args)
    if not Path(settings.store, "CURRENT").is_file():
        print(f"error: no store at {settings.store}: run `kg build` first", file=sys.stderr)
        return EXIT_STORE
    kinds = tuple(args.kind) if args.kind else None
    store = open_store(settings)
    index = open_index(store, settings.store, settings.base_iri)
    if index.source == "memory":
        print(f"note: {Path(settings.store, INDEX_FILE)} is missing or older than the store: searched an index "
              "built now (`kg build` keeps it up to date)", file=sys.stderr)
    hits = index.search(args.text, args.limit, kinds)
    if args.json:
        print(json.dumps([h.to_dict(settings.base_iri) for h in hits], indent=2, ensure_ascii=False))
        return EXIT_OK
    for hit in hits:
        snippet = "".join(f"[{text}]" if match else text for text, match in hit.snippet)
        print(f"{hit.kind:<8}  {hit.label}  <{hit.iri}>" + (f"  {hit.date}" if hit.date else ""))
        if snippet.strip() and snippet.strip() != hit.label:
            print(f"          {' '.join(snippet.split())}")
    print(f"({len(hits)} result{'s' if len(hits) != 1 else ''}; kinds: {', '.join(kinds or KINDS)})", file=sys.stderr)
    return EXIT_OK


def cmd_export(args) -> int:
    from .query import export
    settings = _settings(args)
    out = open(args.output, "wb") if args.output else sys.stdout.buffer
    try:
        export(settings, args.format, out)
    finally:
        if args.output:
            out.close()
    return EXIT_OK


def cmd_validate(args) -> int:
    from .validate import validate_store
    from .store import open_store
    settings = _settings(args)
    store = open_store(settings)
    report = validate_store(store.store, base_iri=settings.base_iri)
    if report.conforms:
        print("SHACL validation: the store conforms to ontology/shapes.ttl")
        return EXIT_OK
    print(report.text if args.verbose else "\n".join(map(str, report.violations)))
    print(f"SHACL validation: {len(report.violations)} violation(s)", file=sys.stderr)
    return EXIT_PARTIAL


def cmd_stats(args) -> int:
    with _graph(args) as graph:
        data = graph.stats()
    if args.json:
        print(json.dumps(data, indent=2))
    else:
        width = max(map(len, data))
        for k, v in data.items():
            print(f"{k:<{width}}  {v}")
    return EXIT_OK


def cmd_eval(args) -> int:
    graph = _graph(args)
    if args.all:
        return _eval_parts(args, graph.settings)
    if not args.gold:
        print("error: give a gold folder, or --all to score every part of tests/gold", file=sys.stderr)
        return EXIT_USAGE
    with graph:
        report = graph.evaluate(Path(args.gold))
    print(json.dumps(report.to_dict(), indent=2) if args.json else report.format())
    return EXIT_OK


def _eval_parts(args, settings) -> int:
    """Build every part of the gold corpus in memory and score it (kg/scoring.py)."""
    from .scoring import corpus_parts, score_part, summary_table
    root = Path(args.gold or "tests/gold")
    if not root.is_dir():
        print(f"error: no gold folder at {root}", file=sys.stderr)
        return EXIT_USAGE
    parts = [p for p in corpus_parts(root, Path(settings.sources)) if not args.part or p.name in args.part]
    if not parts:
        print(f"error: no part named {args.part} under {root}", file=sys.stderr)
        return EXIT_USAGE
    reports = {}
    for part in parts:
        print(f"scoring {part.name} ({part.articles}) …", file=sys.stderr)
        reports[part.name] = score_part(part)
    if args.json:
        print(json.dumps({k: r.to_dict() for k, r in reports.items()}, indent=2))
    else:
        print(summary_table(reports))
        if args.verbose:
            for name, r in reports.items():
                print(f"\n== {name} ==\n{r.format()}")
    return EXIT_OK


def cmd_graph(args) -> int:
    from .graph import analytics, export_graph
    graph = _graph(args)
    if args.analytics:
        with graph:
            data = analytics(graph.graph("positions"), k=args.top)
        if args.json:
            print(json.dumps(data, indent=2))
            return EXIT_OK
        print("most central actors:")
        for item in data["central_actors"]:
            print(f"  {item['score']:.3f}  {item['label']}")
        print("communities of aligned actors:")
        for i, community in enumerate(data["communities"], 1):
            print(f"  {i}. {', '.join(community)}")
        print("topics that split actors most (split 1.0 = evenly divided):")
        for t in data["divisive_topics"]:
            print(f"  {t['split']:.2f}  {t['label']}  ({t['support']} support, {t['oppose']} oppose)")
        return EXIT_OK
    with graph:
        paths = export_graph(graph.settings, args.format, args.output, view=args.view, store=graph.store)
    for path in paths:
        print(path)
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    settings_help = "\n".join(f"  {n:<20} {d!s:<28} {h}" for n, d, h in describe_settings())
    p = argparse.ArgumentParser(
        prog="kg", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Build a knowledge graph of who said what, who stands where and what happened when "
                    "from news articles, and serve it over SPARQL.",
        epilog="settings (kg.toml [kg] table, or environment KG_<NAME>):\n" + settings_help +
               "\n\nexit codes: 0 ok, 1 something skipped or invalid, 2 usage/config error, 3 store/query error")
    p.add_argument("--config", help="TOML settings file (default: kg.toml if present, or $KG_CONFIG)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name, fn, help_):
        sp = sub.add_parser(name, help=help_, description=help_)
        sp.add_argument("--store", help="store directory (default: setting `store`, data/store)")
        sp.add_argument("--config", help=argparse.SUPPRESS)
        sp.set_defaults(fn=fn)
        return sp

    b = add("build", cmd_build, "Extract facts from articles into the store (incremental: unchanged articles are skipped).")
    b.add_argument("sources", nargs="*", help="files or directories of articles (default: sources/)")
    b.add_argument("--workers", type=int, help="NLP worker processes (default: setting `workers`, 1)")
    b.add_argument("--force", action="store_true", help="re-extract every article even if unchanged")
    b.add_argument("--prune", action="store_true", help="drop the graphs of documents no longer in the sources")
    b.add_argument("--no-validate", action="store_true", help="skip SHACL validation of the result")
    b.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    from .shard_cli import add_build_options, add_load_command
    add_build_options(b)
    add_load_command(add)

    fe = add("fetch", cmd_fetch, "Download web pages, read their article (text, title, author, publisher, date, "
                                 "canonical URL, language) and build them into the store.")
    fe.add_argument("urls", nargs="+", metavar="URL", help="http:// or https:// pages")
    fe.add_argument("--delay", type=float, help="seconds between two requests to one host (default 1; "
                                                "robots.txt Crawl-delay may raise it)")
    fe.add_argument("--timeout", type=float, help="seconds allowed for one response (default 20)")
    fe.add_argument("-q", "--quiet", action="store_true", help="no progress bar")

    w = add("watch", cmd_watch, "Poll RSS/Atom feeds and build their new entries, every --interval, until Ctrl-C.")
    w.add_argument("feeds", nargs="+", metavar="FEED", help="URLs of RSS or Atom feeds")
    w.add_argument("--interval", type=_interval, default=900.0, help="time between rounds: 90s, 15m, 1h (default 15m)")
    w.add_argument("--once", action="store_true", help="one round, then exit (for cron)")
    w.add_argument("--delay", type=float, help="seconds between two requests to one host (default 1)")
    w.add_argument("--timeout", type=float, help="seconds allowed for one response (default 20)")

    s = add("serve", cmd_serve, "Serve the store: SPARQL 1.1 endpoint at /sparql, web pages at /.")
    s.add_argument("--host", help="interface (default 127.0.0.1)")
    s.add_argument("--port", type=int, help="port (default 8000)")
    s.add_argument("--workers", dest="serve_workers", type=int, help="WSGI worker processes (default 2)")

    q = add("query", cmd_query, "Run a named query from queries/ (e.g. `stances`) or inline SPARQL text.")
    q.add_argument("query", help="a name from queries/, a path to a .rq file, or SPARQL text")
    q.add_argument("--param", action="append", metavar="NAME=VALUE",
                   help="bind a query variable (IRI in <...>, else a plain literal); repeatable")
    q.add_argument("--format", default="table", choices=QUERY_FORMATS,
                   help="output format (default: table)")

    se = add("search", cmd_search, "Full-text search: entities by name or alias, topics, and stances, quotes, "
             "events and documents by the words of their sentences (the index every `kg build` writes).")
    se.add_argument("text", help="words to find (the last one also as a prefix)")
    se.add_argument("--limit", type=int, default=20, help="most results (default 20)")
    se.add_argument("--kind", action="append", choices=["entity", "topic", "stance", "quote", "event", "document"],
                    help="only this kind of result (repeatable)")
    se.add_argument("--json", action="store_true", help="print JSON")

    e = add("export", cmd_export, "Export the whole store.")
    e.add_argument("--format", default="trig", choices=EXPORT_FORMATS)
    e.add_argument("-o", "--output", help="file to write (default: stdout)")

    v = add("validate", cmd_validate, "Validate the store against the SHACL shapes in ontology/shapes.ttl.")
    v.add_argument("-v", "--verbose", action="store_true", help="print pyshacl's full report")

    st = add("stats", cmd_stats, "Count documents, entities, actors, facts and triples in the store.")
    st.add_argument("--json", action="store_true")

    ev = add("eval", cmd_eval, "Score the store against gold annotations: precision, recall, F1 per kind.")
    ev.add_argument("gold", nargs="?", help="directory of gold .json files (e.g. tests/gold); with --all, the "
                    "corpus root (default tests/gold)")
    ev.add_argument("--all", action="store_true",
                    help="build each part (samples, extra, heldout, dev, test) in memory and score it")
    ev.add_argument("--part", action="append", help="with --all: only this part (repeatable)")
    ev.add_argument("-v", "--verbose", action="store_true", help="with --all: every miss and false positive")
    ev.add_argument("--json", action="store_true")

    g = add("graph", cmd_graph, "Export the actor-position graph (networkx): GraphML, GEXF, JSON, PNG, SVG.")
    g.add_argument("--format", default="png", choices=["graphml", "gexf", "json", "png", "svg"])
    g.add_argument("--view", default="positions", choices=["positions", "agreement"])
    g.add_argument("-o", "--output", help="output file (default: out/<view>.<format>)")
    g.add_argument("--analytics", action="store_true",
                   help="print the most central actors, communities of aligned actors and divisive topics")
    g.add_argument("--top", type=int, default=10, help="how many central actors to list (default 10)")
    g.add_argument("--json", action="store_true", help="with --analytics: print JSON")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.fn(args)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted: the store keeps every document completed so far", file=sys.stderr)
        return 130
    except Exception as exc:
        from .store import StoreError
        if isinstance(exc, StoreError) or type(exc).__name__ in ("QueryError",):
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_STORE
        raise


if __name__ == "__main__":
    sys.exit(main())
