"""The network of every note is what a whole agenda or check is built from, so its memory is
theirs: the notes in it keep only the facts read after it is built (see network.KEPT_FACTS)."""
from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import plainnet
from plainnet.api import NoteRow
from plainnet.network import KEPT_FACTS, build_network

EXAMPLE = Path(__file__).resolve().parents[1] / "example-vault"
TODAY = date(2026, 11, 25)


def test_network_notes_keep_only_the_facts_read_later_and_nothing_decodes_more(tmp_path, monkeypatch):
    root = tmp_path / "vault"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".plainnet"))
    (root / "people" / "Olivia Brown.md").write_text(
        "---\ntype: contact\nname: Olivia Brown\noffer: design reviews\nneed: \"\"\ncadence: 1m\n"
        "emails: [olivia@example.com]\n---\n", encoding="utf-8")
    v = plainnet.open_vault(root, today=TODAY)
    try:
        fetched = []
        real = NoteRow.front_matter.fget

        def front_matter(self):
            fetched.append(self.path)
            return real(self)

        monkeypatch.setattr(NoteRow, "front_matter", property(front_matter))
        import plainnet.api as api

        batches = []  # the facts of contacts and events are decoded in batches (keys shared)
        real_decode = api.decode_facts
        monkeypatch.setattr(api, "decode_facts", lambda notes, *a: batches.append(list(notes)) or real_decode(notes, *a))
        net = build_network(v)
        decoded = [n.path for b in batches for n in b]
        assert sorted(decoded) == sorted([*net.people, *net.events])
        assert net.people and net.events
        for p in net.people.values():
            assert set(p.note.facts) <= set(KEPT_FACTS), p.path
        assert all(ev.note.facts == {} for ev in net.events.values())
        olivia = net.people["people/Olivia Brown.md"]
        assert olivia.note.facts == {"name": "Olivia Brown", "offer": True, "need": False}
        assert olivia.name == "Olivia Brown" and olivia.cadence is not None

        from plainnet.agenda.items import build_agenda
        from plainnet.checks.habits import habit_findings

        def run(net):
            fetched.clear()
            items = [i.to_json() for i in build_agenda(net, days=14)]
            found = habit_findings(net, v.config)
            return items, found, list(fetched)

        slim = run(net)
        import plainnet.network as network

        monkeypatch.setattr(network, "_slim_facts", lambda people, events: None)
        whole = build_network(v)
        assert set(whole.people["people/Olivia Brown.md"].note.facts) > set(KEPT_FACTS)
        full = run(whole)
        # the same agenda and findings, and not one front matter more decoded to get them
        assert slim == full
        assert slim[0] and slim[1]
    finally:
        v.close()
