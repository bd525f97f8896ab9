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
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''
               |\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n\r]|\\.)*'
               |"(?:[^"\\\n\r]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][\w\u00B7\u00C0-\uFFFF]+)
    | (?P<pname>(?:[A-Za-z\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*)?:(?:[\w\-:%\u00B7\u00C0-\uFFFF]|\\.|\.(?=[\w\-:%]))*)
    | (?P<word>[A-Za-z_][\w\-]*)
    | (?P<number>\d+)
    | (?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)

QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
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

    @property
    def is_update(self) -> bool:
        return self.form in UPDATE_KEYWORDS


def _unescape_iri(text: str) -> str:
    return _UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


@lru_cache(maxsize=512)
def scan(text: str) -> QueryShape:
    """Tokenise ``text`` and report its form, SERVICE/LOAD targets and top-level LIMIT."""
    prefixes: dict[str, str] = {}
    base = ""
    form: str | None = None
    services: list[str] = []
    loads: list[str] = []
    limit = None
    limit_span = None
    values_at = None
    depth = 0
    tokens = [(m.lastgroup, m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)
              if m.lastgroup not in ("ws", "comment")]
    n = len(tokens)
    i = 0

    def resolve(kind: str, value: str) -> str:
        if kind == "iri":
            return urljoin(base, _unescape_iri(value[1:-1])) if base else _unescape_iri(value[1:-1])
        if kind == "pname":
            ns, _, local = value.partition(":")
            if ns + ":" in prefixes:
                return prefixes[ns + ":"] + local.replace("\\", "")
        return value

    while i < n:
        kind, value, start, end = tokens[i]
        upper = value.upper() if kind == "word" else ""
        if kind == "punct":
            if value in "{(":
                depth += 1
            elif value in "})":
                depth = max(depth - 1, 0)
        elif upper == "PREFIX" and i + 2 < n and tokens[i + 1][0] == "pname" and tokens[i + 2][0] == "iri":
            prefixes[tokens[i + 1][1]] = resolve("iri", tokens[i + 2][1])
            i += 3
            continue
        elif upper == "BASE" and i + 1 < n and tokens[i + 1][0] == "iri":
            base = resolve("iri", tokens[i + 1][1])
            i += 2
            continue
        elif upper == "SERVICE":
            j = i + 1
            if j < n and tokens[j][0] == "word" and tokens[j][1].upper() == "SILENT":
                j += 1
            services.append(resolve(tokens[j][0], tokens[j][1]) if j < n else "")
        elif upper == "LOAD":
            j = i + 1
            if j < n and tokens[j][0] == "word" and tokens[j][1].upper() == "SILENT":
                j += 1
            loads.append(resolve(tokens[j][0], tokens[j][1]) if j < n else "")
        if form is None and upper and (upper in QUERY_FORMS or upper in UPDATE_KEYWORDS):
            form = upper
        if depth == 0 and upper == "LIMIT" and i + 1 < n and tokens[i + 1][0] == "number":
            limit = int(tokens[i + 1][1])
            limit_span = (tokens[i + 1][2], tokens[i + 1][3])
        if depth == 0 and upper == "VALUES" and values_at is None:
            values_at = start
        i += 1
    return QueryShape(form=form, services=tuple(services), loads=tuple(loads), limit=limit,
                      limit_span=limit_span, insert_at=values_at if values_at is not None else len(text))


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
