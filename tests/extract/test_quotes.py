"""Quotations and who said them."""
import datetime

import pytest

from kg.extract import extract_document
from kg.nlp.pipeline import load_pipeline
from kg.sources import Document


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def quotes_of(nlp, text):
    facts = extract_document(Document("t", text, "t.txt", date=datetime.date(2025, 4, 4)), nlp(text))
    return [(q.speaker, q.quote.text.rstrip(",. ")) for q in facts.quotes]


def test_quote_then_speaker_and_verb(nlp):
    assert quotes_of(nlp, '"We will never accept this," Zelensky said.') == [("Q3874799", "We will never accept this")]


def test_inverted_said_putin(nlp):
    assert quotes_of(nlp, '"We are ready for talks," said Putin.') == [("Q7747", "We are ready for talks")]


def test_pronoun_speaker_is_the_nearest_person(nlp):
    text = 'Zelensky spoke to reporters in Kyiv. "We will not give up," he added.'
    assert quotes_of(nlp, text) == [("Q3874799", "We will not give up")]


def test_quote_span_excludes_the_marks(nlp):
    text = '"We will never accept this," Zelensky said.'
    facts = extract_document(Document("t", text, "t.txt"), nlp(text))
    (quote,) = facts.quotes
    assert text[quote.quote.start:quote.quote.end] == quote.quote.text
    assert '"' not in quote.quote.text
