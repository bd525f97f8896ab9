"""What the server needs to know about a SPARQL text before running it.

pyoxigraph does not expose the parsed algebra, so this is a token-level scan: strings,
IRIs and comments are skipped as the SPARQL grammar delimits them, and what is left is
looked at for the query form, ``SERVICE`` targets, ``LOAD``, the top-level ``LIMIT``, the
bracket nesting and the number of operators and pattern keywords. The scan never decides
that a query is valid (pyoxigraph's parser does); it only has to find every keyword the
parser would act on, so where the two could read a text differently it reads it both ways
and reports what either reading finds (a few odd names are refused; nothing is missed).

It is not the only guard against SERVICE and LOAD: with ``allow_service`` off, ``kg serve``'s
workers cannot open a network connection at all (``server.outbound``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urljoin

_STRING = (r"'''(?:[^'\\]++|\\.|'(?!''))*+'''|\"\"\"(?:[^\"\\]++|\\.|\"(?!\"\"))*+\"\"\""
           r"|'(?:[^'\\\n\r]++|\\.)*+'|\"(?:[^\"\\\n\r]++|\\.)*+\"")
# Parentheses are legal in an IRI, but `FILTER(?a<?b)SERVICE x:y#>` is an expression to the
# parser and an IRI to a scan that trusts `<…>`; so a span with a parenthesis is scanned as code
# (its brackets count too), and an endpoint IRI with a parenthesis in it cannot be allow-listed.
_IRI = r"<(?:[^<>\"{}|^`\\()\x00-\x20]++|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*+>"
_VAR = r"[?$][\w\u00B7]++"
_PNAME = r"(?:[^\W\d_][\w.\-\u00B7]*+)?:(?:[\w\-:%\u00B7]|\\.|\.(?=[\w\-:%]))*+"
_WORD = r"[^\W\d][\w\-]*+"
_LANGTAG = r"@[a-zA-Z]++(?:-[a-zA-Z0-9]++)*+"
_GAP = r"(?:\s++|\#[^\n\r]*+)"
_OPERATORS = r"[|&=!<>+\-*/^]++"
_KEYWORD = (r"(?i:(?:PREFIX|BASE|SERVICE|LOAD|VALUES|SELECT|CONSTRUCT|DESCRIBE|ASK|INSERT|DELETE|CLEAR"
            r"|DROP|CREATE|ADD|MOVE|COPY|WITH|UNION|OPTIONAL|MINUS|BIND|FILTER|GRAPH|EXISTS)(?![\w\-:])"
            r"|LIMIT(?![^\W\d]|[\-:]))")  # `LIMIT10` is LIMIT 10 to the parser
# The parser needs no delimiter after a keyword: `SERVICEx:internal {…}` is SERVICE x:internal,
# `LOADSILENT x:data` is LOAD SILENT x:data. So these are also looked for at the start of any
# word or prefixed name; _scan then decides, as the grammar does, whether it can be the keyword.
_GLUED = r"(?i:SERVICE|LOAD|PREFIX|FILTER|GRAPH)"
# Everything the scan does not act on is skipped inside the regex engine, possessively (so a
# hostile text costs linear time and no backtracking); keywords, brackets and operators come back.
_NEXT_SIGNIFICANT = re.compile(
    rf"(?:{_GAP}|{_STRING}|{_IRI}|{_VAR}|(?!{_GLUED}){_PNAME}|(?!{_KEYWORD}|{_GLUED}){_WORD}|\d++|{_LANGTAG}"
    rf"|\^\^|[^\s\#'\"<?$\w{{}}()\[\]:|&=!>+\-*/^]++|(?![{{}}()\[\]\w|&=!<>+\-*/^]).)*+"
    rf"(?:(?P<token>{_KEYWORD}|<<|>>|[{{}}()\[\]])|(?P<glued>{_GLUED})|(?P<operators>{_OPERATORS}))?",
    re.DOTALL)
_FOLLOWING = re.compile(
    rf"{_GAP}*+(?:(?P<iri>{_IRI})|(?P<pname>{_PNAME})|(?P<var>{_VAR})|(?P<number>\d++)|(?P<word>{_WORD}))",
    re.DOTALL)
_GAPS = re.compile(rf"{_GAP}*+")

QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
_PATTERN_KEYWORDS = frozenset({"UNION", "OPTIONAL", "MINUS", "BIND", "FILTER", "GRAPH", "SERVICE", "EXISTS",
                               "VALUES"})
MAX_NESTING = 48
"""Deepest bracket nesting accepted: pyoxigraph's parse time grows with the cube of it (8 s at 200)."""
MAX_BRACKETS = 100_000
"""Most brackets a query may have: far above any real query, and it bounds the scan's time."""
MAX_ELEMENTS = 2_000
"""Most operator characters, groups ``{`` and pattern keywords (UNION, OPTIONAL, FILTER…) accepted.

pyoxigraph's parser and evaluator recurse once per element of an operator chain or a pattern
sequence, and overflowing the stack kills the whole worker (SIGSEGV): on an 8 MiB thread stack
from about 3,000 MINUS or OPTIONAL, 8,000 ``+`` or UNION, 30,000 ``||`` or FILTER. Real
queries have a few dozen."""
_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


@dataclass(frozen=True)
class QueryShape:
    """The facts the protocol layer needs, read off the tokens of a query or update."""

    form: str | None
    """SELECT, CONSTRUCT, DESCRIBE, ASK, or the first update keyword; None if none was found."""
    services: tuple[str, ...] = ()
    """Each SERVICE target: an absolute IRI, or the variable / unresolved name as written."""
    loads: tuple[str, ...] = ()
    """Each LOAD source (what an update would fetch; a query cannot LOAD)."""
    limit: int | None = None
    """The top-level LIMIT, if the query has one."""
    limit_span: tuple[int, int] | None = field(default=None, repr=False)
    """Character span of the top-level LIMIT's number."""
    insert_at: int | None = field(default=None, repr=False)
    """Where a top-level LIMIT can be inserted (before a trailing VALUES, else the end)."""
    nesting: int = 0
    """Deepest nesting of brackets ``{ ( [ <<`` (the parser's time grows steeply with it)."""
    elements: int = 0
    """Operator characters, groups and pattern keywords (the parser's stack grows with them)."""

    @property
    def is_update(self) -> bool:
        return self.form in UPDATE_KEYWORDS


def _unescape_iri(text: str) -> str:
    return _UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


class TooManyBrackets(ValueError):
    """The text has more brackets than any real query (the scan would be slow)."""


def scan(text: str, base: str = "") -> QueryShape:
    """Report the form, SERVICE/LOAD targets, top-level LIMIT, nesting and size of ``text``.

    ``base`` is the IRI relative IRIs resolve against when the text has no BASE of its own.
    """
    count = sum(text.count(c) for c in "{}()[]")
    if count > MAX_BRACKETS:
        raise TooManyBrackets(f"the query has {count} brackets; at most {MAX_BRACKETS} are accepted")
    return _scan_cached(text, base) if len(text) <= 8192 else _scan(text, base)


@lru_cache(maxsize=512)
def _scan_cached(text: str, base: str) -> QueryShape:
    return _scan(text, base)


def _scan(text: str, base: str = "") -> QueryShape:
    prefixes: dict[str, str] = {}
    form: str | None = None
    services: list[str] = []
    loads: list[str] = []
    limit = None
    limit_span = None
    values_at = None
    depth = 0
    nesting = 0
    brackets = 0
    elements = 0

    def following(pos: int):
        m = _FOLLOWING.match(text, pos)
        return (m.lastgroup, m.group(m.lastgroup), m.start(m.lastgroup), m.end()) if m else None

    def resolve(token) -> str:
        kind, value = token[0], token[1]
        if kind == "iri":
            iri = _unescape_iri(value[1:-1])
            return urljoin(base, iri) if base else iri
        if kind == "pname":
            ns, _, local = value.partition(":")
            if ns + ":" in prefixes:
                return prefixes[ns + ":"] + local.replace("\\", "")
        return value

    def targets(pos: int, glued: bool, needs_group: bool) -> list[str]:
        """What SERVICE / LOAD at ``pos`` may name, each way the parser may read it.

        After the keyword, SILENT is optional and needs no delimiter either, so ``silentx:y``
        is SILENT x:y if ``x:`` is a prefix and the name silentx:y otherwise: both are returned.
        A keyword glued to a name counts only where the grammar lets it (SERVICE needs its
        ``{`` group right after the target); a spaced one always does.
        """
        start = _GAPS.match(text, pos).end()
        candidates = [following(pos)]
        if text[start:start + 6].upper() == "SILENT":
            candidates.insert(0, following(start + 6))
        found = []
        for token in candidates:
            if token is None or token[0] in ("word", "number"):
                continue
            if glued and needs_group and not text.startswith("{", _GAPS.match(text, token[3]).end()):
                continue
            found.append(resolve(token))
        if not found and not glued:
            found.append(next((resolve(t) for t in candidates if t is not None), ""))
        return found

    pos = 0
    while True:
        m = _NEXT_SIGNIFICANT.match(text, pos)
        kind = m.lastgroup
        if kind is None:
            break
        token = m.group(kind)
        pos = m.end()
        if kind == "operators":
            elements += len(token)
            continue
        if kind == "token" and token in ("{", "(", "[", "}", ")", "]", "<<", ">>"):
            if token in "{(":
                depth += 1
            elif token in "})":
                depth = max(depth - 1, 0)
            if token in ("{", "(", "[", "<<"):
                elements += token == "{"
                brackets += 1
                if brackets > nesting:
                    nesting = brackets
                    if nesting > MAX_NESTING:
                        break  # refused anyway; do not spend time on the rest
            else:
                brackets = max(brackets - 1, 0)
            continue
        upper = token.upper()
        glued = kind == "glued"
        if upper in _PATTERN_KEYWORDS:
            elements += 1
        if upper == "PREFIX":
            nxt = following(pos)
            if nxt is not None and nxt[0] == "pname" and nxt[1].endswith(":"):
                iri = following(nxt[3])
                if iri is not None and iri[0] == "iri":
                    prefixes[nxt[1]] = resolve(iri)
                    pos = iri[3]
        elif upper == "BASE":
            nxt = following(pos)
            if nxt is not None and nxt[0] == "iri":
                base = resolve(nxt)
                pos = nxt[3]
        elif upper == "SERVICE":
            services.extend(targets(pos, glued, needs_group=True))
        elif upper == "LOAD":
            loads.extend(targets(pos, glued, needs_group=False))
        elif depth == 0 and upper == "LIMIT":
            nxt = following(pos)
            if nxt is not None and nxt[0] == "number":
                limit = int(nxt[1])
                limit_span = (nxt[2], nxt[2] + len(nxt[1]))
        elif depth == 0 and upper == "VALUES" and values_at is None:
            values_at = m.start(kind)
        if form is None and not glued and (upper in QUERY_FORMS or upper in UPDATE_KEYWORDS):
            form = upper
    return QueryShape(form=form, services=tuple(services), loads=tuple(loads), limit=limit,
                      limit_span=limit_span, insert_at=values_at if values_at is not None else len(text),
                      nesting=nesting, elements=elements)


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
