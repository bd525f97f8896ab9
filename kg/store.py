"""The on-disk Oxigraph store: a named graph per document, replaced atomically.

Every write is one SPARQL Update request, which Oxigraph applies as one transaction:
a build killed half-way leaves each document either fully old or fully new.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

from .mapping import IRIs
from .namespaces import ONT, PREFIXES


BUILD_STAMP = "kg-build-stamp"
"""File in the store directory that `kg build` rewrites when it changed the store, so that a
running server (which reads a snapshot) knows to reopen it."""
CONSOLIDATED = "kg-consolidated"
"""File in the store directory naming the generation (the set of document stamps) that the
cross-document step last finished over; written only after that step's transaction committed,
so a build that finds another generation knows the step is undone or stale and redoes it."""


class StoreError(RuntimeError):
    pass


def _data_update(operation: str, quads: Iterable[ox.Quad]) -> str:
    """``INSERT DATA`` or ``DELETE DATA`` of quads, grouped by graph (terms printed in N-Triples
    syntax); "" when there are none."""
    graphs: dict[str, list[str]] = {}
    for q in quads:
        graphs.setdefault(str(q.graph_name), []).append(f"{q.subject} {q.predicate} {q.object} .")
    parts = [f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}" for g, lines in graphs.items()]
    return f"{operation} {{\n" + "\n".join(parts) + "\n}" if parts else ""


def quads_to_insert(quads: Iterable[ox.Quad]) -> str:
    """INSERT DATA body for quads, grouped by graph (terms printed in N-Triples syntax)."""
    return _data_update("INSERT DATA", quads)


def quads_to_delete(quads: Iterable[ox.Quad]) -> str:
    """DELETE DATA for quads, grouped by graph, as :func:`quads_to_insert` writes them."""
    return _data_update("DELETE DATA", quads)


def delete_subjects_update(graph: ox.NamedNode, subjects: Iterable[ox.NamedNode]) -> str:
    """One update deleting every triple of ``graph`` whose subject is one of ``subjects``."""
    values = " ".join(str(s) for s in subjects)
    return (f"DELETE {{ GRAPH {graph} {{ ?s ?p ?o }} }} "
            f"WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} VALUES ?s {{ {values} }} }}")


def replace_graph_update(graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> str:
    """One update that drops a graph and writes its new content (plus any quads for other graphs)."""
    insert = quads_to_insert(quads)
    return f"DROP SILENT GRAPH {graph}" + (" ;\n" + insert if insert else "")


class KnowledgeStore:
    """A thin, typed wrapper over ``pyoxigraph.Store`` with the operations a build needs.

    Code in ``kg/`` and ``server/`` gets one through :func:`open_store` (the configured store)
    or :meth:`of` (whatever a caller handed in); nothing else opens a store on disk."""

    def __init__(self, path: str | os.PathLike | None, base_iri: str, read_only: bool = False):
        self.path = Path(path) if path is not None else None
        self.iris = IRIs(base_iri)
        try:
            if self.path is None:
                self.store = ox.Store()
            elif read_only:
                if not self.path.is_dir():
                    raise StoreError(f"no store at {self.path}: run `kg build` first")
                self.store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self.store = ox.Store(str(self.path))
        except OSError as exc:
            raise StoreError(f"cannot open the store at {self.path}: {exc}") from exc

    @classmethod
    def of(cls, store: "KnowledgeStore | ox.Store | str | os.PathLike", base_iri: str,
           read_only: bool = True) -> "KnowledgeStore":
        """``store`` as a KnowledgeStore: itself if it is one, a ``pyoxigraph.Store`` wrapped
        (nothing is opened), else the path of a store on disk, opened (read-only by default)."""
        if isinstance(store, KnowledgeStore):
            return store
        if isinstance(store, ox.Store):
            wrapped = cls.__new__(cls)
            wrapped.path, wrapped.iris, wrapped.store = None, IRIs(base_iri), store
            return wrapped
        return cls(store, base_iri, read_only=read_only)

    # --- documents --------------------------------------------------------
    def document_stamps(self) -> dict[str, str]:
        """doc_id -> the stamp (content and extractor hash) its graph was built from."""
        prefix = self.iris.space("doc")
        rows = self.store.query(
            f"SELECT ?doc ?hash WHERE {{ GRAPH ?g {{ ?doc a <{ONT}Document> ; <{ONT}contentHash> ?hash }} }}")
        return {row["doc"].value[len(prefix):]: row["hash"].value for row in rows
                if row["doc"].value.startswith(prefix)}

    def run_update(self, update: str) -> None:
        self.store.update(update)

    def remove_documents(self, doc_ids: Iterable[str]) -> int:
        ids = list(doc_ids)
        if ids:
            self.store.update(" ;\n".join(f"DROP SILENT GRAPH {self.iris.graph(d)}" for d in ids))
        return len(ids)

    def replace_graph(self, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> None:
        self.store.update(replace_graph_update(graph, quads))

    # --- reading ------------------------------------------------------------
    def query(self, sparql: str, **kwargs):
        kwargs.setdefault("use_default_graph_as_union", True)
        return self.store.query(sparql, prefixes=PREFIXES, **kwargs)

    def select(self, sparql: str, **kwargs) -> list[dict[str, str]]:
        """Rows of a SELECT as plain dicts of variable name -> lexical value."""
        results = self.query(sparql, **kwargs)
        names = [v.value for v in results.variables]
        out = []
        for solution in results:
            row = {}
            for name in names:
                term = solution[name]
                if term is not None:
                    row[name] = term.value
            out.append(row)
        return out

    def count(self) -> int:
        return len(self.store)

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        return (g for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def flush(self) -> None:
        self.store.flush()

    def close(self) -> None:
        """Release the database (and its write lock): pyoxigraph closes it when the object is freed."""
        import gc
        self.store = None  # type: ignore[assignment]
        gc.collect()


def open_store(settings, *, writable: bool = False) -> KnowledgeStore:
    """The configured store (``settings.store`` under ``settings.base_iri``): read-only unless
    ``writable`` (a build, a load, a server that allows updates). The one way code opens it."""
    return KnowledgeStore(settings.store, settings.base_iri, read_only=not writable)
