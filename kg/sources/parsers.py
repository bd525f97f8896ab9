"""Article formats: a file's text -> its body (text, title, date, warnings), one parser per format."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date


@dataclass
class _Body:
    """What a format parser makes of a file's text."""
    text: str
    title: str | None = None
    date: date | None = None
    warnings: list[str] = field(default_factory=list)
    publisher: str | None = None
    metadata: dict = field(default_factory=dict)     # e.g. author, canonical_url, language (HTML)


_DATE_LINE = re.compile(r"[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})(?=\s|$)\s*", re.IGNORECASE)


def _tidy(text: str) -> str:
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").strip()


def _empty_check(text: str) -> str:
    if not text:
        raise ValueError("empty file")
    return text


def _parse_plain(text: str) -> _Body:
    """Plain text; an optional first line ``date YYYY-MM-DD`` gives the date and is removed.

    A first line that looks like a headline (see ``_headline``) is the title; it stays in the text.
    """
    text = _empty_check(text.strip())
    match = _DATE_LINE.match(text)
    if not match:
        return _Body(text, title=_headline(text))
    try:
        found = date.fromisoformat(match.group(1))
    except ValueError:
        return _Body(text, warnings=[f"date line {match.group(1)!r} is not a real date; left in the text"])
    rest = text[match.end():]
    if not rest:
        raise ValueError("no article text after the date line")
    return _Body(rest, date=found, title=_headline(rest))


_SENTENCE_END = (".", "!", "?", "…", ":", ";", ",", '"', "\u201d", "'", "\u2019", ")")


def _headline(text: str) -> str | None:
    """The first line, if it reads as a headline: followed by a blank line, 2 to 25 words, at most
    200 characters, no sentence-final punctuation. Never invented: anything else gives None."""
    first, blank, rest = text.partition("\n\n")
    first = first.strip()
    if not blank or not rest.strip() or "\n" in first or len(first) > 200:
        return None
    words = first.split()
    if not 2 <= len(words) <= 25 or first.endswith(_SENTENCE_END) or not first[0].isupper():
        return None
    return first


def _parse_markdown(text: str) -> _Body:
    """Markdown reads fine as it is; a leading ``# Heading`` is the title (and stays in the text)."""
    text = _empty_check(text.strip())
    first = text.split("\n", 1)[0]
    heading = re.fullmatch(r"#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*", first)
    return _Body(text, title=heading.group(1).strip() if heading else None)


def _parse_html(text: str) -> _Body:
    """The article in the page, read by the same extractor as pages fetched from the web
    (kg/ingest/webpage.py: trafilatura and htmldate). The headline is the title, not part of the text."""
    from ..ingest.webpage import NoArticleText, read_article_html

    if not text.strip():
        raise ValueError("empty file")
    try:
        page = read_article_html(text)
    except NoArticleText:
        raise ValueError("no readable text in the HTML (after dropping scripts, navigation, header and footer)") from None
    metadata = {key: value for key, value in (("author", page.author), ("canonical_url", page.canonical_url),
                                               ("language", page.language)) if value}
    return _Body(page.text, title=page.title, date=page.date, publisher=page.sitename, metadata=metadata)
