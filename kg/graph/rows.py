"""Rows from the store that the graphs are built from: the named query ``stances``, completed
with the actors' types, the topics' labels and the documents' metadata; the evidence behind
stances; and the filters the page and ``kg graph`` apply to them."""
from __future__ import annotations

from typing import Iterable

from ..config import Settings
from ..dates import date_interval
from ..namespaces import ONT, SKOS, sparql_prefixes
from ..query import named_rows
from ..store import KnowledgeStore, open_store

_ACTOR_TYPES_QUERY = f"""
SELECT ?actor ?class WHERE {{
  VALUES ?class {{ <{ONT}Person> <{ONT}Organization> <{ONT}Country> }}
  ?actor a ?class .
}}"""

_TOPIC_LABELS_QUERY = f"""
SELECT ?key ?label WHERE {{
  ?topic <{SKOS}notation> ?key .
  OPTIONAL {{ ?topic <{SKOS}prefLabel> ?label FILTER (LANG(?label) = "" || LANGMATCHES(LANG(?label), "en")) }}
}}"""

_STANCE_DETAILS_QUERY = "\n" + sparql_prefixes("ont", "nif", "prov", "dct", "schema", "rdfs") + """\
SELECT ?stance ?cue ?words ?sentence ?reportedBy ?reportedByLabel ?reportedByDescription
       ?docTitle ?docUrl ?docPublisher ?docDate ?docFile
WHERE {
  ?stance a ont:Stance ; prov:wasDerivedFrom ?doc .
  OPTIONAL { ?stance ont:cue ?cue }
  OPTIONAL { ?stance ont:evidence/nif:anchorOf ?words }
  OPTIONAL { ?stance ont:sentence/nif:anchorOf ?sentence }
  OPTIONAL { ?stance ont:reportedBy ?reportedBy OPTIONAL { ?reportedBy rdfs:label ?reportedByLabel } }
  OPTIONAL { ?stance ont:reportedByDescription ?reportedByDescription }
  OPTIONAL { ?doc dct:title ?docTitle }
  OPTIONAL { ?doc schema:url ?docUrl }
  OPTIONAL { ?doc dct:publisher ?docPublisher }
  OPTIONAL { ?doc dct:date ?docDate }
  OPTIONAL { ?doc ont:sourceFile ?docFile }
}"""


def knowledge_store(settings: Settings, store=None) -> KnowledgeStore:
    """A :class:`KnowledgeStore` over ``store`` (a KnowledgeStore, a ``pyoxigraph.Store``) or
    over ``settings.store`` opened read-only when ``store`` is None."""
    if store is None:
        return open_store(settings)
    return KnowledgeStore.of(store, settings.base_iri)


def stance_rows(settings: Settings, store=None) -> list[dict[str, str]]:
    """Rows of the named query ``stances``, each completed with what the graphs need.

    Added keys: ``holderType`` (person, organization, country or actor), ``topicLabel``,
    ``docDate``, ``docTitle``, ``publisher``, ``sourceFile``, and ``when``: the stance's own
    date, else its article's date, else "" (undated).
    """
    ks = knowledge_store(settings, store)
    rows = named_rows(settings, "stances", store=ks)
    types: dict[str, str] = {}
    for row in ks.select(_ACTOR_TYPES_QUERY):
        kind = row["class"][len(ONT):].lower()
        # a country is also an organisation-like actor; the most specific type wins
        if types.get(row["actor"]) not in ("person", "country"):
            types[row["actor"]] = kind
    labels = {row["key"]: row.get("label", row["key"]) for row in ks.select(_TOPIC_LABELS_QUERY)}
    docs = {row["doc"]: row for row in named_rows(settings, "documents", store=ks)}
    out = []
    for row in rows:
        doc = docs.get(row["doc"], {})
        full = dict(row)
        full["holderType"] = types.get(row["holder"], "actor")
        full["topicLabel"] = labels.get(row["topicKey"], row["topicKey"])
        full["docDate"] = doc.get("date", "")
        full["docTitle"] = doc.get("title", "")
        full["publisher"] = doc.get("publisher", "")
        full["sourceFile"] = doc.get("file", "")
        full["when"] = row.get("date") or doc.get("date", "")
        out.append(full)
    return out


def stance_details(settings: Settings, stances: Iterable[str], store=None) -> dict[str, dict[str, str]]:
    """Evidence behind stances (by IRI): cue, exact words, sentence, reporter, article metadata."""
    iris = [s for s in dict.fromkeys(stances) if s]
    if not iris:
        return {}
    values = " ".join(f"<{iri}>" for iri in iris if ">" not in iri and " " not in iri)
    sparql = _STANCE_DETAILS_QUERY.replace("WHERE {", "WHERE { VALUES ?stance { " + values + " }", 1)
    details: dict[str, dict[str, str]] = {}
    for row in knowledge_store(settings, store).select(sparql):
        details.setdefault(row["stance"], row)
    return details


def filter_rows(rows: Iterable[dict[str, str]], topic: str | None = None, actor: str | None = None,
                source: str | None = None, date_from: str | None = None, date_to: str | None = None,
                include_undated: bool = True) -> list[dict[str, str]]:
    """Stance rows matching every filter given.

    ``topic``: a topic key; ``actor``: the holder's IRI, Wikidata IRI or Q-id, or (part of) its
    label; ``source``: the document's IRI, file name, title or publisher; ``date_from`` /
    ``date_to``: ISO dates (or months, years) the stance's date interval must touch.
    """
    start = date_interval(date_from)[0] if date_interval(date_from or "") else None
    end = date_interval(date_to)[1] if date_interval(date_to or "") else None
    actor_lc = (actor or "").strip().lower()
    source_lc = (source or "").strip().lower()
    out = []
    for row in rows:
        if topic and row.get("topicKey") != topic:
            continue
        if actor_lc and not (
                actor_lc in (row.get("holder", "").lower(), row.get("holderWikidata", "").lower())
                or row.get("holderWikidata", "").lower().endswith("/" + actor_lc)
                or actor_lc in row.get("holderLabel", "").lower()):
            continue
        if source_lc and source_lc not in (row.get("doc", "").lower(), row.get("sourceFile", "").lower(),
                                           row.get("docTitle", "").lower(), row.get("publisher", "").lower()):
            continue
        if start or end:
            interval = date_interval(row.get("when", ""))
            if interval is None:
                if not include_undated:
                    continue
            elif (start and interval[1] < start) or (end and interval[0] > end):
                continue
        elif not include_undated and date_interval(row.get("when", "")) is None:
            continue
        out.append(row)
    return out
