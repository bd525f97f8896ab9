#!/usr/bin/env python
"""Speed and memory benchmark of ``kg.build.build`` against the bare spaCy pipeline.

    PYTHONPATH=. .venv/bin/python scripts/bench_build.py --docs 2000

Builds a corpus of N news articles (the samples in ``sources/`` repeated with small
variations — a unique closing sentence, shifted numbers, another date — so that no
copy is skipped as unchanged), written as one JSON Lines file that is streamed, then
prints one Markdown table with:

1. the bare spaCy pass over the same texts (``spacy.load(model)`` + ``nlp.pipe(texts,
   batch_size=32)``, no entity ruler, nothing else), docs/s and words/s;
2. our build, one process (``build([corpus], settings, workers=1, validate=False)``),
   and its ratio to the bare pass (target >= 0.85);
3. our build with ``workers=2`` and its ratio to one worker (target >= 1.6 on 2 cores);
4. the cost of SHACL validation (``kg.validate.validate_store`` once, on the N/4
   store) and of an incremental rebuild over the unchanged corpus (must skip everything);
5. peak memory (RSS high-water mark of the process and of its workers) at N/4 and N.

Every measurement runs in its own subprocess, so the peaks are independent and no
run warms caches for another. Both throughputs are end to end: model load, reading
the corpus and the NLP pass (and for ours: rules, resolution, mapping, loading the
store, consolidation).

``--profile K`` also prints the top functions of the workers=1 path (cProfile, K docs).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BATCH = 32
CLOSINGS = (
    "Officials said on {day} that {n} people had attended the talks in {city}.",
    "The ministry added that {n} further requests would be reviewed by {day}.",
    "Analysts in {city} expect about {n} delegates at the next round of meetings.",
    "A spokesperson confirmed {n} new applications on {day}, according to local media.",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
CITIES = ("Geneva", "Brussels", "Vienna", "Warsaw", "Ottawa", "Nairobi", "Lisbon")


# --- corpus -------------------------------------------------------------------------

def write_corpus(path: Path, n: int, sources: Path) -> tuple[int, int]:
    """N varied copies of the sample articles as JSON Lines, written line by line; (docs, bytes)."""
    from kg.sources import Document, iter_documents

    samples = [d for d in iter_documents([sources]) if isinstance(d, Document)]
    if not samples:
        raise SystemExit(f"no sample articles in {sources}")
    size = 0
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            doc = samples[i % len(samples)]
            k = i // len(samples)
            # shift every number a little so copies differ all through, not only at the end
            text = re.sub(r"\b\d{1,3}\b", lambda m: str(int(m.group()) + k % 7), doc.text)
            text += "\n\n" + CLOSINGS[i % len(CLOSINGS)].format(
                n=100 + i, day=DAYS[i % len(DAYS)], city=CITIES[i % len(CITIES)])
            record = {"id": f"bench-{i:06d}", "text": text,
                      "title": f"{doc.title or 'Article'} ({i})" if doc.title else None,
                      "publisher": doc.publisher, "url": doc.url,
                      "date": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}"}
            line = json.dumps({k2: v for k2, v in record.items() if v is not None}, ensure_ascii=False)
            out.write(line + "\n")
            size += len(line) + 1
    return n, size


def _texts(corpus: Path):
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)["text"]


# --- children (one measurement each) --------------------------------------------------

def _peak_mib(who: int) -> float:
    kib = resource.getrusage(who).ru_maxrss   # KiB on Linux
    return kib / 1024 if sys.platform != "darwin" else kib / 2 ** 20


def _cpu_s() -> float:
    a, b = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return a.ru_utime + a.ru_stime + b.ru_utime + b.ru_stime


def _need_consolidate() -> bool:
    """kg.build imports kg.consolidate after loading; if this checkout lacks it, stub it (and say so)."""
    try:
        import kg.consolidate  # noqa: F401
        return False
    except ModuleNotFoundError:
        import types
        stub = types.ModuleType("kg.consolidate")
        stub.consolidate = lambda store, *a, **k: None
        sys.modules["kg.consolidate"] = stub
        return True


def child_bare(args) -> dict:
    import spacy
    from kg.config import Settings
    from kg.nlp.pipeline import model_name

    t0, c0 = time.perf_counter(), _cpu_s()
    model = model_name(Settings.load(env={}, config_file=None).spacy_model)
    nlp = spacy.load(model)
    t_load = time.perf_counter() - t0
    docs = words = 0
    for doc in nlp.pipe(_texts(Path(args.corpus)), batch_size=BATCH):
        docs += 1
        words += sum(1 for t in doc if not (t.is_space or t.is_punct))
    total = time.perf_counter() - t0
    return {"docs": docs, "words": words, "load_s": t_load, "total_s": total, "model": model,
            "cpu_s": _cpu_s() - c0,
            "peak_self": _peak_mib(resource.RUSAGE_SELF), "peak_children": _peak_mib(resource.RUSAGE_CHILDREN)}


def child_build(args) -> dict:
    from kg.build import build
    from kg.config import Settings

    import kg.nlp.pipeline  # noqa: F401  (imports spaCy outside the timing, as the bare pass does)
    stubbed = _need_consolidate()
    settings = Settings.load(env={}, config_file=None, store=args.store)
    t0, c0 = time.perf_counter(), _cpu_s()
    report = build([args.corpus], settings, workers=args.workers, validate=False, progress=False)
    total = time.perf_counter() - t0
    out = {"docs": len(report.built), "errors": len(report.errors), "triples": report.triples,
           "total_s": total, "cpu_s": _cpu_s() - c0, "first_error": report.errors[:1],
           "consolidate_stubbed": stubbed}
    # peaks of the first build only (the extras below load other things)
    out["peak_self"] = _peak_mib(resource.RUSAGE_SELF)
    out["peak_children"] = _peak_mib(resource.RUSAGE_CHILDREN)
    if args.rebuild:
        del report
        t0 = time.perf_counter()
        again = build([args.corpus], settings, workers=args.workers, validate=False, progress=False)
        out["rebuild_s"] = time.perf_counter() - t0
        out["rebuild_built"] = len(again.built)
        out["rebuild_unchanged"] = len(again.unchanged)
    if args.validate:
        import gc
        gc.collect()   # the build's store handle is closed with its last reference
        from kg.validate import validate_store
        t0 = time.perf_counter()
        vreport = validate_store(args.store, base_iri=settings.base_iri)
        out["validate_s"] = time.perf_counter() - t0
        out["validate_conforms"] = bool(getattr(vreport, "conforms", False))
        out["validate_violations"] = len(getattr(vreport, "violations", []) or [])
    return out


def child_profile(args) -> dict:
    import cProfile
    import pstats
    from kg.build import build
    from kg.config import Settings

    _need_consolidate()
    settings = Settings.load(env={}, config_file=None, store=args.store)
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    build([args.corpus], settings, workers=1, validate=False, progress=False)
    prof.disable()
    total = time.perf_counter() - t0
    stats = pstats.Stats(prof)
    kg_dir = str(ROOT / "kg")
    ours, spacy_pipe, spacy_load = [], 0.0, 0.0
    for (file, line, name), (cc, nc, tt, ct, callers) in stats.stats.items():
        if file.startswith(kg_dir):
            ours.append((ct, tt, nc, f"{os.path.relpath(file, ROOT)}:{line}({name})"))
        if name == "pipe" and file.endswith("spacy/language.py"):
            spacy_pipe = max(spacy_pipe, ct)
        if name == "load" and file.endswith("spacy/__init__.py"):
            spacy_load = max(spacy_load, ct)
    ours.sort(reverse=True)
    by_self = sorted(ours, key=lambda r: r[1], reverse=True)
    return {"total_s": total, "spacy_pipe_s": spacy_pipe, "spacy_load_s": spacy_load,
            "top_cumulative": [list(r) for r in ours[:25]], "top_self": [list(r) for r in by_self[:15]]}


CHILDREN = {"bare": child_bare, "build": child_build, "profile": child_profile}


def run_child(kind: str, **kw) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", kind]
    for key, value in kw.items():
        if value is True:
            cmd.append(f"--{key}")
        elif value not in (None, False):
            cmd += [f"--{key}", str(value)]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    env.pop("KG_CONFIG", None)
    proc = subprocess.run(cmd, cwd=tempfile.gettempdir(), env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"benchmark step {kind} {kw} failed (exit {proc.returncode})")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- report ---------------------------------------------------------------------------

def machine_facts(model: str) -> list[str]:
    import spacy
    try:
        from importlib.metadata import version
        model_version = version(model.replace("_", "-"))
    except Exception:
        model_version = "?"
    try:
        import pyoxigraph
        oxi = pyoxigraph.__version__
    except Exception:
        oxi = "?"
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return [f"nproc {os.cpu_count()} ({cpu})", f"Python {platform.python_version()} on {platform.system()} "
            f"{platform.release()}", f"spaCy {spacy.__version__}, model {model} {model_version}, "
            f"pyoxigraph {oxi}"]


def fmt(x: float, digits: int = 1) -> str:
    return f"{x:,.{digits}f}"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--docs", type=int, default=2000, help="corpus size N (default 2000)")
    p.add_argument("--sources", default=str(ROOT / "sources"), help="sample articles to repeat")
    p.add_argument("--no-workers2", action="store_true", help="skip the workers=2 run")
    p.add_argument("--profile", type=int, default=0, metavar="K", help="also cProfile workers=1 over K docs")
    p.add_argument("--keep", action="store_true", help="keep the temporary directory")
    # internal: one measurement in a child process
    p.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    p.add_argument("--corpus", help=argparse.SUPPRESS)
    p.add_argument("--store", help=argparse.SUPPRESS)
    p.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    p.add_argument("--rebuild", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--validate", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        print(json.dumps(CHILDREN[args.child](args)))
        return 0

    n = args.docs
    small = max(1, n // 4)
    command = "PYTHONPATH=. .venv/bin/python scripts/bench_build.py " + " ".join(
        shlex.quote(a) for a in (sys.argv[1:] if argv is None else argv))
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    log = lambda msg: print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)
    started = time.perf_counter()
    try:
        corpus, corpus_small = tmp / "corpus.jsonl", tmp / "corpus-small.jsonl"
        _, size = write_corpus(corpus, n, Path(args.sources))
        write_corpus(corpus_small, small, Path(args.sources))
        log(f"corpus: {n} docs, {size / 2**20:.1f} MiB at {corpus}")

        log("bare spaCy pass …")
        bare = run_child("bare", corpus=corpus)
        log(f"  {bare['total_s']:.1f}s")
        log("ours, workers=1 (+ incremental rebuild) …")
        w1 = run_child("build", corpus=corpus, store=tmp / "store-w1", workers=1, rebuild=True)
        log(f"  {w1['total_s']:.1f}s")
        w2 = None
        if not args.no_workers2:
            log("ours, workers=2 …")
            w2 = run_child("build", corpus=corpus, store=tmp / "store-w2", workers=2)
            log(f"  {w2['total_s']:.1f}s")
        log(f"ours, workers=1 on N/4={small} (+ SHACL validation) …")
        w1s = run_child("build", corpus=corpus_small, store=tmp / "store-small", workers=1, validate=True)
        log(f"  {w1s['total_s']:.1f}s")
        prof = None
        if args.profile:
            corpus_prof = tmp / "corpus-prof.jsonl"
            write_corpus(corpus_prof, args.profile, Path(args.sources))
            log(f"cProfile of workers=1 over {args.profile} docs …")
            prof = run_child("profile", corpus=corpus_prof, store=tmp / "store-prof")
        elapsed = time.perf_counter() - started
    finally:
        if not args.keep:
            import shutil
            shutil.rmtree(tmp, ignore_errors=True)

    for name, r in (("workers=1", w1), ("workers=2", w2), ("N/4", w1s)):
        if r and r["errors"]:
            print(f"WARNING: {name} build reported {r['errors']} error(s), e.g. {r['first_error']}", file=sys.stderr)

    bare_dps = bare["docs"] / bare["total_s"]
    bare_wps = bare["words"] / bare["total_s"]
    wpd = bare["words"] / max(1, bare["docs"])
    w1_dps = w1["docs"] / w1["total_s"]
    ratio = w1_dps / bare_dps
    cpu_ratio = bare["cpu_s"] / w1["cpu_s"]   # throughput ratio measured in CPU seconds (robust to a busy machine)
    ok = lambda good: "**met**" if good else "**not met**"
    rows = [
        ("bare spaCy `nlp.pipe(batch_size=32)`, no ruler", f"{fmt(bare['total_s'])} s",
         f"{fmt(bare_dps)} docs/s, {fmt(bare_wps, 0)} words/s", "1.00 (reference)",
         f"model load {fmt(bare['load_s'])} s included"),
        ("ours, `build(workers=1, validate=False)`", f"{fmt(w1['total_s'])} s",
         f"{fmt(w1_dps)} docs/s, {fmt(w1_dps * wpd, 0)} words/s", f"{ratio:.2f} × bare",
         f"target ≥ 0.85: {ok(ratio >= 0.85)}; by CPU time {cpu_ratio:.2f} × bare; {w1['triples']:,} triples"),
    ]
    if w2:
        w2_dps = w2["docs"] / w2["total_s"]
        speedup = w2_dps / w1_dps
        rows.append(("ours, `build(workers=2, validate=False)`", f"{fmt(w2['total_s'])} s",
                     f"{fmt(w2_dps)} docs/s, {fmt(w2_dps * wpd, 0)} words/s", f"{speedup:.2f} × workers=1",
                     f"target ≥ 1.6 on 2 cores: {ok(speedup >= 1.6)}"))
    rows.append((f"SHACL `validate_store` once, store of N/4 = {small} docs", f"{fmt(w1s['validate_s'])} s",
                 f"{fmt(small / w1s['validate_s'])} docs/s", f"{w1s['validate_s'] / w1s['total_s']:.2f} × that build",
                 f"conforms: {w1s['validate_conforms']} ({w1s['validate_violations']} violations)"))
    rows.append((f"incremental rebuild, {n} unchanged docs", f"{fmt(w1['rebuild_s'], 2)} s",
                 f"{fmt(n / w1['rebuild_s'], 0)} docs/s", f"{w1['rebuild_s'] / w1['total_s']:.3f} × full build",
                 f"built {w1['rebuild_built']}, skipped {w1['rebuild_unchanged']}"))
    mem = [("peak RSS, bare spaCy, N", bare["peak_self"], 0.0),
           (f"peak RSS, ours workers=1, N/4 = {small}", w1s["peak_self"], 0.0),
           (f"peak RSS, ours workers=1, N = {n}", w1["peak_self"], 0.0)]
    if w2:
        mem.append((f"peak RSS, ours workers=2, N = {n}", w2["peak_self"], w2["peak_children"]))
    for label, self_mib, kids in mem:
        rows.append((label, "", f"{fmt(self_mib, 0)} MiB main" + (f" + {fmt(kids, 0)} MiB largest worker" if kids else ""),
                     "", ""))
    growth = w1["peak_self"] / w1s["peak_self"]
    rows[-len(mem) + 2] = rows[-len(mem) + 2][:3] + (f"{growth:.2f} × N/4",
                                                      f"flat (≤ 1.15×): {ok(growth <= 1.15)}")

    print(f"## Build benchmark: {n} documents\n")
    print(f"Command: `{command}` (total {elapsed / 60:.1f} min)\n")
    for fact in machine_facts(bare["model"]):
        print(f"- {fact}")
    print(f"- corpus: {n} articles ({wpd:.0f} words each on average, {size / 2**20:.1f} MiB JSON Lines), "
          f"the samples in sources/ repeated with varied numbers, dates and a closing sentence\n")
    print("| run | time | throughput | ratio | note |")
    print("|---|---:|---:|---:|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    if w1.get("consolidate_stubbed"):
        print("\nNOTE: this checkout has no `kg/consolidate.py`; the benchmark replaced `consolidate()` by a no-op, "
              "so the cross-document consolidation step is not timed.")
    print("\nWall-clock throughput is end to end (model load, reading the corpus, everything after); "
          "'by CPU time' divides the same work by user+sys CPU seconds instead, which a busy machine disturbs less.")
    print("\nPeak RSS is `ru_maxrss` of the measuring process (`RUSAGE_SELF`), and for workers=2 "
          "`RUSAGE_CHILDREN` (the largest pool worker); each row is its own process.")
    if prof:
        print(f"\n### cProfile, workers=1, {args.profile} docs: {fmt(prof['total_s'])} s total, "
              f"spaCy `Language.pipe` {fmt(prof['spacy_pipe_s'])} s, `spacy.load` {fmt(prof['spacy_load_s'])} s\n")
        print("Our functions by cumulative time (includes the spaCy calls they make):\n")
        print("| cumulative s | own s | calls | function |\n|---:|---:|---:|---|")
        for ct, tt, nc, name in prof["top_cumulative"]:
            print(f"| {ct:.2f} | {tt:.2f} | {nc} | `{name}` |")
        print("\nOur functions by own time:\n")
        print("| own s | cumulative s | calls | function |\n|---:|---:|---:|---|")
        for ct, tt, nc, name in prof["top_self"]:
            print(f"| {tt:.2f} | {ct:.2f} | {nc} | `{name}` |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
