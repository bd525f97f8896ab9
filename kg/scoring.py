"""Score extraction on annotated corpora, in memory: every part of ``tests/gold`` at once.

A *part* is a gold folder (``*.json``) with its articles (``articles/*.txt`` beside the gold,
or, for the samples, the sources folder). Each part is built into its own in-memory store
(the same per-document function as ``kg build``, the same named queries as the endpoint)
and scored with :func:`kg.evaluate.evaluate`. Nothing is written to disk.

    kg eval --all                       # samples, extra, heldout, dev, test
    kg eval --all --part dev            # one part
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from .evaluate import EvalReport, evaluate
from .sources import Document, SourceError, iter_documents

PART_ORDER = ("samples", "extra", "heldout", "dev", "test")


@dataclass(frozen=True)
class Part:
    name: str
    gold: Path
    articles: Path


def corpus_parts(gold_root: Path, sources: Path) -> list[Part]:
    """The parts under ``gold_root``: itself (the samples, articles in ``sources``) and each
    sub-folder with an ``articles/`` folder, in PART_ORDER then by name."""
    parts = []
    if any(gold_root.glob("*.json")):
        parts.append(Part("samples", gold_root, sources))
    for sub in sorted(p for p in gold_root.iterdir() if p.is_dir()):
        if (sub / "articles").is_dir() and any(sub.glob("*.json")):
            parts.append(Part(sub.name, sub, sub / "articles"))
    rank = {n: i for i, n in enumerate(PART_ORDER)}
    return sorted(parts, key=lambda p: (rank.get(p.name, len(rank)), p.name))


def documents(folder: Path) -> list[Document]:
    docs = []
    for item in iter_documents([folder]):
        if isinstance(item, SourceError):
            raise item
        docs.append(item)
    return docs


def extract_part(docs: Iterable[Document], nlp=None, domain=None) -> list:
    """(document, DocumentFacts) for each document."""
    from .extract import extract_document
    from .nlp.pipeline import load_pipeline
    nlp = nlp or load_pipeline()
    docs = list(docs)
    return [(d, extract_document(d, parsed, domain)) for d, parsed in zip(docs, nlp.pipe([d.text for d in docs]))]


def rows_for(pairs: list, base_iri: str = "http://127.0.0.1:8000/") -> Callable[[str], list[dict[str, str]]]:
    """The named queries' rows over an in-memory store holding these documents' graphs."""
    from .build import load_reference_graphs
    from .mapping import IRIs, all_entity_quads, document_quads
    from .query import query_text
    from .store import KnowledgeStore
    store = KnowledgeStore(None, base_iri)
    load_reference_graphs(store)
    iris = IRIs(base_iri)
    for document, facts in pairs:
        quads = document_quads(document, facts, iris)
        quads.extend(all_entity_quads(facts, iris))
        store.store.extend(quads)
    return lambda name: store.select(query_text(name))


def score_part(part: Part, nlp=None, domain=None) -> EvalReport:
    pairs = extract_part(documents(part.articles), nlp, domain)
    return evaluate(part.gold, rows_for(pairs))


def summary_table(reports: dict[str, EvalReport]) -> str:
    """One line per part and kind: P / R / F1 (tp, fp, fn), and the strict F1 (a match counts only
    with every checked attribute right: an event's date, place and every participant)."""
    lines = [f"{'part':<9} {'kind':<9} {'P':>6} {'R':>6} {'F1':>6}   {'tp/fp/fn':<16} strict F1"]
    for name, report in reports.items():
        for kind, score in report.scores.items():
            strict = f"{score.exact_f1:.3f}" if score.attributes else "-"
            lines.append(f"{name:<9} {kind:<9} {score.precision:>6.3f} {score.recall:>6.3f} {score.f1:>6.3f}   "
                         f"{f'{score.tp}/{score.fp}/{score.fn}':<16} {strict}")
    return "\n".join(lines)
