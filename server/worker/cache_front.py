"""Requests the event loop may answer from the response cache itself: a plain ``GET /sparql?…``
HTTP/1.1 with only the headers in ``_PLAIN_HEADERS``; and what the access logger reads of such an answer."""
from __future__ import annotations

import re

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


def plain_get(data: bytes | bytearray, head_end: int) -> tuple[str, str | None, str | None] | None:
    """``(target, accept, origin)`` of a plain GET head (``data[:head_end]``), or None if it is not one."""
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
    return (parts[1].decode("ascii"), None if accept is None else accept.decode("latin-1"),
            None if origin is None else origin.decode("latin-1"))
