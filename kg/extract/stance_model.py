"""The learned decision on top of the parse-based stance candidates.

The readers in ``stances.py`` propose candidates generously; each carries the features of
how it was read (which reader, how the topic and the holder were found, negation, quotation,
reporting…). A logistic regression trained on the annotated corpus
(``scripts/train_stance_model.py``, weights in ``ontology/stance-model.json``) turns them
into a score, mapped to a calibrated probability that the stance is right by an isotonic
curve fitted on out-of-fold scores: that probability is ``ont:confidence``, and candidates
under the model's threshold are dropped. Applying the model is a dot product: no
library is needed at run time, and a domain without a model file keeps every candidate with
its rule confidence.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MODEL_FILE = "stance-model.json"


def candidate_features(*, reader: str, cue: str, polarity: str, topic_kind: str, topic_conf: float,
                       has_subject: bool, holder_type: str, holder_how: str, in_quote: bool, reported: bool,
                       negated: bool, conditional: bool, n_holders: int, sentence_index: int,
                       topic_words: int, cue_pos: str) -> dict[str, float]:
    """The features of one candidate, as named indicator or numeric values."""
    f = {
        "bias": 1.0,
        f"reader={reader}": 1.0,
        f"topic={topic_kind}": 1.0,
        "topic_conf": topic_conf,
        "has_subject": float(has_subject),
        f"holder_type={holder_type}": 1.0,
        f"holder_how={holder_how}": 1.0,
        "in_quote": float(in_quote),
        "reported": float(reported),
        "negated": float(negated),
        "conditional": float(conditional),
        "many_holders": float(n_holders > 1),
        "headline": float(sentence_index == 0),
        "topic_words": min(topic_words, 8) / 8.0,
        f"polarity={polarity}": 1.0,
        f"cue_pos={cue_pos}": 1.0,
        f"cue={cue}": 1.0,
        f"topic={topic_kind}&reader={reader}": 1.0,
        f"topic={topic_kind}&holder_how={holder_how}": 1.0,
    }
    return f


@dataclass(frozen=True)
class StanceModel:
    weights: dict[str, float]
    intercept: float
    threshold: float
    # isotonic calibration fitted on out-of-fold scores: raw score breakpoints -> share right
    calibration_x: tuple[float, ...] = ()
    calibration_y: tuple[float, ...] = ()

    def score(self, features: dict[str, float]) -> float:
        """The logistic regression's own probability."""
        z = self.intercept + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def probability(self, features: dict[str, float]) -> float:
        """The calibrated probability that the candidate is right."""
        return calibrate(self.score(features), self.calibration_x, self.calibration_y)


def calibrate(p: float, xs: tuple[float, ...], ys: tuple[float, ...]) -> float:
    """Piecewise-linear interpolation through the isotonic breakpoints (clipped at the ends);
    the identity when there are none."""
    if not xs:
        return p
    if p <= xs[0]:
        return ys[0]
    if p >= xs[-1]:
        return ys[-1]
    for i in range(1, len(xs)):
        if p <= xs[i]:
            x0, x1, y0, y1 = xs[i - 1], xs[i], ys[i - 1], ys[i]
            return y0 if x1 == x0 else y0 + (y1 - y0) * (p - x0) / (x1 - x0)
    return ys[-1]


@lru_cache(maxsize=4)
def load_stance_model(directory: str) -> StanceModel | None:
    path = Path(directory) / MODEL_FILE
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    cal = data.get("calibration") or {}
    return StanceModel(data["weights"], float(data["intercept"]), float(data["threshold"]),
                       tuple(float(x) for x in cal.get("x", ())), tuple(float(y) for y in cal.get("y", ())))


def decide(stances: list, model: StanceModel | None) -> list:
    """Calibrated confidence on every candidate; those under the threshold are dropped, and of
    the two sides one sentence gives a holder on one issue, only the side of its likeliest
    candidate is kept (the first, on a tie)."""
    if model is None:
        return stances
    passed = []
    for s in stances:
        if s.features:
            p = model.probability(s.features)
            if p < model.threshold:
                continue
            s.confidence = round(p, 3)
        passed.append(s)
    side: dict[tuple, tuple[str, float]] = {}
    for s in passed:
        key = (s.holder, s.topic, s.sentence.start)
        if s.features and (key not in side or s.confidence > side[key][1]):
            side[key] = (s.polarity, s.confidence)
    return [s for s in passed if not s.features or s.polarity == side[(s.holder, s.topic, s.sentence.start)][0]]
