"""The spaCy pipeline, loaded once for every extractor test."""
import pytest

from kg.nlp.pipeline import load_pipeline


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline()


@pytest.fixture(scope="session")
def candidate_domain(tmp_path_factory):
    """The shipped domain without its decision model: every candidate the readers propose is
    kept, so rule tests see what the rules read and not what the model decides."""
    import shutil

    from kg.domain import load_domain
    from kg.resources import data_path
    d = tmp_path_factory.mktemp("candidate-domain")
    for p in data_path("ontology").iterdir():
        if p.is_file() and p.name != "stance-model.json":
            shutil.copy(p, d / p.name)
    return load_domain(str(d))
