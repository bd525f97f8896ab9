"""The ``kg`` command's scale-out parts: ``kg build --engine dask … --shards DIR`` and ``kg load DIR…``.
Arguments and printing only; the work is in kg/dask_engine.py and kg/shard_loader.py."""
from __future__ import annotations

import argparse
import sys

from .config import ConfigError

ENGINES = ("local", "dask")


def add_build_options(build: argparse.ArgumentParser) -> None:
    """The options ``kg build`` takes for the Dask engine."""
    build.add_argument("--engine", choices=ENGINES, default="local",
                       help="local: extract in this process or --workers processes, into the store (default); "
                            "dask: extract on a Dask cluster into gzipped N-Quads shards in --shards DIR, "
                            "then `kg load DIR`")
    build.add_argument("--scheduler", metavar="tcp://HOST:8786",
                       help="with --engine dask: the Dask scheduler to use (default: a LocalCluster of --workers "
                            "processes on this machine)")
    build.add_argument("--shards", metavar="DIR", help="with --engine dask: where to write the shards and manifest.json")
    build.add_argument("--partition-size", type=int, default=None, metavar="N",
                       help="with --engine dask: documents per partition, so per shard (default 32)")


def add_load_command(add) -> None:
    """``kg load DIR…``."""
    lo = add("load", cmd_load, "Bulk-load shards written by `kg build --engine dask` into the store (documents "
                               "already there are skipped), then run the cross-document step.")
    lo.add_argument("directories", nargs="+", metavar="DIR", help="shard directories (each with its manifest.json)")
    lo.add_argument("--no-validate", action="store_true", help="skip SHACL validation of the loaded documents")
    lo.add_argument("--no-verify", action="store_true", help="do not check each shard's SHA-256 against the manifest")


def check_build_options(args) -> None:
    """Options that only make sense with the other engine are a usage error, not silently ignored."""
    if getattr(args, "engine", "local") == "dask":
        if not args.shards:
            raise ConfigError("--engine dask writes shards: give --shards DIR (then load them with `kg load DIR`)")
        if args.prune:
            raise ConfigError("--prune needs the store: it is not available with --engine dask")
    else:
        given = [flag for flag, name in (("--scheduler", "scheduler"), ("--shards", "shards"),
                                         ("--partition-size", "partition_size"))
                 if getattr(args, name, None) is not None]
        if given:
            raise ConfigError(f"{', '.join(given)} only with --engine dask")


def cmd_build_dask(args) -> int:
    from .cli import EXIT_OK, EXIT_PARTIAL, _settings
    from .dask_engine import PARTITION_SIZE, build_shards
    settings = _settings(args)
    report = build_shards(args.sources or None, settings, args.shards, scheduler=args.scheduler,
                          workers=args.workers, partition_size=args.partition_size or PARTITION_SIZE,
                          force=args.force, progress=None if not args.quiet else False)
    for line in report.errors:
        print(f"skipped: {line}", file=sys.stderr)
    for doc_id, notes in report.notes.items():
        for note in notes:
            print(f"note: {doc_id}: {note}", file=sys.stderr)
    print(f"built {len(report.built)}, unchanged {len(report.unchanged)}, skipped {len(report.errors)} document(s) "
          f"on {report.workers} Dask worker(s); {len(report.shards)} new shard(s) in {report.directory} "
          f"(load them: kg load {report.directory})")
    return EXIT_OK if report.ok else EXIT_PARTIAL


def cmd_load(args) -> int:
    from .cli import EXIT_OK, EXIT_PARTIAL, _settings
    from .shard_loader import load_shards
    from .commands.ingest import print_violations
    settings = _settings(args)
    report = load_shards(args.directories, settings, validate=not args.no_validate, verify=not args.no_verify)
    for line in report.errors:
        print(f"skipped: {line}", file=sys.stderr)
    if report.recovered:
        print(f"note: an earlier load was interrupted; {len(report.recovered)} document(s) it left half-written "
              "were dropped and loaded again", file=sys.stderr)
    v = report.validation
    print_violations(v)
    print(f"loaded {len(report.loaded)} document(s) from {report.shards_loaded} shard(s) "
          f"({report.shards_skipped} shard(s) with nothing new skipped, {len(report.unchanged)} document(s) "
          f"already in the store, {report.duplicates} duplicate(s) in other shards ignored, "
          f"{len(report.replaced)} replaced); {report.triples} triples in {settings.store}"
          + ("" if v is None else f"; SHACL: {'conforms' if v.conforms else 'VIOLATIONS'}"))
    return EXIT_OK if report.ok else EXIT_PARTIAL
