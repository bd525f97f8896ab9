"""One HTML page -> its article text and metadata, with trafilatura and htmldate.

The same function reads ``.html`` files, pages fetched from the web and HTML records of
WARC archives, so an article reads the same whichever way it arrived. The headline is
returned as ``title`` and never left at the head of the text (where it would run into the
first sentence); paragraphs are separated by a blank line.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import date

MIN_ARTICLE_CHARS = 1
"""trafilatura's own minimum sizes are lowered to this: short articles are still articles.
Whether a page has enough text to be an article is decided by the caller."""


class NoArticleText(ValueError):
    """The page has no readable article text (only navigation, a paywall stub, an empty body)."""


@dataclass
class ArticlePage:
    text: str                       # paragraphs separated by "\n\n", headline not included
    title: str | None = None
    author: str | None = None
    sitename: str | None = None     # the publisher's name as the page gives it (og:site_name, JSON-LD)
    date: date | None = None        # publication date from the page's markup (htmldate), never guessed
    canonical_url: str | None = None
    language: str | None = None     # <html lang>, else <meta http-equiv="content-language">
    description: str | None = None


_CONFIG = None


def _config():
    global _CONFIG
    if _CONFIG is None:
        from trafilatura.settings import use_config
        config = use_config()
        for key in ("MIN_EXTRACTED_SIZE", "MIN_OUTPUT_SIZE"):
            config.set("DEFAULT", key, str(MIN_ARTICLE_CHARS))
        config.set("DEFAULT", "EXTENSIVE_DATE_SEARCH", "off")   # a date from the markup or none
        config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")        # no signal-based timeout (threads, workers)
        _CONFIG = config
    return _CONFIG


def read_article_html(html: str | bytes, url: str | None = None) -> ArticlePage:
    """The article in ``html``: boilerplate (navigation, ads, comments, cookie banners) removed by
    trafilatura, the publication date found by htmldate. Raises NoArticleText when nothing is left."""
    import trafilatura
    from lxml import html as lxml_html

    if isinstance(html, bytes):
        from trafilatura.utils import decode_file
        html = decode_file(html)
    if not html.strip():
        raise NoArticleText("empty page")
    try:
        tree = lxml_html.document_fromstring(html)
    except Exception as exc:   # lxml raises ParserError and friends on pages with no elements
        raise NoArticleText(f"not an HTML document ({exc})") from None
    # what the markup says, read before trafilatura prunes its copy of the tree
    h1s = {_key(h.text_content()) for h in tree.iter("h1")}
    published, language, canonical_link = _publication_date(tree), _language(tree), _canonical_link(tree)
    extracted = trafilatura.bare_extraction(copy.deepcopy(tree), url=url, with_metadata=True,
                                            include_comments=False, include_tables=True, include_images=False,
                                            deduplicate=False, config=_config())
    if extracted is None:
        raise NoArticleText("no readable article text in the page")
    title = _clean(extracted.title)
    headlines = (h1s | {_key(title)}) - {""}
    paragraphs = [line.strip() for line in (extracted.text or "").split("\n") if line.strip()]
    while paragraphs and _key(paragraphs[0]) in headlines:
        paragraphs.pop(0)
    if not paragraphs:
        raise NoArticleText("no readable article text in the page")
    return ArticlePage(
        text="\n\n".join(paragraphs),
        title=title,
        author=_clean(extracted.author),
        sitename=_sitename(extracted.sitename, url),
        date=published,
        canonical_url=_absolute(_clean(extracted.url) if extracted.url and extracted.url != url else canonical_link,
                                url),
        language=language,
        description=_clean(extracted.description),
    )


def _absolute(link: str | None, base: str | None) -> str | None:
    """A canonical link as written may be relative ("/world/story"): resolved against the page's URL."""
    from urllib.parse import urljoin
    if not link:
        return None
    try:
        return urljoin(base, link) if base else link
    except ValueError:
        return None


def _publication_date(tree) -> date | None:
    import htmldate
    try:
        found = htmldate.find_date(tree, extensive_search=False, original_date=True)
    except Exception:   # htmldate is best effort; a page it cannot read has no known date
        return None
    try:
        return date.fromisoformat(found) if found else None
    except ValueError:
        return None


def _canonical_link(tree) -> str | None:
    for link in tree.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            return link.get("href").strip()
    return None


def _language(tree) -> str | None:
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not lang:
        for meta in tree.iter("meta"):
            if (meta.get("http-equiv") or "").lower() == "content-language" and meta.get("content"):
                lang = meta.get("content").split(",")[0]
                break
    lang = (lang or "").strip()
    return lang if re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", lang) else None


def _sitename(value: str | None, url: str | None) -> str | None:
    """The site's name as the page gives it; trafilatura's fallback to the host name is not a name."""
    from urllib.parse import urlsplit
    value = _clean(value)
    if value and url:
        host = urlsplit(url)
        if value.lower() in {host.netloc.lower(), (host.hostname or "").lower()}:
            return None
    return value


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    value = re.sub(r"\s+", " ", value).strip()
    return value or None


def _key(text: str | None) -> str:
    return re.sub(r"\W+", " ", text or "").strip().lower()
