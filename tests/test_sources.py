"""kg.sources on real files: the sample corpus, every kind of bad input, metadata, formats, ids."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from kg.sources import Document, SourceError, iter_documents

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sources"
INGEST = Path(__file__).resolve().parent / "data" / "ingest"
SITE = Path(__file__).resolve().parent / "ingest" / "site"


def read(*paths, **kwargs) -> list[Document | SourceError]:
    return list(iter_documents(list(paths), **kwargs))


def only_doc(path, **kwargs) -> Document:
    (item,) = read(path, **kwargs)
    assert isinstance(item, Document), str(item)
    return item


def only_error(path, **kwargs) -> SourceError:
    (item,) = read(path, **kwargs)
    assert isinstance(item, SourceError), item
    return item


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --- the sample corpus ---------------------------------------------------------------

def test_sample_corpus_ids_dates_and_text():
    docs = read(SAMPLES)
    assert all(isinstance(d, Document) for d in docs)
    by_id = {d.doc_id: d for d in docs}
    assert list(by_id) == ["000_060a9d78343a8748", "001_4c93e50e0314398b", "002_194b2d9dfd68f7ca",
                           "003_1d04963006b6ea85", "004_3582286007b5076d"]
    assert by_id["000_060a9d78343a8748"].date == date(2025, 4, 4)
    assert by_id["000_060a9d78343a8748"].text.startswith("Ukrainian President Volodymyr Zelensky continues")
    assert by_id["004_3582286007b5076d"].date == date(2025, 12, 15)
    assert by_id["004_3582286007b5076d"].text.startswith("Ukrainian President Volodymyr Zelensky has dropped")
    for doc_id in ("001_4c93e50e0314398b", "002_194b2d9dfd68f7ca", "003_1d04963006b6ea85"):
        assert by_id[doc_id].date is None
    assert by_id["003_1d04963006b6ea85"].text.startswith(
        "NATO leader dismisses Ukrainian membership as part of peace agreement\n\nKiev")
    # a first line that reads as a headline is the title (and stays in the text: offsets never move)
    assert by_id["001_4c93e50e0314398b"].title == (
        "Zelensky: While Ukraine remains beyond NATO, appropriate security guarantees important")
    assert by_id["003_1d04963006b6ea85"].title == "NATO leader dismisses Ukrainian membership as part of peace agreement"
    for doc_id in ("000_060a9d78343a8748", "002_194b2d9dfd68f7ca", "004_3582286007b5076d"):
        assert by_id[doc_id].title is None     # their first line is a sentence
    for doc in docs:
        assert doc.file == f"{doc.doc_id}.txt"
        assert doc.publisher is None and doc.url is None
        assert doc.text == doc.text.strip() and "date 20" not in doc.text[:20]
        assert "\r" not in doc.text
        assert doc.metadata == {}


def test_sample_text_is_the_file_minus_the_date_prefix():
    raw = (SAMPLES / "000_060a9d78343a8748.txt").read_text(encoding="utf-8")
    doc = only_doc(SAMPLES / "000_060a9d78343a8748.txt")
    assert raw.startswith(" date 2025-04-04 ")
    assert doc.text == raw[len(" date 2025-04-04 "):].strip()


def test_content_hash_tracks_what_extraction_sees():
    doc = only_doc(SAMPLES / "001_4c93e50e0314398b.txt")
    again = only_doc(SAMPLES / "001_4c93e50e0314398b.txt")
    assert doc.content_hash == again.content_hash and len(doc.content_hash) == 64
    again.date = date(2025, 1, 1)
    assert again.content_hash != doc.content_hash


# --- date line -------------------------------------------------------------------------

@pytest.mark.parametrize("content, text, day", [
    (" date 2025-04-04 Zelensky spoke.\nSecond line.", "Zelensky spoke.\nSecond line.", date(2025, 4, 4)),
    ("date 2025-04-04\n\nZelensky spoke.", "Zelensky spoke.", date(2025, 4, 4)),
    ("\ufeffdate 2025-04-04\r\nZelensky spoke.\r\nMore.\r\n", "Zelensky spoke.\nMore.", date(2025, 4, 4)),
    ("Zelensky spoke on date 2025-04-04.", "Zelensky spoke on date 2025-04-04.", None),
    ("date 2025-04-045 is not a date line", "date 2025-04-045 is not a date line", None),
    ("\ufeff  Plain article.\r\nOld Mac line\rend  \n", "Plain article.\nOld Mac line\nend", None),
])
def test_date_line(tmp_path, content, text, day):
    doc = only_doc(write(tmp_path / "a.txt", content))
    assert (doc.text, doc.date) == (text, day)
    assert "warnings" not in doc.metadata


def test_impossible_date_line_is_kept_with_a_warning(tmp_path):
    doc = only_doc(write(tmp_path / "a.txt", "date 2025-13-45 Zelensky spoke."))
    assert doc.date is None
    assert doc.text == "date 2025-13-45 Zelensky spoke."
    assert doc.metadata["warnings"] == ["date line '2025-13-45' is not a real date; left in the text"]


def test_date_line_and_nothing_else_is_an_error(tmp_path):
    path = write(tmp_path / "a.txt", " date 2025-04-04 \n\n")
    assert str(only_error(path)) == f"{path}: no article text after the date line"


def test_date_line_only_applies_to_plain_text(tmp_path):
    doc = only_doc(write(tmp_path / "a.md", "date 2025-04-04 words"))
    assert (doc.text, doc.date) == ("date 2025-04-04 words", None)


# --- bad input ---------------------------------------------------------------------------

@pytest.mark.parametrize("name, content, problem", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\t\r\n  ", "empty file"),
    ("bom-only.md", b"\xef\xbb\xbf\n", "empty file"),
    ("binary.txt", b"PK\x03\x04\x00\x00binary", "binary file (NUL bytes), not a text article"),
    ("latin1.txt", "Zelensky in Kyiv: café".encode("latin-1"), "not UTF-8 text (invalid byte 0xe9 at offset 21)"),
    ("bom-latin1.txt", b"\xef\xbb\xbfab\xff", "not UTF-8 text (invalid byte 0xff at offset 5)"),
    ("utf16.txt", "Zelensky".encode("utf-16"), "UTF-16 text, not UTF-8 (save the file as UTF-8)"),
    ("scripts.html", b"<html><script>x()</script><nav>Menu</nav></html>",
     "no readable text in the HTML (after dropping scripts, navigation, header and footer)"),
    ("empty.jsonl", b"\n\n  \n", "empty file"),
    ("binary.jsonl", b'{"text": "a"}\n\x00\x01', "binary file (NUL bytes), not JSON Lines"),
])
def test_bad_files_give_one_clear_line(tmp_path, name, content, problem):
    path = write(tmp_path / name, content)
    error = only_error(path)
    assert str(error) == f"{path}: {problem}"
    assert (error.path, error.problem, error.line) == (str(path), problem, None)


def test_oversized_file_is_refused_before_reading(tmp_path):
    path = write(tmp_path / "big.txt", "x" * 250)
    assert str(only_error(path, max_bytes=100)) == (
        f"{path}: file is 250 bytes, over the 100 bytes limit (setting max_article_bytes)")
    assert only_doc(path, max_bytes=250).text == "x" * 250


def test_oversized_message_in_megabytes(tmp_path):
    path = write(tmp_path / "big.txt", b"y" * 5_200_000)
    assert only_error(path).problem == "file is 5.2 MB, over the 2.0 MB limit (setting max_article_bytes)"
    path.write_bytes(b"y" * 2_000_001)
    assert only_error(path).problem == (
        "file is 2,000,001 bytes, over the 2,000,000-byte limit (setting max_article_bytes)")


def test_missing_and_unsupported_paths(tmp_path):
    missing, pdf = tmp_path / "nope.txt", write(tmp_path / "a.pdf", b"%PDF")
    catalogue = write(tmp_path / "catalogue.jsonl", '{"file": "a.txt"}\n')
    assert [str(e) for e in read(missing, pdf, catalogue, tmp_path / "empty")] == [
        f"{missing}: no such file or directory",
        f"{pdf}: unsupported file type '.pdf'; articles are .txt, .md, .html, .htm, .jsonl, .warc, .warc.gz",
        f"{catalogue}: this is a metadata catalogue, not articles; pass the directory (or the article files) instead",
        f"{tmp_path / 'empty'}: no such file or directory",
    ]
    (tmp_path / "empty").mkdir()
    write(tmp_path / "empty" / "notes.pdf", b"%PDF")
    assert str(only_error(tmp_path / "empty")) == (
        f"{tmp_path / 'empty'}: no articles in this directory (looked for .txt, .md, .html, .htm, .jsonl, .warc, .warc.gz)")


def test_one_bad_file_does_not_stop_the_rest(tmp_path):
    write(tmp_path / "a.txt", "First.")
    write(tmp_path / "b.txt", b"\x00\x00")
    write(tmp_path / "c.txt", "")
    write(tmp_path / "d.txt", "Last.")
    items = read(tmp_path)
    assert [(type(i).__name__, i.doc_id if isinstance(i, Document) else i.problem) for i in items] == [
        ("Document", "a"),
        ("SourceError", "binary file (NUL bytes), not a text article"),
        ("SourceError", "empty file"),
        ("Document", "d"),
    ]


# --- JSON Lines ----------------------------------------------------------------------------

def test_jsonl_bad_lines_are_reported_and_the_rest_come_through(tmp_path):
    path = write(tmp_path / "feed.jsonl", "\n".join([
        '{"text": "One.", "title": "First", "date": "2025-02-03", "lang": "en"}',
        '',
        'not json',
        '["a list"]',
        '{"title": "no text"}',
        '{"text": "   "}',
        '{"text": 42}',
        '{"text": "Two.\\r\\nLines.", "id": "Reuters/2025 Årticle #7"}',
        '{"text": "Three.", "id": 12}',
    ]) + "\n")
    items = read(path)
    assert [str(i) if isinstance(i, SourceError) else i.doc_id for i in items] == [
        "feed-1",
        f"{path}:3: not valid JSON (Expecting value at column 1)",
        f"{path}:4: not a JSON object (got list)",
        f'{path}:5: no article text (needs a non-empty string "text")',
        f'{path}:6: no article text (needs a non-empty string "text")',
        f'{path}:7: no article text (needs a non-empty string "text")',
        "Reuters_2025_Article_7",
        "12",
    ]
    first, second = items[0], items[6]
    assert (first.text, first.title, first.date, first.metadata, first.file, first.line) == (
        "One.", "First", date(2025, 2, 3), {"lang": "en"}, "feed.jsonl", 1)
    assert (second.text, second.line) == ("Two.\nLines.", 8)
    assert items[1].line == 3


def test_jsonl_limit_is_per_record_not_per_file(tmp_path):
    long_text = "z" * 300
    path = write(tmp_path / "feed.jsonl",
                 f'{{"text": "short"}}\n{{"text": "{long_text}"}}\n{{"text": "after"}}\n')
    items = read(path, max_bytes=100)
    assert isinstance(items[0], Document) and items[0].text == "short"
    assert str(items[1]) == f"{path}:2: record is 312 bytes, over the 100 bytes limit (setting max_article_bytes)"
    assert isinstance(items[2], Document) and (items[2].text, items[2].doc_id) == ("after", "feed-3")
    exact = '{"text": "%s"}' % ("w" * 88)   # 100 bytes
    path.write_text(f"{exact}\r\n{exact[:-2]}w\"}}\n", encoding="utf-8")
    items = read(path, max_bytes=100)
    assert isinstance(items[0], Document) and items[0].text == "w" * 88
    assert items[1].problem == "record is 101 bytes, over the 100 bytes limit (setting max_article_bytes)"
    path.write_text("\n" + "{}" * 100, encoding="utf-8")
    assert [str(i) for i in read(path, max_bytes=100)] == [
        f"{path}:2: record is 200 bytes, over the 100 bytes limit (setting max_article_bytes)"]


def test_jsonl_bad_utf8_line(tmp_path):
    path = write(tmp_path / "feed.jsonl", b'{"text": "ok"}\n{"text": "caf\xe9"}\n')
    items = read(path)
    assert items[0].text == "ok"
    assert str(items[1]) == f"{path}:2: not UTF-8 text (invalid byte 0xe9 at offset 28)"


def test_jsonl_record_keys_win_over_sidecar_and_catalogue(tmp_path):
    write(tmp_path / "catalogue.csv", "file,publisher,section\nfeed.jsonl,Catalogue Press,world\n")
    write(tmp_path / "feed.jsonl.meta.json", '{"publisher": "Sidecar Press", "title": "Feed"}')
    write(tmp_path / "feed.jsonl", '{"text": "A."}\n{"text": "B.", "publisher": "Own Press"}\n')
    a, b = read(tmp_path)
    assert (a.publisher, a.title, a.metadata) == ("Sidecar Press", "Feed", {"section": "world"})
    assert (b.publisher, b.title) == ("Own Press", "Feed")


# --- metadata -------------------------------------------------------------------------------

def test_fixture_corpus(tmp_path):
    items = read(INGEST)
    shown = [str(i) if isinstance(i, SourceError) else (i.doc_id, i.file) for i in items]
    assert shown == [
        ("dated", "dated.txt"),
        ("feed-1", "feed.jsonl"),
        f"{INGEST / 'feed.jsonl'}:2: not valid JSON (Expecting value at column 35)",
        ("reuters_2025_Article_7", "feed.jsonl"),
        ("notes", "notes.md"),
        ("page", "page.html"),
        ("sub__dated", "dated.txt"),
    ]
    dated = items[0]
    assert dated.text == "Macron hosted talks in Paris."
    assert (dated.title, dated.publisher, dated.url) == ("Paris talks", "Example Wire", "https://example.org/paris")
    assert dated.date == date(2025, 1, 1)   # the catalogue's date beats the date line
    assert dated.metadata == {"section": "world", "warnings": [
        "date line says 2025-04-04 but the metadata says 2025-01-01; using the metadata"]}
    page = items[5]
    assert (page.title, page.publisher, page.date, page.url) == (
        "Catalogue title for the page", "Catalogue Press", date(2025, 5, 6), "https://example.org/kyiv")
    assert page.metadata == {"author": "J. Doe", "language": "en"}
    sub = items[6]
    assert (sub.text, sub.date, sub.title, sub.path) == (
        "Scholz visited Warsaw.", None, None, str(INGEST / "sub" / "dated.txt"))


def test_sidecar_beats_catalogue_field_by_field(tmp_path):
    write(tmp_path / "a.txt", "Text.")
    write(tmp_path / "catalogue.csv", "file,title,publisher,date\na.txt,Cat title,Cat Press,2025-01-02\n")
    write(tmp_path / "a.txt.meta.json", json.dumps({"title": "Side title", "tags": ["nato", "ukraine"]}))
    doc = only_doc(tmp_path)
    assert (doc.title, doc.publisher, doc.date) == ("Side title", "Cat Press", date(2025, 1, 2))
    assert doc.metadata == {"tags": ["nato", "ukraine"]}


def test_catalogue_jsonl(tmp_path):
    write(tmp_path / "a.txt", "Text A.")
    write(tmp_path / "b.txt", "Text B.")
    write(tmp_path / "catalogue.jsonl", '{"file": "a.txt", "title": "A", "date": "2024-02-29"}\n'
                                        '{"file": "./b.txt", "url": "http://example.org/b"}\n')
    a, b = read(tmp_path)
    assert (a.title, a.date, a.url) == ("A", date(2024, 2, 29), None)
    assert (b.title, b.url) == (None, "http://example.org/b")


def test_bad_metadata_is_a_warning_and_the_article_is_kept(tmp_path):
    write(tmp_path / "a.txt", "date 2025-04-04 Text.")
    write(tmp_path / "catalogue.csv", "file,title\na.txt,Cat title\n")
    sidecar = write(tmp_path / "a.txt.meta.json",
                    '{"date": "04/04/2025", "url": "not a url", "title": 7, "publisher": "P"}')
    doc = only_doc(tmp_path)
    assert (doc.text, doc.date, doc.title, doc.url, doc.publisher) == (
        "Text.", date(2025, 4, 4), "Cat title", None, "P")
    assert doc.metadata["warnings"] == [
        f"{sidecar}: date '04/04/2025' is not a YYYY-MM-DD date; ignored",
        f"{sidecar}: url 'not a url' is not an absolute http:// or https:// URL; ignored",
        f"{sidecar}: title must be a string, got 7; ignored",
    ]
    sidecar.write_text('{"title": "unterminated', encoding="utf-8")
    doc = only_doc(tmp_path)
    assert doc.title == "Cat title"
    assert doc.metadata["warnings"] == [
        f"{sidecar}: not valid JSON (Unterminated string starting at line 1 column 11); ignored"]
    sidecar.write_text('["a", "list"]', encoding="utf-8")
    assert only_doc(tmp_path).metadata["warnings"] == [f"{sidecar}: not a JSON object; ignored"]


def test_impossible_metadata_date(tmp_path):
    write(tmp_path / "a.txt", "Text.")
    sidecar = write(tmp_path / "a.txt.meta.json", '{"date": "2025-02-30"}')
    doc = only_doc(tmp_path / "a.txt")
    assert doc.date is None
    assert doc.metadata["warnings"] == [f"{sidecar}: date '2025-02-30' is not a YYYY-MM-DD date; ignored"]


def test_broken_catalogue_warns_articles_it_does_not_describe(tmp_path):
    write(tmp_path / "a.txt", "A.")
    write(tmp_path / "b.txt", "B.")
    catalogue = write(tmp_path / "catalogue.jsonl", '{"file": "a.txt", "title": "A"}\n{"file": "b.txt", "tit\n')
    a, b = read(tmp_path)
    assert (a.title, "warnings" in a.metadata) == ("A", False)
    assert b.metadata["warnings"] == [
        f"{catalogue}:2: not valid JSON (Unterminated string starting at column 19); line ignored"]
    catalogue.unlink()
    csv_catalogue = write(tmp_path / "catalogue.csv", "name,title\na.txt,A\n")
    a, _ = read(tmp_path)
    assert a.metadata["warnings"] == [f"{csv_catalogue}: no 'file' column (the article file name); ignored"]


# --- formats -------------------------------------------------------------------------------

def test_html_readable_text_only():
    page = only_doc(INGEST / "page.html")
    # the headline is the title, never the start of the text (it would run into the first sentence)
    assert page.title == "Catalogue title for the page"    # the catalogue's; the page's own is its <h1>
    assert "Rutte meets Zelensky" not in page.text
    assert page.text == (
        "NATO Secretary General Mark Rutte met Ukrainian President Volodymyr Zelensky in Kyiv on Tuesday.\n\n"
        "The two leaders discussed & agreed on air defence.\n\nTalks continue in May.")
    for boilerplate in ("tracking", "inline ad", "News Site", "World", "Subscribe", "unrelated", "Copyright"):
        assert boilerplate not in page.text


def test_html_main_fallback_and_short_pages(tmp_path):
    path = write(tmp_path / "p.htm", """<html><body><header><h1>Site name</h1></header>
        <div class="sidebar">Sidebar</div>
        <main><h1>Headline</h1><div>Para <i>one</i>.</div><ul><li>item a</li><li>item b</li></ul>
        </main></body></html>""")
    doc = only_doc(path)
    assert "Headline" not in doc.text and "Site name" not in doc.text and "Sidebar" not in doc.text
    assert doc.text.startswith("Para one.\n\n")
    write(tmp_path / "q.html", "<body><p>First paragraph</p><!-- a comment --><p>Second</p></body>")
    doc = only_doc(tmp_path / "q.html")
    assert (doc.title, doc.text) == (None, "First paragraph\n\nSecond")


def test_html_metadata_from_the_page(tmp_path):
    """The same extractor as fetched pages: JSON-LD and meta tags give author, publisher, date, canonical URL."""
    doc = only_doc(SITE / "news" / "jsonld.html")
    assert (doc.title, doc.publisher, doc.date) == ("Zelensky meets Macron in Paris", "The Evening Courier",
                                                    date(2025, 6, 2))
    assert doc.metadata == {"author": "Pierre Martin", "canonical_url": "http://courier.example/europe/zelensky-macron",
                            "language": "en-GB"}
    assert doc.text.startswith("Ukrainian President Volodymyr Zelensky met French President Emmanuel Macron")
    assert only_doc(SITE / "news" / "meta-only.html").date == date(2025, 3, 14)
    sidecar = write(tmp_path / "a.html.meta.json", '{"date": "2025-03-15", "publisher": "Wire"}')
    write(tmp_path / "a.html", (SITE / "news" / "meta-only.html").read_text())
    doc = only_doc(tmp_path / "a.html")
    assert (doc.date, doc.publisher) == (date(2025, 3, 15), "Wire")
    assert doc.metadata["warnings"] == ["page says 2025-03-14 but the metadata says 2025-03-15; using the metadata"]
    assert sidecar.exists()


@pytest.mark.parametrize("text, title", [
    ("Rutte urges allies to back Kyiv\n\nNATO Secretary General Mark Rutte said on Monday.", "Rutte urges allies to back Kyiv"),
    ("Rutte urged allies to back Kyiv.\n\nHe said so on Monday.", None),           # a sentence, not a headline
    ("Rutte urges allies\nto back Kyiv\n\nText.", None),                          # no blank line after line one
    ("Headline only", None),
    ("one\n\nlowercase first lines are not headlines", None),
    ("Is NATO ready?\n\nText follows.", None),
])
def test_plain_text_headline_becomes_the_title(tmp_path, text, title):
    doc = only_doc(write(tmp_path / "a.txt", text))
    assert doc.title == title and doc.text == text
    sidecar_title = only_doc(write(tmp_path / "b.txt", text), max_bytes=10_000)
    assert sidecar_title.title == title
    write(tmp_path / "c.txt.meta.json", '{"title": "From metadata"}')
    assert only_doc(write(tmp_path / "c.txt", text)).title == "From metadata"


def test_markdown_title_from_leading_heading(tmp_path):
    notes = only_doc(INGEST / "notes.md")
    assert notes.title == "Ukraine and NATO: a timeline"
    assert notes.text == "# Ukraine and NATO: a timeline\n\nUkraine applied to join **NATO** in September 2022."
    assert only_doc(write(tmp_path / "a.md", "## Sub heading\n\nText.")).title is None
    assert only_doc(write(tmp_path / "b.md", "Intro.\n# Later heading")).title is None
    assert only_doc(write(tmp_path / "c.md", "# Closed heading ##\nText")).title == "Closed heading"


# --- ids and walking -------------------------------------------------------------------------

def test_directory_order_recursion_and_skipped_files(tmp_path):
    for rel in ("b.txt", "a/z.md", "a/b/c.txt", "c.htm", ".hidden.txt", ".git/x.txt", "notes.pdf",
                "a.txt.meta.json", "catalogue.csv", "README", "A.TXT"):
        write(tmp_path / rel, "<p>text</p>" if rel.endswith("htm") else "text")
    docs = read(tmp_path)
    assert [(d.doc_id, d.file) for d in docs] == [
        ("A", "A.TXT"), ("a__b__c", "c.txt"), ("a__z", "z.md"), ("b", "b.txt"), ("c", "c.htm")]


def test_duplicate_stems_get_unique_stable_ids(tmp_path):
    one = write(tmp_path / "2024" / "x.txt", "One.")
    two = write(tmp_path / "2025 q1" / "x.txt", "Two.")
    three = write(tmp_path / "x.md", "Three.")
    four = write(tmp_path / "x.txt", "Four.")
    assert [d.doc_id for d in read(tmp_path)] == ["2024__x", "2025_q1__x", "x", "x_2"]
    assert read(tmp_path)[3].metadata["warnings"] == [f"doc_id 'x' is already used by {three}; this article is 'x_2'"]
    # files named one by one keep their bare stems; the clash is still resolved
    assert [d.doc_id for d in read(one, two)] == ["x", "x_2"]
    # the same file reached twice is read once
    assert [d.doc_id for d in read(four, tmp_path / "x.txt", tmp_path)] == [
        "x", "2024__x", "2025_q1__x", "x_2"]


def test_doc_ids_are_iri_safe(tmp_path):
    write(tmp_path / "Zürich report (final).txt", "Text.")
    write(tmp_path / "feed.jsonl", '{"id": "../..", "text": "dots"}\n{"id": "a b/c?d#e", "text": "t"}\n')
    docs = read(tmp_path)
    assert [d.doc_id for d in docs] == ["Zurich_report_final", "feed-1", "a_b_c_d_e"]
    assert docs[1].metadata["warnings"] == [
        f"{tmp_path / 'feed.jsonl'}:1: id '../..' has no usable characters; using 'feed-1'"]


def test_a_single_path_is_accepted(tmp_path):
    write(tmp_path / "a.txt", "A.")
    assert [d.doc_id for d in iter_documents(tmp_path)] == ["a"]
    assert [d.doc_id for d in iter_documents(str(tmp_path / "a.txt"))] == ["a"]


def test_reading_is_lazy(tmp_path):
    write(tmp_path / "a.txt", "A.")
    write(tmp_path / "b.txt", "B.")
    stream = iter_documents([tmp_path])
    assert next(stream).doc_id == "a"
    (tmp_path / "b.txt").write_text("B changed after the stream started.", encoding="utf-8")
    assert next(stream).text == "B changed after the stream started."


@pytest.mark.parametrize("url", ["javascript://%0Adocument.title='x'", "JavaScript://%0Aalert(1)",
                                 "data://text/html,<script>alert(1)</script>", "vbscript://x", "ftp://example.org/a"])
def test_only_http_urls_are_kept(tmp_path, url):
    write(tmp_path / "a.txt", "Text.")
    sidecar = write(tmp_path / "a.txt.meta.json", json.dumps({"url": url}))
    doc = only_doc(tmp_path)
    assert doc.url is None
    assert doc.metadata["warnings"] == [f"{sidecar}: url {url!r} is not an absolute http:// or https:// URL; ignored"]
