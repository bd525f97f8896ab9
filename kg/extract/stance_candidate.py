"""The one type every stance reader proposes: a candidate, before the decision."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan, Token


@dataclass
class Candidate:
    """One stance a reader proposes, before the decision: who (``holders``, read from
    ``subject`` when there is one), on what (``topic``), which way (``sign``: +1 support,
    -1 oppose), read at which word (``cue``) of which sentence."""
    cue: Token
    sent: SpacySpan
    s_index: int
    holders: list[str]
    subject: Token | None
    topic: object                 # a taxonomy Topic or an OpenTopic
    sign: int
    conditional: bool = False
    topic_conf: float = 1.0
    reported_by: str | None = None
    reported_text: str | None = None
    via: str | None = None
    undated: bool = False
