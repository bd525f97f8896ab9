"""What the server needs to know about a SPARQL text before running it.

pyoxigraph does not expose the parsed algebra, so this is a token-level scan: strings,
IRIs and comments are skipped exactly as the SPARQL grammar delimits them, and what is
left is looked at for the query form, ``SERVICE`` targets, ``LOAD`` and the top-level
``LIMIT``. The scan never decides that a query is valid (pyoxigraph's parser does); it only
has to be right about the keywords, and it errs on the side of finding them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urljoin

_TOKEN = re.compile(
    r"""
      (?P<ws>\s+)
    | (?P<comment>\#[^\n\r]*)
    | (?P<string>'\'\'(?:[^'\\]+|\\.|'(?!''))*'\'\'
               |\"\"\"(?:[^"\\]+|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n\r]+|\\.)*'
               |"(?:[^"\\\n\r]+|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][\w\u00B7\u00C0-\uFFFF]+)
    | (?P<pname>(?:[A-Za-z\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*)?:(?:[\w\-:%\u00B7\u00C0-\uFFFF]|\\.|\.(?=[\w\-:%]))*)
    | (?P<word>[A-Za-z_][\w\-]*)
    | (?P<number>\d+)
    | (?P<punct>[{}()\[\]])
    | (?P<other>[^\s\#'"<?$\w{}()\[\]:\u00C0-\uFFFF]+|.)
    """,
    re.VERBOSE | re.DOTALL,
)

QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
MAX_NESTING = 48
"""Deepest bracket nesting accepted: pyoxigraph's parse time grows with the cube of it (8 s at 200)."""
_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


@dataclass(frozen=True)
class QueryShape:
    """The facts the protocol layer needs, read off the tokens of a query or update."""

    form: str | None
    """SELECT, CONSTRUCT, DESCRIBE, ASK, or the first update keyword; None if none was found."""
    services: tuple[str, ...] = ()
    """Each SERVICE target: an absolute IRI, or the variable / unresolved name as written."""
    loads: tuple[str, ...] = ()
    """Each LOAD source (updates only)."""
    limit: int | None = None
    """The top-level LIMIT, if the query has one."""
    limit_span: tuple[int, int] | None = field(default=None, repr=False)
    """Character span of the top-level LIMIT's number."""
    insert_at: int | None = field(default=None, repr=False)
    """Where a top-level LIMIT can be inserted (before a trailing VALUES, else the end)."""
    nesting: int = 0
    """Deepest nesting of brackets ``{ ( [`` (the parser's time grows steeply with it)."""

    @property
    def is_update(self) -> bool:
        return self.form in UPDATE_KEYWORDS


def _unescape_iri(text: str) -> str:
    return _UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


class _Tokens:
    """The significant tokens of a text, one at a time, with a short look-ahead."""

    def __init__(self, text: str):
        self._iter = (m for m in _TOKEN.finditer(text) if m.lastgroup not in ("ws", "comment", "other"))
        self._ahead: list = []

    def peek(self, k: int = 0):
        while len(self._ahead) <= k:
            m = next(self._iter, None)
            if m is None:
                return None
            self._ahead.append((m.lastgroup, m.group(), m.start(), m.end()))
        return self._ahead[k]

    def take(self):
        token = self.peek()
        if token is not None:
            self._ahead.pop(0)
        return token


def scan(text: str) -> QueryShape:
    """Tokenise ``text`` and report its form, SERVICE/LOAD targets, top-level LIMIT and nesting."""
    return _scan_cached(text) if len(text) <= 8192 else _scan(text)


@lru_cache(maxsize=512)
def _scan_cached(text: str) -> QueryShape:
    return _scan(text)


def _scan(text: str) -> QueryShape:
    prefixes: dict[str, str] = {}
    base = ""
    form: str | None = None
    services: list[str] = []
    loads: list[str] = []
    limit = None
    limit_span = None
    values_at = None
    depth = 0
    nesting = 0
    brackets = 0
    tokens = _Tokens(text)

    def resolve(token) -> str:
        if token is None:
            return ""
        kind, value = token[0], token[1]
        if kind == "iri":
            return urljoin(base, _unescape_iri(value[1:-1])) if base else _unescape_iri(value[1:-1])
        if kind == "pname":
            ns, _, local = value.partition(":")
            if ns + ":" in prefixes:
                return prefixes[ns + ":"] + local.replace("\\", "")
        return value

    def target() -> str:
        following = tokens.peek()
        if following is not None and following[0] == "word" and following[1].upper() == "SILENT":
            return resolve(tokens.peek(1))
        return resolve(following)

    while True:
        token = tokens.take()
        if token is None:
            break
        kind, value, start, end = token
        upper = value.upper() if kind == "word" else ""
        if kind == "punct":
            if value in "{(":
                depth += 1
            elif value in "})":
                depth = max(depth - 1, 0)
            if value in "{([":
                brackets += 1
                if brackets > nesting:
                    nesting = brackets
                    if nesting > MAX_NESTING:
                        break  # refused anyway; do not spend time on the rest
            elif value in "})]":
                brackets = max(brackets - 1, 0)
            continue
        if not upper:
            continue
        nxt = tokens.peek()
        if upper == "PREFIX" and nxt is not None and nxt[0] == "pname":
            iri = tokens.peek(1)
            if iri is not None and iri[0] == "iri":
                prefixes[nxt[1]] = resolve(iri)
        elif upper == "BASE" and nxt is not None and nxt[0] == "iri":
            base = resolve(nxt)
        elif upper == "SERVICE":
            services.append(target())
        elif upper == "LOAD":
            loads.append(target())
        elif depth == 0 and upper == "LIMIT" and nxt is not None and nxt[0] == "number":
            limit = int(nxt[1])
            limit_span = (nxt[2], nxt[3])
        elif depth == 0 and upper == "VALUES" and values_at is None:
            values_at = start
        if form is None and (upper in QUERY_FORMS or upper in UPDATE_KEYWORDS):
            form = upper
    return QueryShape(form=form, services=tuple(services), loads=tuple(loads), limit=limit,
                      limit_span=limit_span, insert_at=values_at if values_at is not None else len(text),
                      nesting=nesting)


def with_row_limit(text: str, shape: QueryShape, max_rows: int) -> str:
    """``text`` with its top-level LIMIT lowered to ``max_rows`` (added if missing).

    Only for SELECT, CONSTRUCT and DESCRIBE; the caller falls back to the original text
    if the result does not parse, so a scan that guessed wrong costs an error message,
    never a wrong answer.
    """
    if shape.form not in ("SELECT", "CONSTRUCT", "DESCRIBE"):
        return text
    if shape.limit is not None:
        if shape.limit <= max_rows:
            return text
        start, end = shape.limit_span
        return f"{text[:start]}{max_rows}{text[end:]}"
    at = shape.insert_at
    return f"{text[:at]}\nLIMIT {max_rows}\n{text[at:]}"
