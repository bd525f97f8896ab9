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

6. the Dask engine (``kg.dask_engine.build_shards`` on a ``LocalCluster`` of ``--dask-workers``
   worker processes, default 2) and its ratio to workers=1 (target >= 1.7); ``kg load`` of its
   shards against pyoxigraph's plain ``Store.bulk_load`` of the same ``.nq.gz`` files, the
   consolidation inside it and inside the workers=1 build; peak RSS of each Dask worker;
7. an extrapolation to a million articles on N workers, with its assumptions.

``--profile K`` also prints the top functions of the workers=1 path (cProfile, K docs).
``--baseline DIR`` also runs the workers=1 build from another checkout in the same run.
``--no-workers2`` and ``--no-dask`` skip those runs.
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


def _time_steps() -> dict:
    """Wrap kg.consolidate.consolidate and kg.search.refresh_index (both imported by name when
    build/load call them) so the child can report how long each took."""
    import kg.build
    import kg.consolidate
    import kg.search
    took = {"consolidate_s": 0.0, "index_s": 0.0, "reference_s": 0.0}

    def timed(module, name, key):
        inner = getattr(module, name)

        def wrapper(*a, **k):
            t0 = time.perf_counter()
            try:
                return inner(*a, **k)
            finally:
                took[key] += time.perf_counter() - t0
        setattr(module, name, wrapper)
    timed(kg.consolidate, "consolidate", "consolidate_s")
    timed(kg.search, "refresh_index", "index_s")
    timed(kg.build, "load_reference_graphs", "reference_s")   # ontology and gazetteer, once per store
    return took


def _time_writer_waits() -> list[float]:
    """Time the main thread spends blocked on a Future (the build waiting for its store writer)."""
    import threading
    from concurrent.futures import Future
    waited = [0.0]
    inner = Future.result

    def result(self, timeout=None):
        t0 = time.perf_counter()
        try:
            return inner(self, timeout)
        finally:
            if threading.current_thread() is threading.main_thread():
                waited[0] += time.perf_counter() - t0
    Future.result = result
    return waited


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
    steps = {} if stubbed else _time_steps()
    waits = _time_writer_waits()
    settings = Settings.load(env={}, config_file=None, store=args.store)
    t0, c0 = time.perf_counter(), _cpu_s()
    report = build([args.corpus], settings, workers=args.workers, validate=False, progress=False)
    total = time.perf_counter() - t0
    out = {"docs": len(report.built), "errors": len(report.errors), "triples": report.triples,
           "total_s": total, "cpu_s": _cpu_s() - c0, "first_error": report.errors[:1],
           "consolidate_stubbed": stubbed, **steps, "writer_wait_s": waits[0]}
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


def child_dask(args) -> dict:
    """``build_shards`` on a LocalCluster of ``--workers`` processes (one thread each), started
    here (its start-up timed apart); the peak RSS of every worker process after the run."""
    from distributed import Client, LocalCluster
    from kg.config import Settings
    from kg.dask_engine import build_shards

    import kg.nlp.pipeline  # noqa: F401
    settings = Settings.load(env={}, config_file=None)
    t0, c0 = time.perf_counter(), _cpu_s()
    cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=40)
    client = Client(cluster)
    client.wait_for_workers(args.workers, timeout=120)
    start_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    report = build_shards([args.corpus], settings, args.store, client=client, progress=False)
    build_s = time.perf_counter() - t1
    peaks = client.run(lambda: _peak_mib(resource.RUSAGE_SELF))
    client.close()
    cluster.close()
    return {"docs": len(report.built) if hasattr(report, "built") else None, "errors": len(report.errors),
            "start_s": start_s, "build_s": build_s, "total_s": time.perf_counter() - t0,
            "worker_peaks": sorted(peaks.values()), "peak_self": _peak_mib(resource.RUSAGE_SELF),
            "first_error": report.errors[:1], "shards": len(list(Path(args.store).glob("*.nq.gz")))}


def child_load(args) -> dict:
    """``kg load`` of the shard directory ``--corpus`` into a fresh store ``--store`` (no validation),
    its consolidation and search index timed apart; then pyoxigraph's plain ``bulk_load`` of the
    same ``.nq.gz`` files into another fresh store."""
    import gzip

    import pyoxigraph as ox
    from kg.config import Settings
    from kg.shard_loader import load_shards

    steps = _time_steps()
    settings = Settings.load(env={}, config_file=None, store=args.store)
    t0 = time.perf_counter()
    report = load_shards([args.corpus], settings, validate=False)
    total = time.perf_counter() - t0
    out = {"docs": len(report.loaded), "errors": len(report.errors), "triples": report.triples,
           "total_s": total, **steps,
           "load_s": total - steps["consolidate_s"] - steps["index_s"] - steps["reference_s"]}
    import gc
    gc.collect()
    files = sorted(Path(args.corpus).glob("*.nq.gz"))
    t0 = time.perf_counter()
    plain = ox.Store(str(Path(args.store).with_name(Path(args.store).name + "-plain")))
    for path in files:
        with gzip.open(path, "rb") as fh:
            plain.bulk_load(fh, format=ox.RdfFormat.N_QUADS)
    plain.flush()
    out["plain_s"] = time.perf_counter() - t0
    out["plain_quads"] = len(plain)
    return out


CHILDREN = {"bare": child_bare, "build": child_build, "profile": child_profile, "dask": child_dask,
            "load": child_load}


def run_child(kind: str, root: Path = ROOT, **kw) -> dict:
    """One measurement in a subprocess; ``root``: the checkout whose kg/ (and whose copy of this
    script) it runs, e.g. a baseline commit for a before/after comparison in one run."""
    cmd = [sys.executable, str(root / "scripts" / "bench_build.py"), "--child", kind]
    for key, value in kw.items():
        if value is True:
            cmd.append(f"--{key}")
        elif value not in (None, False):
            cmd += [f"--{key}", str(value)]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")])))
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


def _hours(seconds: float) -> str:
    return f"{seconds / 3600:,.1f} h" if seconds >= 3600 else f"{seconds / 60:,.0f} min"


def extrapolation(n: int, w1: dict, dk: dict | None, ld: dict | None, w1s: dict, small: int, dask_workers: int,
                  exponent: float, anchor: str | None = None, words: float = 0.0, target: int = 1_000_000) -> str:
    """A million articles on N workers, from this run's rates (assumptions printed with it)."""
    if dk:
        per_worker = dk["docs"] / dk["build_s"] / dask_workers      # docs/s one Dask worker sustained
        source = f"the Dask run: {fmt(per_worker, 2)} docs/s per worker process"
    else:
        per_worker = w1["docs"] / w1["total_s"]
        source = f"the workers=1 build: {fmt(per_worker, 2)} docs/s"
    if ld:
        load_per_doc = ld["load_s"] / max(1, ld["docs"])
        cons_s, cons_n = ld["consolidate_s"], ld["docs"]
    else:
        load_per_doc = 0.0
        cons_s, cons_n = w1.get("consolidate_s", 0.0), n
    where = "in this run"
    if anchor:
        cons_n, cons_s = int(anchor.split(":")[0]), float(anchor.split(":")[1])
        where = "by scripts/bench_consolidate.py"
    consolidation = cons_s * (target / max(1, cons_n)) ** exponent
    validation = w1s.get("validate_s", 0.0) / small * target
    load = load_per_doc * target
    lines = [f"\n### Extrapolation: {target:,} articles on N workers\n",
             "Assumptions: the extraction rate per worker process is "
             f"{source}, measured on this corpus ({words:.0f}-word articles); workers are whole cores, "
             "each on its own, and scale linearly (a cluster, not this shared 2-core machine); "
             f"`kg load` runs once on one machine at the bulk rate measured here ({fmt(load_per_doc * 1000, 1)} ms/doc, "
             f"linear, ontology and gazetteer set-up apart); consolidation grows as n^{exponent} from the "
             f"{fmt(cons_s)} s measured {where} at {cons_n:,} documents (scripts/bench_consolidate.py measures the "
             "exponent on synthetic stores); SHACL validation of the "
             f"new documents at the rate of the N/4 run ({fmt(small / max(w1s.get('validate_s', 1e-9), 1e-9), 1)} docs/s), "
             "on one process. Start-up costs (cluster, model load) are ignored.\n",
             "| workers | extraction | load | consolidation | validation | total |",
             "|---:|---:|---:|---:|---:|---:|"]
    for workers in (1, 2, 8, 32, 128):
        extract = target / (per_worker * workers)
        total = extract + load + consolidation + validation
        lines.append(f"| {workers} | {_hours(extract)} | {_hours(load)} | {_hours(consolidation)} | "
                     f"{_hours(validation)} | {_hours(total)} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--docs", type=int, default=2000, help="corpus size N (default 2000)")
    p.add_argument("--sources", default=str(ROOT / "sources"), help="sample articles to repeat")
    p.add_argument("--no-workers2", action="store_true", help="skip the workers=2 run")
    p.add_argument("--no-dask", action="store_true", help="skip the Dask LocalCluster run and the shard load")
    p.add_argument("--dask-workers", type=int, default=2, help="worker processes of the LocalCluster (default 2)")
    p.add_argument("--baseline", metavar="DIR", help="also run the workers=1 build from another checkout "
                   "(e.g. `git worktree add /tmp/base HEAD~1`) in this run, for a before/after ratio")
    p.add_argument("--consolidation-exponent", type=float, default=1.25, metavar="K",
                   help="growth exponent of consolidation time for the extrapolation (default 1.25; "
                        "scripts/bench_consolidate.py measures it)")
    p.add_argument("--consolidation-at", metavar="DOCS:SECONDS",
                   help="anchor the consolidation extrapolation on a bench_consolidate.py figure "
                        "(e.g. 30000:600) instead of this run's small store")
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
    started_load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0,)
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
        base = None
        if args.baseline:
            log(f"baseline checkout {args.baseline}, workers=1 …")
            base = run_child("build", root=Path(args.baseline).resolve(), corpus=corpus,
                             store=tmp / "store-base", workers=1)
            log(f"  {base['total_s']:.1f}s")
        dk = ld = None
        if not args.no_dask:
            log(f"ours, Dask LocalCluster of {args.dask_workers} worker processes -> shards …")
            dk = run_child("dask", corpus=corpus, store=tmp / "shards", workers=args.dask_workers)
            log(f"  {dk['total_s']:.1f}s (cluster start {dk['start_s']:.1f}s)")
            log("kg load of the shards, and plain bulk_load of the same N-Quads …")
            ld = run_child("load", corpus=tmp / "shards", store=tmp / "store-loaded")
            log(f"  {ld['total_s']:.1f}s (plain {ld['plain_s']:.1f}s)")
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

    for name, r in (("workers=1", w1), ("workers=2", w2), ("N/4", w1s), ("baseline", base), ("dask", dk)):
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
         f"target ≥ 0.85: {ok(ratio >= 0.85)}; by CPU time {cpu_ratio:.2f} × bare; {w1['triples']:,} triples"
         + (f"; waiting for the store writer {fmt(w1['writer_wait_s'], 2)} s" if "writer_wait_s" in w1 else "")),
    ]
    if w2:
        w2_dps = w2["docs"] / w2["total_s"]
        speedup = w2_dps / w1_dps
        rows.append(("ours, `build(workers=2, validate=False)`", f"{fmt(w2['total_s'])} s",
                     f"{fmt(w2_dps)} docs/s, {fmt(w2_dps * wpd, 0)} words/s", f"{speedup:.2f} × workers=1",
                     f"target ≥ 1.6 on 2 cores: {ok(speedup >= 1.6)}"))
    if base:
        base_dps = base["docs"] / base["total_s"]
        rows.append((f"baseline checkout, `build(workers=1)` (`--baseline {args.baseline}`)", f"{fmt(base['total_s'])} s",
                     f"{fmt(base_dps)} docs/s", f"{base_dps / bare_dps:.2f} × bare",
                     f"ours now {w1_dps / base_dps:.2f} × the baseline (by CPU time "
                     f"{base['cpu_s'] / w1['cpu_s']:.2f} ×)"
                     + (f"; waiting for the store writer {fmt(base['writer_wait_s'], 2)} s"
                        if "writer_wait_s" in base else "")))
    if dk:
        dk_dps = dk["docs"] / dk["build_s"]
        dk_speed = dk_dps / w1_dps
        rows.append((f"ours, Dask `LocalCluster` of {args.dask_workers} worker processes, `build_shards`",
                     f"{fmt(dk['build_s'])} s", f"{fmt(dk_dps)} docs/s", f"{dk_speed:.2f} × workers=1",
                     f"target ≥ 1.7: {ok(dk_speed >= 1.7)}; + cluster start {fmt(dk['start_s'])} s; "
                     f"{dk['shards']} shards; no store writes, no consolidation (those are `kg load`)"))
    if ld:
        rows.append((f"`kg load` of those shards into a fresh store (no validation)", f"{fmt(ld['total_s'])} s",
                     f"{fmt(ld['docs'] / ld['total_s'])} docs/s",
                     f"bulk part {fmt(ld['load_s'])} s = {ld['load_s'] / ld['plain_s']:.2f} × plain",
                     f"of which consolidation {fmt(ld['consolidate_s'])} s, search index {fmt(ld['index_s'])} s, "
                     f"ontology + gazetteer graphs {fmt(ld['reference_s'])} s; "
                     f"{ld['triples']:,} triples"))
        rows.append(("pyoxigraph `Store.bulk_load` of the same `.nq.gz` files", f"{fmt(ld['plain_s'])} s",
                     f"{fmt(ld['plain_quads'] / ld['plain_s'], 0)} quads/s", "1.00 (reference)",
                     f"{ld['plain_quads']:,} quads (no reference graphs, no cross-document step)"))
    if "consolidate_s" in w1:
        rows.append((f"consolidation inside the workers=1 build, N = {n}", f"{fmt(w1['consolidate_s'])} s",
                     f"{fmt(n / max(w1['consolidate_s'], 1e-9), 0)} docs/s",
                     f"{w1['consolidate_s'] / w1['total_s']:.2f} × that build",
                     f"search index refresh {fmt(w1['index_s'])} s"))
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
    if dk:
        mem.append((f"peak RSS, Dask client + each of {args.dask_workers} workers, N = {n}", dk["peak_self"], 0.0))
    for label, self_mib, kids in mem:
        extra = f" + {fmt(kids, 0)} MiB largest worker" if kids else ""
        if dk and label.startswith("peak RSS, Dask"):
            extra = " client; workers " + ", ".join(f"{fmt(m, 0)}" for m in dk["worker_peaks"]) + " MiB"
        rows.append((label, "", f"{fmt(self_mib, 0)} MiB main" + extra, "", ""))
    growth = w1["peak_self"] / w1s["peak_self"]
    rows[-len(mem) + 2] = rows[-len(mem) + 2][:3] + (f"{growth:.2f} × N/4",
                                                      f"flat (≤ 1.15×): {ok(growth <= 1.15)}")

    load_avg = os.getloadavg() if hasattr(os, "getloadavg") else None
    print(f"## Build benchmark: {n} documents\n")
    print(f"Command: `{command}` (total {elapsed / 60:.1f} min)\n")
    for fact in machine_facts(bare["model"]):
        print(f"- {fact}")
    if load_avg:
        print(f"- load average at the start {started_load[0]:.2f}, at the end {load_avg[0]:.2f} "
              f"(1-minute; {os.cpu_count()} CPUs: above that, other work shared the cores)")
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
    print(extrapolation(n, w1, dk, ld, w1s, small, args.dask_workers, args.consolidation_exponent,
                        args.consolidation_at, wpd))
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
