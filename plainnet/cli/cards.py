"""`plainnet import` and `plainnet export vcf`: thin commands over plainnet.cards.importing."""
from __future__ import annotations

import os
import sys

import click

from plainnet.cli.registry import date_param

PROGRESS_FROM = 64 * 1024  # bytes of input: smaller imports finish before a bar is worth drawing


def _fail(message: str) -> None:
    click.echo(f"plainnet: {message}", err=True)
    raise SystemExit(2)


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--dry-run", is_flag=True, help="Show what would happen; write nothing.")
@click.option("--tag", "tags", metavar="TAG", multiple=True,
              help="Add TAG to `tags` of every imported or matched contact (repeatable: each one is added).")
@click.option("--met", metavar="EVENT-or-DATE",
              help="Where or when you met them: an event note (becomes `met: \"[[Event]]\"`) or a date "
                   "(default: today). Only new contacts get `met`.")
@click.option("--as-history/--as-new", "as_history", default=None,
              help="Contacts: new contacts wait for `plainnet triage` (`triage: pending`) instead of each "
                   "asking for a next step on the agenda (default: --as-history for LinkedIn and Google "
                   "exports without --met, --as-new for the rest).")
@click.option("--since", callback=date_param, metavar="YYYY-MM-DD",
              help="Calendars: first day of meetings to import (default: 90 days ago).")
@click.option("--until", callback=date_param, metavar="YYYY-MM-DD",
              help="Calendars: last day of meetings to import (default: 30 days ahead).")
@click.option("--all", "include_all", is_flag=True,
              help="Calendars: also import cancelled and declined meetings and those without other attendees.")
@click.option("--create-contacts", is_flag=True,
              help="Calendars: make every attendee who is no contact yet a contact (else they are listed).")
@click.option("--me", multiple=True, metavar="EMAIL",
              help="Calendars: one of your own addresses (repeatable; also `my_emails` in plainnet.toml).")
@click.option("--tz", "tz_name", metavar="ZONE",
              help="Calendars: show meeting times in this time zone, e.g. Europe/Berlin (default: this computer's).")
@click.pass_obj
def import_cmd(obj, files, dry_run, tags, met, as_history, since, until, include_all, create_contacts, me, tz_name):
    """Import contacts from vCard (.vcf 2.1, 3.0, 4.0) and CSV files (LinkedIn, Google, Outlook,
    Thunderbird, Exchange) into people/, and meetings from calendars (.ics files, or a folder of
    them) into events/.

    A card whose email (any case), name or alias matches a contact is merged into it: empty
    fields are filled, nothing the note already says is overwritten, and each difference is
    reported as a conflict. Other cards become new notes from templates/contact.md, named after
    the person (or the company), with `met` and the tag, so that the agenda's no-next-step section
    shows them until they get a follow-up. Importing the same file again changes nothing.
    Unreadable cards and rows are reported with file:line; the rest still import.

    Each meeting of a calendar between --since and --until (recurring ones expanded) becomes an
    event note with date, time, title, location, uid and attendees matched to contacts by email,
    then name. Cancelled and declined meetings and those with nobody else are skipped unless
    --all. Importing again updates only the fields plainnet owns (see docs/calendar.md).
    """
    from pathlib import Path

    from plainnet.write.edit import EditError
    from plainnet.cards.formats import ImportFormatError

    calendars = [f for f in files if Path(f).is_dir() or Path(f).suffix.lower() in (".ics", ".ical", ".ifb")]
    cards = [f for f in files if f not in calendars]
    calendar_only = (since, until, include_all, create_contacts, me, tz_name)
    if not calendars and any(calendar_only):
        raise click.UsageError("--since, --until, --all, --create-contacts, --me and --tz are for calendar "
                               "(.ics) files")
    if not cards and (met or as_history is not None or (tags and not create_contacts)):
        raise click.UsageError("--met, --as-history/--as-new and --tag are for contact files (.vcf, .csv); "
                               "with a calendar, --tag goes with --create-contacts")
    tz = None
    if tz_name:
        try:
            from zoneinfo import ZoneInfo

            tz = ZoneInfo(tz_name)
        except (KeyError, ValueError, OSError):
            raise click.BadParameter(f"{tz_name!r} is not a time zone name (e.g. Europe/Berlin)",
                                     param_hint="--tz") from None
    failed = False
    vault = obj.vault()
    if cards:
        failed = _import_cards(vault, cards, dry_run, tags, met, as_history)
    if calendars:
        from plainnet.cards.calendar_import import apply_calendar, plan_calendar

        try:
            plan = plan_calendar(vault, calendars, since=since, until=until, include_all=include_all,
                                 create_contacts=create_contacts, me=me, tz=tz, tag=tags)
            apply_calendar(plan, dry_run=dry_run)
        except (ImportFormatError, EditError) as exc:
            _fail(str(exc))
        for line in plan.lines():
            click.echo(line)
        click.echo(("dry run, nothing written: " if dry_run else "") + plan.summary())
        failed = failed or bool(plan.counts()["failed"])
    if failed:
        raise SystemExit(1)


def _import_cards(vault, files, dry_run, tag, met, as_history) -> bool:
    """The contact half of `import`; True when a card failed."""
    from plainnet.write.edit import EditError
    from plainnet.cards.formats import ImportFormatError
    from plainnet.cards.importing import apply_import, plan_import
    from plainnet.render import use_color

    for f in files:  # a named pipe or device would block the import forever
        if not os.path.isfile(f):
            _fail(f"{f}: not a regular file (a pipe, socket or device); plainnet imports only files")
    bar = None
    if use_color(sys.stderr) and sum(os.path.getsize(f) for f in files) >= PROGRESS_FROM:
        bar = _Bar()
    try:
        plan = plan_import(vault, files, tag=tag, met=met, progress=bar, as_history=as_history)
        apply_import(plan, progress=bar, dry_run=dry_run)
    except (ImportFormatError, EditError) as exc:
        _fail(str(exc))
    finally:
        if bar:
            bar.close()
    for line in plan.lines():
        click.echo(line)
    waiting = sum(1 for t in plan.targets.values() if t.new and t.fields.get("triage") == "pending" and not t.error)
    if waiting:
        click.echo(f"  ({waiting} new contact{'s' if waiting != 1 else ''} imported as history: they wait for "
                   "'plainnet triage' instead of filling the agenda)")
    summary = plan.summary()
    click.echo(("dry run, nothing written: " if dry_run else "") + summary)
    if plan.cannot_write:  # the disk refused (read-only folder, disk full): a usage-level problem
        for message in plan.cannot_write[:5]:
            click.echo(f"plainnet: {message}", err=True)
        if len(plan.cannot_write) > 5:
            click.echo(f"plainnet: … and {len(plan.cannot_write) - 5} more notes could not be written", err=True)
        raise SystemExit(2)
    return bool(plan.counts()["failed"])


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
