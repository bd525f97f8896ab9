"""The Python API: one object over one store that builds, queries, counts, draws, describes
and evaluates, as `kg` does (the CLI calls it).

    import kg
    with kg.open("data/store") as graph:
        graph.build("sources")
        rows = graph.query("who-opposes", topicKey="ukraine_nato_membership")

Settings are read as the CLI reads them (defaults, ``kg.toml``, ``KG_<NAME>``), then the
arguments of :func:`open`. The store is opened read-only on first use and reopened after a
build, so a notebook sees what its last build wrote.
"""
from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any, Iterable, Mapping

import pyoxigraph as ox

from .config import Settings
from .query import QueryUsageError, execute, format_results, named_rows, open_store, prepare_query
from .store import KnowledgeStore

Sources = str | os.PathLike | Iterable[str | os.PathLike]


class KnowledgeGraph:
    """The knowledge graph in one store (``settings.store``), with the settings it was opened with."""

    def __init__(self, store_path: str | os.PathLike | None = None, *,
                 settings: Settings | Mapping[str, Any] | None = None):
        self.settings = _settings(store_path, settings)
        self._store: KnowledgeStore | None = None

    def __repr__(self) -> str:
        return f"<KnowledgeGraph store={self.settings.store!r}>"

    # --- the store ------------------------------------------------------------------------
    @property
    def store(self) -> KnowledgeStore:
        """The store, opened read-only on first use (``StoreError`` if there is none: build first)."""
        if self._store is None:
            self._store = open_store(self.settings)
        return self._store

    def close(self) -> None:
        """Release the store (it is reopened if the object is used again)."""
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> "KnowledgeGraph":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # --- building -------------------------------------------------------------------------
    def build(self, sources: Sources | None = None, *, force: bool = False, prune: bool = False,
              workers: int | None = None, validate: bool | None = None, progress: bool | None = False):
        """Build (or update) the store from article files or folders (default: ``settings.sources``):
        the build ``kg build`` runs. Returns its :class:`kg.build.BuildReport`."""
        from .build import build
        if isinstance(sources, (str, os.PathLike)):
            sources = [sources]
        self.close()   # the read-only snapshot would not see the build: reopen after it
        return build(list(sources) if sources else None, self.settings, workers=workers, force=force,
                     prune=prune, progress=progress, validate=validate)

    # --- querying -------------------------------------------------------------------------
    def query(self, name_or_text: str, /, **params) -> list[dict[str, str | None]] | bool:
        """Run a named query from ``queries/`` (e.g. ``"stances"``), a ``.rq`` file or SPARQL text,
        with ``params`` bound (an IRI as ``"<...>"`` or a ``pyoxigraph.NamedNode``, else a literal).

        SELECT: one dict per row, every variable a key (its lexical value, None where unbound);
        CONSTRUCT/DESCRIBE: one dict per triple (subject, predicate, object); ASK: True or False."""
        results = self._results(name_or_text, params)
        if isinstance(results, ox.QueryBoolean):
            return bool(results)
        columns, rows = _table(results)
        return [dict(zip(columns, row)) for row in rows]

    def frame(self, name_or_text: str, /, **params):
        """:meth:`query`'s rows as a pandas ``DataFrame`` (one column per variable, in order).
        Needs pandas, which the project does not install: ``pip install pandas``."""
        try:
            import pandas
        except ImportError as exc:
            raise ImportError("KnowledgeGraph.frame needs pandas, which is not installed: pip install pandas "
                              "(or use .query(), which returns the rows as dicts)") from exc
        results = self._results(name_or_text, params)
        if isinstance(results, ox.QueryBoolean):
            raise QueryUsageError("an ASK query has no rows to make a frame of: use .query(), which returns "
                                  "True or False")
        columns, rows = _table(results)
        return pandas.DataFrame(rows, columns=columns)

    def serialize(self, name_or_text: str, fmt: str = "table", /, **params) -> str:
        """The results as ``kg query --format FMT`` prints them: ``table``, ``json``, ``csv``, ``tsv``
        (SELECT), ``turtle``, ``ntriples`` (CONSTRUCT/DESCRIBE)."""
        return format_results(self._results(name_or_text, params), fmt)

    def _results(self, name_or_text: str, params: Mapping[str, Any]):
        # the query and its parameters are checked before the store is opened
        text, sparql = prepare_query(name_or_text, {name: _parameter(v) for name, v in params.items()})
        return execute(self.store, text, sparql)

    # --- what is in it --------------------------------------------------------------------
    def stats(self) -> dict[str, int]:
        """The counts ``kg stats``, the home page and VoID show (:func:`kg.stats.store_statistics`)."""
        from .stats import store_statistics
        return store_statistics(self.store.store)

    def graph(self, view: str = "positions", **filters):
        """A networkx view of the stances: ``positions`` (actor → topic, a ``MultiDiGraph``) or
        ``agreement`` (actor — actor); ``filters`` are those of :func:`kg.graph.filter_rows`
        (``topic``, ``actor``, …)."""
        from .graph import build_view
        return build_view(self.settings, view, store=self.store, **filters)

    def describe(self, iri: str | ox.NamedNode) -> dict[str, Any]:
        """What the resource's web page shows: label, types, Wikidata/DBpedia links, its stances,
        roles, events, quotes, the documents that mention it and its properties, every term as its
        lexical value. ``iri`` may be relative to ``base_iri`` (``"entity/Q3874799"``).
        ``LookupError`` if the store knows nothing about it."""
        from .linked_data import view
        iri = self._iri(iri)
        data = view(self.store.store, iri, self.settings.base_iri)
        if data is None:
            raise LookupError(f"nothing is known about <{iri}> in the store at {self.settings.store}")
        return _plain(data)

    def _iri(self, iri: str | ox.NamedNode) -> str:
        text = iri.value if isinstance(iri, ox.NamedNode) else str(iri).strip().removeprefix("<").removesuffix(">")
        if "://" not in text:
            text = self.settings.base_iri + text.lstrip("/")
        try:
            return ox.NamedNode(text).value
        except ValueError:
            raise ValueError(f"{iri!r} is not an IRI") from None

    # --- quality --------------------------------------------------------------------------
    def evaluate(self, gold: str | os.PathLike | Iterable[str | os.PathLike], **options):
        """Score the store against gold annotations (a folder of gold ``.json`` files, as for
        ``kg eval``); ``options`` are those of :func:`kg.evaluate.evaluate` (``kinds``,
        ``duplicates_as_fp``). Returns its ``EvalReport``."""
        from .evaluate import evaluate
        if isinstance(gold, (str, os.PathLike)):
            gold = Path(gold)
        else:
            gold = [Path(g) for g in gold]
        return evaluate(gold, lambda name: named_rows(self.settings, name, store=self.store), **options)


def open(store_path: str | os.PathLike | None = None, *,  # noqa: A001 -- kg.open, as datasette's
         settings: Settings | Mapping[str, Any] | None = None) -> KnowledgeGraph:
    """The knowledge graph in ``store_path`` (default: the ``store`` setting, ``data/store``).

    ``settings`` is a :class:`kg.config.Settings`, or a mapping of setting names to values that
    override those of ``kg.toml`` and the environment. Nothing is opened until it is used."""
    return KnowledgeGraph(store_path, settings=settings)


def _settings(store_path, settings) -> Settings:
    store = {"store": os.fspath(store_path)} if store_path is not None else {}
    if isinstance(settings, Settings):
        chosen = dataclasses.replace(settings, **store)
        chosen.check()
        return chosen
    return Settings.load(**{**dict(settings or {}), **store})


def _parameter(value: Any) -> str:
    """A parameter as :func:`kg.query.bind_parameters` takes it: ``<iri>`` or a literal's text."""
    if isinstance(value, ox.NamedNode):
        return str(value)
    if isinstance(value, ox.Literal):
        return value.value
    return str(value)


def _table(results) -> tuple[list[str], list[list[str | None]]]:
    """Column names and rows of lexical values: a SELECT's variables, or a graph's triples."""
    if isinstance(results, ox.QueryTriples):
        return ["subject", "predicate", "object"], [[t.subject.value, t.predicate.value, t.object.value]
                                                    for t in results]
    columns = [v.value for v in results.variables]
    return columns, [[None if s[c] is None else s[c].value for c in columns] for s in results]


def _plain(value):
    """``value`` with every pyoxigraph term replaced by its lexical value."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return value.value
    return value
