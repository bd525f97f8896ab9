"""The serializations the endpoint answers in (``FORMATS``, from kg/formats.py) and choosing one: ``format=`` by
name, else content negotiation on the Accept header (q-values, then specificity, then our order)."""
from __future__ import annotations

from functools import lru_cache

from werkzeug.wrappers import Request

from kg.formats import FORMATS, HTML, Format  # noqa: F401  (Format: re-exported for server.sparql)

from .errors import BadRequest, NotAcceptable


_HTML = HTML


@lru_cache(maxsize=None)
def formats_for(kind: str) -> tuple[Format, ...]:
    """The formats of one kind, the default first."""
    if kind == "graph+dataset":
        return tuple(f for f in FORMATS if f.kind in ("graph", "dataset"))
    return tuple(f for f in FORMATS if f.kind == kind)


@lru_cache(maxsize=256)
def _accept_ranges(header: str) -> tuple[tuple[str, float, int], ...]:
    ranges = []
    for part in header.split(","):
        fields = part.strip().split(";")
        media = fields[0].strip().lower()
        if not media:
            continue
        if media == "*":
            media = "*/*"
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value.strip())))
                except ValueError:
                    q = 0.0
        specificity = 0 if media == "*/*" else 1 if media.endswith("/*") else 2
        ranges.append((media, q, specificity))
    return tuple(ranges)


def _quality(ranges, media_type: str, wildcards: bool = True) -> tuple[float, int]:
    best = (-1.0, -1)
    major = media_type.split("/", 1)[0] + "/*" if wildcards else None
    anything = "*/*" if wildcards else None
    for media, q, specificity in ranges:
        if media == media_type or media == major or media == anything:
            if specificity > best[1]:
                best = (q, specificity)
    return best


@lru_cache(maxsize=512)
def negotiate(accept: str | None, offers: tuple[Format, ...]) -> Format | None:
    """The offer the Accept header prefers (q-value, then specificity, then our order); None if none."""
    if not accept or not accept.strip():
        return offers[0]
    ranges = _accept_ranges(accept)
    best, best_key = None, (0.0, -1, 0)
    for order, offer in enumerate(offers):
        q, specificity = max([_quality(ranges, offer.media_type)]
                             + [_quality(ranges, m, wildcards=False) for m in offer.also])
        key = (q, specificity, -order)
        if q > 0 and key > best_key:
            best, best_key = offer, key
    return best


def _format_by_name(value: str, offers: tuple[Format, ...]) -> Format:
    value = value.strip().lower()
    if "/" in value:
        chosen = negotiate(value, offers)
        if chosen is None:
            raise NotAcceptable(f"format {value!r} is not available here; use one of "
                                f"{', '.join(f.name for f in offers)}")
        return chosen
    for offer in offers:
        if value == offer.name or value in offer.names:
            return offer
    if any(value == f.name or value in f.names for f in FORMATS + (_HTML,)):
        raise NotAcceptable(f"format {value!r} is not available for this kind of result; use one of "
                            f"{', '.join(f.name for f in offers)}")
    raise BadRequest(f"unknown format {value!r}; known formats: "
                     f"{', '.join(f.name for f in FORMATS)}")


def choose_format(request: Request, offers: tuple[Format, ...], format_names) -> Format:
    """``format=`` if given (several values must agree), else negotiation on Accept; 406 if nothing fits."""
    if isinstance(format_names, str):
        format_names = (format_names,)
    if format_names:
        chosen = {_format_by_name(name, offers) for name in format_names}
        if len(chosen) > 1:
            raise BadRequest(f"conflicting formats requested: {', '.join(sorted(format_names))}")
        return chosen.pop()
    chosen = negotiate(request.headers.get("Accept"), offers)
    if chosen is None:
        raise NotAcceptable(
            f"none of the media types in Accept: {request.headers.get('Accept')!r} can be produced here; "
            f"available: {', '.join(f.media_type for f in offers)}")
    return chosen
