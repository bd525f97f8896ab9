"""Scoring: pair gold items with predictions per document, count, and report (:class:`EvalReport`);
:func:`evaluate`, which reads the gold, the predictions and scores every kind."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from .gold import load_gold
from .items import KINDS
from .matching import _RULES
from .predictions import _predictions

RowSource = Callable[[str], list[dict[str, str]]]


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


@dataclass
class KindScore:
    """Counts, attribute accuracy and the items to read for one kind of fact."""
    kind: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    duplicates: int = 0
    attributes: dict[str, list[int]] = field(default_factory=dict)  # name -> [correct, compared]
    exact: int = 0      # matched items with every checked attribute right (the strict reading)
    misses: list[dict] = field(default_factory=list)
    false_positives: list[dict] = field(default_factory=list)
    duplicate_items: list[dict] = field(default_factory=list)
    per_doc: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 1.0 when there was nothing to find and nothing was predicted."""
        return 1.0 if self.tp + self.fp + self.fn == 0 else _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return 1.0 if self.tp + self.fp + self.fn == 0 else _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def exact_f1(self) -> float:
        """F1 when a match counts only with every attribute right (events: the date, the place and
        every participant the gold names; quotes: the date): the strict reading of a kind."""
        if self.tp + self.fp + self.fn == 0:
            return 1.0
        p, r = _ratio(self.exact, self.tp + self.fp), _ratio(self.exact, self.tp + self.fn)
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict:
        return {
            "exact": self.exact, "exact_f1": self.exact_f1,
            "tp": self.tp, "fp": self.fp, "fn": self.fn, "duplicates": self.duplicates,
            "precision": self.precision, "recall": self.recall, "f1": self.f1,
            "attributes": {k: {"correct": c, "compared": n, "accuracy": _ratio(c, n)}
                           for k, (c, n) in self.attributes.items()},
            "per_doc": self.per_doc,
            "misses": self.misses, "false_positives": self.false_positives,
            "duplicates_list": self.duplicate_items,
        }


@dataclass
class EvalReport:
    """Scores per kind over the documents that have gold files."""
    docs: list[str]
    scores: dict[str, KindScore]
    docs_without_predictions: list[str] = field(default_factory=list)
    duplicates_as_fp: bool = False

    @property
    def overall(self) -> KindScore:
        total = KindScore("all")
        for s in self.scores.values():
            total.tp, total.fp, total.fn = total.tp + s.tp, total.fp + s.fp, total.fn + s.fn
            total.duplicates += s.duplicates
        return total

    def to_dict(self) -> dict:
        return {
            "docs": self.docs,
            "docs_without_predictions": self.docs_without_predictions,
            "duplicates_as_fp": self.duplicates_as_fp,
            "kinds": {k: s.to_dict() for k, s in self.scores.items()},
            "overall": {k: v for k, v in self.overall.to_dict().items()
                        if k in ("tp", "fp", "fn", "duplicates", "precision", "recall", "f1")},
        }

    def format(self, max_items: int | None = None) -> str:
        """A plain-text table, attribute accuracy, then every miss and false positive."""
        lines = [f"Extraction vs gold: {len(self.docs)} document(s)"]
        if self.docs_without_predictions:
            lines.append("  no predictions at all for: " + ", ".join(self.docs_without_predictions))
        lines.append("")
        header = (f"{'kind':<10} {'gold':>5} {'pred':>5} {'tp':>5} {'fp':>5} {'fn':>5} {'dup':>5} "
                  f"{'P':>7} {'R':>7} {'F1':>7}")
        lines += [header, "-" * len(header)]
        for s in [*self.scores.values(), self.overall]:
            lines.append(f"{s.kind:<10} {s.tp + s.fn:>5} {s.tp + s.fp + s.duplicates:>5} {s.tp:>5} {s.fp:>5} "
                         f"{s.fn:>5} {s.duplicates:>5} {s.precision:>7.3f} {s.recall:>7.3f} {s.f1:>7.3f}")
        attrs = [(k, name, c, n) for k, s in self.scores.items() for name, (c, n) in s.attributes.items()]
        if attrs:
            lines += ["", "attribute accuracy on matched items:"]
            for kind, name, c, n in attrs:
                lines.append(f"  {kind + '.' + name:<22} {c:>4}/{n:<4} {_ratio(c, n):.3f}")
            lines += ["", "strict F1 (a match counts only with every attribute above right):"]
            for kind, s in self.scores.items():
                if s.attributes:
                    lines.append(f"  {kind:<22} {s.exact:>4} exact  {s.exact_f1:.3f}")
        for s in self.scores.values():
            for title, items in (("missed (fn)", s.misses), ("false positives (fp)", s.false_positives)):
                if not items:
                    continue
                lines += ["", f"[{s.kind}] {title}: {len(items)}"]
                shown = items if max_items is None else items[:max_items]
                lines += [f"  {i['doc']}  {i['item']}" for i in shown]
                if len(shown) < len(items):
                    lines.append(f"  … {len(items) - len(shown)} more")
        return "\n".join(lines) + "\n"


def _entry(fact) -> dict:
    """A miss, false positive or duplicate as a reader needs it: document, one line, and the raw item or row."""
    return {"doc": fact.doc, "item": fact.describe(), "source": dict(fact.source)}


def _score_kind(kind: str, gold: dict[str, list], predicted: dict[str, list], duplicates_as_fp: bool) -> KindScore:
    rules = _RULES[kind]()
    score = KindScore(kind)
    for doc in sorted(set(gold) | set(predicted)):
        golds, preds = gold.get(doc, []), predicted.get(doc, [])
        pairs = sorted(((rules.affinity(g, p), -gi, -pi) for gi, g in enumerate(golds)
                        for pi, p in enumerate(preds) if rules.matches(g, p)), reverse=True)
        taken: dict[int, int] = {}  # prediction index -> gold index
        for _, neg_gi, neg_pi in pairs:
            gi, pi = -neg_gi, -neg_pi
            if pi not in taken and gi not in taken.values():
                taken[pi] = gi
        doc_counts = {"tp": len(taken), "fp": 0, "fn": 0, "duplicates": 0}
        for pi, gi in sorted(taken.items(), key=lambda t: t[1]):
            checked = rules.attributes(golds[gi], preds[pi])
            for name, ok in checked.items():
                counts = score.attributes.setdefault(name, [0, 0])
                counts[0] += int(ok)
                counts[1] += 1
            score.exact += all(checked.values())
        matched = set(taken.values())
        for gi, g in enumerate(golds):
            if gi not in matched:
                score.misses.append(_entry(g))
                doc_counts["fn"] += 1
        matched_golds = [golds[gi] for gi in sorted(matched)]
        for pi, p in enumerate(preds):
            if pi in taken:
                continue
            if not duplicates_as_fp and any(rules.matches(g, p) for g in matched_golds):
                score.duplicate_items.append(_entry(p))
                doc_counts["duplicates"] += 1
            else:
                score.false_positives.append(_entry(p))
                doc_counts["fp"] += 1
        score.tp += doc_counts["tp"]
        score.fp += doc_counts["fp"]
        score.fn += doc_counts["fn"]
        score.duplicates += doc_counts["duplicates"]
        score.per_doc[doc] = doc_counts
    return score


def evaluate(gold_dir: Path | str | Sequence[Path | str], rows: RowSource, *,
             kinds: Sequence[str] = KINDS, duplicates_as_fp: bool = False) -> EvalReport:
    """Score the rows of the named queries against the gold files in ``gold_dir``.

    ``rows(name)`` returns the rows of the named query ``name`` (see the module
    docstring for the columns). Documents without a gold file are ignored.
    """
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise ValueError(f"unknown kind(s) {unknown}; known: {list(KINDS)}")
    gold_docs = load_gold(gold_dir)
    doc_ids = set(gold_docs)
    scores: dict[str, KindScore] = {}
    seen: set[str] = set()
    for kind in kinds:
        gold = {d: g.items[kind] for d, g in gold_docs.items() if g.items[kind]}
        predicted = _predictions(kind, rows(kind), doc_ids)
        if kind == "stances":   # open topics are scored only where the gold annotates them
            predicted = {d: [p for p in ps if gold_docs[d].open_topics or not p.open_topic]
                         for d, ps in predicted.items()}
        seen.update(predicted)
        scores[kind] = _score_kind(kind, gold, predicted, duplicates_as_fp)
    return EvalReport(sorted(doc_ids), scores, sorted(doc_ids - seen), duplicates_as_fp)
