"""Whom a pitch names and who is speaking, one sentence each: the head word of a noun phrase
(the word naming a kind of person or organisation, past proper names, "lots of", "the branches
of", a compound's last noun, a plural after "I help"), the loose reading of "-er"/"-or" words, and
the speaker's lines (an introduction, a title, a one-line headline, the employer named)."""
from __future__ import annotations

import pytest

from plainnet.rules.pitch_reader import read_pitch
from plainnet.rules.wordlists import load_wordlists

WORDS = load_wordlists()


def reading(text, fm=None):
    return read_pitch(text, fm or {}, WORDS)


def audience(text, fm=None):
    return sorted((rd.text, rd.note) for rd in reading(text, fm).slots["audience"].reads)


def audience_why(text, fm=None):
    slot = reading(text, fm).slots["audience"]
    return slot.verdict, slot.why


def speaker(text):
    return [(rd.text, rd.start, rd.end, rd.note) for rd in reading(text).slots["speaker"].reads]


def employer(text):
    return [(rd.text, rd.start, rd.end) for rd in reading(text).employer]


@pytest.mark.parametrize("text, read", [
    # a town before the trade is a modifier, even when it ends like "baker" or "teacher"
    ("I help small Exeter dental practices grow.", [("small Exeter dental practices", "help")]),
    ("I work with the Hunter Valley winemakers.", [("the Hunter Valley winemakers", "help")]),
    # "different kinds of" does not stop the phrase before the dental practices
    ("If you run different kinds of dental practices, I can help.",
     [("different kinds of dental practices", "if-you")]),
])
def test_a_proper_name_or_a_quantity_before_the_kind_is_read_through(text, read):
    assert audience(text) == read


def test_a_kind_of_organisation_after_of_is_whom_the_work_is_for():
    # the payroll is done for the branches; the banks are the client
    assert audience("I do the payroll for the branches of regional banks.") == [
        ("the branches of regional banks", "for")]


def test_a_named_organisation_after_of_is_no_kind_of_client():
    # one building society, named: not a kind a listener can look out for
    assert audience("I do the payroll for the branches of Yorkshire Building Society.") == []


@pytest.mark.parametrize("text, why", [
    # the compound's last noun is the head: say which owners, not which business
    ("I help lots of business owners.",
     "“lots of business owners” could be anyone: say which owners (trade, size, place, situation)"),
    ("I do the tax returns for the spouses of business owners.",
     "“the spouses of business owners” could be anyone: say which owners (trade, size, place, situation)"),
])
def test_business_owners_is_judged_on_owners(text, why):
    assert audience_why(text) == ("vague", why)


def test_different_kinds_of_people_in_front_matter_could_be_anyone():
    assert audience_why("I fix boilers.", {"audience": "different kinds of people"}) == (
        "vague", "“different kinds of people” could be anyone: say which people (trade, size, place, situation)")


@pytest.mark.parametrize("text, read", [
    # a plural after "I help", past a vague modifier, is whom they help
    ("I help growing co-ops in Leeds.", [("growing co-ops in Leeds", "help")]),
    # an acronym's plural after "I help": integrated care systems
    ("I help ICSs.", [("ICSs", "help")]),
    # swimmers is the compound's last noun, not club (the club's own would be "our club")
    ("I coach our club swimmers.", [("our club swimmers", "help")]),
])
def test_the_first_plural_after_i_help_is_whom_they_help(text, read):
    assert audience(text) == read


@pytest.mark.parametrize("text", [
    "I help with all the VAT returns.",  # a task, not a kind of client
    "I help with stress.",  # "stress" ends in s, but is no plural
    "I help the press.",
    "I help with peer review.",  # "peer" is no trade
    "I help with hay fever.",  # nor is "fever"
    "I write picture books for the pre-school-age market.",  # a market, not a kind of client
])
def test_these_name_no_kind_of_client(text):
    assert audience(text) == []


@pytest.mark.parametrize("text, read", [
    # "kitchens" is read as the plural of a listed trade, with or without a hyphenated modifier
    ("I'm a food safety consultant for busy kitchens.", [("busy kitchens", "for")]),
    ("I'm a food safety consultant for ghost-kitchens.", [("ghost-kitchens", "for")]),
    # "baker" is no listed trade, but an -er word after "if you're a" names one
    ("If you're a baker in Leeds, I can fix your ovens.", [("a baker in Leeds", "if-you")]),
])
def test_a_trade_not_in_the_list_is_still_read(text, read):
    assert audience(text) == read


def test_a_title_in_a_later_sentence_is_part_of_the_speaker():
    assert speaker("Hi, I'm Sarah. I run marketing at Acme.") == [
        ("I'm Sarah", 4, 13, ""), ("I run marketing at Acme.", 15, 39, "title")]


def test_an_introduction_without_a_full_stop_is_read_once():
    assert speaker("I'm a designer at Acme") == [("I'm a designer at Acme", 0, 22, "")]


def test_a_one_line_headline_with_a_short_role_is_the_speaker():
    text = "Private maths tutor for GCSE students in Leeds."
    assert speaker(text) == [(text, 0, 47, "headline")]


@pytest.mark.parametrize("text", [
    "Peer support groups for new dads in Bristol.",  # "peer" is no role
    "Half the pubs in York changed supplier last year.",  # a fact about pubs, not a headline
])
def test_a_first_sentence_that_names_no_role_is_no_headline(text):
    assert speaker(text) == []


@pytest.mark.parametrize("text, where", [
    ("I'm an engineer at Arup; I design bridges.", [("at Arup", 16, 23)]),
    ("I work at Acme Print, Leeds.", [("at Acme Print", 7, 20)]),
])
def test_the_employer_name_ends_at_punctuation(text, where):
    assert employer(text) == where


@pytest.mark.parametrize("text, read", [
    # "Name, role": a few lower-case words, and the organisation named after at, for, with or of
    ("Jo, product lead at X.", [("Jo, product lead at X.", 0, 22, "name")]),
    ("Sam, head of sales at Acme Print.", [("Sam, head of sales at Acme Print.", 0, 33, "name")]),
    ("Jo, head of Sales.", [("Jo, head of Sales.", 0, 18, "name")]),
    ("Ana, designer.", [("Ana, designer.", 0, 14, "name")]),
    # a capitalised word after the role with no at/for/with/of before it is no organisation
    ("Jo, product lead X.", []),
    ("Hello, welcome to London.", []),
])
def test_a_name_and_a_role_is_the_speaker(text, read):
    assert speaker(text) == read
