"""Relating open topics across documents.

An open topic's key is the canonical form of a document's words for an issue
(``kg.extract.topics.canonical_key``: "duties on Chinese EVs" and "tariffs on Chinese electric
vehicles" share ``open_tariff_china_electric_vehicle``), so documents that word one issue the
same way already share its concept. This step relates the concepts whose words contain one
another, over the whole store: ``open_tariff_china_electric_vehicle`` is narrower than
``open_tariff_china`` and ``open_tariff`` when the store has them (``skos:broader``, to the
topics with the most of its words), and two keys with the same words in another order are the
same issue (``skos:exactMatch``). Each key is looked up by the sets of its words, so the step
grows with the number of topics, not with its square.
"""
from __future__ import annotations

from itertools import combinations

import pyoxigraph as ox

from ..namespaces import SKOS
from ..store import KnowledgeStore

OPEN_PREFIX = "open_"
MAX_WORDS = 9          # a longer key is not split (at most 2**9 word sets looked up per topic)


def open_topics(store: KnowledgeStore) -> dict[ox.NamedNode, frozenset[str]]:
    """Every open topic concept in a document graph, with the words of its key."""
    query = f"""SELECT DISTINCT ?c ?n WHERE {{ GRAPH ?g {{
        ?c <{SKOS}notation> ?n FILTER (STRSTARTS(STR(?n), "{OPEN_PREFIX}")) }} }}"""
    out: dict[ox.NamedNode, frozenset[str]] = {}
    for row in store.store.query(query):
        words = frozenset(w for w in row["n"].value[len(OPEN_PREFIX):].split("_") if w)
        if words:
            out[row["c"]] = words
    return out


def topic_links(topics: dict[ox.NamedNode, frozenset[str]], graph: ox.NamedNode) -> list[ox.Quad]:
    """``skos:broader`` from each open topic to the topics whose words are the largest proper
    subset of its own found in the store; ``skos:exactMatch`` between keys with the same words."""
    by_words: dict[frozenset[str], list[ox.NamedNode]] = {}
    for node, words in topics.items():
        by_words.setdefault(words, []).append(node)
    broader, exact = ox.NamedNode(SKOS + "broader"), ox.NamedNode(SKOS + "exactMatch")
    quads: list[ox.Quad] = []
    for node, words in sorted(topics.items(), key=lambda item: item[0].value):
        if not 1 < len(words) <= MAX_WORDS:
            continue
        ordered = sorted(words)
        for size in range(len(words) - 1, 0, -1):
            found = {b for sub in combinations(ordered, size) for b in by_words.get(frozenset(sub), ())}
            if found:
                quads.extend(ox.Quad(node, broader, b, graph) for b in sorted(found, key=lambda n: n.value))
                break
    for nodes in by_words.values():
        for a in nodes:
            quads.extend(ox.Quad(a, exact, b, graph) for b in nodes if b != a)
    return quads
