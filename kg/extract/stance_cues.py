"""Stance cues read off the parse: which word is a stance cue and with what polarity, its
negation, the complement it takes, and the conditions and exchanges that qualify it. The word
lists are data (ontology/cues.tsv); this module holds only how they are found in a parse."""
from __future__ import annotations

import re

from spacy.tokens import Span as SpacySpan, Token

from ..lexicon import Cues
from .topics import detached_infinitive

CLIMB = {"xcomp", "ccomp", "conj", "advcl", "acl", "relcl", "pcomp", "pobj", "prep", "dobj", "attr", "acomp",
          "oprd", "amod", "compound", "nmod", "appos", "dep", "npadvmod", "advmod"}
SUBJ = ("nsubj", "nsubjpass")
FIRST_PERSON = {"i", "we", "us", "our", "my", "me"}
PLURAL_PRONOUNS = {"they", "them"}
NEG_SUBJECTS = {"no", "nobody", "none"}
ACTOR_TYPES = ("Person", "Organization", "Country")


_PHRASES: dict[int, list] = {}


def phrase_patterns(cues: Cues) -> list[tuple[str, str, re.Pattern, str]]:
    """Stance phrases compiled once: "on the table" also matches "on the negotiating table"."""
    key = id(cues)
    if key not in _PHRASES:
        compiled = []
        for phrase, polarity in cues.stance_phrases.items():
            words = phrase.split()
            body = r"\s+".join(re.escape(w) if w != "the" else r"the(?:\s+[\w-]+)?" for w in words)
            compiled.append((phrase, polarity, re.compile(r"\b" + body + r"\b"), words[-1]))
        _PHRASES[key] = compiled
    return _PHRASES[key]


def governed_by_cue(tok: Token, trig_ids: set[int]) -> bool:
    """Is ``tok`` embedded under another cue? Not if the way up crosses a coordination: coordinated
    cues ("drop …, commit … and renounce …"; "applied …, and … stated that …") are read each on its own."""
    node = tok
    while node.head.i != node.i:
        if node.dep_ == "conj":
            return False
        node = node.head
        if node.i in trig_ids:
            return True
    return False


def depth_below(t: Token, top: Token) -> int:
    """Arcs from ``t`` up to ``top`` (large if ``top`` is not an ancestor)."""
    n, node = 0, t
    while node.i != top.i:
        if node.head.i == node.i or n > 20:
            return 99
        node, n = node.head, n + 1
    return n


def polarity_sign(p: str) -> int:
    return -1 if p == "oppose" else 1


def stance_trigger(tok: Token, cues: Cues) -> tuple[str, int] | None:
    """(cue, sign) if ``tok`` carries a stance cue."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB" and tok.dep_ != "amod":      # not "internationally recognized borders"
        # "walked away from", "pulled out of", "vote in favour": the words right after the verb,
        # under it in the parse (the parser attaches them in several ways)
        doc = tok.doc
        for n in (3, 2):
            words = doc[tok.i + 1:tok.i + n]
            phrase = " ".join([lemma, *(w.lower_ for w in words)])
            if len(words) == n - 1 and phrase in cues.stance_verbs and all(tok in w.ancestors for w in words):
                return phrase, polarity_sign(cues.stance_verbs[phrase])
        for child in tok.children:
            if child.dep_ in ("prt", "prep"):
                phrase = f"{lemma} {child.lower_}"
                if phrase in cues.stance_verbs:
                    return phrase, polarity_sign(cues.stance_verbs[phrase])
        if lemma in cues.stance_verbs:
            return lemma, polarity_sign(cues.stance_verbs[lemma])
        if tok.tag_ == "VBN" and tok.lower_ in cues.stance_adjs and any(c.dep_ == "auxpass" for c in tok.children):
            # "was gravely concerned by the vote", "is deeply worried about": the participle is the adjective
            return tok.lower_, polarity_sign(cues.stance_adjs[tok.lower_])
        if lemma in cues.acts_on and any(c.dep_ == "dobj" for c in tok.children):
            return lemma, 1       # "Congress removed the president": read only with an actor as its object
    elif tok.pos_ == "NOUN" and lemma in cues.stance_nouns:
        return lemma, polarity_sign(cues.stance_nouns[lemma])
    elif tok.pos_ == "ADJ" and lemma in cues.stance_adjs and tok.dep_ in ("acomp", "attr", "ROOT", "amod", "oprd"):
        if tok.dep_ == "amod" and lemma not in ("willing", "ready"):
            return None
        return lemma, polarity_sign(cues.stance_adjs[lemma])
    return None


def contrasted(tok: Token) -> bool:
    """The dispreferred side of "A rather than B" / "A instead of B": B, read as a conjunct of A
    after "than"/"of" under "rather"/"instead", or as the object of that preposition."""
    if tok.dep_ == "conj":
        for c in tok.head.children:
            if c.dep_ in ("cc", "prep") and c.lower_ in ("than", "of") and c.i < tok.i and \
                    any(a.lower_ in ("rather", "instead") for a in c.children):
                return True
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ in ("than", "of"):
        return any(a.lower_ in ("rather", "instead") for a in head.children) or \
            head.head.lower_ in ("rather", "instead")
    return False


def has_no(noun: Token) -> bool:
    """"no intention", "no plans", "no soldiers": a noun negated by its determiner."""
    return noun.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children)


def is_negated(tok: Token, cues: Cues) -> bool:
    for child in tok.children:
        if child.dep_ == "neg" or (child.dep_ in ("advmod", "det", "preconj") and child.lower_ in cues.negations
                                  and child.lower_ not in ("no",)):
            return True
        if child.dep_ in ("dobj", "attr") and any(g.dep_ == "preconj" and g.lower_ == "neither" for g in child.children):
            return True     # "will accept neither a frozen conflict nor a swap of territory
    if tok.dep_ in ("acomp", "attr") or tok.pos_ == "ADJ":
        return any(c.dep_ == "neg" for c in tok.head.children) if tok.head.i != tok.i else False
    if tok.dep_ == "xcomp" and tok.head.pos_ in ("AUX",):
        return any(c.dep_ == "neg" for c in tok.head.children)
    if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in ("have", "be") and \
            any(c.lower_ == "yet" for c in tok.head.children) and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return True     # "has yet to accept it": not (yet) accepted
    return False


_ADJUNCT_PREPS = {"amid", "during", "despite", "after", "before", "since", "while", "at", "following",
                  "according",
                  "throughout", "over", "through", "in exchange for", "in return for"}
_EXCHANGE = ("exchange", "return")


def cue_complement(tok: Token, exclude: set[int]) -> list[Token]:
    deps = ("dobj", "xcomp", "ccomp", "prep", "attr", "acomp", "oprd", "dative", "pobj", "prt", "advcl", "acl",
            "compound", "amod", "poss", "nmod", "relcl", "agent", "conj", "npadvmod")
    out = []
    for child in tok.children:
        if child.dep_ == "prep" and (child.lower_ in _ADJUNCT_PREPS or is_exchange(child)):
            continue
        if child.dep_ == "advcl" and child.tag_ == "VBG" and child.i > tok.i and \
                not any(c.dep_ in ("dobj", "xcomp", "ccomp") for c in tok.children) and \
                not any(m.dep_ == "mark" for m in child.children) and any(c.dep_ in SUBJ for c in child.children):
            # "ruled out Ukraine joining NATO", parsed as an adverbial clause: the object
            out.extend(t for t in child.subtree if t.i not in exclude)
            continue
        if child.dep_ in ("advcl", "conj") and (any(m.dep_ == "mark" for m in child.children)
                                                or child.pos_ in ("VERB", "AUX")):
            continue      # "…, but only once the levy is repealed": a condition or a new clause
        if child.dep_ in deps and child.dep_ not in SUBJ:
            out.extend(t for t in child.subtree if t.i not in exclude and not in_exchange(t, child))
        elif child.dep_ == "advmod" and child.i == tok.i + 1 and any(c.dep_ == "prep" for c in child.children):
            # "walked away from the accord": the particle's phrase
            out.extend(t for t in child.subtree if t.i not in exclude)
    if not out and tok.pos_ == "NOUN":
        verb = detached_infinitive(tok)
        out.extend(t for t in (verb.subtree if verb is not None else ()) if t.i not in exclude)
    return out


def is_exchange(prep: Token) -> bool:
    """ "in exchange for X", "in return for X": X is what the holder wants in return."""
    return prep.lower_ == "in" and any(c.lower_ in _EXCHANGE for c in prep.children)


def in_exchange(t: Token, top: Token) -> bool:
    """True if ``t`` hangs under "in exchange for", an adjunct ("amid talks") or a condition
    clause ("only if a ceasefire held") below ``top``."""
    node = t
    while node.head.i != node.i:
        if node.dep_ == "prep" and (is_exchange(node) or node.lower_ in _ADJUNCT_PREPS):
            return True
        if node.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless", "until", "once")
                                        for m in node.children):
            return True
        if node.i == top.i:
            break
        node = node.head
    return False


def exchanged_for(tok: Token) -> list[Token]:
    """Tokens of "in exchange for X" attached anywhere under ``tok``."""
    for t in tok.subtree:
        if t.dep_ == "prep" and is_exchange(t):
            return [x for x in t.subtree]
    return []


def is_conditional(tok: Token, sent: SpacySpan, cues: Cues) -> bool:
    clause = tok
    while clause.dep_ in ("xcomp", "conj", "dobj", "pobj", "prep", "acomp", "pcomp") and clause.head.i != clause.i:
        clause = clause.head
    skip = {t.i for c in clause.children if c.dep_ == "conj" for t in c.subtree
            if not any(m.dep_ in ("mark", "advmod") and m.lower_ in cues.conditions for m in c.children)}
    text = " " + " ".join(t.lower_ for t in clause.subtree if t.i not in skip) + " "
    # a condition that closes the sentence after the cue often hangs off the verb of saying:
    # "…said the minister did not rule out sending troops, provided that a ceasefire holds"
    tail = " " + " ".join(t.lower_ for t in sent if t.i > tok.i) + " "
    strong = [c for c in cues.conditions if c not in ("if", "once", "until")]
    return any(f" {c} " in text for c in cues.conditions if c not in ("if", "once")) or \
        any(f" only {c} " in text or f" but {c} " in text for c in ("if", "once")) or \
        any(f", {c} " in tail or f" , {c} " in tail for c in strong + ["only if", "but only once"])
