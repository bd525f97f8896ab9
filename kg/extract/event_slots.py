"""The parse around an event trigger: its clause, the actors and places in its phrases, its
slots and its date (the grammar ``events.py`` fills an event from)."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span as SpacySpan, Token

from ..facts import DateValue
from .context import DocContext
from .event_cues import (_CIRCUMSTANCE_PREPS, _CONDITIONAL_MARKS, _CONTROL_DEPS,
                         _NEGATIONS, _PREP_SLOTS, ACTOR_TYPES, LOCATION_TYPES, SCHEDULED,
                         EventCues, _phrase)


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
        if any(a in cues.modals for a in auxes) or (any(a in ("would", "'d") for a in auxes) and "have" in auxes):
            return "hypothetical"
        if any(a in cues.future for a in auxes) or any(
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
        keys.extend(appos or ctx.counted_group(head) or _modifier_actors(ctx, head))
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
    anchors: list[int] = field(default_factory=list)   # more tokens a date may hang on ("held … on May 2")

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
