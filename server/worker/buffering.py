"""``BufferingThreadWorker``: gunicorn's gthread worker with requests received by the event loop,
an elastic pool and answers from the response cache (see the package doc). One class, kept whole:
it overrides gthread's event-loop methods, which share its connection state and counters."""
from __future__ import annotations

import errno
import selectors
import threading
import time
from datetime import timedelta
from email.utils import formatdate
from functools import partial

from gunicorn import SERVER, http
from gunicorn.workers.gthread import TConn, ThreadWorker

from .arrival import request_state
from .cache_front import _Sent, plain_get
from .pool import ElasticPool

REQUEST_READ_SECONDS = 30.0
"""A request (headers and body) must have arrived this long after the connection was
accepted, or after the previous response on a kept-alive connection."""
RECV_BYTES = 256 << 10


class _Incoming:
    """A request being received by the event loop."""

    __slots__ = ("conn", "data", "deadline", "registered", "scan")

    def __init__(self, conn: TConn, data: bytes, deadline: float):
        self.conn = conn
        self.data = bytearray(data)
        self.deadline = deadline
        self.registered = False
        self.scan = [0, 0]      # chunked bodies: where the next chunk starts, and the bytes so far


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
        request = plain_get(data, head_end)
        if request is None:
            return None
        return cache.lookup(*request)

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
