"""``ElasticPool``: the worker's thread pool, one thread more for each long request (see the package doc)."""
from __future__ import annotations

import threading
from concurrent.futures import Future
from queue import SimpleQueue


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
