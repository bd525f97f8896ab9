"""``kg serve``: checks the store and the port, then starts the server (``server/serve.py``)."""
from __future__ import annotations

import sys
from pathlib import Path

from .common import EXIT_OK, EXIT_STORE, EXIT_USAGE, _settings


def cmd_serve(args) -> int:
    settings = _settings(args)
    if not Path(settings.store).is_dir():
        print(f"error: no store at {settings.store}: run `kg build` first", file=sys.stderr)
        return EXIT_STORE
    busy = _port_busy(settings.host, settings.port)
    if busy:
        print(f"error: cannot serve on {settings.host}:{settings.port}: {busy}. Pick another port: "
              f"kg serve --port {settings.port + 1} (or ./run --port {settings.port + 1}, or KG_PORT)", file=sys.stderr)
        return EXIT_USAGE
    from server.serve import serve
    serve(settings)
    return EXIT_OK


def _port_busy(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be listened on ("the port is in use …"), or None if it can."""
    import errno
    import socket
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn does: TIME_WAIT is not busy
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return "the port is in use (another kg serve, or another program)"
            return exc.strerror or str(exc)
    return None
