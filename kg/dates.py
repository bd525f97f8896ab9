"""Dates as the text gives them: a day ``2025-04-04``, a month ``2025-04`` or a year ``2025``.

One place for the date arithmetic the graph views, the cross-document merge and the scorer
share: the days a date covers, whether two dates can be the same time, where a date starts.
(The event extractor, ``kg/extract/events.py``, still has its own copy of
:func:`dates_compatible` for ``DateValue`` objects.)
"""
from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache

_LEADING_DATE = re.compile(r"\s*(-?\d{4}(?:-\d{2}(?:-\d{2})?)?)")


@lru_cache(maxsize=4096)
def date_interval(value: str) -> tuple[date, date] | None:
    """The days a date covers at the precision the text gives it: ``2025-04-04`` one day,
    ``2025-04`` the month, ``2025`` the year; None when empty or unreadable."""
    value = (value or "").strip()
    try:
        parts = [int(p) for p in value.split("-")]
    except ValueError:
        return None
    if len(parts) == 3:
        day = date(*parts)
        return day, day
    if len(parts) == 2:
        year, month = parts
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    if len(parts) == 1 and len(value) == 4:
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    return None


def intervals_overlap(a: str, b: str, window_days: int = 0) -> bool:
    """Whether two dates can be the same time: their intervals (see :func:`date_interval`),
    each widened by ``window_days`` on both sides, intersect. An undated side overlaps
    everything: the text does not say when, so we do not rule it out."""
    ia, ib = date_interval(a), date_interval(b)
    if ia is None or ib is None:
        return True
    pad = timedelta(days=window_days)
    return ia[0] - pad <= ib[1] + pad and ib[0] - pad <= ia[1] + pad


def date_start(value: str) -> date:
    """The first day a date covers ("2025-03" -> 2025-03-01); ValueError when unreadable."""
    interval = date_interval(value)
    if interval is None:
        raise ValueError(f"not a date: {value!r} (expected YYYY, YYYY-MM or YYYY-MM-DD)")
    return interval[0]


def date_prefix(value: str | None) -> str | None:
    """A date's lexical form cut to what matters: "2025-04-04T00:00:00Z" -> "2025-04-04",
    "2025-03Z" -> "2025-03"; None when empty."""
    if not value:
        return None
    m = _LEADING_DATE.match(value)
    return m.group(1) if m else value.strip()


def dates_compatible(a: str | None, b: str | None) -> bool:
    """Same day/month/year as far as both say: "2025-03" ~ "2025-03-27", "2025" ~ "2025-12-14";
    a missing date is compatible with anything."""
    a, b = date_prefix(a), date_prefix(b)
    if a is None or b is None:
        return True
    return a == b or a.startswith(b + "-") or b.startswith(a + "-")
