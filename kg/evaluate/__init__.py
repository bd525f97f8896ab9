"""Gold files -> precision / recall / F1 of what extraction put in the graph.

The scorer never looks at how the graph is built: it reads the rows of five named
queries through a ``rows(name)`` callable (``"entities"``, ``"roles"``, ``"stances"``,
``"events"``, ``"quotes"``; each row a dict var -> string, IRIs as full strings,
literals as their lexical form, unbound variables absent) and compares them with the
hand-written gold files documented in ``tests/gold/README.md``. Only documents that
have a gold file are scored; rows of other documents are ignored.

Matching, per kind (every comparison is within one document):

* actors (entities, holders, speakers, persons, organisations, participants, places)
  match by Wikidata ID when both sides have one; otherwise by normalised label
  (casefolded, diacritics and possessive 's stripped, punctuation dropped, a leading
  "the" dropped), where a one-token label also matches a label whose last token it
  equals ("Zelensky" ~ "Volodymyr Zelensky"). A prediction without a label is named
  by the last segment of its IRI (``entity/person/steve-witkoff`` -> "steve witkoff";
  ``entity/Q7747`` -> Wikidata ID Q7747).
* entities: the (document, entity) pair. Type and Wikidata ID are attributes.
* roles: person, and role title compared as token sets after casefolding and unifying
  hyphens and spaces ("Secretary-General" == "secretary general"); the match is
  lenient, the gold tokens a subset of the predicted ones or the other way round.
  When the gold names an organisation, the predicted one must match it.
* stances: holder, topic key and polarity. ``conditional`` and ``date`` are reported
  as attribute accuracy over the matched pairs, not part of the match.
* events: type (the class's local name; the gold may list ``alt_types``), dates
  compatible when both are given (equal, or one a day/month prefix of the other:
  "2025-03" ~ "2025-03-27"), and, when the gold gives participants or a place, at
  least one shared participant or the same place.
* quotes: speaker (a gold speaker of null needs a prediction without one) and text:
  the normalised gold ``quote_start`` is contained in the normalised predicted quote
  (word-aligned), or at least 60% of its tokens occur in it.

Each gold item takes at most one prediction and each prediction serves at most one gold
item. The pairing is greedy: of all (gold, prediction) pairs that match, those that
agree best (same date and conditionality, shared participants, same place, closest
quote text, overlapping evidence) are paired first; ties go by gold file order, then
row order. A prediction left over that would have matched an already matched gold
item is a *duplicate* (the graph holds one node per mention, the gold one item per
fact): it is listed but not counted as a false positive unless
``duplicates_as_fp=True``. Counts are summed over documents (micro-average).

One module per job:

* ``gold.py``         reading and checking gold files (:func:`load_gold`, :class:`GoldError`);
* ``predictions.py``  predicted facts from the named queries' rows;
* ``items.py``        the facts compared, gold and predicted alike, and :class:`Actor`;
* ``normalise.py``    the forms labels, titles, quotes and IRIs are compared in;
* ``matching.py``     the matching rules per kind (:func:`same_actor`, :func:`topic_matches`, ...);
* ``scores.py``       pairing, counting, the report (:class:`EvalReport`) and :func:`evaluate`.

Dates ("2025-03" ~ "2025-03-27") are compared by ``kg/dates.py`` (:func:`dates_compatible`).
"""
from __future__ import annotations

from ..dates import date_prefix as _date, dates_compatible
from .gold import GoldDocument, GoldError, load_gold
from .items import ENTITY_TYPES, KINDS, OPEN_TOPIC_PREFIX, POLARITIES, Actor
from .matching import QUOTE_TOKEN_OVERLAP, roles_match, same_actor, topic_matches
from .normalise import normalise_label, normalise_quote, normalise_role
from .scores import EvalReport, KindScore, RowSource, evaluate

# Internals that scripts use (scripts/train_stance_model.py, notebooks), importable as before.
from .items import _Entity, _Event, _Quote, _Role, _Stance  # noqa: F401
from .matching import (_RULES, _Rules, _entity_rules, _event_rules, _quote_rules, _role_rules,  # noqa: F401
                       _stance_rules)
from .normalise import _doc_id, _fold, _local_name, _qid  # noqa: F401
from .predictions import _BUILD, _predictions  # noqa: F401
from .scores import _score_kind  # noqa: F401

__all__ = [
    "ENTITY_TYPES", "KINDS", "OPEN_TOPIC_PREFIX", "POLARITIES", "QUOTE_TOKEN_OVERLAP", "Actor", "EvalReport",
    "GoldDocument", "GoldError", "KindScore", "RowSource", "dates_compatible", "evaluate", "load_gold",
    "normalise_label", "normalise_quote", "normalise_role", "roles_match", "same_actor", "topic_matches",
]
