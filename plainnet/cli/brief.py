"""`plainnet brief`: the homework for a meeting (library: plainnet.brief)."""
from __future__ import annotations

import click


@click.command()
@click.argument("name")
@click.option("--html", "html_file", type=click.Path(dir_okay=False), help="Also write the brief as one self-contained HTML page.")
@click.option("--write", "write", is_flag=True, help="Append the brief under `## Brief` in the event (or contact) note.")
@click.option("--json", "as_json", is_flag=True, help="Print the brief as JSON.")
@click.pass_obj
def brief(obj, name, html_file, write, as_json):
    """Prepare for the meeting NAME (an event), or for seeing the contact NAME.

    For each attendee: who they are and how you met, the last contact and its line, what they
    need and what you can offer, what you owe and what they promised, what you gave and got,
    people you both know and the last three log lines. Then your objectives, the pitch with its
    coach reading, and the homework still missing.
    """
    from plainnet.brief import brief_html, brief_markdown, make_brief
    from plainnet.write.edit import EditError

    vault = obj.vault()
    b = make_brief(vault, name)
    text = brief_markdown(b, vault.today)
    if html_file:
        from plainnet.vault.files import atomic_write_bytes

        atomic_write_bytes(html_file, brief_html(text, f"Brief: {b.title}").encode("utf-8"))
    if write:
        from plainnet.write import edit

        try:
            edit.apply_edit(vault.root / b.path, edit.append_under_heading, "## Brief", text.rstrip("\n"))
        except EditError as exc:
            click.echo(f"plainnet: {exc}", err=True)
            raise SystemExit(2)
    if as_json:
        from plainnet.render import dump_json

        click.echo(dump_json(b.to_json()))
    else:
        click.echo(text, nl=False)
    if html_file:
        click.echo(f"wrote {html_file}", err=True)
    if write:
        click.echo(f"{b.path}: brief appended under ## Brief", err=True)
