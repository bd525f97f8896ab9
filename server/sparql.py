"""The SPARQL 1.1 Protocol in one place: read the request, check it, run it, negotiate, stream.

Every way a request can be wrong is a ``ProtocolError`` subclass with its HTTP status and a
plain message; ``app.py`` turns them into responses. Results are written by pyoxigraph's own
serializers straight into the response: a small result goes out in one piece with a
Content-Length, a large one streams (chunked), so memory stays flat however many rows.
"""
from __future__ import annotations

import hmac
import logging
import re
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable
from urllib.parse import parse_qsl

import pyoxigraph as ox
from flask import Response
from werkzeug.wrappers import Request

from server.query_text import MAX_ELEMENTS, MAX_NESTING, QueryShape, TooManyBrackets, with_row_limit
from server.query_text import scan as _scan_text
from server.log_text import loggable
from server.timeouts import WATCHDOG, QueryTimeout, Ticket

log = logging.getLogger("kg.server")

STREAM_THRESHOLD = 4 << 20
"""Results up to this many bytes are sent in one piece with a Content-Length; larger ones stream."""
STREAM_CHUNK = 256 << 10
"""Size of each streamed chunk."""



# --- errors ----------------------------------------------------------------------------------

class ProtocolError(Exception):
    """A request the endpoint cannot answer, with the status and message to answer it with."""

    status = 400

    def __init__(self, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.headers = headers or {}


class BadRequest(ProtocolError):
    status = 400


class QuerySyntaxError(BadRequest):
    """The query or update does not parse; the message carries the parser's line:column."""


class ServiceRefused(BadRequest):
    """SERVICE (or LOAD) would make this server send a request somewhere."""


class Unauthorized(ProtocolError):
    status = 401

    def __init__(self, message: str):
        super().__init__(message, {"WWW-Authenticate": 'Bearer realm="kg-sparql"'})


class Forbidden(ProtocolError):
    status = 403


class NotFound(ProtocolError):
    status = 404


class MethodNotAllowed(ProtocolError):
    status = 405

    def __init__(self, message: str, allow: Iterable[str]):
        super().__init__(message, {"Allow": ", ".join(allow)})


class NotAcceptable(ProtocolError):
    status = 406


class PayloadTooLarge(ProtocolError):
    status = 413


class UnsupportedMediaType(ProtocolError):
    status = 415


class QueryFailed(ProtocolError):
    """The store failed while evaluating (an I/O error, a SERVICE endpoint that failed)."""

    status = 500


class StoreUnavailable(ProtocolError):
    status = 503


class QueryTimedOut(ProtocolError):
    status = 504

    def __init__(self, timeout: float):
        super().__init__(
            f"query timed out: it ran longer than {timeout:.3g} s and was stopped. Narrow it down "
            "(a LIMIT, a more selective pattern) or ask the operator for a longer query_timeout.")


# --- formats ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Format:
    """One serialization the endpoint can answer in; looked up by media type or ``format=`` name."""

    name: str
    media_type: str
    kind: str
    """'results' (SELECT/ASK), 'graph' (CONSTRUCT/DESCRIBE) or 'dataset' (quads)."""
    writer: object
    names: tuple[str, ...] = ()
    also: tuple[str, ...] = ()
    """Other media types that select this format in an Accept header."""

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8"

    @property
    def media_types(self) -> tuple[str, ...]:
        return (self.media_type,) + self.also


QRF, RF = ox.QueryResultsFormat, ox.RdfFormat
FORMATS: tuple[Format, ...] = (
    Format("json", "application/sparql-results+json", "results", QRF.JSON, ("srj",),
           ("application/json", "text/javascript", "application/javascript")),
    Format("xml", "application/sparql-results+xml", "results", QRF.XML, ("srx",), ("application/xml", "text/xml")),
    Format("csv", "text/csv", "results", QRF.CSV),
    Format("tsv", "text/tab-separated-values", "results", QRF.TSV),
    Format("turtle", "text/turtle", "graph", RF.TURTLE, ("ttl", "n3"),
           ("application/x-turtle", "application/turtle", "text/n3", "text/rdf+n3", "application/n3")),
    Format("ntriples", "application/n-triples", "graph", RF.N_TRIPLES, ("nt", "n-triples"), ("text/plain",)),
    Format("jsonld", "application/ld+json", "graph", RF.JSON_LD, ("json-ld", "json"),
           ("application/x-json+ld", "application/json")),
    Format("rdfxml", "application/rdf+xml", "graph", RF.RDF_XML, ("rdf", "rdf+xml", "xml", "owl"),
           ("application/xml", "text/xml")),
    Format("nquads", "application/n-quads", "dataset", RF.N_QUADS, ("nq", "n-quads")),
    Format("trig", "application/trig", "dataset", RF.TRIG),
)
_HTML = Format("html", "text/html", "page", None)


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


# --- reading the request ----------------------------------------------------------------------

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


# --- running queries --------------------------------------------------------------------------

def _label(text: str) -> str:
    return loggable(" ".join(text.split())[:300])


def run_query(store: ox.Store, request: Request, preq: ProtocolRequest, settings) -> Response:
    """Check, plan and start a query; the returned response writes the results when served."""
    text = preq.query
    if not text.strip():
        raise BadRequest("the query is empty")
    shape = scan(text, settings)
    check_shape(shape, settings)
    if shape.is_update:
        raise BadRequest(f"this is a SPARQL Update ({shape.form}); send it as 'update', with POST")
    kind = "results" if shape.form in ("SELECT", "ASK") else "graph" if shape.form else None
    fmt = choose_format(request, formats_for(kind), preq.format) if kind else None
    options: dict = {}
    if preq.default_graphs:
        options["default_graph"] = _graph_nodes(preq.default_graphs, "default-graph-uri")
    elif getattr(settings, "union_default_graph", True):
        options["use_default_graph_as_union"] = True
    if preq.named_graphs:
        options["named_graphs"] = _graph_nodes(preq.named_graphs, "named-graph-uri")
    options["base_iri"] = settings.base_iri  # SPARQL 1.1 Protocol 2.3: relative IRIs resolve here
    timeout = min(settings.query_timeout, preq.timeout or settings.query_timeout)
    bounded = with_row_limit(text, shape, settings.max_result_rows)
    ticket = WATCHDOG.start(timeout, _client_socket(request.environ), _label(text), _cors_value(request, settings))
    try:
        try:
            results = store.query(bounded, **options)
        except SyntaxError as exc:
            if bounded is text:
                raise _syntax_error(exc) from None
            try:
                results = store.query(text, **options)
            except SyntaxError as original:
                raise _syntax_error(original) from None
            log.info("row limit not applied (query rewrite did not parse): %s", _label(text))
        except OSError as exc:
            raise QueryFailed(f"the query failed while running: {exc}") from None
        if ticket.state == "abandoned" or ticket.compute_seconds() > timeout:
            raise QueryTimedOut(timeout)
        actual = "results" if isinstance(results, (ox.QuerySolutions, ox.QueryBoolean)) else "graph"
        if fmt is None or fmt.kind != actual:
            fmt = choose_format(request, formats_for(actual), preq.format)
    except BaseException:
        WATCHDOG.finish(ticket)
        raise
    return ResultResponse(results, fmt, ticket, settings)


def run_update(store: ox.Store, request: Request, preq: ProtocolRequest, settings) -> Response:
    """Authorise and run a SPARQL Update; 204 when it is done."""
    if not getattr(settings, "allow_update", False):
        raise Forbidden("updates are disabled on this endpoint (read-only); the operator can enable them "
                        "with allow_update and an update_token")
    auth = request.headers.get("Authorization", "")
    scheme, _, token = auth.partition(" ")
    if not auth:
        raise Unauthorized("updates need an 'Authorization: Bearer <token>' header")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(),
                                                             settings.update_token.encode()):
        raise Forbidden("the bearer token is not valid for updates")
    if preq.default_graphs or preq.named_graphs:
        raise BadRequest("using-graph-uri / using-named-graph-uri are not supported for updates; "
                         "write USING / USING NAMED in the update instead")
    text = preq.update
    if not text.strip():
        raise BadRequest("the update is empty")
    shape = scan(text, settings)
    check_shape(shape, settings, update=True)
    timeout = min(settings.query_timeout, preq.timeout or settings.query_timeout)
    ticket = WATCHDOG.start(timeout, _client_socket(request.environ), _label(text))
    started = time.monotonic()
    try:
        store.update(text, base_iri=settings.base_iri)
    except SyntaxError as exc:
        raise _syntax_error(exc) from None
    except OSError as exc:
        raise QueryFailed(f"the update failed: {exc}") from None
    finally:
        WATCHDOG.finish(ticket)
    _log_if_slow(time.monotonic() - started, settings, text)
    return Response(status=204)


def _client_socket(environ):
    return environ.get("gunicorn.socket") or environ.get("werkzeug.socket")


def _cors_value(request: Request, settings) -> str:
    origins = getattr(settings, "cors_origins", "") or ""
    if origins.strip() == "*":
        return "*"
    origin = request.headers.get("Origin", "")
    return origin if origin and origin in origins.replace(",", " ").split() else ""


def _log_if_slow(seconds: float, settings, text: str) -> None:
    if seconds >= getattr(settings, "slow_query_seconds", 1.0):
        log.warning("slow query %.3f s: %s", seconds, _label(text))


class _ResultWriter:
    """The file object pyoxigraph serializes into: buffers, then streams, checking the deadline."""

    __slots__ = ("ticket", "chunks", "size", "wsgi_write", "begin", "error")

    def __init__(self, ticket: Ticket, begin):
        self.ticket = ticket
        self.chunks: list[bytes] = []
        self.size = 0
        self.wsgi_write = None
        self.begin = begin
        self.error: BaseException | None = None

    def write(self, data: bytes) -> int:
        ticket = self.ticket
        if ticket.state == "abandoned" or ticket.compute_seconds() > ticket.timeout:
            self.error = QueryTimeout(ticket.timeout)
            raise self.error
        self.chunks.append(data)
        self.size += len(data)
        if self.wsgi_write is None:
            if self.size >= STREAM_THRESHOLD:
                self.wsgi_write = self.begin()
                self.send()
        elif self.size >= STREAM_CHUNK:
            self.send()
        return len(data)

    def flush(self) -> None:
        pass

    def send(self) -> None:
        ticket = self.ticket
        data = b"".join(self.chunks)
        self.chunks, self.size = [], 0
        with ticket.lock:
            if ticket.state == "abandoned":
                self.error = QueryTimeout(ticket.timeout)
                raise self.error
            ticket.state = "streaming"
            ticket.in_io = True
            started = time.monotonic()
            try:
                self.wsgi_write(data)
            except BaseException as exc:
                self.error = exc
                raise
            finally:
                ticket.io_time += time.monotonic() - started
                ticket.in_io = False


class ResultResponse(Response):
    """A response whose body pyoxigraph writes when the WSGI server asks for it."""

    def __init__(self, results, fmt: Format, ticket: Ticket, settings):
        super().__init__(status=200, content_type=fmt.content_type)
        self.results = results
        self.format = fmt
        self.ticket = ticket
        self.settings = settings
        self.headers["Vary"] = "Accept"
        self.headers["X-SPARQL-MaxRows"] = str(settings.max_result_rows)

    def __call__(self, environ, start_response):
        ticket = self.ticket
        headers = [(k, v) for k, v in self.headers.items() if k.lower() != "content-length"]
        status = "200 OK"
        if environ.get("REQUEST_METHOD") == "HEAD":
            WATCHDOG.finish(ticket)
            start_response(status, headers)
            return []
        writer = _ResultWriter(ticket, lambda: start_response(status, headers))
        try:
            self.results.serialize(writer, self.format.writer)
        except BaseException as exc:
            error = writer.error or exc
            WATCHDOG.finish(ticket)
            if writer.wsgi_write is not None or ticket.state == "abandoned":
                log.warning("result stream cut off (%s: %s): %s", type(error).__name__, loggable(error),
                            ticket.label)
                raise _StreamCutOff(str(error)) from None
            if isinstance(error, QueryTimeout):
                failure: ProtocolError = QueryTimedOut(ticket.timeout)
            else:
                failure = QueryFailed(f"the query failed while running: {error}")
            return error_response(failure, environ.get("HTTP_ACCEPT"), self.headers)(environ, start_response)
        WATCHDOG.finish(ticket)
        _log_if_slow(time.monotonic() - ticket.started, self.settings, ticket.label)
        if writer.wsgi_write is not None:
            if writer.chunks:
                writer.send()
            return []
        body = b"".join(writer.chunks)
        headers.append(("Content-Length", str(len(body))))
        start_response(status, headers)
        return [body]


class _StreamCutOff(Exception):
    """Raised to the WSGI server so it drops a connection whose response cannot be completed."""


_PASSED_ON = ("Access-Control-Allow-Origin", "Vary", "X-Content-Type-Options", "X-Frame-Options",
              "Content-Security-Policy")


def error_response(error: ProtocolError, accept: str | None = None, carry=None) -> Response:
    """A plain-text response for a protocol error (the one place errors become HTTP)."""
    response = Response(error.message.rstrip() + "\n", status=error.status,
                        content_type="text/plain; charset=utf-8")
    for key, value in error.headers.items():
        response.headers[key] = value
    if carry is not None:
        for key in _PASSED_ON:
            if key in carry:
                response.headers[key] = carry[key]
    return response
