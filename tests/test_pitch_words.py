"""The words the pitch reader treats specially, one sentence each: every sentence here reads
differently if its word is taken out of the reader's list, so a list cannot lose a word (or a
lead-in a branch) unnoticed."""
from __future__ import annotations

import pytest

from plainnet.rules.pitch_reader import read_pitch
from plainnet.rules.wordlists import load_wordlists

WORDS = load_wordlists()


def audience(text, fm=None):
    return sorted((rd.text, rd.note) for rd in read_pitch(text, fm or {}, WORDS).slots["audience"].reads)


# "I insure restaurants": the word after "I" or "we" is a verb whose object is whom the speaker
# serves, except after these, where the object is the speaker's own, a wish, or no object at all.
@pytest.mark.parametrize("text", [
    "I am dentists' favourite accountant.",
    "I was landlords' letting agent for years.",
    "I have dentists and vets on my books.",
    "I had builders in the family.",
    "I own restaurants in Leeds.",
    "I founded charities before this.",
    "I started nurseries in Leeds.",
    "I lead teams of nurses.",
    "I manage landlords' portfolios.",
    "I head engineers at a big firm.",
    "I joined accountants in Leeds last year.",
    "I left lawyers behind ten years ago.",
    "I love dentists.",
    "I like landlords who answer the phone.",
    "I want landlords to call me.",
    "I need landlords to call me.",
    "I know dentists all over Leeds.",
    "I met dentists at the fair.",
    "I meet landlords every week.",
    "I think landlords are underserved.",
    "I believe dentists deserve better.",
    "I hope landlords will call me.",
    "I can help landlords.",
    "I could introduce landlords to you.",
    "I will visit landlords.",
    "I would love landlords to call.",
    "I do landlords a favour.",
    "I did dentists' books for years.",
    "I spent ten years helping landlords.",
    "I spend weekends helping dentists.",
    "I worked nights helping nurses.",
    "I work weekends helping nurses.",
    "I studied dentists' habits at university.",
    "I study landlords for a living.",
    "I graduated lawyers' courses.",
    "I hire electricians for big jobs.",
    "I hired plumbers last year.",
    "I see landlords every day.",
    "I saw dentists struggle for years.",
    "We are landlords ourselves.",
    "We were landlords once.",
    "I get landlords from referrals.",
    "I got dentists as clients by luck.",
    "I built websites for landlords in Leeds.",
    "I just landlords.",
    "I also landlords.",
    "I then landlords.",
    "I moved landlords to my firm.",
    "I retrained nurses as coders.",
    "I taught nurses to code.",
    "I noticed landlords struggle.",
    "I won landlords' awards.",
    "I raised investors' money.",
    "I run workshops for nobody in particular.",
])
def test_the_object_of_these_verbs_is_not_whom_you_serve(text):
    assert not [read for read, note in audience(text) if note == "object"]


# "… gets refurbished laptops to kids in Glasgow": a kind of person after "to", but not after
# these, where "to" is a place, a time, a debt or whom one talks to
@pytest.mark.parametrize("text", [
    "I look up to teachers.",
    "Our office is next to dentists in Leeds.",
    "I live close to farmers in Devon.",
    "Rent is due to landlords every month.",
    "Nobody likes to talk to landlords.",
    "Nobody likes to speak to nurses.",
    "Everyone has to go to dentists.",
    "She went to lawyers first.",
    "I have been to dentists all over.",
    "Each sale gives back to charities.",
])
def test_to_after_these_words_is_not_whom_you_serve(text):
    assert not [read for read, note in audience(text) if note == "for"]


# "to people" or "to businesses" names nobody, unless something is sold, sent or lent to them:
# then it is an audience, and a vague one
@pytest.mark.parametrize("verb", ["provide", "provides", "sell", "sells", "supply", "supplies", "offer",
                                  "offers", "deliver", "delivers", "market", "bring", "brings", "rent",
                                  "rents", "lease", "leases", "lend", "lends"])
def test_a_generic_kind_after_selling_to_is_an_audience(verb):
    assert ("businesses", "for") in audience(f"We {verb} laptops to businesses.")


# "If you run a restaurant …" names a client; "if you know …", "if you ever …" do not
@pytest.mark.parametrize("text", [
    "If you know landlords, call me.",
    "If you hear landlords complain, call me.",
    "If you meet landlords, call me.",
    "If you met landlords at the fair, call me.",
    "If you see landlords there, call me.",
    "If you think landlords need me, call me.",
    "If you like landlords, call me.",
    "If you would introduce landlords, call me.",
    "If you could introduce landlords, call me.",
    "If you can introduce landlords, call me.",
    "If you have landlords.",
    "If you do landlords' books, call me.",
    "If you are landlords.",
    "If you get landlords asking, call me.",
    "If you find landlords struggling, call me.",
    "If you ever meet landlords, call me.",
])
def test_if_you_and_these_verbs_names_no_client(text):
    assert not [read for read, note in audience(text) if note == "if-you"]


@pytest.mark.parametrize("text, quoted", [
    ("If you need a new boiler, call me.", "If you need a new boiler"),
    ("If you needs a new boiler, call me.", "If you needs a new boiler"),
    ("If you wants a new boiler, call me.", "If you wants a new boiler"),
    ("If you require a new boiler, call me.", "If you require a new boiler"),
    ("If you want a new boiler, call me.", None),  # a wish, not a need: no client and nothing vague
])
def test_if_you_need_narrows_nobody_down(text, quoted):
    r = read_pitch(text, {}, WORDS)
    vague = [(rd.text, kind, why) for rd, kind, why in r.vague if rd.note == "if-you"]
    if quoted is None:
        assert vague == [] and audience(text) == []
    else:
        assert vague == [(quoted, "ask", f"“{quoted}” narrows nobody down: needing what you sell is not a kind of client")]


# in an ask, "people", "businesses" and their kind are read with the word before them when it is a
# determiner ("some firms"); after "other", "more", "many" the word alone; after anything else not
# at all ("a medical device company" is read whole, from its start)
@pytest.mark.parametrize("phrase, read", [
    ("some people", "some people"), ("some businesses", "some businesses"), ("some companies", "some companies"),
    ("some business", "some business"), ("some company", "some company"), ("some firms", "some firms"),
    ("some organisations", "some organisations"), ("some organizations", "some organizations"),
    ("any firms", "any firms"), ("all firms", "all firms"), ("every company", "every company"),
    ("a company", "a company"), ("the firms", "the firms"),
    ("other firms", "firms"), ("more firms", "firms"), ("many firms", "firms"),
])
def test_a_generic_kind_in_an_ask_is_read_with_its_determiner(phrase, read):
    r = read_pitch(f"A great introduction for me is a landlord, or {phrase}.", {}, WORDS)
    assert {(rd.text, kind) for rd, kind, why in r.vague} == {(read, "ask")}


# "Dentists call me when …": a clause that opens with a kind of person names an audience. A
# clause opens a sentence, follows a comma, or follows these words.
@pytest.mark.parametrize("text, read", [
    ("Prices are fair and landlords call me first.", "landlords call me first"),
    ("Prices are high but landlords call me first.", "landlords call me first"),
    ("Prices are fair so landlords call me first.", "landlords call me first"),
    ("It works because landlords call me first.", "landlords call me first"),
    ("It works when landlords call me first.", "landlords call me first"),
    ("It means that landlords call me first.", "landlords call me first"),
    ("It works whether landlords call me or not.", "landlords call me or not"),
    # a determiner or a quantity before the kind is passed over
    ("The landlords in Leeds call me first.", "landlords in Leeds"),
    ("Those landlords in Leeds call me first.", "landlords in Leeds"),
    ("These landlords in Leeds call me first.", "landlords in Leeds"),
    ("Such landlords in Leeds call me first.", "landlords in Leeds"),
    ("Most landlords call me first.", "landlords call me first"),
    ("Many landlords call me first.", "landlords call me first"),
    ("Some landlords call me first.", "landlords call me first"),
    ("All landlords call me first.", "landlords call me first"),
    ("A lot of landlords call me first.", "landlords call me first"),
    ("Lots of landlords call me first.", "landlords call me first"),
    ("Plenty of landlords call me first.", "landlords call me first"),
    ("Most of the landlords call me first.", "landlords call me first"),
    ("Many of these landlords call me first.", "landlords call me first"),
    ("Some of those landlords call me first.", "landlords call me first"),
    # kinds that are plural without an s
    ("Care staff call me first.", "Care staff call me first"),
    ("People who rent call me first.", "People who rent call me first"),
    ("Police call me first.", "Police call me first"),
])
def test_a_clause_opening_with_a_kind_of_person_names_the_audience(text, read):
    assert audience(text) == [(read, "subject")]


@pytest.mark.parametrize("text", [
    "Half my landlords call me first.",   # the speaker's own
    "Half our landlords call me first.",
    "Half its landlords call me first.",
    "Plumbers and electricians, my two trades.",  # a phrase that ends its clause is an apposition
    "Plumbers or electricians, my two trades.",
])
def test_a_clause_opening_with_the_speakers_own_or_an_apposition_names_nobody(text):
    assert audience(text) == []


# a catch-all where an audience is expected is read whole, and is everyone
@pytest.mark.parametrize("text, read", [
    ("I help a wide range of industries.", ("a wide range of industries", "help")),
    ("I do bookkeeping for a wide range of industries.", ("a wide range of industries", "for")),
    ("I'm looking for a role in a wide range of industries.", ("a wide range of industries", "job")),
])
def test_a_catch_all_where_the_audience_stands_is_read_whole(text, read):
    assert audience(text) == [read]
    r = read_pitch(text, {}, WORDS)
    assert (read[0], "“a wide range of industries” is everyone: name one kind") in \
        [(rd.text, why) for rd, kind, why in r.vague]


def test_a_catch_all_asked_for_is_read_whole():
    r = read_pitch("A great introduction for me is a wide range of industries.", {}, WORDS)
    assert ("a wide range of industries", "ask") in [(rd.text, kind) for rd, kind, why in r.vague]


@pytest.mark.parametrize("whose", ["my", "our", "his", "her"])
def test_helping_your_own_team_names_no_audience(whose):
    r = read_pitch(f"I help {whose} team.", {}, WORDS)
    assert audience(f"I help {whose} team.") == [] and r.vague == []


# where an audience's qualifier ends: at a word that starts a new clause
@pytest.mark.parametrize("word", ["so", "because", "but", "while", "then", "instead", "without", "when", "i",
                                  "we", "i'm", "we're", "if", "until", "before", "after"])
def test_a_qualifier_ends_where_a_new_clause_starts(word):
    assert audience(f"I help landlords who are stuck {word} the market is slow.") == \
        [("landlords who are stuck", "help")]


# "anyone you know who runs a restaurant": "you know", "you may know" are fillers inside the
# phrase, and what follows them still qualifies it, so the ask is not vague
@pytest.mark.parametrize("filler", ["you know", "you may know", "you might know"])
def test_anyone_you_know_who_is_one_phrase(filler):
    r = read_pitch(f"A great introduction for me is anyone {filler} who runs a restaurant.", {}, WORDS)
    assert r.slots["ask"].verdict == "present" and r.vague == []


# "the defences of regional banks", "heat pumps in housing association homes": when the object
# of the speaker's verb is a thing, the kind of client it belongs to comes after "of", "for",
# "at", "on", or an early "in" (a late "in" is more often a place than a client)
@pytest.mark.parametrize("text, read", [
    ("I audit the accounts of regional banks.", "the accounts of regional banks"),
    ("I install heat pumps with smart controls for housing associations.",
     "heat pumps with smart controls for housing associations"),
    ("I fix the boilers at care homes.", "the boilers at care homes"),
    ("I fix the roofs on care homes.", "the roofs on care homes"),
    ("I fix the boilers in care homes.", "the boilers in care homes"),
    ("I fix the leaky old boilers in care homes.", "the leaky old boilers in care homes"),
])
def test_the_client_a_thing_belongs_to_is_the_audience(text, read):
    assert audience(text) == [(read, "object")]


@pytest.mark.parametrize("text", [
    "I fix the leaky old gas boilers in care homes.",      # "in" fifth: more often a place
    "I audit the accounts of big old regional banks.",     # three words between "of" and the kind
])
def test_a_client_far_behind_its_preposition_is_not_read_from_the_object(text):
    assert audience(text) == []


# the speaker's employer: a name after "at", "for", "with", "from", "of", "join" or "joined" in a
# sentence about the speaker's own work
@pytest.mark.parametrize("text, employer", [
    ("I'm a nurse at Leeds General.", "at Leeds General"),
    ("I work for Deloitte in Leeds.", "for Deloitte"),
    ("I'm a partner with Smith Jones.", "with Smith Jones"),
    ("I'm Sam from PrintWorks.", "from PrintWorks"),
    ("I'm the founder of Acme Foods.", "of Acme Foods"),
    ("I'm about to join Acme Foods.", "join Acme Foods"),
    ("I'm an engineer who joined Acme Foods last year.", "joined Acme Foods"),
])
def test_the_employer_follows_these_words(text, employer):
    assert [rd.text for rd in read_pitch(text, {}, WORDS).employer] == [employer]


# a first sentence that names a role and nobody else is a headline: the speaker's title
def test_a_first_sentence_naming_a_role_is_a_headline():
    text = "Experienced sales professional with ten years in retail."
    assert [(rd.text, rd.note) for rd in read_pitch(text, {}, WORDS).slots["speaker"].reads] == [(text, "headline")]


@pytest.mark.parametrize("text", [
    *(f"Experienced sales professional with {w} own clients." for w in ("my", "our", "your", "their")),
    *(f"Experienced sales professional who serves {w} well." for w in ("me", "us", "him", "her", "them")),
])
def test_a_sentence_about_someone_else_is_no_headline(text):
    assert read_pitch(text, {}, WORDS).slots["speaker"].reads == []


def front_matter_why(value, slot="audience"):
    return [why for rd, kind, why in read_pitch("Hello.", {slot: value}, WORDS).vague]


# what is judged vague, and how it is said
@pytest.mark.parametrize("value, why", [
    ("entrepreneurs", "“entrepreneurs” could be anyone: say which entrepreneurs (trade, size, place, situation)"),
    ("Businesses", "“Businesses” could be anyone: say which businesses (trade, size, place, situation)"),
    ("SMEs", "“SMEs” could be anyone: say which SMEs (trade, size, place, situation)"),
    ("companies of all sizes", "“companies of all sizes” is everyone: name one kind"),
    # the words of a networking ask are no qualifier: the people in your network are still anyone
    ("anyone in your network", "“anyone in your network” is not someone a listener can picture: name one kind"),
    ("anyone in your contacts", "“anyone in your contacts” is not someone a listener can picture: name one kind"),
    ("anyone you've met", "“anyone you've met” is not someone a listener can picture: name one kind"),
])
def test_a_vague_audience_is_told_why_in_its_own_words(value, why):
    assert front_matter_why(value) == [f"audience: {why}"]


# a place, an age or a name narrows even "anyone" down
@pytest.mark.parametrize("value", ["anyone in Leeds", "anyone at Tesco", "someone at Acme", "everyone at Barclays",
                                   "anyone over 65", "anyone under 5"])
def test_anyone_with_a_place_or_an_age_is_someone(value):
    assert front_matter_why(value) == [] and front_matter_why(value, "ask") == []


# a sentence may end on any word of an audience's phrase
@pytest.mark.parametrize("text, read", [
    ("I help people like you.", "people like you"),
    ("I help people who have nobody to talk to.", "people who have nobody"),
    ("I help people who have nobody to.", "people who have nobody"),
    ("I help plumbers and.", "plumbers"),
])
def test_an_audience_read_to_the_sentences_last_word(text, read):
    assert audience(text) == [(read, "help")]


# a front-matter audience is judged from its first word that is not "a", "the", "is" or "some"
@pytest.mark.parametrize("value, why", [
    ("some businesses", "“businesses” could be anyone: say which businesses (trade, size, place, situation)"),
    ("is some businesses", "“businesses” could be anyone: say which businesses (trade, size, place, situation)"),
    ("the", None),
    ("a the", None),
])
def test_a_front_matter_audience_is_judged_past_its_determiners(value, why):
    assert front_matter_why(value) == ([f"audience: {why}"] if why else [])


# an abbreviation needs no explaining when its words stand right beside it
@pytest.mark.parametrize("text", [
    "We sell CRMs (customer relationship management tools) to dentists.",
    "Customer relationship management, or CRM, is what I sell to dentists.",  # from the very first word
    "I measure Return on a Project, or ROP, for dentists.",   # "a", "an", "of" … are not letters of it
    "I measure Return on an Outlay, or ROO, for dentists.",
    "Site Reliability (SR) is what I do for banks.",          # two letters, and nothing before them
])
def test_an_abbreviation_with_its_words_beside_it_is_spelled_out(text):
    assert read_pitch(text, {}, WORDS).acronyms == []


# a phrase cut short by a pause ends on a word, not on "and", "the", "of", "who", "with" …
@pytest.mark.parametrize("text, read", [
    ("I help landlords and, tenants.", "landlords"),
    ("I help landlords or, tenants.", "landlords"),
    ("I help landlords in the, um, north.", "landlords"),
    ("I help landlords with a, well, portfolio.", "landlords"),
    ("I help landlords with an, um, portfolio.", "landlords"),
    ("I help owners of, say, cafes.", "owners"),
    ("I help people who want to, um, retire.", "people who want"),
    ("I help landlords who, frankly, struggle.", "landlords"),
    ("I help landlords that, frankly, struggle.", "landlords"),
    ("I help landlords at, um, auctions.", "landlords"),
    ("I help landlords on, say, Airbnb.", "landlords"),
    ("I help landlords for, um, years.", "landlords"),
    ("I help landlords from, um, Leeds.", "landlords"),
    ("I help landlords by, say, Friday.", "landlords"),
    # a named place after "in", "at", "from" … ends the phrase: what follows is what they do
    ("I help GP practices in Wales design reminder calls.", "GP practices in Wales"),
    ("I help GP practices at Wales design reminder calls.", "GP practices at Wales"),
    ("I help GP practices from Wales design reminder calls.", "GP practices from Wales"),
    ("I help GP practices across Wales design reminder calls.", "GP practices across Wales"),
    ("I help GP practices near Cardiff design reminder calls.", "GP practices near Cardiff"),
    ("I help GP practices around Cardiff design reminder calls.", "GP practices around Cardiff"),
    ("I help the GP practices of Wales design reminder calls.", "the GP practices of Wales"),
    # "to" before a number is part of the phrase
    ("I help shops with up to ten staff.", "shops with up to ten staff"),
    ("I help shops with up to 10 staff.", "shops with up to 10 staff"),
    ("I help shops with up to 10.", "shops with up to 10"),
    ("I help people aged 25 to 40 find work.", "people aged 25 to 40 find work"),
])
def test_where_an_audience_phrase_ends(text, read):
    assert audience(text) == [(read, "help")]


# ---------------------------------------------------------------------------------------------
# the front matter's keys
# ---------------------------------------------------------------------------------------------

def slot(r, name):
    s = r.slots[name]
    return s.verdict, s.source, s.why, [(rd.text, rd.start, rd.end, rd.note) for rd in s.reads]


def test_each_front_matter_key_fills_its_slot():
    fm = {"ideal_client": "dentists in Leeds", "result": "they get paid on time", "ask": "anyone", "problem": "  "}
    r = read_pitch("Hello.", fm, WORDS)
    assert slot(r, "audience") == ("present", "front matter", "", [("dentists in Leeds", -1, -1, "ideal_client")])
    assert slot(r, "problem") == ("present", "front matter", "", [("they get paid on time", -1, -1, "result")])
    # a vague ask is reported, but an ask is there: only the audience slot is judged vague
    assert slot(r, "ask") == ("present", "front matter", "", [("anyone", -1, -1, "ask")])
    assert [(rd.note, kind, why) for rd, kind, why in r.vague] == [
        ("ask", "ask", "ask: “anyone” is not someone a listener can picture: name one kind")]
    assert slot(r, "speaker")[0] == slot(r, "offer")[0] == slot(r, "proof")[0] == "missing"


def test_the_first_key_of_a_slot_wins_and_any_value_is_read_as_text():
    r = read_pitch("Hello.", {"audience": ["dentists", "vets"], "ideal_client": "vets", "problem": 42}, WORDS)
    assert slot(r, "audience") == ("present", "front matter", "", [("dentists; vets", -1, -1, "audience")])
    assert slot(r, "problem") == ("present", "front matter", "", [("42", -1, -1, "problem")])


def test_a_vague_front_matter_audience_makes_the_slot_vague():
    r = read_pitch("I help dentists in Leeds.", {"audience": "businesses"}, WORDS)
    why = "“businesses” could be anyone: say which businesses (trade, size, place, situation)"
    assert slot(r, "audience") == ("vague", "front matter", why, [("businesses", -1, -1, "audience")])
    assert [(kind, w) for rd, kind, w in r.vague] == [("client", f"audience: {why}")]


def test_front_matter_that_is_not_a_mapping_fills_nothing():
    r = read_pitch("Hello.", "audience: dentists", WORDS)
    assert all(s.source == "text" for s in r.slots.values()) and r.vague == []


# a speaker who gives only a name: "Mike from PrintWorks", "Priya Shah here", in the first two sentences
@pytest.mark.parametrize("text, read", [
    ("Mike from PrintWorks.", "Mike from PrintWorks."),
    ("Hello! Mike from PrintWorks.", "Mike from PrintWorks."),
    ("Good morning all, Priya Shah here.", "Good morning all, Priya Shah here."),
    ("Tom, plumber and gas engineer.", "Tom, plumber and gas engineer."),
    ("Hey there, Jo at Bloom.", "Hey there, Jo at Bloom."),
])
def test_a_name_alone_is_the_speaker(text, read):
    assert [(rd.text, rd.note) for rd in read_pitch(text, {}, WORDS).slots["speaker"].reads] == [(read, "name")]


@pytest.mark.parametrize("text, read", [
    ("Freelance copywriter with a love of puns.", "headline"),   # a person's ending: -er
    ("Award-winning florist based in York.", "headline"),        # -ist
    ("Consultant for hire.", "headline"),                        # a role
    ("Builders wanted.", None),                                  # people in the plural: not the speaker
    ("Fresh flowers delivered daily.", None),
    ("Hello. Welcome. Mike from PrintWorks.", None),             # a name past the second sentence
])
def test_a_first_sentence_with_a_persons_word_is_a_headline(text, read):
    got = [rd.note for rd in read_pitch(text, {}, WORDS).slots["speaker"].reads]
    assert got == ([read] if read else [])


# each way of saying whom you serve, and what it reads
@pytest.mark.parametrize("text, read", [
    ("This week I want to talk about landlords with empty flats.", ("landlords with empty flats", "about")),
    ("I am focusing on care homes this year.", ("care homes this year", "help")),
    ("I'm after coffee shops in Harrogate.", ("coffee shops in Harrogate", "help")),
    ("We are really after florists in York.", ("florists in York", "help")),
    ("I get a lot of work for landlords.", ("landlords", "for")),
    ("We sell laptops to SMEs.", ("SMEs", "for")),
    ("Picture a nursery manager on a Friday night.", ("a nursery manager on a Friday night", "picture")),
    ("Imagine a dentist with no receptionist.", ("a dentist with no receptionist", "picture")),
    ("Typical client: a family-owned engineering firm.", ("a family-owned engineering firm", "clients-are")),
    ("Our ideal customers are small bakeries.", ("small bakeries", "clients-are")),
    ("I'm looking for a role at a fintech startup.", ("a fintech startup", "job")),
    ("If you run a restaurant, call me.", ("a restaurant", "if-you")),
    ("If you're a landlord, call me.", ("a landlord", "if-you")),
])
def test_each_way_of_naming_the_audience(text, read):
    assert audience(text) == [read]


@pytest.mark.parametrize("text", [
    "I'm looking for landlords.",      # looking for: an ask, not whom you serve
    "I work for landlords.",           # an employer's place
    "I'm grateful for florists.",
    "I'm known for my cakes for weddings.",
])
def test_for_after_these_names_no_audience(text):
    assert audience(text) == []


# the problem or result: whose clause it is, and what it says happens
@pytest.mark.parametrize("text, verdict, reads", [
    ("I help small businesses grow.", "vague", ["I help small businesses grow."]),
    ("I help them grow and succeed.", "vague", ["I help them grow"]),
    ("I fix boilers so that families stay warm.", "present", ["so that families stay warm."]),
    ("I help landlords who are losing money on empty flats.", "present", ["who are losing money on empty flats."]),
    ("I help landlords. Landlords lose a month's rent between tenants.", "present",
     ["Landlords lose a month's rent between tenants."]),
    ("I help families. When their boiler breaks, families call me.", "present",
     ["When their boiler breaks,", "families call me."]),
    ("I help landlords. I cut their energy bills by a third.", "present", ["I cut their energy bills by a third."]),
    ("In my final year I designed a scheme that stopped a car park flooding.", "present",
     ["In my final year I designed a scheme that stopped a car park flooding."]),
    ("I help landlords. Bills fell by a third.", "present", ["Bills fell by a third."]),
    ("Old wiring is the biggest cause of house fires.", "present", ["Old wiring is the biggest cause of house fires."]),
    ("Could you introduce me to landlords who are tired of late rent?", "present", ["who are tired of late rent?"]),
    ("I help dentists, and now they can't stop smiling.", "present", ["and now they can't stop smiling."]),
    ("I help gardeners who overdid it, and now can't bend down.", "present", ["and now can't bend down."]),
    ("Farmers with big roofs can cut their bills in half.", "present",
     ["Farmers with big roofs can cut their bills in half."]),
    ("I'm head of growth at Acme.", "missing", []),               # a title, not a promise
    ("Could you introduce me to landlords in Leeds?", "missing", []),  # an ask names no problem
    ("I help landlords so I can retire early.", "missing", []),   # the speaker's own result
    ("When my kids were growing up, I fixed boilers.", "missing", []),  # the speaker's own life
])
def test_the_problem_is_the_clients(text, verdict, reads):
    p = read_pitch(text, {}, WORDS).slots["problem"]
    assert (p.verdict, [rd.text for rd in p.reads]) == (verdict, reads)


# which capitals are an abbreviation a listener may not know
@pytest.mark.parametrize("text, acronyms", [
    ("We sell CRM software, and CRM training.", ["CRM"]),   # once, however often it is said
    ("We sell CRMs.", ["CRMs"]),
    ("We built ABCDEF for banks.", ["ABCDEF"]),
    ("We sell B2B software.", ["B2B"]),
    ("We use R&D credits.", ["R&D"]),
    ("We measure ROI and KPIs.", ["KPIs"]),                 # ROI everyone knows
    ("Buy AAA batteries.", []),                              # one letter over and over
    ("I fixed my iPhone.", []),                              # one capital
    ("I ate at McDonalds.", []),                             # a name, mostly small letters
    ("It is FANTASTIC news.", []),                           # shouting: seven letters or more
    ("We built ABCDEFG for banks.", []),
    ("TODO: write this.", []),                               # a placeholder, not an abbreviation
])
def test_which_capitals_are_an_abbreviation_to_explain(text, acronyms):
    assert [a.text for a in read_pitch(text, {}, WORDS).acronyms] == acronyms


# what you do, your proof and your ask, sentence by sentence
@pytest.mark.parametrize("text, slot_name, reads", [
    ("We fix boilers.", "offer", [("We fix boilers.", "what you do")]),
    ("Our team installs heat pumps.", "offer", [("Our team installs heat pumps.", "what you do")]),
    ("I am a plumber.", "offer", []),                                   # who you are, not what you do
    ("Boilers, radiators, underfloor heating.", "offer", [("Boilers, radiators, underfloor heating.", "a list of services")]),
    ("Boilers, radiators and more, we are the best.", "offer", []),     # a claim, not a list
    ("Last year we fitted 200 boilers.", "proof", [("Last year we fitted 200 boilers.", "proof")]),
    ("I'm a chartered accountant.", "proof", [("I'm a chartered accountant.", "proof")]),
    ("One client saved a day a week.", "proof", [("One client saved a day a week.", "proof")]),
    ("For example, a bakery in York.", "proof", [("For example, a bakery in York.", "proof")]),
    ("We fix boilers.", "proof", []),
    ("Call me if your boiler breaks.", "ask", [("Call me if your boiler breaks.", "conditional")]),
    ("So call me.", "ask", [("So call me.", "conditional")]),
    ("If your roof leaks, call me.", "ask", [("If your roof leaks, call me.", "conditional")]),
    ("Let's talk about your roof.", "ask", [("Let's talk about your roof.", "conditional")]),
    ("Do you know a landlord in Leeds?", "ask", [("Do you know a landlord in Leeds?", "do you know a")]),
    ("Who do you know with a leaky roof?", "ask", [("Who do you know with a leaky roof?", "who do you know")]),
    ("Please introduce me to letting agents.", "ask", [("Please introduce me to letting agents.", "please introduce me")]),
    ("Landlords call me when pipes burst.", "ask", []),                  # whom they call is no ask
])
def test_what_you_do_your_proof_and_your_ask(text, slot_name, reads):
    assert [(rd.text, rd.note) for rd in read_pitch(text, {}, WORDS).slots[slot_name].reads] == reads


# a catch-all after "for", "serve", "with" … is everyone, wherever it stands
@pytest.mark.parametrize("text, read", [
    ("We build websites for all businesses.", "all businesses"),
    ("Our cafe serves anybody.", "anybody"),
])
def test_a_catch_all_after_serving_is_everyone(text, read):
    r = read_pitch(text, {}, WORDS)
    assert r.slots["audience"].verdict == "vague"
    assert [(rd.text, rd.note, kind, why) for rd, kind, why in r.vague] == \
        [(read, "catch-all", "client", f"“{read}” is everyone: name one kind")]


def test_a_catch_all_narrowed_by_a_place_is_not_everyone():
    r = read_pitch("We build websites for everyone in Leeds.", {}, WORDS)
    assert r.slots["audience"].verdict == "present" and r.vague == []
