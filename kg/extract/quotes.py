"""Quotes: direct quotations attributed to their speaker, as statements.

Attribution follows the parse: the subject of a speech verb (ontology/cues.tsv) outside the
quotation in the same or the adjacent sentence ('"…," Duarte said', 'said Duarte',
'he noted', 'according to him'); a pronoun or description resolves through the document
context; a quotation with no verb of its own continues the previous speaker's quote in the
same paragraph.
"""
from __future__ import annotations

import re

from spacy.tokens import Token

from ..facts import DocumentFacts, QuoteFact, Span
from .context import DocContext

# double quotes (curly or straight), guillemets, and single quotes used as quotation marks
# (an apostrophe inside a word, "don’t", does not close them); the low opening mark of German,
# Polish or Czech copy („…“, „…”) and the Nordic closing-mark pair (”…”)
_QUOTE_RE = re.compile(
    r"“([^”\n]{2,}?)”|\"([^\"\n]{2,}?)\"|«\s?([^»\n]{2,}?)\s?»"
    r"|(?<![\w‘’'])‘((?:[^’\n]|’(?=\w))+?)’(?![\w])|(?<![\w'‘’])'((?:[^'\n]|'(?=\w))+?)'(?![\w])"
    r"|„([^“”\n]{2,}?)[“”]|(?<![\w”])”(?=\S)([^”\n]{2,}?)”")
_GROUPS = _QUOTE_RE.groups
MIN_WORDS = 4


_OPENING = "“\"«„"


def _runs_on(text: str, paragraphs: list[tuple[int, int]], quoted: list[Span]) -> list[Span]:
    """Quotations that run on into the next paragraph, the way the press prints them: the
    paragraph opens a quotation it never closes, and the next paragraph opens again
    ('"We will not give up our land.' / '"Any plan that rewards …," she said.')."""
    out = []
    for n, (start, end) in enumerate(paragraphs[:-1]):
        body = text[start:end]
        nxt = text[paragraphs[n + 1][0]:paragraphs[n + 1][1]].lstrip()
        if not nxt or nxt[0] not in _OPENING:
            continue
        if "„" in body:                  # „…“: the curly mark closes, a low one opens
            if body.count("„") <= body.count("“") + body.count("”"):
                continue
            mark = start + body.rfind("„")
        elif body.count("“") > body.count("”"):
            mark = start + body.rfind("“")
        elif body.count('"') % 2 == 1:
            mark = start + body.rfind('"')
        elif body.count("«") > body.count("»"):
            mark = start + body.rfind("«")
        else:
            continue
        if any(q.start <= mark < q.end for q in quoted):
            continue
        inner = text[mark + 1:end].rstrip()
        lead = len(inner) - len(inner.lstrip())
        if len(inner.split()) >= 2:
            out.append(Span(mark + 1 + lead, mark + 1 + len(inner), inner.strip()))
    return out


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line of the text."""
    out, start = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((start, start + len(line)))
        start += len(line) + 1
    return out


def find_quotations(text: str) -> list[Span]:
    """Inner spans of quoted passages ("…", “…”, «…», ‘…’, '…', „…“, ”…”), one paragraph at most; a
    quotation left open at a paragraph's end runs to that end when the next paragraph goes on
    with it."""
    out = []
    for m in _QUOTE_RE.finditer(text):
        group = next(g for g in range(1, _GROUPS + 1) if m.group(g) is not None)
        out.append(Span(m.start(group), m.end(group), m.group(group)))
    out.extend(_runs_on(text, _paragraphs(text), out))
    return sorted(out, key=lambda q: q.start)


def _next_paragraph_speaker(text: str, fact: QuoteFact, quotes: list[QuoteFact]) -> str | None:
    """The speaker of a quotation that runs on into the next paragraph is the one named there."""
    end = fact.quote.end
    if text[end:end + 1] not in ("\n", ""):
        return None
    for later in quotes:
        if later.quote.start > end and not text[end:later.quote.start].strip(" \n" + _OPENING):
            return later.speaker
    return None


def _introduced_above(ctx: DocContext, text: str, para_start: int, q: Span) -> tuple[str | None, Token | None]:
    """A quotation that makes up its paragraph, after a paragraph that ends with a colon ("The
    minister wrote on X:"): the speaker of that paragraph's speech verb."""
    above = text[:para_start].rstrip()
    if not above.endswith(":"):
        return None, None
    start = above.rfind("\n") + 1
    tokens = [t for s in ctx.doc.sents if start <= s.start_char < len(above) for t in s]
    for verb in reversed(_speech_verbs(ctx, tokens, (q.start, q.end))):
        speaker = _speaker(ctx, verb)
        if speaker is not None:
            return speaker, verb
    return None, None


def _labelled(ctx: DocContext, para_start: int, q: Span) -> str | None:
    """The speaker a quotation is labelled with, the way live blogs and headlines print it: a
    name (and where it was said) then a colon, with no verb in between."""
    before = list(ctx.doc.char_span(para_start, q.start, alignment_mode="contract") or [])
    while before and before[-1].text in _OPENING:
        before = before[:-1]
    if before and before[-1].text != ":":
        # "15:25 - Makki on X: he tried … and "could not carry …"": the entry's label governs it
        colons = [n for n, t in enumerate(before) if t.text == ":" and not (n and before[n - 1].like_num)]
        before = before[:colons[0] + 1] if colons else []
    if not before or before[-1].text != ":":
        return None
    words = []
    for t in reversed(before[:-1]):
        if t.text in (".", "!", "?", "-", "–", "—") or t.like_num or t.is_space:
            break           # the start of the entry, after its timestamp
        words.insert(0, t)
    if not words or len(words) > 8 or any(t.pos_ in ("VERB", "AUX") for t in words):
        return None
    for t in words:
        key = ctx.index.key_at(t.i)
        if key is not None and _can_speak(ctx, key):
            return key
        if key is None and t.pos_ in ("NOUN", "PROPN") and (found := ctx.entity_key(t)) and _can_speak(ctx, found):
            return found
    return None


def _colon_introduced(ctx: DocContext, text: str, para_start: int, q: Span) -> tuple[str | None, Token | None]:
    """A quotation after a colon that ends a clause with a verb ("Anutin signalled the decision
    with a post on Facebook: «…»", "Hasan drew the consequence in parliament: "…""): the subject
    of that clause's verb, when it can speak."""
    before = text[para_start:q.start].rstrip(" " + _OPENING)
    if not before.endswith(":"):
        return None, None
    colon = ctx.doc.char_span(para_start + len(before) - 1, para_start + len(before), alignment_mode="expand")
    if colon is None:
        return None, None
    sent = colon[0].sent
    clause = [t for t in ctx.doc[sent.start:colon[0].i] if t.idx >= para_start]
    verbs = [t for t in clause if t.pos_ in ("VERB", "AUX") and t.dep_ in ("ROOT", "conj", "ccomp")]
    for verb in reversed(verbs):
        speaker = _speaker(ctx, verb)
        if speaker is not None:
            return speaker, verb
    return None, None


def _said_before(ctx: DocContext, text: str, para_start: int, q: Span) -> tuple[str | None, Token | None]:
    """A quotation that opens its sentence with no attribution of its own, after a sentence of
    the same paragraph whose speech verb names the speaker ("Tusk answered on X. «…»")."""
    lead = text[para_start:q.start].rstrip(" " + _OPENING)
    if lead and not lead.endswith((".", "!", "?")):
        return None, None
    before = ctx.doc.char_span(para_start, q.start, alignment_mode="contract")   # not every sentence again
    previous = [s for s in before.sents if para_start <= s.start_char and s.end_char <= q.start] if before else []
    if not previous:
        return None, None
    # the sentence's main verb first ("Tusk answered …", not a clause inside it)
    for verb in sorted(_speech_verbs(ctx, previous[-1], (q.start, q.end)), key=lambda v: (v.dep_ != "ROOT", -v.i)):
        speaker = _speaker(ctx, verb)
        if speaker is not None:
            return speaker, verb
    return None, None


def _signed(ctx: DocContext, text: str, para_end: int, q: Span) -> str | None:
    """'"We will not give up our land": Zelensky' — a quotation, a colon and a name ending the line."""
    rest = text[q.end:para_end]
    stripped = rest.lstrip("”“\"»’' ")
    if not stripped.startswith(":"):
        return None
    start = q.end + (len(rest) - len(stripped)) + 1
    tokens = [t for t in ctx.doc.char_span(start, para_end, alignment_mode="contract") or [] if not t.is_space]
    if not tokens or len(tokens) > 6 or any(t.pos_ in ("VERB", "AUX") for t in tokens):
        return None
    keys = {ctx.index.key_at(t.i) for t in tokens} - {None}
    if len(keys) == 1:
        key = keys.pop()
        return key if _can_speak(ctx, key) else None
    return None


def _speech_verbs(ctx: DocContext, tokens, inside: tuple[int, int]) -> list[Token]:
    cues = ctx.cues
    found = []
    for tok in tokens:
        if inside[0] <= tok.idx < inside[1]:
            continue
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("VERB", "AUX") and (lemma in cues.speech or lemma in cues.evaluation_verbs):
            found.append(tok)
        elif tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
            found.append(tok)
        elif tok.lemma_.lower() == "make" and any(c.lower_ == "clear" for c in tok.children):
            found.append(tok)
        elif tok.lower_ == "words" and tok.head.lower_ == "in" and any(c.dep_ == "poss" for c in tok.children):
            found.append(tok)          # "in the diplomat's words, …"
    return found


def speaker_of(ctx: DocContext, verb: Token, metonyms: bool = True) -> str | None:
    """Who speaks through ``verb``: its subject, or the object of "according to".

    With ``metonyms`` a place or building stands for its government ("La Moneda said" is
    Chile's position); without, the speaker is named as written (a quote of La Moneda)."""
    if verb.lower_ == "according":
        for to in verb.children:
            if to.lower_ == "to":
                for obj in to.children:
                    if obj.dep_ == "pobj":
                        return ctx.entity_key(obj, want_person=False)
        return None
    # not nsubjpass: "X is said to…" is not X speaking. The parser sometimes gives a verb several
    # subjects ("Security Minister Itamar Ben-Gvir" split at its title and hyphen): the first that names someone
    if verb.lower_ == "words":
        owner = next(c for c in verb.children if c.dep_ == "poss")
        return ctx.entity_key(owner, want_person=not metonyms)
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and not c.is_punct]
    for n, child in enumerate(subjects):
        if child.lower_ == "it":
            return _organisation_before(ctx, child)
        if child.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
            child = verb.head          # "Duarte, who had called it …": the relative's antecedent
        if child.lemma_.lower() in ctx.cues.statement_nouns:
            # "the bloc's statement said": the statement speaks for its owner
            # "the Kremlin statement said": a named modifier is the owner too
            owner = next((c for c in child.children if c.dep_ == "poss"), None) or next(
                (c for c in child.children if c.dep_ == "compound" and ctx.index.key_at(c.i)), None)
            if owner is not None:
                return ctx.entity_key(owner, want_person=not metonyms) or ctx.describe(owner)
            issuer = _statement_issuer(ctx, child)
            if issuer is not None:       # "X said in a joint statement … «…», the statement said"
                return issuer
        if child.lemma_.lower() in ctx.cues.spokespeople and ctx.index.key_at(child.i) is None:
            # "a Reliance spokesperson said", "a spokesman for the ministry said": speaks for them,
            # unless the spokesperson is named ("the Kremlin spokesman, Dmitry Peskov, said");
            # "the spokesperson said" again: the one whose spokesperson was named before
            # ("the Kremlin spokesman told …" after "Kremlin spokesman Dmitry Peskov": Peskov again)
            voiced = _named_appositive(ctx, child) or _spokesperson_before(ctx, child, people_only=True, window=200) \
                or _voice_named_before(ctx, child) or _spoken_for(ctx, child) or _spokesperson_before(ctx, child)
            if voiced is not None:
                return voiced
        # "its leader, former president Igor Dodon, dismissed …": the person named in apposition
        named = _named_appositive(ctx, child) if child.pos_ == "NOUN" else None
        found = named or ctx.entity_key(child, want_person=not metonyms) or subject_entity(ctx, child) \
            or organisation_named_by_head(ctx, child)
        if found is not None or n == len(subjects) - 1:
            return found
    # "Kim was quoted as saying", "the Kremlin quoted the Russian leader as saying": the one quoted
    quoted = verb.head.head if verb.head.lower_ == "as" else verb.head
    if verb.head.i != verb.i and quoted.lemma_.lower() == "quote":
        passive = next((c for c in quoted.children if c.dep_ in ("nsubjpass", "dobj")), None)
        if passive is not None:
            return ctx.entity_key(passive, want_person=not metonyms) or subject_entity(ctx, passive)
    if verb.dep_ in ("conj", "acl") and verb.head.pos_ in ("PROPN", "NOUN") and verb.head.i < verb.i \
            and ctx.index.key_at(verb.head.i) is not None and (verb.dep_ == "conj" or verb.i - verb.head.i == 1 or (
                verb.tag_ == "VBG" and verb.i - verb.head.i == 2 and verb.doc[verb.i - 1].text == ",")):
        # "Trump on Oct. 19 called Petro …", "Tino Chrupalla called Merz …": the small parser hangs
        # the verb on its subject's name; "Kobakhidze, speaking at a briefing: «…»": the name the
        # participle is set after
        return ctx.entity_key(verb.head, want_person=not metonyms)
    for child in verb.children:
        # "Nduhungirehe called the agreement …" parsed with the name as an adverb of the verb
        if child.dep_ in ("advmod", "npadvmod", "dep") and child.pos_ == "PROPN" and child.i < verb.i \
                and (key := ctx.index.key_at(child.i)) is not None and ctx.index.entities[key].etype == "Person":
            return key
    # "rebuked Zelenskyy for saying …": the one rebuked for it said it
    if verb.dep_ == "pcomp" and verb.head.lower_ in ("for", "over", "after") and verb.head.head.pos_ == "VERB":
        told = next((c for c in verb.head.head.children if c.dep_ == "dobj"), None)
        key = ctx.entity_key(told, want_person=not metonyms) if told is not None else None
        if key is not None:
            return key
    # "…, the head of state noted": subject sometimes attaches to a conjunct or the head
    if verb.dep_ in ("conj", "advcl", "ccomp") and verb.head.i != verb.i:
        head = verb.head
        if verb.dep_ == "advcl" and verb.tag_ == "VBG" and head.dep_ == "ccomp" and head.head.i != head.i \
                and head.head.lemma_.lower() in ctx.cues.speech:
            # "announced that the government would rescind the levy, saying …": the parser hangs
            # the participle on the reported clause; the one who announced it is saying it
            head = head.head
        for child in head.children:
            if child.dep_ == "nsubj" and not child.is_punct:
                # "Deputy Trade Minister Ana Duarte was blunter, describing the move as …"
                return ctx.entity_key(child) or subject_entity(ctx, child)
    return None


def _named_appositive(ctx: DocContext, head: Token) -> str | None:
    """The person a description is in apposition with: "the Kremlin spokesman, Dmitry Peskov";
    also where the parser hung the name on the description's last noun ("a spokesperson for the
    Thai government, Jirayu Huangsap": a government is no person, so the name is the spokesperson's)."""
    last = [o for c in head.children if c.dep_ == "prep" and c.lower_ in ("for", "of", "at") and c.i > head.i
            for o in c.children if o.dep_ == "pobj"]
    for owner in (head, *last):
        for c in owner.children:
            if c.dep_ == "appos":
                key = ctx.index.key_at(c.i)
                if key is not None and ctx.index.entities[key].etype == "Person":
                    return key
    return None


def _spoken_for(ctx: DocContext, spokesperson: Token) -> str | None:
    """The organisation or country a spokesperson speaks for: named before the word ("a
    Reliance spokesperson", "the Kremlin's spokesman") or after it ("a spokesperson for X")."""
    named = [t for c in spokesperson.children if c.dep_ in ("compound", "poss", "nmod") for t in c.subtree]
    # "a spokesperson for X": X's own words, not a place inside its name ("the Embassy in Y")
    named += [t for c in spokesperson.children if c.dep_ == "prep" and c.lower_ in ("for", "of", "at")
              for o in c.children if o.dep_ == "pobj"
              for t in [o, *(x for x in o.children if x.dep_ in ("compound", "poss", "amod"))]]
    for t in named:
        key = ctx.index.key_at(t.i)
        if key is not None and ctx.index.entities[key].etype in ("Organization", "Country"):
            return key
    return None


def _statement_issuer(ctx: DocContext, statement: Token) -> str | None:
    """Who issued the statement "the statement said" refers to: the subject of the latest verb,
    in this sentence or the two before, that takes a statement ("said in a joint statement",
    "issued a statement"); an organisation or a country before a person."""
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in statement.children):
        return None
    lemma = statement.lemma_.lower()
    sents = list(statement.doc.sents)
    here = next(n for n, s in enumerate(sents) if s.start <= statement.i < s.end)
    for sent in reversed(sents[max(0, here - 2):here + 1]):
        for tok in reversed(list(sent)):
            if tok.i >= statement.i or tok.lemma_.lower() != lemma or tok.dep_ not in ("pobj", "dobj"):
                continue
            verb = tok.head.head if tok.dep_ == "pobj" else tok.head
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subj is None:
                continue
            keys = [k for t in [subj, *subj.conjuncts] if (k := ctx.entity_key(t, want_person=False))]
            if keys:
                orgs = [k for k in keys if (e := ctx.index.entity(k)) is not None and e.etype != "Person"]
                return (orgs or keys)[0]
    return None


def _spokesperson_before(ctx: DocContext, spokesperson: Token, people_only: bool = False,
                         window: int = 400) -> str | None:
    """"the spokesperson said" after "the spokesperson of the Chinese Embassy …" in the sentences
    before: the one that spokesperson speaks for; after "Kremlin spokesman Dmitry Peskov" or
    "the ministry's spokesman, Ana Duarte": that person. With ``people_only``, only a person named
    with the title ("the Kremlin spokesman" after "Kremlin spokesman Dmitry Peskov": Peskov again)."""
    if not any(c.lower_ in ("the", "this", "that") for c in spokesperson.children):
        return None
    for t in reversed(spokesperson.doc[max(0, spokesperson.i - window):spokesperson.i]):
        if t.lemma_.lower() == spokesperson.lemma_.lower():
            named = ctx.index.key_at(t.head.i) if t.dep_ == "compound" else None
            if named is not None and ctx.index.entities[named].etype == "Person":
                return named
            found = _named_appositive(ctx, t) or (None if people_only else _spoken_for(ctx, t))
            if found is not None:
                return found
    return None


def _voice_named_before(ctx: DocContext, spokesperson: Token) -> str | None:
    """"the Kremlin spokesman said" after "Presidential Press Secretary Dmitry Peskov told
    reporters": the person the document last named with a spokesperson's title, whatever its
    wording (ontology/roles.tsv: the roles that speak for a principal). Only "the"/"this" spokesperson."""
    if not any(c.lower_ in ("the", "this", "that") for c in spokesperson.children):
        return None
    for span, key in reversed(ctx.index.spans):
        if span.start >= spokesperson.i:
            continue
        if ctx.index.entities[key].etype == "Person" and any(
                role in ctx.gaz.voice_roles for role, _ in ctx.roles_of.get(key, [])):
            return key
    return None


def organisation_named_by_head(ctx: DocContext, head: Token, window: int = 2, paragraphs: bool = False) -> str | None:
    """"the ministry said", "the embassy said": the organisation named lately (this sentence or
    the ``window`` before) whose name has that word ("the commerce ministry" -> Ministry of Commerce),
    else the only one named so earlier in the document. Only a definite noun with no name of its own.
    A generic noun ("the party", "the group") is any organisation, within its paragraph unless
    ``paragraphs``."""
    if head.pos_ != "NOUN" or not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in head.children):
        return None
    if any(c.dep_ in ("poss", "compound") and ctx.index.key_at(c.i) for c in head.children):
        return None
    word = head.lemma_.lower()
    sents = list(head.doc.sents)
    here = next(n for n, s in enumerate(sents) if s.start <= head.i < s.end)
    start = sents[max(0, here - window)].start
    generic = word in ctx.cues.org_nouns     # "the company said", "the group said": any organisation
    if generic:
        # the organisation introduced with that word ("the opposition party Chadema", "the Likud party")
        doc = head.doc
        introduced = [key for span, key in ctx.index.spans if span.start < head.i
                      and span.start >= sents[max(0, here - 2 * window - 2)].start
                      and ctx.index.entities[key].etype == "Organization"
                      and ((span.start > 0 and doc[span.start - 1].lemma_.lower() == word)
                           or (span.end < len(doc) and doc[span.end].lemma_.lower() == word))]
        if introduced:
            return introduced[-1]
    for span, key in reversed(ctx.index.spans):
        if span.start >= head.i or span.start < start:
            continue
        entity = ctx.index.entities[key]
        if generic and not paragraphs and "\n" in head.doc.text[span.start_char:head.idx]:
            break          # a generic noun does not reach over a paragraph break
        if entity.etype == "Organization" and (generic or word in entity.label.lower().split()):
            return key
    if generic:
        return None
    # further back, the one organisation the document has named so ("Romania's defence ministry
    # said …" paragraphs before "the ministry said in a statement")
    named = {key for span, key in ctx.index.spans if span.start < start
             and ctx.index.entities[key].etype == "Organization" and word in ctx.index.entities[key].label.lower().split()}
    return named.pop() if len(named) == 1 else None


def _reports(outer: Token, inner: Token) -> bool:
    """``inner`` sits in what ``outer`` reports (its complement, not a clause coordinated with it)."""
    node = inner
    while node.i != outer.i:
        if node.dep_ == "conj" or node.head.i == node.i:
            return False
        node = node.head
    return True


def _is_person(ctx: DocContext, key: str | None) -> bool:
    entity = ctx.index.entity(key) if key is not None else None
    return entity is not None and entity.etype == "Person"


def _can_speak(ctx: DocContext, key: str) -> bool:
    entity = ctx.index.entity(key) or (ctx.gaz.entries[key].entity() if key in ctx.gaz.entries else None)
    return entity is None or entity.etype in ("Person", "Organization", "Country")


def _speaker(ctx: DocContext, verb: Token) -> str | None:
    """Who says the words of ``verb``, named as written, if it can speak: "Hallandale Beach
    said", "08:10 GMT said", "Lima has championed a "fisheries pact"": a place or a time speaks
    for no one."""
    speaker = speaker_of(ctx, verb, metonyms=False)
    return speaker if speaker is not None and _can_speak(ctx, speaker) else None


def _organisation_before(ctx: DocContext, it: Token) -> str | None:
    """"it said", "what it called": the organisation or country named last, in this sentence or
    the one before."""
    start = next((s.start for s in it.doc.sents if s.end == it.sent.start), it.sent.start)
    for tok in reversed(it.doc[start:it.i]):
        # "The office of Prime Minister X struck a cautious note. …, it said": X's office speaks for X
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.lemma_.lower() in ctx.cues.institutions:
            owner = subject_entity(ctx, tok)
            if owner is not None:
                return owner
    for span, key in reversed(ctx.index.spans):
        if span.start >= it.i:
            continue
        if span.start < start:
            break
        if ctx.index.entities[key].etype in ("Organization", "Country"):
            return key
    return None


def _governs(verb: Token, doc, q: Span, speech: set[str]) -> bool:
    """The quotation sits in the speech verb's own clause ("called it a “necessary thing”")."""
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None:
        return False
    if verb.dep_ == "parataxis" and (verb.head.i == span.root.i or any(verb.head.i == a.i for a in span.root.ancestors)):
        return True       # "Lima, he said, should "change course"": the aside attributes the clause
    return any(verb.i == a.i for a in span.root.ancestors) and \
        not any(t.pos_ == "VERB" and t.lemma_ in speech and t.i != verb.i and not _free_relative(t)
                for t in span.root.ancestors if verb.i in {x.i for x in t.ancestors})


def _free_relative(verb: Token) -> bool:
    """'what Zelensky had told parliament': a clause that names what is spoken of, not a speaker."""
    return any(c.lower_ == "what" and c.i < verb.i for c in verb.children)


def _right_after(verb: Token, doc, q: Span) -> bool:
    """The quotation follows the speech verb in its sentence with no other verb between
    ("Chrupalla called Merz «utterly without backbone»", where the parse lost the attachment)."""
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None or span.start <= verb.i or span.sent.start != verb.sent.start:
        return False
    return not any(t.pos_ in ("VERB", "AUX") for t in doc[verb.i + 1:span.start])


def _stance_governors(ctx: DocContext, doc, q: Span) -> list[Token]:
    """Stance verbs above the quotation in its sentence, nearest first."""
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None:
        return []
    cues = ctx.cues
    return [a for a in span.root.ancestors if a.pos_ == "VERB" and (
        a.lemma_.lower() in cues.stance_verbs or
        any(f"{a.lemma_.lower()} {c.lower_}" in cues.stance_verbs for c in a.children if c.dep_ in ("prep", "prt")))]


def _a_name(doc, q: Span) -> bool:
    """Every word of the quotation is a proper noun: a newspaper's, a programme's or a nickname."""
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    words = [t for t in span if t.is_alpha] if span is not None else []
    return bool(words) and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in words)


def _has_verb(doc, q: Span) -> bool:
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    return span is not None and any(t.pos_ in ("VERB", "AUX") for t in span)


def subject_entity(ctx: DocContext, head: Token) -> str | None:
    """An entity named inside a subject phrase: "Lind's special envoy, retired general Rui Costa",
    or the head of an institution: "Duarte's office" (ontology/cues.tsv, kind institution)."""
    if head.lemma_.lower() in ctx.cues.institutions:
        for child in head.children:     # "Duarte's office", "the office of Prime Minister Duarte"
            owner = child if child.dep_ == "poss" else next(
                (o for o in child.children if o.dep_ == "pobj"), None) if child.dep_ == "prep" and child.lower_ == "of" else None
            if owner is not None:
                # "the office of the Chairperson of the Commission, Mahmoud Ali Youssouf": the one named
                key = _named_appositive(ctx, owner) or ctx.entity_key(owner)
                if key:
                    return key
    for prep in head.children:      # "a report from Reuters claimed …"
        if prep.dep_ == "prep" and prep.lower_ in ("from", "by"):
            for obj in prep.children:
                key = ctx.index.key_at(obj.i) if obj.dep_ == "pobj" else None
                if key and ctx.index.entities[key].etype in ("Person", "Organization", "Country"):
                    return key
    # not inside a clause or an adjunct of the subject ("Mr X, who came first against Mrs Y, …")
    inside = [t for t in head.subtree if not any(a.dep_ in ("relcl", "acl", "advcl") and head.i != a.i
                                                 and head in a.ancestors for a in [t, *t.ancestors])]
    keys = [(ctx.index.key_at(t.i), t) for t in inside if ctx.index.key_at(t.i)]
    people = [k for k, t in keys if ctx.index.entities[k].etype == "Person" and t.dep_ not in ("poss",)
              and not any(a.dep_ == "poss" for a in [t])]
    appos = [k for k, t in keys if any(a.dep_ == "appos" for a in t.ancestors) or t.dep_ == "appos"]
    for candidates in (appos, people):
        if candidates:
            return candidates[-1]
    return None


def extract_quotes(ctx: DocContext, facts: DocumentFacts) -> None:
    doc, text = ctx.doc, ctx.document.text
    previous = None   # (end char, speaker, date) of the last attributed quote
    quotations = find_quotations(text)

    def outside_quotations(verbs: list[Token]) -> list[Token]:
        # the words of another quotation speak for no one here ('says the President "has conceded
        # nothing" … "a compromised Parliament"': not the President's words)
        return [v for v in verbs if not any(o.start <= v.idx < o.end for o in quotations)]

    for q in quotations:
        words = q.text.split()
        sents = [s for s in doc.sents if s.end_char > q.start - 1 and s.start_char < q.end + 1]
        if not sents:
            continue
        # attribution never crosses a paragraph break
        para_start = text.rfind("\n", 0, q.start) + 1
        para_end = text.find("\n", q.end)
        para_end = len(text) if para_end < 0 else para_end
        # the sentence right after a quote that ends a sentence often holds the attribution
        following = [s for s in doc.sents if q.end <= s.start_char < para_end and s.start_char - q.end <= 3][:1]
        in_para = [t for s in sents for t in s if para_start <= t.idx < para_end]
        verbs = outside_quotations(_speech_verbs(ctx, in_para, (q.start, q.end)))
        if not verbs and following:   # '"…." he said.' split into two sentences
            # '"…?" Spanish Agriculture Minister Luis Planas said': the verb after the speaker's
            # name and title, with no other verb before it
            # ('«…» Szijjártó replied that …' reports what follows the verb, not the quotation before)
            verbs = [v for v in outside_quotations(_speech_verbs(ctx, following[0], (q.start, q.end)))
                     if v.i - following[0].start <= 8 and v.idx < para_end
                     and not any(t.pos_ in ("VERB", "AUX") for t in following[0].doc[following[0].start:v.i])
                     and not any(c.dep_ == "ccomp" and c.i > v.i for c in v.children)]
        # 'X described what Y had told parliament as "…"': a named speaker's free relative under another
        # speaker's verb is what X speaks of (not 'what he called «…»', nor 'worth recalling what Y said')
        verbs = [v for v in verbs if not (_free_relative(v) and any(c.dep_ == "nsubj" and c.pos_ == "PROPN"
                                                                    for c in v.children)
                                          and any(o in v.ancestors and any(c.dep_ == "nsubj" for c in o.children)
                                                  for o in verbs))]
        # the verb whose clause holds the quotation first ('X described it as "…", and Y said'), then the nearest
        verbs.sort(key=lambda v: (not _governs(v, doc, q, ctx.cues.speech), min(abs(v.idx - q.start), abs(v.idx - q.end))))
        speaker, confidence, said, said_date = None, 0.0, None, None
        for verb in verbs:
            speaker = _speaker(ctx, verb)
            if speaker is not None:
                confidence, said = 0.9, verb
                break
        if said is not None and not _is_person(ctx, speaker):
            # 'Qatar condemned "…", spokesman Majed Al Ansari said': a state or body cannot utter the
            # words; the person whose report they sit in did
            outer = next((v for v in verbs if v.i != said.i and _reports(v, said)
                          and _is_person(ctx, _speaker(ctx, v))), None)
            if outer is not None:
                speaker, said = _speaker(ctx, outer), outer
        if speaker is None and not text[para_start:q.start].strip(" " + _OPENING):
            # 'Sefcovic wrote on X:' and the quotation as the next paragraph
            speaker, said = _introduced_above(ctx, text, para_start, q)
            confidence = 0.8 if speaker is not None else confidence
        if speaker is None:
            # '20:35 Trump on Truth Social: "…"', 'Zelensky: "…"': a name and a colon, no verb;
            # a headline's '"…": Lavrov' the other way round
            speaker = _labelled(ctx, para_start, q) or _signed(ctx, text, para_end, q)
            confidence = 0.8 if speaker is not None else confidence
        paragraph_break = previous is not None and "\n" in text[previous[0]:q.start]
        if speaker is None and not verbs:
            # 'X drew the consequence: "…"'; 'Tusk answered on X. «…»' (not after a quotation of the
            # same paragraph, which the next quotation continues)
            speaker, said = _colon_introduced(ctx, text, para_start, q)
            if speaker is None and (previous is None or paragraph_break or previous[0] < para_start):
                speaker, said = _said_before(ctx, text, para_start, q)
            confidence = 0.7 if speaker is not None else confidence
        governed = False
        if speaker is None and not verbs and previous is not None and not paragraph_break \
                and len(words) >= MIN_WORDS:
            # 'Betsa urged member states to stand "with the Charter"': a stance verb's subject in
            # the quotation's own sentence, before the previous quotation's speaker
            for verb in _stance_governors(ctx, doc, q):
                speaker = _speaker(ctx, verb)
                if speaker is not None:
                    confidence, said, governed = 0.7, verb, True
                    break
            if speaker is None:
                speaker, confidence = previous[1], 0.7      # continuation of the same speaker's quote
                said_date = previous[2]
        governed = governed or (said is not None and (any(_governs(v, doc, q, ctx.cues.speech) for v in verbs)
                                                      or _right_after(said, doc, q)))
        if not governed and said is None and (len(words) < MIN_WORDS or speaker is None):
            # a fragment taken by a stance verb: 'pressed the court to rule "swiftly"', 'calling
            # for an "orderly exit"': the verb's subject said those words
            for verb in _stance_governors(ctx, doc, q):
                speaker = _speaker(ctx, verb)
                if speaker is not None:
                    confidence, said, governed = 0.7, verb, True
                    break
        if not governed and (len(words) < MIN_WORDS or (len(words) < 6 and not _has_verb(doc, q))):
            continue      # a scare-quoted phrase or a name, not a quotation, unless a speech verb takes it
        if len(words) <= 4 and _a_name(doc, q):
            continue      # 'told «Der Spiegel»', 'the commander known as "Magyar"': a name in quotation marks
        if speaker is None and len(words) < 6:
            continue
        sentence = ctx.span(sents[0].start_char, (following or sents)[-1].end_char) if verbs and following and \
            any(v.sent == following[0] for v in verbs) else ctx.span(sents[0].start_char, sents[-1].end_char)
        facts.quotes.append(QuoteFact(
            span=ctx.span(max(0, q.start - 1), min(len(text), q.end + 1)), sentence=sentence,
            confidence=confidence, date=ctx.date_for(said.sent, near=said) if said is not None else said_date,
            speaker=speaker, quote=q))
        ctx.quote_regions.append((q.start, q.end, speaker))
        previous = (q.end, speaker, facts.quotes[-1].date)
    # a quotation left open at a paragraph's end is the speaker's who is named in the next one
    for n, fact in enumerate(facts.quotes):
        if fact.speaker is None and fact.quote is not None:
            fact.speaker = _next_paragraph_speaker(text, fact, facts.quotes[n + 1:])
            if fact.speaker is not None:
                fact.confidence = 0.7
                ctx.quote_regions[:] = [(a, b, fact.speaker if (a, b) == (fact.quote.start, fact.quote.end) else w)
                                        for a, b, w in ctx.quote_regions]
