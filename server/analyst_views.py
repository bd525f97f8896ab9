"""Views for analysts: the stance matrix, position timelines, topic pages and search.

    GET /matrix?from=&to=&source=&type=&undated=&sort=   actors × topics, each cell the stances
    GET /matrix.csv?…                                     the same cells as CSV (``kg query stance-matrix``)
    GET /timeline?actor=<IRI, Q-id or name> | ?topic=<key>   stances on a time axis, events beside them
    GET /topic/  and  /topic/<key>                        topics; one topic (HTML, Turtle, JSON-LD …)
    GET /search?q=   /api/search?q=&limit=&kind=          full-text search (``kg.search``)
    GET /api/terms                                        the ontology's classes and properties (workbench completion)

Pages are rendered on the server (Jinja escapes every value); the scripts only fetch evidence
(/api/edge) and complete the search box. Computation lives in ``kg.stance_views``,
``kg.search`` and ``kg.linked_data``.
"""
from __future__ import annotations

import threading
import time
from datetime import date

from flask import Blueprint, Response, jsonify, render_template, request

from kg import graph as kgg
from kg import linked_data
from kg import stance_views as sv
from kg.config import Settings
from kg.namespaces import ONT, OWL, RDF, RDFS
from kg.query import named_rows
from kg.search import KINDS, open_index
from server import sparql
from server.descriptions import rdf_response
from server.graph_views import facets, row_cache, stance_filters
from server.pages import _RESOURCE_OFFERS, local_path, outside_href

ACTOR_TYPES = ("person", "organization", "country", "actor")
SEARCH_LIMIT = 50
MATRIX_MAX = {"actors": 150, "topics": 60}
"""Rows and columns the matrix page draws (first in the chosen order) unless ?all=1."""
MARK_GAP = 13
"""Pixels between the centres of two timeline marks of one lane (same-day stances sit side by side)."""


_TERMS_QUERY = f"""SELECT ?term ?kind ?label WHERE {{
  VALUES ?kind {{ <{OWL}Class> <{OWL}ObjectProperty>
                 <{OWL}DatatypeProperty> <{OWL}AnnotationProperty>
                 <{RDF}Property> }}
  ?term a ?kind .
  FILTER (STRSTARTS(STR(?term), "{ONT}"))
  OPTIONAL {{ ?term <{RDFS}label> ?label FILTER (LANG(?label) IN ("", "en")) }}
}}"""


class _SearchCache:
    """The search index of the store the holder serves, reopened when the store changes."""

    def __init__(self, holder, settings: Settings, ttl: float = 10.0):
        self.holder, self.settings, self.ttl = holder, settings, ttl
        self._index = None
        self._store_id: int | None = None
        self._at = 0.0
        self._lock = threading.Lock()

    def get(self):
        store = self.holder.get()
        with self._lock:
            if (self._index is None or self._store_id != id(store)
                    or (self.holder.writable and time.monotonic() - self._at > self.ttl)):
                self._index = open_index(store, self.settings.store, self.settings.base_iri)
                self._store_id, self._at = id(store), time.monotonic()
            return self._index


def _selected_rows(rows: list[dict[str, str]], args) -> list[dict[str, str]]:
    """Stance rows under the page's filters (those of the graph page, plus the actor type)."""
    selected = kgg.filter_rows(rows, **stance_filters(args))
    kind = args.get("type", "")
    if kind:
        if kind not in ACTOR_TYPES:
            raise sparql.BadRequest(f"type={kind!r}: choose one of {', '.join(ACTOR_TYPES)}")
        selected = [r for r in selected if r.get("holderType", "actor") == kind]
    return selected


def _days(start: str, end: str) -> tuple[int, int]:
    return date.fromisoformat(start).toordinal(), date.fromisoformat(end).toordinal()


def undated_groups(marks: list[sv.TimelineMark]) -> list[dict]:
    """Undated marks grouped by lane and polarity: one chip each, with all its stances."""
    groups: dict[tuple[str, str], dict] = {}
    for m in marks:
        g = groups.setdefault((m.lane, m.polarity), {"label": m.laneLabel, "polarity": m.polarity, "stances": []})
        g["stances"].append(m.stance)
    return sorted(groups.values(), key=lambda g: (g["label"].lower(), g["polarity"]))


def timeline_layout(marks: list[sv.TimelineMark], events: list[dict], width: int = 620) -> dict:
    """Lanes and x positions (0 … ``width``) of a timeline's dated marks and events, and month ticks."""
    spans = [_days(m.start, m.end) for m in marks] + [_days(e["start"], e["end"]) for e in events]
    if not spans:
        return {"lanes": [], "ticks": [], "events": [], "width": width}
    lo, hi = min(s[0] for s in spans), max(s[1] for s in spans)
    pad = max(3, (hi - lo) // 20)
    lo, hi = lo - pad, hi + pad

    def x(day: float) -> float:
        return round((day - lo) / (hi - lo) * width, 1)

    lanes: dict[str, dict] = {}
    for m in marks:
        a, b = _days(m.start, m.end)
        lane = lanes.setdefault(m.lane, {"id": m.lane, "label": m.laneLabel, "marks": []})
        lane["marks"].append({"mark": m, "x": x((a + b) / 2), "x0": x(a), "x1": x(b + 1)})
    for e in events:
        a, b = _days(e["start"], e["end"])
        e["x"] = x((a + b) / 2)
    events = sorted(events, key=lambda e: e["x"])
    for before, e in zip(events, events[1:]):  # same-day events side by side too
        e["x"] = max(e["x"], before["x"] + MARK_GAP + 3)  # a diamond is wider than a dot
    for lane in lanes.values():  # marks of the same days side by side, not on top of each other
        lane["marks"].sort(key=lambda pm: pm["x"])
        for before, pm in zip(lane["marks"], lane["marks"][1:]):
            pm["x"] = max(pm["x"], before["x"] + MARK_GAP)
    width = max([width] + [pm["x"] + MARK_GAP for lane in lanes.values() for pm in lane["marks"]]
                + [e["x"] + MARK_GAP for e in events])
    ticks = []
    first, last = date.fromordinal(lo), date.fromordinal(hi)
    month = date(first.year, first.month, 1)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    step = max(1, months // 10)
    while month <= last:
        if month.toordinal() >= lo:
            ticks.append({"x": x(month.toordinal()), "label": month.strftime("%b %Y")})
        y, mth = divmod(month.month - 1 + step, 12)
        month = date(month.year + y, mth + 1, 1)
    ordered = sorted(lanes.values(), key=lambda lane: (min(m["x"] for m in lane["marks"]), lane["label"].lower()))
    return {"lanes": ordered, "ticks": ticks, "events": events, "width": width}


def create_blueprint(holder, settings: Settings) -> Blueprint:
    bp = Blueprint("analyst_views", __name__)
    base = settings.base_iri
    cache = row_cache(holder, settings)
    search_index = _SearchCache(holder, settings)

    @bp.app_template_global("href")
    def href(iri: str) -> str:
        """Where a page may link for ``iri``: its path here if minted here, else an http(s) IRI, else ""."""
        return local_path(iri, base) or outside_href(iri) or ""

    def ks():
        return kgg.knowledge_store(settings, holder.get())

    # --- the stance matrix ---------------------------------------------------------------------
    @bp.route("/matrix")
    def matrix_page():
        rows = cache.rows()
        sort = request.args.get("sort", "stances")
        if sort not in sv.MATRIX_SORTS:
            raise sparql.BadRequest(f"sort={sort!r}: choose one of {', '.join(sv.MATRIX_SORTS)}")
        selected = _selected_rows(rows, request.args)
        table = sv.matrix_table(selected, sort)
        shown = {"actors": len(table["actors"]), "topics": len(table["topics"])}
        if request.args.get("all") != "1":  # a page, not 100,000 cells: the CSV has them all
            table["actors"] = table["actors"][:MATRIX_MAX["actors"]]
            table["topics"] = table["topics"][:MATRIX_MAX["topics"]]
        return render_template("matrix.html", table=table, total=shown, facets=facets(rows, base), args=request.args,
                               sort=sort, sorts=sv.MATRIX_SORTS, types=ACTOR_TYPES, base=base,
                               local_path=local_path, query=request.query_string.decode("latin-1"),
                               count=len({r["stance"] for r in selected}))

    @bp.route("/matrix.csv")
    def matrix_csv():
        cells = sv.matrix_cells(_selected_rows(cache.rows(), request.args))
        response = Response(sv.matrix_csv(cells), content_type="text/csv; charset=utf-8")
        response.headers["Content-Disposition"] = 'attachment; filename="stance-matrix.csv"'
        return response

    # --- timelines -----------------------------------------------------------------------------
    @bp.route("/timeline")
    def timeline_page():
        rows = cache.rows()
        actor, topic = request.args.get("actor", "").strip(), request.args.get("topic", "").strip()
        if not actor and not topic:
            return render_template("timeline.html", choose=True, facets=facets(rows, base), t=None)
        if actor and topic:
            raise sparql.BadRequest("give actor= or topic=, not both")
        if actor:
            selected = kgg.filter_rows(rows, actor=actor)
            exact = [r for r in selected if r["holder"] == actor]
            selected = exact or selected
            lane_by, title = "topic", ", ".join(sorted({r.get("holderLabel", r["holder"]) for r in selected}))
            holders = sorted({r["holder"] for r in selected})
            events = _actor_events(holders)
        else:
            selected = [r for r in rows if r["topicKey"] == topic]
            lane_by, title = "actor", (selected[0].get("topicLabel") if selected else topic)
            view = linked_data.topic_view(holder.get(), topic)
            events = [_event_row(e) for e in (view or {}).get("events", [])]
        if not selected:
            raise sparql.NotFound(f"no stance of {'actor ' + actor if actor else 'topic ' + topic} in the store")
        dated, undated = sv.timeline_marks(selected, lane_by)
        dated_events = [e for e in events if e.get("start")]
        layout = timeline_layout(dated, dated_events)
        return render_template("timeline.html", choose=False, t=layout, title=title, lane_by=lane_by,
                               undated=undated_groups(undated), undated_events=[e for e in events if not e.get("start")],
                               changes=[m for m in dated if m.changed], actor=actor, topic=topic,
                               facets=facets(rows, base))

    def _actor_events(holders: list[str]) -> list[dict]:
        out, seen = [], set()
        for iri in holders:
            for e in (linked_data.view(holder.get(), iri, base) or {"events": []})["events"]:
                if e["fact"].value not in seen:
                    seen.add(e["fact"].value)
                    out.append(_event_row(e))
        return out

    def _event_row(e: dict) -> dict:
        when = e["date"].value if "date" in e else ""
        interval = kgg.date_interval(when)
        kind = e["type"].value.rsplit("#", 1)[-1] if "type" in e else "Event"
        return {"iri": e["fact"].value, "href": local_path(e["fact"].value, base), "kind": kind,
                "label": e["label"].value if "label" in e else kind, "date": when,
                "start": interval[0].isoformat() if interval else "", "end": interval[1].isoformat() if interval else "",
                "sentence": " ".join(e["sentence"].value.split()) if "sentence" in e else "",
                "doc": local_path(e["doc"].value, base) if "doc" in e else "",
                "docTitle": e["docTitle"].value if "docTitle" in e else ""}

    # --- topic pages ---------------------------------------------------------------------------
    @bp.route("/topic/")
    def topic_index():
        table = sv.matrix_table(cache.rows(), "stances")
        return render_template("topics.html", topics=table["topics"])

    @bp.route("/topic/<key>")
    def topic_page(key: str):
        fmt = sparql.choose_format(request, _RESOURCE_OFFERS, request.args.get("format"))
        store = holder.get()
        if fmt is not sparql._HTML:
            triples = linked_data.describe(store, linked_data.topic_iri(key), base, settings.max_result_rows)
            if not triples:
                raise sparql.NotFound(f"no topic {key!r} in the store")
            return rdf_response(triples, fmt)
        view = linked_data.topic_view(store, key)
        if view is None:
            raise sparql.NotFound(f"no topic {key!r} in the store")
        rows = [r for r in cache.rows() if r["topicKey"] == key]
        cells = sv.matrix_cells(rows)
        sources: dict[tuple[str, str], list[dict]] = {}
        for r in rows:
            docs = sources.setdefault((r["holder"], r.get("polarity", "")), [])
            if all(d["doc"] != r["doc"] for d in docs):
                docs.append({"doc": r["doc"], "href": local_path(r["doc"], base),
                             "title": r.get("docTitle") or r.get("sourceFile") or r["doc"].rsplit("/", 1)[-1],
                             "when": r.get("when", "")})
        side = {}
        for polarity, attr in (("support", "supporting"), ("oppose", "opposing")):
            side[polarity] = sorted(
                ({"holder": c.holder, "label": c.holderLabel, "href": local_path(c.holder, base),
                  "stances": sorted(getattr(c, attr)), "docs": sources.get((c.holder, polarity), []),
                  "both": c.position == "both"} for c in cells if getattr(c, attr)),
                key=lambda a: (-len(a["stances"]), a["label"].lower()))
        store_ks = ks()
        changes = named_rows(settings, "position-changes", {"topicKey": key}, store=store_ks)
        disagreements = named_rows(settings, "disagreements", {"topicKey": key}, store=store_ks)
        response = Response(render_template(
            "topic.html", t=view, side=side, changes=changes, disagreements=disagreements,
            quotes=view["quotes"], events=[_event_row(e) for e in view["events"]], base=base,
            local_path=local_path, stance_count=len({r["stance"] for r in rows})),
            content_type="text/html; charset=utf-8")
        response.vary.add("Accept")
        return response

    # --- ontology terms (the workbench completes them) ---------------------------------------------
    @bp.route("/api/terms")
    def api_terms():
        """Classes and properties of the ontology (``ont:``), with their labels and kinds."""
        rows = kgg.knowledge_store(settings, holder.get()).select(_TERMS_QUERY)
        terms = {}
        for r in rows:
            iri = r["term"]
            terms.setdefault(iri, {"iri": iri, "term": "ont:" + iri[len(ONT):], "label": r.get("label", ""),
                                   "kind": "class" if r["kind"].endswith("Class") else "property"})
        return jsonify(sorted(terms.values(), key=lambda x: x["term"]))

    # --- search ----------------------------------------------------------------------------------
    def _search(args) -> tuple[str, list[dict]]:
        text = args.get("q", "").strip()
        limit = args.get("limit", "20")
        if not (limit.isascii() and limit.isdigit()) or not 1 <= int(limit) <= SEARCH_LIMIT:
            raise sparql.BadRequest(f"limit={limit!r}: give a number from 1 to {SEARCH_LIMIT}")
        kinds = tuple(k for k in args.getlist("kind") if k) or None
        if kinds and any(k not in KINDS for k in kinds):
            raise sparql.BadRequest(f"kind: choose among {', '.join(KINDS)}")
        if len(text) > 500:
            raise sparql.BadRequest("q is longer than 500 characters")
        hits = search_index.get().search(text, int(limit), kinds) if text else []
        return text, [h.to_dict(base) for h in hits]

    @bp.route("/search")
    def search_page():
        text, hits = _search(request.args)
        return render_template("search.html", q=text, hits=hits)

    @bp.route("/api/search")
    def api_search():
        text, hits = _search(request.args)
        return jsonify({"q": text, "results": hits})

    return bp
