"""The spaCy pipeline, loaded once for every extractor test."""
import pytest

from kg.nlp.pipeline import load_pipeline


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline()
