"""The forms names, role titles, quotes and identifiers are compared in, gold and predicted alike."""
from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
# German umlauts as the press transliterates them ("Söder" and "Soeder" are one name)
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})
# letters that carry their mark inside them, with no decomposition to strip ("Władysław" is "Wladyslaw")
_BARRED = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i", "ħ": "h",
                         "Ħ": "H", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "þ": "th", "Þ": "Th"})


def _fold(text: str, umlauts: bool = True) -> str:
    """Casefold and strip diacritics ("Orbán" -> "orban", "Söder" -> "soeder"; with ``umlauts``
    false, "Söder" -> "soder", "Ömer" -> "omer": how a text without the marks spells them)."""
    text = unicodedata.normalize("NFC", text)
    if umlauts:
        text = text.translate(_UMLAUTS)
    decomposed = unicodedata.normalize("NFKD", text.translate(_BARRED))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().translate(_APOSTROPHES)


def normalise_label(label: str | None, umlauts: bool = True) -> str:
    """The form names are compared in: "the Kremlin's" -> "kremlin", "Péter Szijjártó" -> "peter szijjarto"
    (``umlauts``: "ö" as "oe", else as "o")."""
    if not label:
        return ""
    text = _fold(label, umlauts)
    text = re.sub(r"(\w)'s\b", r"\1", text)      # possessive 's
    text = re.sub(r"(\w)s'(?=\s|$)", r"\1s", text)  # plural possessive s'
    text = " ".join(re.sub(r"[^\w]+", " ", text).split())
    if text.startswith("the ") and len(text) > 4:
        text = text[4:]
    return text


def normalise_role(title: str | None) -> str:
    """Role titles: casefolded, hyphens/dashes/underscores as spaces, other punctuation dropped."""
    if not title:
        return ""
    text = re.sub(r"[-‐‑‒–—_/]+", " ", _fold(title))
    return " ".join(re.sub(r"[^\w\s]+", "", text).split())


def normalise_quote(text: str | None) -> str:
    """Quotation text: casefolded, without diacritics, punctuation or brackets."""
    if not text:
        return ""
    return " ".join(re.sub(r"[^\w]+", " ", _fold(text)).split())


def _local_name(iri: str | None) -> str:
    """``ont:Meeting`` (the full IRI) -> "Meeting"; ``…/topic/ceasefire`` -> "ceasefire"."""
    if not iri:
        return ""
    return re.split(r"[#/]", iri.rstrip("/#"))[-1]


_QID = re.compile(r"(?:^|/)(Q[1-9]\d*)$")


def _qid(value: str | None) -> str | None:
    """``wd:Q7747`` (the full IRI) or ``Q7747`` -> "Q7747"."""
    if not value:
        return None
    m = _QID.search(value.strip())
    return m.group(1) if m else None


def _doc_id(iri: str | None) -> str | None:
    """``http://host/doc/000_060a9d78343a8748`` -> "000_060a9d78343a8748"."""
    if not iri or "/doc/" not in iri:
        return None
    return unquote(iri.rsplit("/doc/", 1)[1].split("#", 1)[0]).strip("/") or None
