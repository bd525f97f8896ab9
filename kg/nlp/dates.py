"""Date expressions in news text -> xsd dates with the precision the text gives.

``resolve_date("March 27", anchor)`` turns the words of a spaCy DATE entity into a
:class:`~kg.facts.DateValue`: "YYYY-MM-DD" (day), "YYYY-MM" (month) or "YYYY" (year).
Relative words ("Sunday", "last month") are resolved against the article's date
(the *anchor*); without an anchor they give ``None``: a date is never guessed.

Choices a reader of the graph should know about:

* A weekday, a day-month without a year and a month without a year are the most
  recent one on or before the anchor ("past", the default: news reports what
  happened), or the next one on or after it with ``tense="future"``; except that a
  day-month whose past reading is over six months back and whose next one is at most
  two months ahead is the next one ("the meeting set for Nov. 6" in an October 31
  article). "last Sunday" is strictly before the anchor, "next Sunday" strictly after.
* Week precision is rounded out to the month, since xsd has no week type:
  "last week", "this week", "earlier this week", "two weeks ago" give the month
  (``YYYY-MM``) that holds the Monday of that week.
* "the weekend" / "over the weekend" is the Saturday (day precision) of the most
  recent weekend on or before the anchor (a Saturday or Sunday anchor is its own
  weekend); "last weekend" is the one before the current week.
* Words that narrow without leaving the unit ("early", "late", "mid-", "the end of",
  "earlier", "later") are dropped: "early March" is March, "earlier this year" is
  this year. Leading prepositions ("on", "since", "as early as", ...) are dropped too.
* Durations ("a week", "24 hours"), decades ("the mid-2000s"), spans relative to
  another event ("days later", "the following week"), ranges of years and
  all-numeric dates other than ISO ("04/05/2025" is ambiguous) give ``None``.

The core is pure string work (no spaCy); only :func:`find_dates` takes a Doc.
"""
from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Callable

from kg.facts import DateValue, Span
from kg.namespaces import XSD

if TYPE_CHECKING:  # spaCy is only needed by find_dates' caller
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

_XSD_TYPE = {"day": XSD + "date", "month": XSD + "gYearMonth", "year": XSD + "gYear"}

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10,
    "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
# Days relative to the anchor, looked up on the whole (normalised) expression.
_DAY_WORDS = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "yesterday": -1, "last night": -1, "tomorrow": 1,
    "the day before yesterday": -2, "day before yesterday": -2,
    "the day after tomorrow": 2, "day after tomorrow": 2,
}

_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_MONTH_RE = r"(?P<month>" + _MONTH_NAMES + r")\.?"
_WEEKDAY_RE = r"(?P<weekday>" + "|".join(sorted(_WEEKDAYS, key=len, reverse=True)) + r")\.?"
_DAY_RE = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR_RE = r"(?P<year>[12]\d{3})"

# Leading words that do not change which day/month/year is meant. Applied repeatedly.
_LEADING = re.compile(
    r"^(?:as (?:early|late|recently|far back) as|as of|on|in|since|by|from|until|till|"
    r"through|during|at|around|over|of|the|early|late|mid|earlier|later|beginning|start|"
    r"end|middle|first half|second half|spring|summer|autumn|fall)\b[\s,\-]*")
_TRAILING = re.compile(r"\s+(?:morning|afternoon|evening|night|overnight)$")
# "Monday, March 27": the weekday adds nothing once the date is given.
_LEADING_WEEKDAY = re.compile(r"^" + _WEEKDAY_RE + r",?\s+(?=(?:\d|" + _MONTH_NAMES + r")\b)")

Resolver = Callable[["re.Match[str]", "date | None", str], "DateValue | None"]


def resolve_date(expr: str, anchor: date | None, tense: str = "past") -> DateValue | None:
    """The date ``expr`` denotes, at the precision it gives; ``None`` if vague or it needs a missing anchor.

    ``tense`` ("past" or "future") picks the direction for a weekday, a month or a
    day-month without a year: the most recent on/before the anchor, or the next on/after it.
    """
    if tense not in ("past", "future"):
        raise ValueError(f"tense must be 'past' or 'future', not {tense!r}")
    return _resolve(expr, anchor, tense)


def is_relative(expr: str) -> bool:
    """True if ``expr`` resolves only with an anchor (e.g. "Sunday", "last week", "March 27")."""
    return resolve_date(expr, None) is None and resolve_date(expr, _PROBE_ANCHOR) is not None


def date_to_xsd(value: DateValue) -> tuple[str, str]:
    """(lexical form, datatype IRI): xsd:date for a day, xsd:gYearMonth for a month, xsd:gYear for a year."""
    try:
        return value.value, _XSD_TYPE[value.precision]
    except KeyError:
        raise ValueError(f"unknown date precision {value.precision!r} (expected day, month or year)") from None


def find_dates(doc: Doc, anchor: date | None) -> list[tuple[SpacySpan, DateValue]]:
    """Every DATE entity of ``doc`` that resolves, with its DateValue carrying the entity's character span.

    A weekday or month governed by a future marker ("will", "set to", "going to",
    "scheduled", ...) is resolved forwards from the anchor, everything else backwards.
    """
    found = []
    for ent in doc.ents:
        if ent.label_ != "DATE" or _clock_time(ent):
            continue
        value = resolve_date(ent.text, anchor, _tense_of(ent))
        if value is not None:
            found.append((ent, replace(value, span=Span(ent.start_char, ent.end_char, ent.text))))
    return found


_TIME_ZONES = {"gmt", "utc", "et", "est", "edt", "cet", "cest", "bst", "pt", "pst", "msk", "ist", "jst", "kst"}


def _clock_time(ent: SpacySpan) -> bool:
    """ "(1930 GMT)", "at 0800 local time": wire copy's four-digit clock time, not a year."""
    doc = ent.doc
    if len(ent) != 1 or not ent.text.isdigit() or len(ent.text) != 4 or ent.end >= len(doc):
        return False
    nxt = doc[ent.end]
    return nxt.lower_ in _TIME_ZONES or (nxt.lower_ == "local" and ent.end + 1 < len(doc)
                                           and doc[ent.end + 1].lower_ == "time")


# --- normalising ------------------------------------------------------------------

_PROBE_ANCHOR = date(2000, 6, 15)


def _normalise(expr: str) -> str:
    text = " ".join(expr.lower().replace("\u2019", "'").split())
    text = text.strip(" .,;:!?\"'()[]")
    if text.endswith("'s"):
        text = text[:-2]
    while True:
        stripped = _LEADING.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    if text in _DAY_WORDS:
        return text
    text = _TRAILING.sub("", text)
    return _LEADING_WEEKDAY.sub("", text, count=1)


@lru_cache(maxsize=8192)
def _resolve(expr: str, anchor: date | None, tense: str) -> DateValue | None:
    text = _normalise(expr)
    for pattern, resolver in _PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            return resolver(match, anchor, tense)
    return None


# --- values -----------------------------------------------------------------------

def _day(d: date) -> DateValue:
    return DateValue(d.isoformat(), "day")


def _month(year: int, month: int) -> DateValue:
    return DateValue(f"{year:04d}-{month:02d}", "month")


def _year(year: int) -> DateValue:
    return DateValue(f"{year:04d}", "year")


def _week(any_day: date) -> DateValue:
    """Week precision rounded out to the month of the week's Monday (xsd has no week type)."""
    monday = any_day - timedelta(days=any_day.weekday())
    return _month(monday.year, monday.month)


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def _valid_day(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= monthrange(year, month)[1]


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word]


# --- resolvers: one per pattern ----------------------------------------------------

def _iso_day(m, anchor, tense):
    year, month, day = int(m["year"]), int(m["mon"]), int(m["day"])
    return _day(date(year, month, day)) if _valid_day(year, month, day) else None


def _iso_month(m, anchor, tense):
    month = int(m["mon"])
    return _month(int(m["year"]), month) if 1 <= month <= 12 else None


def _day_month_year(m, anchor, tense):
    year, month, day = int(m["year"]), _MONTHS[m["month"]], int(m["day"])
    return _day(date(year, month, day)) if _valid_day(year, month, day) else None


def _month_year(m, anchor, tense):
    return _month(int(m["year"]), _MONTHS[m["month"]])


def _year_only(m, anchor, tense):
    return _year(int(m["year"]))


def _day_month(m, anchor, tense):
    """A day-month without a year: the nearest such date before (past) or after (future) the anchor."""
    if anchor is None:
        return None
    month, day = _MONTHS[m["month"]], int(m["day"])
    if day > 31 or not _valid_day(2000, month, day):  # 2000 is a leap year: Feb 29 allowed
        return None
    before, after = _nearest_day(month, day, anchor, -1), _nearest_day(month, day, anchor, 1)
    if tense == "past":
        # "the meeting set for Nov. 6" in an October 31 article is six days ahead, not a year back
        if before is not None and after is not None and (anchor - before).days > 183 and (after - anchor).days <= 62:
            return _day(after)
        return _day(before) if before is not None else None
    return _day(after) if after is not None else None


def _nearest_day(month: int, day: int, anchor: date, step: int) -> date | None:
    year = anchor.year
    for _ in range(9):  # enough to reach a leap year for February 29
        if _valid_day(year, month, day):
            candidate = date(year, month, day)
            if (candidate <= anchor) if step < 0 else (candidate >= anchor):
                return candidate
        year += step
    return None


def _day_range(m, anchor, tense):
    """"March 27-28": the days are in one month, so that month is what the text gives."""
    if m["year"]:
        return _month(int(m["year"]), _MONTHS[m["month"]])
    if anchor is None:
        return None
    return _month_name(m, anchor, tense)


def _month_name(m, anchor, tense):
    if anchor is None:
        return None
    month = _MONTHS[m["month"]]
    which = (m.groupdict().get("which") or "").strip()
    if which in ("last", "this past", "past"):
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif which in ("next", "this coming", "coming"):
        year = anchor.year if month > anchor.month else anchor.year + 1
    elif tense == "future":
        year = anchor.year if month >= anchor.month else anchor.year + 1
    else:
        year = anchor.year if month <= anchor.month else anchor.year - 1
    return _month(year, month)


def _weekday(m, anchor, tense):
    if anchor is None:
        return None
    target = _WEEKDAYS[m["weekday"]]
    which = (m["which"] or "").strip()
    if which in ("last", "this past", "past"):
        return _day(anchor - timedelta(days=(anchor.weekday() - target - 1) % 7 + 1))
    if which in ("next", "this coming", "coming"):
        return _day(anchor + timedelta(days=(target - anchor.weekday() - 1) % 7 + 1))
    if tense == "future":
        return _day(anchor + timedelta(days=(target - anchor.weekday()) % 7))
    return _day(anchor - timedelta(days=(anchor.weekday() - target) % 7))


def _day_word(m, anchor, tense):
    if anchor is None:
        return None
    return _day(anchor + timedelta(days=_DAY_WORDS[m[0]]))


def _relative_unit(m, anchor, tense):
    """this/last/next week, month or year."""
    if anchor is None:
        return None
    which, unit = m["which"], m["unit"]
    offset = {"this": 0, "current": 0, "last": -1, "this past": -1, "next": 1, "coming": 1,
              "this coming": 1}[which]
    if unit == "week":
        return _week(anchor + timedelta(weeks=offset))
    if unit == "month":
        return _month(*_shift_month(anchor.year, anchor.month, offset))
    return _year(anchor.year + offset)


def _weekend(m, anchor, tense):
    """The Saturday of the weekend meant (day precision)."""
    if anchor is None:
        return None
    which = (m["which"] or "").strip()
    monday = anchor - timedelta(days=anchor.weekday())
    in_weekend = anchor.weekday() >= 5
    if which in ("last", "this past", "past"):
        return _day(monday - timedelta(days=2))
    if which in ("next", "coming", "this coming"):
        return _day(monday + timedelta(days=12 if in_weekend else 5))
    if tense == "future" or in_weekend:
        return _day(monday + timedelta(days=5))
    return _day(monday - timedelta(days=2))


def _ago(m, anchor, tense):
    if anchor is None:
        return None
    n, unit = _number(m["n"]), m["unit"]
    if unit == "day":
        return _day(anchor - timedelta(days=n))
    if unit == "week":
        return _week(anchor - timedelta(weeks=n))
    if unit == "month":
        return _month(*_shift_month(anchor.year, anchor.month, -n))
    return _year(anchor.year - n)


_WHICH = r"(?:(?P<which>last|next|this past|this coming|coming|this|past)\s+)?"
_NUMBER = r"(?P<n>\d{1,3}|" + "|".join(_NUMBERS) + r")"

# Tried in order against the whole normalised expression; the first that matches decides.
_PATTERNS: list[tuple[re.Pattern[str], Resolver]] = [
    (re.compile(r"(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})"), _iso_day),
    (re.compile(r"(?P<year>\d{4})-(?P<mon>\d{2})"), _iso_month),
    (re.compile(_DAY_RE + r"(?: of)? " + _MONTH_RE + r",? " + _YEAR_RE), _day_month_year),
    (re.compile(_MONTH_RE + r" " + _DAY_RE + r",? " + _YEAR_RE), _day_month_year),
    (re.compile(_MONTH_RE + r"(?:,| of)? " + _YEAR_RE), _month_year),
    (re.compile(r"(?:year )?" + _YEAR_RE), _year_only),
    (re.compile(_DAY_RE + r"(?: of)? " + _MONTH_RE), _day_month),
    (re.compile(_MONTH_RE + r" " + _DAY_RE), _day_month),
    (re.compile(_MONTH_RE + r" \d{1,2}(?:st|nd|rd|th)?\s*(?:-|\u2013|to)\s*\d{1,2}(?:st|nd|rd|th)?"
                r"(?:,? (?P<year>[12]\d{3}))?"), _day_range),
    (re.compile(_WHICH + _MONTH_RE), _month_name),
    (re.compile(_WHICH + _WEEKDAY_RE), _weekday),
    (re.compile("|".join(re.escape(w) for w in _DAY_WORDS)), _day_word),
    (re.compile(r"(?P<which>this|current|last|this past|next|this coming|coming) "
                r"(?P<unit>week|month|year)"), _relative_unit),
    (re.compile(_WHICH + r"weekend"), _weekend),
    (re.compile(_NUMBER + r" (?P<unit>day|week|month|year)s? ago"), _ago),
]


# --- tense from the parse ------------------------------------------------------------

_FUTURE_AUX = {"will", "shall", "'ll", "ll", "wo"}
# Verbs (and "due") whose complement or passive subject lies ahead: "set to", "scheduled for".
_FUTURE_GOVERNORS = {"set", "schedule", "slate", "plan", "expect", "due", "go"}


def _tense_of(ent: SpacySpan) -> str:
    """ "future" if the verb governing ``ent`` is marked as future, else "past"."""
    token = ent.root
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    for _ in range(3):  # the verb, then up through "set to" / "going to" / "due to" complements
        children = list(token.children)
        if any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in children):
            return "future"
        if token.lemma_.lower() in _FUTURE_GOVERNORS and _governs_ahead(token, children):
            return "future"
        if token.dep_ != "xcomp":
            break
        token = token.head
    return "past"


def _governs_ahead(token, children) -> bool:
    if token.lemma_.lower() == "go" and token.tag_ != "VBG":  # only "going to"
        return False
    if token.tag_ == "VBD" or any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in children):
        return False  # "was scheduled for Monday", "planned to": the plan is past, its date unknown
    return any(c.dep_ in ("xcomp", "auxpass") for c in children) or token.pos_ == "ADJ"
