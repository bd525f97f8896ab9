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
3. **relates open topics** (``topics.py``): an open topic whose key's words contain another
   topic's is narrower than it (``skos:broader`` to those with the most of its words:
   ``open_tariff_china_electric_vehicle`` under ``open_tariff_china``, under ``open_tariff``),
   and two keys with the same words are one issue (``skos:exactMatch``); keys are already
   canonical (synonyms, countries), so two documents that word one issue alike share it.
4. **tidies the entities graph**: drops the description of every entity no document graph
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

One module per job:

* ``step.py``          :func:`consolidate`: read, cluster, merge, tidy, write in one transaction;
  ``ConsolidationReport``, what it did;
* ``marker.py``        the generation marker (:func:`needs_consolidation`);
* ``reports.py``       reading the per-document event and statement nodes, entity names;
* ``clustering.py``    greedy agglomeration of linked reports, blocking;
* ``events.py``        when two event reports are the same event; the merged event node;
* ``statements.py``    when two quotes are the same statement; the merged statement node;
* ``merged_nodes.py``  what every merged node carries;
* ``topics.py``        relating open topics by the words of their keys;
* ``entities.py``      tidying the entities graph (unused descriptions, conflicting types).
"""
from __future__ import annotations

from .events import event_label
from .entities import ENTITY_CLASSES
from .marker import GENERATION_VERSION, consolidated_generation, generation, mark_consolidated, \
    needs_consolidation
from .reports import EVENT_CLASSES, normalise_quote
from .statements import MIN_OVERLAP_WORDS, MIN_QUOTE_WORDS, QUOTE_JACCARD, QUOTE_OVERLAP
from .step import ConsolidationReport, consolidate

__all__ = ["ConsolidationReport", "consolidate", "event_label", "needs_consolidation", "normalise_quote",
           "ENTITY_CLASSES", "EVENT_CLASSES", "GENERATION_VERSION", "MIN_OVERLAP_WORDS", "MIN_QUOTE_WORDS",
           "QUOTE_JACCARD", "QUOTE_OVERLAP", "consolidated_generation", "generation", "mark_consolidated"]
