"""Results kept in the index between commands, updated around the notes that changed.

The agenda's items (`plainnet.agenda.kept_items`) and the findings (`plainnet.checks.kept_findings`)
are both kept this way. Building the agenda means building the whole network (every contact, event and follow-up): about
a second on 10,000 notes. But an edit changes little: every agenda item belongs to the note it is
written in (`item.path`), and that note's items depend only on the note and its neighbours (an
event and its attendees, a note and the people its follow-ups are about, a contact and the event
where you met). So the index keeps the items, serialised, with those relations and each note's
names, and the change log (`plainnet.index.store.record_changes`) says which notes changed since. After
an edit that creates, deletes, renames, re-types or re-aliases no note (nothing that can move
link resolution) and changes no contact's `name:` (which can move a follow-up from one attendee
to another), only the changed notes and their neighbours are recomputed, on a network built
from just them and the notes around them; anything else rebuilds everything. `plainnet agenda`
and `plainnet watch` share it, so a save seen by the watch costs the next command nothing.

The kept state is keyed by today, the settings, the agenda's options and plainnet's own code; a
different key rebuilds it. Writes are compare-and-swap on the log position, so two processes
refreshing at once cannot interleave their results. Like the rest of the index it is a cache:
tests compare it with full rebuilds after random edits, and `watch` checks it in quiet moments.

May import: `plainnet.api`, `plainnet.index.store` and below. Features build on it; it knows none of them.
"""
from __future__ import annotations

import contextlib
import gc
import json
import sqlite3

from plainnet.index.store import change_seq, changes_since

# ---------------------------------------------------------------- a vault limited to some notes


class Subset:
    """The vault as build_network sees it, limited to some notes: notes(), log_entries(), tasks(),
    links() and raw index queries return only rows of `paths`; resolving names, settings and anything
    else are the whole vault's (anything unexpected gets the whole vault: correct, only slower)."""

    def __init__(self, vault, paths):
        from plainnet.api import Vault

        self._vault = vault
        self.index = SubsetIndex(vault.index, sorted(paths))
        for name in ("notes", "contacts", "events", "groups", "pitches", "tasks", "links", "log_entries"):
            fn = getattr(Vault, name, None)
            if fn is not None:
                setattr(self, name, fn.__get__(self))

    def __getattr__(self, name):
        return getattr(self._vault, name)


class SubsetIndex:
    walk = None  # not the whole vault's files: no result cache may take this for the vault's state

    def __init__(self, index, paths: list):
        self._index, self._paths = index, paths

    def query(self, sql: str, params: tuple = ()) -> list:
        marks = ",".join("?" * len(self._paths))
        try:
            return self._index.query(f"SELECT * FROM ({sql}) WHERE path IN ({marks})", (*params, *self._paths))
        except sqlite3.OperationalError:  # no path column: all rows
            return self._index.query(sql, params)

    def __getattr__(self, name):
        return getattr(self._index, name)


@contextlib.contextmanager
def paused_gc():
    """No cyclic garbage collection while a result is computed: building the network of 100,000
    notes makes millions of objects, almost none in cycles, and the collector's full passes over
    them were 28% of the first agenda's CPU time. Reference counting still frees everything that
    is not in a cycle; the collector runs again afterwards."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _in(paths) -> tuple[str, tuple]:
    paths = tuple(paths)
    return ",".join("?" * len(paths)), paths


# ---------------------------------------------------------------- a result kept per note


class Kept:
    """A result of the whole network kept in the index as rows owned by notes, refreshed around
    the notes that changed. Subclasses say what they compute and how they store it:

    - `WHAT`: the name of the state (its meta row is `kept_<WHAT>`, its relations and names rows
      are tagged with it);
    - `BEFORE`, `AROUND`: which notes to recompute after a note X changed (the owners: X and the
      notes reached from X along each path of BEFORE), and which notes a network must hold to
      compute those owners' rows (the owners and what AROUND reaches from them, and then every
      note those relate to, so that each event in it has all its attendees). A path is read left
      to right: "o" follows a relation out (an event to its attendees, a contact to where you met,
      a note to the people its follow-ups are about), "i" follows one in; "oi" is inc(out(X));
    - `_compute(vault, owners)`: (rows of `owners`, or of every note when None; the network);
    - `_store(conn, rows)`, `_drop(conn, owners)`: write and delete rows.
    """

    WHAT = ""
    BEFORE: tuple = ("o", "i")
    AROUND: tuple = ("o", "i")
    MAX_CHANGED = 64  # more changed notes than this: rebuild everything
    MAX_SUBSET = 3000  # a neighbourhood bigger than this: rebuild everything

    def __init__(self, vault, *options):
        from plainnet.index import cache as resultcache

        self.vault = vault
        self.key = resultcache.settings_key(vault, f"kept-{self.WHAT}", *options)
        self.conn = vault.index.conn
        self.last = ""  # what the last refresh did: "kept", "incremental" or "full"
        self.owners: set | None = None  # the notes whose rows the last refresh replaced (None: all)
        self._fallback: list | None = None  # rows computed but not kept (no key, or not writable)

    # ------------------------------------------------------------ refreshing

    def refresh(self, force_full: bool = False) -> str:
        """Bring the kept rows in line with the index: "kept", "incremental" or "full"."""
        with paused_gc():
            return self._refresh(force_full)

    def _refresh(self, force_full: bool) -> str:
        if self.key is None:  # results cannot be keyed (plainnet is not a folder of files): compute
            self._fallback = self._compute(self.vault, None)[0]
            self.last = "full"
            return self.last
        conn = self.conn
        conn.execute("BEGIN")  # every read below sees one state of the index
        try:
            seq = change_seq(conn)
            state = self._state()
            if not force_full and state is not None and state.get("key") == self.key and state.get("seq") == seq:
                self.last, self.owners = "kept", set()
                return self.last
            plan = None
            if not force_full and state is not None and state.get("key") == self.key:
                changed = changes_since(conn, state["seq"])
                if changed is not None:
                    plan = self._plan(changed, state)
            if plan is None:
                plan = self._full()
        finally:
            conn.execute("COMMIT")
        self._apply(plan, state, {"key": self.key, "seq": seq, **plan["extra"]})
        self.last, self.owners = plan["kind"], plan["owners"]
        return self.last

    def refresh_noted(self) -> tuple[dict | None, dict]:
        """refresh(), and what a result printed from the kept rows records so that the next run can
        patch it instead of reassembling it: (the kept state this refresh started from, the
        {"seq", "key"} of the one it left; {} when the rows could not be kept)."""
        before = self._state()
        self.refresh()
        after = self._state() if self._fallback is None else None
        return before, ({"seq": after.get("seq"), "key": after.get("key")} if after else {})

    def can_patch(self, before: dict | None) -> bool:
        """Whether the last refresh replaced only some notes' rows (self.owners), in the index,
        from a state there was (`before`): then a result printed before it may be patched."""
        return (before is not None and self._fallback is None and self.owners is not None
                and self.last in ("kept", "incremental"))

    def made_from(self, recorded: dict, before: dict) -> bool:
        """Whether a printed result that recorded `recorded` (refresh_noted) was made from
        `before`, the state the last refresh started from, under this key."""
        return recorded.get("seq") == before.get("seq") and recorded.get("key") == before.get("key") == self.key

    def _extra(self) -> dict:
        """Facts about the whole vault kept with the state (a subclass's _plan compares them)."""
        return {}

    def _state(self) -> dict | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (f"kept_{self.WHAT}",)).fetchone()
        try:
            return json.loads(row[0]) if row else None
        except ValueError:
            return None

    # ------------------------------------------------------------ computing

    def _full(self) -> dict:
        rows, net = self._compute(self.vault, None)
        rel = self._relations(net, None)
        del net  # (before reading every note's names: the network is most of the memory)
        return {"kind": "full", "rows": rows, "owners": None, "rel": rel, "names": names_of(self.vault, None),
                "extra": self._extra()}

    def _plan(self, changed: set, state: dict) -> dict | None:
        """The rows and relations to replace after `changed`; None: rebuild everything instead."""
        vault = self.vault
        extra = {k: v for k, v in state.items() if k not in ("key", "seq")}
        if not changed:
            return {"kind": "incremental", "rows": [], "owners": set(), "rel": {}, "names": None, "extra": extra}
        if len(changed) > self.MAX_CHANGED:
            return None
        now = names_of(vault, changed)
        marks, params = _in(changed)
        old = dict(self.conn.execute(f"SELECT path, sig FROM kept_names WHERE what = ? AND path IN ({marks})",
                                     (self.WHAT, *params)))
        if any(p not in old or now.get(p) != old[p] for p in changed):
            return None  # created, deleted, renamed, retyped or re-aliased: resolution may move
        graph = _Graph(self.conn, self.WHAT)
        owners = graph.reach(changed, self.BEFORE)  # with the relations as they were ...
        # what the changed notes relate to now: build them with every note they could name
        first = changed | named_by(vault, changed)
        if len(first) > self.MAX_SUBSET:
            return None
        _rows, net = self._compute(Subset(vault, first), set())
        graph.replace(self._relations(net, changed))
        owners |= graph.reach(changed, self.BEFORE)  # ... and as they are now
        around = graph.reach(owners, self.AROUND)
        # every event in the network with all its attendees: whom a follow-up's words name
        # depends on who else was there
        around = graph.reach(around, ("o",))
        if len(around) > self.MAX_SUBSET:
            return None
        rows, _net = self._compute(Subset(vault, around), owners)
        return {"kind": "incremental", "rows": rows, "owners": owners, "rel": graph.new, "names": None,
                "extra": extra}

    # ------------------------------------------------------------ writing

    def _apply(self, plan: dict, state: dict | None, current: dict) -> None:
        """Write the plan, unless another process moved the kept state meanwhile (then theirs
        stands, and this process shows what it computed from the index it read)."""
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:  # locked for longer than the busy timeout: show, keep nothing
            self._fallback = plan["rows"] if plan["owners"] is None else self._compute(self.vault, None)[0]
            return
        try:
            if self._state() != state:  # another process refreshed it first: theirs stands
                conn.execute("ROLLBACK")
                self._fallback = plan["rows"] if plan["owners"] is None else self._compute(self.vault, None)[0]
                return
            rel = plan["rel"]
            if plan["owners"] is None:
                self._drop(conn, None)
                self._replace_names(conn, plan["names"])
                # most relations survive a rebuild: rewrite only the notes whose relations differ
                old: dict[str, set] = {}
                for src, dst in conn.execute("SELECT src, dst FROM kept_rel WHERE what = ?", (self.WHAT,)):
                    old.setdefault(src, set()).add(dst)
                rel = {p: ts for p, ts in rel.items() if old.pop(p, set()) != ts}
                rel.update((p, set()) for p in old)  # notes that relate to nothing any more
            else:
                self._drop(conn, plan["owners"])
            conn.executemany("DELETE FROM kept_rel WHERE what = ? AND src = ?", [(self.WHAT, p) for p in rel])
            self._store(conn, plan["rows"])
            conn.executemany("INSERT INTO kept_rel VALUES (?, ?, ?)",
                             [(self.WHAT, p, q) for p, targets in rel.items() for q in targets])
            conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (f"kept_{self.WHAT}", json.dumps(current)))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _replace_names(self, conn, names: dict) -> None:
        """Make the kept names `names`, writing only the notes whose names differ."""
        old = dict(conn.execute("SELECT path, sig FROM kept_names WHERE what = ?", (self.WHAT,)))
        conn.executemany("DELETE FROM kept_names WHERE what = ? AND path = ?",
                         [(self.WHAT, p) for p in old if p not in names])
        conn.executemany("INSERT OR REPLACE INTO kept_names VALUES (?, ?, ?)",
                         [(self.WHAT, p, sig) for p, sig in names.items() if old.get(p) != sig])

    # ------------------------------------------------------------ what subclasses provide

    def _relations(self, net, paths) -> dict[str, set]:
        return relations(net, paths)

    def _compute(self, vault, owners: set | None) -> tuple[list, object]:
        raise NotImplementedError

    def _store(self, conn, rows: list) -> None:
        raise NotImplementedError

    def _drop(self, conn, owners: set | None) -> None:
        raise NotImplementedError


class _Graph:
    """The kept relations (note -> notes it relates to), read from the index as needed, with the
    changed notes' new relations laid over them."""

    def __init__(self, conn, what: str):
        self.conn, self.what = conn, what
        self._out: dict[str, set] = {}
        self._inc: dict[str, set] = {}
        self.new: dict[str, set] = {}  # the replaced notes' relations

    def load(self, paths) -> None:
        todo = [p for p in paths if p not in self._out]
        for i in range(0, len(todo), 500):
            marks, params = _in(todo[i:i + 500])
            for p in params:
                self._out[p], self._inc[p] = set(), set()
            for src, dst in self.conn.execute(
                    f"SELECT src, dst FROM kept_rel WHERE what = ? AND src IN ({marks})", (self.what, *params)):
                self._out[src].add(dst)
            for src, dst in self.conn.execute(
                    f"SELECT src, dst FROM kept_rel WHERE what = ? AND dst IN ({marks})", (self.what, *params)):
                self._inc[dst].add(src)

    def out(self, p: str) -> set:
        if p in self.new:
            return self.new[p]
        self.load((p,))
        return self._out[p]

    def inc(self, q: str) -> set:
        self.load((q,))
        return {p for p in self._inc[q] if p not in self.new} | {p for p, ts in self.new.items() if q in ts}

    def replace(self, new: dict) -> None:
        self.load(new)
        self.new.update(new)

    def reach(self, seeds, paths) -> set:
        """`seeds` and every note reached from them along one of `paths` (see Kept)."""
        out = set(seeds)
        for path in paths:
            frontier = set(seeds)
            for step in path:
                self.load(frontier)
                nxt: set = set()
                for p in frontier:
                    nxt |= self.out(p) if step == "o" else self.inc(p)
                frontier = nxt
            out |= frontier
        return out


# ---------------------------------------------------------------- what items depend on


def relations(net, paths) -> dict[str, set]:
    """note -> the notes its items relate to, for `paths` (None: every note) of a network holding them."""
    new: dict[str, set] = {}
    for p, ev in net.events.items():
        if paths is None or p in paths:
            new.setdefault(p, set()).update(ev.attendees)
            if ev.group:
                new[p].add(ev.group)
    for p, person in net.people.items():
        if paths is None or p in paths:
            new.setdefault(p, set())
            if person.met_event:
                new[p].add(person.met_event)
    for f in net.follow_ups:
        if (paths is None or f.path in paths) and f.person and f.person != f.path:
            new.setdefault(f.path, set()).add(f.person)
    for p in paths or ():
        new.setdefault(p, set())
    return new


def names_of(vault, paths) -> dict[str, str]:
    """note -> what others' relations to it depend on (None: every note): its type and name keys
    (link resolution), and a contact's `name:` (which attendee a follow-up's words name)."""
    notes = "SELECT path, type, json_extract(facts, '$.name') FROM notes"
    keys = "SELECT path, key FROM names"
    if paths is None:
        note_rows, key_rows = vault.index.query(notes), vault.index.query(keys)
    else:
        sub = SubsetIndex(vault.index, sorted(paths))
        note_rows, key_rows = sub.query(notes), sub.query(keys)
    by_note: dict[str, list] = {}
    for path, key in key_rows:
        by_note.setdefault(path, []).append(key)
    return {p: "\x1f".join([f"{t}\x1f{n}", *sorted(by_note.get(p, ()))]) for p, t, n in note_rows}


def naming(vault, paths) -> set:
    """Every event that names one of `paths` as an attendee in plain text, without a link (a link
    is in the links table; a plain name is only in the event's facts): the reverse of named_by's
    attendee half. Candidates are the attendees whose key is one of the keys `paths` answer to in
    the index's name table; each is then resolved as the network resolves it."""
    from plainnet.notes.links import norm

    paths = set(paths)
    if not paths:
        return set()
    keys = {k for (k,) in vault.index.rows_in("SELECT key FROM names WHERE path IN ({})", sorted(paths))}
    out = set()
    for event, name in vault.index.query(
            "SELECT n.path, a.value FROM notes n, json_each(n.facts, '$.attendees') a "
            "WHERE n.type = 'event' AND a.type = 'text'"):
        if norm(name) in keys and vault.resolve(name, event) in paths:
            out.add(event)
    return out


def named_by(vault, paths) -> set:
    """Every note `paths` link to or name as attendees (a superset of what they can relate to)."""
    sub = SubsetIndex(vault.index, sorted(paths))
    out: set = set()
    for _path, resolved in sub.query("SELECT path, resolved FROM links"):
        if resolved:
            out.add(resolved)
    for n in Subset(vault, paths).notes():
        facts = getattr(n, "facts", None) or {}
        names = facts.get("attendees") if isinstance(facts, dict) else None
        for name in names or ():
            if isinstance(name, str):
                target = vault.resolve(name, n.path)
                if target:
                    out.add(target)
    return out
