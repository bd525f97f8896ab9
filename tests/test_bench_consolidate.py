"""scripts/bench_consolidate.py at tiny sizes, and the blocking it measures: on its synthetic
corpus the blocked candidate pairs find every pair of event reports (and of quotes) that
comparing all pairs would link."""
from __future__ import annotations

from itertools import combinations

from kg.consolidate.events import _event_candidates, _event_cluster_ok, _event_link
from kg.consolidate.reports import _read_reports
from kg.consolidate.statements import _statement_candidates, _statement_link
from kg.dates import dates_compatible
from scripts import bench_consolidate


def test_bench_runs_at_tiny_sizes(capsys, tmp_path):
    assert bench_consolidate.main(["--sizes", "30,60", "--markdown", "--dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "| 30 |" in out and "| 60 |" in out and "exponent" in out


def test_blocking_finds_every_linked_pair(tmp_path):
    store, _ = bench_consolidate.build_store(tmp_path / "store", 250)
    events, statements = _read_reports(store)
    for reports, candidates, link in ((events, _event_candidates, _event_link),
                                      (statements, _statement_candidates, _statement_link)):
        every = {(a.node.value, b.node.value) for a, b in combinations(reports, 2) if link(a, b) is not None}
        blocked = {(a.node.value, b.node.value) for a, b in candidates(reports) if link(a, b) is not None}
        assert every and blocked == every
    store.close()


def test_cluster_check_is_the_pairwise_one():
    events = []
    from kg.consolidate.reports import _Report
    import pyoxigraph as ox
    for i, value in enumerate(["2025", "2025-03", "2025-03-27", "2025-03-28", "2024", "", None]):
        date = None if value is None else ox.Literal(value)
        events.append(_Report(ox.NamedNode(f"urn:e{i}"), ox.NamedNode("urn:Meeting"), date=date))
    for k in range(1, 5):
        for cluster in combinations(events, k):
            dates = [r.date_value for r in cluster if r.date is not None]
            assert _event_cluster_ok(list(cluster)) == all(dates_compatible(x, y) for x, y in combinations(dates, 2))
