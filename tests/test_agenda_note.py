"""The agenda as a note for Obsidian: `agenda --write NOTE.md` and `watch --note NOTE.md`."""
from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time

from click.testing import CliRunner

import plainnet
from plainnet.cli import cli

TODAY = "2026-11-15"
DEADLINE = 30.0

JANE = """---
type: contact
company: Acme
follow_ups:
  - {due: 2026-11-01, what: Send the deck, done: false}
---
# Jane Doe
"""

BOB = """---
type: contact
last_contact: 2026-13-45
---
- [ ] Call Bob back 📅 2026-11-18
"""


def run(root, *args):
    return CliRunner().invoke(cli, ["--vault", str(root), "--today", TODAY, *args])


def stat_of(p):
    st = os.stat(p)
    return st.st_ino, st.st_mtime_ns, st.st_size


def test_write_the_agenda_as_a_note(make_vault):
    root = make_vault({"people/Jane Doe.md": JANE, "people/Bob.md": BOB})
    before = json.loads(run(root, "agenda", "--json").output)["items"]
    res = run(root, "agenda", "--write", "Agenda.md")
    assert res.exit_code == 0, res.output
    assert "wrote the agenda to Agenda.md" in res.output
    text = (root / "Agenda.md").read_text(encoding="utf-8")
    assert text.startswith("---\nplainnet: generated\ndigest: ")
    assert "# Agenda for Sun 15 Nov 2026" in text
    # follow-ups as Tasks lines linking their notes; findings under their own heading, note and line
    assert "- [ ] Send the deck ([[people/Jane Doe|Jane Doe]]; 14 days late) 📅 2026-11-01" in text
    assert "- [ ] Call Bob back ([[people/Bob|Bob]]; due in 3 days) 📅 2026-11-18" in text
    assert "## Findings (" in text
    assert "- [[people/Bob|Bob]], line 3: error `data-date`: last_contact: '2026-13-45'" in text

    # never indexed, never checked: the agenda and the findings are what they were
    after = json.loads(run(root, "agenda", "--json").output)["items"]
    assert after == before
    check = run(root, "check", "--format", "json")
    assert "Agenda.md" not in check.output
    with plainnet.open_vault(root, today=None) as v:
        assert v.index.query("SELECT count(*) FROM tasks WHERE path = 'Agenda.md'")[0][0] == 0
        assert v.index.query("SELECT count(*) FROM links WHERE path = 'Agenda.md'")[0][0] == 0

    # never rewritten while unchanged
    st = stat_of(root / "Agenda.md")
    res = run(root, "agenda", "--write", "Agenda.md")
    assert res.exit_code == 0 and "Agenda.md is up to date" in res.output
    assert stat_of(root / "Agenda.md") == st


def test_an_edited_agenda_note_is_moved_aside(make_vault):
    root = make_vault({"people/Jane Doe.md": JANE})
    assert run(root, "agenda", "--write", "notes/Agenda.md").exit_code == 0
    mine = (root / "notes/Agenda.md").read_bytes() + "\nMy own thought.\n".encode()
    (root / "notes/Agenda.md").write_bytes(mine)
    res = run(root, "agenda", "--write", "notes/Agenda.md")
    assert res.exit_code == 0, res.output
    assert "notes/Agenda.md was edited since plainnet wrote it: your version is now notes/Agenda (edited).md" \
        in res.output
    assert (root / "notes/Agenda (edited).md").read_bytes() == mine  # not a byte lost
    assert "My own thought" not in (root / "notes/Agenda.md").read_text(encoding="utf-8")
    # a second edit goes beside the first, never over it
    (root / "notes/Agenda.md").write_bytes(mine + b"again\n")
    assert run(root, "agenda", "--write", "notes/Agenda.md").exit_code == 0
    assert (root / "notes/Agenda (edited 2).md").read_bytes() == mine + b"again\n"
    assert (root / "notes/Agenda (edited).md").read_bytes() == mine


def test_bad_note_names_are_refused(make_vault):
    root = make_vault({"people/Jane Doe.md": JANE, "Mine.md": "# my own note\n"})
    for args, says in ((["Mine.md"], "Mine.md exists and was not written by plainnet"),
                       (["../x.md"], "must be inside the vault"),
                       (["Agenda.txt"], "must be a Markdown file"),
                       ([".obsidian/A.md"], "hidden folder")):
        res = run(root, "agenda", "--write", *args)
        assert res.exit_code == 2, res.output
        assert says in res.output and "Traceback" not in res.output
    assert (root / "Mine.md").read_text(encoding="utf-8") == "# my own note\n"
    res = run(root, "watch", "--note", "../x.md", "--max-refreshes", "0")
    assert res.exit_code == 2 and "must be inside the vault" in res.output


class Lines:
    def __init__(self, proc):
        self.q: queue.Queue = queue.Queue()
        threading.Thread(target=lambda: [self.q.put(x) for x in proc.stdout] + [self.q.put(None)],
                         daemon=True).start()

    def next(self, timeout=DEADLINE):
        line = self.q.get(timeout=timeout)
        assert line is not None, "watch ended"
        return json.loads(line)


def wait_for(pred, timeout=DEADLINE):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.02)
    return False


def test_watch_keeps_the_note_current(make_vault):
    root = make_vault({"people/Jane Doe.md": JANE, "people/Bob.md": BOB})
    note = root / "Agenda.md"
    env = dict(os.environ, PYTHONUNBUFFERED="1", NO_COLOR="1")
    proc = subprocess.Popen([sys.executable, "-m", "plainnet", "--vault", str(root), "--today", TODAY, "watch",
                             "--json", "--debounce", "50", "--note", "Agenda.md"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        lines = Lines(proc)
        lines.next()  # the start-up state
        assert wait_for(lambda: note.exists() and "Call Bob back" in note.read_text(encoding="utf-8"))

        # a save changes the note within that one refresh
        (root / "people/Bob.md").write_text(BOB.replace("Call Bob back", "Call Bob today"), encoding="utf-8")
        r = lines.next()
        assert r["changed"] == ["people/Bob.md"]
        assert wait_for(lambda: "Call Bob today" in note.read_text(encoding="utf-8"))
        assert "Call Bob back" not in note.read_text(encoding="utf-8")
        st = stat_of(note)

        # refreshes that do not change the agenda write nothing (and writing the note is no refresh)
        for k in range(2):
            (root / "people/Jane Doe.md").write_text(JANE + f"\nMet again {k}.\n", encoding="utf-8")
            r = lines.next()
            assert r["changed"] == ["people/Jane Doe.md"]
        assert stat_of(note) == st

        # an edit to the note itself is kept: moved aside at the next write
        mine = note.read_text(encoding="utf-8") + "my line\n"
        note.write_text(mine, encoding="utf-8")
        (root / "people/Bob.md").write_text(BOB.replace("Call Bob back", "Call Bob now"), encoding="utf-8")
        while "people/Bob.md" not in lines.next()["changed"]:  # (a moved-aside copy is a new file: a refresh)
            pass
        assert wait_for(lambda: "Call Bob now" in note.read_text(encoding="utf-8"))
        assert (root / "Agenda (edited).md").read_text(encoding="utf-8") == mine
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    err = proc.stderr.read()
    assert "your version is now Agenda (edited).md" in err
