"""Events on short sentences whose answer a person sees at once.

Only the events extractor runs (on top of entity resolution), so these tests do not
depend on the other extractors.
"""
import datetime

import pytest

from kg.extract.context import DocContext
from kg.extract.events import extract_events, load_event_cues
from kg.facts import DocumentFacts
from kg.gazetteer import load_gazetteer
from kg.resolve import resolve_entities
from kg.sources import Document

THURSDAY = datetime.date(2025, 4, 10)



def events_of(nlp, text, date=THURSDAY):
    gaz = load_gazetteer()
    parsed = nlp(text)
    index = resolve_entities(parsed, gaz)
    facts = DocumentFacts(doc_id="t", entities=dict(index.entities), mentions=list(index.mentions))
    extract_events(DocContext(Document("t", text, "t.txt", date=date), parsed, gaz, index), facts)
    return facts.events


def only(events):
    assert len(events) == 1, [e.label for e in events]
    return events[0]


def test_every_cue_is_a_known_class_or_slot_marker():
    cues = load_event_cues().cues.values()
    classes = {"Meeting", "Talks", "Visit", "Statement", "Proposal", "Application", "Invasion", "Announcement"}
    assert {c.etype for c in cues} <= classes | {"@host", "@agent", "@scheduled"}
    assert {"Meeting", "Talks", "Visit", "Proposal", "Application", "Invasion", "Announcement"} <= {
        c.etype for c in cues}


def test_meeting_with_participants_place_and_date(nlp):
    e = only(events_of(nlp, "Zelensky met with Donald Trump in Washington on March 3, 2025."))
    assert e.etype == "Meeting"
    assert e.participants == ["Q3874799", "Q22686"]
    assert e.place == "Q61"
    assert (e.date.value, e.date.precision) == ("2025-03-03", "day")
    assert e.span.text == "met"
    assert e.sentence.text.startswith("Zelensky met")
    assert e.label == "Meeting with Volodymyr Zelenskyy, Donald Trump in Washington, D.C. on 2025-03-03"
    assert e.confidence == pytest.approx(0.8)


def test_meeting_held_in_a_place_in_an_undated_article(nlp):
    text = "As reported, on March 27, a meeting of heads of state was held in Paris to discuss support for Ukraine."
    e = only(events_of(nlp, text, date=None))
    assert (e.etype, e.place, e.date, e.participants) == ("Meeting", "Q90", None, [])


def test_visit_by_the_subject_to_a_country(nlp):
    e = only(events_of(nlp, "NATO Secretary General Mark Rutte made a surprise visit to Kyiv on Tuesday."))
    assert (e.etype, e.participants, e.place, e.date.value) == ("Visit", ["Q57792"], "Q1899", "2025-04-08")
    assert e.span.text == "surprise visit"


def test_visit_in_a_circumstantial_phrase_takes_the_clause_subject(nlp):
    text = "Rutte said that Ukraine was never promised membership during a visit to Ukraine on Tuesday."
    e = only(events_of(nlp, text))
    assert (e.etype, e.participants, e.place) == ("Visit", ["Q57792"], "Q212")


def test_application_by_a_capital_standing_for_its_country(nlp):
    e = only(events_of(nlp, "As early as September 2022, Kiev formally applied for membership in NATO."))
    assert e.etype == "Application"
    assert e.participants == ["Q212", "Q7184"]
    assert (e.date.value, e.date.precision) == ("2022-09", "month")


def test_invasion_verb_and_noun(nlp):
    e = only(events_of(nlp, "Russia invaded Ukraine in February 2022."))
    assert (e.etype, e.participants, e.date.value) == ("Invasion", ["Q159", "Q212"], "2022-02")
    text = "Putin cited NATO as a justification for Russia's full-scale invasion of Ukraine in February 2022."
    e = only(events_of(nlp, text))
    assert (e.etype, e.participants, e.date.value) == ("Invasion", ["Q159", "Q212"], "2022-02")
    assert e.span.text == "Russia's full-scale invasion"


def test_ordering_troops_into_a_country_is_an_invasion(nlp):
    e = only(events_of(nlp, "Putin ordered Russian troops into Ukraine in February of 2022."))
    assert e.etype == "Invasion" and e.date.value == "2022-02"
    assert set(e.participants) == {"Q7747", "Q159", "Q212"}
    assert not events_of(nlp, "Putin ordered a review of the budget in February 2022.")


def test_talks_with_a_host(nlp):
    text = "Talks between Ukraine and Russia were held in Istanbul, hosted by Turkish President Recep Tayyip Erdogan."
    e = only(events_of(nlp, text))
    assert (e.etype, e.place, e.host) == ("Talks", "Q406", "Q39259")
    assert e.participants == ["Q212", "Q159", "Q39259"]     # the host takes part too


def test_meeting_and_talks_with_appositions_and_a_host(nlp):
    text = ("Zelensky met with President Donald Trump's special envoy Steve Witkoff and Trump's son-in-law "
            "Jared Kushner in Brussels over the weekend at a set of continued talks to end the conflict "
            "between Russia and Ukraine, hosted by German Chancellor Friedrich Merz.")
    events = events_of(nlp, text, date=datetime.date(2025, 12, 15))
    assert {e.etype for e in events} == {"Meeting", "Talks"}
    for e in events:
        assert e.participants == ["Q3874799", "person/steve-witkoff", "Q13628723", "Q566257"]
        assert (e.place, e.host, e.date.value) == ("Q239", "Q566257", "2025-12-13")


def test_scheduled_talks_are_kept_with_their_future_date(nlp):
    e = only(events_of(nlp, "Ukraine and Russia are set to hold talks in Istanbul on Monday."))
    assert (e.etype, e.date.value, e.place) == ("Talks", "2025-04-14", "Q406")
    assert e.participants == ["Q212", "Q159"]


@pytest.mark.parametrize("text", [
    "Putin did not meet Zelensky in Istanbul.",                       # negated
    "Trump could meet Putin in Budapest.",                            # hypothetical
    "If Trump meets Putin in Budapest, the war may end.",             # conditional
    "Zelensky wants to visit Washington.",                            # a wish
    "Orbán hoped to host a summit between Trump and Putin in Budapest.",   # a hope
    "There are no plans for a meeting between Trump and Putin.",      # "no"
    "Negotiations are difficult.",                                    # nothing to anchor it
    "Ukraine must be strong at the negotiating table.",               # not an event
    "Moscow demands that Kiev drop its plans to join NATO.",          # a plan to do something is an aim
    "Read also: Zelensky names red lines at settlement talks in Kyiv",  # link headline
])
def test_no_event(nlp, text):
    assert events_of(nlp, text) == []


def test_announcement_with_a_relative_date(nlp):
    e = only(events_of(nlp, "Zelensky announced on Sunday that Ukraine would hold elections."))
    assert (e.etype, e.participants, e.date.value) == ("Announcement", ["Q3874799"], "2025-04-06")


def test_proposal_by_possessor_and_by_presenting(nlp):
    e = only(events_of(nlp, "Fico urged the leaders to endorse his proposal for a ceasefire."))
    assert (e.etype, e.participants) == ("Proposal", ["Q57606"])
    e = only(events_of(nlp, "Moscow has presented its peace terms."))
    assert (e.etype, e.participants) == ("Proposal", ["Q159"])
    assert not events_of(nlp, "Britain opposes several provisions of the plan.")


def test_an_undated_article_leaves_relative_dates_out(nlp):
    e = only(events_of(nlp, "Rutte made a surprise visit to Kyiv on Tuesday.", date=None))
    assert e.date is None and e.place == "Q1899"


def test_later_mentions_of_the_same_event_fold_into_one(nlp):
    text = ("Zelensky met Rutte in Kyiv on Tuesday. After the meeting, Rutte told reporters the talks were useful. "
            "Before meeting Rutte, Zelensky visited the front.")
    events = events_of(nlp, text)
    meetings = [e for e in events if e.etype == "Meeting"]
    assert len(meetings) == 1
    assert (meetings[0].place, meetings[0].date.value) == ("Q1899", "2025-04-08")


def test_different_meetings_stay_apart(nlp):
    text = "Zelensky met Rutte in Kyiv on Tuesday. Zelensky met Macron in Paris in January 2025."
    events = events_of(nlp, text)
    assert sorted((e.place, e.date.value) for e in events) == [("Q1899", "2025-04-08"), ("Q90", "2025-01")]


def test_spans_point_into_the_text(nlp):
    text = "Russia invaded Ukraine in February 2022."
    e = only(events_of(nlp, text))
    assert text[e.span.start:e.span.end] == e.span.text == "invaded"
    assert text[e.sentence.start:e.sentence.end] == e.sentence.text


def test_planned_events_are_kept_and_wishes_are_not(nlp):
    e = only(events_of(nlp, "Army Secretary Dan Driscoll is expected to travel to Abu Dhabi to brief officials."))
    assert (e.etype, e.participants, e.place, e.date) == ("Visit", ["person/dan-driscoll"], "Q1519", None)
    e = only(events_of(nlp, "Trump will visit Kyiv."))
    assert (e.etype, e.participants, e.place) == ("Visit", ["Q22686"], "Q1899")
    assert events_of(nlp, "Trump hopes to visit Kyiv.") == []


def test_an_offer_is_a_proposal_and_the_offered_summit_is_not_an_event(nlp):
    text = "Orbán, who had offered to host a summit between Trump and Putin in Budapest, said he backed talks."
    events = [e for e in events_of(nlp, text) if e.etype != "Talks"]
    e = only(events)
    assert (e.etype, e.participants) == ("Proposal", ["Q57641"])


def test_a_plan_drafted_by_someone(nlp):
    text = "The original 28-point plan, drafted by U.S. envoy Steve Witkoff, would have required Ukraine to cede land."
    e = only(events_of(nlp, text))
    assert (e.etype, e.participants) == ("Proposal", ["person/steve-witkoff"])
    assert e.span.text == "original 28-point plan"


def test_an_idea_talked_about_is_not_an_event(nlp):
    assert events_of(nlp, "Orbán said he still backed direct talks between Washington and Moscow.") == []
    e = only(events_of(nlp, "Orbán backed the talks between Washington and Moscow in Geneva."))
    assert (e.etype, e.participants, e.place) == ("Talks", ["Q30", "Q159"], "Q71")


def test_speaking_by_phone_is_talks_and_speaking_to_reporters_is_not(nlp):
    e = only(events_of(nlp, "Recep Tayyip Erdogan spoke by phone with Ilham Aliyev on Saturday."))
    assert (e.etype, e.participants, e.date.value) == ("Talks", ["Q39259", "Q57371"], "2025-04-05")
    assert events_of(nlp, "Zelensky spoke to reporters in Kyiv on Saturday.") == []


def test_a_telephone_conversation_is_talks(nlp):
    e = only(events_of(nlp, "Giorgia Meloni had a telephone conversation with Donald Trump on Tuesday."))
    assert (e.etype, e.date.value) == ("Talks", "2025-04-08")
    assert "Q22686" in e.participants


def test_speaking_with_someone_named_is_talks_and_with_reporters_is_not(nlp):
    e = only(events_of(nlp, "Giorgia Meloni had spoken with President Volodymyr Zelensky on Tuesday."))
    assert (e.etype, e.participants, e.date.value) == ("Talks", ["person/giorgia-meloni", "Q3874799"], "2025-04-08")
    assert events_of(nlp, "Volodymyr Zelensky spoke with reporters in Kyiv on Saturday.") == []


def test_talking_with_someone_and_a_working_lunch_with_someone_are_events(nlp):
    e = only(events_of(nlp, "Donald Trump talked with Xi Jinping on Tuesday."))
    assert (e.etype, e.date.value) == ("Talks", "2025-04-08")
    e = only(events_of(nlp, "Trump hosted a working lunch with Javier Milei at the White House on Tuesday."))
    assert e.etype == "Meeting"


def test_summoning_an_envoy_is_a_meeting_and_flying_to_a_place_a_visit(nlp):
    (e,) = events_of(nlp, "Pakistan summoned the Indian chargé d'affaires on Wednesday.")
    assert (e.etype, e.participants) == ("Meeting", ["Q843", "Q668"])
    (v,) = events_of(nlp, "On Thursday Viktor Orban flew to Florida to meet Donald Trump.")
    assert (v.etype, v.place) == ("Visit", "Q812")


def test_a_meeting_with_someone_is_also_the_meeting_of_the_one_the_sentence_speaks_of(nlp):
    e = only(events_of(nlp, "Lula won the argument. The thaw came on his terms: a meeting with Trump in Kuala "
                            "Lumpur on Oct. 26."))
    assert (e.etype, sorted(e.participants)) == ("Meeting", ["Q22686", "Q37181"])
    # an owner of its own: nobody is added
    e = only(events_of(nlp, "Lula won the argument. Xi Jinping's meeting with Trump in Busan lasted an hour."))
    assert sorted(e.participants) == ["Q15031", "Q22686"]


def test_the_one_told_in_a_conversation_takes_part_in_it(nlp):
    e = only(events_of(nlp, "Putin informed Trump of the incident in a telephone conversation on Monday."))
    assert (e.etype, sorted(e.participants)) == ("Talks", ["Q22686", "Q7747"])


def test_hosting_someone_is_a_meeting_its_subject_hosts(nlp):
    e = only(events_of(nlp, "Narendra Modi hosted Vladimir Putin at a private dinner in New Delhi on Thursday."))
    assert (e.etype, sorted(e.participants), e.host) == ("Meeting", ["Q1058", "Q7747"], "Q1058")
    e = only(events_of(nlp, "Qatar hosted the talks in Doha."))
    assert (e.etype, e.participants, e.host) == ("Talks", ["Q846"], "Q846")


def test_an_act_done_by_decision_is_an_announcement(nlp):
    # "imposed", "designated", "appointed", "annulled": the act announces itself
    e = only(events_of(nlp, "The US Treasury imposed sanctions on Petro on Friday."))
    assert (e.etype, e.date.value) == ("Announcement", "2025-04-04")
    assert e.participants == ["Q648666"]
    e = only(events_of(nlp, "Romania's Constitutional Court annulled the presidential election on Friday."))
    assert e.etype == "Announcement"


def test_the_two_leaders_are_the_last_two_people_named_and_the_two_countries_the_last_two_countries(nlp):
    events = events_of(nlp, "Narendra Modi flew to Moscow to see Vladimir Putin. The two leaders opened the "
                            "annual summit on Monday.")
    assert {(e.etype, frozenset(e.participants)) for e in events if e.etype == "Meeting"} == {
        ("Meeting", frozenset({"Q1058", "Q7747"}))}
    events = events_of(nlp, "Armenia and Azerbaijan signed the declaration in Washington. The two countries held "
                            "talks in Abu Dhabi on Friday.")
    talks = [e for e in events if e.etype == "Talks"]
    assert [(sorted(e.participants), e.place) for e in talks] == [(["Q227", "Q399"], "Q1519")]
    events = events_of(nlp, "Thailand and Cambodia signed a truce in Putrajaya. The two sides held talks in "
                            "Kuala Lumpur on Friday.")
    talks = [e for e in events if e.etype == "Talks"]
    assert [sorted(e.participants) for e in talks] == [["Q424", "Q869"]]


def test_a_summit_held_somewhere_on_a_day_takes_the_participles_place_and_date(nlp):
    events = events_of(nlp, "Leaders attended the European Council summit held in Brussels on October 23.")
    assert [(e.etype, e.place, e.date.value if e.date else None) for e in events] == [
        ("Meeting", "Q239", "2024-10-23")]
