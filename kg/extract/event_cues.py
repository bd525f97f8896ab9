"""The event cue file (``ontology/event-cues.tsv``): which words open which event class, on
what conditions. The columns and conditions are described in ``kg/extract/events.py``."""
from __future__ import annotations

import csv
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

from ..resources import data_path

log = logging.getLogger(__name__)

HOST = "@host"      # cue file: "hosted by X" makes X the host
AGENT = "@agent"    # cue file: the subject of this verb takes part in the event noun it governs
SCHEDULED = "@scheduled"   # cue file: "is expected to / set to / plans to" + event: planned, not merely wished
ACTOR_TYPES = ("Person", "Organization", "Country")
LOCATION_TYPES = ("Place", "Country")

# Grammar, not domain knowledge: which prepositions fill which slot, per event class.
_PREP_SLOTS: dict[str, dict[str, str]] = {
    "*": {"with": "participant", "between": "participant", "among": "participant", "by": "participant",
          "of": "participant", "in": "place", "at": "place"},
    "Visit": {"to": "place"},
    "Invasion": {"into": "participant", "against": "participant"},
    "Application": {"for": "deep"},
}
# A trigger noun in such a phrase of a verb shares that clause's actor and time ("spoke at the meeting").
_CIRCUMSTANCE_PREPS = {"at", "during", "in", "amid", "throughout"}
_CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "acl", "xcomp", "parataxis", "csubj", "conj"}
_CONTROL_DEPS = {"xcomp", "advcl", "pcomp", "conj"}   # subjectless verbs whose actor is the governing clause's
_CONDITIONAL_MARKS = {"if", "unless", "whether"}
_NEGATIONS = {"not", "n't", "never", "no"}
_LINK_HEADLINE = re.compile(r"^\s*(?:read also|read more|see also|related)\s*:", re.IGNORECASE)
_EVENT_TYPE = re.compile(r"^(?:[A-Z][A-Za-z]+|@host|@agent|@scheduled)$")


# --- the cue file -----------------------------------------------------------------

@dataclass(frozen=True)
class EventCue:
    word: str                  # a lemma, or a lower-case word form ("talks")
    pos: str                   # "VERB" | "NOUN"
    etype: str                 # ontology class local name, or "@host", "@agent", "@scheduled"
    requires: tuple[str, ...] = ()


@dataclass
class EventCues:
    cues: dict[tuple[str, str], EventCue]
    # from ontology/cues.tsv: the auxiliaries of a future ("will meet") and of a possibility ("could meet")
    future: frozenset[str] = frozenset()
    modals: frozenset[str] = frozenset()

    def match(self, token: Token) -> EventCue | None:
        """The cue a token is, by word form first, then by lemma; its ``requires`` must hold."""
        pos = "VERB" if token.pos_ == "VERB" else "NOUN" if token.pos_ in ("NOUN", "PROPN") else None
        if pos is None:
            return None
        for word in (token.lower_, token.lemma_.lower()):
            cue = self.cues.get((word, pos))
            if cue is not None and all(self._requirement_met(token, r) for r in cue.requires):
                return cue
        return None

    def is_role(self, token: Token, role: str) -> bool:
        """Is ``token`` an ``@agent`` verb (a host verb counts) or an ``@host`` verb?"""
        cue = self.cues.get((token.lemma_.lower(), "VERB")) if token.pos_ == "VERB" else None
        return cue is not None and (cue.etype == role or (role == AGENT and cue.etype == HOST))

    def _requirement_met(self, token: Token, requirement: str) -> bool:
        """``with:LEMMA``: a word of the trigger's own phrase (``with-any:A|B``: one of them);
        ``no-infinitive``: no "to" complement;
        ``agent-object``: the object of an ``@agent`` verb ("presented its trade terms")."""
        if requirement.startswith("with-any:"):       # "with-any:with|phone": one of these words
            wants = set(requirement[9:].lower().split("|"))
            return any(t.lemma_.lower() in wants or t.lower_ in wants for t in _phrase(token))
        if requirement.startswith("with:"):
            want = requirement[5:].lower()
            return any(t.lemma_.lower() == want or t.lower_ == want for t in _phrase(token))
        if requirement.startswith("with-actor:"):    # "spoke with Zelensky": that preposition names someone
            preps = set(requirement[11:].lower().split("|"))
            return any(c.dep_ == "prep" and c.lower_ in preps and any(
                o.dep_ == "pobj" and o.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") for o in c.children)
                for c in token.children)
        if requirement == "agent-object":
            return token.dep_ == "dobj" and self.is_role(token.head, AGENT)
        if requirement == "no-infinitive":
            return not any(c.pos_ in ("VERB", "AUX") and any(g.lower_ == "to" and g.dep_ == "aux" for g in c.children)
                           for c in token.children)
        log.warning("event-cues.tsv: unknown requirement %r", requirement)
        return False


@lru_cache(maxsize=4)
def load_event_cues(directory: str | None = None) -> EventCues:
    """``event-cues.tsv``: lemma (or exact word form), pos (VERB|NOUN), event_type, requires, note."""
    path = Path(directory or data_path("ontology")) / "event-cues.tsv"
    cues: dict[tuple[str, str], EventCue] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for lineno, row in enumerate(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), start=2):
            word = (row.get("lemma") or "").strip().lower()
            pos = (row.get("pos") or "").strip().upper()
            etype = (row.get("event_type") or "").strip()
            if not word or pos not in ("VERB", "NOUN") or not _EVENT_TYPE.match(etype):
                log.warning("%s:%d: skipping malformed event cue %r", path, lineno, row)
                continue
            cues[(word, pos)] = EventCue(word, pos, etype, tuple((row.get("requires") or "").split()))
    from ..lexicon import load_cues
    words = load_cues(directory)      # the same domain's word lists: kinds future_aux and speaker_modal
    return EventCues(cues, frozenset(words.future_auxes), frozenset(words.speaker_modals))


# --- the parse around a trigger -----------------------------------------------------

def _phrase(token: Token) -> list[Token]:
    """The token's own phrase: its dependents, without descending into other clauses."""
    out, stack = [], list(token.children)
    while stack:
        t = stack.pop()
        if t.dep_ in _CLAUSE_DEPS or (t.pos_ in ("VERB", "AUX") and t.dep_ != "amod"):
            continue
        out.append(t)
        stack.extend(t.children)
    return out
