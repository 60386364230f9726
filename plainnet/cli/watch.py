"""`plainnet watch`: the click command over plainnet.watch.watcher (options, signals, rendering)."""
from __future__ import annotations

import click


@click.command()
@click.option("--debounce", "debounce_ms", type=click.IntRange(0, 60_000), default=100, show_default=True,
              metavar="MS", help="Wait until the vault has been quiet this long before refreshing.")
@click.option("--poll", is_flag=True,
              help="Poll the folder (once a second) instead of using the OS's file events: for network, "
                   "synced or container-mounted folders where events do not arrive.")
@click.option("--json", "as_json", is_flag=True,
              help='One JSON object per line per refresh: {"changed", "today", "items", "findings"}, items '
                   "as in `agenda --json`, findings as in `check --format json` (with --checks all of them, "
                   "else only notes that could not be read); the first line is the state at start-up.")
@click.option("--checks", is_flag=True,
              help="Also run every check and print the findings that appeared or went away "
                   "(in --json: every finding, as `check --format json`).")
@click.option("--note", metavar="NOTE.md",
              help="Keep this note in the vault (path relative to the vault) current with the agenda and the "
                   "findings, for Obsidian; written only when it would change. See docs/agenda-note.md.")
@click.option("--poll-interval", type=click.FloatRange(0.05, 3600), default=1.0, hidden=True,
              help="Seconds between polls with --poll.")
@click.option("--max-refreshes", type=click.IntRange(0), default=None, hidden=True,
              help="Stop after this many refreshes (tests).")
@click.pass_obj
def watch(obj, debounce_ms, poll, as_json, checks, note, poll_interval, max_refreshes):
    """Keep the index current while you edit, and re-show the agenda after each save.

    Watches the vault for created, changed, renamed and deleted notes (editors' save-by-rename
    included; swap and temporary files, .git/, .obsidian/ and .plainnet/ ignored), re-indexes just
    those notes once the burst of changes has settled, and re-prints the agenda (clearing the
    screen on a terminal). A note with invalid front matter is reported and the rest still shown;
    the next good save brings it back. With --checks it also prints the findings each save added or
    removed.
    Ctrl-C (or SIGTERM) stops it.
    """
    import signal
    import sys
    import threading

    from plainnet.vault.files import find_root
    from plainnet.watch.watcher import Watch

    root = find_root(obj.vault_arg)
    rel = _note_rel(root, note) if note else None
    w = Watch(root, today=obj.today, debounce=debounce_ms / 1000, poll=poll, poll_interval=poll_interval,
              checks=checks, skip=(rel,) if rel else ())
    out = _JsonOut() if as_json else _TextOut(checks)
    if rel:
        out = _WithNote(out, rel)
    state = {"signals": 0, "writing": False, "closing": False}

    def on_signal(signum, frame):
        # Stop now, unless the index is being written or a line printed: then right after that
        # (a second Ctrl-C stops at once; SQLite rolls back an unfinished transaction).
        state["signals"] += 1
        w.stop()
        if state["closing"]:
            return
        if state["signals"] > 1 or not (w.critical or state["writing"]):
            raise KeyboardInterrupt

    previous = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            previous[sig] = signal.signal(sig, on_signal)
    try:
        try:
            first = w.start()
            state["writing"] = True
            out.show(first, w)
            state["writing"] = False
            for r in w.refreshes(max_refreshes):
                state["writing"] = True
                out.show(r, w)
                state["writing"] = False
        except KeyboardInterrupt:
            pass
        except BrokenPipeError:  # the reader went away (`| head`): nothing left to do
            try:
                sys.stdout = open(__import__("os").devnull, "w")
            except OSError:
                pass
    finally:
        state["closing"] = True
        w.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _note_rel(root, note: str) -> str:
    from plainnet.agenda.note import note_path
    from plainnet.write.edit import EditError

    try:
        return note_path(root, note)
    except EditError as exc:
        raise click.BadParameter(str(exc), param_hint="--note") from None


def write_agenda_note(vault, note: str, days=None, items=None, findings=None, watching: bool = False) -> bool:
    """`agenda --write` and `watch --note`: write the note, say what happened on stderr (an edited
    copy moved aside, a note plainnet will not overwrite). The command exits 2 when it cannot write;
    the watch says so and goes on. False when nothing could be written."""
    from plainnet.agenda.note import message, note_path, update
    from plainnet.write.edit import EditError

    prefix = "plainnet watch" if watching else "plainnet"
    if findings is None:
        from plainnet.checks.engine import run_checks

        findings = run_checks(vault)
    try:
        written = update(vault, note_path(vault.root, note), findings, items=items, days=days)
    except (EditError, OSError) as exc:
        click.echo(f"{prefix}: {exc}", err=True)
        if not watching:
            raise SystemExit(2) from None
        return False
    text = message(written)
    if written.moved or not watching:
        click.echo(f"{prefix}: {text}", err=True)
    return True


class _WithNote:
    """Another output, then the agenda note written from the same refresh."""

    def __init__(self, out, rel: str):
        self.out, self.rel = out, rel

    def show(self, r, w) -> None:
        self.out.show(r, w)
        findings = r.findings if w.checks else None
        write_agenda_note(w.vault, self.rel, days=w.agenda_days, items=r.items, findings=findings, watching=True)


class _JsonOut:
    def __init__(self):
        _widen_pipe()

    def show(self, r, w) -> None:
        import sys

        for e in r.errors:
            click.echo(f"plainnet watch: {e}", err=True)
        line = r.json_line()
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


class _TextOut:
    LIMIT = 50

    def __init__(self, checks: bool):
        import sys

        self.checks = checks
        self.tty = sys.stdout.isatty()

    def show(self, r, w) -> None:
        import sys
        import time

        from plainnet.render import agenda_text, use_color

        if self.tty:
            sys.stdout.write("\033[H\033[2J\033[3J")  # clear the screen and its scrollback
        stamp = time.strftime("%H:%M:%S")
        if r.startup:
            click.echo(f"plainnet watch: {w.root} - {len(w.vault.index.walk.notes) if w.vault.index.walk else 0} "
                       f"notes, watching for changes (Ctrl-C stops)")
        elif r.changed:
            shown = ", ".join(r.changed[:5]) + (f" and {len(r.changed) - 5} more" if len(r.changed) > 5 else "")
            click.echo(f"[{stamp}] changed: {shown}")
        else:
            click.echo(f"[{stamp}] a new day")
        if not self.tty:
            click.echo("")
        agenda_text(r.items, r.today, r.problems, color=use_color())
        if self.checks:
            self._findings(r)
        elif r.findings:
            click.echo("\nNotes plainnet could not read:")
            for f in r.findings[:self.LIMIT]:
                click.echo(_line(f))
        for e in r.errors:
            click.echo(f"plainnet watch: {e}", err=True)
        if not self.tty:
            click.echo("")
        sys.stdout.flush()

    def _findings(self, r) -> None:
        from plainnet.checks.engine import summary

        if r.startup:
            if r.findings:
                click.echo("\nFindings:")
                for f in r.findings[:self.LIMIT]:
                    click.echo(_line(f))
                if len(r.findings) > self.LIMIT:
                    click.echo(f"... and {len(r.findings) - self.LIMIT} more ('plainnet check' lists them all)")
        else:
            if r.appeared or r.gone:
                click.echo("\nFindings since the last save:")
            for sign, group in (("+", r.appeared), ("-", r.gone)):
                for f in group[:self.LIMIT]:
                    click.echo(f"{sign} {_line(f)}")
                if len(group) > self.LIMIT:
                    click.echo(f"{sign} ... and {len(group) - self.LIMIT} more")
        click.echo(f"checks: {summary(r.findings)}")


def _widen_pipe() -> None:
    """A refresh of a big vault is a line of megabytes: through a 64 KiB pipe that is dozens of
    round trips between writer and reader, each waiting for a CPU on a busy machine. Ask Linux for
    a pipe as big as allowed (1 MiB by default)."""
    import sys

    try:
        import fcntl

        setsz = getattr(fcntl, "F_SETPIPE_SZ", None)
        if setsz is None or not hasattr(sys.stdout, "fileno"):
            return
        fd = sys.stdout.fileno()
        try:
            with open("/proc/sys/fs/pipe-max-size") as f:
                size = int(f.read())
        except (OSError, ValueError):
            size = 1 << 20
        fcntl.fcntl(fd, setsz, min(size, 4 << 20))
    except (OSError, ValueError, ImportError, AttributeError):  # not a pipe, not Linux, not allowed
        pass


def _line(f) -> str:
    return f"{f.path}:{f.line}:{f.column}: {f.severity} {f.rule} {f.message}"
