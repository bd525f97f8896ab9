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
"""
from __future__ import annotations

import errno
import re
import selectors
import threading
import time
from concurrent.futures import Future
from datetime import timedelta
from email.utils import formatdate
from functools import partial
from queue import SimpleQueue

from gunicorn import SERVER, http
from gunicorn.workers.gthread import TConn, ThreadWorker

REQUEST_READ_SECONDS = 30.0
"""A request (headers and body) must have arrived this long after the connection was
accepted, or after the previous response on a kept-alive connection."""
MAX_HEAD_BYTES = 64 << 10
"""Headers longer than this are handed to gunicorn's parser as they are, which refuses them."""
RECV_BYTES = 256 << 10

_PLAIN_HEADERS = frozenset({b"host", b"accept", b"accept-encoding", b"user-agent", b"origin", b"connection"})
"""The only headers a request answered from the response cache may carry (none changes the answer
but Accept and Origin, which are part of the key)."""
_TOKEN = re.compile(rb"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_VALUE = re.compile(rb"[\x20-\x7e\t]*")
_TARGET = re.compile(rb"/sparql\?[\x21-\x22\x24-\x7e]{1,4000}")   # visible ASCII, no '#'


class _Sent:
    """What the access logger reads of a response (``server.serve.AccessLogger``)."""

    __slots__ = ("status", "sent")

    def __init__(self, sent: int):
        self.status = "200 OK"
        self.sent = sent


class ElasticPool:
    """A thread pool of ``size`` threads, plus one for each long request (``grow``/``shrink``).

    Only what gunicorn's gthread worker uses of ``concurrent.futures.ThreadPoolExecutor``:
    ``submit`` and ``shutdown``. Every request submitted gets a thread as soon as one is free
    or may be started; threads above the current limit end when they become idle.
    """

    def __init__(self, size: int, name: str = "kg-request"):
        self._size = max(1, size)
        self._extra = 0
        self._threads = 0
        self._idle = 0
        self._backlog = 0
        self._queue: SimpleQueue = SimpleQueue()
        self._lock = threading.Lock()
        self._closed = False
        self._name = name

    @property
    def limit(self) -> int:
        return self._size + self._extra

    def submit(self, fn, *args) -> Future:
        future: Future = Future()
        with self._lock:
            if self._closed:
                raise RuntimeError("the pool is shut down")
            self._queue.put((future, fn, args))
            self._backlog += 1
            self._dispatch()
        return future

    def grow(self) -> None:
        with self._lock:
            self._extra += 1
            self._dispatch()

    def shrink(self) -> None:
        with self._lock:
            self._extra = max(0, self._extra - 1)

    def shutdown(self, wait: bool = True) -> None:
        with self._lock:
            self._closed = True
            for _ in range(self._threads):
                self._queue.put(None)

    def _dispatch(self) -> None:
        """Give each waiting request an idle thread or a new one, within the limit (lock held)."""
        while self._backlog > 0:
            if self._idle > 0:
                self._idle -= 1
            elif self._threads < self.limit:
                self._threads += 1
                threading.Thread(target=self._run, name=f"{self._name}-{self._threads}", daemon=True).start()
            else:
                return
            self._backlog -= 1

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            future, fn, args = item
            del item
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(fn(*args))
                except BaseException as exc:  # handed to the future, as ThreadPoolExecutor does
                    future.set_exception(exc)
            del future
            with self._lock:
                if self._threads > self.limit and self._backlog == 0:
                    self._threads -= 1
                    return
                self._idle += 1
                self._dispatch()


class _Incoming:
    """A request being received by the event loop."""

    __slots__ = ("conn", "data", "deadline", "registered", "scan")

    def __init__(self, conn: TConn, data: bytes, deadline: float):
        self.conn = conn
        self.data = bytearray(data)
        self.deadline = deadline
        self.registered = False
        self.scan = [0, 0]      # chunked bodies: where the next chunk starts, and the bytes so far


def request_state(data: bytes | bytearray, max_body: int, scan: list[int] | None = None) -> tuple[str, int]:
    """Has a whole HTTP/1.x request arrived? ``("complete" | "partial" | "continue", head_end)``.

    "continue": the headers ask for ``Expect: 100-continue`` and the body is not there yet.
    Anything this does not understand (no CRLF, bad lengths, bad chunks, too long) counts as
    complete: gunicorn's parser then refuses it with the proper status. ``scan`` carries a
    chunked body's progress from one call to the next, so that many tiny chunks cost linear time.
    """
    end = data.find(b"\r\n\r\n")
    if end < 0:
        return ("complete" if len(data) > MAX_HEAD_BYTES or data.find(b"\n\n") >= 0 else "partial"), -1
    body_start = end + 4
    length = None
    chunked = False
    expect = False
    for line in bytes(data[:end]).split(b"\r\n")[1:]:
        name, sep, value = line.partition(b":")
        if not sep:
            continue
        name = name.strip().lower()
        if name == b"content-length":
            if length is not None:
                return "complete", end
            try:
                length = int(value.strip())
            except ValueError:
                return "complete", end
        elif name == b"transfer-encoding":
            chunked = chunked or b"chunked" in value.lower()
        elif name == b"expect":
            expect = value.strip().lower() == b"100-continue"
    if chunked:
        scan = scan if scan is not None else [0, 0]
        if scan[0] < body_start:
            scan[0], scan[1] = body_start, 0
        state = _chunked_state(data, scan, max_body)
    elif length:
        state = "complete" if length > max_body or len(data) - body_start >= length else "partial"
    else:
        return "complete", end
    if state == "partial" and expect and len(data) == body_start:
        return "continue", end
    return state, end


def _chunked_state(data: bytes | bytearray, scan: list[int], max_body: int) -> str:
    pos, total = scan
    while True:
        scan[0], scan[1] = pos, total
        line_end = data.find(b"\r\n", pos)
        if line_end < 0:
            return "partial" if len(data) - pos < 1024 else "complete"
        size_text = bytes(data[pos:line_end]).split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            return "complete"
        if size == 0:   # the last chunk, then trailers, then an empty line
            if data[line_end + 2:line_end + 4] == b"\r\n":
                return "complete"
            return "complete" if data.find(b"\r\n\r\n", line_end) >= 0 else "partial"
        total += size
        if total > max_body:
            return "complete"
        pos = line_end + 2 + size + 2
        if pos > len(data):
            return "partial"


class BufferingThreadWorker(ThreadWorker):
    """gthread, with requests received by the event loop and an elastic pool (module doc)."""

    max_body = 1_000_000
    """Set from ``max_request_bytes`` by ``server.serve``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._incoming: dict[TConn, _Incoming] = {}
        self._taken = 0           # requests handed to the pool and not finished
        self._count_lock = threading.Lock()
        self._cache = False       # the app's response cache: looked up on first use
        self._date = (0, b"")

    # --- what the watchdog uses ------------------------------------------------------------

    def get_thread_pool(self):
        return ElasticPool(self.cfg.threads)

    def add_thread(self) -> None:
        self.tpool.grow()

    def remove_thread(self) -> None:
        self.tpool.shrink()

    def stop_accepting(self) -> None:
        self.alive = False
        self.method_queue.defer(lambda: None)   # wake the event loop so it notices at once

    def requests_left(self) -> int:
        """Requests taken on and not answered yet, including those still arriving."""
        return self._taken + len(self._incoming) + len(self.keepalived_conns)

    # --- receiving ---------------------------------------------------------------------------

    def accept(self, listener):
        try:
            client_sock, client_addr = listener.accept()
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        conn = TConn(self.cfg, client_sock, client_addr, listener.getsockname())
        self._receive(conn, b"")

    def enqueue_req(self, conn):
        """gthread calls this for a new, a kept-alive or a pipelined request: receive it first."""
        pending = conn.parser.unreader.take_buffered() if conn.parser is not None else b""
        self._receive(conn, pending)

    def _receive(self, conn: TConn, data: bytes) -> None:
        conn.sock.setblocking(False)
        incoming = _Incoming(conn, data, time.monotonic() + REQUEST_READ_SECONDS)
        self._incoming[conn] = incoming
        if not data:
            self._read(incoming)     # the bytes have often arrived with the connection already
            return
        state, head_end = request_state(incoming.data, self.max_body, incoming.scan)
        if state != "complete":
            self._read(incoming)
        elif not self._answer_from_cache(incoming, head_end):
            self._hand_over(incoming)

    def _on_readable(self, incoming: _Incoming, _sock) -> None:
        self._read(incoming)

    def _read(self, incoming: _Incoming) -> None:
        conn = incoming.conn
        try:
            data = conn.sock.recv(RECV_BYTES)
        except (BlockingIOError, InterruptedError):
            data = None
        except OSError:
            self._drop(incoming)
            return
        if data == b"":
            self._drop(incoming)
            return
        if data:
            incoming.data += data
            state, head_end = request_state(incoming.data, self.max_body, incoming.scan)
            if state == "complete":
                if not self._answer_from_cache(incoming, head_end):
                    self._hand_over(incoming)
                return
            if state == "continue":
                self._send_continue(incoming, head_end)
        if not incoming.registered:
            incoming.registered = True
            self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._on_readable, incoming))

    # --- answers from the response cache ------------------------------------------------------

    def _response_cache(self):
        if self._cache is False:
            from server.fast import response_cache
            self._cache = response_cache(self.wsgi) if getattr(self.log, "lean_access", False) else None
        return self._cache

    def _cached_answer(self, data: bytearray, head_end: int) -> tuple[bytes, int] | None:
        """The app's cached answer to this request, if it is a plain GET that has one."""
        if head_end < 0 or len(data) != head_end + 4 or not data.startswith(b"GET /sparql?"):
            return None
        cache = self._response_cache()
        if cache is None:
            return None
        lines = bytes(data[:head_end]).split(b"\r\n")
        parts = lines[0].split(b" ")
        if len(parts) != 3 or parts[2] != b"HTTP/1.1" or not _TARGET.fullmatch(parts[1]) or len(lines) > 32:
            return None
        seen: dict[bytes, bytes] = {}
        for line in lines[1:]:
            name, sep, value = line.partition(b":")
            name = name.lower()
            if not sep or name not in _PLAIN_HEADERS or name in seen or not _TOKEN.fullmatch(name):
                return None
            value = value.strip(b" \t")
            if not _VALUE.fullmatch(value):
                return None
            seen[name] = value
        if b"host" not in seen or seen.get(b"connection", b"keep-alive").lower() != b"keep-alive":
            return None
        accept, origin = seen.get(b"accept"), seen.get(b"origin")
        return cache.lookup(parts[1].decode("ascii"), None if accept is None else accept.decode("latin-1"),
                            None if origin is None else origin.decode("latin-1"))

    def _answer_from_cache(self, incoming: _Incoming, head_end: int) -> bool:
        """Answer a complete request from the response cache in the event loop; False if it cannot be."""
        conn = incoming.conn
        if (not self.alive or not self.cfg.keepalive or len(self.keepalived_conns) >= self.max_keepalived
                or self.nr + 1 >= self.max_requests or not isinstance(conn.client, tuple)):
            return False     # gunicorn would answer "Connection: close": let it
        started = time.monotonic()
        try:
            found = self._cached_answer(incoming.data, head_end)
        except Exception:    # never let a shortcut break a request: the usual way answers it
            self.log.exception("response cache lookup failed")
            return False
        if found is None:
            return False
        block, body_length = found
        now = int(time.time())
        if self._date[0] != now:
            self._date = (now, formatdate(now, usegmt=True).encode("ascii"))
        answer = b"".join((b"HTTP/1.1 200 OK\r\nServer: ", SERVER.encode(), b"\r\nDate: ", self._date[1],
                           b"\r\nConnection: keep-alive\r\n", block))
        self._forget(incoming)
        self.nr += 1
        try:
            sent = conn.sock.send(answer)
        except (BlockingIOError, InterruptedError):
            sent = 0
        except OSError:
            self.nr_conns -= 1
            conn.close()
            return True
        self.log.access(_Sent(body_length), None, {"REMOTE_ADDR": conn.client[0], "REQUEST_METHOD": "GET",
                                                   "PATH_INFO": "/sparql"},
                        timedelta(seconds=time.monotonic() - started))
        if sent < len(answer):   # the client is not reading: a thread sends the rest, as for any answer
            if conn.parser is None:
                conn.parser = http.get_parser(self.cfg, conn.sock, conn.client)
            with self._count_lock:
                self._taken += 1
            future = self.tpool.submit(self._send_rest, conn, answer[sent:])
            future.add_done_callback(lambda fut: self.method_queue.defer(self.finish_request, conn, fut))
            return True
        conn.set_timeout()       # kept alive, as gunicorn's finish_request does it
        self.keepalived_conns.append(conn)
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self.on_client_socket_readable, conn))
        return True

    def _send_rest(self, conn: TConn, rest: bytes) -> bool:
        try:
            conn.sock.setblocking(True)
            conn.sock.sendall(rest)
            return True
        except OSError:
            return False
        finally:
            with self._count_lock:
                self._taken -= 1

    def _send_continue(self, incoming: _Incoming, head_end: int) -> None:
        """Answer ``Expect: 100-continue`` here and drop the header, so gunicorn does not answer it again."""
        head = bytes(incoming.data[:head_end])
        lines = [line for line in head.split(b"\r\n")
                 if line.partition(b":")[0].strip().lower() != b"expect"]
        incoming.data[:head_end] = b"\r\n".join(lines)
        incoming.scan[:] = [0, 0]     # the body now starts elsewhere
        try:
            incoming.conn.sock.send(b"HTTP/1.1 100 Continue\r\n\r\n")
        except OSError:
            pass

    def _hand_over(self, incoming: _Incoming) -> None:
        conn = incoming.conn
        self._forget(incoming)
        conn.sock.setblocking(True)
        if conn.parser is None:
            conn.parser = http.get_parser(self.cfg, conn.sock, conn.client)
        conn.parser.unreader.unread(bytes(incoming.data))
        conn.data_ready = True
        with self._count_lock:
            self._taken += 1
        future = self.tpool.submit(self.handle, conn)
        future.add_done_callback(lambda fut: self.method_queue.defer(self.finish_request, conn, fut))

    def handle(self, conn):
        try:
            return super().handle(conn)
        finally:
            with self._count_lock:
                self._taken -= 1

    def _forget(self, incoming: _Incoming) -> None:
        self._incoming.pop(incoming.conn, None)
        if incoming.registered:
            incoming.registered = False
            try:
                self.poller.unregister(incoming.conn.sock)
            except (KeyError, ValueError, OSError):
                pass

    def _drop(self, incoming: _Incoming, answer: bytes = b"") -> None:
        self._forget(incoming)
        self.nr_conns -= 1
        if answer:
            try:
                incoming.conn.sock.send(answer)
            except OSError:
                pass
        incoming.conn.close()

    def murder_pending(self):
        super().murder_pending()
        now = time.monotonic()
        for incoming in [i for i in self._incoming.values() if i.deadline <= now]:
            answer = (b"HTTP/1.1 408 Request Timeout\r\nContent-Type: text/plain; charset=utf-8\r\n"
                      b"Connection: close\r\nContent-Length: 53\r\n\r\n"
                      b"the request did not arrive in time; send it at once\r\n") if incoming.data else b""
            self._drop(incoming, answer)
