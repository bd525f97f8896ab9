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

_STRING = (r"'''(?:[^'\\]++|\\.|'(?!''))*+'''|\"\"\"(?:[^\"\\]++|\\.|\"(?!\"\"))*+\"\"\""
           r"|'(?:[^'\\\n\r]++|\\.)*+'|\"(?:[^\"\\\n\r]++|\\.)*+\"")
_IRI = r"<(?:[^<>\"{}|^`\\\x00-\x20]++|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*+>"
_VAR = r"[?$][\w\u00B7]++"
_PNAME = r"(?:[^\W\d_][\w.\-\u00B7]*+)?:(?:[\w\-:%\u00B7]|\\.|\.(?=[\w\-:%]))*+"
_WORD = r"[^\W\d][\w\-]*+"
_GAP = r"(?:\s++|\#[^\n\r]*+)"
_KEYWORD = (r"(?i:PREFIX|BASE|SERVICE|LOAD|LIMIT|VALUES|SELECT|CONSTRUCT|DESCRIBE|ASK|INSERT|DELETE|CLEAR"
            r"|DROP|CREATE|ADD|MOVE|COPY|WITH)(?![\w\-:])")
# Everything the scan does not act on is skipped inside the regex engine, possessively (so a
# hostile text costs linear time and no backtracking); only keywords and brackets come back.
_NEXT_SIGNIFICANT = re.compile(
    rf"(?:{_GAP}|{_STRING}|{_IRI}|{_VAR}|{_PNAME}|(?!{_KEYWORD}){_WORD}|\d++"
    rf"|[^\s\#'\"<?$\w{{}}()\[\]:]++|(?![{{}}()\[\]\w]).)*+"
    rf"(?P<token>{_KEYWORD}|[{{}}()\[\]])?",
    re.DOTALL)
_FOLLOWING = re.compile(
    rf"{_GAP}*+(?:(?P<iri>{_IRI})|(?P<pname>{_PNAME})|(?P<var>{_VAR})|(?P<number>\d++)|(?P<word>{_WORD}))",
    re.DOTALL)

QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
MAX_NESTING = 48
MAX_BRACKETS = 100_000
"""Most brackets a query may have: far above any real query, and it bounds the scan's time."""
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


class TooManyBrackets(ValueError):
    """The text has more brackets than any real query (the scan would be slow)."""


def scan(text: str) -> QueryShape:
    """Report the form, SERVICE/LOAD targets, top-level LIMIT and bracket nesting of ``text``."""
    count = sum(text.count(c) for c in "{}()[]")
    if count > MAX_BRACKETS:
        raise TooManyBrackets(f"the query has {count} brackets; at most {MAX_BRACKETS} are accepted")
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

    def following(pos: int):
        m = _FOLLOWING.match(text, pos)
        return (m.lastgroup, m.group(m.lastgroup), m.start(m.lastgroup), m.end()) if m else None

    def resolve(token) -> str:
        if token is None:
            return ""
        kind, value = token[0], token[1]
        if kind == "iri":
            iri = _unescape_iri(value[1:-1])
            return urljoin(base, iri) if base else iri
        if kind == "pname":
            ns, _, local = value.partition(":")
            if ns + ":" in prefixes:
                return prefixes[ns + ":"] + local.replace("\\", "")
        return value

    def target(pos: int) -> str:
        nxt = following(pos)
        if nxt is not None and nxt[0] == "word" and nxt[1].upper() == "SILENT":
            nxt = following(nxt[3])
        return resolve(nxt)

    pos = 0
    while True:
        m = _NEXT_SIGNIFICANT.match(text, pos)
        token = m.group("token")
        if token is None:
            break
        pos = m.end()
        if len(token) == 1:
            if token in "{(":
                depth += 1
            elif token in "})":
                depth = max(depth - 1, 0)
            if token in "{([":
                brackets += 1
                if brackets > nesting:
                    nesting = brackets
                    if nesting > MAX_NESTING:
                        break  # refused anyway; do not spend time on the rest
            else:
                brackets = max(brackets - 1, 0)
            continue
        upper = token.upper()
        if upper == "PREFIX":
            nxt = following(pos)
            if nxt is not None and nxt[0] == "pname":
                iri = following(nxt[3])
                if iri is not None and iri[0] == "iri":
                    prefixes[nxt[1]] = resolve(iri)
        elif upper == "BASE":
            nxt = following(pos)
            if nxt is not None and nxt[0] == "iri":
                base = resolve(nxt)
        elif upper == "SERVICE":
            services.append(target(pos))
        elif upper == "LOAD":
            loads.append(target(pos))
        elif depth == 0 and upper == "LIMIT":
            nxt = following(pos)
            if nxt is not None and nxt[0] == "number":
                limit = int(nxt[1])
                limit_span = (nxt[2], nxt[2] + len(nxt[1]))
        elif depth == 0 and upper == "VALUES" and values_at is None:
            values_at = m.start("token")
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
