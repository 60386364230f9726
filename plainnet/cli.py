"""The command line: click commands only. Each parses options, calls the library, renders, and maps
user mistakes to a one-line message and an exit code (2 for usage, config and vault errors)."""
from __future__ import annotations

import os
import sys
from datetime import date

import click

EXIT_USAGE = 2


class Ctx:
    """Global options, and the vault opened on first use (so `--help` never touches the disk)."""

    def __init__(self, vault: str | None, today: date | None):
        self.vault_arg = vault
        self.today = today
        self._vault = None

    def vault(self, sync: bool = True, progress=None):
        if self._vault is None:
            from plainnet.api import Vault
            from plainnet.vault import find_root

            self._vault = Vault(find_root(self.vault_arg), today=self.today)
            if sync:
                self._vault.sync(progress=progress)
        return self._vault


def _parse_today(ctx, param, value):
    from plainnet.commands import date_param

    return date_param(ctx, param, value or os.environ.get("PLAINNET_TODAY") or None)


class PlainnetGroup(click.Group):
    """Maps the library's user-facing errors to clear one-line messages instead of tracebacks."""

    def main(self, *args, **kwargs):
        """Everything written to the terminal, from any command, goes through render.terminal_safe."""
        from plainnet.render import TerminalSafeStream

        out, err = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = TerminalSafeStream(out), TerminalSafeStream(err)
        try:
            return super().main(*args, **kwargs)
        finally:
            sys.stdout, sys.stderr = out, err

    def invoke(self, ctx):
        from plainnet.config import ConfigError
        from plainnet.vault import VaultNotFound

        try:
            return super().invoke(ctx)
        except (VaultNotFound, ConfigError) as exc:
            click.echo(f"plainnet: {exc}", err=True)
            ctx.exit(EXIT_USAGE)
        except LookupError as exc:  # NoteNotFound, AmbiguousNote
            click.echo(f"plainnet: {exc.args[0] if exc.args else exc}", err=True)
            ctx.exit(EXIT_USAGE)


@click.group(cls=PlainnetGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--vault", metavar="DIR", help="Vault folder (default: $PLAINNET_VAULT, else the nearest folder "
              "upward holding plainnet.toml or .obsidian/).")
@click.option("--today", metavar="YYYY-MM-DD", callback=_parse_today, expose_value=True,
              help="Evaluate as of this date (default: $PLAINNET_TODAY, else today).")
@click.version_option(package_name="plainnet", prog_name="plainnet")
@click.pass_context
def cli(ctx, vault, today):
    """plainnet: your professional network as plain Markdown files, and what to do next about it.

    With no command, shows the agenda.
    """
    ctx.obj = Ctx(vault, today)
    if ctx.invoked_subcommand is None:
        if "agenda" in cli.commands:
            ctx.invoke(cli.commands["agenda"])
        else:
            click.echo(ctx.get_help())


# ---------------------------------------------------------------- init


@cli.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False))
def init(directory):
    """Make DIRECTORY a plainnet vault: plainnet.toml, templates/, .gitignore and a pitch.md.

    Inside an existing Obsidian vault it adds only files that are missing and touches no note.
    """
    from plainnet.setup import init_vault

    for line in init_vault(directory):
        click.echo(line)


# ---------------------------------------------------------------- index


@cli.command()
@click.option("--rebuild", is_flag=True, help="Re-parse every note, not just the changed ones.")
@click.pass_obj
def index(obj, rebuild):
    """Build or refresh the index (.plainnet/index.sqlite) and print what changed.

    Every command does this by itself first; this one shows the summary and a progress bar.
    """
    from plainnet.render import use_color

    vault = obj.vault(sync=False)
    if use_color(sys.stderr):
        from rich.progress import Progress

        with Progress(transient=True, console=None) as bar:
            task = bar.add_task("indexing", total=None)
            stats = vault.sync(rebuild=rebuild, progress=lambda done, total: bar.update(task, completed=done, total=total))
    else:
        stats = vault.sync(rebuild=rebuild)
    click.echo(stats.summary() + (" (see 'plainnet check')" if stats.problems else ""))


# ---------------------------------------------------------------- ls, show


@cli.command("ls")
@click.argument("type", required=False, type=click.Choice(["contact", "event", "group", "pitch", "note"]))
@click.option("--tag", metavar="TAG", help="Only notes with this tag (or a nested tag below it).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_obj
def ls_cmd(obj, type, tag, as_json):
    """List notes of a TYPE (contact, event, group, pitch; all when omitted) with their key fields."""
    from plainnet.listing import LS_HEADERS, list_notes, list_rows, list_text
    from plainnet.render import dump_json, print_table, use_color

    if as_json:
        click.echo(dump_json(list_notes(obj.vault(), type, tag)))
        return
    if not use_color():
        text = list_text(obj.vault(), type, tag)
        if text:
            click.echo(text)
        return
    print_table(LS_HEADERS, list_rows(obj.vault(), type, tag))


@cli.command()
@click.argument("note")
@click.option("--json", "as_json", is_flag=True, help="Print exactly what plainnet parsed, as JSON.")
@click.pass_obj
def show(obj, note, as_json):
    """Show one NOTE (a vault path, title or alias) as plainnet understands it."""
    from plainnet.listing import show_note
    from plainnet.render import dump_json

    data = show_note(obj.vault(), note)
    if as_json:
        click.echo(dump_json(data))
        return
    click.echo(f"{data['title']}  ({data['type'] or 'note'})  {data['path']}")
    for key, value in data["front_matter"].items():
        click.echo(f"  {key}: {value}")
    if data["tags"]:
        click.echo("tags: " + ", ".join("#" + t for t in data["tags"]))
    if data["links"]:
        click.echo("links:")
        for l in data["links"]:
            where = f"{l['in']}:{l['key']}" if l["key"] else l["in"]
            click.echo(f"  line {l['line']} [{where}] [[{l['target']}]] -> {l['resolved'] or 'NOT FOUND'}")
    if data["tasks"]:
        click.echo("tasks:")
        for t in data["tasks"]:
            click.echo(f"  line {t['line']} [{'x' if t['done'] else ' '}] {t['text']}" + (f" (due {t['due']})" if t["due"] else ""))
    for f in data["findings"]:
        click.echo(f"{data['path']}:{f['line']}:{f['column']}: {f['severity']} {f['rule']} {f['message']}")


# ---------------------------------------------------------------- agenda


@cli.command()
@click.option("--days", type=click.IntRange(0, 3650), default=None,
              help="How many days ahead follow-ups count as upcoming (default 7, or agenda_days in plainnet.toml).")
@click.option("--json", "as_json", is_flag=True, help="Print the agenda as JSON (see the README for the shape).")
@click.option("--ics", "ics_file", type=click.Path(dir_okay=False, writable=True),
              help="Also write open follow-ups and stay-in-touch reminders as VTODOs to this .ics file.")
@click.option("--person", metavar="NAME", help="Only items about this contact (title, alias or path).")
@click.option("--tag", metavar="TAG", help="Only items about notes with this tag.")
@click.option("--section", "sections", multiple=True,
              type=click.Choice(["overdue", "today", "upcoming", "homework", "stay-in-touch", "no-next-step"]),
              help="Only this section (repeatable).")
@click.pass_obj
def agenda(obj, days=None, as_json=False, ics_file=None, person=None, tag=None, sections=()):
    """What your network needs from you now, most urgent first.

    Overdue and upcoming follow-ups, meetings to prepare for, people to get back in touch with,
    and new contacts with no next step. Every item names its note as path:line.
    """
    from plainnet.render import agenda_text, json_items, use_color

    vault = obj.vault()
    problems = vault.unreadable_count()
    if person or tag or ics_file:
        from plainnet.agenda import filter_items
        from plainnet.kept import KeptAgenda

        kept = KeptAgenda(vault, days)
        kept.refresh()
        person_path = vault.lookup(person) if person else None
        every = kept.items(later=True)
        items = filter_items(vault, [i for i in every if i.section != "later"], person=person_path, tag=tag,
                            sections=tuple(sections))
        if ics_file:
            from plainnet.ics import ICS_SECTIONS, agenda_to_ics
            from plainnet.vault import atomic_write_bytes

            # the calendar gets every open dated follow-up (not just this window), filtered by person/tag
            due = filter_items(vault, [i for i in every if i.section in ICS_SECTIONS], person=person_path, tag=tag)
            atomic_write_bytes(ics_file, agenda_to_ics(due, vault.today, vault.root.name))
    else:  # the everyday case: served from the result cache when the vault did not change
        from plainnet.agenda import cached_agenda

        if as_json and not sections:
            click.echo(cached_agenda(vault, days=days, as_json=True))
            if problems:
                click.echo(f"{problems} note(s) could not be read; run 'plainnet check' to see why.", err=True)
            return
        if not as_json and not sections and not use_color():
            from plainnet.agenda import cached_agenda_text

            agenda_text([], vault.today, problems, plain=cached_agenda_text(vault, days=days))
            return
        items = [i for i in cached_agenda(vault, days=days) if not sections or i.section in sections]
    if as_json:
        click.echo(json_items({"today": vault.today.isoformat()}, "items", [i.to_json() for i in items]))
        if problems:
            click.echo(f"{problems} note(s) could not be read; run 'plainnet check' to see why.", err=True)
        return
    agenda_text(items, vault.today, problems, color=use_color())


# ---------------------------------------------------------------- check


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True,
              help="text: path:line:col: severity rule message; json: an array; github: workflow annotations.")
@click.option("--select", multiple=True, metavar="RULES", help="Only these rules (ids, comma lists or prefixes like 'pitch').")
@click.option("--ignore", multiple=True, metavar="RULES", help="Skip these rules (ids, comma lists or prefixes).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default="error", show_default=True,
              help="Exit 1 when a finding of this severity or worse exists.")
@click.option("--explain", "explain_rule", metavar="RULE", help="Explain one rule: what, why (its source), how to silence.")
@click.option("--list-rules", is_flag=True, help="List every rule with its default severity and thresholds.")
@click.pass_obj
@click.pass_context
def check(ctx, obj, paths, fmt, select, ignore, fail_on, explain_rule, list_rules):
    """Check pitches, networking habits and data, like a linter.

    Prints `path:line:col: severity rule message` for each finding and a summary; exits 1 when an
    error-level finding exists (see --fail-on), 2 on a usage or configuration error.
    """
    from plainnet.checks.rules import RULES, explain

    if list_rules:
        for r in RULES.values():
            th = ", ".join(f"{k}={v}" for k, v in r.thresholds.items())
            click.echo(f"{r.id:22} {r.severity:8} {r.summary}" + (f" [{th}]" if th else ""))
        return
    if explain_rule:
        try:
            click.echo(explain(explain_rule), nl=False)
        except KeyError as exc:
            raise click.BadParameter(exc.args[0], param_hint="--explain") from None
        return
    from plainnet.checks.engine import report, vault_paths

    vault = obj.vault()
    try:
        text, code = report(vault, fmt=fmt, select=select, ignore=ignore, paths=vault_paths(vault, paths),
                            fail_on=fail_on)
    except (KeyError, ValueError) as exc:
        raise click.UsageError(exc.args[0] if exc.args else str(exc)) from None
    click.echo(text, nl=False)
    ctx.exit(code)


def _register_feature_commands() -> None:
    import importlib

    from plainnet.commands import MODULES

    for module, names in MODULES.items():
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name == module:
                continue
            raise
        for name in names:
            cli.add_command(getattr(mod, name))


_register_feature_commands()


def main():
    """Console-script entry point."""
    cli(prog_name="plainnet")


