"""Values from a request, made safe to write into a log line."""
from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\\]")


def loggable(value: object) -> str:
    """``value`` with control characters (newlines, NUL, escape sequences…) and backslashes
    written as ``\\xNN`` / ``\\uNNNN`` escapes, so a client cannot forge or break log lines."""
    text = value if isinstance(value, str) else str(value)
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: "\\\\" if m.group() == "\\" else
                        (f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}"), text)
