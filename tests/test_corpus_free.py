"""What the corpus tests check, once more on small files the project writes itself (tests/data/),
so that a clone without ../shared still tests it: Obsidian parity, each vCard and CSV shape,
byte-identical re-import, the export/import round trip and the `met` defaults."""
from __future__ import annotations

import hashlib
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from plainnet.cli import cli
from plainnet.cards.formats import read_file

DATA = Path(__file__).resolve().parent / "data"
IMPORTERS = DATA / "importers"
TODAY = "2026-11-25"


def run(root, *args, today=TODAY):
    return CliRunner().invoke(cli, ["--vault", str(root), "--today", today, *args])


def tree_hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and ".plainnet" not in p.relative_to(root).parts}


def fm_of(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), path
    return yaml.safe_load(text[4:text.index("\n---\n", 3) + 1]) or {}


# ------------------------------------------------------------------------------------------------
# Obsidian parity: what Obsidian's metadata cache records for these notes, spelled out by hand
# (links by line as written before `|`, with the display text Obsidian shows; embeds; front-matter
# links by property; tags without `#`, front matter first, each once; tasks by line and status)
# ------------------------------------------------------------------------------------------------

OBSIDIAN = {
    "Links.md": {
        "links": [(8, "Bob Stone", "Bob Stone"), (8, "Ann Lee", "Ann"),
                  (8, "2026-11-03 Breakfast#Who came", "2026-11-03 Breakfast > Who came"),
                  (9, "Decks/Q3 deck.md", "the deck")],  # the web link is no link; code is not either
        "embeds": [(10, "diagram.png", "diagram.png"), (10, "chart.png", "chart")],
        "front_matter_links": [("related", "Bob Stone", "Bob Stone"), ("see", "Acme#Pricing", "pricing")],
        "tags": [],
        "tasks": [],
        "front_matter": {"related": "[[Bob Stone]]", "see": ["[[Acme#Pricing|pricing]]"]},
    },
    "Tags and tasks.md": {
        "links": [], "embeds": [], "front_matter_links": [],
        # `a#tag` is no tag (needs a space before), `#123` neither (all digits), nor code
        "tags": ["person", "cards/2026", "followup", "area/sales"],
        # `*` and `1.` items are tasks, a nested one too; `- not a task [ ]` and code are not
        "tasks": [(5, " "), (6, "x"), (7, "-"), (8, " "), (9, " "), (10, "/")],
        "front_matter": {"tags": ["person", "cards/2026"]},
    },
    # Obsidian indexes links and tags inside %% comments; plainnet deliberately does not (a
    # commented-out link is not a relationship): the one documented difference, kept here too
    "Comments.md": {
        "links": [(1, "Real", "Real")], "embeds": [], "front_matter_links": [], "tags": [],
        "tasks": [(6, " ")], "front_matter": {},
    },
}


def _written(link: dict) -> str:
    return link["target"] + ("#" + link["heading"] if link["heading"] is not None else "")


def _display(link: dict) -> str:
    if link["display"] is not None:
        return link["display"]
    return " > ".join(p for p in [link["target"], *(link["heading"] or "").split("#")] if p)


@pytest.mark.parametrize("name", sorted(OBSIDIAN))
def test_show_json_agrees_with_obsidian_on_hand_written_notes(tmp_path, name):
    root = tmp_path / "vault"
    shutil.copytree(DATA / "obsidian", root)
    res = run(root, "show", name, "--json")
    assert res.exit_code == 0, res.output
    shown = json.loads(res.stdout)
    links = shown["links"]
    got = {
        "links": [(l["line"], _written(l), _display(l)) for l in links if l["in"] == "body" and not l["embed"]],
        "embeds": [(l["line"], _written(l), _display(l)) for l in links if l["in"] == "body" and l["embed"]],
        "front_matter_links": sorted((l["key"], _written(l), _display(l)) for l in links if l["in"] == "front_matter"),
        "tags": shown["tags"],
        "tasks": [(t["line"], t["status"]) for t in shown["tasks"]],
        "front_matter": shown["front_matter"],
    }
    assert got == OBSIDIAN[name]


# ------------------------------------------------------------------------------------------------
# one file of each supported shape
# ------------------------------------------------------------------------------------------------

SHAPES = {
    # file: (kind, [(line, name, emails, phones, company, role, other fields)])
    "contacts-v21.vcf": ("vcard", [(1, "Jürgen Müller", ["juergen@baeckerei.example"],
                                    ["+49 170 0000001", "+49 30 0000002"], "Bäckerei Müller", "Owner",
                                    {"note": "Bakes for the\nchamber breakfast."})]),
    "contacts-v30.vcf": ("vcard", [(1, "Dr. Ngozi Okafor", ["ngozi@clinic.example", "ngozi@home.example"],
                                    ["+234 1 000 0003"], "City Clinic", "Head of Research",
                                    {"aliases": ["Ngo"], "addresses": ["12 Marina Rd, Lagos, 101001, Nigeria"],
                                     "urls": ["https://clinic.example/okafor"], "birthday": "1979-05-04",
                                     "note": "Met at the health-tech panel, wants a CFO intro."}),
                                   (18, "Northwind Traders", ["hello@northwind.example"], [], "Northwind Traders", "",
                                    {})]),
    "contacts-v40.vcf": ("vcard", [(1, "Mei Lin", ["mei@lin.example"], ["+86-10-0000-0004"], "Lin Design", "Founder",
                                    {"birthday": "--03-22", "note": "Designs packaging."})]),
    "linkedin-Connections.csv": ("linkedin", [
        (5, "Priya Raman", ["priya@raman.example"], [], "Raman, Iyer & Co", "Partner",
         {"socials": ["https://www.linkedin.com/in/priya-raman-example"], "connected_on": "2024-03-12"}),
        (6, "José García", [], [], "Northwind", "Head of Sales, EMEA", {"connected_on": "2022-02-07"})]),
    "thunderbird.csv": ("thunderbird", [(2, "Ada Lovelace", ["ada@engine.example", "countess@home.example"],
                                         ["+44 7700 900001", "+44 20 0000 0001"], "Analytical Engines", "Analyst",
                                         {"aliases": ["Ada"], "addresses": ["1 Engine Row, London, W1 1AA, UK"],
                                          "urls": ["https://engine.example/ada"], "birthday": "1815-12-10",
                                          "note": "Writes the notes."})]),
    "exchange-contacts.csv": ("exchange", [(2, "Chris Ashton", ["chris@contoso.example"],
                                            ["206-555-0100", "206-555-0101"], "Contoso", "Sales Manager",
                                            {"addresses": ["1 Microsoft Way, Redmond, WA, 98052, United States"],
                                             "note": "Prefers email."})]),
    "simple-semicolon.csv": ("csv", [(2, "Grace Hopper", ["grace@navy.example"], ["+1 555 0142"], "US Navy",
                                      "Rear Admiral", {"birthday": "1906-12-09"})]),
}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_each_supported_shape_reads_as_written(name):
    kind, expected = SHAPES[name]
    result = read_file(IMPORTERS / name)
    assert result.kind == kind and result.problems == []
    got = [(c.line, c.name, c.emails, c.phones, c.company, c.role) for c in result.cards]
    assert got == [e[:6] for e in expected]
    for card, e in zip(result.cards, expected):
        assert {k: getattr(card, k) for k in e[6]} == e[6]
    raw = (IMPORTERS / name).read_bytes()
    if b"PHOTO" in raw:
        assert all("PHOTO" not in json.dumps(vars(c), default=str) and "/9j/" not in json.dumps(vars(c), default=str)
                   for c in result.cards)


ALL_FILES = sorted(p for p in IMPORTERS.iterdir() if p.suffix in (".vcf", ".csv"))


@pytest.fixture
def imported(make_vault):
    """Every importer fixture imported into one vault, with a contact that one card matches."""
    root = make_vault({"people/Ada Lovelace.md": "---\ntype: contact\nemail: ADA@engine.example\nrole:\n---\n"})
    res = run(root, "import", "--tag", "cards", *map(str, ALL_FILES))
    assert res.exit_code == 0, res.output
    return root, res


def _cards() -> int:
    return sum(len(read_file(p).cards) for p in ALL_FILES)


def _problems() -> int:
    return sum(len(read_file(p).problems) for p in ALL_FILES)


def test_every_card_of_every_shape_is_imported_once(imported):
    root, res = imported
    summary = res.stdout.splitlines()[-1]
    notes = sorted(p.name for p in (root / "people").glob("*.md"))
    new = len(notes) - 1
    assert summary.startswith(f"{new} new, ")
    assert "merged    people/Ada Lovelace.md" in res.stdout and "by email" in res.stdout
    # every card is accounted for: a new note, a merge, unchanged, or skipped with its reason
    lines = [ln for ln in res.stdout.splitlines() if ln and not ln.startswith(" ")][:-1]
    assert len(lines) == _cards() + _problems() == 20
    # 4 merges: into Ada's note (by email), and three cards of one person across two files
    # (Priya by email, José and Northwind Traders by name); 2 rows hold only a phone or nothing
    assert summary == "14 new, 4 merged, 0 conflicts, 2 skipped: 2 no name, organisation or email address"
    for name in ("Jürgen Müller.md", "Dr. Ngozi Okafor.md", "Mei Lin.md", "Priya Raman.md", "José García.md",
                 "Chris Ashton.md", "Grace Hopper.md", "Northwind Traders.md"):
        assert name in notes
    ada = fm_of(root / "people/Ada Lovelace.md")
    assert ada["email"] == "ADA@engine.example" and ada["role"] == "Analyst" and ada["tags"] == ["cards"]
    assert "met" not in ada  # an existing contact was met before this import
    text = (root / "people/Dr. Ngozi Okafor.md").read_text(encoding="utf-8")
    assert "/9j/" not in text and "PHOTO" not in text


def test_reimport_changes_nothing_byte_for_byte(imported):
    root, first = imported
    before = tree_hashes(root)
    res = run(root, "import", "--tag", "cards", *map(str, ALL_FILES))
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[-1].startswith("0 new, 0 merged, ")
    assert not [ln for ln in res.stdout.splitlines() if ln.startswith(("new ", "merged "))]
    assert tree_hashes(root) == before


def _contacts(root: Path) -> dict:
    out = {}
    for p in sorted((root / "people").glob("*.md")):
        fm = fm_of(p)

        def items(*keys):
            vals = []
            for k in keys:
                v = fm.get(k)
                vals += v if isinstance(v, list) else ([v] if v else [])
            return sorted(str(x).casefold() for x in vals)

        out[fm.get("name") or p.stem] = {
            "emails": items("email", "emails"), "phones": items("phone", "phones"),
            "company": fm.get("company") or "", "role": fm.get("role") or "", "aliases": items("aliases"),
            "addresses": items("address", "addresses"), "birthday": str(fm.get("birthday") or "")}
    return out


def test_export_then_import_gives_the_same_contacts_and_the_same_bytes(imported, make_vault, tmp_path):
    src, _ = imported
    out = tmp_path / "out.vcf"
    res = run(src, "export", "vcf", str(out))
    assert res.exit_code == 0, res.output
    n = len(list((src / "people").glob("*.md")))
    assert res.stdout.strip() == f"exported {n} contacts to {out}"
    data = out.read_bytes()
    assert data.count(b"BEGIN:VCARD\r\n") == n and b"\n" not in data.replace(b"\r\n", b"")
    dest = tmp_path / "again"
    dest.mkdir()
    (dest / "plainnet.toml").write_text("", encoding="utf-8")
    res = run(dest, "import", str(out))
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[-1].startswith(f"{n} new, 0 merged, 0 conflicts, 0 skipped")
    assert _contacts(dest) == _contacts(src)
    again = tmp_path / "again.vcf"
    assert run(dest, "export", "vcf", str(again)).exit_code == 0
    assert again.read_bytes() == data


# ------------------------------------------------------------------------------------------------
# `met`: today by default, a date or an event note when given, and only ever on new contacts
# ------------------------------------------------------------------------------------------------

def test_met_defaults_to_the_vaults_today_for_new_contacts_only(make_vault):
    root = make_vault({"people/Priya Raman.md": "---\ntype: contact\nemail: priya@raman.example\n---\n"})
    # a LinkedIn export says when you connected: that is `met` (and such bulk imports wait for triage)
    res = run(root, "import", str(IMPORTERS / "linkedin-Connections.csv"), today="2026-11-20")
    assert res.exit_code == 0, res.output
    assert fm_of(root / "people/José García.md")["met"] == date(2022, 2, 7)
    assert "met" not in fm_of(root / "people/Priya Raman.md")
    # a card without a date: met is the vault's today
    res = run(root, "import", str(IMPORTERS / "thunderbird.csv"), today="2026-11-20")
    assert res.exit_code == 0, res.output
    assert fm_of(root / "people/Ada Lovelace.md")["met"] == date(2026, 11, 20)

    # met 2026-11-20 + card_stack_days (14): on the agenda's no-next-step section from 2026-12-05
    def stack(today):
        data = json.loads(run(root, "agenda", "--json", today=today).stdout)
        return [i["person"] for i in data["items"] if i["section"] == "no-next-step"]
    assert "Ada Lovelace" not in stack("2026-12-04") and "Ada Lovelace" in stack("2026-12-05")
    assert "José García" not in stack("2026-12-05")  # imported as history: waits for triage


def test_met_date_and_event_options(make_vault):
    root = make_vault({"events/2026-11-03 Chamber breakfast.md": "---\ntype: event\ndate: 2026-11-03\nstatus: done\n---\n"})
    res = run(root, "import", "--met", "2026-11-01", str(IMPORTERS / "contacts-v40.vcf"))
    assert res.exit_code == 0, res.output
    assert fm_of(root / "people/Mei Lin.md")["met"] == date(2026, 11, 1)
    res = run(root, "import", "--met", "2026-11-03 chamber BREAKFAST", str(IMPORTERS / "simple-semicolon.csv"))
    assert res.exit_code == 0, res.output
    assert 'met: "[[2026-11-03 Chamber breakfast]]"\n' in (root / "people/Grace Hopper.md").read_text(encoding="utf-8")
    for args, msg in ((["--met", "Nowhere"], "no event note"), (["--met", "Mei Lin"], "not an event")):
        res = run(root, "import", *args, str(IMPORTERS / "thunderbird.csv"))
        assert res.exit_code == 2 and msg in res.stderr, res.output
    assert not (root / "people/Ada Lovelace.md").exists()
