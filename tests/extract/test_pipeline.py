"""The extraction pipeline is explicit and checked; the domain is one object passed in."""
import shutil
import textwrap
from datetime import date

import pytest

from kg.domain import load_domain
from kg.extract import Step, check_pipeline, extract_document, pipeline
from kg.resources import data_path
from kg.sources import Document


def test_pipeline_order_and_needs():
    from kg.extract.events import extract_events
    from kg.extract.quotes import extract_quotes
    from kg.extract.roles import extract_roles
    from kg.extract.stances import extract_stances
    assert [(s.name, s.fn, s.requires, s.assigns) for s in pipeline()] == [
        ("roles", extract_roles, (), ("roles_of",)),
        ("quotes", extract_quotes, ("roles_of",), ("quote_regions",)),
        ("stances", extract_stances, ("roles_of", "quote_regions"), ()),
        ("events", extract_events, ("roles_of", "quote_regions"), ()),
    ]


def test_a_step_whose_need_nobody_provides_is_refused():
    steps = [Step("stances", lambda c, f: None, ("quote_regions",), ()),
             Step("quotes", lambda c, f: None, (), ("quote_regions",))]
    with pytest.raises(RuntimeError, match="'stances' needs \\['quote_regions'\\]"):
        check_pipeline(steps)


def test_quote_inside_event_sentence_is_the_same_in_any_session(nlp):
    """The same pipeline runs in tests and in builds: a meeting told inside a quotation is not an event."""
    text = '"I met Vladimir Putin in Geneva on Monday and we talked for hours," Zelensky said.'
    doc = Document(doc_id="q", text=text, file="q.txt", date=date(2025, 3, 5))
    facts = extract_document(doc, nlp(text))
    assert facts.events == []
    assert [q.speaker for q in facts.quotes] == ["Q3874799"]


TOY_TOPICS = """\
@prefix ont:   <https://w3id.org/newskg/ontology#> .
@prefix topic: <https://w3id.org/newskg/topic/> .
@prefix skos:  <http://www.w3.org/2004/02/skos/core#> .
topic:scheme a skos:ConceptScheme ; skos:prefLabel "Toy topics"@en .
topic:school_uniforms a skos:Concept ; skos:inScheme topic:scheme ; skos:notation "school_uniforms" ;
    skos:prefLabel "School uniforms"@en ; skos:definition "Compulsory uniforms in schools."@en ;
    ont:cueTerm "school uniforms" , "uniforms" .
"""


def _copy_domain(d, topics: str | None):
    """The shipped domain without its decision model (every candidate is kept), with other topics."""
    for p in data_path("ontology").iterdir():
        if p.is_file() and p.name != "stance-model.json":
            shutil.copy(p, d / p.name)
    if topics is not None:
        (d / "topics.ttl").write_text(topics, encoding="utf-8")
    return load_domain(str(d))


@pytest.fixture(scope="module")
def toy_domain(tmp_path_factory):
    """A second domain: the shipped gazetteer and lexicons, but a one-topic scheme about schools."""
    return _copy_domain(tmp_path_factory.mktemp("toy-domain"), TOY_TOPICS)


@pytest.fixture(scope="module")
def plain_domain(tmp_path_factory):
    """The shipped domain, candidates undecided."""
    return _copy_domain(tmp_path_factory.mktemp("plain-domain"), None)


def _stances(nlp, text, domain=None):
    doc = Document(doc_id="toy", text=text, file="toy.txt", date=date(2025, 5, 2))
    facts = extract_document(doc, nlp(text), domain)
    return sorted((facts.entities[s.holder].label, s.polarity, s.topic) for s in facts.stances)


def test_a_toy_domain_is_used_beside_the_default_one(nlp, toy_domain, plain_domain):
    text = textwrap.dedent("""\
        France supports school uniforms. Germany opposes a ceasefire in Ukraine.""")
    # the toy scheme knows uniforms and nothing of Ukraine: the ceasefire becomes an open topic
    assert _stances(nlp, text, toy_domain) == [
        ("France", "support", "school_uniforms"),
        ("Germany", "oppose", "open_ceasefire_ukraine"),
    ]
    # the shipped topics, in the same process, know the ceasefire and nothing of uniforms
    assert _stances(nlp, text, plain_domain) == [
        ("France", "support", "open_school_uniform"),
        ("Germany", "oppose", "ceasefire"),
    ]


def test_off_topic_stances_get_open_topics(nlp, plain_domain):
    text = ("France fully supports the European Commission's tariffs on Chinese electric vehicles. "
            "Beijing opposes the tariffs. Germany voiced support for a two-state solution.")
    assert _stances(nlp, text, plain_domain) == [
        # "the tariffs" is the issue the document named in full before
        ("China", "oppose", "open_european_commission_tariff_china_electric_vehicle"),
        ("France", "support", "open_european_commission_tariff_china_electric_vehicle"),
        ("Germany", "support", "open_two_state_solution"),
    ]


def test_the_decision_model_gives_probabilities_and_drops_unlikely_candidates(nlp, plain_domain):
    from kg.extract.stance_model import load_stance_model
    model = load_stance_model(str(data_path("ontology")))
    assert model is not None and 0.0 < model.threshold < 1.0
    text = "Beijing opposes the tariffs. Officials said they had discussed the weather."
    doc = Document(doc_id="m", text=text, file="m.txt", date=date(2025, 5, 2))
    candidates = extract_document(doc, nlp(text), plain_domain).stances
    decided = extract_document(doc, nlp(text)).stances
    kept = [s for s in candidates if model.probability(s.features) >= model.threshold]
    assert [(s.holder, s.topic) for s in decided] == [(s.holder, s.topic) for s in kept]
    assert all(d.confidence == round(model.probability(c.features), 3) for d, c in zip(decided, kept))


def test_the_gazetteer_ambiguous_aliases_link_nothing():
    """An alias two entries share links to neither (a wrong owl:sameAs is worse than none): the
    full list, so that a new one is a decision, not an accident."""
    from kg.gazetteer import load_gazetteer
    gaz = load_gazetteer()
    # "Socialist Party" is France's and Portugal's: each is found by its adjective and country
    # ("Socialist leader X" in a story on France), the bare name links to neither
    assert sorted(gaz.ambiguous) == ["socialist party", "unnamed"]
    assert all(name not in gaz.by_name for name in gaz.ambiguous)
    # the press's "EU Council" names two bodies: the verified gazetteer no longer gives it to either
    assert gaz.lookup("EU Council") is None


def test_guillemets_are_parsed_as_the_quote_marks_they_are_and_every_offset_holds(nlp):
    text = "Tusk spoke on Sunday. «The Russians have answered our appeal,» wrote the head of the Polish government."
    parsed = nlp(text)
    # the parser no longer takes the closing mark for the subject and the speaker for the object
    assert [(t.text, t.dep_) for t in parsed if t.lower_ == "head"] == [("head", "nsubj")]
    assert len(parsed.text) == len(text)
    assert [i for i, (a, b) in enumerate(zip(parsed.text, text)) if a != b] == [text.index("«"), text.index("»")]
    facts = extract_document(Document("t", text, "t.txt", date=date(2025, 5, 11)), parsed)
    # the speaker is found, and the quotation's offsets are the document's
    assert [(q.speaker, text[q.quote.start:q.quote.end]) for q in facts.quotes] == [
        ("Q946", "The Russians have answered our appeal,")]
