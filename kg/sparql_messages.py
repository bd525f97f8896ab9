"""Messages a person can act on when a SPARQL text does not parse.

The parser says where it stopped and lists the grammar's alternatives, character classes
included ("error at 1:10: expected CONSTRUCT"). Read against the text, most mistakes are one
of a few: a misspelt keyword (``SELEC``), a prefix used but not declared, a bracket left open.
Those are named, with the line and column of the token and a suggestion; anything else keeps
the parser's position and the words it expected, without the character classes, and shows
the line with a caret under the place.
"""
from __future__ import annotations

import difflib
import re

KEYWORDS = (
    "BASE", "PREFIX", "SELECT", "CONSTRUCT", "DESCRIBE", "ASK", "WHERE", "FROM", "NAMED", "DISTINCT", "REDUCED",
    "AS", "ORDER", "BY", "ASC", "DESC", "GROUP", "HAVING", "LIMIT", "OFFSET", "VALUES", "OPTIONAL", "UNION",
    "MINUS", "GRAPH", "SERVICE", "SILENT", "FILTER", "BIND", "UNDEF", "NOT", "EXISTS", "IN", "COUNT", "SUM",
    "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT", "SEPARATOR", "STR", "LANG", "LANGMATCHES", "DATATYPE",
    "BOUND", "IRI", "URI", "BNODE", "RAND", "ABS", "CEIL", "FLOOR", "ROUND", "CONCAT", "STRLEN", "UCASE",
    "LCASE", "ENCODE_FOR_URI", "CONTAINS", "STRSTARTS", "STRENDS", "STRBEFORE", "STRAFTER", "YEAR", "MONTH",
    "DAY", "HOURS", "MINUTES", "SECONDS", "TIMEZONE", "TZ", "NOW", "UUID", "STRUUID", "MD5", "SHA1", "SHA256",
    "SHA384", "SHA512", "COALESCE", "IF", "STRLANG", "STRDT", "SAMETERM", "ISIRI", "ISURI", "ISBLANK",
    "ISLITERAL", "ISNUMERIC", "REGEX", "SUBSTR", "REPLACE", "TRUE", "FALSE", "LATERAL",
)
_KNOWN = set(KEYWORDS) | {"A"}
_TOKEN = re.compile(r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<var>[?$]\w+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>(?:[A-Za-z][\w.-]*)?:[\w.:%-]*)
  | (?P<number>[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<open>[{(\[])
  | (?P<close>[})\]])
  | (?P<other>\S)
""", re.VERBOSE)
_PAIRS = {"{": "}", "(": ")", "[": "]"}


def _tokens(text: str):
    for m in _TOKEN.finditer(text):
        if m.lastgroup != "comment":
            yield m.lastgroup, m.group(), m.start()


def _where(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _caret(text: str, line: int, column: int) -> str:
    lines = text.splitlines() or [""]
    shown = lines[min(line, len(lines)) - 1]
    if len(shown) > 100:  # keep the place in view on a long line
        start = max(0, column - 60)
        shown, column = "…" + shown[start:start + 100], column - start + 1
    return f"\n  {shown}\n  {' ' * max(0, column - 1)}^"


def _expected(message: str) -> list[str]:
    """The words the parser expected, without its character classes."""
    tail = message.split("expected", 1)[-1]
    tail = re.sub(r"\[[^\]]*\]", " ", tail)      # ['0' ..= '9' | …] character classes
    found = re.findall(r'"([^"]+)"|\b([A-Z][A-Z_]+)\b', tail)
    words = [a or b for a, b in found]
    return list(dict.fromkeys(w for w in words if w not in ("IRI",)))[:8]


def explain_syntax_error(text: str, message: str) -> str:
    """One readable line (and the query line with a caret) for the parser's ``message`` on ``text``."""
    declared = {m.group(1) for m in re.finditer(r"(?i)\bPREFIX\s+([\w.-]*):", text)}
    depth: list[tuple[str, int]] = []
    prev = ""
    for kind, value, at in _tokens(text):
        if kind == "word" and value.upper() not in _KNOWN and not prev.endswith("^^"):
            line, col = _where(text, at)
            close = difflib.get_close_matches(value.upper(), KEYWORDS, n=1, cutoff=0.6)
            hint = f" — did you mean {close[0]}?" if close else " — not a SPARQL keyword, variable (?name) or prefixed name"
            return f"unknown keyword {value} at {line}:{col}{hint}{_caret(text, line, col)}"
        if kind == "pname" and not prev.upper() == "PREFIX":
            prefix = value.split(":", 1)[0]
            if prefix not in declared:
                line, col = _where(text, at)
                return (f"unknown prefix {prefix}: at {line}:{col} — declare it, e.g. PREFIX {prefix}: <http://…/>"
                        f"{_caret(text, line, col)}")
        if kind == "open":
            depth.append((value, at))
        elif kind == "close":
            if depth and _PAIRS[depth[-1][0]] == value:
                depth.pop()
            else:
                line, col = _where(text, at)
                return f"unexpected {value} at {line}:{col}: nothing open to close{_caret(text, line, col)}"
        prev = value
    if depth:
        opener, at = depth[-1]
        line, col = _where(text, at)
        return f"{opener} opened at {line}:{col} is never closed — add {_PAIRS[opener]}{_caret(text, line, col)}"
    m = re.search(r"at (\d+):(\d+)", message)
    if not m:
        return " ".join(message.split())[:200]
    line, col = int(m.group(1)), int(m.group(2))
    words = _expected(message)
    if words and set(words) <= {"LATERAL", "SERVICE"}:  # what the parser says at "{ ?s ?p }"
        return (f"incomplete pattern at {line}:{col}: each triple needs a subject, a predicate and an object"
                f"{_caret(text, line, col)}")
    expected = f": expected {' or '.join(words) if len(words) <= 2 else 'one of ' + ', '.join(words)}" if words else ""
    return f"syntax error at {line}:{col}{expected}{_caret(text, line, col)}"
