"""kg/lexicon.py: the cue loader (ontology/cues.tsv and the topic cues of topics.ttl), the
scoping of the taxonomy to documents about its subject (Cues.for_document), and topic matching
(generic cues need a context term, opposite cues invert, the longest cue wins)."""
from __future__ import annotations

import textwrap

import pytest

from kg.lexicon import Cues, Topic, load_cues, load_scope, load_topics

CUES_TSV = """\
cue\tkind\tpolarity\tnote
say\tspeech\t\tlemma of a speech verb
Tell\tspeech\t\tupper case in the file, lower case once loaded
report\treport\t\t
back\tstance\tsupport\t
rule out\tstance\toppose\t"lemma particle"
support\tstance_noun\tsupport\t
opposed\tstance_adj\toppose\t
on the table\tstance_phrase\tsupport\t
not\tnegation\t\t
if\tcondition\t\t
only if\tcondition\t\t
as long as\tcondition\t\t
mistake\tevaluation\toppose\t
triumph\tevaluation\tsupport\t
side with\talignment\t\t
split\tdispute\t\t
"""

TOPICS_TTL = """\
@prefix ont:   <https://w3id.org/newskg/ontology#> .
@prefix topic: <https://w3id.org/newskg/topic/> .
@prefix skos:  <http://www.w3.org/2004/02/skos/core#> .

topic:toy a skos:ConceptScheme ; ont:scopeTerm "Atlantis" , "atlantean" .

topic:atlantis_membership a skos:Concept ; skos:inScheme topic:toy ;
    skos:notation "atlantis_membership" ; skos:prefLabel "Atlantis's membership"@en ;
    ont:cueTerm "membership" , "membership of the league" , "join the league" ;
    ont:contextTerm "league" ;
    ont:oppositeCueTerm "neutral status" .

topic:sea_wall a skos:Concept ; skos:inScheme topic:toy ;
    skos:notation "sea_wall" ;
    ont:cueTerm "sea wall" , "sea-wall funding" .
"""


@pytest.fixture(scope="module")
def toy(tmp_path_factory):
    d = tmp_path_factory.mktemp("toy-lexicon")
    (d / "cues.tsv").write_text(CUES_TSV, encoding="utf-8")
    (d / "topics.ttl").write_text(TOPICS_TTL, encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def cues(toy) -> Cues:
    return load_cues(str(toy))


# --- loading -----------------------------------------------------------------------------------

def test_each_kind_of_cue_goes_to_its_field_in_lower_case(cues):
    assert cues.speech == {"say", "tell"}
    assert cues.report == {"report"}
    assert cues.stance_verbs == {"back": "support", "rule out": "oppose"}
    assert cues.stance_nouns == {"support": "support"}
    assert cues.stance_adjs == {"opposed": "oppose"}
    assert cues.stance_phrases == {"on the table": "support"}
    assert cues.negations == {"not"}
    assert cues.evaluations == {"mistake": "oppose", "triumph": "support"}
    assert cues.alignments == {"side with"}
    assert cues.dispute_verbs == {"split"}
    assert cues.modals == set() and cues.harm_verbs == set() and cues.denials == set()


def test_conditions_are_longest_first(cues):
    assert cues.conditions == ["as long as", "only if", "if"]


def test_topics_in_notation_order_with_their_cue_terms(toy):
    topics = load_topics(str(toy))
    assert [(t.notation, t.label) for t in topics] == [("atlantis_membership", "Atlantis's membership"),
                                                      ("sea_wall", "sea_wall")]   # no prefLabel: the notation
    membership, wall = topics
    assert sorted(membership.cues) == ["join the league", "membership", "membership of the league"]
    assert membership.context == ["league"] and membership.opposite == ["neutral status"]
    assert membership.heads == {"membership", "league"}
    # a cue built on a preposition names no head: "land for peace" makes no claim on every "peace"
    assert Topic("t", "T", cues=["land for peace", "withdraw from", "concessions"]).heads == {"concessions"}
    # unless its last word is one of the topic's context terms: "withdrawal from the region" names a region
    assert Topic("t", "T", cues=["withdrawal from the region", "land for peace"], context=["regions"]).heads == {"region"}
    assert sorted(wall.cues) == ["sea wall", "sea-wall funding"] and wall.context == [] and wall.opposite == []


def test_scope_terms_are_lower_case_and_sorted(toy):
    assert load_scope(str(toy)) == ["atlantean", "atlantis"]


def test_the_shipped_lexicon_loads():
    shipped = load_cues()
    assert shipped is load_cues()                      # loaded once
    assert "say" in shipped.speech and shipped.stance_verbs["support"] == "support"
    assert "ukraine_nato_membership" in {t.notation for t in shipped.topics}
    assert "ukraine" in shipped.scope


# --- scoping -----------------------------------------------------------------------------------

def test_a_document_about_the_subject_keeps_the_taxonomy(cues):
    long_text = "Atlantis asked again. " + "Filler words about the weather. " * 20 + "The Atlantean envoy agreed."
    assert len(long_text) >= 600
    assert cues.for_document(long_text) is cues
    assert cues.for_document("Atlantis wants in.") is cues        # a short text: one mention is enough


def test_a_long_document_naming_the_subject_once_loses_the_taxonomy(cues):
    text = "Atlantis was mentioned once. " + "Other countries argued about a sea wall. " * 20
    assert len(text) >= 600
    unscoped = cues.for_document(text)
    assert unscoped is not cues
    assert unscoped.topics == [] and unscoped.scope == []
    assert unscoped.speech == cues.speech and unscoped.stance_verbs == cues.stance_verbs
    assert cues.for_document("Nothing about it here.") is unscoped      # the copy is made once
    assert unscoped.match_topics("a sea wall", "They want a sea wall.") == []


def test_without_scope_terms_every_document_keeps_the_topics(cues):
    import dataclasses
    unscoped_scheme = dataclasses.replace(cues, scope=[])
    assert unscoped_scheme.for_document("Nothing about it here.") is unscoped_scheme


# --- matching ----------------------------------------------------------------------------------

def matches(cues: Cues, text: str, sentence: str, recent: frozenset = frozenset()) -> list[tuple[str, str, bool]]:
    return [(t.notation, cue, inverted) for t, cue, inverted in cues.match_topics(text, sentence, recent)]


def test_a_generic_cue_needs_a_context_term_in_the_sentence(cues):
    assert matches(cues, "membership", "They discussed membership.") == []
    assert matches(cues, "membership", "They discussed membership of the League.") == [
        ("atlantis_membership", "membership", False)]


def test_a_generic_cue_counts_when_the_topic_was_just_discussed(cues):
    assert matches(cues, "membership", "They discussed membership.", frozenset({"atlantis_membership"})) == [
        ("atlantis_membership", "membership", False)]
    assert matches(cues, "membership", "They discussed membership.", frozenset({"sea_wall"})) == []


def test_a_cue_holding_a_context_term_counts_alone_and_the_longest_wins(cues):
    assert matches(cues, "its membership of the league", "Its membership of the league.") == [
        ("atlantis_membership", "membership of the league", False)]
    assert matches(cues, "to join the league", "To join the league.") == [
        ("atlantis_membership", "join the league", False)]


def test_an_opposite_cue_is_inverted_and_generic_like_any_cue(cues):
    assert matches(cues, "neutral status", "Neutral status instead of the League.") == [
        ("atlantis_membership", "neutral status", True)]
    assert matches(cues, "neutral status", "Neutral status for Atlantis.") == []     # no context term


def test_a_topic_without_context_terms_matches_on_its_cue(cues):
    assert matches(cues, "the sea wall", "The sea wall.") == [("sea_wall", "sea wall", False)]
    # the cue's hyphen is literal, its spaces match spaces or hyphens; the answer is the text matched
    assert matches(cues, "sea-wall funding", "Sea-wall funding.") == [("sea_wall", "sea-wall funding", False)]
    assert matches(cues, "sea wall funding", "Sea wall funding.") == [("sea_wall", "sea wall", False)]


def test_cues_match_whole_words_case_and_hyphen_insensitively(cues):
    assert matches(cues, "The Sea-Wall", "The Sea-Wall.") == [("sea_wall", "sea-wall", False)]
    assert matches(cues, "seawall", "The seawall.") == []
    assert matches(cues, "memberships of the league", "Memberships of the league.") == []


def test_a_comma_between_modifiers_does_not_break_a_cue(cues):
    assert matches(cues, "sea-wall, funding", "x") == [("sea_wall", "sea-wall  funding", False)]


def test_match_is_memoised_but_returns_a_fresh_list(cues):
    first = cues.match_topics("the sea wall", "The sea wall.")
    first.clear()
    assert matches(cues, "the sea wall", "The sea wall.") == [("sea_wall", "sea wall", False)]


def test_topic_match_returns_none_without_a_cue():
    topic = Topic("t", "T", cues=["dam"])
    assert topic.match("a bridge", "a bridge") is None
    assert topic.match("a dam", "a dam") == ("dam", False)
