"""The pitch reader: slots with verdicts, the failure patterns it was built against, the labelled
corpus floor, `plainnet pitch`, `show --json`'s pitch object and the unfinished template."""
from __future__ import annotations

import importlib.util
import json
import re
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from plainnet.rules.pitch import check_pitch
from plainnet.rules.pitch_reader import read_pitch
from plainnet.rules.wordlists import load_wordlists
from plainnet.cli import cli

WORDS = load_wordlists()
ROOT = Path(__file__).resolve().parent.parent


def rules(text, fm=None, words=WORDS):
    return sorted(f.rule for f in check_pitch("p.md", text, 1, fm or {}, {}, {}, words))


def findings(text, rule, fm=None):
    return [f for f in check_pitch("p.md", text, 1, fm or {}, {}, {}, WORDS) if f.rule == rule]


def verdicts(text, fm=None):
    r = read_pitch(text, fm or {}, WORDS)
    return {name: s.verdict for name, s in r.slots.items()}


ASK = " A great introduction for me is a practice manager at a dental group."
RESULT = " Most of them lose a day a week to paperwork, and I cut that in half."


# ---------------------------------------------------------------------------------------------
# the corpus floor: every rule at F1 >= 0.85 on the labelled pitches
# ---------------------------------------------------------------------------------------------

def _eval_module():
    spec = importlib.util.spec_from_file_location("pitch_eval", ROOT / "benchmarks" / "pitch_eval.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


_EVALUATED: dict = {}


def _evaluated():
    """The labelled pitches read once per process, for the eight rules to share. Keyed by process,
    so a process forked after the first reading (as a mutation run forks one per mutant) reads
    them again with its own code."""
    pid = os.getpid()
    if pid not in _EVALUATED:
        ev = _eval_module()
        _EVALUATED.clear()
        _EVALUATED[pid] = ev.evaluate(ev.load_corpus())
    return _EVALUATED[pid]


def test_corpus_is_big_and_varied():
    corpus = _eval_module().load_corpus()
    assert len(corpus) >= 150
    kinds = {p["kind"] for p in corpus}
    assert {"trade", "job", "founder", "weekly", "conference", "regression"} <= kinds
    assert len({p["id"] for p in corpus}) == len(corpus)
    labelled = {label for p in corpus for label in p["labels"]}
    assert labelled == {"who", "vague-client", "problem", "title-only", "ask", "jargon", "acronym", "unfinished"}
    assert sum(not p["labels"] for p in corpus) >= 50  # good pitches too
    words = [len(p["text"].split()) for p in corpus]
    assert min(words) < 20 and max(words) > 90  # short and long


@pytest.mark.parametrize("rule", ["who", "vague-client", "problem", "title-only", "ask", "jargon",
                                  "acronym", "unfinished"])
def test_each_rule_holds_f1_on_the_labelled_corpus(rule):
    counts, mistakes = _evaluated()
    c = counts[rule]
    wrong = [(m[0]["id"], sorted(m[1] ^ m[2])) for m in mistakes if rule in (m[1] ^ m[2])]
    assert c["f1"] >= 0.85, (rule, c, wrong)


# ---------------------------------------------------------------------------------------------
# slots and verdicts
# ---------------------------------------------------------------------------------------------

def test_a_good_pitch_fills_every_slot():
    text = ("I'm Rachel, an accountant. I work with self-employed builders in Huddersfield. Most of "
            "them pay more tax than they should, because nobody claims their mileage. Last year one "
            "joiner got back four thousand pounds." + ASK)
    r = read_pitch(text, {}, WORDS)
    got = {n: s.verdict for n, s in r.slots.items()}
    assert got == {"speaker": "present", "audience": "present", "problem": "present",
                   "offer": "present", "proof": "present", "ask": "present"}
    (aud,) = r.slots["audience"].reads
    assert aud.text == "self-employed builders in Huddersfield"
    assert text[r.plain.source(aud.start):r.plain.source(aud.end)] == aud.text


def test_slot_positions_come_from_the_markdown_source():
    text = "# Pitch\n\n<!-- draft -->\nI help **owners of [[Bakeries|family-run bakeries]]** in Leeds.\n"
    r = read_pitch(text, {}, WORDS)
    (aud,) = r.slots["audience"].reads
    assert aud.text == "owners of family-run bakeries in Leeds"
    start = r.plain.source(aud.start)
    assert text[start:].startswith("owners of [[Bakeries|family-run")


def test_front_matter_fills_its_slot():
    got = verdicts("We save time.", {"audience": "dog groomers in Bristol", "problem": "no-shows",
                                     "ask": "a salon owner"})
    assert got["audience"] == got["problem"] == got["ask"] == "present"
    assert verdicts("We save time.", {"audience": "anyone"})["audience"] == "vague"


# ---------------------------------------------------------------------------------------------
# the failure patterns: one hit is not enough
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "We've been helping companies grow since 1998. Give me a call if you'd like to know more.",
    "I'm a project manager and I won two industry awards last year. I'd love to meet housing associations.",
    "I started baking when my kids were growing up, and now I run a bakery for couples in York." + ASK,
    "I run a non-profit for older people in Hull. We have been going for ten years." + ASK,
])
def test_no_result_from_biography_generic_growth_or_words_inside_words(text):
    assert verdicts(text)["problem"] in ("missing", "vague")


def test_a_result_with_no_listed_word_counts():
    text = ("Plumbers and electricians hate paperwork. With our app, your invoices go out the day the "
            "job ends." + ASK)
    assert "pitch-problem" not in rules(text)


def test_generic_outcome_is_reported_as_vague_with_the_words_read():
    (f,) = findings("We help independent gyms in Leeds grow and reach their full potential." + ASK,
                    "pitch-problem")
    assert "anyone could promise" in f.message and "“" in f.message


# any qualifier does not narrow
@pytest.mark.parametrize("audience, quoted", [
    ("anyone who wants more clients", "anyone who wants more clients"),
    ("businesses that need an accountant", "businesses that need an accountant"),
    ("companies of all sizes", "companies of all sizes"),
    ("firms across the UK", "firms across the UK"),
    ("clients in a wide range of industries", "clients in a wide range of industries"),
])
def test_catch_all_audiences_are_vague_wherever_they_stand(audience, quoted):
    text = f"I'm Sam and I work with {audience}." + RESULT + ASK
    (f,) = findings(text, "pitch-vague-client")
    assert f"“{quoted}" in f.message
    assert "pitch-who" not in rules(text)


@pytest.mark.parametrize("audience", [
    "small businesses in Leeds", "family-run restaurants", "companies that sell to hospitals",
    "anyone who runs a dental practice", "people with diabetes", "landlords with one to five flats",
])
def test_narrowed_audiences_are_specific(audience):
    assert verdicts(f"I help {audience}." + RESULT + ASK)["audience"] == "present"


def test_the_speakers_employer_is_not_the_audience():
    text = "I'm head of sales for Northwind, and before that I was at Contoso for nine years."
    found = check_pitch("p.md", text, 1, {}, {}, {}, WORDS)
    assert [f.rule for f in found if f.rule in ("pitch-who", "pitch-title-only")] == ["pitch-title-only"]
    assert verdicts(text)["audience"] == "missing"
    r = read_pitch(text, {}, WORDS)
    assert [e.text for e in r.employer][:1] == ["for Northwind"]


def test_who_message_names_the_employer_it_read():
    text = ("I'm the operations manager for Northgate Scaffolding. Site managers lose days waiting "
            "for scaffolds, and we put them up in a morning." + ASK)
    text = text.replace("Site managers lose", "Some lose")
    (f,) = findings(text, "pitch-who")
    assert "“for Northgate Scaffolding” — that is where you work, not whom you help" in f.message


@pytest.mark.parametrize("text", [
    "We are a small agency based in Leeds. We do websites, branding and social media." + ASK,
    "I'm looking for a role in marketing. I'm a graduate from Leeds.",
])
def test_self_descriptions_and_fields_are_not_audiences(text):
    assert verdicts(text)["audience"] == "missing"


@pytest.mark.parametrize("text", [
    "If you run a restaurant, I'm the person who stops your fridge failing on a Saturday night." + ASK,
    "Dentists call me when a patient complaint turns into a lawyer's letter." + ASK,
    "I show new landlords how to let their first flat without an agent." + ASK,
])
def test_audiences_without_a_lead_in(text):
    assert verdicts(text)["audience"] == "present"
    assert "pitch-who" not in rules(text)


# looser asks and titles
@pytest.mark.parametrize("ask", [
    "I'm currently looking for an introduction to a head chef.",
    "Could you refer me to a head chef at a hotel?",
    "Do you know anyone at the Grand Hotel's kitchen?",
    "If you manage a hotel kitchen, let's talk.",
    "So this week, what I'm really looking for is a head chef.",
])
def test_asks_with_fillers_questions_and_conditionals(ask):
    text = "I service commercial fridges for hotels in Leeds, so they never lose stock. " + ask
    assert verdicts(text)["ask"] == "present"


@pytest.mark.parametrize("text", [
    "Hi, I'm Paul and I'm in insurance.",
    "I'm the co-founder of Loopwise. We're a team of six.",
    "Patios, driveways, fencing, decking and turfing. That's what we do at Greenway Landscapes.",
    "Hi everyone, Mike from PrintWorks. Cards, flyers, banners and signs.",
    "Results-driven sales professional with over ten years of experience.",
])
def test_title_only_shapes(text):
    assert "pitch-title-only" in rules(text)


# ---------------------------------------------------------------------------------------------
# jargon and acronyms: two rules, data, configurable
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("term", ["platform", "scalable", "AI-powered", "data-driven", "cross-functional",
                                  "end-to-end", "ROI", "pipeline", "add value"])
def test_new_buzzwords_are_jargon(term):
    (f,) = findings(f"I help dentists in Leeds with {term} work." + RESULT + ASK, "pitch-jargon")
    assert f"“{term}”".lower() in f.message.lower()


def test_unexplained_acronyms_are_their_own_info_finding():
    text = "We build a CRM for SMBs in Leeds, and the NHS and the UK love it." + RESULT + ASK
    found = findings(text, "pitch-acronym")
    assert [f.message.split("”")[0][1:] for f in found] == ["CRM", "SMBs"]
    assert all(f.severity == "info" for f in found)
    spelled = "We build customer relationship management (CRM) software for dentists in Leeds." + RESULT + ASK
    assert not findings(spelled, "pitch-acronym")
    assert not findings("We build CRM (customer relationship management) software." + ASK, "pitch-acronym")


def test_acronym_list_is_data_a_vault_extends():
    text = "We build a CRM for dentists in Leeds." + RESULT + ASK
    words = load_wordlists(extend={"known_acronyms": ["CRM"]})
    assert "pitch-acronym" not in rules(text, words=words)
    words = load_wordlists(remove={"jargon": ["platform"]})
    assert "pitch-jargon" not in rules("Our platform helps dentists in Leeds." + RESULT + ASK, words=words)


def test_every_pitch_list_a_vault_extends_changes_the_reading():
    """No silent setting: each list the reader uses changes what it reads when extended."""
    text = "Our sessions suit hill walkers in the Peak District." + RESULT + ASK
    assert verdicts(text)["audience"] == "missing"
    words = load_wordlists(extend={"audience_patterns": ["our sessions suit"]})
    assert read_pitch(text, {}, words).slots["audience"].verdict == "present"
    intro = "Howdy, name's Sam and bookkeeping is my game."
    assert verdicts(intro)["speaker"] == "missing"
    words = load_wordlists(extend={"title_patterns": ["name's"]})
    assert read_pitch(intro, {}, words).slots["speaker"].verdict == "present"
    text = "I help dentists in Leeds get home by six." + ASK
    words = load_wordlists(extend={"vague_outcomes": ["get home by six"]})
    assert read_pitch(text, {}, words).slots["problem"].verdict == "vague"
    assert verdicts("I help dentists in Leeds. Perhaps." + ASK)["problem"] == "missing"
    words = load_wordlists(extend={"pain_outcome_phrases": ["perhaps"]})
    assert read_pitch("I help dentists in Leeds. They say perhaps." + ASK, {}, words).slots["problem"].verdict == "present"
    words = load_wordlists(extend={"ask_patterns": ["ring my bell"]})
    assert read_pitch("I help dentists in Leeds. Ring my bell.", {}, words).slots["ask"].verdict == "present"
    words = load_wordlists(extend={"vague_clients": ["in the whole wide world"]})
    assert read_pitch("I help dentists in the whole wide world." + RESULT + ASK, {}, words).slots["audience"].verdict == "vague"


def test_acronym_rule_can_be_turned_off_without_jargon(make_vault):
    pitch = ("---\ntype: pitch\n---\nWe leverage a CRM for dentists in Leeds who lose a day a week to "
             "paperwork.\nA great introduction for me is a practice manager.\n")
    root = make_vault({"pitch.md": pitch}, toml="[rules.pitch-acronym]\nenabled = false\n")
    res = CliRunner().invoke(cli, ["--vault", str(root), "check", "--format", "json"])
    got = {f["rule"] for f in json.loads(res.stdout)}
    assert "pitch-jargon" in got and "pitch-acronym" not in got
    root2 = make_vault({"pitch.md": pitch})
    res = CliRunner().invoke(cli, ["--vault", str(root2), "check", "--format", "json"])
    assert "pitch-acronym" in {f["rule"] for f in json.loads(res.stdout)}


# ---------------------------------------------------------------------------------------------
# unfinished pitches
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "I help ... who struggle with ... so that ... A great introduction for me is ...",
    "I help … who struggle with …. A great introduction for me is …",
    "I help <your audience> with <their problem>. A great introduction for me is <ask>.",
    "I help dentists in Leeds who lose a day a week to paperwork. TODO: the ask",
    "I help [who] with [problem]. A great introduction for me is [ask].",
])
def test_placeholders_make_a_pitch_unfinished(text):
    assert rules(text) == ["pitch-unfinished"]


@pytest.mark.parametrize("text", [
    "You know the feeling... it's Sunday night and the rota isn't done. I help nursery managers in "
    "Leeds finish it in ten minutes." + ASK,
    "I help <b>dentists</b> in Leeds who lose a day a week to paperwork." + ASK,
    "- [ ] I help dentists in Leeds who lose a day a week to paperwork." + ASK,
])
def test_ellipses_in_speech_html_and_task_boxes_are_not_placeholders(text):
    assert "pitch-unfinished" not in rules(text)


def test_unfinished_front_matter_points_at_its_key():
    fm = {"audience": "…"}
    (f,) = [f for f in check_pitch("p.md", "I help dentists.", 9, fm, {"audience": 3}, {}, WORDS)
            if f.rule == "pitch-unfinished"]
    assert f.line == 3 and "audience" in f.message


def test_the_pitch_init_writes_is_unfinished(tmp_path):
    root = tmp_path / "v"
    res = CliRunner().invoke(cli, ["init", str(root)])
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(cli, ["--vault", str(root), "check", "--format", "json"])
    got = [f for f in json.loads(res.stdout) if f["path"] == "pitch.md"]
    assert [f["rule"] for f in got if f["rule"].startswith("pitch-")] == ["pitch-unfinished"]


# ---------------------------------------------------------------------------------------------
# plainnet pitch and show --json
# ---------------------------------------------------------------------------------------------

GOOD = ("---\ntype: pitch\nseconds: 20\n---\n"
        "I help owners of dog-grooming salons in Bristol.\n"
        "Most of them lose a day a week to no-shows, and my reminders cut that in half.\n"
        "A great introduction for me is a salon owner with two groomers.\n")
VAGUE = ("---\ntype: pitch\n---\nWe help businesses grow. If you know anyone, send them my way.\n")


def _vault(make_vault):
    return make_vault({"pitches/Salon.md": GOOD, "pitches/Vague.md": VAGUE,
                       "people/Ann.md": "---\ntype: contact\n---\nAnn.\n",
                       "events/Fair.md": "---\ntype: event\ndate: 2026-11-01\npitch: I'm Sam, a plumber.\n---\n"})


def test_pitch_command_shows_each_slot_its_words_and_verdict(make_vault):
    root = _vault(make_vault)
    res = CliRunner().invoke(cli, ["--vault", str(root), "pitch", "Salon"])
    assert res.exit_code == 0, res.output
    out = res.output
    assert "audience  ok" in out and "“owners of dog-grooming salons in Bristol” (line 5)" in out
    assert "about" in out and "at 150 wpm; slot 20 s (50 words)" in out
    assert "findings: none" in out
    res = CliRunner().invoke(cli, ["--vault", str(root), "pitch", "Vague"])
    assert "audience  vague" in res.output and "pitch-vague-client" in res.output
    assert "“businesses”" in res.output


def test_pitch_command_json_and_every_pitch(make_vault):
    root = _vault(make_vault)
    res = CliRunner().invoke(cli, ["--vault", str(root), "pitch", "pitches/Salon.md", "--json"])
    data = json.loads(res.output)
    assert set(data["slots"]) == {"speaker", "audience", "problem", "offer", "proof", "ask"}
    assert data["slots"]["audience"]["verdict"] == "present"
    assert data["slots"]["audience"]["read"][0] == {"text": "owners of dog-grooming salons in Bristol",
                                                     "line": 5, "column": 8, "as": "help"}
    assert data["length"]["slot_seconds"] == 20 and data["findings"] == []
    res = CliRunner().invoke(cli, ["--vault", str(root), "pitch", "--json"])
    assert sorted(r["path"] for r in json.loads(res.output)) == ["pitches/Salon.md", "pitches/Vague.md"]
    res = CliRunner().invoke(cli, ["--vault", str(root), "pitch", "Fair", "--json"])
    assert json.loads(res.output)["slots"]["speaker"]["verdict"] == "present"


def test_pitch_command_refuses_a_note_without_a_pitch(make_vault):
    root = _vault(make_vault)
    res = CliRunner().invoke(cli, ["--vault", str(root), "pitch", "Ann"])
    assert res.exit_code == 2 and "holds no pitch" in res.output and "Traceback" not in res.output
    res = CliRunner().invoke(cli, ["--vault", str(root), "pitch", "Nobody at all"])
    assert res.exit_code == 2 and "Traceback" not in res.output


def test_pitch_findings_match_check_and_respect_silencing(make_vault):
    root = _vault(make_vault)
    res = CliRunner().invoke(cli, ["--vault", str(root), "check", "--format", "json", str(root / "pitches/Vague.md")])
    checked = sorted((f["line"], f["rule"]) for f in json.loads(res.stdout))
    res = CliRunner().invoke(cli, ["--vault", str(root), "pitch", "Vague", "--json"])
    shown = sorted((f["line"], f["rule"]) for f in json.loads(res.output)["findings"])
    assert shown == checked and shown
    silenced = VAGUE.replace("type: pitch", "type: pitch\nplainnet_ignore: [pitch-vague-client]")
    (root / "pitches/Vague.md").write_text(silenced, encoding="utf-8")
    res = CliRunner().invoke(cli, ["--vault", str(root), "pitch", "Vague", "--json"])
    assert "pitch-vague-client" not in {f["rule"] for f in json.loads(res.output)["findings"]}


def test_show_json_has_the_pitch_object(make_vault):
    root = _vault(make_vault)
    res = CliRunner().invoke(cli, ["--vault", str(root), "show", "Salon", "--json"])
    data = json.loads(res.output)
    assert data["pitch"]["slots"]["ask"]["verdict"] == "present"
    res = CliRunner().invoke(cli, ["--vault", str(root), "show", "Ann", "--json"])
    assert json.loads(res.output)["pitch"] is None


@pytest.mark.parametrize("sentence, read", [
    ("I help plumbers and electricians in Leeds.", "plumbers and electricians in Leeds"),
    ("I help plumbers or electricians who work alone.", "plumbers or electricians who work alone"),
    ("I help plumbers & electricians.", "plumbers & electricians"),
    ("I help plumbers and I fix their vans.", "plumbers"),  # "and" before a new clause ends it
    ("I help plumbers and.", "plumbers"),
    ("I help landlords and we do the rest.", "landlords"),
    ("I help plumbers and they love it.", "plumbers"),  # a pronoun after "and" starts a clause
    ("I help plumbers and their families.", "plumbers and their families"),
    ("I help plumbers and to be honest that is it.", "plumbers"),
    ("I help dentists who work alone and get paid late.", "dentists who work alone"),  # a verb after "and"
    ("I help anyone you know who runs a dental practice.", "anyone you know who runs a dental practice"),
    ("I help anyone you may know who runs a dental practice.", "anyone you may know who runs a dental practice"),
    ("I help anyone you have met who runs a dental practice.", "anyone you have met who runs a dental practice"),
    ("I help firms across the UK to cut energy bills.", "firms across the UK"),  # the purpose is not the people
    ("I help GP practices in Wales design better rotas.", "GP practices in Wales"),
    ("I help small builders with one to five staff.", "small builders with one to five staff"),
    ("I help new landlords with 2 to 5 flats.", "new landlords with 2 to 5 flats"),
    ("I help cafes who close early because they lack staff.", "cafes who close early"),
    ("I help dentists in Leeds so they keep their patients.", "dentists in Leeds"),
    ("I help small charities in Leeds who rely on volunteers.", "small charities in Leeds who rely on volunteers"),
])
def test_the_audience_read_ends_where_the_people_end(sentence, read):
    r = read_pitch(sentence, {}, WORDS)
    assert [x.text for x in r.slots["audience"].reads] == [read]


@pytest.mark.parametrize("spelled", [
    "the Guild of Pastry Makers (GPM)", "the Pastry and Bread Alliance (PBA)", "the Centre for Pastry Studies (CPS)",
    "the Bank of the Pastry North (BPN)", "pastry quality reviews, or PQR,", "the Master of Pastry Science (MPSc)",
    "PQRs (pastry quality reviews)", "PQRs(pastry quality reviews)", "a PQR (pastry quality review)",
])
def test_an_acronym_spelled_out_beside_it_needs_no_explaining(spelled):
    acronym = re.search(r"\b[A-Z][A-Za-z]*[A-Z][a-z]?\b", spelled.replace("(", " ")).group(0)
    assert read_pitch(f"I run {spelled} in Leeds.", {}, WORDS).acronyms == []
    assert [a.text for a in read_pitch(f"I run the {acronym} in Leeds.", {}, WORDS).acronyms] == [acronym]


def test_a_long_quote_is_cut_at_a_word_and_marked():
    from plainnet.rules.pitch_reader import _q

    assert _q("  small   firms ") == "“small firms”"
    assert _q("x" * 48) == "“" + "x" * 48 + "”"  # 48 characters fit
    words = "plumbers, electricians and joiners; roofers: painters and decorators"
    assert _q(words) == "“plumbers, electricians and joiners; roofers …”"
    assert _q("plumbers, electricians and joiners, roofers, painters", 40) == "“plumbers, electricians and joiners …”"
    assert _q("a " + "b" * 60) == "“a " + "b" * 46 + " …”"  # no blank late enough: cut inside the word
    assert _q("aaaa bbbb " * 3, 12) == "“aaaa bbbb …”"
    assert _q("aaaa bbbX cccc", 12) == "“aaaa bbbX …”"
    # a blank only in the first half is too early to cut at: the words are cut at 48 instead
    for first in (20, 24):
        assert _q("a" * first + " " + "b" * 40) == "“" + "a" * first + " " + "b" * (47 - first) + " …”"
    assert _q("a" * 25 + " " + "b" * 40) == "“" + "a" * 25 + " …”"


@pytest.mark.parametrize("ask", [
    "Call me when a fridge fails.", "Head chefs, call me when a fridge fails.", "Head chefs; call me when a fridge fails.",
    "Head chefs: call me when a fridge fails.", "Head chefs — call me when a fridge fails.",
    "Head chefs – call me when a fridge fails.", "Head chefs - call me when a fridge fails.",
    "So call me when a fridge fails.", "Just call me when a fridge fails.", "Please call me when a fridge fails.",
    "Do call me when a fridge fails.", "Then call me when a fridge fails.", "Think of me and call me when a fridge fails.",
    "Think of me or call me when a fridge fails.", "Simply call me when a fridge fails.",
    "Or just call me when a fridge fails.", "Let's talk about your kitchen.", "Happy to meet any head chef.",
    "You know where to find me: the head chef at the Grand.", "I'd welcome an introduction to a head chef.",
])
def test_an_imperative_is_an_ask_at_the_start_or_after_a_break(ask):
    text = "I service commercial fridges for hotels in Leeds, so they never lose stock. " + ask
    assert verdicts(text)["ask"] == "present"


def test_a_sentence_whose_subject_calls_you_is_no_ask():
    text = "I service commercial fridges for hotels in Leeds, so they never lose stock. "
    assert verdicts(text + "Head chefs call me when a fridge fails.")["ask"] == "missing"


@pytest.mark.parametrize("value, why", [
    ("anyone", "“anyone” is not someone a listener can picture: name one kind"),
    ("is everyone", "“everyone” is not someone a listener can picture: name one kind"),
    ("any business", "“any business” is everyone: name one kind"),
    ("companies of all sizes", "“companies of all sizes” is everyone: name one kind"),
    ("a business", "“business” could be anyone: say which business (trade, size, place, situation)"),
    ("the businesses", "“businesses” could be anyone: say which businesses (trade, size, place, situation)"),
    ("some people", "“people” could be anyone: say which people (trade, size, place, situation)"),
    ("an SME", "“SME” could be anyone: say which SME (trade, size, place, situation)"),
    ("dog groomers in Bristol", None),
    ("!!!", None),
])
def test_a_front_matter_audience_or_ask_is_judged_like_the_text(value, why):
    for key, slot, kind in (("audience", "audience", "client"), ("ideal_client", "audience", "client"),
                            ("ask", "ask", "ask")):
        r = read_pitch("We save time.", {key: value}, WORDS)
        assert [(k, reason) for _, k, reason in r.vague] == ([(kind, f"{key}: {why}")] if why else []), key
        s = r.slots[slot]
        assert (s.source, [x.text for x in s.reads]) == ("front matter", [value])
        # an ask that names nobody is still an ask; an audience that names nobody is vague
        assert s.verdict == ("vague" if why and slot == "audience" else "present"), key


@pytest.mark.parametrize("sentence, why", [
    ("I help businesses that need more customers.",
     "“businesses that need more customers” narrows nobody down: needing what you sell is not a kind of client"),
    ("I help businesses that want more sales.",
     "“businesses that want more sales” narrows nobody down: needing what you sell is not a kind of client"),
    ("I help businesses that want to grow.",  # "to" after "want" belongs to the want, not a purpose
     "“businesses that want to grow” narrows nobody down: wanting money or success is not a kind of client"),
    ("I help businesses that need money.",
     "“businesses that need money” narrows nobody down: wanting money or success is not a kind of client"),
    ("I help companies looking for a budget.",
     "“companies looking for a budget” narrows nobody down: wanting money or success is not a kind of client"),
    ("I help all kinds of businesses.", "“all kinds of businesses” is everyone: name one kind"),
    ("I help all types of companies.", "“all types of companies” is everyone: name one kind"),
    ("I help many different sorts of people.",
     "“many different sorts of people” could be anyone: say which people (trade, size, place, situation)"),
    ("I help businesses in your network.",
     "“businesses in your network” could be anyone: say which businesses (trade, size, place, situation)"),
    ("I help businesses you know.",
     "“businesses you know” could be anyone: say which businesses (trade, size, place, situation)"),
    ("I help anyone in your network.", "“anyone in your network” is not someone a listener can picture: name one kind"),
    ("I help customers.", "“customers” could be anyone: say which customers (trade, size, place, situation)"),
])
def test_a_vague_audience_is_told_why(sentence, why):
    au = read_pitch(sentence, {}, WORDS).slots["audience"]
    assert (au.verdict, au.why) == ("vague", why)


@pytest.mark.parametrize("sentence", [
    "I help owners who want to sell their business.", "I help businesses that want to hire engineers in Leeds.",
    "I help restaurants that need to cut waste.", "I help businesses with 10 staff.", "I help businesses near Leeds.",
    "I help anyone who runs a bakery or cafe.", "I help small local family businesses.",
    "I help the small local family businesses.", "I help clients in Leeds.",
])
def test_a_narrowed_audience_is_present(sentence):
    au = read_pitch(sentence, {}, WORDS).slots["audience"]
    assert (au.verdict, au.why) == ("present", ""), [r.text for r in au.reads]


def test_an_unfinished_pitch_names_the_first_placeholder_and_counts_the_rest():
    from plainnet.rules.pitch import _template_lines

    def unfinished(text, fm=None, lines=None):
        return [(f.line, f.column, f.message.split(": the pitch is not written yet")[0])
                for f in check_pitch("p.md", text, 5, fm or {}, lines or {}, {}, WORDS) if f.rule == "pitch-unfinished"]

    template = _template_lines()[0]
    assert unfinished("I help dentists. " + template) == [
        (5, 18, "the template's text “I help (who, specifically) with (the …” is still here")]
    assert unfinished("I help [who] with [problem]. A great introduction for me is [ask].") == [
        (5, 8, "the placeholder “[who]” is still here (and 2 more)")]
    assert unfinished("I help <your clients> in <B>Leeds</B>. <b class=x>Ask</b> them.") == [
        (5, 8, "the placeholder “<your clients>” is still here")]  # HTML tags, any case, are no placeholders
    assert unfinished("---\nask: [ask]\n---\nI help dentists in Leeds.") == []  # front matter in the text
    for key in ("audience", "ideal_client", "problem", "result", "ask"):
        for value, shown in (("…", "…"), (" ... ", "..."), ("[ask] here", "[ask]"), ("TODO", "TODO")):
            assert unfinished("I help dentists.", {key: value}, {key: 3}) == [
                (3, 1, f"{key}: the placeholder “{shown}” is still here")], (key, value)
    assert unfinished("I help dentists.", {"ideal_client": "…", "ask": "[ask]"}, {"ideal_client": 2, "ask": 3}) == [
        (2, 1, "ideal_client: the placeholder “…” is still here (and 1 more)")]
    assert unfinished("I help dentists.", {"audience": "small firms", "ask": "an intro…"}) == []


def test_plurals_are_made_singular_as_english_makes_them():
    from plainnet.rules.pitch_reader import _singular

    words = {"charities": "charity", "agencies": "agency", "ties": "tie", "pies": "pie", "churches": "church",
             "dishes": "dish", "classes": "class", "boxes": "box", "dentists": "dentist", "owners": "owner",
             "glass": "glass", "gas": "gas", "bus": "bus", "is": "is", "hairdressers": "hairdresser"}
    assert {w: _singular(w) for w in words} == words


@pytest.mark.parametrize("word, strict, loose", [
    ("dentists", True, True), ("dentist", True, True), ("'owners'", True, True), ("co-founders", True, True),
    ("hair-salons", True, True), ("businesses", True, True), ("anyone", True, True), ("engineers", True, True),
    ("welders", False, True), ("historians", False, True), ("actors", False, True), ("cleaners", False, True),
    ("sister", False, True),  # a person by its ending, when reading loosely
    ("papers", False, False), ("brother", False, False), ("writer's", False, False), ("jet", False, False),
    ("self-employed", False, False),
])
def test_a_kind_of_person_is_known_by_the_word_lists_or_loosely_by_its_ending(word, strict, loose):
    from plainnet.rules.pitch_reader import _Lex

    lex = _Lex(WORDS)
    assert (lex.party(word), lex.party(word, loose=True)) == (strict, loose)


@pytest.mark.parametrize("text, speaker, employer", [
    ("I'm Sam Patel, a mortgage adviser in Leeds.", [("I'm Sam Patel, a mortgage adviser in Leeds", "")], []),
    ("My name is Sam and I fix boilers.", [("My name is Sam and I fix boilers", "")], []),
    ("My name's Sam. I fix boilers.", [("My name's Sam", "")], []),
    ("This is Sam from Boilerworks.", [("This is Sam from Boilerworks", "")], []),
    ("I work at Northwind as a buyer.", [("I work at Northwind as a buyer", "")], ["at Northwind"]),
    ("I work for Northwind Digital Ltd in sales.", [("I work for Northwind Digital Ltd in sales", "")],
     ["for Northwind Digital Ltd"]),
    ("I'm in insurance.", [("I'm in insurance", "")], []),
    ("We run a bakery in York.", [("We run a bakery in York", "")], []),
    ("I co-founded a charity for carers.", [("I co-founded a charity for carers", "")], []),
    ("My title is head of growth.", [("My title is head of growth", "")], []),
    ("We're a small agency in Leeds.", [("We're a small agency in Leeds", "")], []),
    ("Hi everyone, Mike from PrintWorks.", [("Hi everyone, Mike from PrintWorks.", "name")], []),
    ("Good morning all, it's Priya here at Raman Partners.", [("it's Priya here at Raman Partners", "")], []),
    ("Sam Patel, mortgage adviser.", [("Sam Patel, mortgage adviser.", "name")], []),
    ("Results-driven sales professional with ten years of experience.",
     [("Results-driven sales professional with ten years of experience.", "headline")], []),
    ("Experienced accountant for small charities.", [("Experienced accountant for small charities.", "headline")], []),
    ("Senior developers build our tools.", [], []),
    ("I'm head of sales at Contoso Digital. I help dentists.", [("I'm head of sales at Contoso Digital", "")],
     ["at Contoso Digital"]),
    ("I love working with Dentists.", [], []),
    ("A great introduction for me is someone at Northwind. I'm Sam.", [("I'm Sam", "")], []),  # not the ask's words
])
def test_the_speaker_and_their_employer_are_read_from_how_people_introduce_themselves(text, speaker, employer):
    r = read_pitch(text, {}, WORDS)
    assert [(x.text, x.note) for x in r.slots["speaker"].reads] == speaker
    assert r.slots["speaker"].verdict == ("present" if speaker else "missing")
    assert [x.text for x in r.employer] == employer


@pytest.mark.parametrize("ask, read", [
    ("I'd love to meet any companies that run kitchens.", "any companies"),
    ("I'd love to meet all businesses with a kitchen.", "all businesses"),
    ("I'd love to meet every company with a kitchen.", "every company"),
])
def test_an_ask_for_every_kind_of_company_is_everyone(ask, read):
    text = "I service commercial fridges for hotels in Leeds, so they never lose stock. " + ask
    r = read_pitch(text, {}, WORDS)
    assert [(v[0].text, v[1], v[2]) for v in r.vague] == [(read, "ask", f"“{read}” is everyone: name one kind")]


@pytest.mark.parametrize("ask", [
    "I'd love to meet a medical device company.", "I'd love to meet catering companies.",
    "I'd love to meet some people who run kitchens.", "I'd love to meet the companies with kitchens.",
])
def test_an_ask_for_a_kind_of_company_is_not_vague(ask):
    text = "I service commercial fridges for hotels in Leeds, so they never lose stock. " + ask
    assert read_pitch(text, {}, WORDS).vague == []


@pytest.mark.parametrize("text, speaker", [
    ("I'm Dr. Helen Park. I help GP practices in Wales." + ASK, "I'm Dr. Helen Park"),
    ("I work at St. Mary's Hospital as a nurse!" + ASK, "I work at St. Mary's Hospital as a nurse"),
    ("I'm Ana, I run a team of 2.5 people? " + ASK, "I'm Ana, I run a team of 2.5 people"),
])
def test_the_speaker_is_read_to_the_sentences_end_past_an_abbreviation(text, speaker):
    """The speaker's words go on past "Dr." or "2.5" (not a sentence's end) and stop before its own."""
    r = read_pitch(text, {}, WORDS)
    assert [rd.text for rd in r.slots["speaker"].reads] == [speaker]
    assert text[r.slots["speaker"].reads[0].start:r.slots["speaker"].reads[0].end] == speaker
