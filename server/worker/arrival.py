"""Has a whole HTTP/1.x request arrived? Headers, and the body by Content-Length or to its last chunk."""
from __future__ import annotations

MAX_HEAD_BYTES = 64 << 10
"""Headers longer than this are handed to gunicorn's parser as they are, which refuses them."""


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
