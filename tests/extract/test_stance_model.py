"""The learned decision over stance candidates (kg/extract/stance_model.py)."""
from kg.extract.stance_model import StanceModel, decide
from kg.facts import Span, StanceFact


def _candidate(polarity: str, weight: float, sentence_start: int = 0, holder: str = "Q155") -> StanceFact:
    sentence = Span(sentence_start, sentence_start + 40, "x" * 40)
    return StanceFact(span=sentence, sentence=sentence, confidence=0.5, holder=holder, topic="open_tariff_steel",
                      polarity=polarity, features={"bias": 1.0, f"w{weight}": 1.0})


def _model() -> StanceModel:
    # the raw logistic score is the probability (no calibration): weight w gives sigmoid(w)
    return StanceModel({f"w{w}": w for w in (-3.0, 0.5, 1.0, 2.0)}, intercept=0.0, threshold=0.3)


def test_under_the_threshold_is_dropped_and_the_rest_carry_their_probability():
    kept = decide([_candidate("support", 1.0), _candidate("oppose", -3.0, sentence_start=50)], _model())
    assert [(s.polarity, s.confidence) for s in kept] == [("support", 0.731)]


def test_one_sentence_gives_a_holder_one_side_of_an_issue_the_likelier():
    kept = decide([_candidate("support", 0.5), _candidate("oppose", 2.0), _candidate("support", 1.0)], _model())
    assert [(s.polarity, s.confidence) for s in kept] == [("oppose", 0.881)]
    # in another sentence, or for another holder, the other side stands
    kept = decide([_candidate("support", 0.5), _candidate("oppose", 2.0, sentence_start=50),
                   _candidate("support", 1.0, holder="Q30"), _candidate("oppose", 0.5, holder="Q30")], _model())
    assert [(s.holder, s.polarity) for s in kept] == [("Q155", "support"), ("Q155", "oppose"), ("Q30", "support")]


def test_the_side_kept_does_not_depend_on_the_order_of_the_candidates():
    # the likeliest candidate's side is kept whole, whichever order the readers proposed them in
    order = [_candidate("support", 0.5), _candidate("oppose", 1.0), _candidate("support", 2.0)]
    for candidates in (order, order[::-1], [order[1], order[0], order[2]]):
        kept = decide(list(candidates), _model())
        assert sorted((s.polarity, s.confidence) for s in kept) == [("support", 0.622), ("support", 0.881)]
