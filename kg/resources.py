"""Where the runtime data lives, whether kg is run from a checkout or installed as a wheel."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT_MARKER = Path("ontology") / "kg.ttl"


@lru_cache(maxsize=None)
def data_path(name: str) -> Path:
    """Path of a top-level data directory ("ontology", "queries").

    A source checkout or editable install has it next to the package; a wheel
    carries it inside the package as ``kg/_data/<name>``. The checkout is
    recognised by ``ontology/kg.ttl`` beside the package, so an unrelated
    ``site-packages/queries`` is never taken for ours.
    """
    root = _PACKAGE.parent
    candidates = [_PACKAGE / "_data" / name]
    if (root / _CHECKOUT_MARKER).is_file():
        candidates.insert(0, root / name)
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"data directory {name!r} not found: looked in {root / name} (source checkout) and "
        f"{_PACKAGE / '_data' / name} (installed wheel); reinstall kg or run it from its checkout")
