"""gunicorn's gthread worker with a buffering front and an elastic thread pool.

Two things the stock gthread worker does not do, which an endpoint on the internet needs:

* **A request reaches a thread only when it has fully arrived** (headers, and the body by
  Content-Length or to its last chunk), as a buffering reverse proxy would do it. The worker's
  event loop reads every connection without blocking, so a client that sends half a request
  and goes silent (slowloris) holds a few hundred bytes of buffer, not a thread; it is closed
  (408) when the request has not arrived after ``REQUEST_READ_SECONDS``. A request above
  ``max_request_bytes`` is handed over as soon as that is known, so the app answers 413
  without the body being held. ``Expect: 100-continue`` is answered by the front.
* **Long queries get threads of their own.** The pool has ``threads`` threads for requests;
  each query that is still running after ``timeouts.LONG_AFTER`` seconds adds one more for as
  long as it runs, so runaway queries never leave quick ones waiting for a free thread
  (pyoxigraph releases the GIL while it evaluates: the CPU is shared, not blocked).

And a shortcut for repeated lookups: **a GET query whose answer is in the app's response cache**
(``server.fast.ResponseCache``: a 200 of at most 64 KiB from the same read-only snapshot) is
answered by the event loop itself as soon as it has arrived, without a thread, gunicorn's parser
or the WSGI call — the same bytes gunicorn would send (status line, ``Server``, ``Date``,
``Connection: keep-alive``, the app's headers and body), and the same access-log line. Only a
plain request takes it (``GET /sparql?…`` HTTP/1.1 with nothing after its head, only the
headers in ``_PLAIN_HEADERS``, each once, ``Host`` among them, kept alive); anything else goes
the usual way. If the socket does not take the whole answer at once (a client not reading), a
thread sends the rest, as it would any answer.

And one the query watchdog needs when it recycles a worker to stop a runaway query:
``requests_left()`` counts every request the worker has taken on — being received, queued,
being answered, or a request arriving on a kept-alive connection — so the worker exits only
when all of them are answered (the runaway ones excepted), never dropping a queued request.

The package, by job:

- ``buffering.py``: ``BufferingThreadWorker`` (the worker gunicorn runs; ``server.serve`` names it)
- ``arrival.py``: ``request_state``, whether a whole request has arrived
- ``pool.py``: ``ElasticPool``
- ``cache_front.py``: which requests the event loop answers from the response cache
"""
from __future__ import annotations

from .arrival import MAX_HEAD_BYTES, request_state
from .buffering import RECV_BYTES, REQUEST_READ_SECONDS, BufferingThreadWorker
from .pool import ElasticPool

__all__ = ["MAX_HEAD_BYTES", "RECV_BYTES", "REQUEST_READ_SECONDS", "BufferingThreadWorker", "ElasticPool",
           "request_state"]
