"""The dev and locked test corpora stay well-formed: every gold file pairs with its article,
names only listed entities, quotes exact substrings and uses only verified Wikidata IDs."""
from pathlib import Path

import pytest

from tests.gold import check_gold

GOLD = Path(__file__).parent / "gold"


@pytest.mark.parametrize("part,minimum", [("dev", 20), ("test", 15)])
def test_corpus_part_is_consistent(part, minimum, capsys):
    folder = GOLD / part
    check_gold.check(folder, check_gold.verified_ids())
    assert len(list(folder.glob("*.json"))) >= minimum
    assert "open_topics" in (folder / next(iter(sorted(p.name for p in folder.glob("*.json"))))).read_text()


def test_a_broken_gold_file_is_reported(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "x.txt").write_text("date 2025-01-02\\nHeadline\\n\\nText.", encoding="utf-8")
    (tmp_path / "x.json").write_text('{"doc_id": "x", "article_date": "2025-01-02", "entities": [], "roles": [], '
                                     '"stances": [{"holder": "Nobody", "topic": "tariffs", "polarity": "support"}], '
                                     '"events": [], "quotes": []}', encoding="utf-8")
    with pytest.raises(AssertionError, match="not among the entities"):
        check_gold.check(tmp_path, set())
