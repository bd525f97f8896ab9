"""A news site on 127.0.0.1 for the ingest tests: saved pages, a feed that changes, and every
way a fetch can go wrong. No test touches the internet.

Routes: files under ``site/`` (with ETag and Last-Modified, answering conditional requests
with 304), ``/robots.txt`` (forbids ``/private/``), ``/feed.xml`` (RSS built from
``LoopbackSite.feed_entries``, which a test changes between polls), ``/redirect/N`` (a chain
of N redirects ending at ``/news/rutte.html``), ``/loop`` (redirects to itself),
``/missing`` (404), ``/broken`` (500), ``/slow`` (answers after ``slow_seconds``), ``/huge``
(declares 50 MB), ``/huge-chunked`` (streams without a length), ``/image.png`` (not HTML).
"""
from __future__ import annotations

import hashlib
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

SITE = Path(__file__).resolve().parent / "site"
LAST_MODIFIED = formatdate(1_750_000_000, usegmt=True)


class LoopbackSite:
    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, str], float]] = []   # (path, headers, time.monotonic())
        self.feed_entries: list[tuple[str, str, str]] = []           # (guid, path, title)
        self.slow_seconds = 3.0
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            wbufsize = 1 << 16   # headers and body in one write: no delayed-ACK stall on keep-alive

            def log_message(self, *args) -> None:   # quiet
                pass

            def do_GET(self) -> None:
                site.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic()))
                site._route(self)

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address) -> None:   # a client that hung up is expected here
                pass

        self._server = Server(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def paths_requested(self) -> list[str]:
        return [p for p, _, _ in self.requests]

    # --- routes -------------------------------------------------------------------------

    def _route(self, h: BaseHTTPRequestHandler) -> None:
        path = h.path.split("?", 1)[0]
        if path.startswith("/redirect/"):
            n = int(path.rsplit("/", 1)[1])
            return self._redirect(h, f"/redirect/{n - 1}" if n > 1 else "/news/rutte.html")
        if path == "/loop":
            return self._redirect(h, "/loop")
        if path == "/to-ftp":
            return self._redirect(h, "ftp://127.0.0.1/file")
        if path == "/missing":
            return self._send(h, 404, b"<html><body>Not found</body></html>", "text/html")
        if path == "/broken":
            return self._send(h, 500, b"oops", "text/plain")
        if path == "/slow":
            time.sleep(self.slow_seconds)
            return self._send(h, 200, (SITE / "news/meta-only.html").read_bytes(), "text/html")
        if path == "/huge":
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.send_header("Content-Length", str(50_000_000))
            h.end_headers()
            try:
                h.wfile.write(b"<html>" + b"x" * 1000)
            except OSError:
                pass
            return
        if path == "/huge-chunked":
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.send_header("Connection", "close")
            h.end_headers()
            try:
                for _ in range(200):
                    h.wfile.write(b"<p>" + b"y" * 65536 + b"</p>")
            except OSError:
                pass
            h.close_connection = True
            return
        if path == "/image.png":
            return self._send(h, 200, b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "image/png")
        if path == "/feed.xml":
            return self._conditional(h, self._feed(), "application/rss+xml")
        file = (SITE / path.lstrip("/")).resolve()
        if SITE in file.parents and file.is_file():
            ctype = "text/plain" if file.suffix == ".txt" else "text/html; charset=utf-8"
            return self._conditional(h, file.read_bytes(), ctype)
        return self._send(h, 404, b"not found", "text/plain")

    def _feed(self) -> bytes:
        items = "".join(
            f"<item><guid>{escape(guid)}</guid><title>{escape(title)}</title>"
            f"<link>{escape(self.url(path))}</link><pubDate>Mon, 02 Jun 2025 08:00:00 GMT</pubDate></item>"
            for guid, path, title in self.feed_entries)
        return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Loopback news</title>'
                f"<link>{self.base}/</link><description>test feed</description>{items}</channel></rss>").encode()

    @staticmethod
    def _redirect(h: BaseHTTPRequestHandler, location: str) -> None:
        h.send_response(302)
        h.send_header("Location", location)
        h.send_header("Content-Length", "0")
        h.end_headers()

    @staticmethod
    def _send(h: BaseHTTPRequestHandler, status: int, body: bytes, ctype: str, extra: dict | None = None) -> None:
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(body)

    def _conditional(self, h: BaseHTTPRequestHandler, body: bytes, ctype: str) -> None:
        etag = '"' + hashlib.sha1(body).hexdigest()[:12] + '"'
        if h.headers.get("If-None-Match") == etag:
            h.send_response(304)
            h.send_header("ETag", etag)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        self._send(h, 200, body, ctype, {"ETag": etag, "Last-Modified": LAST_MODIFIED})
