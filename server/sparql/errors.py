"""Every way a SPARQL request can be wrong, as a ``ProtocolError`` subclass with its HTTP status
and a plain message, and :func:`error_response`, the one place such an error becomes HTTP."""
from __future__ import annotations

from typing import Iterable

from flask import Response


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
