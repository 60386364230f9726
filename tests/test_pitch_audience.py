"""Whom a pitch says it helps, one sentence each: the lead-ins that open an audience ("I help",
"I'm after", "If you're …", "Picture …", "Typical client: …", "Focus on …", "… for …", "… to …",
a job sought), the readings each keeps or drops (the speaker's own people, a named family or
organisation, someone else's clients, a wish, a duration or a quantity after "for"), and how an
audience named inside an ask is told from the speaker's own."""
from __future__ import annotations

import pytest

from plainnet.rules.pitch import check_pitch
from plainnet.rules.pitch_reader import read_pitch
from plainnet.rules.wordlists import load_wordlists

WORDS = load_wordlists()


def reading(text, fm=None):
    return read_pitch(text, fm or {}, WORDS)


def audience(text, fm=None):
    return sorted((rd.text, rd.note) for rd in reading(text, fm).slots["audience"].reads)


def vague(text, note):
    """The vague readings put there by one lead-in: (words, whose: "client" or "ask")."""
    return [(rd.text, kind) for rd, kind, _ in reading(text).vague if rd.note == note]


def vague_client_messages(text):
    found = check_pitch("pitch.md", text, 1, {}, {}, {}, WORDS)
    return [f.message for f in found if f.rule == "pitch-vague-client"]


# ---------------------------------------------------------------------------------------------
# a trade a listener knows, though not in the word lists: read by its ending ("-er", "-ist")
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, read", [
    # "mentor" is a helping verb; beekeepers are a kind of person by their "-er" ending
    ("I mentor independent beekeepers in Devon.", [("independent beekeepers in Devon", "help")]),
    # "I'm after …" names a kind of client, said as an ask
    ("This month I'm after independent beekeepers in Devon.", [("independent beekeepers in Devon", "help")]),
    ("I'm really after a farrier in Somerset.", [("a farrier in Somerset", "help")]),
    # "If you're a …" shows the listener the client
    ("If you're a beekeeper in Devon, I'm the insurance broker to call.", [("a beekeeper in Devon", "if-you")]),
    # "Picture a …" shows the listener the client
    ("Picture a farrier in Somerset doing invoices at midnight.",
     [("a farrier in Somerset doing invoices at midnight", "picture")]),
    # "Typical client: …" names the client outright
    ("Typical client: a thatcher in Norfolk with a two-year waiting list.",
     [("a thatcher in Norfolk with a two-year waiting list", "clients-are")]),
    # a job sought: the workshop they want to join is whom they would work for
    ("I'm looking for a role with independent luthiers in Bristol.", [("independent luthiers in Bristol", "job")]),
    ("I'm looking for a placement at a luthier in Bristol.", [("a luthier in Bristol", "job")]),
])
def test_a_trade_known_by_its_ending_is_an_audience_after_these_lead_ins(text, read):
    assert audience(text) == read


# ---------------------------------------------------------------------------------------------
# lead-ins, whatever their case
# ---------------------------------------------------------------------------------------------

def test_focus_on_after_a_colon_names_the_audience():
    # a capital after the colon is still "focus on"
    assert audience("We have one goal for 2025: Focus on dental practices in Kent.") == [
        ("dental practices in Kent", "about")]


def test_joining_at_the_start_of_a_sentence_names_the_employer_sought():
    # "Joining" opens the sentence: the startup is whom they would work for
    assert audience("Joining a fintech startup in Leeds is my next step.") == [
        ("a fintech startup in Leeds", "job")]


# ---------------------------------------------------------------------------------------------
# whose clients: the speaker's, not someone else's
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # the council helps the landlords, after "and": not the speaker
    "I moved to Leeds in 2019 and the council supports landlords with grants.",
    # the listener's clients, not the speaker's
    "I wonder whether you work with landlords too.",
    # "YOU" in capitals, for emphasis, is still the listener
    "I bet YOU work with landlords too.",
])
def test_someone_elses_clients_are_no_audience(text):
    assert audience(text) == []


@pytest.mark.parametrize("text, read", [
    # the brother's footballers are skipped; the speaker's golfers are still read
    ("My brother mentors footballers, but I mentor young golfers in Fife.", [("young golfers in Fife", "help")]),
    # the listener's landlords are skipped; the speaker's tenants are still read
    ("I'd guess you work with landlords, but I mentor young tenants in Leeds.", [("young tenants in Leeds", "help")]),
])
def test_the_speakers_clients_after_someone_elses_are_read(text, read):
    assert audience(text) == read


@pytest.mark.parametrize("text", [
    # a named family is not a kind of client
    "We work with the Hendersons on their estate planning.",
    # one professional body, named: not a kind a listener can look out for
    "We sell exam workbooks to Engineers Ireland.",
])
def test_a_named_family_or_organisation_is_no_audience(text):
    assert audience(text) == []


# ---------------------------------------------------------------------------------------------
# the speaker's own people
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # the speaker's colleagues, not clients
    "On Fridays I mentor our junior engineers.",
    "I mentor our young professionals at the bank.",
])
def test_the_speakers_own_people_are_no_audience(text):
    assert audience(text) == []


def test_my_after_the_kind_is_no_ownership():
    # "women my age" are a kind of client, not the speaker's own
    assert audience("I run strength classes for women my age in Harrogate.") == [
        ("women my age in Harrogate", "for")]


def test_my_clients_are_my_fellow_nurses_names_the_audience():
    # "my clients are …" names the client even when they are the speaker's fellow nurses
    assert audience("My clients are mostly my fellow nurses who want to go freelance.") == [
        ("my fellow nurses who want to go freelance", "clients-are")]


# ---------------------------------------------------------------------------------------------
# "for …" and "to …"
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # a duration after "for", then the employer: no client
    "I was a nurse for 1.5 years at two hospitals in Leeds.",
    # "ready for new clients" wants clients; it names none
    "I'm ready for new clients.",
])
def test_for_after_these_names_no_audience(text):
    assert audience(text) == []


@pytest.mark.parametrize("text, read", [
    # past an employer named after "for", the clients after the next "for" are read
    ("I did the payroll for Greggs for ten years; now I do it for independent bakeries in Leeds.",
     [("independent bakeries in Leeds", "for")]),
    # past "I work for a bank", the clients after the next "for" are read
    ("By day I work for a bank; in the evenings I do the books for small charities in Hull.",
     [("small charities in Hull", "for")]),
])
def test_the_clients_after_a_second_for_are_read(text, read):
    assert audience(text) == read


def test_customers_someone_else_writes_to_are_no_audience():
    # the speaker sells cakes; the son writing to customers names no kind of client
    assert audience("We sell cakes, and my son writes to customers every week.") == []


def test_a_bullet_that_opens_with_provide_sells_to_its_audience():
    # a list of services: "Provide … to businesses across Kent" sells to them
    assert audience("What I do:\n\n- Provide payroll to businesses across Kent.") == [
        ("businesses across Kent", "for")]


# ---------------------------------------------------------------------------------------------
# "If you …"
# ---------------------------------------------------------------------------------------------

def test_if_you_want_is_a_wish_not_a_client():
    # the listener wants the dentists' trust: dentists are not the speaker's clients
    assert audience("If you want dentists in Leeds to trust you, talk to me.") == []


@pytest.mark.parametrize("text, read", [
    # a wish, then the client: the second "if you" is still read
    ("If you want a new website, or if you run a café in Leeds, call me.", [("a café in Leeds", "if-you")]),
    # a need, then the client: the second "if you" is still read
    ("If you need a website, or if you run a small hotel in Whitby, call me.",
     [("a small hotel in Whitby", "if-you")]),
])
def test_the_client_after_a_wish_or_a_need_is_read(text, read):
    assert audience(text) == read


@pytest.mark.parametrize("text, read", [
    ("If you're an architect in Leeds, I can speed up your planning drawings.", [("an architect in Leeds", "if-you")]),
    ("If you are the owner of a care home, I can help.", [("the owner of a care home", "if-you")]),
])
def test_if_you_are_a_reads_the_client_with_its_article(text, read):
    assert audience(text) == read


# ---------------------------------------------------------------------------------------------
# inside an ask: the introduction asked for, not the speaker's audience
# ---------------------------------------------------------------------------------------------

def test_for_inside_an_ask_is_not_the_speakers_audience():
    # the landlords are the solicitor's clients, not the speaker's
    assert audience("I help dentists in Leeds. Do you know a good solicitor for landlords?") == [
        ("dentists in Leeds", "help")]


def test_made_for_inside_an_ask_is_not_the_speakers_audience():
    # the carpenter wants the tools; left-handers are not their clients
    assert audience("I'm a carpenter in York. Do you know a supplier of tools made for left-handers?") == []


def test_a_vague_kind_after_for_in_an_ask_is_said_of_the_introduction():
    # the classic vague ask: anyone with a business
    assert vague_client_messages("I build websites. Who do you know who needs a website for their business?") == [
        "the introduction you ask for: “their business” could be anyone: say which business "
        "(trade, size, place, situation)"]


def test_a_vague_kind_after_made_for_in_an_ask_belongs_to_the_ask():
    assert vague("I build websites. Do you know anyone who needs a website made for their business?",
                 "lead-in") == [("their business", "ask")]


def test_the_ask_target_is_read_past_a_long_lead_in():
    # "to be put in touch with" is six words of lead-in; the target starts at its article
    text = ("I'm a product manager looking for my next role. "
            "A great introduction for me would be to be put in touch with a fintech startup.")
    assert audience(text) == [("a fintech startup", "ask")]


@pytest.mark.parametrize("text, read", [
    # a percentage after the place is what the speaker does for them, not part of the place
    ("I help GP practices in Wales 5% faster.", "GP practices in Wales"),
    # a district number is part of the place
    ("I help landlords in Leeds 6.", "landlords in Leeds 6"),
])
def test_a_place_ends_the_audience_unless_a_district_number_follows(text, read):
    assert audience(text) == [(read, "help")]


@pytest.mark.parametrize("text, read", [
    # an amount before "to" is what they have to spend: "to invest" stays in the phrase
    ("I help landlords with 1,000 to invest.", "landlords with 1,000 to invest"),
    ("I help families with 10 to 20 staff.", "families with 10 to 20 staff"),
])
def test_an_amount_before_to_keeps_the_qualifier_going(text, read):
    assert audience(text) == [(read, "help")]
