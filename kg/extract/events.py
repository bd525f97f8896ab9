"""Events: meetings, talks, visits, proposals, applications, invasions and announcements.

A trigger word from ``ontology/event-cues.tsv`` (a verb or a noun) opens an event of the
cue's class; the parse around it fills the slots:

* **participants**: actors (Person, Organization, Country) that are the subject of a
  trigger verb (or its passive agent) and its object; the object of "with", "between",
  "among", "by" or "of"; the possessor or an entity modifier of a trigger noun ("Chile's
  proposal", "EU-Mercosur discussions", "Peruvian negotiators"); with conjuncts and appositions
  ("envoy Ana Duarte and ... Tomas Lind"). A trigger noun takes the actor of its
  clause when it is the object of a verb of taking part ("pursued negotiations", "presented
  a counter-proposal"; the ``@agent`` rows of the cue file) or sits in a circumstantial
  phrase of the clause ("spoke at the meeting", "during a visit"); not when it is merely
  talked about ("opposed the plan", "briefed on the talks").
* **place**: a Place or Country that is the object of "in"/"at" ("to" for a visit) in the
  trigger's phrase or clause ("held in Lisbon", "met ... in Ottawa", "a visit to
  Chile"), or a place modifying the noun ("the Nairobi meeting").
* **host**: the agent of an ``@host`` verb after the trigger in the same sentence ("talks
  ..., hosted by Chilean President Ana Duarte"), or the subject of an ``@host`` verb
  governing the trigger ("Duarte hosted the talks"). The host is a participant too.
* **date**: a date expression attached to the trigger, or to its clause when the trigger is
  the clause's subject, object or circumstance ("met ... over the weekend", "was held ...
  on March 27", "applied ... as early as May 2019"). There is no fall-back to the
  article's date: an event whose sentence gives no date has none, and a relative date in
  an undated article ("Tuesday") gives none either.

Not emitted: a trigger with no participant, place or date (generic "negotiations"); a
negated, conditional or merely wished one ("no talks", "could meet", "if they meet",
"wants to visit", "offered to host a summit": the offer itself is a Proposal); an
indefinite event noun that is only talked about ("he backed direct talks"); one inside a
direct quotation (the quote is kept as a statement); link headlines ("Read also: ...").
A planned event is kept, with its date when the text gives one ("will visit Lima", "is
expected to travel", "talks are set to continue on Monday"; the ``@scheduled`` rows of the
cue file). Statements are the quotes extractor's. Within one document, another mention of
the same event ("before meeting with the trade envoys", "after the meeting") is folded into
the richest mention when type and dates agree and they share a participant or the place.

The cue file's columns: ``lemma`` (a lemma, or an exact lower-case word form such as
"talks"), ``pos`` (VERB or NOUN), ``event_type`` (an ontology class local name, or
``@agent`` / ``@host`` / ``@scheduled`` for the verbs described above), ``requires``
(space-separated conditions: ``with:LEMMA`` a word of the trigger's own phrase, as in
"order" + "troop" + "into"; ``with-any:A|B`` one of these words, as in a "phone" or "video" call;
``no-infinitive``; ``agent-object``) and ``note``.
"""
from __future__ import annotations

import csv
import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Span as SpacySpan, Token

from ..consolidate import event_label
from ..facts import DateValue, DocumentFacts, EventFact
from ..resources import data_path
from .context import DocContext

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
_MODALS = {"could", "might", "may", "should", "can", "must", "ought"}
_FUTURE = {"will", "shall", "'ll", "wo", "would", "'d"}    # "would" as reported future: "would meet ... next week"
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
    return EventCues(cues)


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


def _is_clause_verb(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") and token.dep_ != "amod"


def _clause_verb(token: Token) -> Token:
    """The nearest verb governing ``token`` (itself if a verb), skipping participle modifiers."""
    t = token
    while not _is_clause_verb(t) and t.head.i != t.i:
        t = t.head
    return t


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in verb.children)


def _frame(verb: Token) -> list[Token]:
    """The clause of ``verb`` and, while it is a subjectless verb controlled from above
    ("Before meeting ..., Duarte told"; "calling it ... in a meeting"), the clauses above it."""
    frame = [verb]
    while len(frame) < 4 and not _has_subject(frame[-1]) and frame[-1].head.i != frame[-1].i:
        v = frame[-1]
        if v.dep_ not in _CONTROL_DEPS and v.head.pos_ != "ADP":
            break
        frame.append(_clause_verb(v.head))
    return frame


def _with_complements(verbs: list[Token]) -> set[int]:
    """Positions of the frame's verbs and of their infinitive complements ("set to continue")."""
    out, stack = set(), list(verbs)
    while stack:
        v = stack.pop()
        if v.i not in out:
            out.add(v.i)
            stack.extend(c for c in v.children if c.dep_ == "xcomp")
    return out


def _irrealis(verb: Token, cues: EventCues) -> str | None:
    """'negated', 'hypothetical' or 'future' for a clause that does not report a past or present fact.

    A future is kept ("will meet", "is expected to travel", "talks are set to continue");
    a wish, offer or attempt ("wants to visit", "offered to host a summit") is hypothetical."""
    chain = [verb]
    while chain[-1].dep_ == "xcomp" and chain[-1].head.i != chain[-1].i and len(chain) < 4:
        chain.append(chain[-1].head)
    for v in chain:
        auxes = [c.lower_ for c in v.children if c.dep_ in ("aux", "auxpass")]
        for c in v.children:
            low = c.lower_
            if c.dep_ == "neg" or (c.dep_ == "advmod" and low in _NEGATIONS):
                return "negated"
            if c.dep_ == "mark" and low in _CONDITIONAL_MARKS:
                return "hypothetical"
        if any(a in _MODALS for a in auxes) or (any(a in ("would", "'d") for a in auxes) and "have" in auxes):
            return "hypothetical"
        if any(a in _FUTURE for a in auxes) or any(
                c.dep_ == "aux" and c.lemma_ == "go" and c.tag_ == "VBG" for c in v.children):
            return "future"
    if verb.dep_ == "xcomp":
        return "future" if cues.is_role(verb.head, SCHEDULED) else "hypothetical"
    if verb.dep_ in ("acl", "advcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return "hypothetical"      # "a decision to visit", "in order to meet"
    return None


# --- who and where ---------------------------------------------------------------

def _entity_type(ctx: DocContext, key: str) -> str | None:
    entity = ctx.index.entities.get(key)
    if entity is None and key in ctx.gaz.entries:
        entity = ctx.gaz.entries[key].entity()
        ctx.index.entities.setdefault(key, entity)
    return entity.etype if entity else None


def _actor_key(ctx: DocContext, token: Token) -> str | None:
    key = ctx.entity_key(token)
    return key if key and _entity_type(ctx, key) in ACTOR_TYPES else None


def _place_key(ctx: DocContext, token: Token) -> str | None:
    key = ctx.index.key_at(token.i)     # no metonymy here: "in Ottawa" is the city
    return key if key and _entity_type(ctx, key) in LOCATION_TYPES else None


def _conjuncts(token: Token) -> list[Token]:
    """The token and its coordinated siblings, leaving out possessors ("X and Z's son-in-law Y")."""
    out, stack = [], [token]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ == "conj" and not any(g.dep_ == "case" for g in c.children))
    return sorted(out, key=lambda t: t.i)


def _actors_of(ctx: DocContext, token: Token) -> list[str]:
    """Actors named by a noun phrase: the head, else its appositions, else its entity modifiers."""
    keys: list[str] = []
    for head in _conjuncts(token):
        key = _actor_key(ctx, head)
        if key:
            keys.append(key)
            # "China's Ministry of Commerce": the country whose body acts takes part too
            if _entity_type(ctx, key) == "Organization":
                keys.extend(k for c in head.children if c.dep_ == "poss" and (k := _actor_key(ctx, c))
                            and _entity_type(ctx, k) == "Country")
            continue
        appos = [k for c in head.children if c.dep_ == "appos" for a in _conjuncts(c) if (k := _actor_key(ctx, a))]
        keys.extend(appos or _modifier_actors(ctx, head))
    return keys


def _subject_actors(ctx: DocContext, subject: Token) -> list[str]:
    """Actors of a subject; a relative pronoun stands for the noun its clause modifies ("Minister Ana Duarte, who had offered")."""
    if subject.tag_ in ("WP", "WDT") and subject.head.dep_ == "relcl":
        return _actors_of(ctx, subject.head.head)
    return _actors_of(ctx, subject)


def _modifier_actors(ctx: DocContext, noun: Token) -> list[str]:
    """"EU envoys", "EU-Mercosur discussions", "Peruvian negotiators": actors among a noun's modifiers."""
    found: list[tuple[int, str]] = []
    stack = [c for c in noun.children if c.dep_ in ("compound", "nmod", "amod", "npadvmod")]
    while stack:
        t = stack.pop()
        key = _actor_key(ctx, t)
        if key is None and t.dep_ == "amod":
            key = ctx.gaz.by_adjective.get(t.lower_)
            if key is not None and _entity_type(ctx, key) is None:
                key = None
        if key:
            found.append((t.i, key))
        stack.extend(c for c in t.children if c.dep_ in ("compound", "nmod", "conj", "npadvmod"))
    return [key for _, key in sorted(found)]


def _subject_before(ctx: DocContext, pronoun: Token) -> list[str]:
    """"its"/"their": the nearest earlier subject in the sentence that is a country or organisation."""
    for t in reversed(list(pronoun.sent)[: pronoun.i - pronoun.sent.start]):
        if t.dep_ in ("nsubj", "nsubjpass"):
            key = _actor_key(ctx, t)
            if key and _entity_type(ctx, key) in ("Country", "Organization"):
                return [key]
    return []


def _pobjs(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ == "pobj"]


def _clause_actor(ctx: DocContext, frame: list[Token]) -> list[str]:
    """Who acts in a clause: the active subject or the passive agent of the frame's verbs.

    A passive clause without an agent reported by another ("he stated that Chile was never
    assured ... during a visit") takes the reporting clause's subject."""
    verbs = list(frame)
    last = verbs[-1]
    if (any(c.dep_ == "nsubjpass" for c in last.children) and not any(c.dep_ == "agent" for c in last.children)
            and last.dep_ == "ccomp" and last.head.i != last.i):
        verbs.append(_clause_verb(last.head))
    for k, verb in enumerate(verbs):
        raised = k > 0 and verbs[k - 1].dep_ == "xcomp"     # "are set to hold talks", "is expected to travel"
        for c in verb.children:
            if c.dep_ == "nsubj" or (raised and c.dep_ == "nsubjpass"):
                return _subject_actors(ctx, c)
            if c.dep_ == "agent":
                return [k for p in _pobjs(c) for k in _actors_of(ctx, p)]
    return []


@dataclass
class _Slots:
    participants: list[str] = field(default_factory=list)
    places: list[tuple[int, str]] = field(default_factory=list)   # (distance to the trigger, key)
    host: str | None = None

    def add_place(self, ctx: DocContext, token: Token, origin: Token) -> None:
        for target in _conjuncts(token):
            key = _place_key(ctx, target)
            if key:
                self.places.append((abs(target.i - origin.i), key))


def _prep_slots(ctx: DocContext, etype: str, holder: Token, slots: _Slots, *, participants: bool = True) -> None:
    """Participants from the phrases attached to ``holder``; places from anywhere in its phrase."""
    table = {**_PREP_SLOTS["*"], **_PREP_SLOTS.get(etype, {})}
    for prep in holder.children:
        if not participants:
            break
        if prep.dep_ == "agent":
            slots.participants.extend(k for p in _pobjs(prep) for k in _actors_of(ctx, p))
        elif prep.dep_ == "prep":
            role = table.get(prep.lower_)
            for obj in _pobjs(prep):
                if role == "participant":
                    slots.participants.extend(_actors_of(ctx, obj))
                elif role == "deep":      # "applied for membership in the military alliance"
                    slots.participants.extend(k for t in [obj, *_phrase(obj)] if (k := _actor_key(ctx, t)))
    for prep in [holder, *_phrase(holder)]:
        if prep.dep_ == "prep" and table.get(prep.lower_) == "place":
            for obj in _pobjs(prep):
                slots.add_place(ctx, obj, holder)


def _participle_agents(ctx: DocContext, noun: Token, depth: int = 0) -> list[str]:
    """"the plan, drafted by trade envoy Tomas Lind": the agents of participles modifying the noun;
    through one more participle when the agent is not itself an actor ("drawn up by the group
    ... led by Chile and Peru")."""
    keys: list[str] = []
    for acl in noun.children:
        if acl.dep_ != "acl" or acl.tag_ != "VBN":
            continue
        for agent in acl.children:
            if agent.dep_ != "agent":
                continue
            for obj in _pobjs(agent):
                found = _actors_of(ctx, obj)
                if not found and depth == 0:
                    found = _participle_agents(ctx, obj, depth + 1)
                keys.extend(found)
    return keys


def _position(noun: Token) -> Token:
    """Where a trigger noun sits in its clause, looking through "at a set of talks", "after a day of meetings"."""
    pos = noun
    while pos.dep_ == "pobj" and pos.head.lower_ == "of" and pos.head.head.pos_ == "NOUN":
        outer = pos.head.head
        if not (outer.dep_ == "pobj" and outer.head.lower_ in _CIRCUMSTANCE_PREPS):
            break
        pos = outer
    return pos


def _definite(noun: Token) -> bool:
    """"the talks", "this plan", "Chile's proposal": a definite description presupposes the event."""
    return any((c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those")) or c.dep_ == "poss"
               for c in noun.children)


def _negated_noun(noun: Token) -> bool:
    """"no talks", "no plans for a meeting": a noun (or a noun above it) with "no"."""
    t = noun
    while True:
        if any(c.lower_ == "no" and c.dep_ in ("det", "neg") for c in t.children):
            return True
        if _is_clause_verb(t) or t.head.i == t.i:
            return False
        t = t.head


# --- dates ------------------------------------------------------------------------

def _event_date(ctx: DocContext, sent: SpacySpan, anchors: set[int], clause: set[int]) -> DateValue | None:
    """The date expression attached to the trigger (best) or to its clause, nearest first."""
    best = None
    for span, value in ctx.dates:
        if span.start < sent.start or span.end > sent.end:
            continue
        t, path = span.root, set()
        while True:
            path.add(t.i)
            if _is_clause_verb(t) or t.head.i == t.i:
                break
            t = t.head
        if anchors & path:
            rank = 0
        elif t.i in clause or (span.root.i > max(anchors) and _below_same_noun(span.root, min(anchors), t)):
            rank = 1
        else:
            continue
        score = (rank, min(abs(span.root.i - a) for a in anchors))
        if best is None or score < best[0]:
            best = (score, value)
    return best[1] if best else None


def _below_same_noun(date_root: Token, trigger_i: int, verb: Token) -> bool:
    """"justification for X's invasion of Y in March 2019": a date phrase after the
    trigger that the parser hung on a noun above it (below the same verb) may belong to the trigger."""
    trigger = date_root.doc[trigger_i]
    above: set[int] = set()
    t = trigger
    while t.i != verb.i and t.head.i != t.i:
        t = t.head
        if _is_clause_verb(t):
            break
        above.add(t.i)
    t = date_root
    while t.head.i != t.i and not _is_clause_verb(t.head):
        t = t.head
        if t.i in above and t.pos_ in ("NOUN", "PROPN"):
            return True
    return False


# --- one trigger -> one event -------------------------------------------------------

@dataclass
class _Candidate:
    trigger: Token
    fact: EventFact

    @property
    def filled(self) -> int:
        f = self.fact
        return len(set(f.participants)) + (f.place is not None) + (f.date is not None) + (f.host is not None)


def _verb_event(ctx: DocContext, cues: EventCues, etype: str, verb: Token,
                slots: _Slots) -> tuple[str | None, list[Token]]:
    """Slots of a trigger verb ("met", "applied", "visited", "ordering ... troops into")."""
    frame = _frame(verb)
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    for s in subjects:
        slots.participants.extend(_subject_actors(ctx, s))
    if not subjects and not any(c.dep_ == "agent" for c in verb.children):
        before = verb.doc[verb.i - 1] if verb.i > 0 else None
        if verb.tag_ == "VBG" and before is not None and before.tag_ == "PRP$":   # "his ordering"
            key = _actor_key(ctx, before)
            if key:
                slots.participants.append(key)
        elif len(frame) > 1:
            slots.participants.extend(_clause_actor(ctx, frame))
    for c in verb.children:
        if c.dep_ in ("dobj", "nsubjpass"):
            if etype == "Visit":
                slots.add_place(ctx, c, verb)
                continue
            slots.participants.extend(_actors_of(ctx, c))
            if etype == "Invasion":        # "X troops into Y"
                slots.participants.extend(k for t in [c, *_phrase(c)] for k in _modifier_actors(ctx, t)
                                          if _entity_type(ctx, k) == "Country")
    _prep_slots(ctx, etype, verb, slots)
    return _irrealis(verb, cues), frame


def _noun_event(ctx: DocContext, cues: EventCues, etype: str, noun: Token, trigger: Token,
                slots: _Slots) -> tuple[str | None, list[Token], bool] | None:
    """Slots of a trigger noun; also says whether the clause's date applies to it."""
    if _negated_noun(noun):
        return None
    position = _position(noun)
    verb = _clause_verb(position)
    attached = verb.i != position.i and _is_clause_verb(verb)
    head = position.head
    relation = "other"
    if attached and head.i == verb.i and position.dep_ in ("nsubj", "nsubjpass"):
        relation = "subject"
    elif attached and head.i == verb.i and position.dep_ in ("dobj", "attr"):
        relation = "object" if cues.is_role(verb, AGENT) else "topic"
    elif (attached and position.dep_ == "pobj" and head.lower_ in _CIRCUMSTANCE_PREPS
          and head.head.i == verb.i):
        relation = "circumstance"
    frame = _frame(verb) if attached else []
    if relation == "topic" and not _definite(noun):
        return None        # "he backed direct talks", "rejected a proposal": an idea, not something that happened

    for c in noun.children:
        if c.dep_ == "poss":       # "Chile's proposal", "the administration's plan", "its own plan"
            owners = _actors_of(ctx, c)
            if not owners and c.tag_ == "PRP$" and relation in ("object", "circumstance", "topic"):
                owners = _clause_actor(ctx, frame)[:1]
            if not owners and c.lower_ in ("its", "their"):
                owners = _subject_before(ctx, c)
            slots.participants.extend(owners)
        elif c.dep_ in ("compound", "nmod"):      # "the Nairobi meeting"
            for t in [c, *_phrase(c)]:
                key = _place_key(ctx, t)
                if key and _entity_type(ctx, key) == "Place":
                    slots.places.append((abs(t.i - noun.i), key))
    slots.participants.extend(k for k in _modifier_actors(ctx, noun) if _entity_type(ctx, k) in ACTOR_TYPES)
    slots.participants.extend(_participle_agents(ctx, noun))
    _prep_slots(ctx, etype, noun, slots)
    if noun is not trigger:
        _prep_slots(ctx, etype, trigger, slots)

    state = None
    if relation == "subject":          # "a meeting ... was held in Lisbon on March 27"
        if not _definite(noun):        # "the plan would have required ...": the plan exists all the same
            state = _irrealis(verb, cues)
        _prep_slots(ctx, etype, verb, slots)
    elif relation == "object":         # "pursued negotiations with Lima", "presented a counter-proposal"
        state = _irrealis(verb, cues)
        slots.participants[:0] = _clause_actor(ctx, frame)
        _prep_slots(ctx, etype, verb, slots)
        if cues.is_role(verb, HOST):
            hosts = _clause_actor(ctx, [verb])
            slots.host = hosts[0] if hosts else None
    elif relation == "circumstance":   # "spoke at the meeting", "met X ... at a set of talks"
        if head.lower_ not in ("at", "in") or _irrealis(verb, cues) != "negated":   # "did not take part in the meeting"
            slots.participants[:0] = _clause_actor(ctx, frame)
        verb_cue = cues.match(verb)
        if verb_cue is not None and not verb_cue.etype.startswith("@"):
            _prep_slots(ctx, "*", verb, slots)
        else:
            _prep_slots(ctx, "*", verb, slots, participants=False)
    return state, frame, relation in ("subject", "object", "circumstance")


def _event(ctx: DocContext, cues: EventCues, trigger: Token, cue: EventCue) -> _Candidate | None:
    etype, slots = cue.etype, _Slots()
    if trigger.pos_ == "VERB" and trigger.dep_ != "amod":
        state, frame = _verb_event(ctx, cues, etype, trigger, slots)
        noun, clause_dates = None, True
    else:
        noun = trigger
        if trigger.pos_ == "VERB":                 # "a proposed EU deal"; not "the negotiating table"
            if trigger.tag_ != "VBN":
                return None
            noun = trigger.head
        found = _noun_event(ctx, cues, etype, noun, trigger, slots)
        if found is None:
            return None
        state, frame, clause_dates = found
    if state in ("negated", "hypothetical"):
        return None
    anchors = {trigger.i} | ({noun.i} if noun is not None else set())
    date = _event_date(ctx, trigger.sent, anchors, _with_complements(frame) if clause_dates else set())

    place = min(slots.places)[1] if slots.places else None
    participants = [p for p in dict.fromkeys(slots.participants)
                    if p != place or (etype != "Visit" and _entity_type(ctx, p) == "Country")]
    if not participants and place is None and date is None:
        return None
    fact = EventFact(span=ctx.tokens_span(_trigger_phrase(trigger, noun)), sentence=ctx.sentence_span(trigger.sent),
                     confidence=0.5, date=date, etype=etype, place=place, participants=participants,
                     host=slots.host)
    return _Candidate(trigger, fact)


def _trigger_phrase(trigger: Token, noun: Token | None) -> list[Token]:
    """The trigger with its left-hand modifiers: "Chile's long-awaited proposal", "proposed EU deal"."""
    if noun is None:
        return [trigger] + [c for c in trigger.children if c.dep_ == "prt"]
    start = noun.i
    for c in noun.lefts:
        if c.dep_ in ("amod", "compound", "poss", "nmod", "nummod"):
            start = min(start, c.left_edge.i)
    while start < noun.i and (noun.doc[start].is_punct or noun.doc[start].dep_ == "det"):
        start += 1
    return list(noun.doc[start:noun.i + 1])


def _attach_hosts(ctx: DocContext, cues: EventCues, sent: SpacySpan, found: list[_Candidate]) -> None:
    """"..., hosted by Chilean President Ana Duarte": the host of the events just before it."""
    for tok in sent:
        if tok.tag_ != "VBN" or not cues.is_role(tok, HOST):
            continue
        hosts = [k for c in tok.children if c.dep_ == "agent" for p in _pobjs(c) for k in _actors_of(ctx, p)]
        for cand in found:
            if hosts and 0 < tok.i - cand.trigger.i <= 40 and cand.fact.host is None:
                cand.fact.host = hosts[0]


def _finish(ctx: DocContext, fact: EventFact) -> None:
    """Host among the participants, confidence from the slots filled, a readable label."""
    if fact.host and fact.host not in fact.participants:
        fact.participants.append(fact.host)
    filled = bool(fact.participants) + (fact.place is not None) + (fact.date is not None) + (fact.host is not None)
    fact.confidence = round(min(0.95, 0.5 + 0.1 * filled), 2)
    def name(key: str) -> str:
        entity = ctx.index.entities.get(key)
        return entity.label if entity else key

    fact.label = event_label(fact.etype, [name(k) for k in fact.participants],
                             name(fact.place) if fact.place else None, fact.date.value if fact.date else None)


def _compatible_dates(a: DateValue | None, b: DateValue | None) -> bool:
    return a is None or b is None or a.value.startswith(b.value) or b.value.startswith(a.value)


def _coalesce(cands: list[_Candidate]) -> list[_Candidate]:
    """Fold other mentions of the same event in one document into its richest mention."""
    kept: list[_Candidate] = []
    for cand in sorted(cands, key=lambda c: (-c.filled, c.trigger.i)):
        f = cand.fact
        for other in kept:
            o = other.fact
            if (o.etype == f.etype and _compatible_dates(o.date, f.date)
                    and (set(o.participants) & set(f.participants) or (o.place is not None and o.place == f.place))):
                break
        else:
            kept.append(cand)
    return sorted(kept, key=lambda c: c.trigger.i)


def extract_events(ctx: DocContext, facts: DocumentFacts) -> None:
    """Append the document's events to ``facts.events``."""
    cues = ctx.domain.event_cues
    in_quote = ctx.in_quote
    found: list[_Candidate] = []
    for sent in ctx.doc.sents:
        if _LINK_HEADLINE.match(sent.text):
            continue
        in_sentence: list[_Candidate] = []
        for tok in sent:
            cue = cues.match(tok)
            if cue is None or cue.etype.startswith("@") or ctx.index.key_at(tok.i) is not None:
                continue
            if in_quote is not None and in_quote(tok.idx):
                continue
            cand = _event(ctx, cues, tok, cue)
            if cand is not None:
                in_sentence.append(cand)
        _attach_hosts(ctx, cues, sent, in_sentence)
        found.extend(in_sentence)
    for cand in found:
        _finish(ctx, cand.fact)
    facts.events.extend(c.fact for c in _coalesce(found))
