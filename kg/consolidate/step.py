"""The step itself: read the per-document reports, cluster and merge them, relate open topics,
tidy the entities graph, and write it all in one update (one transaction); then record the generation."""
from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from ..store import KnowledgeStore, delete_subjects_update, quads_to_delete, replace_graph_update
from .clustering import _clusters
from .entities import _label_fixes, _orphans, _type_fixes
from .events import _event_candidates, _event_cluster_ok, _event_link, _merged_event
from .marker import generation, mark_consolidated
from .reports import _entity_names, _read_reports
from .statements import _merged_statement, _statement_candidates, _statement_cluster_ok, _statement_link
from .topics import open_topics, topic_links


@dataclass
class ConsolidationReport:
    """What the step did, for the build report."""
    events_merged: int = 0          # canonical event nodes written
    event_reports: int = 0          # per-document event nodes they stand for
    statements_merged: int = 0      # canonical statements written
    statement_reports: int = 0      # per-document statements they stand for
    orphans_removed: int = 0        # entity descriptions no document uses any more
    types_fixed: list[str] = field(default_factory=list)       # "entity IRI: kept Country, dropped Place"
    type_conflicts: list[str] = field(default_factory=list)    # several types and no gazetteer entry to decide
    labels_fixed: list[str] = field(default_factory=list)      # "entity IRI: kept 'Valparaíso'"
    topics_related: int = 0         # open topics given a broader topic or a same-worded match

    def summary(self) -> str:
        lines = [f"merged {self.event_reports} event reports into {self.events_merged} events, "
                 f"{self.statement_reports} quotes into {self.statements_merged} statements; "
                 f"related {self.topics_related} open topics to broader ones; "
                 f"removed {self.orphans_removed} unused entities"]
        lines += [f"  entity type fixed: {line}" for line in self.types_fixed]
        lines += [f"  entity with several types (left alone): {line}" for line in self.type_conflicts]
        lines += [f"  entity spelled several ways, one label kept: {line}" for line in self.labels_fixed]
        return "\n".join(lines)

    __str__ = summary


def consolidate(store: KnowledgeStore) -> ConsolidationReport:
    """Rebuild ``B graph/merged`` and tidy ``B graph/entities`` in one transaction."""
    iris = store.iris
    report = ConsolidationReport()
    done = generation(store) if store.path is not None else ""
    names = _entity_names(store)
    events, statements = _read_reports(store)

    quads: list[ox.Quad] = []
    for cluster in _clusters(events, _event_candidates, _event_link, _event_cluster_ok):
        quads.extend(_merged_event(iris, cluster, names))
        report.events_merged += 1
        report.event_reports += len(cluster)
    for cluster in _clusters(statements, _statement_candidates, _statement_link, _statement_cluster_ok):
        quads.extend(_merged_statement(iris, cluster, names))
        report.statements_merged += 1
        report.statement_reports += len(cluster)

    links = topic_links(open_topics(store), iris.merged_graph)
    quads.extend(links)
    report.topics_related = len({q.subject for q in links})

    orphans = _orphans(store)
    report.orphans_removed = len(orphans)
    wrong_types = _type_fixes(store, report)
    wrong_labels = _label_fixes(store, report)

    update = [replace_graph_update(iris.merged_graph, quads)]
    entities = iris.entities_graph
    if orphans:
        update.append(delete_subjects_update(entities, sorted(orphans, key=str)))
    if wrong_types:
        update.append(quads_to_delete(wrong_types))
    if wrong_labels:
        update.append(quads_to_delete(wrong_labels))
    store.run_update(" ;\n".join(update))
    mark_consolidated(store, done)
    return report
