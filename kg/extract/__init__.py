"""Relations on top of the parse. ``extract_document`` is a pure function of one document
(plus the shared gazetteer and lexicons): it can run in any process, in any order."""
from __future__ import annotations

from typing import Callable

from spacy.tokens import Doc

from ..facts import DocumentFacts
from ..gazetteer import Gazetteer, load_gazetteer
from ..resolve import EntityIndex, resolve_entities
from ..sources import Document
from .context import DocContext

# Registry of relation extractors, run in order; each adds to the DocumentFacts.
EXTRACTORS: dict[str, Callable[[DocContext, DocumentFacts], None]] = {}


def register(name: str):
    def deco(fn):
        EXTRACTORS[name] = fn
        return fn
    return deco


def extract_document(document: Document, parsed: Doc, gaz: Gazetteer | None = None) -> DocumentFacts:
    """Everything the graph knows about one document, from its parse."""
    gaz = gaz or load_gazetteer()
    index: EntityIndex = resolve_entities(parsed, gaz)
    facts = DocumentFacts(doc_id=document.doc_id, entities=dict(index.entities), mentions=list(index.mentions))
    ctx = DocContext(document, parsed, gaz, index)
    _load_extractors()
    for fn in EXTRACTORS.values():
        fn(ctx, facts)
    facts.entities.update(ctx.index.entities)
    facts.notes.extend(ctx.notes)
    return facts


def _load_extractors() -> None:
    # Imported lazily so that each module registers itself once.
    from . import roles, quotes, stances, events  # noqa: F401
