"""Stances: holder, topic, polarity (with negation) and conditions."""
import datetime


from kg.extract import extract_document
from kg.sources import Document

NATO = "ukraine_nato_membership"



def stances_of(nlp, text):
    facts = extract_document(Document("t", text, "t.txt", date=datetime.date(2025, 4, 4)), nlp(text))
    return facts.stances


def summary(stances):
    return {(s.holder, s.topic, s.polarity) for s in stances}


def test_plain_opposition(nlp):
    assert summary(stances_of(nlp, "Germany opposes Ukraine's NATO membership.")) == {("Q183", NATO, "oppose")}


def test_never_supported_is_opposition(nlp):
    assert summary(stances_of(nlp, "Trump has never supported Ukrainian NATO membership.")) == {
        ("Q22686", NATO, "oppose")}


def test_not_given_up_is_support(nlp):
    assert summary(stances_of(nlp, "Zelensky has not given up on Ukraine's bid to join NATO.")) == {
        ("Q3874799", NATO, "support")}


def test_dropping_a_goal_is_opposition(nlp):
    assert summary(stances_of(nlp, "Zelensky dropped Ukraine's goal of joining NATO.")) == {
        ("Q3874799", NATO, "oppose")}


def test_coordinated_holders_and_pronoun_topic(nlp):
    stances = stances_of(nlp, "Ukraine wants NATO membership. The US, Germany and Hungary oppose it.")
    assert summary(stances) == {("Q212", NATO, "support"), ("Q30", NATO, "oppose"), ("Q183", NATO, "oppose"),
                                ("Q28", NATO, "oppose")}
    assert all(s.polarity == "oppose" for s in stances if s.holder in ("Q30", "Q183", "Q28"))


def test_as_long_as_makes_a_stance_conditional(nlp):
    stances = stances_of(nlp, "Putin agreed to a ceasefire as long as Ukraine gives up its bid to join NATO.")
    ceasefire = [s for s in stances if s.holder == "Q7747" and s.topic == "ceasefire"]
    assert len(ceasefire) == 1
    assert ceasefire[0].polarity == "support"
    assert ceasefire[0].conditional is True


def test_unconditional_stance_is_not_conditional(nlp):
    (stance,) = stances_of(nlp, "Germany opposes Ukraine's NATO membership.")
    assert stance.conditional is False
    assert stance.date is not None and stance.date.value == "2025-04-04"
