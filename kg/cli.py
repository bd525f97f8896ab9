"""The ``kg`` command: parses arguments, calls the API, prints. No logic of its own.

Exit codes: 0 success; 1 the work ran but something was skipped or failed validation;
2 usage or configuration error; 3 the store or a query could not be used.

The subcommands themselves live in ``kg/commands/`` (one module per kind of work).
"""
from __future__ import annotations

import argparse
import sys

from .commands.analysis import _eval_parts, cmd_eval, cmd_graph
from .commands.common import (
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_STORE,
    EXIT_USAGE,
    _graph,
    _settings,
)
from .commands.ingest import (
    _fetch_policy,
    _interval,
    _print_fetched,
    _print_summary,
    cmd_build,
    cmd_fetch,
    cmd_watch,
)
from .commands.read import cmd_export, cmd_query, cmd_search, cmd_stats, cmd_validate
from .commands.serve import _port_busy, cmd_serve
from .config import ConfigError, describe_settings
from .formats import EXPORT_FORMATS, QUERY_FORMATS

__all__ = ["EXIT_OK", "EXIT_PARTIAL", "EXIT_STORE", "EXIT_USAGE", "_eval_parts", "_fetch_policy", "_graph",
           "_interval", "_port_busy", "_print_fetched", "_print_summary", "_settings", "cmd_build", "cmd_eval",
           "cmd_export", "cmd_fetch", "cmd_graph", "cmd_query", "cmd_search", "cmd_serve", "cmd_stats",
           "cmd_validate", "cmd_watch", "main", "parser"]


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
