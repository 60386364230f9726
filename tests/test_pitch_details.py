"""Small details of the pitch reader and of the pitch rules, one behaviour each: curly quotes,
abbreviations, catch-all audiences with one narrowing word, front-matter values, run-on sentences,
and where and how `check_pitch` and `pitch_report` say what they found."""
from __future__ import annotations

import pytest

from plainnet.rules.pitch import check_pitch, pitch_report
from plainnet.rules.pitch_reader import SLOTS, Read, read_pitch
from plainnet.rules.wordlists import load_wordlists

WORDS = load_wordlists()


def reading(text, fm=None, words=WORDS):
    return read_pitch(text, fm or {}, words)


def reads(text, slot, fm=None):
    """(text, note) of each read of one slot."""
    return [(rd.text, rd.note) for rd in reading(text, fm).slots[slot].reads]


def verdict(text, slot, fm=None):
    return reading(text, fm).slots[slot].verdict


def vague(text, fm=None):
    """(text, kind) of each vague read."""
    return [(rd.text, kind) for rd, kind, _ in reading(text, fm).vague]


def acronyms(text, words=WORDS):
    return [rd.text for rd in reading(text, words=words).acronyms]


def findings(text, fm=None, *, first_line=1, fm_lines=None, config=None, rule=None):
    """(line, column, message) of each finding, of one rule when asked."""
    found = check_pitch("pitch.md", text, first_line, fm or {}, fm_lines or {}, config or {}, WORDS)
    return [(f.line, f.column, f.message) for f in found if rule is None or f.rule == rule]


def run_on(n_words: int) -> list[str]:
    """The words of one long sentence that never stops for breath (no number in it)."""
    words = "I help dentists in Leeds".split()
    while len(words) < n_words:
        words += "and their practice managers with the rota and the stock".split()
    return words[:n_words]


# ---------------------------------------------------------------------------------------------
# curly quotes read like straight ones
# ---------------------------------------------------------------------------------------------

# "Let's talk" is an ask, whichever apostrophe the phone put in (’ or a backwards ‘)
@pytest.mark.parametrize("text", [
    "I help dentists in Leeds. Let’s talk.",
    "I help dentists in Leeds. Let‘s talk.",
])
def test_lets_talk_with_a_curly_apostrophe_is_an_ask(text):
    assert reads(text, "ask") == [(text[26:], "conditional")]


def test_quoted_words_do_not_move_what_is_read():
    # curly quotes around a word: the result after them is read at its own place
    text = "I help ‘independent’ dentists in Leeds so they stop losing patients."
    assert [(rd.text, rd.start, rd.end) for rd in reading(text).slots["problem"].reads] == \
        [("so they stop losing patients.", 39, 68)]


def test_a_curly_ive_ends_the_audience():
    # "I’ve met …" starts a clause of the speaker's: the audience is the landlords
    assert reads("I help landlords I’ve met at letting fairs.", "audience") == [("landlords", "help")]


# ---------------------------------------------------------------------------------------------
# abbreviations
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, found", [
    # a brand in camel case is no abbreviation
    ("I help DevOps teams at software firms ship on Fridays.", []),
    # a template's marker is a placeholder (pitch-unfinished), not an abbreviation to spell out
    ("I help dentists in Leeds FIXME.", []),
    # a known abbreviation in the plural: "VP" is known, so "VPs" is too
    ("I coach new VPs of sales at software startups.", []),
    # a shouted word is skipped, and the abbreviation after it still counts
    ("I am PASSIONATE about helping medical device startups pass their QMS audits.", ["QMS"]),
    # one abbreviation spelled out, the next one not
    ("I set up customer relationship management (CRM) tools for builders and get them through "
     "their first QMS audit.", ["QMS"]),
])
def test_which_abbreviations_are_not_spelled_out(text, found):
    assert acronyms(text) == found


def test_a_plural_the_vault_lists_as_known_is_not_flagged():
    words = load_wordlists(extend={"known_acronyms": ["KPIs"]})
    assert acronyms("I help founders of software firms pick the KPIs that matter.", words) == []


# ---------------------------------------------------------------------------------------------
# catch-all audiences and the words that narrow them
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, read", [
    # an adverb before "anyone" narrows nothing
    ("I help literally anyone.", ("literally anyone", "help")),
    ("I build websites for pretty much anyone.", ("pretty much anyone", "for")),
    # "in your contacts" is a filler: still any business
    ("I help businesses in your contacts.", ("businesses in your contacts", "help")),
])
def test_a_catch_all_with_a_filler_is_vague(text, read):
    r = reading(text)
    assert r.slots["audience"].verdict == "vague"
    assert [(rd.text, rd.note) for rd in r.slots["audience"].reads] == [read]


@pytest.mark.parametrize("text", [
    # one kind of person after "anyone" is enough
    "Do you know anyone who is a landlord?",
    # so is a place of work named by a number ("3M") or a trade ("5G")
    "A great introduction for me is anyone at 3M.",
    "Do you know anyone in 5G?",
])
def test_anyone_narrowed_by_one_word_is_not_vague(text):
    assert vague(text) == []


def test_anyone_in_a_trade_named_by_a_number_is_an_audience():
    assert verdict("I help anyone in 5G.", "audience") == "present"
    assert reads("I help anyone in 5G.", "audience") == [("anyone in 5G", "help")]


# ---------------------------------------------------------------------------------------------
# a career changer's pitch
# ---------------------------------------------------------------------------------------------

def test_moving_into_a_field_at_the_start_of_a_sentence_is_a_job_search():
    # whom a job seeker asks to meet is whom they would work with
    text = ("Moving into UX research after ten years of teaching, I'd love to meet designers at "
            "health startups.")
    assert verdict(text, "audience") == "present"
    assert reads(text, "audience") == [("designers at health startups", "ask")]


# ---------------------------------------------------------------------------------------------
# offer
# ---------------------------------------------------------------------------------------------

def test_i_like_is_not_what_you_do():
    assert verdict("I like a challenge.", "offer") == "missing"


# ---------------------------------------------------------------------------------------------
# front matter
# ---------------------------------------------------------------------------------------------

def test_a_vague_front_matter_audience_is_read_at_its_key_not_in_the_text():
    r = reading("I build websites.", {"audience": "anyone"})
    assert r.vague == [(Read("anyone", -1, -1, "audience"), "client",
                        "audience: “anyone” is not someone a listener can picture: name one kind")]


def test_a_long_front_matter_audience_is_read_to_its_last_words():
    # the trade comes at the end of a long value: "in dental care" narrows the owners
    fm = {"audience": "business owners who are growing and moving forward and going to the next "
                      "level with their business in dental care"}
    assert verdict("I build websites.", "audience", fm) == "present"
    assert vague("I build websites.", fm) == []


def test_a_front_matter_audience_led_by_a_trade_is_not_vague():
    # "podcasters" is a kind of client, even though no word list names it
    fm = {"audience": "podcasters and other businesses"}
    assert verdict("I build websites.", "audience", fm) == "present"
    assert vague("I build websites.", fm) == []


# ---------------------------------------------------------------------------------------------
# the reading as a whole
# ---------------------------------------------------------------------------------------------

def test_every_slot_knows_its_name():
    r = reading("I help dentists in Leeds.")
    assert [r.slots[name].name for name in SLOTS] == list(SLOTS)


def test_a_run_on_sentence_is_read_to_its_120th_word():
    # a number as the 120th word is still proof; the rest of the sentence is not read
    words = run_on(119) + ["40"] + run_on(10)
    text = " ".join(words) + "."
    proof = reading(text).slots["proof"]
    assert proof.verdict == "present"
    end = len(" ".join(words[:120]))
    assert [(rd.start, rd.end) for rd in proof.reads] == [(0, end)]


def test_the_sentence_after_a_run_on_sentence_is_read_on_its_own():
    text = " ".join(run_on(130)) + ". Last year I saved one practice 40 hours."
    assert reads(text, "proof") == [("Last year I saved one practice 40 hours.", "proof")]


# ---------------------------------------------------------------------------------------------
# where and how the rules report
# ---------------------------------------------------------------------------------------------

ANY_BUSINESS = "Any business owner who wants more customers is a good introduction for me."


def test_a_vague_ask_at_the_very_start_says_it_is_the_introduction_asked_for():
    assert findings(ANY_BUSINESS, rule="pitch-vague-client") == [
        (1, 1, "the introduction you ask for: “Any business” is everyone: name one kind")]


def test_a_vague_ask_at_the_very_start_points_at_its_words_not_at_an_empty_key():
    # the note has an empty "ask:" on line 3; the words are on line 5
    assert findings(ANY_BUSINESS, {"ask": ""}, first_line=5, fm_lines={"ask": 3},
                    rule="pitch-vague-client") == [
        (5, 1, "the introduction you ask for: “Any business” is everyone: name one kind")]


def test_a_placeholder_under_a_front_matter_block_is_reported_on_its_own_line():
    text = "---\ntype: pitch\n---\nI help <your audience> in Leeds."
    assert findings(text) == [
        (4, 8, "the placeholder “<your audience>” is still here: the pitch is not written yet; "
               "replace each placeholder with your own words")]


def test_jargon_past_the_120th_word_of_a_run_on_sentence_is_still_reported():
    words = run_on(130)
    text = " ".join(words) + " through real synergy."
    col = len(" ".join(words)) + len(" through real ") + 1
    assert findings(text, rule="pitch-jargon") == [
        (1, col, "jargon “synergy”: a listener cannot act on it; say in plain words what you do and "
                 "what changes for your client")]


def report_length(text, config=None):
    return pitch_report("pitch.md", text, 1, {}, {}, config or {}, WORDS)["length"]


def test_the_spoken_seconds_are_rounded_to_a_tenth():
    # 10 words at 140 words a minute: 4.29 s, shown as 4.3
    text = "I help dentists in Leeds keep their weekends for themselves."
    assert report_length(text, {"wpm": 140}) == {
        "words": 10, "seconds": 4.3, "wpm": 140, "slot_seconds": 30, "slot_words": 70}


TITLED = "My pitch\n========\n\nI help dentists in Leeds."


def test_a_title_underlined_with_equals_signs_is_not_spoken():
    assert report_length(TITLED)["words"] == 5


def test_a_note_of_exactly_the_read_limit_is_counted_like_a_short_one():
    # 100,000 characters is still read whole; the title is still not spoken
    body = " I help dentists in Leeds." * 3840
    text = TITLED + body
    text += " " * (100_000 - len(text))
    assert len(text) == 100_000
    assert report_length(text)["words"] == 5 + 5 * 3840


# ---------------------------------------------------------------------------------------------
# where the reader stops looking
# ---------------------------------------------------------------------------------------------

_CRM = ("customer relationship management, the one place where every call, quote and email about "
        "every job is kept, so that nothing a builder promised a client is ever forgotten again")


@pytest.mark.parametrize("length, found", [(117, []), (118, ["CRM"])])
def test_a_spelling_out_in_brackets_must_close_within_120_characters(length, found):
    # " (" and 117 characters and ")" end at the 120th character after the letters
    assert acronyms(f"I set up CRM ({_CRM[:length]}) for builders.") == found


@pytest.mark.parametrize("gap, found", [(160, []), (161, ["CRM"])])
def test_the_words_before_an_abbreviation_are_looked_for_in_160_characters(gap, found):
    words = "customer relationship management"
    text = "I set up " + words + " " * (gap - len(words)) + "CRM for builders."
    assert acronyms(text) == found


def test_a_vault_noun_ending_in_ies_also_names_one():
    # the vault lists "spies"; one spy is the same kind of client
    words = load_wordlists(extend={"audience_nouns": ["spies"]})
    r = reading("My typical client is a spy.", words=words)
    assert [(rd.text, rd.note) for rd in r.slots["audience"].reads] == [("a spy", "clients-are")]
    assert reading("My typical client is a spy.").slots["audience"].verdict == "missing"


_OWNERS = ("business owners who are growing and moving forward and going to the next level with "
           "their business and who want to grow and who want to be")


@pytest.mark.parametrize("value, expected", [
    (_OWNERS + " best as dentists", "present"),  # "dentists" is the 30th word
    (_OWNERS + " the best as dentists", "vague"),  # the 31st: past what a value is read to
])
def test_a_front_matter_audience_is_read_to_its_30th_word(value, expected):
    assert verdict("I build websites.", "audience", {"audience": value}) == expected
