"""The SPARQL 1.1 Protocol in one place: read the request, check it, run it, negotiate, stream.

Every way a request can be wrong is a ``ProtocolError`` subclass with its HTTP status and a
plain message; ``app.py`` turns them into responses. Results are written by pyoxigraph's own
serializers straight into the response: a small result goes out in one piece with a
Content-Length, a large one streams (chunked), so memory stays flat however many rows.

One module per step of a request:

* ``request.py``      parse a GET or POST into a ``ProtocolRequest``; check the query's shape;
* ``negotiation.py``  the formats (``FORMATS``) and choosing one (``format=`` or Accept);
* ``execution.py``    run a query or an authorised update under the watchdog;
* ``streaming.py``    write the results into the response, in one piece or chunked;
* ``errors.py``       the error types and :func:`error_response`, where they become HTTP.
"""
from __future__ import annotations

from .errors import (BadRequest, Forbidden, MethodNotAllowed, NotAcceptable, NotFound, PayloadTooLarge,
                     ProtocolError, QueryFailed, QuerySyntaxError, QueryTimedOut, ServiceRefused, StoreUnavailable,
                     Unauthorized, UnsupportedMediaType, error_response)
from .negotiation import FORMATS, Format, choose_format, formats_for, negotiate
from .request import KNOWN_PARAMETERS, ProtocolRequest, check_outbound, check_shape, read_request, scan
from .streaming import STREAM_CHUNK, STREAM_THRESHOLD, ResultResponse
from .execution import run_query, run_update
from .negotiation import _HTML  # noqa: F401  (the pages offer HTML beside the RDF formats)
from .execution import _cors_value  # noqa: F401  (app.py and fast.py answer CORS the same way)

__all__ = [
    "BadRequest", "FORMATS", "Forbidden", "Format", "KNOWN_PARAMETERS", "MethodNotAllowed", "NotAcceptable",
    "NotFound", "PayloadTooLarge", "ProtocolError", "ProtocolRequest", "QueryFailed", "QuerySyntaxError",
    "QueryTimedOut", "ResultResponse", "STREAM_CHUNK", "STREAM_THRESHOLD", "ServiceRefused", "StoreUnavailable",
    "Unauthorized", "UnsupportedMediaType", "check_outbound", "check_shape", "choose_format", "error_response",
    "formats_for", "negotiate", "read_request", "run_query", "run_update", "scan",
]
