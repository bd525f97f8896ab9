"""News knowledge-graph builder: articles -> spaCy extraction -> RDF (Oxigraph) -> SPARQL."""
__version__ = "0.1.0"
