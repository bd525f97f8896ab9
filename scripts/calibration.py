"""Reliability of ont:confidence on a scored part: for confidence bins, the share of stance
candidates that are right, and precision/recall at the model's threshold.

    .venv/bin/python scripts/calibration.py --part test
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from train_stance_model import candidates  # noqa: E402

from kg.domain import load_domain  # noqa: E402
from kg.extract.stance_model import load_stance_model  # noqa: E402
from kg.nlp.pipeline import load_pipeline  # noqa: E402
from kg.scoring import corpus_parts  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--part", default="test")
    args = ap.parse_args(argv)
    domain = load_domain()
    model = load_stance_model(str(domain.directory))
    part = next(p for p in corpus_parts(ROOT / "tests" / "gold", ROOT / "sources") if p.name == args.part)
    rows, n_gold = candidates(part, load_pipeline(), domain)
    probs = [model.probability(f) for f, *_ in rows]
    print(f"{args.part}: {len(rows)} candidates, {n_gold} gold stances, threshold {model.threshold}")
    print("confidence  candidates  right")
    for lo in (0.0, 0.2, 0.4, 0.6, 0.8):
        sel = [y for p, (_, y, _, _) in zip(probs, rows) if lo <= p < lo + 0.2 or (lo == 0.8 and p >= 1.0)]
        print(f"{lo:.1f}-{lo + 0.2:.1f}     {len(sel):>10}  {sum(sel) / len(sel):.2f}" if sel else
              f"{lo:.1f}-{lo + 0.2:.1f}     {0:>10}     -")
    for t in (0.0, model.threshold, 0.5, 0.7):
        kept = [(y, g) for p, (_, y, g, _) in zip(probs, rows) if p >= t]
        tp = len({g for y, g in kept if y})
        fp = sum(1 for y, _ in kept if not y)
        prec = tp / (tp + fp) if kept else 1.0
        rec = tp / n_gold if n_gold else 1.0
        print(f"threshold {t:.2f}: kept {len(kept)}, precision {prec:.3f}, recall {rec:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
