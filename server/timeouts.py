"""Query deadlines that really stop the work.

pyoxigraph cannot cancel a running query. Two mechanisms together make the timeout hold:

* cooperative: the result writer checks the deadline each time pyoxigraph hands it a
  buffer of serialized output (every few kilobytes), and stops the query by raising;
* a watchdog thread per worker process for a query stuck in one long step (a sort, an
  aggregate, a big join) that produces no output: past the deadline it answers the client
  504 itself, stops the worker from taking new connections, lets the worker's other
  requests finish — those being received, queued or answered alike — and ends the process;
  gunicorn starts a fresh worker at once. The runaway query dies with its process, so its
  CPU and memory come back.

The watchdog also gives a query that is still running after ``LONG_AFTER`` seconds a thread
of its own (``server.worker``): long queries never use up the threads quick ones need.

pyoxigraph releases the GIL while it evaluates, so the watchdog (and the worker's other
threads) keep running beside a busy query. Time a request spends blocked writing to a slow
client does not count against the query's deadline, but a hard cap bounds it.
"""
from __future__ import annotations

import logging
import os
import socket
import threading
import time

log = logging.getLogger("kg.server")

GRACE_SECONDS = 0.5
"""How long past its deadline a query may take to stop by itself before the watchdog acts."""
IO_CAP_FACTOR = 10
"""A request may spend at most this many times the query timeout writing to a slow client."""
DRAIN_SECONDS = 10.0
"""How long a recycled worker waits for its other requests to finish before it exits."""
LONG_AFTER = 0.25
"""A query running longer than this stops counting against the worker's threads."""


class QueryTimeout(Exception):
    """The query ran past its deadline (raised inside the result writer)."""


class Ticket:
    """One running query: its deadline, and the socket to answer on if it runs away."""

    __slots__ = ("started", "timeout", "io_time", "in_io", "sock", "state", "lock", "label", "cors", "long")

    def __init__(self, timeout: float, sock: socket.socket | None, label: str, cors: str = ""):
        self.started = time.monotonic()
        self.timeout = timeout
        self.io_time = 0.0
        self.in_io = False
        self.sock = sock
        self.state = "running"  # running -> streaming -> done, or -> abandoned
        self.lock = threading.Lock()
        self.label = label
        self.cors = cors
        self.long = False

    def compute_seconds(self, now: float | None = None) -> float:
        """Seconds spent on the query itself, not waiting for the client to read."""
        return (now or time.monotonic()) - self.started - self.io_time

    def check(self) -> None:
        """Raise QueryTimeout if the query is past its deadline or was abandoned."""
        if self.state == "abandoned" or self.compute_seconds() > self.timeout:
            raise QueryTimeout(self.timeout)


class Watchdog:
    """Per-process watcher of running queries (started lazily, restarted after fork)."""

    def __init__(self) -> None:
        self._tickets: set[Ticket] = set()
        self._lock = threading.Lock()
        self._pid = None
        self._server = None
        self._in_flight = 0
        self._abandoned = 0

    def attach(self, server) -> None:
        """The worker process this watchdog can recycle (``server.worker.BufferingThreadWorker``):
        ``stop_accepting()``, ``requests_left()``, ``add_thread()``, ``remove_thread()``."""
        self._server = server

    def request_started(self) -> None:
        if self._pid != os.getpid():
            self._spawn()
        with self._lock:
            self._in_flight += 1

    def request_finished(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def start(self, timeout: float, sock: socket.socket | None, label: str, cors: str = "") -> Ticket:
        ticket = Ticket(timeout, sock, label, cors)
        if self._pid != os.getpid():
            self._spawn()
        with self._lock:
            self._tickets.add(ticket)
        return ticket

    def finish(self, ticket: Ticket) -> None:
        with self._lock:
            self._tickets.discard(ticket)
            if ticket.state == "abandoned" and ticket.long:
                self._abandoned -= 1     # it stopped after all: its request is no longer stuck
            was_long, ticket.long = ticket.long, False
            if ticket.state != "abandoned":
                ticket.state = "done"
        if was_long and self._server is not None:
            self._server.remove_thread()

    def _spawn(self) -> None:
        self._pid = os.getpid()
        self._tickets = set()
        self._lock = threading.Lock()
        self._in_flight = 0
        self._abandoned = 0
        threading.Thread(target=self._run, name="kg-query-watchdog", daemon=True).start()

    def _run(self) -> None:
        while True:
            time.sleep(0.1)
            now = time.monotonic()
            with self._lock:
                tickets = list(self._tickets)
            for ticket in tickets:
                if ticket.state in ("done", "abandoned"):
                    continue
                if not ticket.long and now - ticket.started > LONG_AFTER and self._server is not None:
                    with self._lock:
                        if ticket.state in ("done", "abandoned") or ticket not in self._tickets:
                            continue
                        ticket.long = True
                    self._server.add_thread()
                if ticket.in_io:
                    if now - ticket.started > ticket.timeout * IO_CAP_FACTOR + ticket.timeout:
                        self._cut_off(ticket, "client too slow to read the results")
                    continue
                if ticket.compute_seconds(now) > ticket.timeout + GRACE_SECONDS:
                    self._abandon(ticket)

    def _cut_off(self, ticket: Ticket, why: str) -> None:
        log.warning("closing connection: %s (%s)", why, ticket.label)
        ticket.state = "abandoned"
        _shutdown(ticket.sock)

    def _abandon(self, ticket: Ticket) -> None:
        if not ticket.lock.acquire(timeout=0.05):
            return
        try:
            with self._lock:   # finish() decides under the same lock: each stuck request counted once
                if ticket.state in ("done", "abandoned"):
                    return
                answered = ticket.state == "running" and ticket.sock is not None
                ticket.state = "abandoned"
                self._tickets.discard(ticket)
                grow = not ticket.long and self._server is not None
                ticket.long = True      # stuck until its finish(), which may never come
                self._abandoned += 1
            if answered:
                _send_timeout(ticket.sock, ticket.timeout, ticket.cors)
            _shutdown(ticket.sock)
        finally:
            ticket.lock.release()
        if grow:
            self._server.add_thread()
        if self._server is None:
            log.warning("query past its %.3g s timeout is still running and this server cannot stop it: %s",
                        ticket.timeout, ticket.label)
            return
        log.warning("query past its %.3g s timeout stopped by recycling worker %d: %s",
                    ticket.timeout, os.getpid(), ticket.label)
        threading.Thread(target=self._recycle, name="kg-recycle", daemon=True).start()

    def _recycle(self) -> None:
        """Stop taking connections, answer every request taken on but the runaway ones, exit."""
        server = self._server
        try:
            server.stop_accepting()
        except Exception:  # the exit below must happen whatever the server did
            log.exception("could not stop the worker from accepting connections")
        stop_at = time.monotonic() + DRAIN_SECONDS
        while time.monotonic() < stop_at:
            try:
                left = server.requests_left()
            except Exception:
                left = 0
            with self._lock:
                busy = left - self._abandoned
            if busy <= 0:
                break
            time.sleep(0.02)
        time.sleep(0.05)
        os._exit(0)


def _send_timeout(sock: socket.socket, timeout: float, cors: str) -> None:
    body = (f"query timed out: it ran longer than {timeout:.3g} s and was stopped. "
            "Narrow it down (a LIMIT, a more selective pattern) or ask the operator for a longer "
            "query_timeout.\n").encode()
    head = ("HTTP/1.1 504 Gateway Timeout\r\nContent-Type: text/plain; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n")
    if cors:
        head += f"Access-Control-Allow-Origin: {cors}\r\n"
    try:
        sock.settimeout(1.0)
        sock.sendall(head.encode() + b"\r\n" + body)
    except OSError:
        pass


def _shutdown(sock: socket.socket | None) -> None:
    if sock is None:
        return
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


WATCHDOG = Watchdog()
