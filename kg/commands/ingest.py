"""``kg build``, ``kg fetch`` and ``kg watch``: articles into the store, and what they print."""
from __future__ import annotations

import argparse
import sys

from .common import EXIT_OK, EXIT_PARTIAL, _graph, _settings


def cmd_build(args) -> int:
    from ..shard_cli import check_build_options, cmd_build_dask
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


def print_violations(v) -> None:
    """A validation report's violations, the first 20, on stderr (nothing when it conforms)."""
    if v is not None and not v.conforms:
        print(f"SHACL validation: {len(v.violations)} violation(s):", file=sys.stderr)
        for item in v.violations[:20]:
            print(f"  {item}", file=sys.stderr)


def _print_summary(report, settings, removed: bool) -> None:
    """A build's SHACL violations (the first 20) and its one summary line."""
    v = report.validation
    print_violations(v)
    print(f"built {len(report.built)}, unchanged {len(report.unchanged)}, "
          + (f"removed {len(report.removed)}, " if removed else "")
          + f"skipped {len(report.errors)} document(s); {report.triples} triples in {settings.store}"
          + ("" if v is None else f"; SHACL: {'conforms' if v.conforms else 'VIOLATIONS'}"))


def _fetch_policy(args):
    from ..ingest import FetchPolicy
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
    from ..ingest import fetch
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
    from ..ingest import watch
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
