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

    def __init__(self, vault: str | None, today: date | None, given: tuple = ()):
        self.vault_arg = vault
        self.today = today
        self.given = set(given)  # the global options given on the command line (not from the environment)
        self._vault = None
        self.noticed = False  # a notice was printed: this run's output is not for replaying

    def vault(self, sync: bool = True, progress=None):
        if self._vault is None:
            from plainnet.api import Vault
            from plainnet.vault.files import find_root

            self._vault = Vault(find_root(self.vault_arg), today=self.today)
            if sync:
                self._vault.sync(progress=progress)
            for line in self._vault.notices():
                self.noticed = True
                click.echo(f"plainnet: {line}", err=True)
        return self._vault


def _parse_today(ctx, param, value):
    from plainnet.cli.registry import date_param

    return date_param(ctx, param, value or os.environ.get("PLAINNET_TODAY") or None)


class PlainnetGroup(click.Group):
    """Maps the library's user-facing errors to clear one-line messages instead of tracebacks."""

    def main(self, args=None, *rest, **kwargs):
        """Everything written to the terminal, from any command, goes through render.terminal_safe.

        Everyday commands record what they printed for `plainnet.replay`, which answers the next
        run on an unchanged vault before any of this is imported."""
        from plainnet import replay
        from plainnet.render import TerminalSafeStream

        argv = list(sys.argv[1:] if args is None else args)
        real_out, real_err = sys.stdout, sys.stderr
        out, err = real_out, real_err
        recording = replay.command_form(argv) is not None
        if recording:
            out, err = replay.Recorder(real_out), replay.Recorder(real_err)
        self.opened = None  # the Ctx of this run, once the group's callback made it
        self.completed = False
        sys.stdout, sys.stderr = TerminalSafeStream(out), TerminalSafeStream(err)
        try:
            return super().main(args, *rest, **kwargs)
        except SystemExit as exc:
            if recording and self.completed:
                _record(argv, self.opened, exc.code, out, err)
            raise
        finally:
            sys.stdout, sys.stderr = real_out, real_err

    def invoke(self, ctx):
        from plainnet.settings import ConfigError
        from plainnet.vault.files import CannotWrite, OutsideVault, VaultNotFound

        try:
            result = super().invoke(ctx)
            self.completed = True  # the command ran to its end (for plainnet.replay)
            return result
        except click.exceptions.Exit as exc:
            self.completed = exc.exit_code in (0, 1)  # a command's own status (check's findings)
            raise
        except (VaultNotFound, ConfigError) as exc:
            click.echo(f"plainnet: {exc}", err=True)
            ctx.exit(EXIT_USAGE)
        except LookupError as exc:  # NoteNotFound, AmbiguousNote
            click.echo(f"plainnet: {exc.args[0] if exc.args else exc}", err=True)
            ctx.exit(EXIT_USAGE)
        except (CannotWrite, OutsideVault) as exc:  # an output path, a symlink out of the vault
            click.echo(f"plainnet: {exc}", err=True)
            ctx.exit(EXIT_USAGE)
        except OverflowError:  # a date this command works out falls off the calendar's ends
            today = ctx.obj.today if isinstance(ctx.obj, Ctx) else None
            click.echo("plainnet: a date this command works out falls outside the calendar (0001-01-01 to "
                       "9999-12-31)" + (f"; --today {today.isoformat()} is too near one of its ends" if today else ""),
                       err=True)
            ctx.exit(EXIT_USAGE)


def _record(argv: list, obj, code, out, err) -> None:
    """Keep this run's output for the next run to replay, when the vault stays as it is."""
    from plainnet import replay

    vault = obj._vault if isinstance(obj, Ctx) else None
    if vault is None or obj.noticed or not (code is None or isinstance(code, int)):
        return
    stats = vault.last_sync
    replay.record(argv, vault, code or 0, out, err, today_used=vault.today.isoformat(),
                  settings=vault.settings_bytes,
                  index_untouched=stats is not None and not (stats.added or stats.changed or stats.removed
                                                             or stats.rebuilt))


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
    from click.core import ParameterSource

    ctx.obj = ctx.command.opened = Ctx(vault, today, [p for p in ("vault", "today")
                                                      if ctx.get_parameter_source(p) == ParameterSource.COMMANDLINE])
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
    from plainnet.vault.init import init_vault

    for line in init_vault(directory):
        click.echo(line)


# ---------------------------------------------------------------- index


@cli.command()
@click.option("--rebuild", is_flag=True, help="Re-parse every note, not just the changed ones.")
@click.option("--only-index", is_flag=True,
              help="Leave the agenda and the checks to the first command that needs them.")
@click.pass_obj
def index(obj, rebuild, only_index):
    """Build or refresh the index (.plainnet/index.sqlite) and print what changed.

    Every command does this by itself first; this one shows the summary and a progress bar, and
    also brings the agenda and the checks up to date, so that the first `plainnet` or `check`
    after a new index answers as fast as any other (on 100,000 notes that work is ~12 s each).
    """
    from plainnet.render import use_color

    vault = obj.vault(sync=False)
    if use_color(sys.stderr):
        from rich.progress import Progress

        with Progress(transient=True, console=None) as bar:
            task = bar.add_task("indexing", total=None)
            stats = vault.sync(rebuild=rebuild, progress=lambda done, total: bar.update(task, completed=done, total=total))
            if not only_index:
                bar.update(task, description="the agenda and the checks", total=None)
                _prepare(vault)
    else:
        stats = vault.sync(rebuild=rebuild)
        if not only_index:
            _prepare(vault)
    click.echo(stats.summary() + (" (see 'plainnet check')" if stats.problems else ""))


def _prepare(vault) -> None:
    """Refresh the agenda and the findings kept in the index (plainnet.incremental): after a new
    index that is building them whole, which the first agenda or check would otherwise do. (Not
    their printed results: at 100,000 notes those are 30 MB texts, whose assembly on top of the
    build took a new index over 500 MB; the first command assembles its own in a second or two.)"""
    from plainnet.agenda.kept_items import KeptAgenda
    from plainnet.checks.kept_findings import KeptFindings

    # the findings first: their refresh runs the per-note checks a small sync leaves for later,
    # which logs those notes as changed (the agenda refreshed before would be behind at once).
    # (The settings were checked by the sync: a mistake in them stopped it.)
    KeptFindings(vault).refresh()
    KeptAgenda(vault, None).refresh()


# ---------------------------------------------------------------- ls, show


@cli.command("ls")
@click.argument("type", required=False, type=click.Choice(["contact", "event", "group", "pitch", "note"]))
@click.option("--tag", "tags", metavar="TAG", multiple=True,
              help="Only notes with this tag (or a nested tag below it); repeat it for notes with any of several tags.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_obj
def ls_cmd(obj, type, tags, as_json):
    """List notes of a TYPE (contact, event, group, pitch; all when omitted) with their key fields."""
    from plainnet.listing import LS_HEADERS, list_notes, list_rows, list_text
    from plainnet.render import dump_json, print_table, use_color

    tag = tags[0] if len(tags) == 1 else tags or None

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
@click.option("--json", "as_json", is_flag=True, help="Print what plainnet parsed, and the story, as JSON.")
@click.pass_obj
def show(obj, note, as_json):
    """Show one NOTE (a vault path, title or alias): its card and its whole story.

    Last contact and when the cadence is next due, open follow-ups both ways, a timeline newest
    first, introductions, and the notes and lines that link here.
    """
    from plainnet.listing import show_note
    from plainnet.render import dump_json
    from plainnet.story import story_text, whole_story

    vault = obj.vault()
    data = show_note(vault, note)
    data.update(whole_story(vault, data["path"]))
    if as_json:
        click.echo(dump_json(data))
        return
    click.echo(story_text(data))


# ---------------------------------------------------------------- agenda


def _limit_param(ctx, param, value):
    """--limit: a positive number, or `all` (None)."""
    if value is None:
        return 10
    if str(value).strip().lower() == "all":
        return None
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise click.BadParameter(f"{value!r}: give a number of items (1 or more) or 'all'")
    return n


@cli.command()
@click.option("--days", type=click.IntRange(0, 3650), default=None,
              help="How many days ahead follow-ups count as upcoming (default 7, or agenda_days in plainnet.toml).")
@click.option("--json", "as_json", is_flag=True, help="Print the agenda as JSON (see the README for the shape).")
@click.option("--ics", "ics_file", type=click.Path(dir_okay=False, writable=True),
              help="Also write open follow-ups and stay-in-touch reminders as VTODOs, and birthdays and "
                   "anniversaries as yearly events, to this .ics file.")
@click.option("--limit", default="10", callback=_limit_param, metavar="N|all",
              help="Show the N most urgent items of each section, then how many more (default 10; "
                   "'all' for everything). JSON always lists everything.")
@click.option("--person", "people", metavar="NAME", multiple=True,
              help="Only items about this contact (title, alias or path); repeat it for several contacts.")
@click.option("--tag", "tags", metavar="TAG", multiple=True,
              help="Only items about notes with this tag; repeat it for notes with any of several tags.")
@click.option("--section", "sections", multiple=True,
              type=click.Choice(["overdue", "today", "upcoming", "homework", "dates", "stay-in-touch", "no-next-step"]),
              help="Only this section (repeatable).")
@click.option("--write", "note", metavar="NOTE.md",
              help="Write the agenda and the findings as a note in the vault (path relative to the vault), "
                   "for Obsidian: wikilinks, Tasks lines, marked as generated. See docs/agenda-note.md.")
@click.pass_obj
def agenda(obj, days=None, as_json=False, ics_file=None, limit=10, people=(), tags=(), sections=(), note=None):
    """What your network needs from you now, most urgent first.

    Overdue and upcoming follow-ups, meetings to prepare for, people to get back in touch with,
    and new contacts with no next step. Every item names its note as path:line.
    """
    from plainnet.render import agenda_text, json_items, use_color

    if isinstance(limit, str):  # invoked as the default command: click passes the raw default
        limit = _limit_param(None, None, limit)
    vault = obj.vault()
    if note:
        from plainnet.cli.watch import write_agenda_note

        write_agenda_note(vault, note, days=days)
        return
    problems = vault.unreadable_count()
    person, tag = people or None, tags or None
    if ics_file:
        from plainnet.agenda.items import filter_items
        from plainnet.agenda.kept_items import KeptAgenda

        kept = KeptAgenda(vault, days)
        kept.refresh()
        person_path = [vault.lookup(p) for p in person] if person else None
        every = kept.items(later=True)
        items = filter_items(vault, [i for i in every if i.section != "later"], person=person_path, tag=tag,
                            sections=tuple(sections))
        from plainnet.agenda.ics import ICS_SECTIONS, agenda_to_ics, yearly_of
        from plainnet.vault.files import atomic_write_bytes

        # the calendar gets every open dated follow-up (not just this window), filtered by person/tag
        due = filter_items(vault, [i for i in every if i.section in ICS_SECTIONS], person=person_path, tag=tag)
        yearly = [y for y in yearly_of(vault) if not person_path or y[0] in person_path]
        atomic_write_bytes(ics_file, agenda_to_ics(due, vault.today, vault.root.name, yearly if not tag else ()))
    elif person or tag or sections:  # a part of the agenda: only its rows are read
        from plainnet.agenda.items import quiet_counts, tagged_paths
        from plainnet.agenda.kept_items import KeptAgenda, items_from_rows

        kept = KeptAgenda(vault, days)
        kept.refresh()
        rows = kept.select(sections, people={vault.lookup(p) for p in person} if person else None,
                           tagged=tagged_paths(vault, tag) if tag else None)
        if as_json:
            from plainnet.render import json_texts

            _echo_json(json_texts({"today": vault.today.isoformat(), **quiet_counts(vault)}, "items",
                                  [t for t, _, _ in rows]), problems)
            return
        items = items_from_rows(rows)
    else:  # the everyday case: served from the result cache when the vault did not change
        from plainnet.agenda.cached import cached_agenda

        if as_json:
            _echo_json(cached_agenda(vault, days=days, as_bytes=True), problems)
            return
        if not use_color():
            from plainnet.agenda.cached import cached_agenda_text

            agenda_text([], vault.today, problems, plain=cached_agenda_text(vault, days=days, limit=limit))
            return
        items = cached_agenda(vault, days=days)
    from plainnet.agenda.items import quiet_counts, quiet_lines

    counts = quiet_counts(vault)
    if as_json:
        _echo_json(json_items({"today": vault.today.isoformat(), **counts}, "items", [i.to_json() for i in items]),
                   problems)
        return
    agenda_text(items, vault.today, problems, color=use_color(), footer=quiet_lines(counts), limit=limit)


def _echo_json(text: str | bytes, problems: int) -> None:
    """The agenda as JSON on stdout; how many notes could not be read on stderr (JSON stays clean)."""
    click.echo(text)
    if problems:
        click.echo(f"{problems} note(s) could not be read; run 'plainnet check' to see why.", err=True)


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
    from plainnet.rules.registry import RULES, explain

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
    try:  # (as_bytes: an unfiltered JSON check is copied out as kept, 30 MB at 100,000 notes)
        text, code = report(vault, fmt=fmt, select=select, ignore=ignore, paths=vault_paths(vault, paths),
                            fail_on=fail_on, as_bytes=True)
    except (KeyError, ValueError) as exc:
        raise click.UsageError(exc.args[0] if exc.args else str(exc)) from None
    click.echo(text, nl=False)
    ctx.exit(code)


def _register_feature_commands() -> None:
    import importlib

    from plainnet.cli.registry import MODULES

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


# ---------------------------------------------------------------- options anywhere, and never dropped


def _global_after(ctx, param, value):
    """`--vault`/`--today` given after the command: the same as before it. Both places with
    different values is a usage error, not a silent choice."""
    if value is None:
        return
    obj = ctx.find_object(Ctx)
    name = param.name.removeprefix("global_")
    if name == "today":
        from plainnet.cli.registry import date_param

        value = date_param(ctx, param, value)
    current = obj.vault_arg if name == "vault" else obj.today
    if name in obj.given and current != value:
        raise click.BadParameter(f"given before the command as {current} and after it as {value}; give it once")
    if name == "vault":
        obj.vault_arg = value
    else:
        obj.today = value
    obj.given.add(name)


GLOBAL_AFTER = (
    ("--vault", "global_vault", "DIR", "Vault folder; the same as `plainnet --vault DIR` before the command."),
    ("--today", "global_today", "YYYY-MM-DD", "Evaluate as of this date; the same as `plainnet --today` before the command."),
)


def _refuse_repeats(command: click.Command, args: list[str]) -> None:
    """An option that takes one value, given twice, is a usage error: click would keep the last
    one without a word. Repeatable options (multiple=True) keep every value instead."""
    single = {}
    for p in command.params:
        if isinstance(p, click.Option) and not p.multiple and not p.is_flag and not p.count:
            for opt in p.opts + p.secondary_opts:
                single[opt] = p
    seen: dict = {}
    subcommands = getattr(command, "commands", {})
    for arg in args:
        if arg == "--" or arg in subcommands:
            break  # what follows is the subcommand's, and it checks its own
        opt = arg.split("=", 1)[0] if arg.startswith("--") else arg
        p = single.get(opt)
        if p is not None:
            if p.name in seen:
                also = f" (also as {seen[p.name]})" if seen[p.name] != opt else ""
                raise click.UsageError(f"{opt} is given twice{also}; it takes one value, so give it once")
            seen[p.name] = opt


def _options_anywhere(command: click.Command, add_globals: bool = True) -> None:
    """Give every command (except init) the global options, and refuse a one-value option given twice."""
    if add_globals and command.name != "init" and not any(p.name == "global_vault" for p in command.params):
        for opt, name, metavar, text in GLOBAL_AFTER:
            command.params.append(click.Option([opt, name], metavar=metavar, expose_value=False,
                                               callback=_global_after, help=text))
    original = command.parse_args

    def parse_args(ctx, args, _original=original, _command=command):
        _refuse_repeats(_command, list(args))
        return _original(ctx, args)

    command.parse_args = parse_args
    for sub in getattr(command, "commands", {}).values():
        _options_anywhere(sub)  # (the subcommands of cli, and of export)


_options_anywhere(cli, add_globals=False)


def main():
    """Console-script entry point."""
    cli(prog_name="plainnet")


