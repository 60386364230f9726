"""`plainnet snooze` and `plainnet archive`: put a contact away for a while, or for good."""
from __future__ import annotations

import click


def _run(fn, *args) -> None:
    from plainnet.write.edit import EditError

    try:
        change = fn(*args)
    except EditError as exc:
        click.echo(f"plainnet: {exc}", err=True)
        raise SystemExit(2)
    for line in change.what:
        click.echo(f"{change.path}: {line}")


@click.command()
@click.argument("name")
@click.argument("until", metavar="PERIOD|DATE|off")
@click.pass_obj
def snooze(obj, name, until):
    """Snooze contact NAME for PERIOD (2w, 10d, 3m, 1y) or until DATE (YYYY-MM-DD).

    Sets `snooze_until:`. Until then the contact is left out of the agenda's stay-in-touch and
    no-next-step sections and of the matching checks; the agenda counts snoozed contacts in one
    line. `off` wakes the contact up now.
    """
    from plainnet.putaway import snooze as do

    _run(do, obj.vault(), name, until)


@click.command()
@click.argument("name")
@click.option("--undo", is_flag=True, help="Take the contact out of the archive (empties `status:`).")
@click.pass_obj
def archive(obj, name, undo):
    """Archive contact NAME: sets `status: archived`.

    The contact leaves the agenda and the habit checks; its note, links, history and the
    `review` figures stay.
    """
    from plainnet.putaway import archive as do

    _run(do, obj.vault(), name, undo)
