"""Reading a SPARQL request, GET or POST, into a :class:`ProtocolRequest`, refusing anything the
protocol does not allow; and the checks a query's text must pass before it reaches the store
(size, nesting, SERVICE and LOAD)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable
from urllib.parse import parse_qsl

import pyoxigraph as ox
from werkzeug.wrappers import Request

from server.query_text import MAX_ELEMENTS, MAX_NESTING, QueryShape, TooManyBrackets
from server.query_text import scan as _scan_text

from .errors import (BadRequest, MethodNotAllowed, PayloadTooLarge, QuerySyntaxError, ServiceRefused,
                     UnsupportedMediaType)

KNOWN_PARAMETERS = frozenset({"query", "update", "default-graph-uri", "named-graph-uri", "using-graph-uri",
                              "using-named-graph-uri", "format", "output", "results", "timeout"})
"""``output`` and ``results`` are what SPARQLWrapper sends beside ``format``; they mean the same."""
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


@dataclass
class ProtocolRequest:
    """A SPARQL request as the protocol defines it, whichever way it arrived."""

    query: str | None = None
    update: str | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    format: tuple[str, ...] = ()
    timeout: float | None = None


def _decode_pairs(raw: bytes | str, where: str) -> list[tuple[str, str]]:
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("ascii")
        except UnicodeDecodeError:
            raise BadRequest(f"the {where} is not percent-encoded ASCII") from None
    if len(raw) <= 4096:
        return list(_decode_text_cached(raw, where))
    return _decode_text(raw, where)


@lru_cache(maxsize=256)
def _decode_text_cached(raw: str, where: str) -> tuple[tuple[str, str], ...]:
    return tuple(_decode_text(raw, where))


def _decode_text(raw: str, where: str) -> list[tuple[str, str]]:
    bad = _BAD_PERCENT.search(raw)
    if bad:
        raise BadRequest(f"bad percent-encoding in the {where} at character {bad.start()}: "
                         f"{raw[bad.start():bad.start() + 3]!r}")
    try:
        return parse_qsl(raw, keep_blank_values=True, errors="strict", max_num_fields=1000)
    except UnicodeDecodeError as exc:
        raise BadRequest(f"the {where} does not decode as UTF-8 ({exc.reason} at byte {exc.start})") from None
    except ValueError as exc:
        raise BadRequest(f"cannot read the {where}: {exc}") from None


def _read_body(request: Request, max_bytes: int) -> bytes:
    """The whole body, or 413 if it is over ``max_bytes``, with a Content-Length or chunked.

    A chunked body is read from the server's own (de-chunking) input: werkzeug's stream would cut
    it at MAX_CONTENT_LENGTH without a word, and the first megabyte of a query or update would run.
    """
    length = request.content_length
    if length is not None and length > max_bytes:
        raise PayloadTooLarge(f"request body of {length} bytes is larger than the limit of {max_bytes} bytes")
    stream = request.stream if length is not None else request.environ["wsgi.input"]
    chunks, size = [], 0
    while True:
        data = stream.read(min(1 << 16, max_bytes + 1 - size))
        if not data:
            break
        chunks.append(data)
        size += len(data)
        if size > max_bytes:
            raise PayloadTooLarge(f"request body is larger than the limit of {max_bytes} bytes")
    return b"".join(chunks)


def _utf8(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"the {what} is not valid UTF-8 ({exc.reason} at byte {exc.start})") from None


def read_request(request: Request, max_bytes: int) -> ProtocolRequest:
    """Parse a GET or POST into a ProtocolRequest, refusing anything the protocol does not allow."""
    method = request.method
    if method not in ("GET", "HEAD", "POST"):
        raise MethodNotAllowed(f"method {method} is not allowed on the SPARQL endpoint; use GET or POST",
                               ("GET", "HEAD", "POST", "OPTIONS"))
    raw_qs = request.environ.get("QUERY_STRING", "")
    if len(raw_qs) > max_bytes:
        raise PayloadTooLarge(f"query string of {len(raw_qs)} bytes is larger than the limit of {max_bytes} bytes")
    pairs = _decode_pairs(raw_qs, "URL query string")
    body_text = None
    body_kind = None
    if method == "POST":
        mimetype = request.mimetype
        charset = request.mimetype_params.get("charset", "utf-8").lower()
        if charset not in ("utf-8", "utf8"):
            raise UnsupportedMediaType(f"charset {charset!r} is not supported; send UTF-8")
        if mimetype == "application/x-www-form-urlencoded":
            pairs += _decode_pairs(_read_body(request, max_bytes), "form body")
        elif mimetype in ("application/sparql-query", "application/sparql-update"):
            body_text = _utf8(_read_body(request, max_bytes), "request body")
            body_kind = "query" if mimetype == "application/sparql-query" else "update"
        elif not mimetype:
            raise UnsupportedMediaType("POST needs a Content-Type: application/x-www-form-urlencoded, "
                                       "application/sparql-query or application/sparql-update")
        else:
            raise UnsupportedMediaType(f"Content-Type {mimetype!r} is not accepted; use "
                                       "application/x-www-form-urlencoded, application/sparql-query or "
                                       "application/sparql-update")
    values: dict[str, list[str]] = {}
    for name, value in pairs:
        if name not in KNOWN_PARAMETERS:
            raise BadRequest(f"unknown parameter {name!r}; this endpoint accepts "
                             f"{', '.join(sorted(KNOWN_PARAMETERS))}")
        values.setdefault(name, []).append(value)
    preq = ProtocolRequest()
    for name in ("query", "update"):
        given = values.get(name, [])
        if len(given) > 1:
            raise BadRequest(f"{len(given)} '{name}' parameters given; send exactly one")
    if body_kind:
        if "query" in values or "update" in values:
            raise BadRequest(f"the {body_kind} is in the request body; do not also send a query or update parameter")
        setattr(preq, body_kind, body_text)
    else:
        preq.query = values.get("query", [None])[0]
        preq.update = values.get("update", [None])[0]
    if preq.query is not None and preq.update is not None:
        raise BadRequest("send either a query or an update, not both")
    if preq.update is not None and method != "POST":
        raise BadRequest("SPARQL Update must be sent with POST")
    preq.default_graphs = tuple(values.get("default-graph-uri", []) + values.get("using-graph-uri", []))
    preq.named_graphs = tuple(values.get("named-graph-uri", []) + values.get("using-named-graph-uri", []))
    preq.format = tuple(dict.fromkeys(v for n in ("format", "output", "results") for v in values.get(n, ())))
    if "timeout" in values:
        try:
            preq.timeout = float(values["timeout"][-1])
        except ValueError:
            raise BadRequest(f"timeout must be a number of seconds, not {values['timeout'][-1]!r}") from None
        if not preq.timeout > 0:
            raise BadRequest("timeout must be a positive number of seconds")
    return preq


def _graph_nodes(iris: Iterable[str], what: str) -> list[ox.NamedNode]:
    nodes = []
    for iri in iris:
        try:
            nodes.append(ox.NamedNode(iri))
        except ValueError as exc:
            raise BadRequest(f"{what} {iri!r} is not an absolute IRI: {exc}") from None
    return nodes


def scan(text: str, settings) -> QueryShape:
    """The query's shape (server.query_text.scan), refusing texts no real query looks like."""
    try:
        return _scan_text(text, settings.base_iri)
    except TooManyBrackets as exc:
        raise BadRequest(str(exc)) from None


def check_shape(shape: QueryShape, settings, update: bool = False) -> None:
    """Refuse what must not reach the store: too deep or too long, SERVICE, LOAD."""
    if shape.nesting > MAX_NESTING:
        raise BadRequest(f"the query is nested too deeply: more than {MAX_NESTING} levels of brackets, "
                         f"at most {MAX_NESTING} are accepted")
    if shape.elements > MAX_ELEMENTS:
        raise BadRequest(f"the query is too large to parse safely: {shape.elements} operators, groups and "
                         f"pattern keywords (UNION, OPTIONAL, FILTER…), at most {MAX_ELEMENTS} are accepted")
    check_outbound(shape, settings, update)


def check_outbound(shape: QueryShape, settings, update: bool = False) -> None:
    """Refuse SERVICE unless allowed and to an allow-listed endpoint; refuse LOAD (updates) always."""
    if update and shape.loads:
        raise ServiceRefused("LOAD is disabled on this endpoint: it would fetch data from elsewhere; "
                             "add data with `kg build` instead")
    if not shape.services:
        return
    if not getattr(settings, "allow_service", False):
        raise ServiceRefused("SERVICE (federated query) is disabled on this endpoint")
    allowed = set(getattr(settings, "service_allowlist", ()) or ())
    for target in shape.services:
        if target not in allowed:
            raise ServiceRefused(f"SERVICE <{target}> is not allowed: this endpoint only calls "
                                 f"{', '.join(sorted(allowed)) or 'no endpoint'} (written as an absolute "
                                 "IRI or a declared prefixed name, after the keyword SERVICE and a space)")


def _syntax_error(exc: Exception) -> QuerySyntaxError:
    return QuerySyntaxError(f"syntax error: {exc}")
