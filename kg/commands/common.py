"""What every subcommand shares: exit codes, settings from the arguments, the API object."""
from __future__ import annotations

from ..config import Settings

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_STORE = 0, 1, 2, 3


def _settings(args) -> Settings:
    overrides = {name: getattr(args, name, None) for name in ("store", "host", "port", "workers")}
    if getattr(args, "serve_workers", None) is not None:
        overrides["server_workers"] = args.serve_workers
        overrides.pop("workers", None)
    return Settings.load(getattr(args, "config", None), **overrides)


def _graph(args):
    """The API object (kg/api.py) over the store the arguments and settings name."""
    from ..api import KnowledgeGraph
    return KnowledgeGraph(settings=_settings(args))
