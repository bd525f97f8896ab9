"""The general stance rules, one short text each: who holds what, read off the parse.

The rules are tested on their candidates (the decision model off): the model's decision is
tested in test_pipeline.py and measured on the corpus."""
import datetime

import pytest


from kg.extract import extract_document
from kg.sources import Document

NATO = "ukraine_nato_membership"
TROOPS = "foreign_troops_in_ukraine"



_DOMAIN = None


@pytest.fixture(autouse=True)
def _rules_only(candidate_domain):
    global _DOMAIN
    _DOMAIN = candidate_domain


def _stance_facts(nlp, text, twins: bool = False):
    """The candidates the rules read; with ``twins``, also the other side of each attributed
    mention, which the mention reader offers the decision without reading it."""
    facts = extract_document(Document("t", text, "t.txt", date=datetime.date(2025, 12, 2)), nlp(text), _DOMAIN)
    return [s for s in facts.stances if twins or "mention_reversed" not in s.features]


def stances(nlp, text):
    return {(s.holder, s.topic, s.polarity, s.conditional) for s in _stance_facts(nlp, text)}


def test_they_is_the_coordinated_actors_named_before(nlp):
    got = stances(nlp, "Britain, France and Germany discussed Ukraine's NATO membership. They oppose it.")
    assert got == {("Q145", NATO, "oppose", False), ("Q142", NATO, "oppose", False),
                   ("Q183", NATO, "oppose", False)}


def test_both_leaders_are_the_last_two_people(nlp):
    got = stances(nlp, "Alexander Stubb met Donald Tusk in Helsinki. Both leaders told the news conference "
                       "they would support a ceasefire along the current front line in Ukraine.")
    assert got == {("person/alexander-stubb", "ceasefire", "support", False),
                   ("Q946", "ceasefire", "support", False)}


def test_passive_subject_is_the_topic_and_the_agent_the_holder(nlp):
    got = stances(nlp, "The deployment of European troops in Ukraine was rejected by Hungary.")
    assert got == {("Q28", TROOPS, "oppose", False)}


def test_framing_as_a_threat_is_opposition(nlp):
    got = stances(nlp, "Putin has long cited NATO's eastward expansion as one of the main reasons for the war in Ukraine.")
    assert got == {("Q7747", "nato_enlargement", "oppose", False)}


def test_on_the_table_phrase(nlp):
    got = stances(nlp, "Zelensky says that the issue of Ukraine's membership of NATO remains on the "
                       "negotiating table.")
    assert got == {("Q3874799", NATO, "support", False)}


def test_a_leader_announcing_his_country_position_holds_it(nlp):
    got = stances(nlp, "Ukrainian President Volodymyr Zelensky announced that Ukraine was forgoing its NATO bid "
                       "in exchange for Western security guarantees.")
    assert got == {("Q3874799", NATO, "oppose", True), ("Q3874799", "security_guarantees", "support", True)}


def test_a_spokesman_does_not_speak_for_his_country_as_holder(nlp):
    got = stances(nlp, "Kremlin spokesman Dmitry Peskov said Russia would never accept troops from NATO countries "
                       "on Ukrainian soil.")
    assert got == {("Q159", TROOPS, "oppose", False)}       # not Peskov (Q4359688)


def test_nested_clause_with_its_own_subject_is_a_stance_too(nlp):
    got = stances(nlp, "Ukraine's government has been angry that the White House has pursued direct, bilateral "
                       "negotiations with Moscow.")
    assert got == {("Q30", "direct_us_russia_talks", "support", False),
                   ("Q212", "direct_us_russia_talks", "oppose", False)}


def test_light_verb_noun(nlp):
    assert stances(nlp, "Germany voiced support for Ukraine's NATO membership.") == {("Q183", NATO, "support", False)}


@pytest.mark.xfail(strict=True, reason="the rules also give ('Q7184', 'ceasefire', 'support', True): the "
                   "condition clause 'only once a ceasefire is established' is read as a topic")
def test_condition_in_a_coordinated_clause(nlp):
    got = stances(nlp, "NATO supports the notion of sending troops to Ukraine, but only once a ceasefire is "
                       "established.")
    assert got == {("Q7184", TROOPS, "support", True)}


def test_a_verb_with_nothing_to_take_a_stance_on_is_no_stance(nlp):
    got = stances(nlp, "Trump has taken Ukraine's NATO membership off the table, as even Mark Rutte has recognized.")
    assert got == {("Q22686", NATO, "oppose", False)}       # Rutte (Q57792) only recognizes it


def test_he_in_reported_speech_is_the_one_who_says_it(nlp):
    got = stances(nlp, "Viktor Orbán, who had offered to host a summit between Donald Trump and Vladimir Putin, "
                       "said he still backed direct talks between Washington and Moscow on Ukraine.")
    assert got == {("Q57641", "direct_us_russia_talks", "support", False)}   # not Putin (Q7747)


def test_an_adjective_stance_is_about_its_subject(nlp):
    got = stances(nlp, "Rutte said that the door to NATO remains open for Ukraine.")
    assert got == {("Q57792", NATO, "support", False)}


def test_a_generic_cue_about_another_organisation_is_not_this_topic(nlp):
    got = stances(nlp, "Ukraine's NATO membership was discussed again. Fico said he does not object to "
                       "Ukraine's EU bid.")
    # Fico's (Q57606) cue is about the EU bid, not NATO: an open topic of its own
    assert got == {("Q57606", "open_ukraine_european_union_bid", "support", False)}


def test_each_coordinated_demand_is_read_on_its_own(nlp):
    got = stances(nlp, "Moscow has presented its peace terms as requiring Kiev to drop its plans to join NATO, "
                       "commit to neutral status and renounce all claims to the Ukrainian regions annexed by Russia.")
    assert got == {("Q159", NATO, "oppose", False), ("Q159", "ukraine_neutrality", "support", False),
                   ("Q159", "territorial_concessions", "support", False)}


def test_a_goal_noun_in_a_copular_clause(nlp):
    got = stances(nlp, "“Our ambition was NATO membership,” said Zelensky.")
    assert got == {("Q3874799", NATO, "support", False)}


@pytest.mark.xfail(strict=True, reason="the rules also give ('Q7747', 'ukraine_nato_membership', 'support', "
                   "False): Putin only 'spoke about' the bid")
def test_a_demand_from_a_leaders_government_is_his_countrys(nlp):
    got = stances(nlp, "Russian President Vladimir Putin spoke about Ukraine's NATO bid. Renouncing the bid has remained a continued demand "
                       "from Putin's government.")
    assert got == {("Q159", NATO, "oppose", False)}        # a leader's government is his country


def test_negated_passive_grant_under_a_statement(nlp):
    got = stances(nlp, "The alliance itself has repeatedly stated that Ukraine cannot be granted NATO membership "
                       "until the war with Russia is over.")
    assert got == {("Q7184", NATO, "oppose", True)}


def test_threatening_takes_the_polarity_of_what_is_threatened(nlp):
    assert stances(nlp, "Hungary threatened to block any EU funding for the European reassurance force in "
                        "Ukraine.") == {("Q28", TROOPS, "oppose", False),
                                        ("Q28", "open_european_union_funding_european_reassurance_force", "oppose", False)}


def test_not_allowing_is_opposition_and_calling_on_is_support(nlp):
    assert stances(nlp, "Russia will not allow foreign troops in Ukraine.") == {("Q159", TROOPS, "oppose", False)}
    assert stances(nlp, "Washington called on Kyiv to withdraw from the Donbas.") == {
        ("Q30", "territorial_concessions", "support", False)}


def test_a_spokesman_states_his_principal_position(nlp):
    got = stances(nlp, "Kremlin spokesman Dmitry Peskov said Ukraine must abandon its NATO ambitions.")
    assert got == {("Q159", NATO, "oppose", False)}


def test_a_verb_inside_the_topic_cue_is_not_counted_twice(nlp):
    got = stances(nlp, "Ukraine has never agreed to give up territory, its foreign minister wrote.")
    assert got == {("Q212", "territorial_concessions", "oppose", False)}


@pytest.mark.xfail(strict=True, reason="the rules also give Zakharova ('Q20812953', "
                   "'foreign_troops_in_ukraine', 'support', False), the opposite of what she says")
def test_regarding_troops_as_targets_is_opposition(nlp):
    got = stances(nlp, "Maria Zakharova said Moscow would regard any Western troops in Ukraine as legitimate targets.")
    assert got == {("Q159", TROOPS, "oppose", False)}


def test_a_condition_clause_is_not_the_topic(nlp):
    got = stances(nlp, "US President Donald Trump was prepared to meet Putin on Ukraine only if a ceasefire held.")
    assert got == {("Q22686", "direct_us_russia_talks", "support", True)}     # no ceasefire stance


def test_the_side_rather_than_sets_aside_is_opposed(nlp):
    got = stances(nlp, "Donald Trump said the best way to end the war in Ukraine was to go straight to a "
                       "peace agreement rather than a ceasefire.")
    # the side set aside is opposed; the side chosen is supported, without the other in its name
    assert got == {("Q22686", "ceasefire", "oppose", False), ("Q22686", "open_peace_agreement", "support", False)}


def test_setting_aside_a_bid_opposes_it(nlp):
    got = stances(nlp, "Volodymyr Zelensky said Ukraine is prepared to set aside its bid for NATO membership.")
    assert got == {("Q212", NATO, "oppose", False), ("Q3874799", NATO, "oppose", False)}


def test_boots_on_the_soil_are_troops(nlp):
    got = stances(nlp, "Warsaw has ruled out putting Polish boots on Ukrainian soil.")
    assert got == {("Q36", TROOPS, "oppose", False)}


def test_denying_a_fact_is_no_stance_but_denying_a_thing_is(nlp):
    assert stances(nlp, "Donald Trump denied on Sunday that ceding Donbas to Russia had been discussed "
                        "with Ukraine.") == set()
    assert stances(nlp, "Russia denied Ukraine membership in NATO.") == {("Q159", NATO, "oppose", False)}


def test_an_evaluation_parsed_as_the_objects_modifier_still_evaluates(nlp):
    got = stances(nlp, "Lula called the tariffs wrong-headed and illogical, noting that the United States "
                       "runs a surplus with Brazil.")
    assert got == {("Q37181", "open_tariff", "oppose", False)}


def test_a_definite_anaphor_is_the_issue_read_from_the_same_word_not_the_last_one(nlp):
    facts = extract_document(Document("t", "Brazil backed the Mercosur trade pact on Monday. Lima defended its fishing "
                                           "quotas. Chile has long resisted the pact.", "t.txt",
                                      date=datetime.date(2025, 12, 2)), nlp(
        "Brazil backed the Mercosur trade pact on Monday. Lima defended its fishing quotas. Chile has long resisted "
        "the pact."), _DOMAIN)
    got = {(s.holder, s.topic_label, s.polarity) for s in facts.stances if s.holder == "Q298"}
    assert got == {("Q298", "Mercosur trade pact", "oppose")}


def test_siding_with_an_actor_takes_its_positions(nlp):
    got = stances(nlp, "France opposes the Mercosur trade agreement. Poland has sided with Paris.")
    assert got == {("Q142", "open_mercosur_trade_agreement", "oppose", False),
                   ("Q36", "open_mercosur_trade_agreement", "oppose", False)}


def test_a_clause_that_was_a_demand_of_an_actor_is_its_stance(nlp):
    got = stances(nlp, "Lifting the sanctions on Syria had been a longstanding demand of Saudi Arabia.")
    assert got == {("Q851", "open_lift_sanction_syria", "support", False)}


def test_another_actors_cue_inside_the_complement_does_not_flip_the_stance(nlp):
    got = stances(nlp, "Lee Jae-myung has pledged to launch special counsel investigations into the martial law "
                       "decree, a move the People Power Party has denounced as political revenge.")
    # the cue reads the whole action; the issue word "investigations" is read on its own too, both as support;
    # "a move the party has denounced": the party opposes the move under discussion
    assert got == {("person/lee-jae-myung", "open_launch_special_counsel_investigation_martial_law_decree", "support", False),
                   ("person/lee-jae-myung", "open_special_counsel_investigation", "support", False),
                   ("organization/people-power-party", "open_special_counsel_investigation", "oppose", False)}


def test_a_relative_clause_cue_takes_its_antecedent_as_the_issue(nlp):
    got = stances(nlp, "Peru criticised the fishing quotas Chile has proposed.")
    assert got == {("Q419", "open_fishing_quota", "oppose", False), ("Q298", "open_fishing_quota", "support", False)}


def test_every_titled_signatory_of_a_statement_holds_what_it_says(nlp):
    got = stances(nlp, "European leaders have issued a joint statement on Ukraine. Signed by French President "
                       "Emmanuel Macron, German Chancellor Friedrich Merz, British Prime Minister Keir Starmer, "
                       "Italian Prime Minister Giorgia Meloni, Finnish President Alexander Stubb, Polish Prime "
                       "Minister Donald Tusk and European Commission President Ursula von der Leyen, it welcomes "
                       "the efforts. \"Ukraine needs security guarantees that are truly ironclad,\" the statement said.")
    signatories = {"Q3052772", "Q566257", "Q6383803", "person/giorgia-meloni", "person/alexander-stubb", "Q946",
                   "Q60772"}
    # what Ukraine "needs", in the statement's words, is the signatories' position, not Ukraine's own
    assert got == {(h, "security_guarantees", "support", False) for h in signatories}


def test_the_statement_said_is_its_issuers_a_joint_statement_by_several(nlp):
    got = stances(nlp, "A joint statement by Emmanuel Macron, Friedrich Merz and Keir Starmer welcomed the talks. "
                       "Ukraine, the statement said, must have ironclad security guarantees.")
    assert {h for h, *_ in got} == {"Q3052772", "Q566257", "Q6383803"}


def test_ruling_out_a_country_joining_is_the_speakers_stance_not_the_countrys(nlp):
    got = stances(nlp, "In a post the same evening Donald Trump ruled out Ukraine joining NATO.")
    assert got == {("Q22686", NATO, "oppose", False)}


def test_unacceptable_to_an_actor_is_that_actors_opposition(nlp):
    got = stances(nlp, "He said the deployment of troops from NATO countries in Ukraine would be unacceptable "
                       "to Moscow.")
    assert got == {("Q159", TROOPS, "oppose", False)}


def test_an_issue_said_to_do_harm_is_opposed_by_the_speaker(nlp):
    got = stances(nlp, "Kim Jong Un said the sanctions threaten the peace in the region.")
    assert got == {("Q56226", "open_sanction", "oppose", False)}


def test_actors_split_over_an_issue_take_no_side_by_that_alone(nlp):
    assert stances(nlp, "Lisbon and Ottawa split over proposed levy on imported steel") == set()


def test_calling_an_issue_a_foolish_idea_opposes_it(nlp):
    got = stances(nlp, "Viktor Orban called the frozen-assets scheme a foolish idea.")
    assert got == {("Q57641", "open_frozen_asset_scheme", "oppose", False)}


def labelled(nlp, text):
    """(holder, topic label, polarity): an open topic by its label, a taxonomy topic by its key."""
    return {(s.holder, s.topic_label or s.topic, s.polarity) for s in _stance_facts(nlp, text)}


def test_a_verb_without_object_keeps_the_preposition_that_completes_it(nlp):
    got = labelled(nlp, "Donald Trump and Vladimir Putin agreed to meet in Budapest.")
    assert got == {("Q22686", "meet in Budapest", "support"), ("Q7747", "meet in Budapest", "support")}


def test_a_long_issue_phrase_is_cut_after_its_head_not_dropped(nlp):
    got = labelled(nlp, "Friedrich Merz pledged to press ahead with plans to use the full value of Russia's "
                        "immobilised sovereign assets to fund Kyiv.")
    assert got == {("Q566257", "use full value of Russia's immobilised sovereign assets", "support")}


def test_a_noun_the_document_keeps_using_is_an_issue_whatever_its_subject(nlp):
    # "roadmap" is in no lexicon: the headline and the text name it again and again
    text = ("Roadmap fight at climate talks\n\nDelegates argued over the roadmap. Colombia said the roadmap "
            "must name a date. Brazil presented a new draft of the roadmap on Friday.")
    assert labelled(nlp, text) == {("Q739", "roadmap", "support"), ("Q155", "roadmap", "support")}


def test_a_joint_statement_speaks_again_as_it(nlp):
    got = labelled(nlp, "France, Germany and Britain said in a joint statement on Sunday that they back the truce. "
                        "It also says Ukraine must receive the frozen assets loan.")
    assert {(h, p) for h, l, p in got if "loan" in l} == {("Q142", "support"), ("Q183", "support"), ("Q145", "support")}



def test_a_named_agreement_in_the_headline_is_the_lead_issue(nlp):
    # "deal" names no issue alone, but "the Mercosur trade deal" does; "the agreement" later is it
    text = ("Macron says Mercosur trade deal unacceptable\n\nFrance opposes the Mercosur trade deal. "
            "Germany and Spain strongly back the agreement.")
    got = labelled(nlp, text)
    assert {(h, l, p) for h, l, p in got if h in ("Q183", "Q29")} == {
        ("Q183", "Mercosur trade deal", "support"), ("Q29", "Mercosur trade deal", "support")}


def test_an_issue_said_to_be_unacceptable_is_opposed_by_who_says_so(nlp):
    got = labelled(nlp, "Macron said the free trade agreement with Mercosur was unacceptable in its current form.")
    assert got == {("Q3052772", "free trade agreement with Mercosur", "oppose")}


def test_a_bare_word_for_the_issue_is_the_documents_lead_issue(nlp):
    text = ("Britain and EU seal Brexit reset deal\n\nBritain and the European Union agreed the Brexit reset deal "
            "on Monday. Opposition leader Kemi Badenoch called the agreement a surrender.")
    got = labelled(nlp, text)
    assert {(h, l, p) for h, l, p in got if h == "person/kemi-badenoch"} == {
        ("person/kemi-badenoch", "reset deal", "oppose")}


def test_campaigning_against_and_being_concerned_about_an_issue_oppose_it(nlp):
    assert labelled(nlp, "Emmanuel Macron campaigned against the foreign agents law for weeks.") == {
        ("Q3052772", "foreign agents law", "oppose")}
    assert labelled(nlp, "Emmanuel Macron was gravely concerned about the foreign agents law.") == {
        ("Q3052772", "foreign agents law", "oppose")}


def test_brussels_is_the_eu_where_the_document_names_the_eu(nlp):
    got = labelled(nlp, "The European Union praised the vote. Brussels welcomed the referendum result.")
    assert {h for h, l, p in got} == {"Q458"}
    got = labelled(nlp, "Belgian police were deployed. Brussels welcomed the referendum result.")
    assert {h for h, l, p in got} == {"Q31"}


def test_evaluations_of_military_action_and_regret_over_it(nlp):
    assert labelled(nlp, "Pakistan reacts\n\nIslamabad calls Indian strikes an unprovoked act of war.") == {
        ("Q843", "Indian strikes", "oppose")}
    assert labelled(nlp, "China expressed regret over India's military strikes.") == {
        ("Q148", "India's military strikes", "oppose")}


def test_a_cue_inside_the_topics_own_words_counts_only_its_negation(nlp):
    # "give up territory" is the concession itself: not giving it up opposes concessions
    assert stances(nlp, "Kyiv would not give up territory in the war with Russia.") == {
        ("Q212", "territorial_concessions", "oppose", False)}
    assert stances(nlp, "Moscow demands territory, and Kyiv will never give up Donbas.") == {
        ("Q159", "territorial_concessions", "support", False), ("Q212", "territorial_concessions", "oppose", False)}


def test_a_negation_between_the_cue_and_its_holder_turns_it_to_opposition(nlp):
    assert stances(nlp, "Germany and Poland had no intention of sending troops to Ukraine.") == {
        ("Q183", TROOPS, "oppose", False), ("Q36", TROOPS, "oppose", False)}
    assert stances(nlp, "Poland was not considering sending troops to Ukraine.") == {("Q36", TROOPS, "oppose", False)}


def test_no_before_the_issue_word_is_opposition(nlp):
    assert stances(nlp, "Olaf Scholz said there would be no soldiers on Ukrainian soil sent by NATO states.") == {
        ("Q61053", TROOPS, "oppose", False)}


def test_a_preposition_that_takes_a_side_counts_once(nlp):
    assert stances(nlp, "Zelensky reiterated his stance against recognizing Russia's annexation of Crimea.") == {
        ("Q3874799", "territorial_concessions", "oppose", False)}
    assert stances(nlp, "Hungary campaigned against Ukraine's NATO membership.") == {("Q28", NATO, "oppose", False)}


def test_a_negation_inside_the_topics_words_is_not_the_speakers(nlp):
    assert stances(nlp, "France insisted that Ukraine's borders must not be changed by force.") == {
        ("Q142", "territorial_concessions", "oppose", False)}


def test_a_group_with_words_of_its_own_is_not_the_group_named_before(nlp):
    text = "Kyiv and Moscow said on Monday that talks would resume. {} leaders backed a ceasefire."
    assert stances(nlp, text.format("European")) == set()
    assert stances(nlp, text.format("Both")) == {("Q212", "ceasefire", "support", False),
                                                  ("Q159", "ceasefire", "support", False)}


def test_an_infinitive_after_an_issue_noun_completes_it(nlp):
    got = stances(nlp, "Joe Biden supported Brazil's initiative to hold a global peace summit.")
    # (and the initiative's owner supports what it proposes)
    assert got == {("Q6279", "open_hold_global_peace_summit", "support", False),
                   ("Q155", "open_hold_global_peace_summit", "support", False)}


def test_another_countrys_membership_is_nato_enlargement(nlp):
    text = "Sweden applied for membership of NATO in 2022. Hungary backed Ukraine's NATO bid."
    assert stances(nlp, text) == {("Q34", "nato_enlargement", "support", False), ("Q28", NATO, "support", False)}


def test_russia_named_in_other_news_does_not_bring_the_war_taxonomy(nlp):
    text = ("Russia and China abstained in the vote on Gaza. Egypt backed the US peace plan for Gaza, "
            "and Moscow called for a ceasefire.")
    assert stances(nlp, text) == {("Q79", "open_united_states_peace_plan", "support", False),
                                  ("Q159", "open_ceasefire", "support", False)}


def test_a_verb_with_a_particle_and_a_preposition_is_one_cue(nlp):
    # "walk away from", "pull out of": the parser hangs the object under the particle
    assert labelled(nlp, "The United States walked away from the Paris Agreement.") == {
        ("Q30", "Paris Agreement", "oppose")}
    assert labelled(nlp, "Washington pulled out of the Paris accord.") == {("Q30", "Paris accord", "oppose")}


def test_an_act_done_to_a_person_is_supported_by_whoever_does_it(nlp):
    got = labelled(nlp, "Peru's Congress removed President Dina Boluarte from office on Friday.")
    assert {(label, polarity) for _, label, polarity in got} == {("removal of Dina Boluarte", "support")}
    # an act whose object is no actor takes no stance
    assert labelled(nlp, "Police arrested dozens of protesters in the capital.") == set()


def test_candidates_know_their_rivals_and_whether_their_topic_ends_in_an_issue_word(nlp):
    # two topics for one holder in one sentence: each has a rival; "steel tariffs" ends in an issue word
    facts = _stance_facts(nlp, "Ottawa opposed the steel tariffs and backed the free movement of workers.")
    got = {(s.topic_label, s.features["rivals"], s.features.get("topic_ends_in_issue_word")) for s in facts}
    assert got == {("steel tariffs", 0.25, 1.0), ("free movement of workers", 0.25, 0.0)}


def test_a_possessed_stance_noun_with_no_complement_is_about_the_issue_in_focus(nlp):
    got = labelled(nlp, "The EU debated a reparations loan from frozen Russian assets. Belgium's opposition proved "
                        "decisive.")
    assert got == {("Q31", "reparations loan", "oppose")}


def test_an_issue_word_that_is_a_verbs_object_is_named_with_the_verb(nlp):
    # "aircraft" is the issue only as the thing to shoot down: the mention later carries the verb
    text = ("Allies debated whether to shoot down Russian aircraft over Estonia. Polish Foreign Minister Radoslaw "
            "Sikorski said any Russian aircraft entering Polish airspace would be downed.")
    assert labelled(nlp, text) == {("Q58085", "shoot down Russian aircraft", "support")}


def test_a_state_the_speaker_reports_on_takes_its_own_position_beside_the_speaker(nlp):
    got = stances(nlp, "Danish Foreign Minister Lars Lokke Rasmussen said Copenhagen would still rather see Ukraine "
                       "in NATO.")
    assert got == {("Q35", NATO, "support", False), ("Q182397", NATO, "support", False)}


def test_a_cue_ending_in_a_preposition_takes_that_prepositions_object(nlp):
    facts = _stance_facts(nlp, "Chilean Finance Minister Mario Marcel warned the Commission against starting a "
                               "trade war with China.")
    assert {(s.holder, s.topic_label, s.polarity) for s in facts} == \
        {("person/mario-marcel", "starting trade war", "oppose")}


def test_a_list_of_subjects_the_parser_splits_names_every_member(nlp):
    got = stances(nlp, "The liberal VVD, the centrist New Social Contract (NSC) and the Farmer-Citizen Movement "
                       "(BBB) refused to sign Ukraine's NATO membership pledge.")
    assert {h for h, *_ in got} == {"organization/people-s-party-for-freedom-and-democracy", "organization/new-social-contract",
                                    "organization/farmer-citizen-movement"}


def test_two_subjects_of_one_verb_both_hold_it(nlp):
    got = stances(nlp, "Chancellor Olaf Scholz, the leader of the SPD, and Finance Minister Christian Lindner "
                       "rejected a ceasefire in Ukraine.")
    assert got == {("Q61053", "ceasefire", "oppose", False), ("person/christian-lindner", "ceasefire", "oppose", False)}


def test_heading_off_is_opposing(nlp):
    got = stances(nlp, "Hungary moved to head off a ceasefire in Ukraine.")
    assert got == {("Q28", "ceasefire", "oppose", False)}


def test_the_one_urged_is_addressed_the_issue_is_what_they_are_urged_to_do(nlp):
    facts = _stance_facts(nlp, "Spain urged the Commission to find a negotiated solution with Beijing.")
    assert {(s.holder, s.topic_label, s.polarity) for s in facts} == {("Q29", "find negotiated solution", "support")}


def test_called_on_someone_to_act_is_a_stance_on_the_act(nlp):
    facts = _stance_facts(nlp, "The European Union called on Israel to allow aid into Gaza.")
    assert {(s.holder, s.topic_label, s.polarity, s.features.get("reader=open", 0.0)) for s in facts} == {
        ("Q458", "allow aid into Gaza", "support", 1.0), ("Q458", "aid", "support", 0.0)}


def test_a_definite_manoeuvre_points_back_to_the_issue_in_focus(nlp):
    got = stances(nlp, "The prime minister proposed a ceasefire in Ukraine on Monday. Hungary condemned the "
                       "manoeuvre as a trick.")
    assert got == {("Q28", "ceasefire", "oppose", False)}


def test_candidates_know_whether_their_topic_words_are_in_the_headline_and_how_often_the_text_uses_them(nlp):
    text = ("Steel tariffs divide the bloc\n\nOttawa opposed the steel tariffs on Monday. Lima backed the free "
            "movement of workers. The tariffs take effect in May.")
    got = {(s.topic_label, s.features["label_in_headline"], s.features["label_salience"])
           for s in _stance_facts(nlp, text) if s.topic_label}
    # ("Steel" in the headline names the phrase it modifies: one issue, "steel tariffs")
    assert got == {("steel tariffs", 1.0, 3 / 8), ("free movement of workers", 0.0, 1 / 8)}


def test_a_taxonomy_cue_that_holds_its_own_negation_is_not_flipped_by_it(nlp):
    got = stances(nlp, "Macron said decisions on Ukraine's territory are for Ukraine alone and that international "
                       "borders must not be changed by force.")
    assert got == {("Q3052772", "territorial_concessions", "oppose", False)}


def test_what_a_reported_subject_needs_is_the_speakers_position(nlp):
    got = stances(nlp, "Ursula von der Leyen said Ukraine needs security guarantees that are truly ironclad.")
    assert got == {("Q60772", "security_guarantees", "support", False)}


def test_a_free_relative_names_no_issue(nlp):
    assert labelled(nlp, "President Donald Trump hailed what he described as a new era of hope for the region.") == set()


def test_an_issue_said_to_carry_a_risk_is_opposed(nlp):
    got = labelled(nlp, '"This deal carries a risk of dramatic consequences for our farms," said Arnaud Rousseau of '
                        'the Mercosur trade deal.')
    assert {(label, polarity) for _, label, polarity in got} == {("Mercosur trade deal", "oppose")}


def test_whoever_a_proposal_belongs_to_supports_what_it_proposes(nlp):
    assert labelled(nlp, "Canada backed China's proposal for a trade truce.") == {
        ("Q16", "trade truce", "support"), ("Q148", "trade truce", "support")}
    got = stances(nlp, "Kyiv rejected Moscow's demand for a withdrawal from the Donbas.")
    assert got == {("Q212", "territorial_concessions", "oppose", False), ("Q159", "territorial_concessions", "support", False)}


def test_each_coordinated_issue_is_a_stance_of_its_own(nlp):
    assert stances(nlp, "Emmanuel Macron backed the tariffs on steel and the ban on Russian gas.") == {
        ("Q3052772", "open_tariff_steel", "support", False), ("Q3052772", "open_ban_russia_gas", "support", False)}
    assert {(h, t) for h, t, _, _ in stances(nlp, "Antonio Guterres called for a ceasefire, for talks between "
                                                   "the army and the RSF, and for humanitarian access.")} == {
        ("Q311440", "open_ceasefire"), ("Q311440", "open_negotiation_army_rsf"), ("Q311440", "open_humanitarian_access")}


def test_the_named_members_of_a_group_hold_its_stance(nlp):
    got = stances(nlp, "Volodymyr Zelensky and leaders including Britain's Keir Starmer, Germany's Friedrich "
                       "Merz and France's Emmanuel Macron backed a ceasefire in Kenya.")
    assert {h for h, *_ in got} == {"Q3874799", "Q6383803", "Q566257", "Q3052772"}


def test_a_clause_attributed_by_according_to_or_a_parenthetical_is_the_speakers(nlp):
    assert stances(nlp, "According to Emmanuel Macron, the tariffs are a mistake.") == {
        ("Q3052772", "open_tariff", "oppose", False)}
    assert stances(nlp, "According to Reuters, the tariffs are a mistake.") == set()
    assert stances(nlp, "India's record purchases of Russian crude, Volodymyr Zelensky said, were a mistake.") == {
        ("Q3874799", "open_india_record_purchase_russia_crude", "oppose", False)}


def test_the_issues_own_verb_does_not_turn_the_stance_around(nlp):
    assert stances(nlp, "Emmanuel Macron backed efforts to end the war.") == {
        ("Q3052772", "open_end_war", "support", False)}
    assert stances(nlp, "France pushed back against the plan to cut farm subsidies.") == {
        ("Q142", "open_cut_farm_subsidy", "oppose", False)}
    assert stances(nlp, "France voted against the plan to cut farm subsidies.") == {
        ("Q142", "open_cut_farm_subsidy", "oppose", False)}


def test_a_stance_noun_coordinated_after_a_light_verb_and_an_issue_named_with_the_holders_adjective(nlp):
    assert stances(nlp, "China expressed strong dissatisfaction and firm opposition to the tariffs.") == {
        ("Q148", "open_tariff", "oppose", False)}
    assert stances(nlp, "China expressed firm opposition to the listing of Chinese firms.") == {
        ("Q148", "open_listing_china_firm", "oppose", False)}


def test_talks_that_need_a_counterpart_are_the_topic_only_with_it(nlp):
    # direct_us_russia_talks names the US side as its counterpart (ontology/topics.ttl):
    # a meeting with Putin is those talks when the sentence or the holder names the US
    assert stances(nlp, "Donald Trump said he was ready for a summit with Putin on the war in Ukraine.") == {
        ("Q22686", "direct_us_russia_talks", "support", False)}
    assert labelled(nlp, "Volodymyr Zelensky said Ukraine was ready for a summit with Putin.") == {
        ("Q212", "summit with Putin", "support")}


def test_the_owner_of_a_proposal_named_by_an_adjective_supports_what_it_proposes(nlp):
    # "the American proposal for a ceasefire": the United States proposes the ceasefire, and the
    # proposal is about the ceasefire, not the US peace plan
    assert stances(nlp, "Kyiv accepted the American proposal for a ceasefire in Ukraine.") == {
        ("Q212", "ceasefire", "support", False), ("Q30", "ceasefire", "support", False)}
    assert stances(nlp, "Ukraine welcomed a plan by France for a ceasefire.") == {
        ("Q212", "ceasefire", "support", False), ("Q142", "ceasefire", "support", False)}
    # a plan and a truce side by side: the plan's owner is not made to propose the truce
    assert ("Q30", "ceasefire", "support", False) not in stances(
        nlp, "Kyiv backed the US peace plan and a ceasefire in Ukraine.")


def test_a_relative_clause_its_conjunct_and_a_participle_take_their_antecedent_as_topic(nlp):
    assert stances(nlp, "The truce that Paris had been urging for Ukraine and that the Kremlin has long "
                        "resisted never came.") == {("Q142", "ceasefire", "support", False),
                                                     ("Q159", "ceasefire", "oppose", False)}
    # the participle's agent holds its own stance, inside another cue's subject
    assert stances(nlp, "The ceasefire proposed by Kyiv was rejected by Moscow.") == {
        ("Q212", "ceasefire", "support", False), ("Q159", "ceasefire", "oppose", False)}


def test_yet_to_and_turned_down_are_refusals(nlp):
    assert stances(nlp, "Russia, which has yet to accept a ceasefire in Ukraine, continues its offensive.") == {
        ("Q159", "ceasefire", "oppose", False)}
    assert stances(nlp, "Moscow turned down the truce in Ukraine.") == {("Q159", "ceasefire", "oppose", False)}


def test_his_party_and_her_country_are_the_organisation_and_country_of_the_speaker(nlp):
    # ontology/cues.tsv kind "affiliation": the party the person leads, the country she serves
    assert labelled(nlp, "Labour Party leader Keir Starmer said his party backed the tariffs on steel.") == {
        ("organization/labour-party-united-kingdom", "tariffs on steel", "support"), ("Q6383803", "tariffs on steel", "support")}
    assert labelled(nlp, "Colombia's environment minister, Irene Velez, says her country will never accept the "
                         "draft treaty.") == {("Q739", "draft treaty", "oppose"),
                                               ("person/irene-velez", "draft treaty", "oppose")}
    # a party named in apposition is that party
    assert ("organization/direction-social-democracy", "treaty", "oppose") in labelled(
        nlp, "Prime Minister Robert Fico said his party, Smer, would never back the treaty.")


def test_an_anaphor_with_a_relative_clause_is_the_issue_under_discussion(nlp):
    assert ("Q3874799", "territorial_concessions", "oppose", False) in stances(
        nlp, "Russia demands that Ukraine cede Donbas. It is a demand Zelensky has rejected again and again.")
    assert labelled(nlp, "Chile proposed a tax on copper. It is a proposal Peru has rejected.") == {
        ("Q298", "tax on copper", "support"), ("Q419", "tax on copper", "oppose")}


def test_a_topic_keeps_its_infinitive_and_its_particle(nlp):
    # "a treaty to phase out coal" (an infinitival relative) names the issue; a particle the parser
    # took for an adverb goes right after its verb
    assert ("person/ali-mohamed", "back treaty to phase out coal, oil", "support") in labelled(
        nlp, "Ali Mohamed had urged governments to back a treaty to phase out coal, oil and gas.")
    assert ("Q148", "take back Takaichi's erroneous remarks", "support") in labelled(
        nlp, "China wants Tokyo to take Takaichi's erroneous remarks back, Mao said.")


def test_the_party_is_the_organisation_introduced_as_one(nlp):
    # "the opposition party Chadema": an organisation (not the person the tagger takes it for);
    # "The party also demanded …": that organisation
    got = labelled(nlp, "The opposition party Chadema called for a transitional government. The party also "
                        "demanded the release of political prisoners.")
    assert ("organization/chadema", "release of political prisoners", "support") in got
    assert ("organization/chadema", "transitional government", "support") in got


def test_a_passive_complement_names_what_is_done_to_its_subject(nlp):
    assert ("Q419", "tariffs lifted", "support") in labelled(nlp, "Peru demanded that the tariffs be lifted.")


def test_a_person_described_by_the_side_they_take(nlp):
    # cues.tsv kind partisan: "a critic of", "a supporter of"
    assert labelled(nlp, "Doug Ford, a fierce critic of U.S. tariffs, said Ontario would respond.") == {
        ("person/doug-ford", "U.S. tariffs", "oppose")}
    assert labelled(nlp, "Anna Kowalczyk is a fierce critic of the steel tariffs.") == {
        ("person/anna-kowalczyk", "steel tariffs", "oppose")}


def test_an_issue_said_to_do_harm_is_opposed(nlp):
    # "do damage", "cause harm": a light verb with a harm verb's noun (cues.tsv kind harm_verb)
    assert labelled(nlp, "Britain warned that the steel curbs could do grave damage to its industry.") == {
        ("Q145", "steel curbs", "oppose")}
    assert labelled(nlp, "Britain warned that the new tariffs would cause serious harm to exporters.") == {
        ("Q145", "tariffs", "oppose")}


def test_more_verbs_of_refusal_and_assent(nlp):
    assert labelled(nlp, "Chile brushed off the proposal for a fishing quota.") == {("Q298", "fishing quota", "oppose")}
    assert labelled(nlp, "Berlin came out against the tariffs on Chinese cars.") == {
        ("Q183", "tariffs on Chinese cars", "oppose")}


def test_a_clause_wanted_done_to_an_issue_names_it_by_its_subject(nlp):
    # "wants talks to continue", "wants the purchase scrapped": the clause's noun subject is the issue
    assert labelled(nlp, "Chile wants talks to continue.") == {("Q298", "talks to continue", "support")}
    assert labelled(nlp, "Chile wants the purchase of the fighter jets scrapped.") == {
        ("Q298", "purchase of fighter jets scrapped", "support")}


def test_a_particle_verb_takes_the_particles_object(nlp):
    # "head off the tariff", parsed with the tariff under the particle
    assert labelled(nlp, "Chile sent a delegation to head off the tariff.") == {("Q298", "tariff", "oppose")}


def test_a_series_of_reported_clauses_shares_the_first_ones_subject(nlp):
    # "announced that X had done A, would do B and would not do C", parsed as complements of "announced"
    got = labelled(nlp, "Her spokeswoman, Ana Ruiz, announced that Chile had tabled amendments to 25 bills, "
                        "would vote against 21 more and would not back a budget for 2026.")
    # the reported state holds it (and, by the reported-state rule, the one who reports it); the
    # first clause's cue ("vote against") does not flip the second's ("would not back")
    assert {(h, p) for h, t, p in got if t == "budget"} == {("Q298", "oppose"), ("person/ana-ruiz", "oppose")}


def test_a_verb_that_names_an_issue_is_one(nlp):
    # "keep negotiating": the verb of an issue noun (cues.tsv issue_noun "negotiation") names the issue
    assert labelled(nlp, "The secretary-general, Ana Ruiz, urged Chile to keep negotiating.") == {
        ("person/ana-ruiz", "keep negotiating", "support")}


def test_a_definite_description_names_the_issue_its_fuller_first_mention_named(nlp):
    got = labelled(nlp, "Washington imposed blocking sanctions on Rosneft and Lukoil on Wednesday. "
                        "Vladimir Putin called the sanctions an unfriendly act.")
    assert got == {("Q30", "blocking sanctions on Rosneft and Lukoil", "support"),
                   ("Q7747", "blocking sanctions on Rosneft and Lukoil", "oppose")}


def test_a_bare_issue_word_is_labelled_as_written(nlp):
    # the concept's key is the lemma ("open_sanction"), its label the word as the text writes it
    assert labelled(nlp, "Sanctions hurt ordinary Venezuelans, Nicolás Maduro said on Friday.") == {
        ("Q58132", "sanctions", "oppose")}


def test_what_an_actor_will_or_would_do_is_its_position_on_doing_it(nlp):
    assert labelled(nlp, "Narendra Modi assured Trump that India would stop buying Russian oil.") >= {
        ("Q668", "stop buying Russian oil", "support")}
    assert labelled(nlp, "Denmark will never hand over its citizens.") == {("Q35", "hand over citizens", "oppose")}
    # the verb's own actor subject only: a future of things is no one's position
    assert labelled(nlp, "The talks will resume the negotiations next week.") == set()


def test_a_leaders_office_speaks_for_the_leader_his_government_for_the_country(nlp):
    text = "The {} of Israeli Prime Minister Benjamin Netanyahu welcomed the UN resolution on Gaza."
    assert stances(nlp, text.format("office")) == {("Q43723", "open_un_resolution_gaza", "support", False)}
    assert stances(nlp, text.format("government")) == {("Q801", "open_un_resolution_gaza", "support", False)}


def test_a_stance_noun_that_names_its_issue_is_not_read_again_across_be(nlp):
    assert labelled(nlp, "Mexico's rejection of the tariffs was swift.") == {("Q96", "tariffs", "oppose")}
    assert labelled(nlp, "Beijing's red line is Taiwan independence.") == {("Q148", "Taiwan independence", "oppose")}


def test_a_cue_that_is_the_issues_own_verb_does_not_turn_the_stance_around(nlp):
    text = "Emmanuel Macron {} the proposal to delay the election."
    assert labelled(nlp, text.format("rejected")) == {("Q3052772", "delay election", "oppose")}
    assert labelled(nlp, text.format("backed")) == {("Q3052772", "delay election", "support")}


def test_a_participle_of_worry_after_be_is_the_adjective_cue(nlp):
    # "was alarmed by", "is worried by": parsed as a passive verb, read as "alarmed", "worried"
    assert labelled(nlp, "Poland was alarmed by the deployment of Russian missiles in Belarus.") == {
        ("Q36", "deployment of Russian missiles in Belarus", "oppose")}


def test_signing_passing_and_extending_a_measure_support_it(nlp):
    got = labelled(nlp, "Armenia and Azerbaijan signed the Washington peace declaration. Kenya's parliament "
                        "passed the finance bill on Tuesday. The EU extended the sanctions on Russia.")
    assert {(h, t, p) for h, t, p in got if t != "finance"} == {
        ("Q399", "Washington peace declaration", "support"), ("Q227", "Washington peace declaration", "support"),
        ("Q114", "finance bill", "support"), ("Q458", "sanctions on Russia", "support")}


def test_what_a_subject_could_do_is_the_position_of_whom_the_clause_is_attributed_to(nlp):
    got = labelled(nlp, "Georgia could sign the association agreement within a year, according to Ursula von "
                        "der Leyen. Serbia can't sign the agreement, Orban said.")
    assert got == {("Q60772", "association agreement", "support"), ("Q57641", "association agreement", "oppose")}


def test_a_news_outlet_reports_positions_and_holds_none(nlp):
    got = labelled(nlp, "The New York Times said it opposes the sanctions. Xinhua News Agency backed the tariffs. "
                        "France supports the tariffs.")
    assert got == {("Q142", "tariffs", "support")}


def test_quotation_marks_and_a_live_blog_separator_are_not_words_of_a_topic(nlp):
    got = labelled(nlp, "Yuri Ushakov rejected the «refined» plan. Brazil opposed the 'reciprocal' tariffs.")
    assert got == {("Q4479563", "refined plan", "oppose"), ("Q155", "reciprocal tariffs", "oppose")}


def test_the_subject_of_a_for_to_infinitive_is_asked_not_holding(nlp):
    got = labelled(nlp, "Macron renewed calls for Moldova to back the sanctions.")
    # not Moldova's (Q217); the calls the light verb voices are read too, with what is asked
    assert got == {("Q3052772", "sanctions", "support"), ("Q3052772", "back sanctions", "support")}


def test_a_stance_cue_against_taken_by_another_turns_it_around_on_the_issue(nlp):
    # (a cue for keeps its verb in the issue's name: "back bill")
    got = labelled(nlp, "Vucic urged all delegations to reject the resolution. Trump called on Congress to back "
                        "the bill.")
    assert got == {("Q222031", "resolution", "oppose"), ("Q22686", "back bill", "support"),
                   ("Q22686", "bill", "support")}


def test_those_among_the_ones_who_took_a_side_hold_it(nlp):
    got = labelled(nlp, "Serbia, Russia and Hungary were among the countries that voted against the resolution.")
    assert got == {("Q403", "resolution", "oppose"), ("Q159", "resolution", "oppose"), ("Q28", "resolution", "oppose")}


def test_a_definite_head_of_the_same_issue_names_the_fuller_phrase_before_it(nlp):
    # ontology/issue-synonyms.tsv: "the regulation" is the law the text named before in full
    text = ("The Coastal Fisheries Law has cleared its final hurdle. Norwegian Fisheries Minister Kari Lund "
            "has opposed the regulation for months.")
    assert labelled(nlp, text) == {("person/kari-lund", "Coastal Fisheries Law", "oppose")}
    # without a fuller phrase before it, the regulation is only itself
    assert labelled(nlp, "Norwegian Fisheries Minister Kari Lund has opposed the regulation for months.") == {
        ("person/kari-lund", "regulation", "oppose")}


def test_a_call_for_someone_to_act_names_who_and_what(nlp):
    assert labelled(nlp, "Israeli Finance Minister Bezalel Smotrich repeated his calls for Gaza's population to "
                         "leave for third countries.") == {
        ("person/bezalel-smotrich", "Gaza's population to leave for third countries", "support")}


def test_a_mention_is_proposed_on_both_sides_with_the_sentences_leaning(nlp):
    # a mention says little of which way its holder leans: both sides go to the decision, each
    # with how the sentence's evaluative words (cues.tsv) and tone lean relative to it
    text = ("Brazil is weighing new tariffs on steel. Finance Minister Fernando Haddad said the tariffs on steel "
            "would be a disastrous mistake.")
    got = {(s.holder, s.topic, s.polarity): s.features for s in _stance_facts(nlp, text, twins=True)
           if s.holder == "person/fernando-haddad" and s.topic == "open_steel"}
    assert set(got) == {("person/fernando-haddad", "open_steel", "oppose"),
                        ("person/fernando-haddad", "open_steel", "support")}
    against = got[("person/fernando-haddad", "open_steel", "oppose")]
    towards = got[("person/fernando-haddad", "open_steel", "support")]
    assert "mention_reversed" not in against and towards["mention_reversed"] == 1.0
    assert (against["eval_agree"], against["eval_against"]) == (1.0, 0.0)
    assert (towards["eval_agree"], towards["eval_against"]) == (0.0, 1.0)
    assert against["tone"] > 0.5 and towards["tone"] == -against["tone"]
    # and the tone of the cue's own clause, which a sentence of two clauses can lean apart from
    assert against["tone_clause"] > 0.5 and towards["tone_clause"] == towards["tone_clause_rev"] == -against["tone_clause"]


def test_the_place_an_issue_is_in_is_part_of_its_name_but_not_a_meetings_venue(nlp):
    assert labelled(nlp, "UN Secretary-General Antonio Guterres called for a week-long truce in El Fasher.") == {
        ("Q311440", "week-long truce in El Fasher", "support")}
    assert labelled(nlp, "Chile backed elections in Venezuela in March.") == {
        ("Q298", "elections in Venezuela", "support")}
    assert labelled(nlp, "Brazil backed the talks in Geneva.") == {("Q155", "talks", "support")}


def test_as_did_x_shares_the_stance(nlp):
    assert labelled(nlp, "Spain backed the tariffs on steel, as did Italy and France.") == {
        (h, "tariffs on steel", "support") for h in ("Q29", "Q38", "Q142")}
    # "as X had feared" is no one doing the same
    assert labelled(nlp, "Spain backed the tariffs, as Italy had feared.") == {("Q29", "tariffs", "support")}


def test_an_open_topic_named_with_a_name_is_marked_for_the_decision(nlp):
    got = {s.topic_label: s.features["label_name"] for s in _stance_facts(
        nlp, "Spain backed the tariffs on Chinese steel. Italy opposed the quota system.") if s.topic_label}
    assert got == {"tariffs on Chinese steel": 1.0, "quota system": 0.0}


def test_a_stance_noun_a_light_verb_voices_is_read_even_when_the_verb_is_a_cue(nlp):
    # "renew" is a cue of its own (for taxonomy topics only); the proposal it renews is read too
    got = labelled(nlp, "Zelenskyy renewed his proposal for a joint air-defence shield with Ukraine's partners.")
    assert got == {("Q3874799", "joint air-defence shield", "support")}


def test_the_no_of_a_hyphenated_compound_is_part_of_the_issue(nlp):
    got = labelled(nlp, "Bhumjaithai has since pressed for a no-confidence debate against the prime minister.")
    assert got == {("organization/bhumjaithai-party", "no-confidence debate against prime minister", "support")}


def test_the_target_of_a_measure_hung_on_the_verb_is_part_of_the_issue(nlp):
    got = labelled(nlp, "China imposed definitive anti-dumping duties on European brandy on Friday.")
    assert got == {("Q148", "definitive anti-dumping duties on European brandy", "support")}


def test_an_opposing_noun_that_turns_the_stance_around_leaves_the_issue_to_its_object(nlp):
    # backing a boycott of the summit is opposing the summit, not the boycott
    assert labelled(nlp, "France backed the boycott of the summit.") == {("Q142", "summit", "oppose")}


def test_neither_nor_on_the_object_negates_the_cue(nlp):
    got = labelled(nlp, "Hungary supports neither the sanctions nor the loan.")
    assert got == {("Q28", "sanctions", "oppose"), ("Q28", "loan", "oppose")}


def test_what_a_demand_is_may_stand_beside_it(nlp):
    # an apposition or a participle after a comma says what the demand of its owner is
    got = labelled(nlp, "A key demand of Poland, a ban on Russian gas, was included. A central demand of the CDU, "
                        "turning back asylum seekers at the border, was agreed.")
    assert got == {("Q36", "ban on Russian gas", "support"),
                   ("organization/christian-democratic-union", "turning back asylum seekers", "support")}


def test_widening_or_tightening_a_measure_backs_it(nlp):
    got = labelled(nlp, "The EU tightened sanctions on Iran.")
    assert got == {("Q458", "sanctions on Iran", "support")}


def test_setting_off_a_measure_backs_it(nlp):
    got = labelled(nlp, "France, Britain and Germany triggered the snapback mechanism.")
    assert got == {(h, "snapback mechanism", "support") for h in ("Q142", "Q145", "Q183")}


def test_a_generic_head_does_not_give_way_to_a_bare_name(nlp):
    # "talks with Washington" are about talks with Washington, not about Washington; "a plan for Gaza"
    # keeps its head
    assert labelled(nlp, "Iran resumed talks with Washington. Trump unveiled a plan for Gaza.") == {
        ("Q794", "talks with Washington", "support"), ("Q22686", "plan for Gaza", "support")}


def test_the_counterpart_named_after_with_is_part_of_the_issue(nlp):
    # "dialogue with South Korea" is not any dialogue; a long name keeps its issue and drops the counterpart
    assert labelled(nlp, "Kim Jong Un ruled out dialogue with South Korea.") == {
        ("Q56226", "dialogue with South Korea", "oppose")}
    assert labelled(nlp, "Peru rejected the new regional fisheries access agreement with Ecuador and Bolivia.") == {
        ("Q419", "regional fisheries access agreement", "oppose")}
    # no name after "with": no counterpart
    assert labelled(nlp, "Peru backed a tariff with immediate effect.") == {("Q419", "tariff", "support")}


def test_an_as_clause_echoes_the_clause_it_hangs_on(nlp):
    # "as did Russia": the same stance; "as France has demanded": France's, by its own cue's side
    assert labelled(nlp, "China voted in favour of the resolution, as did Russia.") == {
        ("Q148", "resolution", "support"), ("Q159", "resolution", "support")}
    assert labelled(nlp, "Italy rejected the tariffs, as Spain had demanded.") == {
        ("Q38", "tariffs", "oppose"), ("Q29", "tariffs", "oppose")}
    # an as-clause that only reports ("as Spain said in March") or has its own object echoes nothing
    assert labelled(nlp, "Italy rejected the tariffs, as Spain said in March.") == {("Q38", "tariffs", "oppose")}


def test_an_infinitive_the_parser_hung_elsewhere_completes_the_noun_before_it(nlp):
    # "his push to diversify trade": "diversify" parsed under "announced", still what the push is for
    got = labelled(nlp, "Canada cut its loans. Carney announced the cuts as part of his push to diversify "
                        "Canada's trade away from the United States.")
    assert ("Q192533", "diversify away Canada's trade", "support") in got
    assert {t for h, t, _ in got if h == "Q192533"} == {"diversify away Canada's trade"}


def test_a_hyphenated_word_keeps_its_first_piece(nlp):
    # the parser hangs "long" of "long-range" on "range" as an adverb: still part of the issue's name
    got = labelled(nlp, "Zelensky renewed his call for permission to strike deeper into Russia with Western "
                        "long-range weapons.")
    assert got == {("Q3874799", "permission to strike into Russia with Western long-range weapons", "support"),
                   ("Q3874799", "western long-range weapons", "support")}     # the weapons, a mention of an issue word


def test_an_accusation_opposes_what_it_accuses_of(nlp):
    # "accuse X of Y": the accuser is against Y (not a stance of X's: only 1 in 33 such was right on dev)
    assert labelled(nlp, "Canada accused China of dumping steel.") == {("Q16", "dumping steel", "oppose")}


def test_taking_part_backs_what_one_takes_part_in(nlp):
    assert labelled(nlp, "India will take part in the peace summit. China will not participate in the talks.") == {
        ("Q668", "peace summit", "support"), ("Q148", "talks", "oppose")}


def test_committing_an_offence_is_no_commitment(nlp):
    assert labelled(nlp, "Tchiroma had committed offences under the law. Moldova committed to neutral status.") == {
        ("Q217", "neutral status", "support")}


def test_an_act_named_by_its_kind_is_the_lead_issue(nlp):
    # "the bill", "the treaty", "the classification": a legal or official act named only by its
    # kind stands for the issue the story is about (ontology/cues.tsv, kind issue_anaphor)
    text = ("Senate passes deforestation bill\n\nBrazil's Senate passed the deforestation bill on Tuesday. "
            "Emmanuel Macron welcomed the bill.")
    assert ("Q3052772", "deforestation bill", "support") in labelled(nlp, text)
    text = ("Import tariffs take effect\n\nThe import tariffs took effect on Friday. Canada condemned the "
            "regulation.")
    assert labelled(nlp, text) == {("Q16", "import tariffs", "oppose")}
