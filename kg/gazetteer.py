"""The shared domain knowledge, loaded from ``ontology/``: known actors and places, role
titles, descriptions and metonyms. Extending any of it is a line in a TSV file."""
from __future__ import annotations

import csv
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .facts import Entity
from .resources import data_path

log = logging.getLogger(__name__)

ENTITY_TYPES = ("Person", "Organization", "Country", "Place")
_SPACY_LABEL = {"Person": "PERSON", "Organization": "ORG", "Country": "GPE", "Place": "GPE"}


def slugify(text: str) -> str:
    """Normalised, IRI-safe form of a name: "Ana Duarte's" -> "ana-duarte"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"['’`]s\b", "", text.lower())
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text or "unnamed"


def normalise_name(text: str) -> str:
    """Key for alias look-ups: case-folded, accents and possessives dropped, spaces collapsed."""
    return slugify(text).replace("-", " ")


_TRANSLITERATION = (("dzh", "j"), ("zh", "j"), ("kh", "h"), ("ph", "f"), ("ou", "u"), ("y", "i"), ("w", "v"))


def name_skeleton(words: list[str]) -> str:
    """What transliterations of one name share: each word's letters with digraphs made one
    ("zh" and "j", "kh" and "h", "ou" and "u", "y" and "i"), its inner vowels dropped and doubled
    letters made one, keeping its first and last letter ("Zhaparov" and "Japarov" -> "jprv";
    "Ahmad" and "Ahmed" -> "ahmd"; "Maria" and "Mario" stay apart)."""
    out = []
    for word in words:
        for a, b in _TRANSLITERATION:
            word = word.replace(a, b)
        if not word:
            continue
        inner = re.sub(r"[aeiou]", "", word[1:-1]) if len(word) > 2 else ""
        out.append(re.sub(r"(.)\1+", r"\1", word[0] + inner + (word[-1] if len(word) > 1 else "")))
    return " ".join(out)


@dataclass
class GazetteerEntry:
    key: str                 # "Q3874799" or "person/ana-duarte"
    label: str
    etype: str
    aliases: list[str] = field(default_factory=list)
    adjectives: list[str] = field(default_factory=list)
    wikidata: str | None = None
    dbpedia: str | None = None
    source: str = ""

    def entity(self) -> Entity:
        return Entity(self.key, self.label, self.etype, self.wikidata, self.dbpedia)

    @property
    def surface_forms(self) -> list[str]:
        return [self.label, *self.aliases]


@dataclass
class Gazetteer:
    entries: dict[str, GazetteerEntry]
    by_name: dict[str, str]            # normalised name -> key (unambiguous names only)
    by_adjective: dict[str, str]       # "chilean" -> "Q298"
    roles: dict[str, str]              # "secretary-general" -> "Secretary General"
    descriptions: dict[str, str]       # "the wto chief" -> "role:Director-General@Q7825"
    metonyms: dict[str, str]           # "la moneda" -> "Q298"
    ambiguous: set[str] = field(default_factory=set)
    leader_roles: set[str] = field(default_factory=set)   # roles whose holder speaks for the country
    voice_roles: set[str] = field(default_factory=set)    # spokespeople: their words are their principal's
    # "the bloc" -> [EU, ASEAN, …]: the one the document mentions (ontology/organisation-metonyms.tsv)
    mention_descriptions: dict[str, list[str]] = field(default_factory=dict)
    # "administration" -> countries whose executive the press calls so (ontology/countries.tsv)
    government_terms: dict[str, list[str]] = field(default_factory=dict)
    person_country: dict[str, str] = field(default_factory=dict)   # "Q58217" -> "Q159" (person-countries.tsv)
    # "republican" -> [(Republican Party, United States)]: the parties an adjective names, each
    # with its country (gazetteer-extra.tsv columns ``adjectives`` and ``country``)
    party_adjectives: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    role_words: frozenset[str] = frozenset()                        # every word of a role title ("minister", …)
    title_openers: frozenset[str] = frozenset()                     # first words of longer titles ("commerce")
    _variants: tuple | None = field(default=None, repr=False, compare=False)   # built by person_variant
    country_titles: set[str] = field(default_factory=set)          # titles that imply their country
    # "foreign" / "foreign affairs" -> "Foreign Affairs": a ministry's portfolio as it is named in
    # "Ministry of … of <Country>", generated from roles.tsv's "minister of …" titles
    portfolios: dict[str, str] = field(default_factory=dict)

    def lookup(self, name: str) -> GazetteerEntry | None:
        key = self.by_name.get(normalise_name(name))
        return self.entries.get(key) if key else None

    def person_variant(self, name: str) -> GazetteerEntry | None:
        """The one person of the gazetteer that ``name`` (two words or more) spells another way:
        a transliteration ("Sadyr Japarov" for Sadyr Zhaparov, "Mahmoud Ali Youssouf" for
        Mahamoud Ali Youssouf, "Ahmad" for "Ahmed": :func:`name_skeleton`) or the first words of a
        longer name ("Abiy Ahmed" for Abiy Ahmed Ali); None when no one or several match."""
        words = normalise_name(name).split()
        if len(words) < 2:
            return None
        if self._variants is None:
            skeletons: dict[str, set[str]] = {}
            prefixes: dict[str, set[str]] = {}
            for entry in self.entries.values():
                if entry.etype != "Person":
                    continue
                for form in (entry.label, *entry.aliases):
                    full = normalise_name(form).split()
                    if len(full) >= 2:
                        skeletons.setdefault(name_skeleton(full), set()).add(entry.key)
                    for n in range(2, len(full)):
                        prefixes.setdefault(" ".join(full[:n]), set()).add(entry.key)
            self._variants = (skeletons, prefixes)
        skeletons, prefixes = self._variants
        found = skeletons.get(name_skeleton(words)) or prefixes.get(" ".join(words)) or set()
        return self.entries[next(iter(found))] if len(found) == 1 else None

    def parties_called(self, words: str, *, plural: bool = False) -> list[tuple[str, str]]:
        """(party, country) for every party a party adjective names ("Socialist"), or with
        ``plural`` its plural noun too ("Socialists", "Tories"); [] when none."""
        low = words.lower()
        found = self.party_adjectives.get(low)
        if not found and plural and low.endswith("s"):
            found = self.party_adjectives.get(low[:-3] + "y" if low.endswith("ies") else low[:-1])
        return found or []

    def party_named(self, words: str, country_counts: dict[str, int], *, plural: bool = False) -> str | None:
        """The party that ``words`` name ("Republican", "Liberal Democrat"; with ``plural``, its
        members as a noun: "Democrats", "the Greens", "Tories"), given how often the document
        names each country (``country_counts``): an adjective of one party counts when the
        document names its country; one shared by several parties ("Socialist": France and Portugal) names the party of
        the country the document names most; None otherwise."""
        found = self.parties_called(words, plural=plural)
        if not found:
            return None
        top = sorted(country_counts.items(), key=lambda kv: -kv[1])[:2]
        lead = top[0][0] if top and (len(top) == 1 or top[0][1] > top[1][1]) else None
        if len(found) == 1:
            return found[0][0] if country_counts.get(found[0][1]) else None
        return next((k for k, c in found if c == lead), None)

    def ruler_patterns(self) -> list[dict]:
        """spaCy EntityRuler patterns: every unambiguous surface form, case-sensitive, with the key as id."""
        patterns = []
        for entry in self.entries.values():
            for form in entry.surface_forms:
                if normalise_name(form) in self.ambiguous or len(form) < 2:
                    continue
                patterns.append({"label": _SPACY_LABEL[entry.etype], "pattern": form, "id": entry.key})
                if form.lower().startswith("the "):
                    patterns.append({"label": _SPACY_LABEL[entry.etype], "pattern": form[4:], "id": entry.key})
        return patterns


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()}
                for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]


def _split(cell: str) -> list[str]:
    return [x.strip() for x in cell.split("|") if x.strip()]


@lru_cache(maxsize=4)
def _cabinet_title(role: str) -> bool:
    """A government post: a minister, or a secretary of a portfolio ("Defense Secretary",
    "Secretary of State"), not a party's or an organisation's ("Secretary General")."""
    words = role.lower().replace("-", " ").split()
    return "minister" in words or ("secretary" in words and "general" not in words and words != ["secretary"])


_SHORT_COUNTRY_NAMES = {"United States": ("US", "U.S."), "United Kingdom": ("UK", "U.K.")}


def load_gazetteer(directory: str | None = None) -> Gazetteer:
    """Load ``gazetteer.tsv`` (verified Wikidata IDs) and ``gazetteer-extra.tsv`` (known, unlinked)."""
    base = Path(directory) if directory else data_path("ontology")
    entries: dict[str, GazetteerEntry] = {}
    for row in _read_tsv(base / "gazetteer.tsv"):
        qid = row["wikidata"]
        if not re.fullmatch(r"Q[0-9]+", qid) or row["type"] not in ENTITY_TYPES:
            log.warning("gazetteer.tsv: skipping malformed row %r", row)
            continue
        aliases = _split(row["aliases"])
        # "Democratic Republic of the Congo" is also written "Democratic Republic of Congo"
        for form in (row["label"], *aliases):
            if " of the " in form and row["type"] in ("Country", "Organization"):
                variant = form.replace(" of the ", " of ", 1)
                if variant not in aliases:
                    aliases.append(variant)
            # "the US Department of the Treasury", "the UK Home Office": a country's short name before a body's
            for long, shorts in _SHORT_COUNTRY_NAMES.items():
                if form.startswith(long + " ") and row["type"] == "Organization":
                    aliases.extend(v for short in shorts if (v := short + form[len(long):]) not in aliases)
        entries[qid] = GazetteerEntry(qid, row["label"], row["type"], aliases,
                                      _split(row["adjectives"]), qid, row.get("dbpedia") or None,
                                      row.get("source", ""))
    extra = base / "gazetteer-extra.tsv"
    party_adjectives: dict[str, list[tuple[str, str]]] = {}
    if extra.exists():
        for row in _read_tsv(extra):
            if row["type"] not in ENTITY_TYPES:
                log.warning("gazetteer-extra.tsv: skipping malformed row %r", row)
                continue
            entries[row["key"]] = GazetteerEntry(row["key"], row["label"], row["type"], _split(row["aliases"]),
                                                 _split(row["adjectives"]), None, None, row.get("note", ""))
            if row["type"] == "Organization" and row.get("country"):
                for adj in _split(row["adjectives"]):
                    party_adjectives.setdefault(adj.lower(), []).append((row["key"], row["country"]))
    by_name: dict[str, str] = {}
    ambiguous: set[str] = set()
    for entry in entries.values():
        for form in entry.surface_forms:
            name = normalise_name(form)
            if name in by_name and by_name[name] != entry.key:
                ambiguous.add(name)
            by_name.setdefault(name, entry.key)
    # A label always wins over another entry's alias; otherwise an ambiguous alias links nothing.
    for entry in entries.values():
        name = normalise_name(entry.label)
        if name in ambiguous and sum(normalise_name(e.label) == name for e in entries.values()) == 1:
            by_name[name] = entry.key
            ambiguous.discard(name)
    for name in ambiguous:
        by_name.pop(name, None)
    by_adjective = {}
    for entry in entries.values():
        if entry.etype == "Country":
            for adj in entry.adjectives:
                by_adjective.setdefault(adj.lower(), entry.key)
    role_rows = _read_tsv(base / "roles.tsv")
    roles = {r["title"].lower(): r["role"] for r in role_rows}
    leader_roles = {r["role"] for r in role_rows if r.get("speaks_for_country") == "yes"}
    voice_roles = {r["role"] for r in role_rows if r.get("speaks_for_country") == "principal"}
    descriptions = {r["phrase"].lower(): r["resolves_to"] for r in _read_tsv(base / "descriptions.tsv")}
    metonyms = {normalise_name(r["phrase"]): r["stands_for"] for r in _read_tsv(base / "metonyms.tsv")}
    mentioned: dict[str, list[str]] = {}
    # "the bloc" is the EU or ASEAN, whichever the document mentions (a description from the
    # hand-written file that names an organisation is read the same way)
    for phrase, target in list(descriptions.items()):
        if not target.startswith("role:") and entries.get(target) and entries[target].etype == "Organization":
            mentioned.setdefault(phrase, []).append(descriptions.pop(phrase))
    org_file = base / "organisation-metonyms.tsv"
    if org_file.exists():
        for r in _read_tsv(org_file):
            phrase, qid = r["phrase"].lower(), r["stands_for_qid"]
            if qid not in entries:
                continue
            if r.get("requires_mention") == "yes":
                if qid not in mentioned.setdefault(phrase, []):
                    mentioned[phrase].append(qid)
            else:
                descriptions.setdefault(phrase, qid)
    government_terms: dict[str, list[str]] = {}
    countries = base / "countries.tsv"
    if countries.exists():
        generated = _country_data(_read_tsv(countries), entries, roles)
        for name, qid in generated["metonyms"].items():
            metonyms.setdefault(name, qid)
        for phrase, target in generated["descriptions"].items():
            descriptions.setdefault(phrase, target)
        government_terms = generated["government_terms"]
    gaz = Gazetteer(entries, by_name, by_adjective, roles, descriptions, metonyms, ambiguous, leader_roles,
                    voice_roles)
    gaz.mention_descriptions = mentioned
    gaz.party_adjectives = {adj: [(k, c) for k, c in found if c in entries] for adj, found in party_adjectives.items()}
    gaz.government_terms = government_terms
    # the country each person serves, generated from the gazetteer's own provenance notes
    # (scripts/generate_person_countries.py), and the titles that imply a country
    people = base / "person-countries.tsv"
    if people.exists():
        gaz.person_country = {r["person"]: r["country"] for r in _read_tsv(people) if r["country"] in entries}
    gaz.role_words = frozenset(w for title in roles for w in title.split())
    gaz.title_openers = frozenset(title.split()[0] for title in roles if " " in title)
    gaz.portfolios = _portfolios(role_rows)
    gaz.country_titles = {r["role"] for r in role_rows if r.get("speaks_for_country") in ("yes", "principal")
                          or (r.get("note") or "").startswith("generated: portfolio") or _cabinet_title(r["role"])}
    return gaz


def plural_title(title: str) -> str:
    """The plural of a title's last word: "justice" -> "justices", "secretary" -> "secretaries",
    "spokesman" -> "spokesmen"; a word already ending in "s" is left alone."""
    head, _, last = title.rpartition(" ")
    if last.endswith("s") or not last.isalpha():
        return title
    if last.endswith("man"):
        last = last[:-3] + "men"
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        last = last[:-1] + "ies"
    else:
        last += "s"
    return f"{head} {last}" if head else last


def _portfolios(role_rows: list[dict[str, str]]) -> dict[str, str]:
    """Every way the press names a ministry's portfolio -> its name in "Ministry of <name>": a
    minister's title "minister of P" names the portfolio P, and the other titles of the same role
    ("foreign minister") its short words ("foreign" -> "Foreign Affairs")."""
    named: dict[str, str] = {}
    for r in role_rows:
        m = re.fullmatch(r"minister of (?:the )?([a-z][a-z ]+)", r["title"].lower())
        if m and r["role"].endswith(" Minister") and m.group(1) != "state":
            named.setdefault(r["role"], m.group(1))
    portfolios: dict[str, str] = {}
    for r in role_rows:
        phrase = named.get(r["role"])
        if phrase is None:
            continue
        portfolios.setdefault(phrase, phrase.title().replace(" Of ", " of ").replace(" And ", " and "))
        m = re.fullmatch(r"([a-z][a-z ]+?) minister", r["title"].lower())
        if m:
            portfolios.setdefault(m.group(1), portfolios[phrase])
    return portfolios


def _country_data(rows: list[dict[str, str]], entries: dict, roles: dict[str, str]) -> dict:
    """Metonyms and descriptions generated for every country of ``countries.tsv``: its capital
    and seats of power stand for it ("Paris insists", "the Elysee said"), "the French
    government"/"the Chilean presidency" is the country, "the French president"/"the Canadian
    prime minister"/"the Turkish foreign minister" is whoever holds that role for it."""
    metonyms: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    government_terms: dict[str, list[str]] = {}
    for r in rows:
        qid = r["country_qid"]
        entry = entries.get(qid)
        if entry is None:
            continue
        for name in _split(r.get("capital", "")) + _split(r.get("seats", "")):
            if normalise_name(name) != normalise_name(entry.label):
                metonyms.setdefault(normalise_name(name), qid)
        terms = _split(r.get("government_terms", "")) or ["government"]
        for term in terms:
            government_terms.setdefault(term.lower(), []).append(qid)
        names = [a.lower() for a in entry.adjectives] + [entry.label.lower()] + \
            [a.lower() for a in entry.aliases if len(a) <= 20]
        titles = {t for t in (r.get("head_of_state", ""), r.get("head_of_government", "")) if t}
        for name in names:
            for term in terms:
                descriptions.setdefault(f"the {name} {term.lower()}", qid)
            possessive = [f"the {name}"] if name in (a.lower() for a in entry.adjectives) else [f"the {name}", f"{name}'s"]
            for title in titles | {"Foreign Minister", "Defence Minister", "Prime Minister", "President"}:
                role = roles.get(title.lower(), title)
                for prefix in possessive:
                    descriptions.setdefault(f"{prefix} {title.lower()}", f"role:{role}@{qid}")
            for prefix in possessive:
                descriptions.setdefault(f"{prefix} leader", f"role:{roles.get((r.get('head_of_government') or 'president').lower(), r.get('head_of_government') or 'President')}@{qid}")
            # the periphrases of translated copy: "the head of the Polish government", "the
            # Polish head of state", "the head of Ukrainian diplomacy"
            heads = {"state": r.get("head_of_state") or "President",
                     "government": r.get("head_of_government") or r.get("head_of_state") or "President",
                     "diplomacy": "Foreign Minister"}
            for what, title in heads.items():
                target = f"role:{roles.get(title.lower(), title)}@{qid}"
                for phrase in (f"the head of the {name} {what}", f"the head of {name} {what}",
                               f"the {name} head of {what}", f"the head of {name}'s {what}"):
                    descriptions.setdefault(phrase, target)
    return {"metonyms": metonyms, "descriptions": descriptions, "government_terms": government_terms}
