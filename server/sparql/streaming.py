"""Writing results into the response: pyoxigraph serializes straight into it; a small result
goes out in one piece with a Content-Length, a large one streams (chunked), so memory stays
flat however many rows, and the query's deadline is checked on every write."""
from __future__ import annotations

import logging
import time

from flask import Response

from server.log_text import loggable
from server.timeouts import WATCHDOG, QueryTimeout, Ticket

from .errors import ProtocolError, QueryFailed, QueryTimedOut, error_response
from .negotiation import Format

log = logging.getLogger("kg.server")

STREAM_THRESHOLD = 4 << 20
"""Results up to this many bytes are sent in one piece with a Content-Length; larger ones stream."""
STREAM_CHUNK = 256 << 10
"""Size of each streamed chunk."""


def _label(text: str) -> str:
    return loggable(" ".join(text.split())[:300])


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
