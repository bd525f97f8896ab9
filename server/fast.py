"""A lean WSGI path for SPARQL queries sent by GET, in front of the Flask application.

A query by GET (``/sparql?query=…``, what SPARQLWrapper and most clients send) is read,
checked, run and answered by the same code as in Flask (``server.sparql``), with the same
headers (security, CORS) and the same errors, but without Flask's request dispatch (context
push, URL routing, hooks): measured in-process, the one-row lookup's WSGI call takes about a
third of the time (docs/endpoint.md, "Serving"). Everything else — POST, HEAD, OPTIONS, the
service description, pages — goes to Flask as before.
"""
from __future__ import annotations

import logging

from werkzeug.wrappers import Request

from server import sparql
from server.log_text import loggable
from server.sparql import ProtocolError, error_response

log = logging.getLogger("kg.server")


def sparql_get_fast_path(flask_wsgi, holder, settings, security_headers: dict[str, str]):
    """Wrap ``flask_wsgi`` so that ``GET /sparql?query=…`` skips Flask."""
    cors_on = bool(getattr(settings, "cors_origins", "") or "")
    max_bytes = settings.max_request_bytes
    fixed = list(security_headers.items())   # checked once here, not per response

    def finish(response, request):
        response.headers._list.extend(fixed)  # a fresh response: none of them is set yet
        if cors_on:
            value = sparql._cors_value(request, settings)
            if value:
                response.headers["Access-Control-Allow-Origin"] = value
                if value != "*":
                    response.vary.add("Origin")
        return response

    def app(environ, start_response):
        if (environ.get("PATH_INFO") != "/sparql" or environ.get("REQUEST_METHOD") != "GET"
                or "query=" not in environ.get("QUERY_STRING", "")):
            return flask_wsgi(environ, start_response)
        request = Request(environ)
        request.max_content_length = max_bytes
        try:
            preq = sparql.read_request(request, max_bytes)
            if preq.query is None:   # only update=… or a near miss: Flask says what is wrong
                return flask_wsgi(environ, start_response)
            response = sparql.run_query(holder.get(), request, preq, settings)
        except ProtocolError as error:
            response = error_response(error)
        except Exception as error:  # as app.internal_error does
            log.exception("unexpected error on %s %s", loggable(request.method), loggable(request.path))
            response = error_response(ProtocolError(f"internal error: {type(error).__name__}"))
            response.status_code = 500
        return finish(response, request)(environ, start_response)

    return app
