"""plainnet import / export vcf: real vCard and CSV exports into temporary vaults, through the CLI
and the library. The public test corpora (the `corpora` fixture) are only ever read."""
from __future__ import annotations

import csv
import difflib
import hashlib
import importlib.util
import io
import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import plainnet
from plainnet.write import edit
from plainnet.cli import cli
from plainnet.cards.importing import (
    NoteFactory,
    apply_import,
    fast_plain,
    note_title,
    plan_import,
    render_new_notes,
)

TODAY = "2026-11-25"
REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO.parent / "shared" / "corpora"
IMPORTERS = REPO / "tests" / "data" / "importers"  # the project's own exports, no ../shared needed
UNKNOWN_CSV = {  # not contact exports: the importer's error, exit 2
    "mozilla-releases-comm-central/mailnews/import/test/unit/resources/csv_no_header.csv",
    "mozilla-releases-comm-central/mailnews/import/test/unit/resources/tab_comma_mixed.csv",
    "pedrofuentes-kawsay/tests/fixtures/linkedin/messages.csv",
}
HANDMADE = "handmade/linkedin-Connections.csv"
KAWSAY = "pedrofuentes-kawsay/tests/fixtures/linkedin/Connections.csv"


def run(root, *args, today=TODAY):
    return CliRunner().invoke(cli, ["--vault", str(root), "--today", today, *args])


def corpus_files() -> list[str]:
    if not CORPORA.is_dir():
        return []
    return sorted(p.relative_to(CORPORA).as_posix() for p in CORPORA.rglob("*")
                  if p.suffix.lower() in (".vcf", ".csv") and p.is_file())


def contact_files() -> list[str]:
    return [f for f in corpus_files() if f not in UNKNOWN_CSV]


def independent_count(path: Path) -> int:
    """Cards in a file, counted without the importers: BEGIN:VCARD lines, or CSV records after
    the header row (the first row with two non-empty cells) that hold anything."""
    raw = path.read_bytes()
    if path.suffix.lower() == ".vcf":
        return len(re.findall(rb"(?im)^[ \t]*BEGIN[ \t]*:[ \t]*VCARD[ \t]*\r*$", raw))
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = raw.decode("utf-16")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("shift_jis")
    first = text.split("\n", 1)[0]
    delim = ";" if first.count(";") > first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))
    header = next(i for i, r in enumerate(rows) if len([c for c in r if c.strip()]) >= 2)
    return len([r for r in rows[header + 1:] if any(c.strip() for c in r)])


def report(res) -> tuple[list[str], str]:
    """(top-level report lines, summary line) of an import's output."""
    lines = [ln for ln in res.stdout.splitlines() if ln and not ln.startswith(" ")]
    return lines[:-1], lines[-1]


def tree_hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and ".plainnet" not in p.relative_to(root).parts}


def notes_in(root: Path) -> list[Path]:
    return sorted((root / "people").glob("*.md")) if (root / "people").is_dir() else []


def import_cards(root, tmp_path, cards: str, name: str = "c.vcf"):
    """Write `cards` to a vCard file and import it: (the file, the finished run)."""
    vcf = tmp_path / name
    vcf.write_text(cards, encoding="utf-8")
    res = run(root, "import", str(vcf))
    assert res.exit_code == 0, res.output
    return vcf, res


def fm_of(path: Path) -> dict:
    """The front matter as YAML reads it (dates are dates)."""
    import yaml

    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    assert text.startswith("---\n"), path
    return yaml.safe_load(text[4:text.index("\n---\n", 3) + 1]) or {}


# ------------------------------------------------------------------------------------------------
# every card of every real file is accounted for
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("rel", contact_files() or ["(corpora missing)"])
def test_every_card_becomes_a_note_merges_or_is_reported(corpora, make_vault, rel):
    path = corpora / rel
    expected = independent_count(path)
    root = make_vault()
    res = run(root, "import", str(path))
    assert res.exit_code == 0, res.output
    lines, summary = report(res)
    kinds = Counter(ln.split()[0] for ln in lines)
    assert sum(kinds.values()) == expected, (rel, res.stdout)
    assert set(kinds) <= {"new", "merged", "unchanged", "skipped"}
    assert kinds["new"] == len(notes_in(root))  # one note per new card, nothing else written
    m = re.match(r"(\d+) new, (\d+) merged, (?:(\d+) unchanged, )?\d+ conflicts?, (\d+) skipped", summary)
    assert m, summary
    assert [int(m[1]), int(m[2]), int(m[3] or 0), int(m[4])] == [
        kinds["new"], kinds["merged"], kinds["unchanged"], kinds["skipped"]]
    for ln in lines:
        if ln.startswith(("merged", "unchanged")):  # a duplicate inside the file: its note exists
            assert (root / re.match(r"\w+ +(.+?\.md)  \(", ln)[1]).is_file(), ln
        if ln.startswith("skipped"):  # reported with file:line
            assert re.search(re.escape(str(path)) + r":\d+: ", ln), ln


@pytest.mark.parametrize("rel", sorted(UNKNOWN_CSV))
def test_unknown_csv_is_the_importers_error_and_nothing_is_written(corpora, make_vault, rel):
    root = make_vault()
    res = run(root, "import", str(corpora / HANDMADE), str(corpora / rel))
    assert res.exit_code == 2
    assert "not a contacts CSV plainnet recognises" in res.stderr and "LinkedIn" in res.stderr
    assert notes_in(root) == []  # the good file before it was not imported either


@pytest.fixture(scope="module")
def corpus_vault(tmp_path_factory):
    """Every contact export of the corpora imported into one vault (cross-file dedupe), twice."""
    if not CORPORA.is_dir():
        pytest.skip(f"needs the public test corpora in a folder shared/corpora beside the checkout (the corpora fixture in tests/conftest.py; see README, Development): not found at {CORPORA}")
    root = tmp_path_factory.mktemp("all") / "vault"
    root.mkdir()
    (root / "plainnet.toml").write_text("", encoding="utf-8")
    files = [str(CORPORA / f) for f in contact_files()]
    with plainnet.open_vault(root, today=date(2026, 11, 25)) as vault:
        plan = plan_import(vault, files, tag="cards")
        fast = NoteFactory(vault.root, vault.config, vault.today)
        rendered = {t.path: fast.render(t.title, t.fields, t.notes) for t in plan.targets.values() if t.new}
        assert fast.fallbacks == 0  # the skeleton path rendered every note itself
        slow = {t.path: NoteFactory(vault.root, vault.config, vault.today).render_slow(t.title, t.fields, t.notes)
                for t in plan.targets.values() if t.new}
        assert render_new_notes(plan) == rendered
        apply_import(plan)
    after_first = tree_hashes(root)
    with plainnet.open_vault(root, today=date(2026, 11, 25)) as vault:
        again = apply_import(plan_import(vault, files, tag="cards"))
    return {"root": root, "files": files, "plan": plan, "again": again, "first": after_first,
            "rendered": rendered, "slow": slow}


def test_all_corpora_in_one_vault_lose_nothing(corpus_vault):
    plan = corpus_vault["plan"]
    per_file = Counter(o.source for o in plan.outcomes)
    for f in corpus_vault["files"]:
        assert per_file[f] == independent_count(Path(f)), f
    counts = plan.counts()
    assert counts["new"] == len(notes_in(corpus_vault["root"]))
    assert counts["failed"] == 0
    assert counts["new"] + counts["merged"] + counts["unchanged"] + counts["skipped"] == sum(
        independent_count(Path(f)) for f in corpus_vault["files"])
    # every merge names an existing note; every skip has a reason
    for o in plan.outcomes:
        if o.action in ("merged", "unchanged", "new"):
            assert (corpus_vault["root"] / o.path).is_file()
        else:
            assert o.why and o.line


def test_reimport_changes_nothing_byte_for_byte(corpus_vault):
    again = corpus_vault["again"]
    c = again.counts()
    assert (c["new"], c["merged"], c["failed"]) == (0, 0, 0)
    assert c["unchanged"] == sum(corpus_vault["plan"].counts()[k] for k in ("new", "merged", "unchanged"))
    assert tree_hashes(corpus_vault["root"]) == corpus_vault["first"]


def test_fast_rendering_is_byte_identical_to_edit_calls(corpus_vault):
    assert corpus_vault["rendered"] == corpus_vault["slow"]
    for path, data in corpus_vault["rendered"].items():
        assert (corpus_vault["root"] / path).read_bytes() == data


def test_photos_are_never_written_into_notes(corpus_vault):
    for p in notes_in(corpus_vault["root"]):
        text = p.read_text(encoding="utf-8")
        assert "/9j/" not in text and "iVBORw0KGgo" not in text and "data:image" not in text, p
        assert max(len(line) for line in text.splitlines()) < 1500, p


def test_imported_notes_are_clean_contacts(corpus_vault):
    """Every new note is a contact plainnet reads without a data error."""
    root = corpus_vault["root"]
    with plainnet.open_vault(root, today=date(2026, 11, 25)) as vault:
        contacts = {n.path for n in vault.contacts()}
        assert contacts == {p.relative_to(root).as_posix() for p in notes_in(root)}
        bad = [f for f in vault.findings() if f.rule in ("data-yaml", "data-date", "data-file")]
        assert bad == []
        assert {n.path for n in vault.contacts(tag="cards")} == contacts


# ------------------------------------------------------------------------------------------------
# unicode, folding, names
# ------------------------------------------------------------------------------------------------


def test_linkedin_unicode_names_and_quoted_commas(corpora, make_vault):
    root = make_vault()
    res = run(root, "import", str(corpora / KAWSAY))
    assert res.exit_code == 0, res.output
    jose = fm_of(root / "people" / "José García.md")
    assert jose["name"] == "José García" and jose["company"] == "Acme, Inc."
    assert jose["role"] == "Senior Engineer" and jose["connected_on"] == date(2024, 1, 15)
    assert jose["links"] == ["https://www.linkedin.com/in/josegarcia"] and not jose.get("email")
    aesop = fm_of(root / "people" / "Æsop Fontaine.md")
    assert aesop["email"] == "aesop@example.com" and aesop["role"] == "Director, Operations"


@pytest.mark.parametrize("rel, title", [
    ("CyanogenMod-android_frameworks_opt_vcard/tests/res/raw/v21_japanese_1.vcf", "安藤ロイド"),
    ("CyanogenMod-android_frameworks_opt_vcard/tests/res/raw/v21_japanese_2.vcf", "安藤 ロイド 1"),
    ("CyanogenMod-android_frameworks_opt_vcard/tests/res/raw/v30_japanese.vcf", "伊能 圭一 伊予"),
    ("mozilla-releases-comm-central/mailnews/import/test/unit/resources/shiftjis_addressbook.csv", "名無しの権兵衛"),
])
def test_shift_jis_names_become_file_names(corpora, make_vault, rel, title):
    root = make_vault()
    assert run(root, "import", str(corpora / rel)).exit_code == 0
    assert [p.name for p in notes_in(root)] == [f"{title}.md"]
    assert fm_of(notes_in(root)[0])["name"] == title


def test_folded_and_quoted_printable_lines(make_vault, tmp_path):
    vcf = tmp_path / "folded.vcf"
    vcf.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zo\xc3\xab Fontaine-\r\n Dubois\r\nORG:Very Long Organisation Name Th\r\n"
        b" at Had To Be Folded\\, Inc.\r\nEMAIL:zoe@example.org\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Jos=C3=A9 Garc=C3=\r\n=ADa\r\n"
        b"TITLE:CTO\r\nEND:VCARD\r\n")
    root = make_vault()
    assert run(root, "import", str(vcf)).exit_code == 0
    zoe = fm_of(root / "people" / "Zoë Fontaine-Dubois.md")
    assert zoe["company"] == "Very Long Organisation Name That Had To Be Folded, Inc."
    assert fm_of(root / "people" / "José García.md")["role"] == "CTO"


def test_names_match_nfc_and_casefolded(make_vault, tmp_path):
    nfd = "Jose\u0301 Garci\u0301a"  # as macOS spells file names
    root = make_vault({f"people/{nfd}.md": "---\ntype: contact\ncompany:\n---\n",
                       "people/Æsop.md": "---\naliases: [ÆSOP FONTAINE]\n---\n"})
    csvfile = tmp_path / "c.csv"
    csvfile.write_text("Name,Email,Company\nJOSÉ GARCÍA,,Acme\næsop fontaine,,Globex\n", encoding="utf-8")
    res = run(root, "import", str(csvfile))
    assert res.exit_code == 0, res.output
    assert report(res)[1].startswith("0 new, 2 merged")
    assert len(notes_in(root)) == 2
    assert fm_of(root / "people" / f"{nfd}.md")["company"] == "Acme"
    assert "by name" in res.stdout


def test_file_names_forbidden_characters_collisions_and_organisations(make_vault, tmp_path):
    root = make_vault({"people/Jane Doe.md": "---\ntype: event\ndate: 2026-01-01\n---\n"})
    vcf, res = import_cards(
        root, tmp_path,
        "BEGIN:VCARD\nVERSION:3.0\nFN:Jane Doe\nEMAIL:jane@a.example\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:R&D: \"Lab\" 5/6 <x>|?*\nEMAIL:lab@b.example\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nN:;;;;\nFN:\nORG:Acme Ltd;Sales\nTEL:+1 555 0100\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:..\\\\..\nEMAIL:dots@c.example\nEND:VCARD\n")
    names = sorted(p.name for p in notes_in(root))
    assert names == ["Acme Ltd.md", "Jane Doe 2.md", "Jane Doe.md", "R&D Lab 5 6 x.md", "dots@c.example.md"]
    assert fm_of(root / "people/Jane Doe 2.md")["name"] == "Jane Doe"
    assert fm_of(root / "people/R&D Lab 5 6 x.md")["name"] == 'R&D: "Lab" 5/6 <x>|?*'
    assert fm_of(root / "people/Acme Ltd.md")["company"] == "Acme Ltd"
    # the numbered note is found again by its name: nothing new the second time
    again = run(root, "import", str(vcf))
    assert report(again)[1].startswith("0 new, 0 merged, 4 unchanged")


def test_note_title_rules():
    assert note_title("José García") == "José García"
    assert note_title("a/b\\c:d*e?f\"g<h>i|j") == "a b c d e f g h i j"
    assert note_title("  .hidden  ") == "hidden"
    assert note_title("Tab\tand\nnewline") == "Tab and newline"
    assert note_title("???") == "Contact"
    assert len(note_title("é" * 500).encode()) <= 200
    assert note_title("a .. b") == "a - b"  # a `..` word is never a path step
    assert note_title("x\x01y\x7fz\u2028w\u2029v") == "x y z w v"
    assert note_title("Xavier") == "Xavier" and note_title("Max.") == "Max" and note_title("Ann Lee .") == "Ann Lee"
    # at most 200 bytes, cut one character at a time, then no trailing dot or space
    assert note_title("a" * 199 + "bc") == "a" * 199 + "b"
    assert note_title("a" * 200) == "a" * 200
    assert note_title("a" * 198 + " .x") == "a" * 198


# ------------------------------------------------------------------------------------------------
# merging
# ------------------------------------------------------------------------------------------------

ANA = ("---\n"
       "type: contact\n"
       "company: Acme  # since 2024\n"
       "role:\n"
       "email: Ana@LumenPay.example\n"
       "cadence: 1m\n"
       "---\n"
       "Met her at the fintech meetup.\n")


def test_merge_fills_empty_fields_keeps_the_users_and_reports_conflicts(corpora, make_vault):
    root = make_vault({"people/Ana Souza.md": ANA})
    before = ANA.splitlines()
    res = run(root, "import", str(corpora / HANDMADE))
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert 'merged    people/Ana Souza.md' in out and "by email" in out
    assert '  ! kept "Acme" in company, card says "Lumen Pay"' in out
    assert "  + role: Head of Partnerships" in out
    assert report(res)[1] == "3 new, 1 merged, 1 conflict, 0 skipped"
    after = (root / "people/Ana Souza.md").read_text(encoding="utf-8").splitlines()
    diff = [d for d in difflib.unified_diff(before, after, lineterm="", n=0) if d[:1] in "+-" and d[:3] not in ("+++", "---")]
    # a git-style diff: the empty role line becomes the filled one; new keys are added lines
    assert diff == ["-role:", "+role: Head of Partnerships",
                    "+links:", "+  - https://www.linkedin.com/in/ana-souza-example",
                    "+connected_on: 2026-11-01"]
    assert "company: Acme  # since 2024" in after and "email: Ana@LumenPay.example" in after
    assert "met" not in fm_of(root / "people/Ana Souza.md")  # met is for new contacts only


def test_merge_appends_extra_emails_phones_and_note_once(make_vault, tmp_path):
    root = make_vault({"people/Bob Stone.md": "---\ntype: contact\nemail: bob@a.example\nphone: +1 (555) 010-0000\n---\n"})
    vcf, res = import_cards(
        root, tmp_path,
        "BEGIN:VCARD\nVERSION:3.0\nFN:Bob Stone\nEMAIL:BOB@A.EXAMPLE\nEMAIL:bob@home.example\n"
        "TEL:+15550100000\nTEL:+44 20 7946 0000\nNICKNAME:Bobby\nNOTE:Likes sailing.\\n- [ ] not a task\n"
        "END:VCARD\n", name="bob.vcf")
    fm = fm_of(root / "people/Bob Stone.md")
    assert fm["emails"] == ["bob@home.example"] and fm["phones"] == ["+44 20 7946 0000"]
    assert fm["aliases"] == ["Bobby"] and fm["email"] == "bob@a.example"
    text = (root / "people/Bob Stone.md").read_text(encoding="utf-8")
    assert "## Notes\n\nLikes sailing.\n- \\[ ] not a task\n" in text
    before = tree_hashes(root)
    assert report(run(root, "import", str(vcf)))[1].startswith("0 new, 0 merged, 1 unchanged")
    assert tree_hashes(root) == before
    items = json.loads(run(root, "agenda", "--json", "--days", "30").stdout)["items"]
    assert not any("not a task" in i["what"] for i in items)


def test_duplicates_inside_one_file_merge(make_vault, tmp_path):
    vcf = tmp_path / "dup.vcf"
    vcf.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Lena Fischer\nEMAIL:lena@x.example\nORG:Initech\nEND:VCARD\n"
                   "BEGIN:VCARD\nVERSION:3.0\nFN:Lena Fischer\nEMAIL:LENA@X.EXAMPLE\nTITLE:CTO\nORG:Initech GmbH\n"
                   "TEL:+49 30 1234\nEND:VCARD\n"
                   "BEGIN:VCARD\nVERSION:3.0\nFN:lena fischer\nEMAIL:l.fischer@y.example\nEND:VCARD\n", encoding="utf-8")
    root = make_vault()
    res = run(root, "import", str(vcf))
    assert res.exit_code == 0, res.output
    assert report(res)[1] == "1 new, 2 merged, 1 conflict, 0 skipped"
    assert '! kept "Initech" in company, card says "Initech GmbH"' in res.stdout
    fm = fm_of(root / "people/Lena Fischer.md")
    assert (fm["role"], fm["phone"], fm["emails"]) == ("CTO", "+49 30 1234", ["l.fischer@y.example"])


def test_ambiguous_match_is_skipped_not_guessed(make_vault, tmp_path):
    root = make_vault({"people/Kim A.md": "---\nemail: kim@x.example\n---\n",
                       "people/Kim B.md": "---\nemail: KIM@x.example\n---\n"})
    f = tmp_path / "kim.csv"
    f.write_text("Name,Email\nKim Akers,kim@x.example\n", encoding="utf-8")
    res = run(root, "import", str(f))
    assert res.exit_code == 0
    assert "matches 2 contacts by email (people/Kim A.md, people/Kim B.md)" in res.stdout
    assert report(res)[1] == "0 new, 0 merged, 0 conflicts, 1 skipped: 1 ambiguous match"


def test_crlf_and_bom_of_a_merged_note_are_kept(make_vault, tmp_path):
    root = make_vault({"people/Ian Tien.md": b"\xef\xbb\xbf---\r\ntype: contact\r\nrole:\r\n---\r\nBody\r\n"})
    f = tmp_path / "ian.csv"
    f.write_text("Name,Email,Title\nIan Tien,iant@tailspintoys.com,Buyer\n", encoding="utf-8")
    assert run(root, "import", str(f)).exit_code == 0
    data = (root / "people/Ian Tien.md").read_bytes()
    assert data == b"\xef\xbb\xbf---\r\ntype: contact\r\nrole: Buyer\r\nemail: iant@tailspintoys.com\r\n---\r\nBody\r\n"


def test_a_note_changed_after_planning_is_not_overwritten(make_vault, tmp_path):
    root = make_vault({"people/Ian Tien.md": "---\ntype: contact\nrole:\n---\n"})
    f = tmp_path / "ian.csv"
    f.write_text("Name,Email,Title\nIan Tien,iant@x.example,Buyer\nNew Person,new@x.example,\n", encoding="utf-8")
    with plainnet.open_vault(root, today=date(2026, 11, 25)) as vault:
        plan = plan_import(vault, [f])
        (root / "people/Ian Tien.md").write_text("---\ntype: contact\nrole: Owner\n---\n", encoding="utf-8")
        apply_import(plan)
    assert (root / "people/Ian Tien.md").read_text(encoding="utf-8") == "---\ntype: contact\nrole: Owner\n---\n"
    assert [o.action for o in plan.outcomes] == ["failed", "new"]
    assert "changed on disk" in plan.outcomes[0].why
    assert (root / "people/New Person.md").is_file()


# ------------------------------------------------------------------------------------------------
# met, tag, agenda
# ------------------------------------------------------------------------------------------------


def no_next_step(root, today):
    res = run(root, "agenda", "--json", today=today)
    assert res.exit_code == 0, res.output
    return sorted(i["person"] for i in json.loads(res.stdout)["items"] if i["section"] == "no-next-step")


def test_met_date_and_tag_put_new_contacts_on_the_agenda_after_15_days(corpora, make_vault):
    root = make_vault({"people/Ana Souza.md": ANA})
    res = run(root, "import", "--met", "2026-11-10", "--tag", "#cards", str(corpora / HANDMADE))
    assert res.exit_code == 0, res.output
    assert no_next_step(root, "2026-11-24") == []  # 14 days: not yet
    assert no_next_step(root, "2026-11-25") == ["José García", "Priya Raman", "山田 太郎"]
    fm = fm_of(root / "people/Priya Raman.md")
    assert fm["met"] == date(2026, 11, 10) and fm["tags"] == ["cards"]
    assert fm_of(root / "people/Ana Souza.md")["tags"] == ["cards"]  # matched contacts get the tag
    listed = run(root, "ls", "contact", "--tag", "cards", "--json")
    assert len(json.loads(listed.stdout)) == 4
    # the card-stack rule of `plainnet check` sees the same stack
    res = run(root, "check", "--format", "json")
    stack = sorted(f["path"] for f in json.loads(res.stdout) if f["rule"] == "card-stack")
    assert stack == ["people/José García.md", "people/Priya Raman.md", "people/山田 太郎.md"]
    # a next step takes them off
    assert run(root, "log", "Priya Raman", "coffee", "--date", "2026-11-20").exit_code == 0
    assert no_next_step(root, "2026-11-25") == ["José García", "山田 太郎"]


def test_met_event_becomes_a_quoted_link(corpora, make_vault):
    root = make_vault({"events/2026-11-03 Chamber breakfast.md": "---\ntype: event\ndate: 2026-11-03\nstatus: done\n---\n"})
    res = run(root, "import", "--met", "2026-11-03 chamber BREAKFAST", str(corpora / HANDMADE))
    assert res.exit_code == 0, res.output
    text = (root / "people/Priya Raman.md").read_text(encoding="utf-8")
    assert 'met: "[[2026-11-03 Chamber breakfast]]"\n' in text
    assert no_next_step(root, "2026-11-18") == ["Ana Souza", "José García", "Priya Raman", "山田 太郎"]
    res = run(root, "agenda", "--json", today="2026-11-18")
    assert "at 2026-11-03 Chamber breakfast" in res.stdout


def test_met_default_is_the_vaults_today(corpora, make_vault, tmp_path):
    """Cards without a date of their own were met today (a stack of business cards)."""
    root = make_vault()
    vcf = tmp_path / "cards.vcf"
    vcf.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Æsop Fontaine\nEND:VCARD\n", encoding="utf-8")
    assert run(root, "import", str(vcf)).exit_code == 0
    assert fm_of(root / "people/Æsop Fontaine.md")["met"] == date(2026, 11, 25)
    assert no_next_step(root, "2026-12-10") == ["Æsop Fontaine"]


def test_linkedin_connected_on_is_met_and_the_export_waits_for_triage(corpora, make_vault):
    """A LinkedIn export is history: `met` is the day you connected, and the contacts wait for
    `plainnet triage` instead of each asking for a next step; the agenda counts them in one line."""
    root = make_vault()
    res = run(root, "import", str(corpora / KAWSAY))
    assert res.exit_code == 0 and "imported as history" in res.output
    aesop = fm_of(root / "people/Æsop Fontaine.md")
    assert aesop["met"] == aesop["connected_on"] != date(2026, 11, 25)
    assert aesop["triage"] == "pending"
    assert no_next_step(root, "2026-12-10") == []
    agenda = json.loads(run(root, "agenda", "--json", today="2026-12-10").stdout)
    assert agenda["to_triage"] == len(notes_in(root)) > 0
    plain = run(root, "agenda", today="2026-12-10").stdout
    assert f"{len(notes_in(root))} imported contacts to triage — plainnet triage" in plain


def test_as_new_and_as_history_override_the_default(corpora, make_vault, tmp_path):
    root = make_vault()
    assert run(root, "import", "--as-new", str(corpora / KAWSAY)).exit_code == 0
    assert "triage" not in fm_of(root / "people/Æsop Fontaine.md")
    assert no_next_step(root, "2026-12-10") == ["José García", "Æsop Fontaine"]
    vcf = tmp_path / "cards.vcf"
    vcf.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Old Friend\nEND:VCARD\n", encoding="utf-8")
    assert run(root, "import", "--as-history", str(vcf)).exit_code == 0
    assert fm_of(root / "people/Old Friend.md")["triage"] == "pending"


def test_bad_met_and_tag_are_refused(corpora, make_vault):
    root = make_vault({"people/Bob.md": "---\ntype: contact\n---\n"})
    for args, msg in ((["--met", "Nowhere"], "no event note"), (["--met", "Bob"], "not an event"),
                      (["--tag", "two words"], "a tag is one word")):
        res = run(root, "import", *args, str(corpora / KAWSAY))
        assert res.exit_code == 2 and msg in res.stderr, res.output
    assert len(notes_in(root)) == 1


# ------------------------------------------------------------------------------------------------
# dry run, reports, progress
# ------------------------------------------------------------------------------------------------


def test_dry_run_writes_nothing_and_says_what_would_happen(corpora, make_vault):
    root = make_vault({"people/Ana Souza.md": ANA})
    before = tree_hashes(root)
    dry = run(root, "import", "--dry-run", "--tag", "cards", str(corpora / HANDMADE))
    assert dry.exit_code == 0, dry.output
    assert tree_hashes(root) == before
    assert dry.stdout.splitlines()[-1] == "dry run, nothing written: 3 new, 1 merged, 1 conflict, 0 skipped"
    real = run(root, "import", "--tag", "cards", str(corpora / HANDMADE))
    assert real.stdout.splitlines()[:-1] == dry.stdout.splitlines()[:-1]


def test_malformed_cards_and_rows_are_reported_with_their_line(make_vault, tmp_path):
    vcf = tmp_path / "mixed.vcf"
    vcf.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Good One\nEMAIL:one@x.example\nEND:VCARD\n"
                   "BEGIN:VCARD\nVERSION:3.0\nTEL:+1 555 0100\nEND:VCARD\n"
                   "BEGIN:VCARD\nVERSION:3.0\nFN:Good Two\nEND:VCARD\n", encoding="utf-8")
    rows = tmp_path / "rows.csv"
    rows.write_text('Name,Email\nRow One,r1@x.example\n,\n"",   \n...,\nRow Two,r2@x.example\n', encoding="utf-8")
    root = make_vault()
    res = run(root, "import", str(vcf), str(rows))
    assert res.exit_code == 0, res.output
    assert f"skipped   {vcf}:6: no name, organisation or email address (only phone +1 555 0100)" in res.stdout
    assert f"skipped   {rows}:5: no name, organisation or email address" in res.stdout
    assert report(res)[1] == "4 new, 0 merged, 0 conflicts, 2 skipped: 2 no name, organisation or email address"
    assert len(notes_in(root)) == 4


def test_progress_bar_on_a_terminal_does_not_disturb_the_report(make_vault, tmp_path, monkeypatch):
    bench = _load_bench()
    vcf = tmp_path / "cards.vcf"
    bench.generate(vcf, 400, seed=1)
    assert vcf.stat().st_size >= 64 * 1024  # the bar is for large files only
    root = make_vault()
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    res = run(root, "import", str(vcf))
    assert res.exit_code == 0, res.output
    assert re.match(r"\d+ new, \d+ merged", res.stdout.splitlines()[-1])
    assert "new       people/" in res.stdout


# ------------------------------------------------------------------------------------------------
# templates
# ------------------------------------------------------------------------------------------------

CUSTOM = ("---\n"
          "type: contact\n"
          "created: {{date}}\n"
          "title: \"{{title}}\"\n"
          "tags:\n"
          "  - person\n"
          "company:\n"
          "met:\n"
          "---\n"
          "# {{name}}\n"
          "\n"
          "## Notes\n"
          "\n"
          "## Log\n")


def test_new_notes_use_the_vaults_template(make_vault, tmp_path):
    root = make_vault({"templates/contact.md": CUSTOM})
    vcf = tmp_path / "c.vcf"
    vcf.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Dana O'Neil\nORG:Hooli\nEMAIL:dana@hooli.example\n"
                   "TEL:555 0199\nNOTE:Second-degree via Bob.\nEND:VCARD\n", encoding="utf-8")
    res = run(root, "import", "--tag", "cards", "--met", "2026-11-01", str(vcf))
    assert res.exit_code == 0, res.output
    text = (root / "people/Dana O'Neil.md").read_text(encoding="utf-8")
    assert text.startswith("---\ntype: contact\ncreated: 2026-11-25\n")
    assert "tags:\n  - person\n  - cards\ncompany: Hooli\nmet: 2026-11-01\n" in text
    assert "# Dana O'Neil\n\n## Notes\nSecond-degree via Bob.\n\n## Log\n" in text
    fm = fm_of(root / "people/Dana O'Neil.md")
    assert fm["name"] == "Dana O'Neil" and fm["phone"] == "555 0199" and fm["title"] == "Dana O'Neil"


def test_a_template_that_cannot_take_a_name_fails_that_note_only(make_vault, tmp_path):
    root = make_vault({"templates/contact.md": "---\ntype: contact\nname: {{name}}\n---\n"})
    f = tmp_path / "c.csv"
    f.write_text("Name,Email\n- Dash,d@x.example\nPlain Name,p@x.example\n", encoding="utf-8")
    dry = run(root, "import", "--dry-run", str(f))
    assert dry.exit_code == 1 and notes_in(root) == []
    assert (f"failed    {f}:2: people/- Dash.md: front matter is not valid YAML (line 3): block sequence entries are "
            "not allowed in this context; 'plainnet check' shows it") in dry.stdout
    res = run(root, "import", str(f))
    assert res.exit_code == 1
    assert report(res)[1] == "1 new, 0 merged, 0 conflicts, 0 skipped, 1 failed: 1 note could not be written"
    assert [p.name for p in notes_in(root)] == ["Plain Name.md"]


def test_fast_and_slow_rendering_agree_on_templates(make_vault, tmp_path):
    """The skeleton renderer gives the bytes of the plain edit calls, or falls back to them."""
    awkward = [
        "Jane Doe", "O'Brien, Pat", "- dash", "yes", "No", "null", "123", "1_000", "+44 20 7946 0000",
        "2026-11-25", "12:30", "a: b", "x #y", "[bracket]", "{brace}", "José García", "名無しの権兵衛",
        "trailing space ", "café & co", "@handle", "%percent", "100%", "Ünïcödé, Ltd.", "a,b", "~", "=",
    ]
    for template in (None, CUSTOM, "---\ntype: contact\naliases: []\nemails: []\n---\n",
                     '---\n{"type": "contact", "tags": []}\n---\n', "---\nname: {{name}}\n---\n{{name}}\n"):
        files = {"templates/contact.md": template} if template else {}
        root = make_vault(files)
        factory = NoteFactory(root, plainnet.open_vault(root, sync=False).config, date(2026, 11, 25))
        compared = 0
        for i, value in enumerate(awkward):
            title = note_title(value) or "x"
            fields = {"name": value, "company": value, "aliases": [value, f"{value} {i}"], "email": f"{i}@x.example",
                      "emails": [value], "met": date(2026, 11, 1), "tags": ["person", value.replace(" ", "")]}
            try:
                slow = factory.render_slow(title, fields, [value])
            except edit.EditError:
                continue
            assert factory.render(title, fields, [value]) == slow, (template, value)
            compared += 1
        # an unquoted {{name}} makes invalid YAML of some names, for `plainnet new` as here
        assert compared >= (len(awkward) // 2 if template and "name: {{name}}" in template else len(awkward))
        if template is None or template == CUSTOM or "aliases: []" in template:
            assert factory.fast and factory.fallbacks == compared  # no fallbacks beyond the reference renders


def test_a_templates_list_is_extended_not_rewritten(make_vault):
    """A card's tags beyond the template's are appended: the template's own lines, comments
    included, stay as written, in the fast renderer and the plain edit calls alike."""
    template = "---\ntype: contact\ntags:\n  - person  # every contact\n---\n"
    root = make_vault({"templates/contact.md": template})
    factory = NoteFactory(root, plainnet.open_vault(root, sync=False).config, date(2026, 11, 25))
    fields = {"tags": ["person", "cards"]}
    want = b"---\ntype: contact\ntags:\n  - person  # every contact\n  - cards\n---\n"
    assert factory.render_slow("Ann", fields, []) == want
    assert factory.render("Ann", fields, []) == want
    # a list that does not start with the template's is written whole
    assert b"  - person  # every contact" not in factory.render_slow("Ann", {"tags": ["cards"]}, [])


def test_a_template_that_names_the_note_inside_a_list_or_mapping_stays_on_the_fast_path(make_vault):
    template = ('---\ntype: contact\naliases:\n  - "{{name}}"\nsource:\n  from: "{{title}} card"\n'
                "tags: [person]\n---\n")
    root = make_vault({"templates/contact.md": template})
    factory = NoteFactory(root, plainnet.open_vault(root, sync=False).config, date(2026, 11, 25))
    fields = {"name": "Ann Lee", "aliases": ["Ann Lee", "Annie"], "email": "ann@x.example", "tags": ["person", "cards"]}
    fast = factory.render("Ann Lee", fields, [])
    assert factory.fast and factory.fallbacks == 0  # its expected front matter named the note too
    assert fast == factory.render_slow("Ann Lee", fields, [])
    assert b'  - "Ann Lee"\n  - Annie\n' in fast and b'from: "Ann Lee card"' in fast


def test_a_template_without_front_matter_gets_the_cards_fields(make_vault):
    root = make_vault({"templates/contact.md": "# {{title}}\n\nMet at:\n"})
    factory = NoteFactory(root, plainnet.open_vault(root, sync=False).config, date(2026, 11, 25))
    assert not factory.fast and factory.base_fm("Ann") == {}
    got = factory.render("Ann", {"name": "Ann", "email": "ann@x.example"}, [])
    assert got == b"---\nname: Ann\nemail: ann@x.example\n---\n# Ann\n\nMet at:\n"


def test_a_template_list_written_as_an_alias_fails_only_the_cards_that_extend_it(make_vault):
    root = make_vault({"templates/contact.md": "---\ntype: contact\nbase: &b [person]\ntags: *b\n---\n"})
    factory = NoteFactory(root, plainnet.open_vault(root, sync=False).config, date(2026, 11, 25))
    for _ in range(2):  # the second time from the remembered skeleton
        with pytest.raises(edit.EditError, match="alias"):
            factory.render("Ann", {"tags": ["person", "cards"]}, [])
    plain = {"name": "Bo", "email": "bo@x.example"}
    assert factory.render("Bo", plain, []) == factory.render_slow("Bo", plain, [])
    assert factory.render("Bo", plain, []).endswith(b"tags: *b\nname: Bo\nemail: bo@x.example\n---\n")


def test_a_value_no_yaml_can_hold_fails_that_card_with_the_edits_message(make_vault):
    root = make_vault()
    factory = NoteFactory(root, plainnet.open_vault(root, sync=False).config, date(2026, 11, 25))
    good = factory.render("Ann", {"name": "Ann", "company": "Acme"}, [])  # the same shape, remembered
    assert b"company: Acme" in good
    with pytest.raises(edit.EditError, match="surrogate"):
        factory.render("Ann", {"name": "Ann", "company": "bad \ud800 half"}, [])


def test_fast_plain_is_a_subset_of_what_edit_writes_plain():
    hypothesis = pytest.importorskip("hypothesis")
    from hypothesis import strategies as st

    alphabet = st.sampled_from(list("aZé名 .,'@&()+/-_:#0123456789!%[]{}~\"\t"))

    @hypothesis.settings(max_examples=400, deadline=None)
    @hypothesis.given(st.text(alphabet, min_size=1, max_size=12), st.booleans())
    def check(s, flow):
        if fast_plain(s, flow):
            assert edit.render_scalar(s, flow=flow) == s

    check()
    for s in ("Jane", "yes", "On", "+1 555", "1 2", "(555) 010", "x y ", "a,b"):
        if fast_plain(s) or fast_plain(s, True):
            assert edit.render_scalar(s, flow=fast_plain(s, True)) == s


# ------------------------------------------------------------------------------------------------
# export
# ------------------------------------------------------------------------------------------------


def _contacts(root: Path) -> dict:
    out = {}
    with plainnet.open_vault(root, today=date(2026, 11, 25)) as vault:
        for n in vault.notes("contact", with_front_matter=True):
            fm = n.front_matter

            def items(*keys):
                vals = []
                for k in keys:
                    v = fm.get(k)
                    vals += v if isinstance(v, list) else ([v] if v else [])
                return [str(x) for x in vals]

            name = fm.get("name") or n.title
            out[name] = {"emails": items("email", "emails"), "phones": items("phone", "phones"),
                         "company": fm.get("company") or "", "role": fm.get("role") or "",
                         "aliases": items("aliases"), "addresses": items("address", "addresses")}
    return out


def test_export_then_import_into_an_empty_vault_gives_the_same_contacts(corpus_vault, make_vault, tmp_path):
    src = corpus_vault["root"]
    out = tmp_path / "out.vcf"
    res = run(src, "export", "vcf", str(out))
    assert res.exit_code == 0, res.output
    n = len(notes_in(src))
    assert res.stdout.strip() == f"exported {n} contacts to {out}"
    data = out.read_bytes()
    assert data.count(b"BEGIN:VCARD\r\n") == n and b"VERSION:4.0\r\n" in data
    assert b"\n" not in data.replace(b"\r\n", b"")
    root = make_vault()
    res = run(root, "import", str(out))
    assert res.exit_code == 0, res.output
    assert report(res)[1].startswith(f"{n} new, 0 merged, 0 conflicts, 0 skipped")
    assert _contacts(root) == _contacts(src)
    # and exporting again gives the same bytes (stable UIDs, nothing time-dependent)
    again = tmp_path / "again.vcf"
    assert run(root, "export", "vcf", str(again)).exit_code == 0
    assert again.read_bytes() == data


def test_export_by_tag_and_to_stdout(make_vault):
    root = make_vault({"people/A.md": "---\ntags: [cards]\nemail: a@x.example\ncompany: Acme\n---\n",
                       "people/B.md": "---\ntags: [other]\n---\n",
                       "people/C.md": "---\ntags: [cards/2026]\nphone: '0123'\n---\n"})
    res = run(root, "export", "vcf", "--tag", "cards", "-")
    assert res.exit_code == 0, res.output
    out = res.stdout_bytes
    assert out.count(b"BEGIN:VCARD\r\n") == 2 and b"FN:A\r\n" in out and b"FN:C\r\n" in out
    assert b"ORG:Acme\r\n" in out and b"TEL;VALUE=text;PREF=1:0123\r\n" in out
    assert "exported 2 contacts" in res.stderr


# ------------------------------------------------------------------------------------------------
# scale
# ------------------------------------------------------------------------------------------------


def _load_bench():
    spec = importlib.util.spec_from_file_location("plainnet_import_bench", REPO / "benchmarks" / "import_bench.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_generated_stack_imports_once_and_is_idempotent(make_vault, tmp_path):
    """benchmarks/import_bench.py's generator at N=600 (timings are the benchmark's business)."""
    bench = _load_bench()
    vcf = tmp_path / "cards.vcf"
    bench.generate(vcf, 600, seed=0)
    assert vcf.read_bytes().count(b"BEGIN:VCARD") == 600
    root = make_vault()
    res = run(root, "import", "--tag", "bench", str(vcf))
    assert res.exit_code == 0, res.output
    lines, summary = report(res)
    kinds = Counter(ln.split()[0] for ln in lines)
    assert sum(kinds.values()) == 600 and kinds["skipped"] == 0 and kinds["merged"] > 0
    assert kinds["new"] == len(notes_in(root))
    before = tree_hashes(root)
    again = run(root, "import", "--tag", "bench", str(vcf))
    assert report(again)[1].startswith("0 new, 0 merged, 600 unchanged")
    assert tree_hashes(root) == before


# ------------------------------------------------------------------------------------------------
# without the corpora: export, the dry-run rendering and the summary's reasons
# ------------------------------------------------------------------------------------------------


def test_export_takes_only_contacts_and_names_a_note_without_front_matter_by_its_title(make_vault):
    root = make_vault({"people/Ann.md": "---\nname: Ann Example\nemail: ann@x.example\n---\n",
                       "people/Bare.md": "just text about someone\n",
                       "events/2026-11-20 Meetup.md": "---\ntype: event\ndate: 2026-11-20\nname: Meetup\n---\n"})
    res = run(root, "export", "vcf", "-")
    assert res.exit_code == 0, res.output
    out = res.stdout_bytes
    assert out.count(b"BEGIN:VCARD\r\n") == 2
    assert b"FN:Ann Example\r\n" in out and b"FN:Bare\r\n" in out and b"Meetup" not in out
    assert "exported 2 contacts" in res.stderr


def test_the_dry_run_rendering_is_what_the_import_writes(make_vault, tmp_path):
    root = make_vault({"templates/contact.md": "---\ntype: contact\ncreated: {{today}}\n---\n# {{name}}\n"})
    vcf = tmp_path / "c.vcf"
    vcf.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Ann Example\nEMAIL:ann@x.example\nTITLE:CTO\nNOTE:Met at the fair.\n"
                   "END:VCARD\nBEGIN:VCARD\nVERSION:3.0\nFN:Bob New\nTEL:+1 555 0100\nEND:VCARD\n", encoding="utf-8")
    with plainnet.open_vault(root, today=date(2026, 11, 25)) as vault:
        plan = plan_import(vault, [str(vcf)], tag="cards", met="2026-11-03")
        rendered = render_new_notes(plan)
        apply_import(plan)
    assert sorted(rendered) == ["people/Ann Example.md", "people/Bob New.md"]
    for path, data in rendered.items():
        assert (root / path).read_bytes() == data
    ann = rendered["people/Ann Example.md"].decode()
    assert "created: 2026-11-25\n" in ann and "# Ann Example\n" in ann and "Met at the fair." in ann


def test_a_card_that_cannot_be_merged_is_counted_by_its_reason(make_vault, tmp_path):
    root = make_vault({"people/Ann Example.md": "---\ntype: contact\nemail: ann@x.example\ncreated: {{date}}\n---\n"})
    vcf, res = import_cards(
        root, tmp_path,
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Example\nEMAIL:ann@x.example\nTITLE:CTO\nEND:VCARD\n")
    assert (f"skipped   {vcf}:1: cannot merge into people/Ann Example.md: its front matter cannot be read "
            f"(see 'plainnet check'); not merged") in res.stdout
    assert report(res)[1] == "0 new, 0 merged, 0 conflicts, 1 skipped: 1 note could not be merged"


def test_a_field_that_is_not_a_list_is_kept_and_each_other_card_value_reported(make_vault, tmp_path):
    note = '---\ntype: contact\nlinks: https://a.example\ncompany: Acme "Labs"\n---\n'
    root = make_vault({"people/Bob Stone.md": note})
    _, res = import_cards(
        root, tmp_path,
        "BEGIN:VCARD\nVERSION:3.0\nFN:Bob Stone\nURL:https://A.example\nURL:https://b.example\nORG:Other\n"
        "END:VCARD\n")
    assert res.stdout.splitlines()[1:3] == [
        '  ! kept "Acme \\"Labs\\"" in company, card says "Other"',
        '  ! kept "https://a.example" in links (not a list), card also has "https://b.example"',
    ]  # the same link in another case is no conflict
    assert report(res)[1] == "0 new, 0 merged, 1 unchanged, 2 conflicts, 0 skipped"
    assert (root / "people/Bob Stone.md").read_text(encoding="utf-8") == note


def test_two_cards_for_one_existing_contact_both_reach_the_note(make_vault, tmp_path):
    root = make_vault({"people/Lena Fischer.md": "---\ntype: contact\nemail: lena@x.example\n---\nBody.\n"})
    _, res = import_cards(
        root, tmp_path,
        "BEGIN:VCARD\nVERSION:3.0\nFN:Lena Fischer\nEMAIL:lena@x.example\nTITLE:CTO\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Lena Fischer\nTEL:+49 30 1234\nEND:VCARD\n", name="two.vcf")
    assert report(res)[1] == "0 new, 2 merged, 0 conflicts, 0 skipped"
    assert (root / "people/Lena Fischer.md").read_text(encoding="utf-8") == (
        "---\ntype: contact\nemail: lena@x.example\nrole: CTO\nphone: +49 30 1234\n---\nBody.\n")


def test_links_already_there_are_skipped_and_the_others_added_once(make_vault, tmp_path):
    root = make_vault({"people/Bob Stone.md": "---\ntype: contact\nlinks:\n  - https://a.example\n---\n"})
    _, res = import_cards(
        root, tmp_path,
        "BEGIN:VCARD\nVERSION:3.0\nFN:Bob Stone\nURL:https://A.example\nURL:https://b.example\n"
        "URL:https://B.EXAMPLE\nURL:https://c.example\nEND:VCARD\n")
    assert "  + links: + https://b.example\n  + links: + https://c.example\n" in res.stdout
    assert fm_of(root / "people/Bob Stone.md")["links"] == ["https://a.example", "https://b.example", "https://c.example"]


def test_phone_numbers_without_digits_are_compared_as_text(make_vault, tmp_path):
    root = make_vault({"people/Bob Stone.md": "---\ntype: contact\nphone: ask at the desk\n---\n"})
    _, res = import_cards(
        root, tmp_path,
        "BEGIN:VCARD\nVERSION:3.0\nFN:Bob Stone\nTEL:via the office\nTEL:Ask  at the DESK\nEND:VCARD\n")
    fm = fm_of(root / "people/Bob Stone.md")
    assert fm["phone"] == "ask at the desk" and fm["phones"] == ["via the office"]


def test_a_card_note_keeps_its_indentation_and_ends_lines_the_unix_way():
    from plainnet.cards.importing import note_block

    assert note_block("first\r\n  indented  \rlast\n\n") == "first\n  indented\nlast"


def test_the_summary_counts_cards_without_identity_as_one_reason_whatever_their_phone(make_vault, tmp_path):
    vcf, res = import_cards(
        make_vault(), tmp_path,
        "BEGIN:VCARD\nVERSION:3.0\nTEL:+1 (555) 0100\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nTEL:+1 555 0101\nEND:VCARD\n")
    assert f"skipped   {vcf}:1: no name, organisation or email address (only phone +1 (555) 0100)" in res.stdout
    assert report(res)[1] == "0 new, 0 merged, 0 conflicts, 2 skipped: 2 no name, organisation or email address"


def test_rendered_values_are_remembered_as_computed(monkeypatch):
    from plainnet.cards import importing

    memo = {}
    monkeypatch.setattr(importing, "_RENDERED", memo)  # start from an empty memo
    for value, flow, text in [("yes", False, '"yes"'), ("Acme, Inc", True, '"Acme, Inc"'), ("2026-01-02", False, '"2026-01-02"')]:
        assert importing._render_value(value, flow) == text
        assert memo[(value, flow)] == text
        assert importing._render_value(value, flow) == text


# ------------------------------------------------------------------------------------------------
# one card merged into a note's front matter: merge_card is pure, so each rule is checked on data
# ------------------------------------------------------------------------------------------------


def merged(fm, card, *, title="Ann Lee", body="", tag=None, first=False):
    from plainnet.cards.importing import merge_card

    before = json.dumps(fm, default=str, sort_keys=True)
    ops, changes, conflicts = merge_card(fm, title, body, card, tag=tag, first=first)
    assert json.dumps(fm, default=str, sort_keys=True) == before  # the note's values are only read
    return [(o.kind, o.key, o.value) for o in ops], changes, conflicts


def card(name="Ann Lee", **kw):
    from plainnet.cards.formats.model import Card

    return Card(name=name, **kw)


def test_a_new_note_takes_the_cards_name_unless_it_already_has_it():
    assert merged({"name": "Ann Lee"}, card(), first=True) == ([], [], [])
    assert merged({}, card(), first=True)[0] == [("set", "name", "Ann Lee")]


def test_an_old_note_keeps_its_name_and_says_so_when_the_card_differs():
    fm = {"name": "Ann Lee", "aliases": ["Annie"]}
    for same in ("Ann Lee", "ANN LEE", "annie", "Lee, Ann"):  # its name, any case, an alias, the title
        assert merged(fm, card(same), title="Lee, Ann") == ([], [], []), same
    ops, _, conflicts = merged(fm, card("Ann Smith"), title="Lee, Ann")
    assert ops == [] and conflicts == ['kept "Ann Lee" as the name, card says "Ann Smith"']
    # no name: the title is the name it keeps
    assert merged({}, card("Ann Smith"))[2] == ['kept "Ann Lee" as the name, card says "Ann Smith"']
    assert merged({"aliases": "Annie"}, card("Annie"))[2] == []  # one alias written without a list


def test_a_cards_nicknames_are_added_unless_they_are_a_name_already():
    fm = {"name": "Ann Lee", "aliases": ["Annie"]}
    got = merged(fm, card("Ann L.", aliases=["annie", "Lee, Ann", "Nan", "ann l.", "ANN LEE"]),
                 title="Lee, Ann")
    assert got[0] == [("append", "aliases", "Nan")] and got[1] == ["aliases: + Nan"]
    # aliases written as one word: kept, and said
    _, _, conflicts = merged({"aliases": "Annie"}, card(aliases=["Nan"]))
    assert conflicts[-1] == 'kept "Annie" in aliases (not a list), card also has "Nan"'


def test_empty_values_of_every_shape_are_filled():
    for empty in (None, "", "  ", [], {}):
        ops, changes, conflicts = merged({"company": empty}, card(company="Acme"))
        assert (ops, changes, conflicts) == ([("set", "company", "Acme")], ["company: Acme"], []), empty
    assert merged({"company": "Initech"}, card(company="Acme"))[0] == []


def test_addresses_are_compared_as_addresses_and_go_where_the_note_keeps_them():
    c = card(emails=["ann@x.example", "ann@work.example", "ANN@X.EXAMPLE"])
    # the first address is already there, written another way: the other goes to emails
    ops, changes, _ = merged({"email": "<Ann@X.example>"}, c)
    assert ops == [("append", "emails", "ann@work.example")] and changes == ["emails: + ann@work.example"]
    assert merged({"email": "<xena@x.example>"}, card(emails=["Xena@X.example"]))[0] == []
    # an address already in the emails list counts too
    assert merged({"email": "ann@x.example", "emails": ["ann@work.example"]}, c)[0] == []
    assert merged({"emails": ["ANN@work.example"]}, c)[0] == [("set", "email", "ann@x.example")]
    # an email: written as a list takes the others itself
    ops, _, _ = merged({"email": ["ann@x.example", "old@x.example"]}, c)
    assert ops == [("append", "email", "ann@work.example")]
    # emails: written as one address: kept, and said
    ops, _, conflicts = merged({"email": "ann@x.example", "emails": "old@x.example"}, c)
    assert ops == [] and conflicts == ['kept "old@x.example" in emails (not a list), card also has "ann@work.example"']
    # no address yet: the first is the email, the rest the list
    ops, changes, _ = merged({}, c)
    assert ops == [("set", "email", "ann@x.example"), ("append", "emails", "ann@work.example")]
    assert changes == ["email: ann@x.example", "emails: + ann@work.example"]


def test_dates_become_dates_only_when_they_are_real_iso_dates():
    from datetime import date as d

    ops = dict(((k, v) for _, k, v in merged({}, card(birthday="1990-05-01", connected_on="2024-01-15"))[0]))
    assert ops["birthday"] == d(1990, 5, 1) and ops["connected_on"] == d(2024, 1, 15)
    for text in ("--05-01", "1990-02-30", "May 1990", "1990-5-1"):
        assert dict((k, v) for _, k, v in merged({}, card(birthday=text))[0])["birthday"] == text


def test_the_report_says_each_cards_fate_and_sums_up_the_reasons():
    from plainnet.cards.importing import ImportPlan, Outcome

    outcomes = [
        Outcome("a.vcf", 1, "Ann", "unchanged", path="people/Ann.md", matched_by="email ann@x.example"),
        Outcome("a.vcf", 9, "", "skipped", why="vCard skipped: no name, organisation or email address"),
        Outcome("b.csv", 2, "Bo", "skipped", why="matches people/Bo.md and people/Bo 2.md"),
        Outcome("b.csv", 3, "", "skipped", why="row skipped: no name, organisation or email address (only NOTE)"),
        Outcome("b.csv", 4, "Cy", "skipped", why="matches people/Cy.md and people/Cy 2.md"),
        Outcome("b.csv", 5, "Di", "skipped", why="cannot merge into people/Di.md: it changed"),
        Outcome("b.csv", 6, "Ed", "failed", why="people/Ed.md: Permission denied"),
        Outcome("c.vcf", 7, "", "skipped", why="vCard skipped: unreadable line: BEGIN:VCALENDAR"),
    ]
    plan = ImportPlan(None, [], outcomes, {}, None, None, "people")
    assert plan.lines()[0] == "unchanged people/Ann.md  (a.vcf:1, by email ann@x.example)"
    # the commonest reason first, then by name
    assert plan.skipped_reasons() == [("ambiguous match", 2), ("no name, organisation or email address", 2),
                                      ("note could not be merged", 1), ("note could not be written", 1),
                                      ("unreadable line: BEGIN:VCALENDAR", 1)]
    assert plan.summary() == ("0 new, 0 merged, 1 unchanged, 0 conflicts, 6 skipped, 1 failed: 2 ambiguous match; "
                              "2 no name, organisation or email address; 1 note could not be merged; "
                              "1 note could not be written; 1 unreadable line: BEGIN:VCALENDAR")


def test_which_values_the_fast_renderer_writes_as_they_are():
    from plainnet.cards.importing import fast_plain

    assert fast_plain("Jane") and fast_plain("Jane Doe") and fast_plain("Jane", True)
    assert fast_plain("a,b") and not fast_plain("a,b", True)  # a comma ends a flow item
    for s in ("", "yes", "No", "x ", "- dash", "a: b", "[x]"):
        assert not fast_plain(s) and not fast_plain(s, True), s


def test_tags_are_added_once_in_any_spelling_and_a_tags_word_is_kept():
    ops, changes, conflicts = merged({"tags": ["person", "#Cards"]}, card(), tag=("cards", "leeds", "LEEDS"))
    assert ops == [("append", "tags", "leeds")] and changes == ["tags: + leeds"] and conflicts == []
    assert merged({}, card(), tag="cards")[0] == [("append", "tags", "cards")]
    assert merged({"tags": "#cards"}, card(), tag="cards") == ([], [], [])
    _, _, conflicts = merged({"tags": "friends"}, card(), tag="cards")
    assert conflicts == ["kept \"friends\" in tags (not a list), so the tag 'cards' was not added"]


def test_a_cards_note_is_added_under_notes_once_and_summed_up_in_one_line():
    ops, changes, _ = merged({}, card(note="Met at the Leeds fintech meetup"))
    assert [k for k, _, _ in ops] == ["note"] and changes == ["note: Met at the Leeds fintech meetup"]
    ops, changes, _ = merged({}, card(note="First line\nsecond line"))
    assert changes == ["note: First line..."]
    long = "x" * 61
    assert merged({}, card(note=long))[1] == [f"note: {'x' * 60}..."]
    assert merged({}, card(note="x" * 60))[1] == [f"note: {'x' * 60}"]
    # already in the body, however it was wrapped
    assert merged({}, card(note="Met at the Leeds\nfintech meetup"),
                  body="## Notes\nMet at the Leeds fintech\nmeetup\n")[0] == []


def test_a_birthday_or_connection_date_fills_a_gap_and_never_overwrites():
    from datetime import date as d

    c = card(birthday="1990-05-01", connected_on="2024-01-15")
    ops, changes, _ = merged({}, c)
    assert ("set", "birthday", d(1990, 5, 1)) in ops and "birthday: 1990-05-01" in changes
    assert "connected_on: 2024-01-15" in changes
    ops, _, conflicts = merged({"birthday": d(1990, 5, 2), "connected_on": d(2024, 1, 15)}, c)
    assert ops == [] and conflicts == ['kept "1990-05-02" in birthday, card says "1990-05-01"']


def test_links_are_compared_without_case_or_spaces():
    c = card(urls=["https://Example.com/ann ", "https://ann.example"])
    ops, _, _ = merged({"links": ["https://example.com/ann"]}, c)
    assert ops == [("append", "links", "https://ann.example")]


# ------------------------------------------------------------------------------------------------
# planning: which note each card goes to (nothing written)
# ------------------------------------------------------------------------------------------------


def vcard(name, *lines):
    return "BEGIN:VCARD\r\nVERSION:3.0\r\n" + (f"FN:{name}\r\n" if name else "") + "".join(
        f"{ln}\r\n" for ln in lines) + "END:VCARD\r\n"


def planned(make_vault, tmp_path, notes, *cards, tag=None):
    from plainnet.cards.importing import plan_import

    root = make_vault(notes)
    f = tmp_path / "cards.vcf"
    f.write_text("".join(cards), encoding="utf-8")
    with plainnet.open_vault(root, today=date(2026, 11, 25)) as vault:
        plan = plan_import(vault, [str(f)], tag=tag)
    return [(o.action, o.path, o.matched_by, o.why.replace(str(f), "F")) for o in plan.outcomes], plan


ANN_NOTE = "---\ntype: contact\nname: Ann Lee\nemail: ann@x.example\n---\n"


def test_a_card_matches_by_any_of_its_addresses(make_vault, tmp_path):
    got, _ = planned(make_vault, tmp_path, {"people/Ann Lee.md": ANN_NOTE},
                     vcard("A. Lee", "EMAIL:ann@x.example", "EMAIL:new@x.example"))
    assert got == [("merged", "people/Ann Lee.md", "email", "")]


def test_a_name_two_contacts_share_is_not_guessed(make_vault, tmp_path):
    sam = "---\ntype: contact\n---\n"
    got, _ = planned(make_vault, tmp_path, {"people/Sam Roe.md": sam, "work/Sam Roe.md": sam}, vcard("Sam Roe"))
    assert got == [("skipped", "", "", "matches 2 contacts by name (people/Sam Roe.md, work/Sam Roe.md); "
                                       "merge them first")]


def test_later_cards_find_the_names_and_nicknames_earlier_cards_gave(make_vault, tmp_path):
    got, plan = planned(make_vault, tmp_path, {"people/Ann Lee.md": ANN_NOTE},
                        vcard("Annie", "EMAIL:ann@x.example", "NICKNAME:Nan"),
                        vcard("Annie"), vcard("Nan"), vcard("Ann Lee"), tag="cards")
    assert got == [("merged", "people/Ann Lee.md", "email", ""), ("unchanged", "people/Ann Lee.md", "name", ""),
                   ("unchanged", "people/Ann Lee.md", "name", ""), ("unchanged", "people/Ann Lee.md", "name", "")]
    assert "tags: + cards" in plan.outcomes[0].changes and "aliases: + Nan" in plan.outcomes[0].changes


def test_a_card_with_only_an_address_is_named_after_it(make_vault, tmp_path):
    got, _ = planned(make_vault, tmp_path, {}, vcard("", "EMAIL:ann@x.example"), vcard("???", "EMAIL:bo@x.example"))
    assert [p for _, p, _, _ in got] == ["people/ann@x.example.md", "people/bo@x.example.md"]


def test_a_tag_alone_is_a_change(make_vault, tmp_path):
    got, plan = planned(make_vault, tmp_path, {"people/Ann Lee.md": ANN_NOTE}, vcard("Ann Lee", "EMAIL:ann@x.example"),
                        tag="cards")
    assert got == [("merged", "people/Ann Lee.md", "email", "")] and plan.outcomes[0].changes == ["tags: + cards"]


def test_one_persons_notes_from_several_cards_are_each_kept_once(make_vault, tmp_path):
    _, plan = planned(make_vault, tmp_path, {}, vcard("Ann Lee", "NOTE:Met at the meetup"),
                      vcard("Ann Lee", "NOTE:Likes sailing"), vcard("Ann Lee", "NOTE:Met at the meetup"))
    (target,) = plan.targets.values()
    assert target.notes == ["Met at the meetup", "\nLikes sailing"]
    assert target.body.count("Met at the meetup") == 1


def test_met_names_an_event_by_title_alias_path_or_link(make_vault):
    from plainnet.cards.importing import resolve_met

    ev = "---\ntype: event\ndate: 2026-11-20\n---\n"
    root = make_vault({"events/Leeds Meetup.md": "---\ntype: event\naliases: [LM]\n---\n",
                       "events/Lunch.md": ev, "old/Lunch.md": ev, "people/Ann.md": "---\ntype: contact\n---\n",
                       "misc/Idea.md": "just text\n"})
    with plainnet.open_vault(root, today=date(2026, 11, 25)) as v:
        assert resolve_met(v, None) == resolve_met(v, "  ") == date(2026, 11, 25)
        assert resolve_met(v, " 2026-11-02 ") == date(2026, 11, 2)
        for text in ("Leeds Meetup", "[[Leeds Meetup]]", "[[Leeds Meetup|the meetup]]", "LM", " leeds meetup ",
                     "Leeds Meetup|x|y"):
            assert resolve_met(v, text) == "[[Leeds Meetup]]", text
        assert resolve_met(v, "old/Lunch") == "[[old/Lunch]]"  # its title alone names two notes
        problems = {}
        for text in ("Lunch", "Leeds Meetp", "Zzzz", "Ann", "Idea", "[[LMxx"):
            with pytest.raises(edit.EditError) as exc:
                resolve_met(v, text)
            problems[text] = str(exc.value)
    assert problems["Lunch"] == "--met 'Lunch' could mean several notes: events/Lunch.md, old/Lunch.md"
    assert problems["Leeds Meetp"].startswith("--met 'Leeds Meetp': no event note by that name (did you mean: ")
    assert problems["Zzzz"] == ("--met 'Zzzz': no event note by that name; give a date (YYYY-MM-DD) or create "
                                "the event first (plainnet new event ...)")
    assert problems["Ann"] == "--met 'Ann' is people/Ann.md, a contact note, not an event"
    assert problems["Idea"] == "--met 'Idea' is misc/Idea.md, a plain note, not an event"
    assert problems["[[LMxx"].startswith("--met '[[LMxx': no event note by that name")  # half a link is no link


def test_writing_an_import_counts_as_it_goes_and_says_what_it_could_not_write(make_vault, tmp_path, monkeypatch):
    from plainnet.cards.importing import apply_import, plan_import

    root = make_vault({"people/Ann Lee.md": ANN_NOTE})
    rows = "".join(f"Person {i:03d},p{i}@x.example,\n" for i in range(147))
    f = tmp_path / "c.csv"
    f.write_text("Name,Email,Company\n" + rows + "Broken,b@x.example,\nFull,f@x.example,\n"
                 "Ann Lee,ann@x.example,Acme\nReadonly,r@x.example,\n", encoding="utf-8")
    real = edit.create_new

    def create_new(path, data, *a, **kw):
        if path.name == "Full.md":
            raise OSError(28, "No space left on device")
        if path.name == "Readonly.md":  # the write path's own refusal names the file itself
            raise edit.WriteError(path, OSError(30, "Read-only file system"))
        return real(path, data, *a, **kw)

    monkeypatch.setattr(edit, "create_new", create_new)
    calls = []
    with plainnet.open_vault(root, today=date(2026, 11, 25)) as vault:
        plan = plan_import(vault, [str(f)])
        # the dry run renders every note and writes nothing
        dry = apply_import(plan_import(vault, [str(f)]), progress=lambda *a: calls.append(a), dry_run=True)
        assert calls == [("checking", 100, 151), ("checking", 151, 151)] and dry.dry_run is True
        one = tmp_path / "one.csv"
        one.write_text("Name,Email\nSolo,solo@x.example\n", encoding="utf-8")
        calls.clear()
        apply_import(plan_import(vault, [str(one)]), progress=lambda *a: calls.append(a), dry_run=True)
        assert calls == [("checking", 1, 1)]
        assert not (root / "people/Person 000.md").exists()
        calls.clear()
        # meanwhile, another program edits Ann and makes a folder where Broken's note would go
        (root / "people/Ann Lee.md").write_text(ANN_NOTE + "Changed meanwhile.\n", encoding="utf-8")
        (root / "people/Broken.md").mkdir()
        apply_import(plan, progress=lambda *a: calls.append(a))
    assert calls == [("writing", 100, 151), ("writing", 151, 151)]
    assert plan.written == 147 and plan.dry_run is False
    assert sorted(plan.cannot_write) == [f"cannot write {root / 'people/Readonly.md'}: Read-only file system",
                                         "cannot write people/Full.md: No space left on device"]
    failed = {o.name: o.why for o in plan.outcomes if o.action == "failed"}
    assert set(failed) == {"Broken", "Full", "Ann Lee", "Readonly"}
    assert failed["Readonly"] == f"people/Readonly.md: cannot write {root / 'people/Readonly.md'}: Read-only file system"
    assert failed["Broken"].startswith("people/Broken.md: ") and failed["Broken"].endswith(
        "already exists; plainnet will not overwrite it")
    assert failed["Full"] == "people/Full.md: [Errno 28] No space left on device"
    assert failed["Ann Lee"].startswith("people/Ann Lee.md: ") and "changed on disk" in failed["Ann Lee"]
    assert plan.targets["people/Ann Lee.md"].error == failed["Ann Lee"][len("people/Ann Lee.md: "):]


def test_met_suggests_at_most_five_near_names(make_vault):
    from plainnet.cards.importing import resolve_met

    names = ["Leeds Meetup", "Leeds Meetups", "Leeds Meeting", "Leeds Meet", "Leeds Meat", "Leeds Meetup 2",
             "Leeds Meetup 3"]
    root = make_vault({f"events/{n}.md": "---\ntype: event\n---\n" for n in names})
    with plainnet.open_vault(root, today=date(2026, 11, 25)) as v, pytest.raises(edit.EditError) as exc:
        resolve_met(v, "Leeds Meetp")
    near = str(exc.value).split("(did you mean: ", 1)[1].split(")", 1)[0].split(", ")
    assert len(near) == 5 and set(near) <= set(names) and "Leeds Meetup" in near


def test_tags_lose_their_leading_hashes_and_a_tag_with_a_space_is_refused(make_vault, tmp_path):
    root = make_vault({})
    f = tmp_path / "c.vcf"
    f.write_text(vcard("Ann Lee"), encoding="utf-8")
    with plainnet.open_vault(root, today=date(2026, 11, 25)) as v:
        assert plan_import(v, [str(f)], tag=[" ##cards ", "c#", "Xmas"]).tag == ("cards", "c#", "Xmas")
        assert plan_import(v, [str(f)], tag="#x").tag == ("x",) and plan_import(v, [str(f)]).tag is None
        for bad, shown in (("", "''"), (" # ", "''"), ("two words", "'two words'"), ("#a\tb", "'a\\tb'")):
            with pytest.raises(edit.EditError) as exc:
                plan_import(v, [str(f)], tag=["ok", bad])
            assert str(exc.value) == f"--tag {shown}: a tag is one word (letters, digits, - _ /), no spaces"


def test_planning_says_what_it_reads_and_matches_and_keeps_each_row_in_its_place(make_vault, tmp_path):
    root = make_vault({})
    rows = [f"Person {i:03d},p{i}@x.example,\n" for i in range(201)]
    rows.insert(1, ",,555 0100\n")  # line 3: a row with only a phone is a problem, between two cards
    f = tmp_path / "c.csv"
    f.write_text("Name,Email,Phone\n" + "".join(rows), encoding="utf-8")
    calls = []
    with plainnet.open_vault(root, today=date(2026, 11, 25)) as v:
        plan = plan_import(v, [str(f)], progress=lambda *a: calls.append(a))
    assert calls == [("reading c.csv", 0, 1), ("reading c.csv", 1, 1), ("matching", 200, 201), ("matching", 201, 201)]
    assert plan.files == [(str(f), "csv", 202)]  # cards and problems
    assert [o.line for o in plan.outcomes] == list(range(2, 204))
    problem = plan.outcomes[1]
    assert (problem.action, problem.name, problem.path, problem.line) == ("skipped", "", "", 3)
    assert problem.why == "row skipped: no name, organisation or email address (only phone 555 0100)"
    new = [o for o in plan.outcomes if o.action == "new"]
    assert len(new) == 201 and {o.matched_by for o in new} == {""}
    one = tmp_path / "one.csv"
    one.write_text("Name,Email\nSolo,solo@x.example\n", encoding="utf-8")
    calls.clear()
    with plainnet.open_vault(root, today=date(2026, 11, 25)) as v:
        plan_import(v, [str(one)], progress=lambda *a: calls.append(a))
    assert calls == [("reading one.csv", 0, 1), ("reading one.csv", 1, 1), ("matching", 1, 1)]


def test_notes_written_moments_ago_are_let_settle_before_the_import_reads_them(make_vault, tmp_path, monkeypatch):
    """Only notes changed within the last SETTLE_SECONDS + 1 s are waited for (the clock is held still)."""
    import os
    import time

    notes = {name: "---\ntype: contact\n---\n" for name in ("Now", "Edge", "Before", "Old")}
    root = make_vault({f"people/{n}.md": t for n, t in notes.items()})
    now = time.time()
    ago = {"Now": 0, "Edge": edit.SETTLE_SECONDS + 0.5, "Before": edit.SETTLE_SECONDS + 1.5, "Old": 3600}
    for name, secs in ago.items():
        ns = int((now - secs) * 1e9)
        os.utime(root / f"people/{name}.md", ns=(ns, ns))
    f = tmp_path / "c.vcf"
    f.write_text(vcard("Ann Lee"), encoding="utf-8")
    settled = []
    monkeypatch.setattr(edit, "settle_many", lambda paths: settled.extend(paths))
    with plainnet.open_vault(root, today=date(2026, 11, 25)) as v:
        monkeypatch.setattr(time, "time", lambda: now)
        plan_import(v, [str(f)])
        monkeypatch.undo()
    assert sorted(p.relative_to(root).as_posix() for p in settled) == ["people/Edge.md", "people/Now.md"]


def test_a_date_for_met_is_taken_as_it_is_and_wins_over_linkedins_connected_on(make_vault, tmp_path):

    root = make_vault({})
    linkedin = str(IMPORTERS / "linkedin-Connections.csv")
    with plainnet.open_vault(root, today=date(2026, 11, 25)) as v:
        given = plan_import(v, [linkedin], met=date(2026, 1, 2))
        default = plan_import(v, [linkedin])
    assert given.met == date(2026, 1, 2) and given.met_given and not default.met_given
    jose = "people/José García.md"
    assert given.targets[jose].fields["met"] == date(2026, 1, 2)
    assert default.targets[jose].fields["met"] == date(2022, 2, 7)
    # a LinkedIn export is your whole address book: its new contacts wait for triage, unless --met
    # says where you just met them
    assert default.targets[jose].fields["triage"] == "pending" and "triage" not in given.targets[jose].fields


def test_contacts_kept_at_the_vaults_top_say_they_are_contacts(make_vault, tmp_path):
    """Without a contacts folder the type must be written: only `people/` makes a note a contact."""
    cards = tmp_path / "c.vcf"
    cards.write_text(vcard("Ann Lee", "EMAIL:ann@x.example"), encoding="utf-8")
    top = make_vault({"templates/contact.md": "---\nname: {{title}}\n---\n"}, toml='[folders]\n"/" = "contact"\n')
    res = run(top, "import", str(cards))
    assert res.exit_code == 0, res.output
    assert (top / "Ann Lee.md").read_text(encoding="utf-8").startswith("---\nname: Ann Lee\n")
    assert fm_of(top / "Ann Lee.md")["type"] == "contact"
    assert json.loads(run(top, "show", "Ann Lee", "--json").stdout)["type"] == "contact"
    (top / "plainnet.toml").write_text("", encoding="utf-8")
    cards.write_text(vcard("Bo Ray"), encoding="utf-8")
    res = run(top, "import", str(cards))
    assert res.exit_code == 0, res.output
    assert "type" not in fm_of(top / "people/Bo Ray.md")  # people/ says it


def test_two_names_that_make_one_file_name_get_two_notes(make_vault, tmp_path):
    long = "Å" * 100  # 200 bytes: the longest title there is
    got, plan = planned(make_vault, tmp_path, {"people/ann lee.md": "---\ntype: group\n---\n"},  # not a contact
                        vcard("Ann/Lee", "EMAIL:a@x.example"), vcard("Ann:Lee", "EMAIL:b@x.example"),
                        vcard(long, "EMAIL:c@x.example"), vcard(long + "?", "EMAIL:d@x.example"))
    assert [p for _, p, _, _ in got] == ["people/Ann Lee 2.md", "people/Ann Lee 3.md", f"people/{long}.md",
                                         f"people/{long} 2.md"]
    assert [t.fm["name"] for t in plan.targets.values() if t.new] == ["Ann/Lee", "Ann:Lee", long, long + "?"]


def test_a_card_finds_a_contact_by_its_alias_and_brings_its_warnings(make_vault, tmp_path):
    got, plan = planned(make_vault, tmp_path, {"people/Ann Lee.md": "---\ntype: contact\naliases: [Nan]\n---\n"},
                        vcard("Nan", "EMAIL:nan@x.example", "EMAIL:nan at x"))
    assert got == [("merged", "people/Ann Lee.md", "name", "")]
    assert plan.outcomes[0].warnings == ["line 5: EMAIL without '@' skipped: nan at x"]


def test_a_kept_value_of_any_shape_is_quoted_as_a_person_reads_it():
    from datetime import datetime

    def kept(value):
        return merged({"company": value}, card(company="Acme"))[2]

    assert kept(datetime(2026, 1, 2, 10, 30, 15)) == ['kept "2026-01-02T10:30" in company, card says "Acme"']
    assert kept(["Initech", None, "", "Hooli", date(2020, 1, 1)]) == [
        'kept "Initech, Hooli, 2020-01-01" in company, card says "Acme"']
    assert kept({"name": "Initech", "since": date(2020, 1, 1)}) == [
        'kept "name: Initech, since: 2020-01-01" in company, card says "Acme"']


def test_a_tag_starting_with_x_is_recognised_in_a_list_or_alone():
    for tags in (["Xmas"], ["#xmas"], "Xmas", " #XMAS "):
        assert merged({"tags": tags}, card(), tag=("Xmas",)) == ([], [], []), tags
    assert merged({"tags": ["mas"]}, card(), tag=("Xmas",))[1] == ["tags: + Xmas"]


def test_a_name_ending_in_x_keeps_its_x():
    assert [note_title(n) for n in ("Malcolm X", "Ann Lee. .", "Bo X.")] == ["Malcolm X", "Ann Lee", "Bo X"]


def test_a_template_without_front_matter_keeps_the_cards_notes(make_vault):
    root = make_vault({"templates/contact.md": "# {{title}}\n\n## Notes\n"})
    factory = NoteFactory(root, plainnet.open_vault(root, sync=False).config, date(2026, 11, 25))
    assert not factory.fast
    got = factory.render("Ann", {"name": "Ann"}, ["Met at the meetup.", "Likes sailing."])
    assert got == b"---\nname: Ann\n---\n# Ann\n\n## Notes\nMet at the meetup.\nLikes sailing.\n"


@pytest.mark.parametrize("toml, template", [
    ("", None),  # people/ and the built-in template
    ('[folders]\n"/" = "contact"\n', "---\nname: {{title}}\n---\n"),  # the top, a template without a type
])
def test_each_new_notes_planned_front_matter_is_what_is_written(make_vault, tmp_path, toml, template):

    root = make_vault({"templates/contact.md": template} if template else {}, toml=toml)
    vcf = tmp_path / "c.vcf"
    vcf.write_text(vcard("Ann Lee", "EMAIL:ann@x.example", "NOTE:Met at the meetup") + vcard("", "EMAIL:bo@x.example")
                   + vcard("Ann Lee", "TITLE:Chef"), encoding="utf-8")
    with plainnet.open_vault(root, today=date(2026, 11, 25)) as v:
        for files, met in (([str(vcf), str(IMPORTERS / "linkedin-Connections.csv")], None),
                           ([str(IMPORTERS / "linkedin-Connections.csv")], date(2026, 1, 2))):
            plan = plan_import(v, files, tag="cards", met=met)
            written = render_new_notes(plan)
            assert len(written) == len(files) * 2
            for path, data in written.items():
                target = plan.targets[path]
                assert fm_of_bytes(data) == target.fm, path
                assert target.fm.get("type", "contact" if not toml else None) == "contact", path
            jose = next(t for t in plan.targets.values() if t.title == "José García")
            assert jose.fm["met"] == (met or date(2022, 2, 7)) and ("triage" in jose.fm) == (met is None)


def fm_of_bytes(data: bytes) -> dict:
    import yaml

    text = data.decode("utf-8")
    return yaml.safe_load(text[4:text.index("\n---\n", 3) + 1]) or {}


def test_an_address_already_under_the_other_key_is_not_added_again():
    fm = {"email": ["a@x.example"], "emails": ["<B@x.example>"]}
    assert merged(fm, card(emails=["b@x.example", "c@x.example"])) == (
        [("append", "email", "c@x.example")], ["email: + c@x.example"], [])
    fm = {"phone": ["+44 1632 960000"], "phones": ["01632 960001"]}
    assert merged(fm, card(phones=["01632 960001"]))[0] == []


def test_a_later_card_finds_a_new_note_by_the_title_it_was_given(make_vault, tmp_path):
    got, _ = planned(make_vault, tmp_path, {}, vcard("Ann/Lee", "EMAIL:a@x.example"), vcard("Ann Lee"))
    assert got == [("new", "people/Ann Lee.md", "", ""), ("unchanged", "people/Ann Lee.md", "name", "")]


def test_as_history_and_as_new_override_what_the_file_kind_says(make_vault, tmp_path):

    root = make_vault({})
    cards = tmp_path / "c.vcf"
    cards.write_text(vcard("Ann Lee"), encoding="utf-8")
    linkedin = str(IMPORTERS / "linkedin-Connections.csv")
    with plainnet.open_vault(root, today=date(2026, 11, 25)) as v:
        for files, as_history, waits in (([str(cards)], None, False), ([str(cards)], True, True),
                                         ([linkedin], None, True), ([linkedin], False, False)):
            plan = plan_import(v, files, as_history=as_history)
            assert {t.fm.get("triage") for t in plan.targets.values() if t.new} == {"pending" if waits else None}


def test_the_summary_counts_the_commonest_reason_first(make_vault, tmp_path):
    f = tmp_path / "c.csv"
    f.write_text("Name,Email,Phone\n,,555 0100\nSam Roe,,\n,,555 0101\n", encoding="utf-8")
    sam = "---\ntype: contact\n---\n"
    root = make_vault({"people/Sam Roe.md": sam, "work/Sam Roe.md": sam})
    with plainnet.open_vault(root, today=date(2026, 11, 25)) as v:
        plan = plan_import(v, [str(f)])
    assert plan.skipped_reasons() == [("no name, organisation or email address", 2), ("ambiguous match", 1)]
    assert plan.summary() == ("0 new, 0 merged, 0 conflicts, 3 skipped: 2 no name, organisation or email address; "
                              "1 ambiguous match")
