"""ontology/person-countries.tsv: generated from the gazetteer's provenance notes."""
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("gpc", ROOT / "scripts" / "generate_person_countries.py")
gpc = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gpc)

COUNTRIES = {"guinea": "Q1006", "equatorial guinea": "Q983", "russia": "Q159", "russian": "Q159",
             "hungarian": "Q28", "hungary": "Q28", "us": "Q30", "united states": "Q30"}


def test_the_longest_country_name_in_a_note_wins():
    assert gpc.country_of("x [President of Equatorial Guinea]", COUNTRIES) == ("Q983", "[President of Equatorial Guinea]")


def test_a_cabinet_scraper_and_an_adjective_name_the_country():
    assert gpc.country_of("every-politician-scrapers/russia-cabinet html/x.csv", COUNTRIES)[0] == "Q159"
    assert gpc.country_of("export [Hungarian PM]", COUNTRIES)[0] == "Q28"


def test_two_countries_or_none_give_nothing():
    assert gpc.country_of("[Hungarian PM] every-politician-scrapers/russia-cabinet", COUNTRIES) is None
    assert gpc.country_of("[NATO Secretary General]", COUNTRIES) is None


def test_the_shipped_table_is_what_the_script_generates(tmp_path):
    import shutil
    shutil.copy(ROOT / "ontology" / "gazetteer.tsv", tmp_path / "gazetteer.tsv")
    gpc.main(["--ontology", str(tmp_path)])
    assert (tmp_path / "person-countries.tsv").read_text() == (ROOT / "ontology" / "person-countries.tsv").read_text()
