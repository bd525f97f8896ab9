"""Subcommands that read the store: ``kg query``, ``kg search``, ``kg export``, ``kg validate``, ``kg stats``."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from .common import EXIT_OK, EXIT_PARTIAL, EXIT_STORE, EXIT_USAGE, _graph, _settings


def cmd_query(args) -> int:
    from ..query import QueryError, QueryUsageError
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
    from ..store import open_store
    from ..search import INDEX_FILE, KINDS, open_index
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
    from ..query import export
    settings = _settings(args)
    out = open(args.output, "wb") if args.output else sys.stdout.buffer
    try:
        export(settings, args.format, out)
    finally:
        if args.output:
            out.close()
    return EXIT_OK


def cmd_validate(args) -> int:
    from ..validate import validate_store
    from ..store import open_store
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
