"""Quotations and who said them."""
import datetime


from kg.extract import extract_document
from kg.sources import Document



def quotes_of(nlp, text):
    facts = extract_document(Document("t", text, "t.txt", date=datetime.date(2025, 4, 4)), nlp(text))
    return [(q.speaker, q.quote.text.rstrip(",. ")) for q in facts.quotes]


def named_quotes_of(nlp, text):
    """(speaker's label, quotation) for speakers with no Wikidata ID."""
    facts = extract_document(Document("t", text, "t.txt", date=datetime.date(2025, 4, 4)), nlp(text))
    return [(facts.entities[q.speaker].label, q.quote.text) for q in facts.quotes]


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


def test_a_continued_quote_keeps_its_speaker_and_never_crosses_a_paragraph(nlp):
    text = ('"This was a productive day," Rubio said. "There are still some items to work on."\n\n'
            'Andriy Yermak called the talks "very productive" and said the delegations would keep working.')
    got = quotes_of(nlp, text)
    assert ("Q324546", "There are still some items to work on") in got
    assert ("Q65200615", "very productive") in got


def test_he_said_is_the_subject_of_the_previous_sentence(nlp):
    text = ('Viktor Orbán, who had offered to host a summit between Donald Trump and Vladimir Putin, said he '
            'still backed direct talks. "Peace will be made by the Americans and the Russians," he said.')
    assert ("Q57641", "Peace will be made by the Americans and the Russians") in quotes_of(nlp, text)


def test_a_report_from_an_outlet_is_the_outlet_speaking(nlp):
    text = 'A report from Reuters claimed the plan was based on "a paper submitted by Russian officials in October."'
    assert quotes_of(nlp, text) == [("Q130879", "a paper submitted by Russian officials in October")]


def test_a_fragment_quote_of_a_titled_hyphenated_name_is_his(nlp):
    text = 'National Security Minister Itamar Ben-Gvir called the agreement a "dangerous surrender" on Sunday.'
    assert quotes_of(nlp, text) == [("person/itamar-ben-gvir", "dangerous surrender")]


def test_a_name_the_tagger_missed_speaks_when_it_is_a_speech_verb_subject(nlp):
    text = ('Chandni Raina, speaking for the Indian delegation, said the document amounted to little more '
            'than "a trick of the eye" and that New Delhi opposed it.')
    facts = extract_document(Document("t", text, "t.txt", date=datetime.date(2025, 4, 4)), nlp(text))
    assert [(q.speaker, q.quote.text) for q in facts.quotes] == [("person/chandni-raina", "a trick of the eye")]
    assert (facts.entities["person/chandni-raina"].label, facts.entities["person/chandni-raina"].etype) == \
        ("Chandni Raina", "Person")


def test_a_spokesperson_speaks_for_the_organisation_named_with_the_word(nlp):
    assert quotes_of(nlp, '"We will not pay for it," a spokesman for the European Commission said.') == \
        [("Q8880", "We will not pay for it")]


def test_in_someones_words_attributes_the_quote(nlp):
    text = ('Maria Zakharova spoke on Thursday. In the diplomat\'s words, the document is '
            '"very far removed from a peaceful settlement."')
    assert quotes_of(nlp, text) == [("Q20812953", "very far removed from a peaceful settlement")]


def test_a_named_spokesperson_speaks_as_himself(nlp):
    text = ('Moscow has denied any interference. The Kremlin spokesman, Dmitry Peskov, had already called the '
            'accusations "absolutely unfounded" on Friday.')
    assert quotes_of(nlp, text) == [("Q4359688", "absolutely unfounded")]


def test_a_person_named_in_a_clause_inside_the_subject_is_not_the_speaker(nlp):
    text = ('Anna Kowalczyk, who came first against Maria Nowak, called the ruling "a coup dressed in legal '
            'clothes" on Friday.')
    assert quotes_of(nlp, text) == [("person/anna-kowalczyk", "a coup dressed in legal clothes")]


def test_a_description_speaker_is_the_person_the_last_sentences_are_about(nlp):
    text = ('Deputy Foreign Minister Sergei Ryabkov told reporters on Tuesday, commenting on remarks made by US '
            'President Donald Trump, that demands were unacceptable.\n\n"We will not accept ultimatums," '
            'the senior diplomat said.')
    assert quotes_of(nlp, text) == [("person/sergei-ryabkov", "We will not accept ultimatums")]


def test_quoted_as_saying_is_the_one_quoted(nlp):
    text = '"If Washington drops its demands, we have no reason not to talk," Kim Jong Un was quoted as saying.'
    assert quotes_of(nlp, text) == [("Q56226", "If Washington drops its demands, we have no reason not to talk")]


def test_a_delegation_speaks_for_its_country(nlp):
    text = '"This is not ambition. It is capitulation," Panama\'s delegation told the plenary.'
    assert quotes_of(nlp, text) == [("Q804", "This is not ambition. It is capitulation")]


def test_he_stays_the_subject_the_last_sentences_were_about(nlp):
    # "he" in the last sentence is the "he" of the sentence before, who is the prime minister
    # described before that: not the person named last (Zelensky, inside a clause)
    text = ("Viktor Orbán went furthest. The Hungarian prime minister described what Zelensky had told "
            "parliament as worrying. On Friday he told state radio that nobody could win with such a plan. "
            '"Hungary wants no part in it," he said.')
    assert quotes_of(nlp, text) == [("Q57641", "Hungary wants no part in it")]


def test_a_spokesperson_for_an_embassy_in_a_country_does_not_speak_for_that_country(nlp):
    text = ('A spokesperson for the embassy in Argentina responded on Saturday. '
            '"Latin America and the Caribbean are nobody\'s backyard," the spokesperson said.')
    assert quotes_of(nlp, text) == [(None, "Latin America and the Caribbean are nobody's backyard")]


def test_the_statement_said_is_who_issued_the_statement(nlp):
    text = ("In Brussels, Josep Borrell and the European Commission said in a joint statement on Wednesday that "
            "the law hurt Georgia's progress. «It is for Georgia to decide which way it goes,» the statement said.")
    assert quotes_of(nlp, text) == [("Q8880", "It is for Georgia to decide which way it goes")]


def test_a_fragment_an_accusation_takes_is_the_accusers(nlp):
    text = ('Speaking in Riyadh, Emmanuel Macron accused the party of "staggering cynicism" for siding with the left.')
    assert quotes_of(nlp, text) == [("Q3052772", "staggering cynicism")]


def test_she_is_the_person_named_as_subject_just_before(nlp):
    text = ("Michel Barnier warned on Tuesday that the vote would make things worse. Giorgia Meloni disagreed. "
            'She has called the budget "poison for the French".')
    assert quotes_of(nlp, text) == [("person/giorgia-meloni", "poison for the French")]


def test_a_place_never_speaks_a_fragment(nlp):
    # "Paris" is a place here, as the quote's speaker is named as written: not France, and not a speaker
    text = 'Paris has long championed a European "reassurance force", and London has been its partner.'
    assert quotes_of(nlp, text) == []


def test_a_fragment_in_a_clause_with_a_said_aside_is_the_speakers(nlp):
    text = 'Marco Rubio wrote on X that the decision was wrong. Germany, he said, should "change course".'
    assert quotes_of(nlp, text) == [("Q324546", "change course")]


def test_a_participle_takes_the_subject_of_the_clause_it_hangs_on(nlp):
    text = ('Deputy Chairman of the Security Council Dmitry Medvedev was blunter, describing the move as a '
            '"theatrical ultimatum".')
    assert quotes_of(nlp, text) == [("Q23530", "theatrical ultimatum")]


def test_a_quotation_running_on_into_the_next_paragraph_is_the_speakers_named_there(nlp):
    # the press leaves a quotation open at a paragraph's end when the next paragraph goes on with it
    text = ('"We will never recognise the occupation of our land. This is a red line.\n\n'
            '"Any plan that rewards the aggressor will fail," Zelensky told reporters.\n\n'
            '"An open quotation with no next paragraph is not one.')
    assert quotes_of(nlp, text) == [
        ("Q3874799", "We will never recognise the occupation of our land. This is a red line"),
        ("Q3874799", "Any plan that rewards the aggressor will fail")]


def test_an_unclosed_mark_is_no_quotation_unless_the_next_paragraph_opens_one(nlp):
    text = 'Zelensky said "we will never give up our land and our people.\n\nThe talks resumed on Monday.'
    assert quotes_of(nlp, text) == []


def test_a_paragraph_of_quotation_after_another_is_its_own_sentence(nlp):
    # the parser alone runs '…," Kallas wrote on X.' into the next paragraph's subject
    text = ('Speaking in Brussels, Kaja Kallas said: "Europe is ready to do more."\n\n'
            '"The free world needs a new leader," Kallas wrote on X.\n\n'
            'A senior European diplomat, who asked not to be named, said the meeting had been "tense but useful".')
    assert [s.text.strip() for s in nlp(text).sents][1:] == [
        '"The free world needs a new leader," Kallas wrote on X.',
        'A senior European diplomat, who asked not to be named, said the meeting had been "tense but useful".']
    assert quotes_of(nlp, text) == [
        ("Q11869065", "Europe is ready to do more"), ("Q11869065", "The free world needs a new leader")]


def test_the_spokesman_again_is_the_spokesman_named_before(nlp):
    text = ('Kremlin spokesman Dmitry Peskov dismissed the remarks. "This is not serious," Peskov said.\n\n'
            '"Any deployment of European troops would be unacceptable," the spokesman added.')
    assert quotes_of(nlp, text) == [
        ("Q4359688", "This is not serious"), ("Q4359688", "Any deployment of European troops would be unacceptable")]


def test_a_quotation_paragraph_after_a_colon_is_the_speakers_introduced_there(nlp):
    text = ('EU trade commissioner Maros Sefcovic wrote on X:\n\n'
            '"We remain open to a negotiated solution, but we will defend our industry."')
    assert named_quotes_of(nlp, text) == [
        ("Maros Sefcovic", "We remain open to a negotiated solution, but we will defend our industry.")]


def test_the_one_an_agency_quotes_as_saying_is_the_speaker(nlp):
    text = ('Putin spoke to Scholz on Friday.\n\n"Any agreements must reflect the security interests of the '
            'Russian Federation," the Kremlin quoted the Russian leader as saying.')
    assert quotes_of(nlp, text) == [("Q7747", "Any agreements must reflect the security interests of the Russian "
                                              "Federation")]


def test_a_verb_the_parser_hangs_on_its_subjects_name_is_still_the_subjects(nlp):
    text = ('The sanctions crown weeks of tension. Trump on Oct. 19 called Petro "a ringleader of the drug trade" '
            'and announced a halt to US aid payments to Colombia, while Petro has condemned US military strikes on '
            'boats in the Caribbean.')
    assert quotes_of(nlp, text) == [("Q22686", "a ringleader of the drug trade")]


def test_it_after_the_office_of_a_person_is_that_persons(nlp):
    text = ('The office of Prime Minister Benjamin Netanyahu struck a more cautious note. Several clauses remained '
            'unresolved, it said in a statement, expressing the hope that they would be "settled before the night '
            'is out".')
    assert quotes_of(nlp, text) == [("Q43723", "settled before the night is out")]


def test_a_name_and_a_colon_label_a_quotation_the_live_blog_way(nlp):
    text = ('20:35 Trump on Truth Social: "Russia violating Polish airspace with drones - what is that about?" '
            'No further comment.\n\nTusk: "We are not at war, but the situation is more dangerous than ever."')
    assert quotes_of(nlp, text) == [
        ("Q22686", "Russia violating Polish airspace with drones - what is that about?"),
        ("Q946", "We are not at war, but the situation is more dangerous than ever")]


def test_a_headline_quotation_signed_with_a_colon_and_a_name(nlp):
    text = ('"No European troops will be allowed in Ukraine": Lavrov\n\n'
            'Russian Foreign Minister Sergey Lavrov said so on Tuesday.')
    assert quotes_of(nlp, text) == [("Q58217", "No European troops will be allowed in Ukraine")]


def test_he_is_not_someone_named_only_after_a_preposition(nlp):
    # the parse loses Trump's subject; Zelenskyy, only "beside" him, is not who "he" is
    text = ('President Donald Trump went further. Asked in New York whether NATO countries should shoot down Russian '
            'aircraft that violate their airspace, Trump, sitting beside Ukrainian President Volodymyr Zelenskyy on '
            'the sidelines of the U.N. General Assembly, said he believed they should. Whether the United States '
            'would stand behind an ally that did so would hinge on the circumstances, he said, adding: "We stand '
            'very strongly with NATO."')
    assert quotes_of(nlp, text) == [("Q22686", "We stand very strongly with NATO")]


def test_he_said_is_the_one_who_spoke_earlier_in_the_sentence(nlp):
    text = ('Trump said on Monday that he had begun arranging a meeting. But Russian Foreign Minister Sergei Lavrov '
            'told NBC on Friday that nothing was planned: Putin would sit down with Zelenskyy once an agenda for a '
            'summit existed, he said, "and that agenda is nowhere near ready."')
    assert quotes_of(nlp, text) == [("Q58217", "and that agenda is nowhere near ready")]


def test_a_live_blog_entrys_label_governs_its_quotations(nlp):
    text = ('09:00 - Minister Fadi Makki arrived at the palace.\n\n15:25 - Makki on X: he tried to bridge the gaps '
            'between the parties and failed, and "could not carry a decision of this weight" with a key community '
            'absent.')
    assert named_quotes_of(nlp, text) == [
        ("Fadi Makki", "could not carry a decision of this weight")]


def test_the_office_of_a_title_is_the_person_named_in_apposition(nlp):
    text = ('The office of the Chairperson of the African Union Commission, Mahamoud Ali Youssouf, said he welcomed '
            'the signing as "a landmark on the road to lasting peace" in the region.')
    assert quotes_of(nlp, text) == [("Q58256", "a landmark on the road to lasting peace")]


def test_he_after_a_possessed_subject_is_the_possessor(nlp):
    text = ('Asked about the islands, Prime Minister Anna Berg said there was "nothing to negotiate". '
            'Tomas Lind\'s reply came the next day, when he called the remark "deeply unhelpful".')
    assert named_quotes_of(nlp, text) == [("Anna Berg", "nothing to negotiate"), ("Tomas Lind", "deeply unhelpful")]


def test_a_surname_the_tagger_took_for_a_plural_noun_is_the_person(nlp):
    text = ('Daniel Sacks, the city\'s adviser on housing, has long argued for more towers. Mayor Ana Ortiz '
            'disagreed.\n\nSacks conceded as much on Friday. "We are building too little, too late," he said.')
    assert named_quotes_of(nlp, text) == [("Daniel Sacks", "We are building too little, too late,")]


def test_an_untagged_name_ending_in_an_organisation_word_is_an_organisation(nlp):
    text = ('The Russian Embassy in Oslo wrote on its Telegram channel on Monday that the decision was regrettable. '
            '"The northern waters are shared, and they will stay open," the embassy said.')
    facts = extract_document(Document("t", text, "t.txt", date=datetime.date(2025, 4, 4)), nlp(text))
    speakers = {(facts.entities[q.speaker].label, facts.entities[q.speaker].etype) for q in facts.quotes}
    assert speakers == {("Russian Embassy in Oslo", "Organization")}


def test_a_named_statement_speaks_for_its_owner_as_written(nlp):
    text = '"A full halt to the shipments is the only condition," the Kremlin statement said.'
    assert named_quotes_of(nlp, text) == [("Kremlin", "A full halt to the shipments is the only condition,")]


def test_the_company_said_is_the_organisation_named_last_in_the_paragraph(nlp):
    text = ('Nordvik Aluminium Corporation said on Monday it would close the smelter. "We did not take this '
            'decision lightly," the company said in a statement.')
    assert named_quotes_of(nlp, text) == [("Nordvik Aluminium Corporation", "We did not take this decision lightly,")]


def test_the_company_said_does_not_reach_over_a_paragraph_break(nlp):
    text = ('Nordvik Aluminium Corporation said on Monday it would close the smelter.\n\n"We did not take this '
            'decision lightly," the company said in a statement.')
    assert quotes_of(nlp, text) == [(None, "We did not take this decision lightly")]


def test_a_possessed_title_with_a_name_is_that_person_not_the_possessor(nlp):
    text = ('Arriving in Brussels, Prime Minister Viktor Orban said the plan was dead. Orban\'s foreign minister, '
            'Peter Szijjarto, went further. Hungary rejected it, he wrote, because it "would mean a world war."')
    assert [label for label, _ in named_quotes_of(nlp, text)] == ["Péter Szijjártó"]     # the gazetteer's label


def test_rebuked_for_saying_is_the_one_rebuked(nlp):
    text = ('Hours before the order, President Anna Berg had rebuked Tomas Lind for saying in Oslo that a deal was '
            '"still a long way off," writing that she would not put up with it.')
    assert named_quotes_of(nlp, text) == [("Tomas Lind", "still a long way off,")]


def test_a_participle_hung_on_a_reported_clause_is_the_reporters(nlp):
    text = ('Canada and the United States have argued for months over a digital services tax.\n\n'
            'Finance Minister Tomas Lind announced late on Sunday that the government would rescind the levy, '
            'saying its removal would let the "complex negotiations" make progress.')
    assert named_quotes_of(nlp, text) == [("Tomas Lind", "complex negotiations")]


def test_a_live_blog_time_stamp_is_not_part_of_the_name_after_it(nlp):
    text = '09:30 - Anna Berglund, chair of the Left Party, writes on X: "This is nothing less than a coup."'
    assert named_quotes_of(nlp, text) == [("Anna Berglund", "This is nothing less than a coup.")]


def test_a_subject_noun_with_a_named_apposition_is_that_person(nlp):
    text = ('The Unity Party said it would not recognise the count, while its leader, former president Tomas Lind, '
            'dismissed the winner as \u2018a president elected by the diaspora\u2019.')
    assert named_quotes_of(nlp, text) == [("Tomas Lind", "a president elected by the diaspora")]


def test_a_given_name_that_is_a_country_then_a_surname_is_a_person(nlp):
    text = 'Jordan Bardella, the party\'s president, said that the vote "did not amount to a pact" with the left.'
    assert named_quotes_of(nlp, text) == [("Jordan Bardella", "did not amount to a pact")]


def test_a_stance_verbs_subject_in_the_quotations_sentence_comes_before_the_previous_speaker(nlp):
    text = ('"Aggression does not pay," said Britain\'s ambassador Barbara Woodward. Ukraine\'s Deputy Foreign '
            'Minister Mariana Betsa urged member states to stand "with the Charter and with justice".')
    assert named_quotes_of(nlp, text) == [("Barbara Woodward", "Aggression does not pay,"),
                                          ("Mariana Betsa", "with the Charter and with justice")]


def test_a_family_name_that_is_a_country_stays_in_the_name(nlp):
    text = '\u00abWe refuse to rubber-stamp this motion\u00bb, her lawyer, Juan Carlos Portugal, told reporters.'
    assert named_quotes_of(nlp, text) == [("Juan Carlos Portugal", "We refuse to rubber-stamp this motion")]


def test_a_speech_verb_the_parser_hung_on_its_subjects_name_still_speaks(nlp):
    text = 'AfD co-leader Tino Chrupalla called Merz \u00abutterly without backbone\u00bb.'
    assert named_quotes_of(nlp, text) == [("Tino Chrupalla", "utterly without backbone")]


def test_a_name_parsed_as_an_adverb_of_the_speech_verb_is_its_subject(nlp):
    text = ('Rwandan Foreign Minister Olivier Nduhungirehe spoke in Washington. Nduhungirehe called the agreement '
            '"a watershed for the region" but cautioned that earlier deals had not been honoured.')
    assert named_quotes_of(nlp, text) == [("Olivier Nduhungirehe", "a watershed for the region")]


def test_a_speaker_named_with_a_title_after_a_question_is_found_in_the_next_sentence(nlp):
    text = ('"Does the Union want to close itself off right now?" Spanish Agriculture Minister Luis Planas '
            'said on Thursday.')
    assert named_quotes_of(nlp, text) == [("Luis Planas", "Does the Union want to close itself off right now?")]


def test_a_name_the_tagger_took_for_a_title_of_a_work_still_speaks(nlp):
    text = ('"To ask people to ignore what happened on July 28 is a lack of respect," Maria Corina Machado told '
            'journalists by video link.')
    assert [label for label, _ in named_quotes_of(nlp, text)] == ["Maria Corina Machado"]


def test_a_country_abbreviation_before_a_title_is_not_a_given_name(nlp):
    text = ('US Ambassador to NATO Matthew Whitaker told Reuters that the Dutch would be "only the first in a long '
            'line" of buyers.')
    assert named_quotes_of(nlp, text) == [("Matthew Whitaker", "only the first in a long line")]


def test_the_spokesman_again_is_the_person_named_with_that_title_before(nlp):
    text = ('Kremlin spokesman Dmitry Peskov said the remarks were irresponsible. Rutte had lived in the '
            'Netherlands.\n\n"This sounds like a generation that forgot the war," the Kremlin spokesman told Russia-1.')
    assert quotes_of(nlp, text) == [("Q4359688", "This sounds like a generation that forgot the war")]


def test_the_spokesman_again_is_the_person_named_with_another_spokespersons_title(nlp):
    text = ("Russian Presidential Press Secretary Dmitry Peskov told reporters on Tuesday that the talks would go on."
            "\n\n\"The purpose of this act is to wreck the negotiating process,\" the Kremlin spokesman said.")
    assert quotes_of(nlp, text) == [("Q4359688", "The purpose of this act is to wreck the negotiating process")]


def test_the_ministry_again_is_the_one_ministry_named_paragraphs_before(nlp):
    text = ("Romania's defence ministry said on Wednesday the brigade would leave. The cut affects one base."
            "\n\nAbout 1,000 soldiers will remain. The base is near the coast. Officials gave no date."
            "\n\n\"The decision did not come as a surprise,\" the ministry said in a statement.")
    assert quotes_of(nlp, text) == [("organization/ministry-of-defence-of-romania",
                                     "The decision did not come as a surprise")]


def test_a_clause_ending_in_a_colon_introduces_its_subjects_words(nlp):
    text = ('Malaysian Foreign Minister Mohamad Hasan drew the consequence in parliament: "Having sent no '
            'observers, we are in no position to certify the vote."')
    assert named_quotes_of(nlp, text) == [
        ("Mohamad Hasan", "Having sent no observers, we are in no position to certify the vote.")]


def test_a_quotation_after_the_sentence_that_names_its_speaker(nlp):
    text = ("Prime Minister Donald Tusk answered on Sunday on the X platform. «The Russians have responded to "
            "our appeal by offering talks. The world is waiting for a ceasefire.»")
    assert quotes_of(nlp, text) == [("Q946", "The Russians have responded to our appeal by offering talks. "
                                             "The world is waiting for a ceasefire")]


def test_the_official_is_the_one_named_before_and_an_official_is_nobody(nlp):
    text = ('Kremlin spokesman Dmitry Peskov spoke on Monday. "Kaliningrad is Russian land and will stay '
            'that way," the Kremlin official added.')
    assert quotes_of(nlp, text) == [("Q4359688", "Kaliningrad is Russian land and will stay that way")]
    text = ('Kremlin spokesman Dmitry Peskov spoke on Monday. "Kaliningrad is Russian land and will stay '
            'that way," an official said.')
    assert quotes_of(nlp, text) == [(None, "Kaliningrad is Russian land and will stay that way")]


def test_a_second_quotation_of_the_paragraph_continues_the_first_speakers(nlp):
    # not the speaker of a clause inside the sentence before ("Noboa had declared …")
    text = ('"There are no free elections under a state of emergency," Petro wrote on X late on Tuesday, pointing '
            'out that Noboa had declared a state of exception in seven provinces. "I cannot recognise the '
            'elections in Ecuador."')
    assert [s for s, _ in named_quotes_of(nlp, text)] == ["Petro", "Petro"]


def test_the_president_is_the_one_in_office_not_a_former_one_named_since(nlp):
    text = ("President Emmanuel Macron announced a voluntary national service on Thursday.\n\n"
            "Former president François Hollande urged the country to prepare «for every scenario».\n\n"
            "In Varces, the president summed up his wager in one line: «our youth is thirsty for commitment».")
    assert sorted(named_quotes_of(nlp, text)) == [("Emmanuel Macron", "our youth is thirsty for commitment"),
                                                  ("François Hollande", "for every scenario")]


def test_he_with_a_capital_inside_a_sentence_is_the_surname_of_the_person_named_so(nlp):
    text = ("Chinese Vice Premier He Lifeng met Jamieson Greer in Geneva.\n\n"
            "\"China does not want a trade war, because nobody wins one,\" He said.\n\n"
            "\"We made progress,\" Greer said. He added: \"The talks will go on next month.\"")
    assert named_quotes_of(nlp, text) == [("He Lifeng", "China does not want a trade war, because nobody wins one,"),
                                          ("Jamieson Greer", "We made progress,"),
                                          ("Jamieson Greer", "The talks will go on next month.")]


def test_she_added_goes_on_from_the_one_who_told_the_quotation_before(nlp):
    # the parser makes the first quotation the main clause, so "she told reporters" is no main
    # subject; the person named last (Putin) is not the speaker
    text = ("Kaja Kallas has defended her plan against a rival idea: sending an envoy to talk to Vladimir Putin. "
            '"Let us first agree on what we want to say to the Russians, and only then on who says it," she told '
            'reporters on Tuesday. "Nothing holds without Europe\'s consent," she added.')
    assert quotes_of(nlp, text) == [
        ("Q11869065", "Let us first agree on what we want to say to the Russians, and only then on who says it"),
        ("Q11869065", "Nothing holds without Europe's consent")]


def test_a_name_in_quotation_marks_is_no_quotation(nlp):
    text = ('Green leader Britta Hasselmann told «Morgenmagazin» that the court had spoken. «The ruling is '
            'clear,» Ralf Stegner told «Der Spiegel». Sikorski invited the commander known as "Magyar" to Poland.')
    assert named_quotes_of(nlp, text) == [("Ralf Stegner", "The ruling is clear,")]


def test_a_verb_after_a_quotation_that_reports_its_own_clause_does_not_attribute_it(nlp):
    text = ("«While Russian missiles rain death on Kyiv, Hungary shuts out a brave soldier», Sikorski wrote. "
            "«Commander, if you need a rest and Hungary won't let you in, come and be our guest in Poland.» "
            "Szijjártó replied that threatening Hungary «has nothing to do with Ukraine's freedom».")
    assert [(k, q[:20]) for k, q in quotes_of(nlp, text)] == [
        ("Q58085", "While Russian missil"), ("Q58085", "Commander, if you ne"), ("Q685293", "has nothing to do wi")]


def test_the_spokesperson_said_paragraphs_later_is_the_same_spokesperson(nlp):
    filler = " ".join(f"The rule number {n} covers firms that are at least half owned by listed entities "
                      f"and takes effect at once across the sector." for n in range(1, 8))
    text = ("A spokesman for the European Commission answered questions from reporters on Monday.\n\n"
            f"{filler}\n\n"
            '"We will not pay for it," the spokesman said.')
    assert quotes_of(nlp, text) == [("Q8880", "We will not pay for it")]


def test_conceded_introduces_a_quotation(nlp):
    text = "Chancellor Anton Berger ruled out early elections. «I will not hide that the mood is tense», he conceded."
    assert named_quotes_of(nlp, text) == [("Anton Berger", "I will not hide that the mood is tense")]


def test_a_name_and_a_speech_participle_before_a_colon_is_the_speaker(nlp):
    text = ('Prime Minister Irakli Kobakhidze met his cabinet on Sunday.\n\n'
            '11:15 - Kobakhidze, speaking at a briefing: "The attempt to seize the parliament has failed." '
            'He promised new laws.')
    assert named_quotes_of(nlp, text) == [("Irakli Kobakhidze", "The attempt to seize the parliament has failed.")]


def test_a_speech_verb_inside_another_quotation_attributes_nothing(nlp):
    # "has conceded nothing" is the lawyer's quotation; it does not make the president speak
    text = ('Lawyer Otieno Wafula says the President "has conceded nothing" because the bill was not scrapped '
            'but sent back to "a captured Parliament", and repeats the call for a new vote.')
    # (the second, a fragment no speech verb of its own takes, is a scare quote)
    assert named_quotes_of(nlp, text) == [("Otieno Wafula", "has conceded nothing")]


def test_a_dateline_with_the_places_state_is_not_the_speaker(nlp):
    # "CITY, State, Date (Agency) -": the sentence, and its subject, start after the dash
    text = ('HALLANDALE BEACH, Florida, Dec 1 (Reuters) - U.S. Secretary of State Marco Rubio said on Sunday '
            'that talks with the delegation had been "very productive" but that more work lay ahead.')
    assert quotes_of(nlp, text) == [("Q324546", "very productive")]


def test_she_is_not_a_person_the_text_calls_he(nlp):
    # the nearest subject is Petro, but the text calls him "he"; "she" goes back to Duarte
    text = ('Senator Ana Duarte said she would vote against the referendum. Gustavo Petro said he was '
            'disappointed. Petro answered the vote on Tuesday night. "They need to learn how to lose," she said.')
    assert named_quotes_of(nlp, text)[-1] == ("Ana Duarte", "They need to learn how to lose,")


def test_a_named_speakers_free_relative_is_what_is_spoken_of(nlp):
    # Orbán describes; "what Zelensky had told parliament" is what he describes, not Zelensky speaking
    text = ('Viktor Orbán went furthest. The Hungarian prime minister described what Zelensky had told '
            'parliament as "worse than frightening" and urged talks.')
    assert quotes_of(nlp, text) == [("Q57641", "worse than frightening")]
    # "what he called «…»" is still the speaker's own words
    text = 'Georgescu denounced, in remarks to a television channel, what he called «a coup dressed in legal clothes».'
    assert named_quotes_of(nlp, text) == [("Georgescu", "a coup dressed in legal clothes")]


def test_a_countrys_description_is_not_a_person_of_another_country(nlp):
    # "the American president" is the person named who serves the United States, not the last one named
    text = ('Giorgia Meloni spoke with Donald Trump and Vladimir Putin on Monday. The American president wrote '
            'that the Vatican would be very interested, and in the following days he called it «an excellent idea».')
    assert quotes_of(nlp, text) == [("Q22686", "an excellent idea")]


def test_a_state_does_not_utter_words_the_person_reporting_them_did(nlp):
    text = ('Qatar condemned "a cowardly assault by Israel" on the compound, Foreign Ministry spokesman Majed '
            'Al Ansari said in a post on X.')
    assert named_quotes_of(nlp, text) == [("Majed Al Ansari", "a cowardly assault by Israel")]
    # a clause coordinated with another speaker's is not reported by them
    text = ('BMW chief Oliver Zipse described the vote as "a disastrous signal for the industry", and Volkswagen '
            'said the duties remained "the wrong answer" to the problem.')
    assert quotes_of(nlp, text) == [("person/oliver-zipse", "a disastrous signal for the industry"),
                                    ("organization/volkswagen", "the wrong answer")]


def test_a_spokespersons_name_hung_on_whom_they_speak_for_is_still_theirs(nlp):
    text = ('A spokesperson for the Thai government, Jirayu Huangsap, said both sides had accepted measures '
            '"so that the truce is implemented in good faith."')
    assert named_quotes_of(nlp, text) == [("Jirayu Huangsap", "so that the truce is implemented in good faith.")]


def test_god_in_a_quotation_is_no_person(nlp):
    # (nor a speaker a later "he" could point back to)
    text = ('Peskov answered Mark Rutte. "Thank God, we grew up in a country that remembers the war," he said. '
            'Europeans, Rutte had said, must be "prepared for a war of the size our grandparents knew."')
    assert {e.label for e in extract_document(Document("t", text, "t.txt", date=datetime.date(2025, 4, 4)),
                                              nlp(text)).entities.values() if e.etype == "Person"} == {
        "Dmitry Peskov", "Mark Rutte"}


def test_a_periphrasis_of_translated_copy_names_the_office_holder_of_that_country(nlp):
    # "the head of the Polish government", "the head of Russian diplomacy": periphrases
    # generated for every country of ontology/countries.tsv, from its head-of-government title
    text = ("Prime Minister Donald Tusk and Foreign Minister Sergei Lavrov spoke on Sunday. President Vladimir "
            "Putin was silent. «The Russians have answered our appeal,» wrote the head of the Polish government. "
            "«Nothing has changed,» said the head of Russian diplomacy.")
    assert quotes_of(nlp, text) == [("Q946", "The Russians have answered our appeal"),
                                    ("Q58217", "Nothing has changed")]


def test_the_head_of_state_is_not_a_former_president_named_later(nlp):
    text = ("Emmanuel Macron spoke at the base on Thursday. «France cannot sit still,» the head of state said. "
            "Former president Francois Hollande called the plan a gimmick.")
    assert quotes_of(nlp, text) == [("Q3052772", "France cannot sit still")]


def test_quotation_marks_of_german_polish_and_nordic_copy(nlp):
    # „…“ (German), „…” (Polish, Czech, Hungarian) and ”…” (Finnish, Swedish)
    for opening, closing in (("„", "“"), ("„", "”"), ("”", "”")):
        text = f"Chancellor Olaf Scholz spoke on Monday. {opening}We will not send Taurus missiles to Ukraine,{closing} Scholz said."
        assert quotes_of(nlp, text) == [("Q61053", "We will not send Taurus missiles to Ukraine")], opening + closing


def test_a_low_opening_mark_left_open_runs_on_into_the_next_paragraph():
    from kg.extract.quotes import find_quotations
    text = "Scholz said: „We will not send missiles. Not now\n„Never,“ he added. „Fine.“"
    assert [q.text for q in find_quotations(text)] == ["We will not send missiles. Not now", "Never,", "Fine."]
