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
@click.argument("names", nargs=-1, required=True, metavar="NAME... [WHAT]")
@click.option("-m", "--message", metavar="WHAT",
              help="What happened; then every argument is a name (one interaction with several people).")
@click.option("--date", "when", callback=_date, metavar="YYYY-MM-DD", help="When it happened (default: today).")
@click.option("--follow-up", "follow_ups", nargs=2, multiple=True, metavar="DATE WHAT",
              help="Add a follow-up due DATE (repeatable: each one is added).")
@click.option("--gave", multiple=True, metavar="TEXT",
              help="Something you gave them, added to `gave` (repeatable: each one is added).")
@click.option("--got", multiple=True, metavar="TEXT",
              help="Something you got from them, added to `got` (repeatable: each one is added).")
@click.option("--planned", is_flag=True,
              help="WHAT has not happened yet: record it as a follow-up due --date instead of logging it.")
@click.pass_obj
def log(obj, names, message, when, follow_ups, gave, got, planned):
    """Record an interaction with contact NAME (title, alias or email), or with several.

    `log NAME "what"` logs one person; `log NAME NAME... -m "what"` logs one interaction with each
    of them (without -m the last argument is WHAT). Every note gets the same line.

    Appends `- DATE: WHAT` under `## Log` (created at the end if absent), moves `last_contact`
    forward, and adds to `follow_ups`, `gave` and `got`. Only what happened moves `last_contact`:
    a `--follow-up` alone does not. A --date after today is refused unless --planned is given,
    which records WHAT as a follow-up due that day. NAME must be a contact: an event or group is
    refused with the people it could log instead. An unknown or ambiguous NAME lists the
    candidates and exits 2.
    """
    from plainnet.write.edit import EditError
    from plainnet.record import log_interactions

    if message is not None:
        what = message
    elif len(names) > 1:
        names, what = names[:-1], names[-1]
    else:
        what = ""
    fu = [(_date(None, None, due), text) for due, text in follow_ups]
    if not (what or fu or gave or got):
        raise click.UsageError("say what happened, or give --follow-up, --gave or --got")
    if planned and when is None:
        raise click.UsageError("--planned needs --date: the day it is planned for")
    vault = obj.vault()
    try:
        changes = log_interactions(vault, names, what, when=when, follow_up=fu, gave=gave, got=got,
                                   planned=planned)
    except EditError as exc:
        _fail(exc)
    for change in changes:
        _report(change)


@click.command()
@click.argument("note")
@click.argument("text", required=False)
@click.option("--date", "when", callback=_date, metavar="YYYY-MM-DD", help="When it was done (default: today).")
@click.pass_obj
def done(obj, note, text, when):
    """Mark the open follow-up in NOTE whose text contains TEXT done, with the date it was done.

    A front-matter follow-up gets `done: DATE`; a body task `- [ ]` becomes `- [x]` with a
    `✅ DATE`, as Obsidian Tasks writes it, or `[completion:: DATE]` when it is dated the Dataview
    way (`[due:: …]`). Several matches are listed and nothing changes (exit 2).
    """
    from plainnet.write.edit import EditError
    from plainnet.record import mark_done

    vault = obj.vault()
    try:
        change = mark_done(vault, note, text, when)
    except EditError as exc:
        _fail(exc)
    _report(change)
