"""`plainnet new`, `log` and `done`: the commands that write notes (through plainnet.write.edit)."""
from __future__ import annotations


import click


from plainnet.cli.registry import date_param as _date


def _report(change) -> None:
    for line in change.what:
        click.echo(f"{change.path}: {line}")


def _fail(exc) -> None:
    """Refusals are user-level: one clear message on stderr, exit 2, nothing written."""
    click.echo(f"plainnet: {exc}", err=True)
    raise SystemExit(2)


@click.command()
@click.argument("kind", type=click.Choice(["contact", "event", "group", "pitch"]))
@click.argument("name")
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE",
              help="Set a front-matter field (repeatable), e.g. --set company=Acme --set cadence=1m.")
@click.option("--edit", "open_editor", is_flag=True, help="Open the new note in $EDITOR.")
@click.pass_obj
def new(obj, kind, name, sets, open_editor):
    """Create a KIND note called NAME from the vault's template (templates/KIND.md).

    The note goes in the folder for its type (people/, events/, groups/; pitches at the top).
    Names with / \\ : * ? " < > | or a leading '.' are refused, and so is an existing note.
    """
    from plainnet.write.edit import EditError
    from plainnet.record import new_note, parse_set

    vault = obj.vault(sync=False)
    try:
        change = new_note(vault, kind, name, parse_set(sets))
    except EditError as exc:
        _fail(exc)
    _report(change)
    if open_editor:
        click.edit(filename=str(vault.root / change.path))


@click.command()
@click.argument("name")
@click.argument("what", required=False, default="")
@click.option("--date", "when", callback=_date, metavar="YYYY-MM-DD", help="When it happened (default: today).")
@click.option("--follow-up", "follow_ups", nargs=2, multiple=True, metavar="DATE WHAT",
              help="Add a follow-up due DATE (repeatable: each one is added).")
@click.option("--gave", multiple=True, metavar="TEXT",
              help="Something you gave them, added to `gave` (repeatable: each one is added).")
@click.option("--got", multiple=True, metavar="TEXT",
              help="Something you got from them, added to `got` (repeatable: each one is added).")
@click.pass_obj
def log(obj, name, what, when, follow_ups, gave, got):
    """Record an interaction with contact NAME (title, alias or email).

    Appends `- DATE: WHAT` under `## Log` (created at the end if absent), moves `last_contact`
    forward, and adds to `follow_ups`, `gave` and `got`. An unknown or ambiguous NAME lists the
    candidates and exits 2.
    """
    from plainnet.write.edit import EditError
    from plainnet.record import log_interaction

    fu = [(_date(None, None, due), text) for due, text in follow_ups]
    if not (what or fu or gave or got):
        raise click.UsageError("say what happened, or give --follow-up, --gave or --got")
    vault = obj.vault()
    try:
        change = log_interaction(vault, name, what, when=when, follow_up=fu, gave=gave, got=got)
    except EditError as exc:
        _fail(exc)
    _report(change)


@click.command()
@click.argument("note")
@click.argument("text", required=False)
@click.pass_obj
def done(obj, note, text):
    """Mark the open follow-up in NOTE whose text contains TEXT done.

    A front-matter follow-up gets `done: true`; a body task `- [ ]` becomes `- [x]` with a
    `✅ DATE`, as Obsidian Tasks writes it. Several matches are listed and nothing changes (exit 2).
    """
    from plainnet.write.edit import EditError
    from plainnet.record import mark_done

    vault = obj.vault()
    try:
        change = mark_done(vault, note, text)
    except EditError as exc:
        _fail(exc)
    _report(change)
