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
  phrase of the clause ("spoke at the meeting", "during a visit"), with the one the clause's
  subject tells there ("informed Trump ... in a telephone conversation"); not when it is merely
  talked about ("opposed the plan", "briefed on the talks"). "A meeting with Trump" with no
  owner or subject of its own is also the meeting of the person the sentence speaks of ("on his
  terms"), else of the person the last sentences are about.
* **place**: a Place or Country that is the object of "in"/"at" ("to" for a visit) in the
  trigger's phrase or clause ("held in Lisbon", "met ... in Ottawa", "a visit to
  Chile"), or a place modifying the noun ("the Nairobi meeting").
* **host**: the agent of an ``@host`` verb after the trigger in the same sentence ("talks
  ..., hosted by Chilean President Ana Duarte"), or the subject of an ``@host`` verb
  governing the trigger ("Duarte hosted the talks"); an ``@host`` verb whose object is an
  actor is itself a meeting with its subject as host ("Modi hosted Putin at a private dinner").
  The host is a participant too.
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
``with-actor:A|B`` one of these prepositions with a named object, as in "spoke with Zelensky";
``no-infinitive``; ``agent-object``) and ``note``.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Span as SpacySpan, Token

from ..consolidate import event_label
from ..dates import dates_compatible
from ..facts import DocumentFacts, EventFact
from .context import DocContext
from .event_cues import (_CIRCUMSTANCE_PREPS, _LINK_HEADLINE, ACTOR_TYPES, AGENT, HOST, EventCue,  # noqa: F401
                         EventCues, _phrase, load_event_cues)
from .event_slots import (_actor_key, _actors_of, _clause_actor, _clause_verb, _definite, _entity_type,
                          _event_date, _frame, _irrealis, _is_clause_verb, _modifier_actors, _negated_noun,
                          _participle_agents, _place_key, _pobjs, _position, _prep_slots, _Slots, _subject_actors,
                          _subject_before, _with_complements)


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
    for acl in noun.children:
        # "the summit held in Brussels on October 23", "talks hosted in Doha": where and when the
        # participle says the event was held
        if acl.dep_ == "acl" and acl.tag_ == "VBN" and (cues.is_role(acl, AGENT) or cues.is_role(acl, HOST)):
            _prep_slots(ctx, etype, acl, slots, participants=False)
            slots.anchors.append(acl.i)
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
            if etype in ("Meeting", "Talks"):      # "Putin informed Trump … in a telephone conversation"
                slots.participants.extend(k for c in verb.children if c.dep_ == "dobj" for k in _actors_of(ctx, c))
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
    anchors = {trigger.i} | ({noun.i} if noun is not None else set()) | set(slots.anchors)
    date = _event_date(ctx, trigger.sent, anchors, _with_complements(frame) if clause_dates else set())

    place = min(slots.places)[1] if slots.places else None
    participants = [p for p in dict.fromkeys(slots.participants)
                    if p != place or (etype != "Visit" and _entity_type(ctx, p) == "Country")]
    if noun is not None and etype in ("Meeting", "Talks") and len(participants) == 1 and \
            _entity_type(ctx, participants[0]) == "Person" and _only_with(noun):
        # "The thaw came on his terms: … a meeting with Trump in Kuala Lumpur": who met Trump is
        # the one the sentence speaks of ("his"), else the person the last sentences are about
        other = _pronoun_person(ctx, trigger.sent) or ctx._salient_person(noun, 60)
        if other is not None and other not in participants and _entity_type(ctx, other) == "Person":
            participants.append(other)
    if not participants and place is None and date is None:
        return None
    fact = EventFact(span=ctx.tokens_span(_trigger_phrase(trigger, noun)), sentence=ctx.sentence_span(trigger.sent),
                     confidence=0.5, date=date, etype=etype, place=place, participants=participants,
                     host=slots.host)
    return _Candidate(trigger, fact)


def _only_with(noun: Token) -> bool:
    """A meeting noun whose only named party is the one after "with", with no owner or subject of
    its own ("a meeting with Trump"; not "Xi's meeting with Trump", "Lula and Trump's meeting")."""
    return any(c.dep_ == "prep" and c.lower_ == "with" for c in noun.children) and \
        not any(c.dep_ in ("poss", "compound", "nmod") for c in noun.children)


def _pronoun_person(ctx: DocContext, sent: SpacySpan) -> str | None:
    """The person a third-person pronoun of the sentence stands for ("on his terms")."""
    for tok in sent:
        if tok.lower_ in ("his", "her", "he", "she"):
            key = ctx.entity_key(tok)
            if key is not None:
                return key
    return None


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


def _coalesce(cands: list[_Candidate]) -> list[_Candidate]:
    """Fold other mentions of the same event in one document into its richest mention."""
    kept: list[_Candidate] = []
    for cand in sorted(cands, key=lambda c: (-c.filled, c.trigger.i)):
        f = cand.fact
        for other in kept:
            o = other.fact
            if (o.etype == f.etype and dates_compatible(o.date and o.date.value, f.date and f.date.value)
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
            if cue is not None and cue.etype == HOST and tok.pos_ == "VERB" and tok.tag_ != "VBN" and \
                    any(c.dep_ == "dobj" and _actors_of(ctx, c) for c in tok.children):
                # "Trump hosted Zelensky at the White House": a meeting, its subject the host
                cue = replace(cue, etype="Meeting")
                if in_quote is None or not in_quote(tok.idx):
                    cand = _event(ctx, cues, tok, cue)
                    if cand is not None:
                        hosts = [k for c in tok.children if c.dep_ == "nsubj" for k in _actors_of(ctx, c)]
                        cand.fact.host = hosts[0] if hosts else None
                        in_sentence.append(cand)
                continue
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
