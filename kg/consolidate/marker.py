"""The generation marker: which set of document graphs the step last finished over, so that
``kg build`` can tell when it must be redone (see the package docstring, "Never stale after a crash")."""
from __future__ import annotations

import hashlib
import os

from ..store import CONSOLIDATED, KnowledgeStore

GENERATION_VERSION = "1"
"""Bumped when this step's output changes for the same documents, so stores redo it."""


def generation(store: KnowledgeStore) -> str:
    """The store's current generation: a hash of every document graph's id and stamp."""
    h = hashlib.sha256(f"consolidation {GENERATION_VERSION} {store.iris.base}\n".encode())
    for doc_id, stamp in sorted(store.document_stamps().items()):
        h.update(f"{doc_id} {stamp}\n".encode())
    return h.hexdigest()[:32]


def consolidated_generation(store: KnowledgeStore) -> str | None:
    """The generation the step last finished over, or None (never, or an in-memory store)."""
    if store.path is None:
        return None
    try:
        return (store.path / CONSOLIDATED).read_text().strip() or None
    except OSError:
        return None


def mark_consolidated(store: KnowledgeStore, done: str) -> None:
    """Record that the step finished over generation ``done`` (call after its commit)."""
    if store.path is None:
        return
    tmp = store.path / (CONSOLIDATED + ".tmp")
    with open(tmp, "w") as f:
        f.write(done + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, store.path / CONSOLIDATED)


def needs_consolidation(store: KnowledgeStore) -> bool:
    """Is the step undone or stale for what the store holds (an interrupted build)? A new store
    that holds no document yet has nothing to redo."""
    if store.path is None:
        return False
    done = consolidated_generation(store)
    if done is None and not store.document_stamps():
        return False
    return done != generation(store)
