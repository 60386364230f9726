"""`plainnet merge` and `plainnet rename`: one person in one note, links kept (library: plainnet.merge)."""
from __future__ import annotations

import click


def _run(obj, make_plan, dry_run: bool, as_json: bool) -> None:
    from plainnet.write.edit import EditError
    from plainnet.merge import apply

    vault = obj.vault()
    try:
        plan = make_plan(vault)
        if not dry_run:
            apply(vault, plan)
    except EditError as exc:
        click.echo(f"plainnet: {exc}", err=True)
        raise SystemExit(2)
    if as_json:
        from plainnet.render import dump_json

        click.echo(dump_json({**plan.to_json(), "dry_run": dry_run}))
        return
    for line in plan.lines():
        click.echo(line)
    if dry_run:
        click.echo("(dry run: nothing was written)")


@click.command()
@click.argument("keep")
@click.argument("other")
@click.option("--dry-run", is_flag=True, help="Print the plan and write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the plan (or what was done) as JSON.")
@click.pass_obj
def merge(obj, keep, other, dry_run, as_json):
    """Merge the note OTHER into KEEP (two notes for one person), then remove OTHER.

    Fields are unioned: missing ones are copied, lists get the items they lack, a second email
    goes to `emails`, OTHER's title and aliases become aliases. A field both notes fill
    differently keeps KEEP's value; the other value is reported and written under
    `## Merged from OTHER`, with OTHER's body. OTHER's log lines join KEEP's `## Log`. Every link to
    OTHER in the vault then leads to KEEP. Nothing is written if any file changed meanwhile.
    """
    from plainnet.merge import plan_merge

    _run(obj, lambda vault: plan_merge(vault, keep, other), dry_run, as_json)


@click.command()
@click.argument("note")
@click.argument("new")
@click.option("--dry-run", is_flag=True, help="Print the plan and write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the plan (or what was done) as JSON.")
@click.pass_obj
def rename(obj, note, new, dry_run, as_json):
    """Rename NOTE to NEW (a name, kept in the same folder, or a vault path) and rewrite every
    link to it, each as a one-link change. Links through an alias stay as they are."""
    from plainnet.merge import plan_rename

    _run(obj, lambda vault: plan_rename(vault, note, new), dry_run, as_json)
