"""`plainnet pitch [NOTE]`: how the coach read a pitch, slot by slot, so its findings can be checked."""
from __future__ import annotations

import click


_MARK = {"present": "ok", "vague": "vague", "missing": "missing"}


def _text(report: dict) -> str:
    out = [report["path"]]
    ln = report["length"]
    over = ln["words"] > ln["slot_words"]
    out.append(f"  length    {ln['words']} words, about {ln['seconds']:g} s at {ln['wpm']:g} wpm; "
               f"slot {ln['slot_seconds']:g} s ({ln['slot_words']} words)" + ("  OVER" if over else ""))
    for name, slot in report["slots"].items():
        head = f"  {name:9} {_MARK[slot['verdict']]:8}"
        reads = slot["read"]
        if not reads:
            out.append(head + " (nothing read)")
        for i, r in enumerate(reads[:3]):
            where = "front matter" if slot["source"] == "front matter" else f"line {r['line']}"
            out.append((head if i == 0 else " " * len(head)) + f" “{r['text']}” ({where})")
        if len(reads) > 3:
            out.append(" " * len(head) + f" … and {len(reads) - 3} more")
        if slot["why"]:
            out.append(" " * len(head) + " " + slot["why"])
    if report["findings"]:
        out.append("  findings:")
        for f in report["findings"]:
            out.append(f"    {report['path']}:{f['line']}:{f['column']}: {f['severity']} {f['rule']} {f['message']}")
    else:
        out.append("  findings: none")
    return "\n".join(out)


@click.command("pitch")
@click.argument("note", required=False)
@click.option("--json", "as_json", is_flag=True,
              help="Print the reading as JSON: slots with their words and verdicts, length, findings.")
@click.pass_obj
def pitch(obj, note, as_json):
    """Show how plainnet reads a pitch: each slot (speaker, audience, problem, offer, proof, ask)
    with the words that filled it and its verdict, the length against the slot, and the findings.

    NOTE is a pitch note or an event with a `pitch:` text (path, title or alias); without it,
    every pitch note in the vault is shown."""
    from plainnet.render import dump_json
    from plainnet.rules.local import pitch_reading

    vault = obj.vault()
    if note:
        path = vault.lookup(note)
        report = pitch_reading(vault, path)
        if report is None:
            raise click.UsageError(f"{path} holds no pitch: give a pitch note, or an event with a `pitch:` text")
        click.echo(dump_json(report) if as_json else _text(report))
        return
    reports = [r for r in (pitch_reading(vault, n.path) for n in vault.pitches()) if r is not None]
    if as_json:
        click.echo(dump_json(reports))
        return
    if not reports:
        click.echo("no pitch notes in this vault: 'plainnet new pitch NAME' starts one")
        return
    click.echo("\n\n".join(_text(r) for r in reports))
