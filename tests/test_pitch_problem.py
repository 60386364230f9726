"""How the pitch reader reads the client's problem and a catch-all audience, one sentence each:
whose clause a problem is (a kind of client opening it, the speaker's family, "our landlords"),
an ask that still names a problem ("landlords who are worried about …"), generic outcomes
("so that everyone can relax", "stressed out"), where a noun phrase read as the audience ends,
and a catch-all ("everyone") flagged once, whole."""
from __future__ import annotations

import pytest

from plainnet.rules.pitch_reader import read_pitch
from plainnet.rules.wordlists import load_wordlists

WORDS = load_wordlists()


def reading(text, fm=None):
    return read_pitch(text, fm or {}, WORDS)


def problem(text):
    slot = reading(text).slots["problem"]
    return slot.verdict, [(rd.text, rd.start, rd.end, rd.note) for rd in slot.reads]


def audience(text):
    return [(rd.text, rd.note) for rd in reading(text).slots["audience"].reads]


def vague(text):
    return [(rd.text, kind, why) for rd, kind, why in reading(text).vague]


# --- the client's problem -------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # "Many landlords …": "many" is skipped, and the kind of client opens the clause
    ("I help landlords in Leeds. Many landlords still do their own books at the kitchen table.",
     ("present", [("Many landlords still do their own books at the kitchen table.", 27, 88, "client")])),
    # no audience named yet, but the clause is about landlords (a plural kind of person)
    ("I'm a plumber. With landlords the boiler always goes in January.",
     ("present", [("With landlords the boiler always goes in January.", 15, 64, "client")])),
    # "our landlords" are the speaker's clients: their loss is a client's problem
    ("I help landlords in Leeds. Our landlords never lose a tenant over a broken boiler.",
     ("present", [("Our landlords never lose a tenant over a broken boiler.", 27, 82, "client")])),
    # a when-clause with a loss in it is the client's moment of need, even though it says "me"
    ("I help letting agents. When a tenant rings me at midnight about a leak, I sort it.",
     ("present", [("When a tenant rings me at midnight about a leak,", 23, 72, "client")])),
])
def test_a_clause_about_the_client_is_their_problem(text, expected):
    assert problem(text) == expected


@pytest.mark.parametrize("text", [
    # the speaker's dad's tenants: family history, not a client's problem
    "I'm a plumber. My dad was a landlord, and with his tenants the boiler always went in January.",
    "I'm a plumber. My mum was a landlord, and with her tenants the boiler always went in January.",
])
def test_his_or_her_people_are_the_speakers_story_not_a_client_problem(text):
    assert problem(text) == ("missing", [])


def test_an_ask_for_worried_landlords_still_names_their_problem():
    # the ask sentence is read for a problem because of "who are worried"
    text = ("I help landlords in Leeds. A great introduction for me would be landlords who are "
            "worried about void periods.")
    assert problem(text) == ("present", [("who are worried about void periods.", 74, 109, "client")])


@pytest.mark.parametrize("text, expected", [
    # "stressed out" is a generic outcome, not a pain that says what goes wrong
    ("I help teachers who are stressed out.",
     ("vague", [("who are stressed out.", 16, 37, "generic outcome")])),
    # a generic outcome said of the client ("Patients") is still only vague
    ("I help dentists. Patients feel confident.",
     ("vague", [("Patients feel confident.", 17, 41, "generic outcome")])),
    # "so that everyone …": the result is promised to everyone, so it is vague
    ("We build dashboards so that everyone can relax.",
     ("vague", [("so that everyone can relax.", 20, 47, "generic outcome")])),
])
def test_a_generic_outcome_is_a_vague_problem(text, expected):
    assert problem(text) == expected


def test_a_result_for_everyone_is_an_outcome_anyone_could_promise():
    slot = reading("We build dashboards so that everyone can relax.").slots["problem"]
    assert slot.why == "“so that everyone can relax.” is an outcome anyone could promise"


# --- where the audience's noun phrase ends ---------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # "to sort" after "3 flats" starts the purpose: a number before it is no range
    ("I help landlords with 2 or 3 flats to sort out their tax returns.",
     [("landlords with 2 or 3 flats", "help")]),
    # "from" five words back is no "from … to …" range: "to cut" starts the purpose
    ("I help farms from the small market towns to cut their energy bills.",
     [("farms from the small market towns", "help")]),
    # a number early in the phrase does not make the last word a number
    ("I help the 3 biggest dental groups in the north to cut waiting times.",
     [("the 3 biggest dental groups in the north", "help")]),
    # the phrase does not end on a dangling "by" before an aside
    ("I help landlords who are let down by, frankly, their agents.",
     [("landlords who are let down", "help")]),
])
def test_the_audience_phrase_ends_where_the_purpose_starts(text, expected):
    assert audience(text) == expected


# --- a catch-all audience ----------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # "anyone really" is already flagged whole: "anyone" is not flagged again on its own
    ("We work with anyone really.",
     [("anyone really", "client", "“anyone really” is not someone a listener can picture: name one kind")] * 2),
    ("I help everyone you know.",
     [("everyone you know", "client",
       "“everyone you know” is not someone a listener can picture: name one kind")] * 2),
])
def test_a_catch_all_already_read_is_flagged_once(text, expected):
    assert vague(text) == expected


def test_a_catch_all_after_serves_is_the_vague_audience():
    # no "I help …", but "serves everyone" still says whom the business is for: everyone
    slot = reading("Our bakery serves everyone.").slots["audience"]
    assert slot.verdict == "vague"
    assert [(rd.text, rd.start, rd.end, rd.note) for rd in slot.reads] == [("everyone", 18, 26, "catch-all")]
    assert slot.why == "“everyone” is everyone: name one kind"


# --- a generic outcome, a measured one, and the client's clause ---------------------------------

@pytest.mark.parametrize("text, expected", [
    # "enables", "empowers": said for the client even with no "them" in the clause
    ("I help dental practices. Our software enables growth.",
     ("vague", [("Our software enables growth.", 25, 53, "generic outcome")])),
    ("I help dental practices. This empowers growth.",
     ("vague", [("This empowers growth.", 25, 46, "generic outcome")])),
    # "more" with "get" measures nothing: "growth" stays an outcome anyone could promise
    ("I help dental practices. We get them more growth.",
     ("vague", [("We get them more growth.", 25, 49, "generic outcome")])),
])
def test_a_generic_outcome_the_speaker_promises_is_vague(text, expected):
    assert problem(text) == expected


@pytest.mark.parametrize("text, expected", [
    # "help them succeed" is generic, but the empty chairs are a result a listener can picture
    ("I help dental practices. We help them succeed with fewer empty chairs.",
     ("present", [("We help them succeed with fewer empty chairs.", 25, 70, "client")])),
    ("I help dental practices. We help them grow revenue by 30%.",
     ("present", [("We help them grow revenue by 30%.", 25, 58, "client")])),
])
def test_help_them_grow_with_a_concrete_result_is_the_problem(text, expected):
    assert problem(text) == expected


def test_a_plural_kind_after_a_singular_audience_opens_the_clients_clause():
    # the audience is "a family bakery"; "bakeries" in the next sentence are the same clients
    assert problem("I help a family bakery. If bakeries opened later, nothing would change.") == \
        ("present", [("If bakeries opened later,", 24, 50, "client")])


@pytest.mark.parametrize("text, expected", [
    ("I help a family bakery. If it's all of the bakeries that opened later, nothing would change.",
     ("present", [("If it's all of the bakeries that opened later,", 24, 71, "client")])),
    # the kind of client is looked for among a clause's first six words: here it is the seventh
    ("I help a family bakery. If it's all of the many bakeries that opened later, nothing would change.",
     ("missing", [])),
])
def test_the_client_opening_a_clause_is_found_among_its_first_six_words(text, expected):
    assert problem(text) == expected
