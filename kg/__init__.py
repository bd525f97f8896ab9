"""News knowledge-graph builder: articles -> spaCy extraction -> RDF (Oxigraph) -> SPARQL.

The Python API is one object, :class:`KnowledgeGraph` (``kg/api.py``)::

    import kg
    with kg.open("data/store") as graph:
        rows = graph.query("who-opposes", topicKey="ukraine_nato_membership")

Its names are imported on first use, so ``import kg`` stays cheap.
"""
__version__ = "0.1.0"

_PUBLIC = {
    "open": "kg.api",
    "KnowledgeGraph": "kg.api",
    "Settings": "kg.config",
    "ConfigError": "kg.config",
    "QueryError": "kg.query",
    "QueryUsageError": "kg.query",
    "StoreError": "kg.store",
}
"""Public name -> the module that defines it."""

__all__ = ["__version__", *_PUBLIC]


def __getattr__(name: str):
    if name not in _PUBLIC:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    import importlib
    value = getattr(importlib.import_module(_PUBLIC[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))
