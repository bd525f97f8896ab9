"""Relations on top of the parse, as an explicit pipeline.

``extract_document`` is a pure function of one document and the :class:`~kg.domain.Domain`
(gazetteer, lexicons, topics): it can run in any process, in any order. The steps run in
the order of ``PIPELINE``; each declares what it needs from the context and what it
provides (spaCy's ``requires``/``assigns``), and ``check_pipeline`` verifies at start-up
that every need is provided by an earlier step.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from spacy.tokens import Doc

from ..domain import Domain, load_domain
from ..facts import DocumentFacts
from ..gazetteer import Gazetteer
from ..resolve import EntityIndex, resolve_entities
from ..sources import Document
from .context import DocContext


@dataclass(frozen=True)
class Step:
    name: str
    fn: Callable[[DocContext, DocumentFacts], None]
    requires: tuple[str, ...]   # context attributes the step reads (filled by earlier steps)
    assigns: tuple[str, ...]    # context attributes the step fills for later steps


def _pipeline() -> list[Step]:
    from .events import extract_events
    from .quotes import extract_quotes
    from .roles import extract_roles
    from .stances import extract_stances
    return [
        Step("roles", extract_roles, (), ("roles_of",)),
        Step("quotes", extract_quotes, ("roles_of",), ("quote_regions",)),
        Step("stances", extract_stances, ("roles_of", "quote_regions"), ()),
        Step("events", extract_events, ("roles_of", "quote_regions"), ()),
    ]


def check_pipeline(steps: list[Step]) -> None:
    """Every attribute a step requires is assigned by an earlier step."""
    provided: set[str] = set()
    for step in steps:
        missing = set(step.requires) - provided
        if missing:
            raise RuntimeError(f"extraction step {step.name!r} needs {sorted(missing)}, "
                               f"which no earlier step provides")
        provided.update(step.assigns)


_PIPELINE: list[Step] = []


def pipeline() -> list[Step]:
    if not _PIPELINE:
        steps = _pipeline()
        check_pipeline(steps)
        _PIPELINE.extend(steps)
    return _PIPELINE


def extract_document(document: Document, parsed: Doc, domain: Domain | Gazetteer | None = None) -> DocumentFacts:
    """Everything the graph knows about one document, from its parse and the domain."""
    if domain is None:
        domain = load_domain()
    elif isinstance(domain, Gazetteer):      # a gazetteer alone: the default lexicons with it
        base = load_domain()
        domain = Domain(base.directory, domain, base.cues, base.event_cues)
    index: EntityIndex = resolve_entities(parsed, domain.gazetteer, cues=domain.cues)
    facts = DocumentFacts(doc_id=document.doc_id, entities=dict(index.entities), mentions=list(index.mentions))
    ctx = DocContext(document, parsed, domain.gazetteer, index, domain=domain)
    for step in pipeline():
        step.fn(ctx, facts)
    facts.entities.update(ctx.index.entities)
    # mentions a step added ("Ontario" read as the region of "Ontario Premier X")
    known = {(m.key, m.span.start) for m in facts.mentions}
    facts.mentions.extend(m for m in ctx.index.mentions if (m.key, m.span.start) not in known)
    facts.notes.extend(ctx.notes)
    return facts
