"""Roles from titles before a name and from appositions after it."""
import datetime


from kg.extract import extract_document
from kg.sources import Document



def facts_of(nlp, text):
    return extract_document(Document("t", text, "t.txt", date=datetime.date(2025, 4, 4)), nlp(text))


def roles(facts):
    return {(r.person, r.role, r.org) for r in facts.roles}


def labelled_roles(facts):
    """(person's label, role, organisation's label or None): for people with no Wikidata ID."""
    return {(facts.entities[p].label, r, facts.entities[o].label if o else None) for p, r, o in roles(facts)}


def test_title_and_country_adjective_before_a_name(nlp):
    facts = facts_of(nlp, "German Chancellor Friedrich Merz said the talks must continue.")
    assert roles(facts) == {("Q566257", "Chancellor", "Q183")}
    assert facts.entities["Q566257"].label == "Friedrich Merz"
    assert facts.entities["Q183"].label == "Germany"


def test_apposition_after_a_name(nlp):
    facts = facts_of(nlp, "Mark Rutte, the NATO secretary general, said the alliance was united.")
    assert roles(facts) == {("Q57792", "Secretary General", "Q7184")}


def test_hyphenated_title_before_a_name(nlp):
    facts = facts_of(nlp, "NATO Secretary-General Mark Rutte visited Washington.")
    assert roles(facts) == {("Q57792", "Secretary General", "Q7184")}


def test_role_evidence_points_into_the_text(nlp):
    text = "German Chancellor Friedrich Merz said the talks must continue."
    (role,) = facts_of(nlp, text).roles
    assert text[role.span.start:role.span.end] == role.span.text
    assert "Chancellor" in role.span.text and "Merz" in role.span.text


def test_an_owner_before_a_participle_and_a_title_is_the_organisation(nlp):
    facts = facts_of(nlp, "It is unclear whether NATO's newly appointed spokesperson, Anna Kowalczyk, will attend.")
    assert roles(facts) == {("person/anna-kowalczyk", "Spokesperson", "Q7184")}


def test_a_canonical_title_that_names_its_organisation_gives_it(nlp):
    facts = facts_of(nlp, "Commission President Ursula von der Leyen said the loan was agreed.")
    assert roles(facts) == {("Q60772", "President of the European Commission", "Q8880")}


def test_the_title_keeps_the_texts_spelling(nlp):
    facts = facts_of(nlp, "South Korean Defense Minister Kim Yong-hyun said the troops were in Kursk.")
    assert roles(facts) == {("person/kim-yong-hyun", "Defense Minister", "Q884")}
    facts = facts_of(nlp, "Ukrainian Defence Minister Rustem Umerov visited Paris.")
    assert roles(facts) == {("Q64842485", "Defence Minister", "Q212")}


def test_a_premier_and_a_chairman_keep_the_titles_the_text_gives(nlp):
    facts = facts_of(nlp, "Chinese Premier Li Qiang met Bidzina Ivanishvili, the chairman of the party.")
    assert {(facts.entities[p].label, r) for p, r, _ in roles(facts)} == {
        ("Li Qiang", "Premier"), ("Bidzina Ivanishvili", "Chairman")}


def test_professions_are_roles_too(nlp):
    facts = facts_of(nlp, "Lawyer Gilbert Andres said the court had jurisdiction.")
    assert {(facts.entities[p].label, r, o) for p, r, o in roles(facts)} == {("Gilbert Andres", "Lawyer", None)}


def test_a_party_adjective_before_a_title_is_the_party_the_text_names(nlp):
    facts = facts_of(nlp, "The Socialist Party split on Tuesday. Socialist leader Olivier Faure said the government "
                          "had to go.")
    assert {(facts.entities[p].label, r, facts.entities[o].label) for p, r, o in roles(facts)} == {
        ("Olivier Faure", "Leader", "Socialist Party")}


def test_a_cabinet_title_without_its_country_is_the_country_the_person_serves(nlp):
    facts = facts_of(nlp, "Foreign Minister Sergey Lavrov met Secretary General Mark Rutte.")
    assert roles(facts) == {("Q58217", "Foreign Minister", "Q159"), ("Q57792", "Secretary General", None)}


def test_a_partys_short_name_before_a_title_is_the_organisation(nlp):
    # a short name the gazetteer does not know is an organisation of that name; one it knows
    # (ontology/gazetteer-extra.tsv, political parties) is the party by its full name
    facts = facts_of(nlp, "KDU leader Marek Vyborny backed the plan. Commerce Minister Piyush Goyal agreed.")
    assert labelled_roles(facts) == {
        ("Marek Vyborny", "Leader", "KDU"), ("Piyush Goyal", "Commerce Minister", None)}
    facts = facts_of(nlp, "SPD leader Lars Klingbeil backed the plan.")
    assert labelled_roles(facts) == {
        ("Lars Klingbeil", "Leader", "Social Democratic Party of Germany")}


def test_a_title_for_an_organisation_after_a_name(nlp):
    facts = facts_of(nlp, '"The ball is in their court," said Olof Gill, a spokesperson for the European Commission.')
    assert labelled_roles(facts) == {
        ("Olof Gill", "Spokesperson", "European Commission")}


def test_a_province_right_before_a_title_is_the_organisation(nlp):
    facts = facts_of(nlp, "California Governor Gavin Newsom said the tariffs were illegal.")
    assert labelled_roles(facts) == {
        ("Gavin Newsom", "Governor", "California")}


def test_a_title_of_a_country_before_the_name_state_agency_style(nlp):
    facts = facts_of(nlp, "President Vladimir Putin and Federal Chancellor of Germany Olaf Scholz held a telephone "
                          "conversation.")
    assert roles(facts) == {("Q7747", "President", "Q159"), ("Q61053", "Chancellor", "Q183")}


def test_a_role_before_an_abbreviated_rank(nlp):
    facts = facts_of(nlp, "Army spokesman Maj Gen Winthai Suvaree says more than 250 drones crossed the border.")
    assert {(facts.entities[p].label, r, o) for p, r, o in roles(facts)} == {("Winthai Suvaree", "Spokesman", None)}


def test_a_one_word_organisation_before_a_title_is_the_organisation_unless_it_opens_a_title(nlp):
    facts = facts_of(nlp, "Hezbollah leader Naim Qassem spoke on Tuesday. Commerce Minister Piyush Goyal agreed. "
                          "Kathmandu Mayor Balendra Shah backed her.")
    assert labelled_roles(facts) == {
        ("Naim Qassem", "Leader", "Hezbollah"), ("Piyush Goyal", "Commerce Minister", None),
        ("Balendra Shah", "Mayor", "Kathmandu")}


def test_a_description_states_a_role_of_the_person_it_means(nlp):
    # "the Ukrainian president" is Zelensky (he serves Ukraine: ontology/person-countries.tsv); "the
    # American president" here would be Zelensky too by salience, who does not serve the US: no role
    facts = facts_of(nlp, "In Ankara, Volodymyr Zelensky rejected any arrangement. \"How this war ends cannot be "
                          "settled over Ukraine's head,\" the Ukrainian president insisted. Asked about troops, the "
                          "American president said he would be in favour.")
    assert roles(facts) == {("Q3874799", "President", "Q212")}


def test_a_partys_untagged_short_name_and_the_object_of_of_are_organisations(nlp):
    facts = facts_of(nlp, "BfK co-leader Alice Weidel said her party remained ready to enter government. "
                          "Konstantin Kosachev, deputy speaker of Russia's Federation Council, agreed.")
    assert labelled_roles(facts) == {
        ("Alice Weidel", "Co-leader", "BfK"), ("Konstantin Kosachev", "Deputy Speaker", "Federation Council")}


def test_a_country_after_party_of_is_part_of_the_partys_name(nlp):
    facts = facts_of(nlp, "Yoshihiko Noda, leader of the Constitutional Democratic Party of Japan, agreed.")
    assert labelled_roles(facts) == {
        ("Yoshihiko Noda", "Leader", "Constitutional Democratic Party of Japan")}


def test_two_titles_joined_by_and_before_a_name(nlp):
    facts = facts_of(nlp, "The Chilean Prime Minister and Finance Minister Ana Duarte spoke on Monday.")
    assert roles(facts) == {("person/ana-duarte", "Prime Minister", "Q298"),
                            ("person/ana-duarte", "Finance Minister", "Q298")}


def test_a_name_after_a_title_that_the_tagger_took_for_an_organisation_is_a_person(nlp):
    facts = facts_of(nlp, "At the weekly briefing on Thursday, Ministry of External Affairs spokesperson Randhir "
                          "Jaiswal said India would keep buying oil.")
    assert {(facts.entities[p].label, facts.entities[p].etype, r, facts.entities[o].label)
            for p, r, o in roles(facts)} == {("Randhir Jaiswal", "Person", "Spokesperson", "Ministry of External Affairs")}


def test_irish_and_broadcast_titles(nlp):
    facts = facts_of(nlp, "Taoiseach Micheál Martin spoke to Fox News host Sean Hannity on Monday.")
    assert {(facts.entities[p].label, r) for p, r, o in roles(facts)} == {("Micheál Martin", "Taoiseach"),
                                                                          ("Sean Hannity", "Host")}


def test_titles_in_appositions_with_a_possessive_name_of_or_a_relative_clause(nlp):
    facts = facts_of(nlp, "Kirill Dmitriev, President Vladimir Putin's special envoy for economic cooperation, wrote "
                          "on X. The head of the delegation, Andriy Yermak, chief of staff to President Volodymyr "
                          "Zelensky, spoke of momentum. Party leader Jan Berg, who is also agriculture minister, "
                          "warned of losses.")
    got = {(facts.entities[p].label, r) for p, r, o in roles(facts)}
    assert got == {("Kirill Dmitriev", "Special Envoy"), ("Vladimir Putin", "President"),
                   ("Andriy Yermak", "Chief of Staff"), ("Andriy Yermak", "Head"),     # of the delegation
                   ("Volodymyr Zelenskyy", "President"),
                   ("Jan Berg", "Party Leader"), ("Jan Berg", "Agriculture Minister")}


def test_a_plural_title_before_a_list_holds_for_each_name(nlp):
    facts = facts_of(nlp, "The administration plans to host Presidents Felix Tshisekedi and Paul Kagame for a summit.")
    assert {(facts.entities[p].label, r) for p, r, o in roles(facts)} == {
        ("Félix Tshisekedi", "President"), ("Paul Kagame", "President")}


def test_a_given_name_tagged_as_a_country_after_a_title_is_the_persons(nlp):
    facts = facts_of(nlp, "Defence Minister Israel Katz said he had ordered the military to resume strikes.")
    assert {(facts.entities[p].label, r) for p, r, o in roles(facts)} == {("Israel Katz", "Defence Minister")}


def test_a_title_that_starts_before_the_tagged_name_is_not_part_of_the_name(nlp):
    facts = facts_of(nlp, "General Secretary Shankar Pokharel rejected the appointment outright.")
    assert {(facts.entities[p].label, r) for p, r, o in roles(facts)} == {("Shankar Pokharel", "General Secretary")}


def test_an_honorific_between_the_title_and_the_name(nlp):
    facts = facts_of(nlp, "Qatar's Emir Sheikh Tamim bin Hamad Al Thani helped secure the agreement.")
    assert labelled_roles(facts) == {
        ("Tamim bin Hamad Al Thani", "Emir", "Qatar")}


def test_title_of_the_organisation_then_the_name(nlp):
    facts = facts_of(nlp, "Deputy Chairman of the Russian Security Council Dmitry Medvedev was blunter.")
    assert labelled_roles(facts) == {
        ("Dmitry Medvedev", "Deputy Chairman", "Security Council of Russia")}


def test_a_plural_title_for_two_judges(nlp):
    facts = facts_of(nlp, "Judges Nakarin Mektrairat and Udom Sitthiwiratchatham dissented.")
    assert {(facts.entities[p].label, r) for p, r, o in roles(facts)} == {
        ("Nakarin Mektrairat", "Judge"), ("Udom Sitthiwiratchatham", "Judge")}


def test_a_ministry_named_inside_the_title_is_the_organisation(nlp):
    facts = facts_of(nlp, "Chinese foreign ministry spokesperson Mao Ning said the tariffs were unfair. "
                          "Kremlin spokesman Dmitry Peskov disagreed.")
    assert roles(facts) == {("person/mao-ning", "Foreign Ministry Spokesperson",
                             "organization/ministry-of-foreign-affairs-of-china"),
                            ("Q4359688", "Spokesman", "Q159")}


def test_a_plural_title_before_a_list_holds_for_every_name_even_where_the_parse_breaks_it(nlp):
    facts = facts_of(nlp, "John Roberts wrote for the majority, joined by Justices Neil Gorsuch, Amy Coney Barrett "
                          "and Elena Kagan. Gulf leaders Tamim bin Hamad Al Thani and Mohammed bin Salman met.")
    assert {(facts.entities[p].label, r, o) for p, r, o in roles(facts)} == {
        ("Neil Gorsuch", "Justice", None), ("Amy Coney Barrett", "Justice", None), ("Elena Kagan", "Justice", None)}


def test_a_places_own_office_after_its_possessive_is_the_places(nlp):
    facts = facts_of(nlp, "In Nuuk, Greenland's Prime Minister Jens-Frederik Nielsen said he did not know.")
    assert {(facts.entities[p].label, r, facts.entities[o].label) for p, r, o in roles(facts)} == {
        ("Jens-Frederik Nielsen", "Prime Minister", "Greenland")}


def test_an_untagged_name_before_a_regional_title_is_that_region(nlp):
    facts = facts_of(nlp, "Ontario Premier Doug Ford calls it a win.")
    assert {(facts.entities[p].label, r, facts.entities[o].label) for p, r, o in roles(facts)} == {
        ("Doug Ford", "Premier", "Ontario")}
    assert {(m.span.text, facts.entities[m.key].etype) for m in facts.mentions} == {
        ("Ontario", "Place"), ("Doug Ford", "Person")}


def test_a_bare_title_is_a_role_only_with_its_organisation(nlp):
    # "secretary", "director", "delegate": roles of the organisation named with them (cues.tsv rank_title)
    org = "organization/national-security-and-defense-council"
    assert roles(facts_of(nlp, "Zelensky and National Security and Defense Council Secretary Rustem Umerov "
                               "spent five hours on talks.")) == {("Q64842485", "Secretary", org)}
    assert roles(facts_of(nlp, "Umerov, the secretary of the National Security and Defense Council, said the "
                               "talks were constructive.")) == {("Q64842485", "Secretary", org)}
    assert roles(facts_of(nlp, "His secretary, Anna Kowalczyk, said the talks went well.")) == set()


def test_a_verb_that_names_a_role_gives_it(nlp):
    # cues.tsv kind role_verb: "who heads X", "X, led by Y"
    assert roles(facts_of(nlp, "Anna Kowalczyk, who heads the Polish Red Cross, said aid was coming.")) == {
        ("person/anna-kowalczyk", "Head", "organization/red-cross")}
    assert roles(facts_of(nlp, "The Red Cross, led by Anna Kowalczyk, said aid was coming.")) == {
        ("person/anna-kowalczyk", "Leader", "organization/red-cross")}
    # what is led is no organisation: no role
    assert roles(facts_of(nlp, "Mike Smith, who led the talks, said aid was coming.")) == set()


def test_a_multiword_title_is_no_organisation(nlp):
    # "Presidential Press" before "Secretary": the whole of it is the title (roles.tsv)
    facts = facts_of(nlp, "Russian Presidential Press Secretary Dmitry Peskov said the remarks were irresponsible.")
    assert labelled_roles(facts) == {
        ("Dmitry Peskov", "Presidential Press Secretary", "Russia")}
    assert {e.label for e in facts.entities.values()} == {"Dmitry Peskov", "Russia"}


def test_its_title_is_of_the_organisation_named_before(nlp):
    # "its leader X": the organisation "its" points back to, a clause's subject first
    facts = facts_of(nlp, "Chadema was barred from the election, and its leader Tundu Lissu faces treason charges.")
    assert labelled_roles(facts) == {
        ("Tundu Lissu", "Leader", "Chadema")}


def test_a_title_with_its_of_or_to_phrase_before_a_comma_and_the_name(nlp):
    facts = facts_of(nlp, "The spokesman of the Afghan interim administration, Zabihullah Mujahid, confirmed the "
                          "talks. Russia's envoy to international organisations in Vienna, Mikhail Ulyanov, "
                          "congratulated both sides.")
    assert labelled_roles(facts) == {
        ("Zabihullah Mujahid", "Spokesman", "Afghanistan"), ("Mikhail Ulyanov", "Envoy", "Russia")}


def test_a_plural_title_before_names_each_with_its_place(nlp):
    facts = facts_of(nlp, "Senators John Fetterman of Pennsylvania, Catherine Cortez Masto of Nevada and Angus King "
                          "of Maine voted for the bill.")
    assert {(facts.entities[p].label, r) for p, r, o in roles(facts)} == {
        ("John Fetterman", "Senator"), ("Catherine Cortez Masto", "Senator"), ("Angus King", "Senator")}


def test_a_hyphenated_title_in_apposition(nlp):
    facts = facts_of(nlp, "Ngozi Okonjo-Iweala, director-general of the World Trade Organization, welcomed the deal.")
    assert labelled_roles(facts) == {
        ("Ngozi Okonjo-Iweala", "Director General", "World Trade Organization")}


def test_an_envoys_posting_and_a_name_the_tagger_took_for_an_organisation(nlp):
    facts = facts_of(nlp, "Ukraine's ambassador to Germany, Oleksii Makeiev, has put it bluntly. "
                          "US Special Envoy for Syria Tom Barrack described the visit as historic. "
                          "Australia's ambassador in Manila, Marc Innes-Brown, said his government was concerned.")
    assert labelled_roles(facts) == {
        ("Oleksii Makeiev", "Ambassador", "Ukraine"), ("Tom Barrack", "Special Envoy", "United States"),
        ("Marc Innes-Brown", "Ambassador", "Australia")}


def test_a_word_of_a_name_before_a_comma_is_no_earlier_title(nlp):
    facts = facts_of(nlp, "In New York, where he attended the UN General Assembly, President Luiz Inácio Lula da "
                          "Silva said the outcome had been foreseeable.")
    assert {(facts.entities[p].label, r) for p, r, o in roles(facts)} == {("Luiz Inácio Lula da Silva", "President")}


def test_abbreviated_titles(nlp):
    facts = facts_of(nlp, "Rep. Ro Khanna said the vote was a victory. Sen. Rand Paul objected.")
    assert {(facts.entities[p].label, r) for p, r, o in roles(facts)} == {
        ("Ro Khanna", "Representative"), ("Rand Paul", "Senator")}


def test_a_title_of_two_words_inside_the_name_the_tagger_found(nlp):
    # the tagger takes "Crown Prince Mohammed bin Salman" for one name: the title is read off its first words
    facts = facts_of(nlp, "The plan was announced at the request of Saudi Crown Prince Mohammed bin Salman.")
    assert roles(facts) == {("Q6892571", "Crown Prince", "Q851")}


def test_the_first_title_of_a_chain_joined_by_of_the_is_the_names(nlp):
    facts = facts_of(nlp, "Press Secretary of the President of the Russian Federation Dmitry Peskov told "
                          "journalists on Monday.")
    assert roles(facts) == {("Q4359688", "Press Secretary", "Q159")}
    facts = facts_of(nlp, "Head of the Office of the President Kyrylo Budanov called it a lengthy operation.")
    assert {(facts.entities[p].label, r) for p, r, o in roles(facts)} == {("Kyrylo Budanov", "Head")}
    # "an envoy of President X": the bare title before the name is X's own
    facts = facts_of(nlp, "Massad Boulos met an envoy of President Félix Tshisekedi in Kinshasa.")
    assert roles(facts) == {("Q29032770", "President", "Q974")}


def test_whose_before_a_title_is_the_organisation_the_relative_clause_is_about(nlp):
    facts = facts_of(nlp, "Vox, whose leader Santiago Abascal has repeatedly pressed for a censure motion, "
                          "is ready to sign one.")
    assert labelled_roles(facts) == {
        ("Santiago Abascal", "Leader", "Vox")}


def test_a_title_opening_a_sentence_stays_with_its_name(nlp):
    # the small parser splits "Chancellor" off as a sentence of its own after a short sentence;
    # a sentence never starts right after a word (kg.nlp.pipeline.no_split_after_words)
    doc = nlp("Berlin is the main brake. Chancellor Friedrich Merz has warned against solo moves.")
    assert [s.text for s in doc.sents] == ["Berlin is the main brake.",
                                           "Chancellor Friedrich Merz has warned against solo moves."]
    facts = facts_of(nlp, "Berlin is the main brake. Chancellor Friedrich Merz has warned against solo moves.")
    assert roles(facts) == {("Q566257", "Chancellor", "Q183")}


def test_the_single_name_a_title_is_of_is_a_body_not_a_person(nlp):
    facts = facts_of(nlp, "Seguro won the run-off on Sunday, defeating André Ventura, the leader of Chega, "
                          "by a wide margin.")
    assert labelled_roles(facts) == {("André Ventura", "Leader", "Chega")}
    assert facts.entities["organization/chega"].etype == "Organization"


def test_a_party_adjective_before_a_title_names_the_party_of_the_country_in_question(nlp):
    # one party of that name: taken where the document names its country
    facts = facts_of(nlp, "The United States pressed Denmark again. Republican Senator Thom Tillis objected.")
    assert labelled_roles(facts) == {("Thom Tillis", "Senator", "Republican Party")}
    # two parties of that name: the one of the country the story names most
    facts = facts_of(nlp, "France voted in Paris. Socialist leader Olivier Faure said France and Portugal "
                          "differ, and France would not wait.")
    assert labelled_roles(facts) == {("Olivier Faure", "Leader", "Socialist Party")}
    assert next(r.org for r in facts.roles) == "organization/socialist-party-france"
    # two-word adjectives are read whole ("Liberal Democrat" is not the Democratic Party)
    facts = facts_of(nlp, "Britain's parliament met. Liberal Democrat leader Ed Davey voted against.")
    assert labelled_roles(facts) == {("Ed Davey", "Leader", "Liberal Democrats")}


def test_a_party_adjective_names_no_party_where_its_country_is_not_in_question(nlp):
    facts = facts_of(nlp, "Italy and Greece met in Rome. Socialist lawmaker Marco Bellini said the talks failed.")
    assert labelled_roles(facts) == {("Marco Bellini", "Lawmaker", None)}
    facts = facts_of(nlp, "Republican Senator Thom Tillis objected to the plan in Kenya.")
    assert labelled_roles(facts) == {("Thom Tillis", "Senator", None)}


def test_a_countrys_own_council_is_not_the_un_body_of_that_short_name(nlp):
    # a wrong owl:sameAs is worse than none: "Russia's Security Council" is not the UN Security Council
    facts = facts_of(nlp, "Dmitry Medvedev, deputy chairman of Russia's Security Council, said the talks failed. "
                          "The UN Security Council met on Friday.")
    assert labelled_roles(facts) == {("Dmitry Medvedev", "Deputy Chairman", "Security Council of Russia")}
    assert {(e.label, e.wikidata) for e in facts.entities.values() if e.etype == "Organization"} == {
        ("Security Council of Russia", None), ("United Nations Security Council", "Q37470")}


def test_a_description_gives_no_second_title_to_someone_the_text_titled(nlp):
    # "the Russian president" is not the spokeswoman just named, though she serves Russia
    facts = facts_of(nlp, "Foreign Ministry spokeswoman Maria Zakharova spoke on Thursday. The Russian president "
                          "has not commented, she said.")
    assert {r for _, r, _ in roles(facts) if r == "President"} == set()


def test_a_partys_members_named_as_a_plural_noun_are_the_party(nlp):
    facts = facts_of(nlp, "BERLIN - Germany's Greens and the Social Democrats backed the budget.")
    assert {e.label for e in facts.entities.values() if e.etype == "Organization"} == {
        "Alliance 90/The Greens", "Social Democratic Party of Germany"}
    # a capital stands for its country: a Washington story's Republicans are the Republican Party
    facts = facts_of(nlp, "WASHINGTON (Reuters) - Republicans blamed Senate Democrats for the shutdown.")
    assert {e.label for e in facts.entities.values() if e.etype == "Organization"} >= {
        "Republican Party", "Democratic Party"}
    # no country of such a party in question: no party
    facts = facts_of(nlp, "In Rome, the Democrats and the Greens walked out.")
    assert {e.label for e in facts.entities.values() if e.etype == "Organization"} == set()


def test_european_parliament_groups_are_named_in_full(nlp):
    facts = facts_of(nlp, "The Socialists and Democrats and Renew Europe voted against, with the Patriots for Europe.")
    assert {e.label for e in facts.entities.values() if e.etype == "Organization"} == {
        "Progressive Alliance of Socialists and Democrats", "Renew Europe", "Patriots for Europe"}


def test_chairing_a_body_is_a_role_in_it_and_not_in_the_body_around_it(nlp):
    facts = facts_of(nlp, "Valerie Hayer, who chairs the Renew Europe group in the European Parliament, objected.")
    assert labelled_roles(facts) == {("Valerie Hayer", "Chair", "Renew Europe")}
    # a committee of the Senate that the text names but no entity stands for: no role in the Senate
    facts = facts_of(nlp, "In Washington, Senator Roger Wicker, who chairs the Senate Armed Services Committee, objected.")
    assert labelled_roles(facts) == {("Roger Wicker", "Senator", None)}


def test_titles_of_civil_servants_and_missions(nlp):
    facts = facts_of(nlp, "Chief Secretary Eknarayan Aryal said the families would be paid. The chief of the defence "
                          "staff, General Fabien Mandon, spoke too.")
    assert labelled_roles(facts) == {("Eknarayan Aryal", "Chief Secretary", None),
                                     ("Fabien Mandon", "Chief of the Defence Staff", None)}


def test_the_party_is_the_party_named_just_before(nlp):
    facts = facts_of(nlp, "The NasDem Party suspended two lawmakers. They must go, the party's secretary-general, "
                          "Hermawi Taslim, said.")
    assert labelled_roles(facts) == {("Hermawi Taslim", "Secretary General", "NasDem Party")}
    # no party named before: no organisation
    facts = facts_of(nlp, "Party spokesperson Pawan Khera accused the commission of bias.")
    assert labelled_roles(facts) == {("Pawan Khera", "Spokesperson", None)}
