"""Boundaries and secondary rules: each test here fails on a one-line wrong change that the rest of
the suite once let through (a `>=` turned `>`, a list ignored, a prefix made case-sensitive, a
configured value replaced by its default, a cap dropped). docs/mutation.md lists the changes."""
from __future__ import annotations

import json
import threading
import time

import pytest
from click.testing import CliRunner

from plainnet.cli import cli
from plainnet.watch.watcher import Pending

TODAY = "2026-11-25"


def run(root, *args, today=TODAY):
    return CliRunner().invoke(cli, ["--vault", str(root), "--today", today, *args])


def ok_json(root, *args, today=TODAY):
    res = run(root, *args, today=today)
    assert res.exit_code in (0, 1), res.output
    return json.loads(res.stdout)


# ------------------------------------------------------------------------------------------------
# stay-in-touch: a contact is due on last contact + cadence, and listed only once that day is past
# ------------------------------------------------------------------------------------------------

IN_TOUCH = {
    "people/Due Today.md": "---\ntype: contact\nlast_contact: 2026-11-15\ncadence: 10d\n---\n",
    "people/Due Yesterday.md": "---\ntype: contact\nlast_contact: 2026-11-14\ncadence: 10d\n---\n",
    "people/Due Tomorrow.md": "---\ntype: contact\nlast_contact: 2026-11-16\ncadence: 10d\n---\n",
}


def stay_in_touch(root, today):
    data = ok_json(root, "agenda", "--json", today=today)
    return [(i["note"], i["due"], i["why"]) for i in data["items"] if i["section"] == "stay-in-touch"]


def test_stay_in_touch_is_not_listed_on_its_due_day_only_after(make_vault):
    root = make_vault(IN_TOUCH)
    # last contact exactly one cadence ago is not "older than the cadence"
    assert stay_in_touch(root, TODAY) == [("Due Yesterday", "2026-11-24", "11 days since last contact, cadence 10d")]
    assert [n for n, _, _ in stay_in_touch(root, "2026-11-26")] == ["Due Yesterday", "Due Today"]
    assert [n for n, _, _ in stay_in_touch(root, "2026-11-24")] == []


# ------------------------------------------------------------------------------------------------
# review's one-sided relationships: got >= min_got and gave < got / ratio (strictly less)
# ------------------------------------------------------------------------------------------------

def _ledger(gave: int, got: int) -> str:
    lines = ["---", "type: contact", "met: 2026-01-01"]
    for key, n in (("gave", gave), ("got", got)):
        lines.append(f"{key}:" if n else f"{key}: []")
        lines += [f"  - {{date: 2026-06-0{i + 1}, what: {key} {i}}}" for i in range(n)]
    return "\n".join(lines) + "\n---\n"


def test_review_one_sided_ratio_is_strict_and_min_got_inclusive(make_vault):
    root = make_vault({
        "people/Taker.md": _ledger(0, 3),     # 0 < 3/3: one-sided
        "people/Even.md": _ledger(1, 3),      # 1 < 3/3 is false: on the boundary, not one-sided
        "people/Big.md": _ledger(1, 4),       # 1 < 4/3: one-sided
        "people/Two.md": _ledger(0, 2),       # got 2 < min_got 3: too few to say
    })
    data = ok_json(root, "review", "--json", "--since", "2026-11-01", "--until", "2026-11-25")
    rec = next(h for h in data["habits"] if h["id"] == "reciprocity")
    assert rec["figures"]["one_sided"] == [
        {"name": "Big", "path": "people/Big.md", "gave": 1, "got": 4},
        {"name": "Taker", "path": "people/Taker.md", "gave": 0, "got": 3},
    ]
    # the check rule draws the same line
    found = ok_json(root, "check", "--format", "json", "--select", "one-sided")
    assert sorted(f["path"] for f in found) == ["people/Big.md", "people/Taker.md"]


def test_review_one_sided_uses_the_configured_ratio(make_vault):
    root = make_vault({"people/Even.md": _ledger(1, 3), "people/Half.md": _ledger(2, 4)},
                      toml="[rules.one-sided]\nratio = 2\n")
    data = ok_json(root, "review", "--json", "--since", "2026-11-01", "--until", "2026-11-25")
    rec = next(h for h in data["habits"] if h["id"] == "reciprocity")
    # Even: 1 < 3/2; Half: 2 < 4/2 is false
    assert [o["name"] for o in rec["figures"]["one_sided"]] == ["Even"]


# ------------------------------------------------------------------------------------------------
# import matching by email: `emails:` lists count, and a `mailto:` prefix in any case is dropped
# ------------------------------------------------------------------------------------------------

def _import(root, tmp_path, vcard: str, name="cards.vcf"):
    f = tmp_path / name
    f.write_text(vcard, encoding="utf-8")
    res = run(root, "import", str(f))
    assert res.exit_code == 0, res.output
    return res.stdout


def test_import_matches_an_address_in_the_emails_list(make_vault, tmp_path):
    root = make_vault({"people/Robert Stone.md":
                       "---\ntype: contact\nemail: rob@work.example\nemails:\n  - bob@home.example\n---\n"})
    out = _import(root, tmp_path, "BEGIN:VCARD\nVERSION:3.0\nFN:Bobby S\nEMAIL:BOB@Home.example\nTITLE:CTO\nEND:VCARD\n")
    assert "merged    people/Robert Stone.md" in out and "by email" in out
    assert out.splitlines()[-1].startswith("0 new, 1 merged")
    assert sorted(p.name for p in (root / "people").iterdir()) == ["Robert Stone.md"]
    assert "role: CTO\n" in (root / "people/Robert Stone.md").read_text(encoding="utf-8")


def test_import_matches_an_email_written_as_a_list(make_vault, tmp_path):
    root = make_vault({"people/Robert Stone.md":
                       "---\ntype: contact\nemail: [rob@work.example, bob@home.example]\n---\n"})
    out = _import(root, tmp_path, "BEGIN:VCARD\nVERSION:3.0\nFN:Bobby S\nEMAIL:bob@home.example\nTITLE:CTO\nEND:VCARD\n")
    assert "merged    people/Robert Stone.md" in out and "by email" in out


@pytest.mark.parametrize("prefix", ["MAILTO:", "mailto:", "MailTo:"])
def test_import_matches_a_mailto_address_in_any_case(make_vault, tmp_path, prefix):
    root = make_vault({"people/Ana Souza.md": f"---\ntype: contact\nemail: {prefix}Ana@Lumen.example\n---\n"})
    out = _import(root, tmp_path, "BEGIN:VCARD\nVERSION:3.0\nFN:A. Souza\nEMAIL:ana@lumen.example\nTITLE:CTO\nEND:VCARD\n")
    assert "merged    people/Ana Souza.md" in out and "by email" in out
    assert out.splitlines()[-1].startswith("0 new, 1 merged")


def test_a_cards_mailto_prefix_is_dropped_in_any_case(make_vault, tmp_path):
    root = make_vault()
    _import(root, tmp_path, "BEGIN:VCARD\nVERSION:3.0\nFN:Lena Fischer\nEMAIL;TYPE=INTERNET:MAILTO:lena@x.example\n"
                            "END:VCARD\n")
    text = (root / "people/Lena Fischer.md").read_text(encoding="utf-8")
    assert "email: lena@x.example\n" in text and "MAILTO" not in text.upper()


# ------------------------------------------------------------------------------------------------
# pitch length at a configured words-per-minute
# ------------------------------------------------------------------------------------------------

PITCH_90 = ("I help owners of dental practices who lose patients to no-shows. "
            "A great introduction for me is a practice manager. "   # 20 words
            + " ".join(["Plain words follow here now."] * 13)       # 65 words
            + " One two three four five.")                           # 5 words: 90 in all


@pytest.mark.parametrize("wpm, spoken, limit", [(120, 45, 60), (100, 54, 50), (150, 36, 75)])
def test_pitch_length_speaks_at_the_configured_wpm(make_vault, wpm, spoken, limit):
    root = make_vault({"pitch.md": "---\ntype: pitch\n---\n" + PITCH_90 + "\n"}, toml=f"wpm = {wpm}\n")
    found = [f for f in ok_json(root, "check", "--format", "json") if f["rule"] == "pitch-length"]
    (f,) = found
    assert f["message"].startswith(f"pitch is 90 words, about {spoken} s at {wpm} wpm; the slot is 30 s "
                                   f"({limit} words): cut {90 - limit} words")


def test_pitch_length_wpm_from_the_rules_table(make_vault):
    root = make_vault({"pitch.md": "---\ntype: pitch\nseconds: 20\n---\n" + PITCH_90 + "\n"},
                      toml="[rules.pitch-length]\nwpm = 180\n")
    (f,) = [f for f in ok_json(root, "check", "--format", "json") if f["rule"] == "pitch-length"]
    assert f["message"].startswith("pitch is 90 words, about 30 s at 180 wpm; the slot is 20 s (60 words)")


# ------------------------------------------------------------------------------------------------
# watch debounce: a batch waits for quiet, three times longer in a burst, never past max_wait
# ------------------------------------------------------------------------------------------------

def _time_take(pending: Pending, paths, *, feed_until: float = 0.0) -> tuple[float, set]:
    """Seconds from the first event until `take` hands the batch over; events keep coming every
    50 ms for `feed_until` seconds (a vault that never goes quiet)."""
    stop = threading.Event()

    def feed():
        i, end = 0, time.monotonic() + feed_until
        while not stop.wait(0.05) and time.monotonic() < end:
            pending.add([f"more{i}.md"])
            i += 1

    start = time.monotonic()
    pending.add(paths)
    feeder = threading.Thread(target=feed, daemon=True) if feed_until else None
    if feeder:
        feeder.start()
    try:
        got = pending.take(timeout=30)
    finally:
        stop.set()
        if feeder:
            feeder.join()
    assert got is not None
    return time.monotonic() - start, got[0]


def test_debounce_waits_for_the_quiet_interval():
    took, paths = _time_take(Pending(0.3, max_wait=10), ["a.md"])
    assert 0.29 <= took < 2.0 and paths == {"a.md"}


def test_debounce_never_holds_a_batch_past_max_wait():
    # events every 50 ms keep the vault from ever being quiet for 2 s: only max_wait ends the batch
    took, paths = _time_take(Pending(2.0, max_wait=0.4), ["a.md"], feed_until=3)
    assert 0.39 <= took < 1.9 and "a.md" in paths


def test_debounce_max_wait_caps_a_single_long_quiet_interval():
    took, _ = _time_take(Pending(3.0, max_wait=0.3), ["a.md"])
    assert 0.29 <= took < 2.5


def test_debounce_a_burst_waits_three_times_as_long():
    burst = [f"n{i}.md" for i in range(Pending.BURST + 1)]
    took, paths = _time_take(Pending(0.4, max_wait=10), burst)
    assert took >= 1.19 and paths == set(burst)
    took, _ = _time_take(Pending(0.4, max_wait=10), burst[:Pending.BURST])  # not yet a burst
    assert 0.39 <= took < 1.1


def test_debounce_a_burst_waits_at_least_a_quarter_second():
    took, _ = _time_take(Pending(0.01, max_wait=10), [f"n{i}.md" for i in range(Pending.BURST + 1)])
    assert took >= 0.24
