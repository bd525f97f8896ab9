"""Copies: canonical URLs, SimHash of near-identical texts, and the Deduplicator over a stream."""
from __future__ import annotations

from kg.ingest.dedup import MAX_DISTANCE, Deduplicator, canonical_url, hamming, simhash
from kg.sources import Document

WIRE = ("BUDAPEST (Wire) - Hungarian Prime Minister Viktor Orban said on Wednesday that Hungary opposes "
        "Ukraine's membership of NATO and would block any invitation at the alliance's next summit. "
        "\"Ukraine in NATO would mean war with Russia,\" Orban told state radio in his weekly interview, "
        "repeating a position he has held since the start of the war. NATO Secretary General Mark Rutte said "
        "the door to the alliance remained open, but that any decision on membership needed the agreement of "
        "all members, including Hungary.")
OTHER = ("Turkish President Recep Tayyip Erdogan said on Friday that Turkey was ready to host new peace talks "
         "between Russia and Ukraine in Istanbul, as it did in the spring of 2022. Erdogan spoke to reporters in "
         "Ankara after Friday prayers and said that both sides had been told of the offer, which the Kremlin "
         "welcomed while Kyiv said it would study it with its allies before giving an answer next week.")


def doc(doc_id: str, text: str, url: str | None = "https://a.example/x", **meta) -> Document:
    d = Document(doc_id=doc_id, text=text, file=f"{doc_id}.html", url=url)
    d.metadata.update(meta)
    return d


def test_canonical_url_drops_what_does_not_name_the_article():
    assert canonical_url("HTTPS://News.Example:443/World/story/?utm_source=x&id=7&fbclid=abc#comments") == \
        "https://news.example/World/story?id=7"
    assert canonical_url("http://news.example:8080/a") == "http://news.example:8080/a"
    assert canonical_url("http://news.example") == "http://news.example/"


def test_simhash_near_copies_are_close_and_different_articles_far():
    republished = WIRE.replace("BUDAPEST (Wire) - ", "BUDAPEST, June 4 (Wire) — ")
    assert hamming(simhash(WIRE), simhash(WIRE)) == 0
    assert hamming(simhash(WIRE), simhash(republished)) <= MAX_DISTANCE
    assert hamming(simhash(WIRE), simhash(OTHER)) > 10


def test_copies_in_one_stream_point_at_the_first():
    dedup = Deduplicator()
    a, b, c = doc("a", WIRE, "https://a.example/orban"), doc("b", WIRE + " Fico agreed.", "https://b.example/x"), \
        doc("c", OTHER, "https://c.example/erdogan")
    assert [dedup.classify(d) for d in (a, b, c)] == [None, "a", None]
    assert b.metadata["copy_of"] == "a" and "copy_of" not in a.metadata
    assert len(a.metadata["text_fingerprint"]) == 16


def test_same_canonical_url_is_a_copy_even_with_other_text():
    dedup = Deduplicator()
    first = doc("a", "Short text.", "https://a.example/x", canonical_url="https://news.example/story")
    second = doc("b", "Other short text.", "https://mirror.example/y", canonical_url="https://news.example/story/")
    assert dedup.classify(first) is None and dedup.classify(second) == "a"


def test_rebuilding_the_same_document_is_not_a_copy_of_itself():
    dedup = Deduplicator([("a", "https://a.example/x", f"{simhash(WIRE):016x}")])
    assert dedup.classify(doc("a", WIRE, "https://a.example/x")) is None
    assert dedup.classify(doc("b", WIRE, "https://b.example/z")) == "a"     # known from the store


def test_local_files_without_url_and_short_texts_are_never_compared_by_text():
    dedup = Deduplicator()
    assert dedup.classify(doc("a", WIRE, url=None)) is None
    assert dedup.classify(doc("b", WIRE, url=None)) is None
    assert dedup.classify(doc("c", "Kyiv said no.", "https://c.example/1")) is None
    assert dedup.classify(doc("d", "Kyiv said no.", "https://d.example/2")) is None


def test_no_two_articles_of_the_corpora_are_taken_for_copies():
    """53 different articles, most on one subject (Ukraine and NATO): none is a copy of another."""
    from pathlib import Path
    root = Path(__file__).resolve().parents[2]
    files = sorted([*root.glob("sources/*.txt"), *root.glob("tests/gold/*/articles/*.txt")])
    assert len(files) >= 50
    dedup = Deduplicator()
    copies = {f.name: dedup.classify(doc(f.stem, f.read_text(encoding="utf-8"), f"https://corpus.example/{f.stem}"))
              for f in files}
    assert {name: original for name, original in copies.items() if original} == {}


def test_a_malformed_url_is_compared_as_written():
    assert canonical_url("http://news.example:port/a") == "http://news.example:port/a"
    assert canonical_url("http://[::1/a") == "http://[::1/a"
