"""Where the runtime data lives, whether kg is run from a checkout or installed as a wheel."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def data_path(name: str) -> Path:
    """Path of a top-level data directory ("ontology", "queries").

    A source checkout or editable install has it next to the package; a wheel
    carries it inside the package as ``kg/_data/<name>``.
    """
    for candidate in (_PACKAGE.parent / name, _PACKAGE / "_data" / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"data directory {name!r} not found next to {_PACKAGE} or in kg/_data")
