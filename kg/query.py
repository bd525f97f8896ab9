"""Running SPARQL over the store from Python and the CLI: named queries and exports."""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from .config import Settings
from .formats import EXPORT_FORMATS, QUERY_FORMATS_FOR, TABLE, writer
from .namespaces import PREFIXES
from .resources import data_path
from .sparql_messages import explain_syntax_error
from .store import KnowledgeStore, open_store


class QueryError(RuntimeError):
    pass


class QueryUsageError(QueryError):
    """The query is fine but was asked for wrongly: a parameter it does not take, a format that does not fit."""


def named_queries() -> dict[str, Path]:
    return {p.stem: p for p in sorted(data_path("queries").glob("*.rq"))}


def query_header(text: str) -> dict[str, list[str]]:
    """The header of a query: its leading ``# key: value`` comment lines (``title``,
    ``description``, ``params``, ``columns``), each key's values in order. The one parser of it."""
    header: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, sep, value = line.lstrip("#").partition(":")
        if sep:
            header.setdefault(key.strip(), []).append(value.strip())
    return header


def _parameter_names(header: dict[str, list[str]]) -> list[str]:
    """``?name`` (or ``$name``) at the start of each ``# params:`` line."""
    return [m.group(1) for m in (re.match(r"[?$](\w+)", value) for value in header.get("params", [])) if m]


@dataclass(frozen=True)
class NamedQuery:
    """A query of queries/ with what its header says."""
    name: str
    path: Path
    text: str
    header: dict[str, list[str]]

    @property
    def title(self) -> str:
        return (self.header.get("title") or [self.name])[0]

    @property
    def description(self) -> str:
        return " ".join(self.header.get("description", []))

    @property
    def params(self) -> list[str]:
        """The ``# params:`` lines as written (``?label — the actor's label, e.g. NATO``)."""
        return self.header.get("params", [])

    @property
    def parameter_names(self) -> list[str]:
        return _parameter_names(self.header)


def named_query_details() -> list[NamedQuery]:
    """Every named query, by name, with its header."""
    out = []
    for name, path in named_queries().items():
        text = path.read_text(encoding="utf-8")
        out.append(NamedQuery(name, path, text, query_header(text)))
    return out


def query_text(name_or_text: str) -> str:
    """A named query from queries/, a path to a .rq file, or the text itself."""
    named = named_queries()
    if name_or_text in named:
        return named[name_or_text].read_text(encoding="utf-8")
    path = Path(name_or_text)
    if name_or_text.endswith(".rq"):
        if not path.is_file():
            raise QueryError(f"no query file {name_or_text}; named queries: {', '.join(named)}")
        return path.read_text(encoding="utf-8")
    if re.fullmatch(r"[\w-]+", name_or_text):
        raise QueryError(f"no named query {name_or_text!r}; available: {', '.join(named)}")
    return name_or_text


def query_parameters(name_or_text: str) -> list[str]:
    """The parameters a query takes: a named query's ``# params:`` header lines, else (a file
    or inline text) every variable it uses."""
    text = query_text(name_or_text)
    declared = _parameter_names(query_header(text))
    if declared or name_or_text in named_queries():
        return declared
    return list(dict.fromkeys(re.findall(r"[?$](\w+)", text)))


def check_parameters(name_or_text: str, params: dict[str, str]) -> None:
    """Refuse a parameter the query does not take (it would be ignored, or match nothing)."""
    known = query_parameters(name_or_text)
    unknown = [p for p in params if p not in known]
    if unknown:
        what = f"query {name_or_text!r}" if name_or_text in named_queries() else "the query"
        takes = ", ".join(known) if known else "none"
        raise QueryUsageError(f"unknown parameter {', '.join(unknown)}: {what} takes {takes}")


def bind_parameters(sparql: str, params: dict[str, str]) -> str:
    """Inject ``VALUES`` for parameters: ``<iri>`` stays an IRI, anything else is a plain literal."""
    if not params:
        return sparql
    clauses = []
    for name, value in params.items():
        if not re.fullmatch(r"\w+", name):
            raise QueryError(f"bad parameter name {name!r}")
        if value.startswith("<") and value.endswith(">"):
            term = value
        else:
            term = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        clauses.append(f"VALUES ?{name} {{ {term} }}")
    match = re.search(r"WHERE\s*\{", sparql, re.IGNORECASE)
    if not match:
        raise QueryError("cannot bind parameters: the query has no WHERE clause")
    return sparql[:match.end()] + " " + " ".join(clauses) + " " + sparql[match.end():]


def named_rows(settings: Settings, name: str, params: dict[str, str] | None = None,
               store: KnowledgeStore | None = None) -> list[dict[str, str]]:
    """Rows of a named query as dicts of plain strings (used by ``kg eval`` and the graph views)."""
    store = store or open_store(settings)
    try:
        return store.select(bind_parameters(query_text(name), params or {}))
    except SyntaxError as exc:
        raise QueryError(f"query {name}: {exc}") from exc


FORMATS_FOR = QUERY_FORMATS_FOR
"""The ``--format`` values that fit each query form (a table of a CONSTRUCT is its Turtle)."""


def prepare_query(query: str, params: dict[str, str] | None = None) -> tuple[str, str]:
    """``(text, sparql)``: the query's text and the SPARQL to run with ``params`` bound, after
    refusing a parameter it does not take (before any store is opened)."""
    text = query_text(query)
    check_parameters(query, params or {})
    return text, bind_parameters(text, params or {})


def execute(store: KnowledgeStore, text: str, sparql: str):
    """Run prepared SPARQL: a ``QuerySolutions``, ``QueryBoolean`` or ``QueryTriples``; a syntax
    error is explained against ``text``, the query as written."""
    try:
        return store.query(sparql)
    except SyntaxError as exc:
        raise QueryError(f"malformed query: {explain_syntax_error(text, str(exc))}") from exc
    except OSError as exc:
        raise QueryError(str(exc)) from exc


def format_results(results, fmt: str = "table") -> str:
    """Results as ``kg query --format FMT`` prints them; a format that does not fit the query's
    form is a :class:`QueryUsageError` naming those that do."""
    form = ("ASK" if isinstance(results, ox.QueryBoolean) else
            "CONSTRUCT/DESCRIBE" if isinstance(results, ox.QueryTriples) else "SELECT")
    if fmt not in FORMATS_FOR[form]:
        raise QueryUsageError(f"--format {fmt} does not fit a {form} query: use {', '.join(FORMATS_FOR[form])}")
    if isinstance(results, ox.QueryBoolean):
        return ("true" if bool(results) else "false") + "\n"
    if isinstance(results, ox.QueryTriples):
        rdf_format = writer("turtle" if fmt == TABLE else fmt, "graph")
        return ox.serialize(results, format=rdf_format, prefixes=PREFIXES if fmt != "ntriples" else None).decode()
    if fmt != TABLE:
        return results.serialize(format=writer(fmt, "results")).decode()
    return _table(results)


def run_query(settings: Settings, query: str, params: dict[str, str] | None = None, fmt: str = "table",
              store: KnowledgeStore | None = None) -> str:
    text, sparql = prepare_query(query, params)
    return format_results(execute(store or open_store(settings), text, sparql), fmt)


def _table(results) -> str:
    names = [v.value for v in results.variables]
    rows = [[_short(s[n]) for n in names] for s in results]
    widths = [min(60, max([len(n)] + [len(r[i]) for r in rows])) for i, n in enumerate(names)]
    out = io.StringIO()
    out.write("  ".join(n.ljust(w) for n, w in zip(names, widths)).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for r in rows:
        out.write("  ".join((c if len(c) <= w else c[:w - 1] + "…").ljust(w) for c, w in zip(r, widths)).rstrip() + "\n")
    out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")
    return out.getvalue()


def _short(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, ns in PREFIXES.items():
            if term.value.startswith(ns) and re.fullmatch(r"[\w.-]*", term.value[len(ns):]):
                return f"{prefix}:{term.value[len(ns):]}"
        return term.value
    return term.value


def export(settings: Settings, fmt: str, out: BinaryIO) -> None:
    """Dump the store; graph-less formats (Turtle, N-Triples, JSON-LD) get the union of all graphs."""
    if fmt not in EXPORT_FORMATS:
        raise KeyError(fmt)
    store = open_store(settings)
    rdf_format = writer(fmt)
    if rdf_format.supports_datasets:
        store.store.dump(out, rdf_format, prefixes=PREFIXES if fmt == "trig" else None)
    else:
        triples = store.store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        ox.serialize(triples, out, rdf_format, prefixes=PREFIXES if fmt == "turtle" else None)
