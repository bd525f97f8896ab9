"""What is known about one minted IRI: its RDF description and the view its page shows.

Store queries only: the server renders them (``server/pages.py``, ``server/analyst_views.py``)
and ``KnowledgeGraph.describe`` returns them (``kg/api.py``).
The description is CBD-style: every triple with the resource as subject (and one level of
blank nodes), the facts that point at it (stances, roles, quotes, events) with their own
triples and the exact words of their evidence and sentence, and the documents that mention it.
"""
from __future__ import annotations

import pyoxigraph as ox

from .mapping import FACT_KINDS, IRIs
from .namespaces import DCT, OWL, RDF, RDFS, TOPIC, sparql_prefixes

PREFIXES = sparql_prefixes("ont", "nif", "prov", "dct", "schema", "rdfs", "skos", "owl")
FACT_SPACES = tuple(f"{kind}/" for kind in FACT_KINDS)


def _bind(query: str, iri: str) -> str:
    """``query`` with ``?this`` replaced by the IRI (validated by NamedNode, so it cannot break out)."""
    return query.replace("?this", str(ox.NamedNode(iri)))

_DESCRIBE = PREFIXES + """
CONSTRUCT { ?this ?p ?o . ?o ?bp ?bo . ?f ?fp ?fo . ?span nif:anchorOf ?anchor . ?doc schema:mentions ?this . }
WHERE {
  { ?this ?p ?o OPTIONAL { FILTER(isBlank(?o)) ?o ?bp ?bo } }
  UNION
  { ?f ?link ?this FILTER(%s) ?f ?fp ?fo
    OPTIONAL { FILTER(?fp IN (ont:evidence, ont:sentence)) ?fo nif:anchorOf ?anchor BIND(?fo AS ?span) } }
  UNION
  { ?doc schema:mentions ?this }
}"""


def _fact_filter(base: str) -> str:
    iris = IRIs(base)
    return " || ".join(f'STRSTARTS(STR(?f), "{iris.space(kind)}")' for kind in FACT_KINDS)


def describe(store: ox.Store, iri: str, base: str, limit: int = 100_000) -> list[ox.Triple]:
    """The RDF description of ``iri`` (empty if the store knows nothing about it)."""
    results = store.query(_bind(_DESCRIBE % _fact_filter(base), iri) + f"\nLIMIT {limit}",
                          use_default_graph_as_union=True)
    return list(dict.fromkeys(results))


def _rows(store: ox.Store, query: str, iri: str) -> list[dict]:
    solutions = store.query(_bind(PREFIXES + query, iri), use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    return [{name: row[name] for name in names if row[name] is not None} for row in solutions]


_PROVENANCE = """
  OPTIONAL { ?fact ont:evidence/nif:anchorOf ?evidence }
  OPTIONAL { ?fact ont:sentence/nif:anchorOf ?sentence }
  OPTIONAL { ?fact prov:wasDerivedFrom ?doc OPTIONAL { ?doc dct:title ?docTitle } }
  OPTIONAL { ?fact ont:date ?date }
"""

_STANCES = """SELECT ?fact ?topic ?topicLabel ?polarity ?conditional ?cue ?via ?reportedBy ?confidence
  ?evidence ?sentence ?doc ?docTitle ?date WHERE {
  ?fact a ont:Stance ; ont:holder ?this .
  OPTIONAL { ?fact ont:topic ?topic OPTIONAL { ?topic skos:prefLabel ?topicLabel } }
  OPTIONAL { ?fact ont:polarity ?polarity } OPTIONAL { ?fact ont:conditional ?conditional }
  OPTIONAL { ?fact ont:cue ?cue } OPTIONAL { ?fact ont:confidence ?confidence }
  OPTIONAL { ?fact ont:via/rdfs:label ?via }
  OPTIONAL { ?fact ont:reportedBy/rdfs:label ?reportedByLabel }
  OPTIONAL { ?fact ont:reportedByDescription ?reportedByDescription }
  BIND(COALESCE(?reportedByLabel, ?reportedByDescription) AS ?reportedBy)
""" + _PROVENANCE + "} ORDER BY ?date ?fact"

_ROLES = """SELECT ?fact ?roleName ?holder ?holderLabel ?org ?orgLabel ?evidence ?sentence ?doc ?docTitle ?date WHERE {
  ?fact a ont:Role .
  { ?fact ont:roleHolder ?this } UNION { ?fact ont:roleIn ?this }
  OPTIONAL { ?fact ont:roleName ?roleName }
  OPTIONAL { ?fact ont:roleHolder ?holder OPTIONAL { ?holder rdfs:label ?holderLabel } }
  OPTIONAL { ?fact ont:roleIn ?org OPTIONAL { ?org rdfs:label ?orgLabel } }
""" + _PROVENANCE + "} ORDER BY ?roleName ?fact"

_EVENTS = """SELECT ?fact ?type ?label ?place ?placeLabel ?how ?evidence ?sentence ?doc ?docTitle ?date WHERE {
  { ?fact ont:participant ?this BIND("participant" AS ?how) } UNION { ?fact ont:host ?this BIND("host" AS ?how) }
  FILTER NOT EXISTS { ?fact ont:quote ?q }
  OPTIONAL { ?fact a ?type }
  OPTIONAL { ?fact rdfs:label ?label }
  OPTIONAL { ?fact ont:place ?place OPTIONAL { ?place rdfs:label ?placeLabel } }
""" + _PROVENANCE + "} ORDER BY ?date ?fact"

_QUOTES = """SELECT ?fact ?quote ?evidence ?sentence ?doc ?docTitle ?date WHERE {
  ?fact ont:speaker ?this ; ont:quote ?quote .
""" + _PROVENANCE + "} ORDER BY ?date ?fact"

_MENTIONS = """SELECT ?doc ?docTitle ?date WHERE {
  ?doc schema:mentions ?this OPTIONAL { ?doc dct:title ?docTitle } OPTIONAL { ?doc dct:date ?date }
} ORDER BY ?date ?doc"""

_TEXT = """SELECT ?text WHERE { ?this ont:text/nif:isString ?text } LIMIT 1"""


def _merge_types(rows: list[dict], key: str = "type") -> list[dict]:
    merged: dict[str, dict] = {}
    for row in rows:
        fact = row["fact"].value
        if fact in merged:
            if key in row and row[key] not in merged[fact]["types"]:   # a merged fact repeats its type per document
                merged[fact]["types"].append(row[key])
            continue
        row["types"] = [row[key]] if key in row else []
        merged[fact] = row
    return list(merged.values())


def view(store: ox.Store, iri: str, base: str) -> dict | None:
    """Everything the resource page shows, or None if the store knows nothing about ``iri``."""
    outgoing = list(store.quads_for_pattern(ox.NamedNode(iri), None, None, None))
    stances = _rows(store, _STANCES, iri)
    roles = _merge_types(_rows(store, _ROLES, iri), "")
    events = _merge_types(_rows(store, _EVENTS, iri))
    quotes = _rows(store, _QUOTES, iri)
    mentions = _rows(store, _MENTIONS, iri)
    if not (outgoing or stances or roles or events or quotes or mentions):
        return None
    labels = [q.object for q in outgoing if q.predicate.value == RDFS + "label"]
    titles = [q.object for q in outgoing if q.predicate.value == DCT + "title"]
    types = [q.object for q in outgoing if q.predicate.value == RDF + "type"]
    same_as = sorted({q.object.value for q in outgoing if q.predicate.value == OWL + "sameAs"})
    text = _rows(store, _TEXT, iri)
    seen = set()
    properties = []
    for q in outgoing:
        key = (q.predicate, q.object)
        if key not in seen:
            seen.add(key)
            properties.append(key)
    return {
        "iri": iri,
        "label": (labels or titles or [None])[0],
        "types": types,
        "wikidata": [s for s in same_as if s.startswith("http://www.wikidata.org/")],
        "dbpedia": [s for s in same_as if s.startswith("http://dbpedia.org/")],
        "same_as": same_as,
        "stances": stances,
        "roles": roles,
        "events": events,
        "quotes": quotes,
        "mentions": mentions,
        "properties": properties,
        "text": text[0]["text"].value if text else None,
    }


# --- topic pages ----------------------------------------------------------------------------------

_TOPIC_INFO = """SELECT ?p ?o WHERE {
  ?this ?p ?o FILTER (?p IN (skos:prefLabel, skos:altLabel, skos:definition, skos:scopeNote, skos:inScheme,
                               skos:related, skos:broader, skos:exactMatch, skos:notation))
}"""

_TOPIC_NARROWER = """SELECT DISTINCT ?narrower WHERE { ?narrower skos:broader ?this } ORDER BY ?narrower"""

_TOPIC_QUOTES = """SELECT ?fact (SAMPLE(?q) AS ?quote) (SAMPLE(?sp) AS ?speaker) (SAMPLE(?spl) AS ?speakerLabel)
  (SAMPLE(?s) AS ?sentence) (SAMPLE(?d) AS ?doc) (SAMPLE(?dt) AS ?docTitle) (SAMPLE(?dd) AS ?date) WHERE {
  ?stance ont:topic ?this ; ont:sentence ?span .
  ?fact ont:quote ?q ; ont:sentence ?span .
  OPTIONAL { ?fact ont:speaker ?sp OPTIONAL { ?sp rdfs:label ?spl } }
  OPTIONAL { ?span nif:anchorOf ?s }
  OPTIONAL { ?fact prov:wasDerivedFrom ?d OPTIONAL { ?d dct:title ?dt } }
  OPTIONAL { ?fact ont:date ?dd }
} GROUP BY ?fact ORDER BY ?date ?fact"""

_TOPIC_EVENTS = """SELECT ?fact (SAMPLE(?c) AS ?type) (SAMPLE(?l) AS ?label) (SAMPLE(?s) AS ?sentence)
  (SAMPLE(?d) AS ?doc) (SAMPLE(?dt) AS ?docTitle) (SAMPLE(?dd) AS ?date) WHERE {
  ?stance ont:topic ?this ; prov:wasDerivedFrom ?d ; ont:holder ?holder ; ont:sentence ?span .
  ?fact prov:wasDerivedFrom ?d ; a ?c .
  ?c rdfs:subClassOf ont:Event .
  FILTER (?c != ont:Statement)
  { ?fact ont:sentence ?span } UNION { ?fact ont:participant ?holder } UNION { ?fact ont:host ?holder }
  OPTIONAL { ?fact rdfs:label ?l }
  OPTIONAL { ?fact ont:sentence/nif:anchorOf ?s }
  OPTIONAL { ?d dct:title ?dt }
  OPTIONAL { ?fact ont:date ?dd }
} GROUP BY ?fact ORDER BY ?date ?fact"""


def topic_iri(key: str) -> str:
    """The IRI of the topic whose notation is ``key`` (taxonomy and open topics share the namespace)."""
    return TOPIC + key


def topic_view(store: ox.Store, key: str) -> dict | None:
    """What a topic page shows besides its stances: labels, definition, scheme, related topics,
    the quotes said in the sentences of its stances, and the events of its articles in which
    one of its stance holders took part (or that its stance sentences report). None if unknown."""
    try:
        iri = ox.NamedNode(topic_iri(key)).value
    except ValueError:
        return None
    info = _rows(store, _TOPIC_INFO, iri)
    if not info:
        return None
    values: dict[str, list] = {}
    for row in info:
        values.setdefault(row["p"].value.rsplit("#", 1)[-1], []).append(row["o"])
    return {
        "iri": iri, "key": key,
        "label": next((v.value for v in values.get("prefLabel", [])), key),
        "altLabels": sorted({v.value for v in values.get("altLabel", [])}),
        "definition": next((v.value for v in values.get("definition", [])), ""),
        "scopeNote": next((v.value for v in values.get("scopeNote", [])), ""),
        "scheme": next((v.value for v in values.get("inScheme", [])), ""),
        "open": key.startswith("open_"),
        "related": sorted({v.value[len(TOPIC):] for v in values.get("related", []) + values.get("exactMatch", [])
                           if isinstance(v, ox.NamedNode) and v.value.startswith(TOPIC)}),
        # open topics related across documents by the words of their keys (kg/consolidate/topics.py)
        "broader": sorted({v.value[len(TOPIC):] for v in values.get("broader", [])
                           if isinstance(v, ox.NamedNode) and v.value.startswith(TOPIC)}),
        "narrower": [row["narrower"].value[len(TOPIC):] for row in _rows(store, _TOPIC_NARROWER, iri)
                     if row["narrower"].value.startswith(TOPIC)],
        "quotes": _rows(store, _TOPIC_QUOTES, iri),
        "events": _rows(store, _TOPIC_EVENTS, iri),
    }
