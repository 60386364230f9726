"""`plainnet import` and `plainnet export vcf`: thin commands over plainnet.cards.importing."""
from __future__ import annotations

import os
import sys

import click

PROGRESS_FROM = 64 * 1024  # bytes of input: smaller imports finish before a bar is worth drawing


def _fail(message: str) -> None:
    click.echo(f"plainnet: {message}", err=True)
    raise SystemExit(2)


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Show what would happen; write nothing.")
@click.option("--tag", "tags", metavar="TAG", multiple=True,
              help="Add TAG to `tags` of every imported or matched contact (repeatable: each one is added).")
@click.option("--met", metavar="EVENT-or-DATE",
              help="Where or when you met them: an event note (becomes `met: \"[[Event]]\"`) or a date "
                   "(default: today). Only new contacts get `met`.")
@click.pass_obj
def import_cmd(obj, files, dry_run, tags, met):
    """Import contacts from vCard (.vcf 2.1, 3.0, 4.0) and CSV files (LinkedIn, Google, Outlook,
    Thunderbird, Exchange) into people/.

    A card whose email (any case), name or alias matches a contact is merged into it: empty
    fields are filled, nothing the note already says is overwritten, and each difference is
    reported as a conflict. Other cards become new notes from templates/contact.md, named after
    the person (or the company), with `met` and the tag, so that the agenda's no-next-step section
    shows them until they get a follow-up. Importing the same file again changes nothing.
    Unreadable cards and rows are reported with file:line; the rest still import.
    """
    from plainnet.write.edit import EditError
    from plainnet.cards.formats import ImportFormatError
    from plainnet.cards.importing import apply_import, plan_import
    from plainnet.render import use_color

    for f in files:  # a named pipe or device would block the import forever
        if not os.path.isfile(f):
            _fail(f"{f}: not a regular file (a pipe, socket or device); plainnet imports only files")
    vault = obj.vault()
    bar = None
    if use_color(sys.stderr) and sum(os.path.getsize(f) for f in files) >= PROGRESS_FROM:
        bar = _Bar()
    try:
        plan = plan_import(vault, files, tag=tags, met=met, progress=bar)
        apply_import(plan, progress=bar, dry_run=dry_run)
    except (ImportFormatError, EditError) as exc:
        _fail(str(exc))
    finally:
        if bar:
            bar.close()
    for line in plan.lines():
        click.echo(line)
    summary = plan.summary()
    click.echo(("dry run, nothing written: " if dry_run else "") + summary)
    if plan.cannot_write:  # the disk refused (read-only folder, disk full): a usage-level problem
        for message in plan.cannot_write[:5]:
            click.echo(f"plainnet: {message}", err=True)
        if len(plan.cannot_write) > 5:
            click.echo(f"plainnet: … and {len(plan.cannot_write) - 5} more notes could not be written", err=True)
        raise SystemExit(2)
    if plan.counts()["failed"]:
        raise SystemExit(1)


class _Bar:
    """A rich progress bar on stderr: one line per phase (reading each file, matching, writing)."""

    def __init__(self):
        self.progress = None
        self.tasks: dict[str, int] = {}

    def __call__(self, phase: str, done: int, total: int) -> None:
        if self.progress is None:
            from rich.progress import Progress

            from plainnet.render import console

            self.progress = Progress(transient=True, console=console(stderr=True))
            self.progress.start()
        if phase not in self.tasks:
            self.tasks[phase] = self.progress.add_task(phase, total=total)
        self.progress.update(self.tasks[phase], completed=done, total=total)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None


@click.group()
def export():
    """Write contacts out for other programs."""


@export.command("vcf")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--tag", "tags", metavar="TAG", multiple=True,
              help="Only contacts with this tag (or a tag below it); repeat it for contacts with any of several tags.")
@click.pass_obj
def export_vcf_cmd(obj, file, tags):
    """Write contacts to FILE as vCard 4.0 (`-` for stdout).

    For a phone's or mail client's address book: name, aliases, company, role, emails, phones,
    addresses, links, birthday.

    Each contact gets a stable UID, so importing the file again updates the address book
    instead of duplicating it; `plainnet import FILE` into an empty vault gives the same contacts.
    """
    from plainnet.cards.importing import export_vcf

    vault = obj.vault()
    text, count = export_vcf(vault, tags)
    data = text.encode("utf-8")
    if file == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        click.echo(f"exported {count} contact{'s' if count != 1 else ''}", err=True)
        return
    from plainnet.vault.files import CannotWrite, atomic_write_bytes

    try:
        atomic_write_bytes(file, data)
    except CannotWrite as exc:
        _fail(str(exc))
    click.echo(f"exported {count} contact{'s' if count != 1 else ''} to {file}")
