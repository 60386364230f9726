"""`plainnet triage`: one key per contact without a next step, each choice written at once."""
from __future__ import annotations

import sys

import click

MENU = "f follow-up  c cadence  l logged today  s snooze  a archive  n skip  q quit"


def _fail(message: str) -> None:
    click.echo(f"plainnet: {message}", err=True)
    raise SystemExit(2)


@click.command()
@click.option("--plan", "plan_file", type=click.Path(exists=True, dir_okay=False, allow_dash=True),
              help="Read the choices from this file (one line per contact, in the order shown; '-' for "
                   "stdin) instead of asking. Piped input is read the same way.")
@click.pass_obj
def triage(obj, plan_file):
    """Walk the contacts without a next step, newest first, and decide for each with one key.

    f: a follow-up (date and what to do), c: a cadence, l: a contact logged today, s: snooze,
    a: archive, n: skip, q: quit. The pile is the contacts imported as history (`triage: pending`)
    and those the agenda lists under no-next-step. Every choice is written at once, so quitting
    loses nothing. A plan line reads like the keys: `f 2026-12-01 send the deck`, `f 2w call`,
    `c 3m`, `l coffee at the station`, `s 1m`, `a`, `n`, `q` (see docs/triage.md).
    """
    from plainnet.triage import pile

    vault = obj.vault()
    cards = pile(vault)
    if plan_file is None and not sys.stdin.isatty():
        plan_file = "-"
    if plan_file is not None:
        done, skipped, stopped = _run_plan(vault, cards, plan_file)
    else:
        if not cards:
            click.echo("Nothing to triage: every contact has a next step.")
            return
        done, skipped, stopped = _run_keys(vault, cards)
    left = len(cards) - done
    click.echo(f"triaged {done}, skipped {skipped}; {left} left" + (" (plainnet triage to go on)" if left else ""))


def _apply(vault, card, choice) -> None:
    from plainnet.write.edit import EditError
    from plainnet.triage import apply_choice

    try:
        change = apply_choice(vault, card.path, choice)
    except EditError as exc:
        _fail(str(exc))
    for line in change.what:
        click.echo(f"{change.path}: {line}")


def _run_plan(vault, cards, plan_file) -> tuple[int, int, bool]:
    """Read every line first (a mistake anywhere writes nothing), then apply them in order."""
    from plainnet.triage import PlanError, parse_choice

    name = "stdin" if plan_file == "-" else plan_file
    try:
        if plan_file == "-":
            text = sys.stdin.read()
        else:
            with open(plan_file, encoding="utf-8-sig") as f:
                text = f.read()
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"{name}: cannot read: {exc}")
    choices = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            choices.append((n, parse_choice(line, vault.today)))
        except PlanError as exc:
            _fail(f"{name}:{n}: {exc}")
    done = skipped = 0
    for card, (_n, choice) in zip(cards, choices):
        if choice.key == "q":
            return done, skipped, True
        if choice.key == "n":
            skipped += 1
            continue
        _apply(vault, card, choice)
        done += 1
    extra = len(choices) - len(cards)
    if extra > 0 and not any(c.key == "q" for _, c in choices[len(cards):]):
        click.echo(f"{name}: {extra} more choice{'s' if extra != 1 else ''} than contacts to triage; "
                   "the rest were not used", err=True)
    return done, skipped, False


def _read_key() -> str:
    """One key press, with prompt_toolkit (no Enter needed)."""
    from prompt_toolkit.application import Application
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.layout import Layout
    from prompt_toolkit.layout.containers import Window
    from prompt_toolkit.layout.controls import FormattedTextControl

    from plainnet.triage import KEYS

    kb = KeyBindings()
    for key in KEYS:
        kb.add(key)(lambda e, k=key: e.app.exit(result=k))
        kb.add(key.upper())(lambda e, k=key: e.app.exit(result=k))
    kb.add(" ")(lambda e: e.app.exit(result="n"))
    for key in ("c-c", "c-d", "escape"):
        kb.add(key)(lambda e: e.app.exit(result="q"))
    app = Application(layout=Layout(Window(FormattedTextControl(MENU + " > "), height=1)), key_bindings=kb,
                      full_screen=False)
    return app.run()


def _ask(message: str, default: str = "") -> str | None:
    from prompt_toolkit import prompt

    try:
        answer = prompt(message)
    except (KeyboardInterrupt, EOFError):
        return None
    return answer.strip() or default


def _run_keys(vault, cards) -> tuple[int, int, bool]:
    from plainnet.triage import PlanError, notes_of, parse_choice

    done = skipped = 0
    for i, card in enumerate(cards, 1):
        click.echo(f"\n[{i}/{len(cards)}] {card.title}  ({card.path})")
        for line in card.lines:
            click.echo(f"  {line}")
        for line in notes_of(vault, card.path):
            click.echo(f"  | {line}")
        while True:
            key = _read_key()
            if key == "q":
                return done, skipped, True
            if key == "n":
                skipped += 1
                break
            if key == "f":
                when = _ask("due (YYYY-MM-DD, 3d, 2w, 1m): ")
                what = _ask("what: ") if when else None
                line = f"f {when} {what}" if when and what else None
            elif key == "c":
                answer = _ask("cadence (2w, 3m, 1y; Enter: 3m): ", "3m")
                line = f"c {answer}" if answer else None
            elif key == "l":
                answer = _ask("what happened (Enter: in touch): ", "in touch")
                line = f"l {answer}" if answer is not None else None
            elif key == "s":
                answer = _ask("snooze for (2w, 1m, 1y or a date; Enter: 1m): ", "1m")
                line = f"s {answer}" if answer else None
            else:
                line = "a"
            if line is None:
                click.echo("  (nothing written)")
                continue
            try:
                choice = parse_choice(line, vault.today)
            except PlanError as exc:
                click.echo(f"  {exc}")
                continue
            _apply(vault, card, choice)
            done += 1
            break
    return done, skipped, False
