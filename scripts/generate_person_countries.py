"""Generate ontology/person-countries.tsv: the country each gazetteer person serves, read from
the provenance the gazetteer keeps for the row (its ``source`` column), for every person where
one country is certain.

    python3 scripts/generate_person_countries.py [--ontology DIR]

The source notes say where a row came from: a cabinet scraper named after its country
("every-politician-scrapers/ukraine-cabinet"), or the office held, in brackets ("[Hungarian
PM]", "[President of Egypt]", "[Minister of Foreign Affairs (Mali)]", "[US President …]").
Each is matched against the gazetteer's countries (names, aliases, adjectives); a person whose
notes name two countries is left out. Roles use the table for a title that implies its
country when the text does not write it ("Foreign Minister Sergey Lavrov" is Russia's).
Nothing is downloaded: the input is the gazetteer in the repository.
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _countries(rows: list[dict]) -> dict[str, str]:
    """Lower-cased name, alias or adjective -> country QID (names shared by two countries dropped)."""
    names: dict[str, set[str]] = {}
    for r in rows:
        if r["type"] != "Country":
            continue
        forms = [r["label"], *(r["aliases"].split("|") if r["aliases"] else []),
                 *(r["adjectives"].split("|") if r["adjectives"] else [])]
        for f in forms:
            if len(f) >= 2:
                names.setdefault(f.lower(), set()).add(r["wikidata"])
    return {n: next(iter(q)) for n, q in names.items() if len(q) == 1}


def country_of(source: str, countries: dict[str, str]) -> tuple[str, str] | None:
    """(country QID, evidence) named by a person's source notes, or None (none, or several)."""
    found: dict[str, str] = {}
    for slug in re.findall(r"every-politician-scrapers/([a-z-]+?)-(?:cabinet|ministers|government)\b", source):
        qid = countries.get(slug.replace("-", " "))
        if qid:
            found.setdefault(qid, f"{slug}-cabinet")
    for note in re.findall(r"\[([^\]]+)\]", source):
        words = re.findall(r"[A-Za-z][A-Za-z.'-]*", note)
        spans = [(i, j) for i in range(len(words)) for j in range(i + 1, min(len(words), i + 5) + 1)
                 if " ".join(words[i:j]).lower() in countries]
        # the longest names only: "Equatorial Guinea", not the "Guinea" inside it
        for i, j in spans:
            if not any(a <= i and j <= b and (b - a) > (j - i) for a, b in spans):
                found.setdefault(countries[" ".join(words[i:j]).lower()], f"[{note}]")
    if len(found) != 1:
        return None
    return next(iter(found.items()))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ontology", default=str(ROOT / "ontology"))
    args = ap.parse_args(argv)
    base = Path(args.ontology)
    with open(base / "gazetteer.tsv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    countries = _countries(rows)
    out = []
    for r in rows:
        if r["type"] != "Person":
            continue
        hit = country_of(r.get("source", ""), countries)
        if hit:
            out.append((r["wikidata"], hit[0], hit[1]))
    with open(base / "person-countries.tsv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["person", "country", "evidence"])
        w.writerows(sorted(out))
    print(f"{len(out)} of {sum(r['type'] == 'Person' for r in rows)} people with one country -> "
          f"{base / 'person-countries.tsv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
