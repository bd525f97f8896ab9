"""Consolidation (kg/consolidate/) on synthetic stores of N documents: is the curve ~linear?

Each synthetic document reports two events and two quotes drawn from pools that grow with N
(about five reports of each real event and of each quote), written as quads straight into an
on-disk pyoxigraph store (no spaCy): per-document graphs as `kg build` writes them (document
node with its content hash, event and statement nodes with class, date, place, participants,
speaker, quote, confidence, evidence, sentence, prov:wasDerivedFrom) and an entities graph.
The mix is meant to be hard on blocking: participants are drawn with a heavy tail (a handful
of actors take part in a large share of all events), most reports give the day, some only the
month or the year, some no date at all, some no place; quotes come back re-punctuated, cut
short, or without their speaker.

    PYTHONPATH=. .venv/bin/python scripts/bench_consolidate.py                   # 10k, 30k, 100k
    PYTHONPATH=. .venv/bin/python scripts/bench_consolidate.py --sizes 1000,3000 --markdown

Prints one row per size: documents, reports read, merged nodes, consolidation time, time per
document, and the growth against the previous size (ratio of times / ratio of sizes; 1.0 is
linear, 2.0 quadratic).
"""
from __future__ import annotations

import argparse
import gc
import random
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.consolidate import consolidate  # noqa: E402
from kg.namespaces import ONT, OWL, PROV, RDF, RDFS, SCHEMA, WD, XSD  # noqa: E402
from kg.store import KnowledgeStore  # noqa: E402

BASE = "http://bench.example/"
EVENT_CLASSES = ("Meeting", "Talks", "Visit", "Announcement", "Proposal")
WORDS = [f"w{i}" for i in range(6000)]
START = date(2023, 1, 1)
DAYS = 3 * 365


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _lit(value: str, dtype: str | None = None) -> ox.Literal:
    return ox.Literal(value, datatype=_n(XSD + dtype)) if dtype else ox.Literal(value)


class Corpus:
    """Pools of real events, quotes and actors for a corpus of ``docs`` documents."""

    def __init__(self, docs: int, seed: int = 7):
        self.rng = random.Random(seed)
        rng = self.rng
        self.docs = docs
        n_people = max(50, docs // 20)
        self.people = [f"Q{1000 + i}" for i in range(n_people)]
        self.places = [f"Q{900000 + i}" for i in range(max(20, docs // 200))]
        # heavy tail: actor i is picked with weight 1 / (i + 1)
        self.weights = [1.0 / (i + 1) for i in range(n_people)]
        word_weights = [1.0 / (i + 1) ** 0.8 for i in range(len(WORDS))]
        self.events = []
        for _ in range(max(4, docs * 2 // 5)):           # ~5 reports per event
            k = rng.choice((1, 2, 2, 3))
            participants = sorted(set(rng.choices(self.people, self.weights, k=k)))
            self.events.append((rng.choice(EVENT_CLASSES), START + timedelta(days=rng.randrange(DAYS)),
                                rng.choice(self.places), participants))
        self.quotes = []
        for _ in range(max(4, docs * 2 // 5)):
            words = rng.choices(WORDS, word_weights, k=rng.randint(8, 24))
            self.quotes.append((" ".join(words), rng.choices(self.people, self.weights)[0]))

    def document(self, i: int) -> list[ox.Quad]:
        rng = self.rng
        doc_id = f"d{i:07d}"
        g, doc = _n(f"{BASE}graph/{doc_id}"), _n(f"{BASE}doc/{doc_id}")
        quads = [ox.Quad(doc, _n(RDF + "type"), _n(ONT + "Document"), g),
                 ox.Quad(doc, _n(ONT + "sourceFile"), _lit(f"{doc_id}.txt"), g),
                 ox.Quad(doc, _n(ONT + "contentHash"), _lit(f"h{i}:bench"), g)]
        mentioned: set[str] = set()

        def fact(node: ox.NamedNode, cls: str, offset: int) -> None:
            quads.extend([
                ox.Quad(node, _n(RDF + "type"), _n(ONT + cls), g),
                ox.Quad(node, _n(PROV + "wasDerivedFrom"), doc, g),
                ox.Quad(node, _n(ONT + "confidence"), _lit(f"0.{rng.randint(5, 9)}", "decimal"), g),
                ox.Quad(node, _n(ONT + "evidence"), _n(f"{BASE}doc/{doc_id}#char={offset},{offset + 9}"), g),
                ox.Quad(node, _n(ONT + "sentence"), _n(f"{BASE}doc/{doc_id}#char={offset},{offset + 80}"), g)])

        for k in range(2):
            cls, day, place, participants = rng.choice(self.events)
            node = _n(f"{BASE}event/{doc_id}-{k}")
            fact(node, cls, 100 * k)
            r = rng.random()
            if r < 0.80:
                quads.append(ox.Quad(node, _n(ONT + "date"), _lit(day.isoformat(), "date"), g))
            elif r < 0.90:
                quads.append(ox.Quad(node, _n(ONT + "date"), _lit(day.isoformat()[:7], "gYearMonth"), g))
            elif r < 0.92:
                quads.append(ox.Quad(node, _n(ONT + "date"), _lit(str(day.year), "gYear"), g))
            if rng.random() < 0.8:
                quads.append(ox.Quad(node, _n(ONT + "place"), _n(f"{BASE}entity/{place}"), g))
                mentioned.add(place)
            told = participants if rng.random() < 0.7 else participants[: max(1, len(participants) - 1)]
            for p in told:
                quads.append(ox.Quad(node, _n(ONT + "participant"), _n(f"{BASE}entity/{p}"), g))
                mentioned.add(p)
        for k in range(2):
            text, speaker = rng.choice(self.quotes)
            r = rng.random()
            if r < 0.2:
                text = text.capitalize() + "."
            elif r < 0.35:
                words = text.split()
                text = " ".join(words[: max(4, len(words) * 9 // 10)])
            node = _n(f"{BASE}quote/{doc_id}-{k}")
            fact(node, "Statement", 300 + 100 * k)
            quads.append(ox.Quad(node, _n(ONT + "quote"), _lit(text), g))
            if rng.random() < 0.85:
                quads.append(ox.Quad(node, _n(ONT + "speaker"), _n(f"{BASE}entity/{speaker}"), g))
                mentioned.add(speaker)
        quads += [ox.Quad(doc, _n(SCHEMA + "mentions"), _n(f"{BASE}entity/{m}"), g) for m in sorted(mentioned)]
        return quads

    def entities(self) -> list[ox.Quad]:
        g = _n(f"{BASE}graph/entities")
        quads = []
        for q in self.people + self.places:
            node = _n(f"{BASE}entity/{q}")
            kind = "Place" if q in self.places else "Person"
            quads += [ox.Quad(node, _n(RDF + "type"), _n(ONT + kind), g),
                      ox.Quad(node, _n(RDFS + "label"), _lit(f"Actor {q}"), g),
                      ox.Quad(node, _n(OWL + "sameAs"), _n(WD + q), g)]
        return quads


def build_store(path: Path, docs: int) -> tuple[KnowledgeStore, float]:
    corpus = Corpus(docs)
    start = time.perf_counter()
    raw = ox.Store(str(path))
    raw.bulk_extend(corpus.entities())
    raw.bulk_extend(q for i in range(docs) for q in corpus.document(i))
    raw.flush()
    del raw
    gc.collect()
    return KnowledgeStore(str(path), BASE), time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,30000,100000",
                        help="comma-separated numbers of documents (default 10000,30000,100000)")
    parser.add_argument("--dir", help="where to write the stores (default: a temporary folder, removed)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    root = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="kg-bench-consolidate-"))
    rows = []
    try:
        for n in sizes:
            path = root / f"store-{n}"
            shutil.rmtree(path, ignore_errors=True)
            store, load_s = build_store(path, n)
            start = time.perf_counter()
            report = consolidate(store)
            took = time.perf_counter() - start
            store.close()
            rows.append((n, report, took, load_s))
            print(f"# {n} documents: synthetic store written in {load_s:.1f} s, consolidation {took:.2f} s",
                  file=sys.stderr, flush=True)
            shutil.rmtree(path, ignore_errors=True)
    finally:
        if not args.dir:
            shutil.rmtree(root, ignore_errors=True)
    head = ["documents", "event reports", "merged events", "quotes", "merged statements",
            "consolidation s", "ms / document", "growth vs previous size"]
    lines = []
    previous = None
    for n, report, took, _ in rows:
        growth = ""
        if previous is not None and previous[1] > 0:
            growth = f"{(took / previous[1]):.2f}x time for {n / previous[0]:.2f}x documents " \
                     f"(exponent {_exponent(previous, (n, took)):.2f})"
        lines.append([f"{n:,}", f"{2 * n:,}", f"{report.events_merged:,} ({report.event_reports:,} reports)",
                      f"{2 * n:,}", f"{report.statements_merged:,} ({report.statement_reports:,} reports)",
                      f"{took:.2f}", f"{1000 * took / n:.3f}", growth])
        previous = (n, took)
    if args.markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "---:|" * (len(head) - 1) + "---|")
        for line in lines:
            print("| " + " | ".join(line) + " |")
    else:
        for line in lines:
            print("  ".join(f"{h}={v}" for h, v in zip(head, line) if v))
    return 0


def _exponent(a: tuple[int, float], b: tuple[int, float]) -> float:
    """k in time ~ n^k between two sizes (1 linear, 2 quadratic)."""
    import math
    if a[1] <= 0 or b[1] <= 0 or a[0] == b[0]:
        return float("nan")
    return math.log(b[1] / a[1]) / math.log(b[0] / a[0])


if __name__ == "__main__":
    raise SystemExit(main())
