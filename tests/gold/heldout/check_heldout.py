"""Consistency check for the held-out gold: the same checks as every other gold folder
(tests/gold/check_gold.py).

    python3 tests/gold/heldout/check_heldout.py
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("check_gold", HERE.parent / "check_gold.py")
check_gold = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_gold)

if __name__ == "__main__":
    sys.exit(check_gold.main([str(HERE)]))
