"""How the pitch reader finds an audience clause by clause: the employer a job seeker wants to
join, the target of an ask (after its lead-in words, and the catch-alls in it), a sentence or
clause that opens with a kind of client ("Dentists lose money when …"), and the object of the
speaker's verb. One sentence per case, with the reading a networking coach would give it."""
from __future__ import annotations

import pytest

from plainnet.rules.pitch_reader import read_pitch
from plainnet.rules.wordlists import load_wordlists

WORDS = load_wordlists()


def audience(text, fm=None):
    return sorted((rd.text, rd.note) for rd in read_pitch(text, fm or {}, WORDS).slots["audience"].reads)


def vague(text):
    """Every phrase flagged as vague, in reading order: (words, what flagged them)."""
    return [(rd.text, rd.note) for rd, _kind, _why in read_pitch(text, {}, WORDS).vague]


def vague_ask_targets(text):
    """The ask targets flagged as vague (not the catch-all phrases flagged on their own)."""
    return [(rd.text, kind) for rd, kind, _why in read_pitch(text, {}, WORDS).vague if rd.note == "ask"]


# --- a job search: the employer sought is whom the speaker would help ----------------------

def test_a_job_seeker_joining_a_trade_reads_that_trade_as_the_audience():
    # "upholsterers" is no listed trade, but it names people by what they do
    text = "I'm hoping to join upholsterers in Leeds as an apprentice."
    assert audience(text) == [("upholsterers in Leeds", "job")]


def test_a_job_seekers_ask_for_people_at_a_company_reads_them_as_the_audience():
    # the people the ask names are read as a trade even though the trade is no listed word
    text = ("I'm looking for an apprenticeship, so a great introduction for me would be "
            "upholsterers at a furniture company.")
    assert audience(text) == [("upholsterers at a furniture company", "ask")]


# --- the target of an ask ------------------------------------------------------------------

def test_an_ask_target_is_read_after_four_lead_in_words():
    # "to get to know" leads in; the target, "ambitious entrepreneurs", could be anyone
    text = "A great introduction for me would be to get to know ambitious entrepreneurs."
    assert vague(text) == [("ambitious entrepreneurs", "ask")]


@pytest.mark.parametrize("text, flagged", [
    # "every business" is a catch-all, and so is the whole target that needs only a website
    ("Please introduce me to dental practices, and to every business that needs a website.",
     [("every business", "catch-all"), ("every business that needs a website", "ask")]),
    # a company named by its trade is no catch-all, and does not stop the one after it being read
    ("I'd love to meet the owner of a medical device company, or anyone who needs a website.",
     [("anyone who needs a website", "ask")]),
    # "anywhere" after a trade is flagged once, as a catch-all place, not again as a person
    ("I'd love to meet dentists, anywhere.", [("anywhere", "catch-all")]),
    ("I'd love to meet company directors, anywhere.", [("anywhere", "catch-all")]),
])
def test_catch_alls_in_an_ask_are_flagged_once_each(text, flagged):
    assert vague(text) == flagged


def test_a_catch_all_after_a_trade_does_not_stop_a_later_one_being_read():
    # "landlords anywhere in Yorkshire" names a trade; "anyone who needs a website" does not
    text = "I'd love to meet landlords anywhere in Yorkshire, or anyone who needs a website."
    assert vague_ask_targets(text) == [("anyone who needs a website", "ask")]


# --- a sentence or clause opening with a kind of client ------------------------------------

@pytest.mark.parametrize("text, read", [
    # a clause after "when" opens with the client
    ("When dentists need a new surgery, they call me.", [("dentists", "subject")]),
    # the first clause has a singular subject; the one after "and" has the client
    ("Practice management is hard, and dentists lose money when the diary is half empty.",
     [("dentists", "subject")]),
    # "Unlike dentists," is an aside; the subject of the sentence is "vets"
    ("Unlike dentists, vets lose money when clients don't show up.", [("vets", "subject")]),
    # "Harrogate Plumbers" is a firm's name; the landlords are the clients
    ("Since Harrogate Plumbers closed, landlords need a new plumber they can trust.",
     [("landlords", "subject")]),
    # three words before the head still make one kind of client
    ("Small independent family bakeries lose money when an oven breaks.",
     [("Small independent family bakeries", "subject")]),
    # "that rent to students" narrows the landlords; "that" is no pronoun here
    ("Landlords that rent to students in Leeds call me when the boiler breaks.",
     [("Landlords that rent to students in Leeds", "subject")]),
    # two kinds joined by "and" share the qualifier "in Leeds", so "businesses" is not alone
    ("Small businesses and charities in Leeds call me when their books are a mess.",
     [("Small businesses and charities in Leeds", "subject")]),
    # a list ending "and such" reads without trouble
    ("Dentists in Leeds call me about crowns, bridges and such.", [("Dentists in Leeds", "subject")]),
])
def test_a_clause_opening_with_a_kind_of_client_names_the_audience(text, read):
    assert audience(text) == read


@pytest.mark.parametrize("text, read", [
    ("My clients? Independent dentists.", [("Independent dentists", "subject")]),
    ("Who do I help? Dentists.", [("Dentists", "subject")]),
])
def test_a_sentence_that_is_only_a_kind_of_client_names_the_audience(text, read):
    assert audience(text) == read


def test_a_firms_name_at_the_start_of_a_sentence_is_not_an_audience():
    # "Harrogate Plumbers" is a company, not plumbers the speaker serves
    assert audience("Harrogate Plumbers called me when their van was stolen.") == []


# --- the object of the speaker's verb ------------------------------------------------------

def test_a_verb_with_no_client_does_not_hide_a_later_one():
    # "I love my job" has no client in it; "I rewire pubs and restaurants" does
    text = "I love my job, and I rewire pubs and restaurants."
    assert audience(text) == [("pubs and restaurants", "object")]
