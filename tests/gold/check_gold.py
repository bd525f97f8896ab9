"""Consistency check for a gold folder (format, article date, entity listing, topics,
event types, evidence and quote_start as exact substrings, Wikidata IDs from the verified
gazetteer). It never runs extraction: annotators use it while writing gold.

    python3 tests/gold/check_gold.py tests/gold/dev [tests/gold/test …]
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kg.evaluate import load_gold  # noqa: E402

TOPICS = {"ukraine_nato_membership", "security_guarantees", "foreign_troops_in_ukraine", "ceasefire",
          "nato_enlargement", "ukraine_neutrality", "territorial_concessions", "us_peace_plan",
          "direct_us_russia_talks"}
EVENT_TYPES = {"Meeting", "Talks", "Visit", "Statement", "Proposal", "Application", "Invasion", "Announcement"}


def verified_ids() -> set[str]:
    for p in (ROOT / "ontology" / "gazetteer.tsv", ROOT.parent / "shared" / "gazetteer-verified.tsv"):
        if p.exists():
            return {l.split("\t", 1)[0] for l in p.read_text(encoding="utf-8").splitlines()[1:]}
    return set()


def check(folder: Path, ids: set[str]) -> None:
    load_gold(folder)  # the format
    golds = sorted(folder.glob("*.json"))
    texts = {p.stem for p in (folder / "articles").glob("*.txt")}
    assert {p.stem for p in golds} == texts, f"{folder}: gold files and articles differ: " \
        f"{sorted({p.stem for p in golds} ^ texts)}"
    for path in golds:
        g = json.loads(path.read_text(encoding="utf-8"))
        raw = (folder / "articles" / f"{path.stem}.txt").read_text(encoding="utf-8")
        m = re.match(r"\s*date (\d{4}-\d{2}-\d{2})\s*", raw)
        text, date = (raw[m.end():], m.group(1)) if m else (raw, None)
        assert g["doc_id"] == path.stem and g["article_date"] == date, f"{path}: doc_id or article_date"
        listed = {e["label"]: e["wikidata"] for e in g["entities"]}
        assert len(listed) == len(g["entities"]), f"{path.name}: an entity is listed twice"

        def has(label, qid, where):
            if label is not None:
                assert label in listed, f"{path.name} {where}: {label!r} not among the entities"
                assert listed[label] == qid, f"{path.name} {where}: {label!r} has another ID"

        for r in g["roles"]:
            has(r["person"], r["person_wikidata"], "role")
            has(r.get("org"), r.get("org_wikidata"), "role org")
        for s in g["stances"]:
            has(s["holder"], s.get("holder_wikidata"), "stance")
            if s["topic"] not in TOPICS:
                assert g.get("open_topics"), f"{path.name}: open topic {s['topic']!r} needs \"open_topics\": true"
                terms = s.get("topic_terms")
                assert terms and all(isinstance(t, str) and t == t.lower() and t.strip() for t in terms), \
                    f"{path.name}: open topic {s['topic']!r} needs topic_terms (lower-case words)"
            assert s["evidence"] in text, f"{path.name}: evidence not in text: {s['evidence']!r}"
        for e in g["events"]:
            assert {e["type"], *e.get("alt_types", [])} <= EVENT_TYPES, e
            assert len(e["participants"]) == len(e["participants_wikidata"]), e
            for n, q in zip(e["participants"], e["participants_wikidata"]):
                has(n, q, "event participant")
            has(e.get("place"), e.get("place_wikidata"), "event place")
            assert e["evidence"] in text, f"{path.name}: event evidence not in text: {e['evidence']!r}"
        for q in g["quotes"]:
            has(q["speaker"], q.get("speaker_wikidata"), "quote")
            assert q["quote_start"] in text, f"{path.name}: quote not in text: {q['quote_start']!r}"
        if ids:
            bad = {q for q in listed.values() if q} - ids
            assert not bad, f"{path.name}: IDs not in the verified gazetteer: {sorted(bad)}"
        words = len(text.split())
        counts = {k: len(g[k]) for k in ("entities", "roles", "stances", "events", "quotes")}
        print(f"{path.stem} ({date}, {words} words): {counts}")


def main(argv: list[str]) -> int:
    ids = verified_ids()
    for folder in argv or [str(Path(__file__).parent / "dev")]:
        check(Path(folder), ids)
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
