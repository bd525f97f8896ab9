"""Running a checked request against the store: a query (the response writes its results when
served, see ``streaming.py``) or an authorised update, each under the query watchdog."""
from __future__ import annotations

import hmac
import time

import pyoxigraph as ox
from flask import Response
from werkzeug.wrappers import Request

from server.query_text import with_row_limit
from server.timeouts import WATCHDOG

from .errors import BadRequest, Forbidden, QueryFailed, QueryTimedOut, Unauthorized
from .negotiation import choose_format, formats_for
from .request import ProtocolRequest, _graph_nodes, _syntax_error, check_shape, scan
from .streaming import ResultResponse, _label, _log_if_slow, log


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
