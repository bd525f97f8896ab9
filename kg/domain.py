"""The domain: everything extraction knows about the world, as one object.

A ``Domain`` is loaded from one directory (``ontology/`` by default): the gazetteer
(``gazetteer.tsv`` + ``gazetteer-extra.tsv``, roles, descriptions, metonyms, and the
metonyms generated for every country from ``countries.tsv``), the cue lexicons
(``cues.tsv``), the topic scheme (``topics.ttl``) and the event cues (``event-cues.tsv``).
``kg.extract.extract_document(document, parsed, domain)`` is a pure function of the
document and this object, so two domains (a toy topic scheme in a test, another
language's lexicons) can be used side by side in one process.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .gazetteer import Gazetteer, load_gazetteer
from .lexicon import Cues, Topic, load_cues
from .resources import data_path


@dataclass(frozen=True)
class Domain:
    directory: Path
    gazetteer: Gazetteer
    cues: Cues
    event_cues: object     # kg.extract.event_cues.EventCues

    @property
    def topics(self) -> list[Topic]:
        return self.cues.topics


@lru_cache(maxsize=4)
def load_domain(directory: str | Path | None = None) -> Domain:
    """The domain in ``directory`` (default: the packaged ``ontology/``), loaded once per process."""
    from .extract.event_cues import load_event_cues
    base = Path(directory) if directory is not None else data_path("ontology")
    if not (base / "cues.tsv").exists() or not (base / "gazetteer.tsv").exists():
        raise FileNotFoundError(f"{base}: not a domain directory (needs gazetteer.tsv, cues.tsv, topics.ttl, "
                                "event-cues.tsv)")
    arg = None if directory is None else str(base)
    return Domain(base, load_gazetteer(arg), load_cues(arg), load_event_cues(arg))
