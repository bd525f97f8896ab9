"""Reading gold files: every ``*.json`` of a folder, checked key by key, into :class:`GoldDocument`
objects; a file that cannot be used raises :class:`GoldError` naming the file, the item and the problem."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from .items import ENTITY_TYPES, KINDS, POLARITIES, Actor, _Entity, _Event, _Quote, _Role, _Stance
from .normalise import _local_name, _qid


class GoldError(ValueError):
    """A gold file that cannot be used; ``str()`` names the file, the item and the problem."""


_ITEM_KEYS = {
    "entities": {"label", "type", "wikidata", "notes"},
    "roles": {"person", "person_wikidata", "role", "org", "org_wikidata", "notes"},
    "stances": {"holder", "holder_wikidata", "topic", "topic_terms", "polarity", "conditional", "date", "evidence",
                "notes"},
    "events": {"type", "alt_types", "date", "place", "place_wikidata", "participants", "participants_wikidata",
               "evidence", "notes"},
    "quotes": {"speaker", "speaker_wikidata", "quote_start", "date", "notes"},
}
_REQUIRED = {
    "entities": {"label", "type"}, "roles": {"person", "role"},
    "stances": {"holder", "topic", "polarity"}, "events": {"type"}, "quotes": {"quote_start"},
}
_TOP_KEYS = {"doc_id", "article_date", "notes", "open_topics", "source", *KINDS}
_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


@dataclass
class GoldDocument:
    """One gold file, parsed: the facts a careful reader finds in one article."""
    doc_id: str
    path: Path
    article_date: str | None
    items: dict[str, list] = field(default_factory=dict)
    open_topics: bool = False   # every stance annotated, issues outside the taxonomy too


def load_gold(gold_dir: Path | str | Sequence[Path | str]) -> dict[str, GoldDocument]:
    """Read every ``*.json`` directly in the folder(s); each must be a valid gold file.

    Sub-folders are not read: pass them too (``[gold, gold / "extra"]``) to score them.
    """
    dirs = [Path(gold_dir)] if isinstance(gold_dir, (str, Path)) else [Path(d) for d in gold_dir]
    docs: dict[str, GoldDocument] = {}
    for directory in dirs:
        if not directory.is_dir():
            raise GoldError(f"{directory}: no such gold folder")
        for path in sorted(directory.glob("*.json")):
            doc = _read_gold_file(path)
            if doc.doc_id in docs:
                raise GoldError(f"{path}: doc_id {doc.doc_id!r} already has a gold file: {docs[doc.doc_id].path}")
            docs[doc.doc_id] = doc
    return docs


def _read_gold_file(path: Path) -> GoldDocument:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise GoldError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"{path}: cannot be read: {exc}") from None
    if not isinstance(data, dict):
        raise GoldError(f"{path}: the top level must be a JSON object")
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise GoldError(f"{path}: unknown key(s) {sorted(unknown)}; allowed: {sorted(_TOP_KEYS)}")
    doc_id = data.get("doc_id")
    if doc_id != path.stem:
        raise GoldError(f"{path}: doc_id {doc_id!r} must equal the file name without .json ({path.stem!r})")
    article_date = data.get("article_date")
    if article_date is not None and not (isinstance(article_date, str) and _DATE.match(article_date)):
        raise GoldError(f"{path}: article_date {article_date!r} is not YYYY-MM-DD or null")
    open_topics = data.get("open_topics", False)
    if not isinstance(open_topics, bool):
        raise GoldError(f"{path}: open_topics must be true or false")
    doc = GoldDocument(doc_id, path, article_date, open_topics=open_topics)
    for kind in KINDS:
        if kind not in data:
            raise GoldError(f"{path}: missing list {kind!r} (use [] when the article has none)")
        if not isinstance(data[kind], list):
            raise GoldError(f"{path}: {kind!r} must be a list")
        doc.items[kind] = [_gold_item(path, doc_id, kind, i, item) for i, item in enumerate(data[kind])]
    return doc


def _gold_item(path: Path, doc_id: str, kind: str, index: int, item: object):
    where = f"{path}: {kind}[{index}]"

    def fail(problem: str) -> GoldError:
        return GoldError(f"{where}: {problem}")

    if not isinstance(item, dict):
        raise fail("must be a JSON object")
    unknown = set(item) - _ITEM_KEYS[kind]
    if unknown:
        raise fail(f"unknown key(s) {sorted(unknown)}; allowed: {sorted(_ITEM_KEYS[kind])}")
    missing = {k for k in _REQUIRED[kind] if not item.get(k)}
    if missing:
        raise fail(f"missing or empty {sorted(missing)}")

    def text(key: str, optional: bool = True) -> str | None:
        value = item.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            raise fail(f"{key!r} must be a non-empty string{' or null' if optional else ''}")
        return value

    def qid(key: str) -> str | None:
        value = item.get(key)
        if value is None:
            return None
        found = _qid(value) if isinstance(value, str) else None
        if not found:
            raise fail(f"{key!r} must be a Wikidata ID like \"Q7747\" or null, not {value!r}")
        return found

    def date() -> str | None:
        value = item.get("date")
        if value is not None and not (isinstance(value, str) and _DATE.match(value)):
            raise fail(f"date {value!r} must be \"YYYY\", \"YYYY-MM\", \"YYYY-MM-DD\" or null")
        return value

    def actor(label_key: str, qid_key: str) -> Actor | None:
        label = text(label_key)
        return Actor(label, qid(qid_key)) if label else None

    if kind == "entities":
        etype = text("type", optional=False)
        if etype not in ENTITY_TYPES:
            raise fail(f"type {etype!r} must be one of {list(ENTITY_TYPES)}")
        return _Entity(doc_id, actor("label", "wikidata"), frozenset({etype}), item)
    if kind == "roles":
        return _Role(doc_id, actor("person", "person_wikidata"), text("role", optional=False),
                     actor("org", "org_wikidata"), item)
    if kind == "stances":
        polarity = text("polarity", optional=False)
        if polarity not in POLARITIES:
            raise fail(f"polarity {polarity!r} must be one of {list(POLARITIES)}")
        conditional = item.get("conditional", False)
        if not isinstance(conditional, bool):
            raise fail("conditional must be true or false")
        raw_topic = text("topic", optional=False)
        terms = item.get("topic_terms") or []
        if not isinstance(terms, list) or not all(isinstance(t, str) and t.strip() for t in terms):
            raise fail("topic_terms must be a list of words")
        topic = raw_topic.casefold() if terms else _local_name(raw_topic).casefold()
        return _Stance(doc_id, actor("holder", "holder_wikidata"), topic, polarity,
                       conditional, date(), text("evidence"), item, label=raw_topic, terms=tuple(terms))
    if kind == "events":
        alt = item.get("alt_types") or []
        if not isinstance(alt, list) or not all(isinstance(t, str) and t for t in alt):
            raise fail("alt_types must be a list of class names")
        names = item.get("participants") or []
        qids = item.get("participants_wikidata")
        if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
            raise fail("participants must be a list of names")
        if qids is None:
            qids = [None] * len(names)
        if not isinstance(qids, list) or len(qids) != len(names):
            raise fail("participants_wikidata must be a list as long as participants (null where unknown)")
        participants = []
        for name, q in zip(names, qids):
            if q is not None and not (isinstance(q, str) and _qid(q)):
                raise fail(f"participants_wikidata entry {q!r} must be a Wikidata ID or null")
            participants.append(Actor(name, _qid(q) if q else None))
        return _Event(doc_id, frozenset({text("type", optional=False), *alt}), date(),
                      actor("place", "place_wikidata"), tuple(participants), text("evidence"), item)
    return _Quote(doc_id, actor("speaker", "speaker_wikidata"), text("quote_start", optional=False), date(), item)
