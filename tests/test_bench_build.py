"""scripts/bench_build.py without spaCy: the extrapolation to a million articles and the
plain-bulk-load child (the parts added for issue 11 that a full run takes minutes to reach)."""
from __future__ import annotations

import gzip
import types

import pyoxigraph as ox

from scripts import bench_build


def _bench():
    return bench_build


def test_extrapolation_states_its_assumptions_and_scales_extraction_only():
    bench = _bench()
    w1 = {"docs": 100, "total_s": 50.0, "consolidate_s": 2.0}
    dask = {"docs": 100, "build_s": 25.0}                       # 2 workers: 2 docs/s each
    load = {"docs": 100, "load_s": 1.0, "consolidate_s": 2.0}
    small = {"validate_s": 5.0}
    text = bench.extrapolation(100, w1, dask, load, small, 25, 2, 1.0, None, 430.0, target=1000)
    assert "Assumptions:" in text and "2.00 docs/s per worker" in text and "n^1.0" in text
    rows = {line.split("|")[1].strip(): line for line in text.splitlines() if line.startswith("| ")}
    # 1000 docs at 2 docs/s: 500 s on one worker, 250 s on two; load 10 s, consolidation 20 s, validation 200 s
    assert "| 8 min |" in rows["1"] and "| 4 min |" in rows["2"]
    assert rows["1"].endswith("| 12 min |") and rows["128"].split("|")[3].strip() == "0 min"
    anchored = bench.extrapolation(100, w1, dask, load, small, 25, 2, 2.0, "10:1", 430.0, target=1000)
    assert "by scripts/bench_consolidate.py at 10 documents" in anchored
    assert "| 2.8 h |" in anchored   # 1 s × (1000 / 10)^2 = 10,000 s


def test_load_child_times_the_plain_bulk_load(tmp_path, monkeypatch):
    bench = _bench()
    shards = tmp_path / "shards"
    shards.mkdir()
    quads = [ox.Quad(ox.NamedNode(f"http://x/s{i}"), ox.NamedNode("http://x/p"), ox.Literal(str(i)),
                     ox.NamedNode("http://x/g")) for i in range(50)]
    (shards / "shard-a.nq.gz").write_bytes(gzip.compress(ox.serialize(quads, format=ox.RdfFormat.N_QUADS)))

    import kg.build
    import kg.consolidate
    import kg.search
    import kg.shard_loader
    # the child wraps these to time them: let monkeypatch put the originals back afterwards
    for module, name in ((kg.consolidate, "consolidate"), (kg.search, "refresh_index"),
                         (kg.build, "load_reference_graphs")):
        monkeypatch.setattr(module, name, getattr(module, name))

    def fake_load(dirs, settings, validate):   # the kg load part is tests/test_dask_engine.py's
        return types.SimpleNamespace(loaded=["a"], errors=[], triples=50)
    monkeypatch.setattr(kg.shard_loader, "load_shards", fake_load)
    out = bench.child_load(types.SimpleNamespace(corpus=str(shards), store=str(tmp_path / "store")))
    assert out["plain_quads"] == 50 and out["plain_s"] >= 0 and out["docs"] == 1
    assert {"consolidate_s", "index_s", "reference_s", "load_s"} <= set(out)
