"""The cross-document step, run over the whole store after each build.

Extraction sees one article at a time; this step sees them all and:

1. **merges events**: per-document event nodes (typed with an ``ont:Event`` subclass other
   than ``ont:Statement``) that report the same happening become one canonical node
   ``B event/m-{hash of the sorted member IRIs}`` in ``B graph/merged``. Two reports are the
   same event when they have the same class, compatible dates (equal, or one a prefix of
   the other: "2025-03" ~ "2025-03-27"), no conflicting places, and the same place or at
   least one shared participant. A report without a date joins only on strong evidence:
   the same place *and* a shared participant, or two shared participants.
2. **merges statements**: per-document ``ont:Statement`` nodes whose quotes are the same
   words (casefolded, quotation marks, punctuation and spaces normalised: equal, one
   containing the other, or token Jaccard >= 0.8; from one named speaker, also 80% of
   the shorter quote's words in the longer: two translations of one statement) and whose
   speakers agree (the same, or one unknown) become one canonical statement.
3. **tidies the entities graph**: drops the description of every entity no document graph
   refers to any more (mentions, holders, participants, speakers, roles, places, ...), and,
   for an entity typed with more than one of Person / Organization / Country / Place,
   keeps the type its gazetteer entry gives (when there is none it leaves the types alone
   and reports the entity).

A merged node takes at most one report from each document (the best-linked one: two
quotes in one article are two statements, even when a longer quote elsewhere holds both).
Only clusters spanning at least two documents get a merged node: an event reported once
stays as its per-document node, so the named queries (which hide the nodes a merged node
``ont:mergedFrom``) show each real-world event once either way. Every merged node says why
(``ont:mergeReason``), points at each member (``ont:mergedFrom``) and each source document
(``prov:wasDerivedFrom``), and copies evidence, sentence and confidence from its most
confident member so that it satisfies the same SHACL shapes as the nodes it stands for.

The merged graph is rebuilt from scratch and written, with the entity tidying, in one
update (one transaction), so running the step twice gives the same graph.

**Never stale after a crash.** The step's input is the set of document graphs, named by
their stamps (content and extractor hash). Once the step's transaction has committed,
``mark_consolidated`` writes the *generation* it ran over (a hash of every ``doc_id stamp``)
to ``kg-consolidated`` in the store directory. ``kg build`` compares that file with the
store's current generation and redoes the step when they differ — after a build interrupted
while writing documents or during this step (SIGINT, SIGKILL, a crash), however many
documents were left to build. Killed before the commit: the old generation is on record, the
step is redone; killed between the commit and the file: redone too, harmlessly (idempotent).
"""
from __future__ import annotations

import hashlib
import math
import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from itertools import combinations

import pyoxigraph as ox

from .namespaces import ONT, OWL, PROV, RDF, RDFS, WD
from .store import CONSOLIDATED, KnowledgeStore, quads_to_insert, replace_graph_update

EVENT_CLASSES = ("Event", "Meeting", "Talks", "Visit", "Proposal", "Application", "Invasion", "Announcement")
ENTITY_CLASSES = ("Person", "Organization", "Country", "Place")
QUOTE_JACCARD = 0.8
QUOTE_OVERLAP = 0.8      # share of the shorter quote's words found in the longer (same named speaker only)
MIN_OVERLAP_WORDS = 8
MIN_QUOTE_WORDS = 4      # a shorter quote merges only with the same words from a known speaker
_SHARED_GRAPHS = ("entities", "merged", "ontology", "gazetteer")


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

    def summary(self) -> str:
        lines = [f"merged {self.event_reports} event reports into {self.events_merged} events, "
                 f"{self.statement_reports} quotes into {self.statements_merged} statements; "
                 f"removed {self.orphans_removed} unused entities"]
        lines += [f"  entity type fixed: {line}" for line in self.types_fixed]
        lines += [f"  entity with several types (left alone): {line}" for line in self.type_conflicts]
        return "\n".join(lines)

    __str__ = summary


@dataclass
class _Report:
    """One per-document event or statement node, as read from its document graph."""
    node: ox.NamedNode
    cls: ox.NamedNode
    docs: set[ox.NamedNode] = field(default_factory=set)
    date: ox.Literal | None = None
    place: ox.NamedNode | None = None
    participants: set[ox.NamedNode] = field(default_factory=set)
    host: ox.NamedNode | None = None
    speaker: ox.NamedNode | None = None
    quote: str | None = None
    confidence: float = 0.0
    confidence_literal: ox.Literal | None = None
    evidence: ox.NamedNode | None = None
    sentence: ox.NamedNode | None = None
    _normalised: str | None = field(default=None, repr=False)

    @property
    def date_value(self) -> str | None:
        return self.date.value if self.date is not None else None

    @property
    def normalised(self) -> str:
        if self._normalised is None:
            self._normalised = normalise_quote(self.quote or "")
        return self._normalised

    @property
    def words(self) -> list[str]:
        return self.normalised.split()


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

    orphans = _orphans(store)
    report.orphans_removed = len(orphans)
    wrong_types = _type_fixes(store, report)

    update = [replace_graph_update(iris.merged_graph, quads)]
    entities = iris.entities_graph
    if orphans:
        values = " ".join(str(o) for o in sorted(orphans, key=str))
        update.append(f"DELETE {{ GRAPH {entities} {{ ?s ?p ?o }} }} "
                      f"WHERE {{ GRAPH {entities} {{ ?s ?p ?o }} VALUES ?s {{ {values} }} }}")
    if wrong_types:
        update.append(quads_to_insert(wrong_types).replace("INSERT DATA", "DELETE DATA", 1))
    store.run_update(" ;\n".join(update))
    mark_consolidated(store, done)
    return report


# --- the generation marker ---------------------------------------------------------

GENERATION_VERSION = "1"
"""Bumped when this step's output changes for the same documents, so stores redo it."""


def generation(store: KnowledgeStore) -> str:
    """The store's current generation: a hash of every document graph's id and stamp."""
    h = hashlib.sha256(f"consolidation {GENERATION_VERSION} {store.iris.base}\n".encode())
    for doc_id, stamp in sorted(store.document_stamps().items()):
        h.update(f"{doc_id} {stamp}\n".encode())
    return h.hexdigest()[:32]


def consolidated_generation(store: KnowledgeStore) -> str | None:
    """The generation the step last finished over, or None (never, or an in-memory store)."""
    if store.path is None:
        return None
    try:
        return (store.path / CONSOLIDATED).read_text().strip() or None
    except OSError:
        return None


def mark_consolidated(store: KnowledgeStore, done: str) -> None:
    """Record that the step finished over generation ``done`` (call after its commit)."""
    if store.path is None:
        return
    tmp = store.path / (CONSOLIDATED + ".tmp")
    with open(tmp, "w") as f:
        f.write(done + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, store.path / CONSOLIDATED)


def needs_consolidation(store: KnowledgeStore) -> bool:
    """Is the step undone or stale for what the store holds (an interrupted build)?"""
    return store.path is not None and consolidated_generation(store) != generation(store)


# --- reading ----------------------------------------------------------------------

def _document_graph_filter(store: KnowledgeStore, var: str = "?g") -> str:
    shared = ", ".join(f"<{store.iris.base}graph/{name}>" for name in _SHARED_GRAPHS)
    return f"FILTER ({var} NOT IN ({shared}))"


def _read_reports(store: KnowledgeStore) -> tuple[list[_Report], list[_Report]]:
    """Per-document event nodes and statement nodes, each with the slots the merge compares."""
    def subclasses(of: str) -> set[str]:
        query = f"SELECT DISTINCT ?c WHERE {{ GRAPH ?o {{ ?c <{RDFS}subClassOf>+ <{ONT}{of}> }} }}"
        return {str(row["c"]) for row in store.store.query(query) if isinstance(row["c"], ox.NamedNode)}

    statement_classes = {f"<{ONT}Statement>"} | subclasses("Statement")
    classes = {f"<{ONT}{c}>" for c in EVENT_CLASSES} | subclasses("Event") | statement_classes
    rows = store.store.query(f"""
        SELECT ?node ?cls ?p ?o WHERE {{
          GRAPH ?g {{ ?node a ?cls ; ?p ?o }}
          VALUES ?cls {{ {' '.join(sorted(classes))} }}
          {_document_graph_filter(store)}
        }}""")
    by_node: dict[ox.NamedNode, _Report] = {}
    for row in rows:
        node, cls, p, o = row["node"], row["cls"], row["p"].value, row["o"]
        if not isinstance(node, ox.NamedNode):
            continue
        rep = by_node.setdefault(node, _Report(node, cls))
        if p == PROV + "wasDerivedFrom":
            rep.docs.add(o)
        elif p == ONT + "date":
            rep.date = o
        elif p == ONT + "place":
            rep.place = o
        elif p == ONT + "participant":
            rep.participants.add(o)
        elif p == ONT + "host":
            rep.host = o
        elif p == ONT + "speaker":
            rep.speaker = o
        elif p == ONT + "quote":
            rep.quote = o.value
        elif p == ONT + "confidence":
            rep.confidence_literal = o
            try:
                rep.confidence = float(Decimal(o.value))
            except InvalidOperation:
                rep.confidence = 0.0
        elif p == ONT + "evidence":
            rep.evidence = o
        elif p == ONT + "sentence":
            rep.sentence = o
    reports = sorted(by_node.values(), key=lambda r: r.node.value)
    for rep in reports:
        if rep.host is not None:
            rep.participants.add(rep.host)
    events = [r for r in reports if str(r.cls) not in statement_classes and r.docs]
    statements = [r for r in reports if str(r.cls) in statement_classes and r.docs and r.quote]
    return events, statements


def _entity_names(store: KnowledgeStore) -> dict[ox.NamedNode, str]:
    """Entity -> "Label (Q123)" for merge reasons and labels."""
    names: dict[ox.NamedNode, str] = {}
    rows = store.store.query(f"""
        SELECT ?e ?label ?same WHERE {{ GRAPH {store.iris.entities_graph} {{
          ?e <{RDFS}label> ?label . OPTIONAL {{ ?e <{OWL}sameAs> ?same FILTER(STRSTARTS(STR(?same), "{WD}")) }}
        }} }}""")
    for row in rows:
        label = row["label"].value
        names[row["e"]] = label
        if row["same"] is not None:
            names[row["e"]] = f"{label} ({row['same'].value[len(WD):]})"
    return names


def _name(names: dict[ox.NamedNode, str], node: ox.NamedNode, with_id: bool = True) -> str:
    name = names.get(node) or node.value.rsplit("/", 1)[-1]
    return name if with_id else re.sub(r" \(Q\d+\)$", "", name)


# --- clustering -------------------------------------------------------------------

def _clusters(reports: list[_Report], candidates, link, cluster_ok) -> list[list[_Report]]:
    """Greedy agglomeration over linked pairs, strongest links first, keeping every cluster coherent
    and with at most one report per document; only clusters spanning two documents or more are
    returned. ``candidates`` yields the pairs
    worth comparing (a blocking index keeps this far below all pairs on a large corpus)."""
    pairs = []
    for a, b in candidates(reports):
        strength = link(a, b)
        if strength is not None:
            pairs.append((-strength, a.node.value, b.node.value, a, b))
    pairs.sort(key=lambda p: p[:3])
    cluster_of: dict[ox.NamedNode, list[_Report]] = {r.node: [r] for r in reports}
    for _, _, _, a, b in pairs:
        ca, cb = cluster_of[a.node], cluster_of[b.node]
        if ca is cb or _documents(ca) & _documents(cb) or not cluster_ok(ca + cb):
            continue     # one report per document: two quotes of one article are two statements
        ca.extend(cb)
        for r in cb:
            cluster_of[r.node] = ca
    seen, out = set(), []
    for cluster in cluster_of.values():
        if id(cluster) in seen:
            continue
        seen.add(id(cluster))
        if len(_documents(cluster)) >= 2:
            out.append(sorted(cluster, key=lambda r: r.node.value))
    return sorted(out, key=lambda c: c[0].node.value)


def _documents(cluster: list[_Report]) -> set[ox.NamedNode]:
    return {d for r in cluster for d in r.docs}


def _pairs_from_blocks(blocks: dict) -> list[tuple[_Report, _Report]]:
    """Each pair of reports sharing a block key, once, in a stable order."""
    seen: set[tuple[str, str]] = set()
    out = []
    for key in sorted(blocks, key=str):
        members = sorted(blocks[key], key=lambda r: r.node.value)
        for a, b in combinations(members, 2):
            if (a.node.value, b.node.value) not in seen:
                seen.add((a.node.value, b.node.value))
                out.append((a, b))
    return out


def _event_candidates(reports: list[_Report]) -> list[tuple[_Report, _Report]]:
    """Reports of one class sharing a participant or the place: no other pair can link."""
    blocks: dict[tuple, list[_Report]] = {}
    for r in reports:
        for key in [*r.participants, *([r.place] if r.place is not None else [])]:
            blocks.setdefault((r.cls.value, key.value), []).append(r)
    return _pairs_from_blocks(blocks)


def _statement_candidates(reports: list[_Report]) -> list[tuple[_Report, _Report]]:
    """Quotes sharing one of their rarest words (prefix filtering): every rule that links two
    quotes needs at least 80% of the shorter quote's words in the other, so some of the
    shorter's n - ceil(0.8 n) + 1 rarest words must occur in the other quote."""
    share = min(QUOTE_JACCARD, QUOTE_OVERLAP)
    index: dict[str, list[_Report]] = {}
    for r in reports:
        for token in set(r.words):
            index.setdefault(token, []).append(r)
    seen: set[tuple[str, str]] = set()
    out = []
    for r in reports:
        ordered = sorted(set(r.words), key=lambda t: (len(index[t]), t))
        for token in ordered[: len(ordered) - math.ceil(share * len(ordered)) + 1]:
            for other in index[token]:
                a, b = sorted((r, other), key=lambda x: x.node.value)
                if a is not b and (a.node.value, b.node.value) not in seen:
                    seen.add((a.node.value, b.node.value))
                    out.append((a, b))
    return out


def _dates_compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a.startswith(b) or b.startswith(a)


def _event_link(a: _Report, b: _Report) -> float | None:
    """How strongly two reports look like the same event (None: not the same)."""
    if a.cls != b.cls or a.docs == b.docs:
        return None
    if a.place is not None and b.place is not None and a.place != b.place:
        return None
    if not _dates_compatible(a.date_value, b.date_value):
        return None
    shared = len(a.participants & b.participants)
    same_place = a.place is not None and a.place == b.place
    if a.date is not None and b.date is not None:
        if not (same_place or shared):
            return None
    elif not ((same_place and shared) or shared >= 2):
        return None
    return 2.0 * same_place + shared + (a.date_value == b.date_value and a.date is not None)


def _event_cluster_ok(cluster: list[_Report]) -> bool:
    dates = [r.date_value for r in cluster if r.date is not None]
    places = {r.place for r in cluster if r.place is not None}
    return len(places) <= 1 and all(_dates_compatible(x, y) for x, y in combinations(dates, 2))


def normalise_quote(text: str) -> str:
    """Casefolded words only: quotation marks, apostrophes, dashes, punctuation and spacing unified."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[\u2018\u2019\u201a\u201b\u2032`´]", "'", text)
    text = re.sub(r"'s\b", "s", text)
    text = re.sub(r"[^\w\s]+", " ", text)
    return " ".join(text.split())


def _quote_match(a: str, b: str, same_speaker: bool) -> float | None:
    """How strongly two normalised quotes are the same words (None: they are not)."""
    if not a or not b:
        return None
    if a == b:
        return 3.0
    short, long_ = sorted((a, b), key=len)
    if len(short.split()) >= MIN_QUOTE_WORDS and f" {short} " in f" {long_} ":
        return 2.0
    ta, tb = set(a.split()), set(b.split())
    jaccard = len(ta & tb) / len(ta | tb)
    if jaccard >= QUOTE_JACCARD and min(len(ta), len(tb)) >= MIN_QUOTE_WORDS:
        return 1.0 + jaccard
    # Two translations of one statement, one of them running on into the next sentence:
    # nearly all the words of the shorter in the longer, from the same named speaker.
    overlap = len(ta & tb) / min(len(ta), len(tb))
    if same_speaker and overlap >= QUOTE_OVERLAP and min(len(ta), len(tb)) >= MIN_OVERLAP_WORDS:
        return overlap
    return None


def _statement_link(a: _Report, b: _Report) -> float | None:
    if a.docs == b.docs:
        return None
    if a.speaker is not None and b.speaker is not None and a.speaker != b.speaker:
        return None
    same_speaker = a.speaker is not None and a.speaker == b.speaker
    strength = _quote_match(a.normalised, b.normalised, same_speaker)
    if strength is None:
        return None
    if len(a.words) < MIN_QUOTE_WORDS and not same_speaker:
        return None
    return strength + same_speaker


def _statement_cluster_ok(cluster: list[_Report]) -> bool:
    return len({r.speaker for r in cluster if r.speaker is not None}) <= 1


# --- writing ----------------------------------------------------------------------

def _merged_node(iris, cluster: list[_Report]) -> ox.NamedNode:
    digest = hashlib.sha1("\x1f".join(sorted(r.node.value for r in cluster)).encode("utf-8")).hexdigest()[:16]
    return ox.NamedNode(f"{iris.base}event/m-{digest}")


def _common_quads(iris, node: ox.NamedNode, cluster: list[_Report], reason: str) -> list[ox.Quad]:
    g = iris.merged_graph
    best = max(cluster, key=lambda r: (r.confidence, r.evidence is not None, r.node.value))
    quads = [ox.Quad(node, ox.NamedNode(RDF + "type"), cluster[0].cls, g),
             ox.Quad(node, ox.NamedNode(ONT + "mergeReason"), ox.Literal(reason), g)]
    for r in cluster:
        quads.append(ox.Quad(node, ox.NamedNode(ONT + "mergedFrom"), r.node, g))
    for doc in sorted({d for r in cluster for d in r.docs}, key=str):
        quads.append(ox.Quad(node, ox.NamedNode(PROV + "wasDerivedFrom"), doc, g))
    if best.confidence_literal is not None:
        quads.append(ox.Quad(node, ox.NamedNode(ONT + "confidence"), best.confidence_literal, g))
    if best.evidence is not None:
        quads.append(ox.Quad(node, ox.NamedNode(ONT + "evidence"), best.evidence, g))
    if best.sentence is not None:
        quads.append(ox.Quad(node, ox.NamedNode(ONT + "sentence"), best.sentence, g))
    return quads


def _merged_event(iris, cluster: list[_Report], names: dict) -> list[ox.Quad]:
    g, node = iris.merged_graph, _merged_node(iris, cluster)
    dated = [r for r in cluster if r.date is not None]
    date_lit = max(dated, key=lambda r: (len(r.date_value), r.date_value)).date if dated else None
    place = next((r.place for r in cluster if r.place is not None), None)
    participants = sorted({p for r in cluster for p in r.participants}, key=str)
    hosts = [r for r in cluster if r.host is not None]
    host = max(hosts, key=lambda r: (r.confidence, r.node.value)).host if hosts else None

    cls_name = cluster[0].cls.value.rsplit("#", 1)[-1]
    quads = _common_quads(iris, node, cluster, _event_reason(cls_name, cluster, names))
    quads.append(ox.Quad(node, ox.NamedNode(RDFS + "label"),
                         ox.Literal(event_label(cls_name, [_name(names, p, False) for p in participants],
                                                _name(names, place, False) if place else None,
                                                date_lit.value if date_lit else None)), g))
    if date_lit is not None:
        quads.append(ox.Quad(node, ox.NamedNode(ONT + "date"), date_lit, g))
    if place is not None:
        quads.append(ox.Quad(node, ox.NamedNode(ONT + "place"), place, g))
    for p in participants:
        quads.append(ox.Quad(node, ox.NamedNode(ONT + "participant"), p, g))
    if host is not None:
        quads.append(ox.Quad(node, ox.NamedNode(ONT + "host"), host, g))
    return quads


def event_label(cls_name: str, participants: list[str], place: str | None, date_value: str | None) -> str:
    """"Meeting with Volodymyr Zelensky, Mark Rutte in Kyiv on 2025-04-08"."""
    label = cls_name
    if participants:
        label += " with " + ", ".join(participants[:4]) + (" and others" if len(participants) > 4 else "")
    if place:
        label += " in " + place
    if date_value:
        label += (" on " if len(date_value) == 10 else " in ") + date_value
    return label


def _event_reason(cls_name: str, cluster: list[_Report], names: dict) -> str:
    """"same type Meeting; dates 2025-03-27 ~ 2025-03; same place Paris (Q90); 2 shared participants (...)"."""
    parts = [f"same type {cls_name}"]
    dates = sorted({r.date_value for r in cluster if r.date is not None}, key=lambda d: (-len(d), d))
    undated = sum(r.date is None for r in cluster)
    if len(dates) == 1:
        parts.append(f"same date {dates[0]}" + (f" ({undated} report(s) undated)" if undated else ""))
    elif dates:
        parts.append("dates " + " ~ ".join(dates) + (f" ({undated} report(s) undated)" if undated else ""))
    else:
        parts.append("no date stated")
    placed = [r for r in cluster if r.place is not None]
    if len(placed) >= 2:
        parts.append(f"same place {_name(names, placed[0].place)}")
    elif placed:
        parts.append(f"place {_name(names, placed[0].place)} (stated by 1 of {len(cluster)} reports)")
    counts: dict[ox.NamedNode, int] = {}
    for r in cluster:
        for p in r.participants:
            counts[p] = counts.get(p, 0) + 1
    shared = sorted((p for p, n in counts.items() if n >= 2), key=lambda p: _name(names, p))
    if shared:
        parts.append(f"{len(shared)} shared participant{'s' if len(shared) > 1 else ''} "
                     f"({', '.join(_name(names, p) for p in shared)})")
    docs = len({d for r in cluster for d in r.docs})
    parts.append(f"{len(cluster)} reports in {docs} documents")
    return "; ".join(parts)


def _quote_reason(normalised: list[str]) -> str:
    """"same words", "one quote contains the other", "token Jaccard 0.86", "93% of the words shared"."""
    if len(set(normalised)) == 1:
        return "same words"
    reasons = []
    for a, b in combinations(sorted(set(normalised)), 2):
        if _quote_match(a, b, True) is None:
            continue      # joined through a third report
        short, long_ = sorted((a, b), key=len)
        ta, tb = set(a.split()), set(b.split())
        if f" {short} " in f" {long_} ":
            reasons.append("one quote contains the other")
        elif len(ta & tb) / len(ta | tb) >= QUOTE_JACCARD:
            reasons.append(f"token Jaccard {len(ta & tb) / len(ta | tb):.2f}")
        else:
            reasons.append(f"{len(ta & tb) / min(len(ta), len(tb)):.0%} of the shorter quote's words in the longer")
    return ", ".join(dict.fromkeys(reasons))


def _date_start(value: str) -> date:
    parts = [int(p) for p in value.split("-")]
    while len(parts) < 3:
        parts.append(1)
    return date(*parts)


def _merged_statement(iris, cluster: list[_Report], names: dict) -> list[ox.Quad]:
    g, node = iris.merged_graph, _merged_node(iris, cluster)
    speaker = next((r.speaker for r in cluster if r.speaker is not None), None)
    quote = max((r.quote for r in cluster), key=lambda q: (len(q), q))
    dated = sorted((r.date for r in cluster if r.date is not None),
                   key=lambda d: (_date_start(d.value), -len(d.value)))
    date_lit = dated[0] if dated else None
    if date_lit is not None:       # a more precise report of the same earliest date wins: "2025-03" -> "2025-03-31"
        finer = [d for d in dated if d.value.startswith(date_lit.value)]
        date_lit = max(finer, key=lambda d: (len(d.value), d.value))

    how = _quote_reason([r.normalised for r in cluster])
    who = (f"same speaker {_name(names, speaker)}" if sum(r.speaker is not None for r in cluster) >= 2
           else f"speaker {_name(names, speaker)} (unknown in the other reports)" if speaker is not None
           else "speaker unknown")
    docs = len({d for r in cluster for d in r.docs})
    reason = f"same quote ({how}, after normalising case, punctuation and quotation marks); {who}; " \
             f"{len(cluster)} reports in {docs} documents"
    quads = _common_quads(iris, node, cluster, reason)
    quads.append(ox.Quad(node, ox.NamedNode(ONT + "quote"), ox.Literal(quote), g))
    if speaker is not None:
        quads.append(ox.Quad(node, ox.NamedNode(ONT + "speaker"), speaker, g))
    if date_lit is not None:
        quads.append(ox.Quad(node, ox.NamedNode(ONT + "date"), date_lit, g))
    return quads


# --- the entities graph -------------------------------------------------------------

def _orphans(store: KnowledgeStore) -> set[ox.NamedNode]:
    """Entities described in the entities graph that no document graph refers to."""
    described = {row["e"] for row in store.store.query(
        f"SELECT DISTINCT ?e WHERE {{ GRAPH {store.iris.entities_graph} {{ ?e ?p ?o }} }}")
        if isinstance(row["e"], ox.NamedNode)}
    if not described:
        return set()
    used = {row["o"] for row in store.store.query(f"""
        SELECT DISTINCT ?o WHERE {{
          GRAPH ?g {{ ?s ?p ?o }}
          FILTER (isIRI(?o) && STRSTARTS(STR(?o), "{store.iris.base}entity/"))
          {_document_graph_filter(store)}
        }}""")}
    return described - used


def _type_fixes(store: KnowledgeStore, report: ConsolidationReport) -> list[ox.Quad]:
    """Entities with several actor types: the quads of the types to drop (those the gazetteer does not give)."""
    entities = store.iris.entities_graph
    values = " ".join(f"<{ONT}{c}>" for c in ENTITY_CLASSES)
    rows = store.store.query(f"""
        SELECT ?e ?t ?gazType WHERE {{
          GRAPH {entities} {{ ?e a ?t }}
          VALUES ?t {{ {values} }}
          OPTIONAL {{ GRAPH {store.iris.gazetteer_graph} {{ ?entry <{ONT}entityType> ?gazType }}
                     FILTER (STR(?entry) = CONCAT("{store.iris.base}gazetteer/",
                                                  STRAFTER(STR(?e), "{store.iris.base}entity/"))) }}
        }}""")
    types: dict[ox.NamedNode, set[ox.NamedNode]] = {}
    gazetteer_type: dict[ox.NamedNode, ox.NamedNode] = {}
    for row in rows:
        types.setdefault(row["e"], set()).add(row["t"])
        if row["gazType"] is not None:
            gazetteer_type[row["e"]] = row["gazType"]
    drop: list[ox.Quad] = []
    rdf_type = ox.NamedNode(RDF + "type")
    for entity in sorted(types, key=str):
        found = types[entity]
        if len(found) < 2:
            continue
        names = ", ".join(sorted(t.value.rsplit("#", 1)[-1] for t in found))
        keep = gazetteer_type.get(entity)
        if keep is None or keep not in found:
            report.type_conflicts.append(f"{entity.value}: {names}")
            continue
        wrong = sorted(found - {keep}, key=str)
        drop.extend(ox.Quad(entity, rdf_type, t, entities) for t in wrong)
        report.types_fixed.append(f"{entity.value}: kept {keep.value.rsplit('#', 1)[-1]}, dropped "
                                  + ", ".join(t.value.rsplit("#", 1)[-1] for t in wrong))
    return drop


__all__ = ["ConsolidationReport", "consolidate", "event_label", "needs_consolidation", "normalise_quote"]
