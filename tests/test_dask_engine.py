"""`kg build --engine dask` + `kg load` against a local build of the same corpus, quad for quad,
on real LocalClusters of 2 worker processes (one of them killed mid-run in the fault test).

What is compared: every quad of the two stores. Quads without blank nodes must be the same;
those with blank nodes (only the OWL lists of the ontology graph, parsed from kg.ttl with fresh
blank-node labels by every build, local or not) are compared as graphs, up to isomorphism.
No literal depends on the run for file sources: a document's graph holds no build time."""
from __future__ import annotations

import gc
import os
import shutil
import signal
import sys
from pathlib import Path

import cloudpickle
import pyoxigraph as ox
import pytest
import rdflib
from distributed.diagnostics.plugin import WorkerPlugin
from rdflib.compare import isomorphic

from kg.cli import main
from kg.config import Settings
from kg.shard_loader import PENDING, load_shards
from kg.shards import MANIFEST, Manifest

REPO = Path(__file__).resolve().parent.parent
SOURCES = REPO / "sources"

cloudpickle.register_pickle_by_value(sys.modules[__name__])   # the fault plugin travels to the workers


def _snapshot(path) -> tuple[set, dict]:
    """(quads without blank nodes, {graph: rdflib graph of the triples with blank nodes})."""
    store = ox.Store.read_only(str(path))
    ground, blank = set(), {}
    for q in store:
        if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode):
            g = blank.setdefault(str(q.graph_name), rdflib.Graph())
            g.parse(data=f"{q.subject} {q.predicate} {q.object} .", format="nt")
        else:
            ground.add(str(q))
    del store
    gc.collect()
    return ground, blank


def assert_same_graph(expected, actual) -> None:
    (ground_a, blank_a), (ground_b, blank_b) = _snapshot(expected), _snapshot(actual)
    missing, extra = sorted(ground_a - ground_b), sorted(ground_b - ground_a)
    assert not missing and not extra, f"missing {len(missing)}: {missing[:5]}; extra {len(extra)}: {extra[:5]}"
    assert blank_a.keys() == blank_b.keys()
    for graph in blank_a:
        assert isomorphic(blank_a[graph], blank_b[graph]), graph


@pytest.fixture(scope="module")
def reference(sample_store):
    """The single-process `kg build` of sources/ (the session's sample store)."""
    settings, report = sample_store
    assert len(report.built) == 5
    return settings


def _settings(store) -> Settings:
    return Settings.load(store=str(store), env={})


def test_usage_errors(capsys):
    assert main(["build", "--engine", "dask", str(SOURCES)]) == 2
    assert "--shards" in capsys.readouterr().err
    assert main(["build", "--shards", "somewhere", str(SOURCES)]) == 2
    assert "only with --engine dask" in capsys.readouterr().err


def test_dask_build_and_load_equal_a_local_build(reference, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)   # no kg.toml, no KG_* settings
    for name in list(os.environ):
        if name.startswith("KG_"):
            monkeypatch.delenv(name)
    shards, store = tmp_path / "shards", tmp_path / "store"
    assert main(["build", "--engine", "dask", "--workers", "2", "--partition-size", "2", "--shards", str(shards),
                 "-q", str(SOURCES)]) == 0
    assert "built 5, unchanged 0, skipped 0 document(s) on 2 Dask worker(s); 3 new shard(s)" in capsys.readouterr().out
    manifest = Manifest.read(shards)
    assert sorted(d.doc_id for s in manifest.shards for d in s.documents) == sorted(p.stem for p in SOURCES.glob("*.txt"))
    assert all((shards / s.file).is_file() and s.sha256 and s.quads for s in manifest.shards)

    assert main(["load", str(shards), "--store", str(store), "--no-validate"]) == 0
    assert "loaded 5 document(s) from 3 shard(s)" in capsys.readouterr().out
    gc.collect()
    assert_same_graph(reference.store, store)

    # loaded again: every shard is skipped, nothing changes
    assert main(["load", str(shards), "--store", str(store), "--no-validate"]) == 0
    assert "loaded 0 document(s) from 0 shard(s) (3 shard(s) with nothing new skipped" in capsys.readouterr().out
    gc.collect()
    assert_same_graph(reference.store, store)

    # every document in two shards (a copy of the directory): each loaded once
    shutil.copytree(shards, tmp_path / "copy")
    fresh = tmp_path / "fresh"
    report = load_shards([shards, tmp_path / "copy"], _settings(fresh), validate=False)
    assert (report.duplicates, len(report.loaded), report.shards_loaded, report.shards_skipped) == (5, 5, 3, 3)
    gc.collect()
    assert_same_graph(reference.store, fresh)

    # a load killed half-way through a shard: the documents it named are dropped and loaded again
    victim = manifest.shards[0].documents[0].doc_id
    half = ox.Store(str(fresh))
    graph = ox.NamedNode(f"{reference.base_iri}graph/{victim}")
    doomed = list(half.quads_for_pattern(None, None, None, graph))
    for q in doomed[: len(doomed) // 2]:
        half.remove(q)
    half.flush()
    del half
    gc.collect()
    (fresh / PENDING).write_text(victim + "\n")
    report = load_shards([shards], _settings(fresh), validate=False)
    assert report.recovered == [victim] and report.loaded == [victim]
    assert not (fresh / PENDING).exists()
    gc.collect()
    assert_same_graph(reference.store, fresh)


class KillOnce(WorkerPlugin):
    """Worker plugin: the first worker to start extracting a partition kills its own process (SIGKILL),
    once in the whole cluster (a marker file decides)."""
    name = "kill-once"

    def __init__(self, marker: str):
        self.marker = marker

    def setup(self, worker) -> None:
        pass

    def teardown(self, worker) -> None:
        pass

    def transition(self, key, start, finish, **kwargs) -> None:
        if finish != "executing" or "extract_partition" not in str(key):
            return
        try:
            os.close(os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return
        os.kill(os.getpid(), signal.SIGKILL)


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(reference, tmp_path):
    from distributed import Client, LocalCluster
    from kg.dask_engine import build_shards

    plugin = KillOnce(str(tmp_path / "killed"))
    settings = _settings(tmp_path / "store")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        client.register_plugin(plugin)
        first = set(client.scheduler_info()["workers"])
        report = build_shards([SOURCES], settings, tmp_path / "shards", client=client, partition_size=1,
                              progress=False)
        assert (tmp_path / "killed").exists(), "no worker was killed"
        assert set(client.scheduler_info()["workers"]) != first   # the nanny brought up a new worker
    assert report.errors == [] and len(report.built) == 5
    held = [d.doc_id for s in Manifest.read(tmp_path / "shards").shards for d in s.documents]
    assert sorted(held) == sorted(p.stem for p in SOURCES.glob("*.txt"))      # none lost, none twice
    assert sorted(p.name for p in (tmp_path / "shards").iterdir()) == sorted(
        [MANIFEST] + [s.file for s in Manifest.read(tmp_path / "shards").shards])   # no stray file
    load_shards([tmp_path / "shards"], settings, validate=False)
    gc.collect()
    assert_same_graph(reference.store, settings.store)
