"""`plainnet find`: full-text search with filters (library: plainnet.search)."""
from __future__ import annotations

import click


@click.command("find")
@click.argument("query", nargs=-1)
@click.option("--type", "types", multiple=True, type=click.Choice(["contact", "event", "group", "pitch", "note"]),
              help="Only notes of this type (repeatable: any of them).")
@click.option("--tag", "tags", multiple=True, metavar="TAG",
              help="Only notes with this tag or a nested tag below it (repeatable: all of them).")
@click.option("--limit", type=click.IntRange(0), default=20, show_default=True, help="At most this many hits (0: all).")
@click.option("--json", "as_json", is_flag=True, help="Print the hits as JSON.")
@click.pass_obj
def find(obj, query, types, tags, limit, as_json):
    """Search titles, aliases, front-matter values and bodies for QUERY, best match first.

    QUERY is words (all must occur), "quoted phrases" and word* prefixes, with filters:
    key:value (the field contains the value, ignoring case, e.g. company:Northwind or met:2026-11),
    key:* (the field is filled), type:T and tag:T. Each hit is path:line with a snippet.
    """
    from plainnet.search import OPEN, CLOSE, QueryError, find as run, parse_query

    try:
        q = parse_query(query, types, tags)
    except QueryError as exc:
        raise click.UsageError(str(exc)) from None
    hits = run(obj.vault(), q, limit or None)
    if as_json:
        from plainnet.render import dump_json

        click.echo(dump_json({"query": list(query), "hits": [h.to_json() for h in hits]}))
        return
    from plainnet.render import use_color

    color = use_color()
    for h in hits:
        snippet = h.snippet
        if color:
            snippet = snippet.replace(OPEN, "\x1b[1;33m").replace(CLOSE, "\x1b[0m")
        else:
            snippet = snippet.replace(OPEN, "**").replace(CLOSE, "**")
        head = f"{h.path}:{h.line}"
        click.echo((click.style(head, fg="cyan") if color else head) + f"  {h.title}" + (f" ({h.type})" if h.type else ""))
        if h.part != "title" or snippet != h.title:
            click.echo(f"    {snippet}")
    if not hits:
        click.echo("no notes match", err=True)
