"""``kg eval`` (scoring against gold annotations) and ``kg graph`` (the actor-position graph)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from .common import EXIT_OK, EXIT_USAGE, _graph


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
    from ..scoring import corpus_parts, score_part, summary_table
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
    from ..graph import analytics, export_graph
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
