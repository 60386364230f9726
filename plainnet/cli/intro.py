"""`plainnet intro`: who can introduce you (library: plainnet.intro)."""
from __future__ import annotations

import click


@click.command()
@click.argument("target")
@click.option("--limit", type=click.IntRange(1, 100), default=5, show_default=True, help="How many paths to show.")
@click.option("--json", "as_json", is_flag=True, help="Print the paths as JSON.")
@click.pass_obj
def intro(obj, target, limit, as_json):
    """Who can introduce you to TARGET: a person, company:NAME, role:WORDS, tag:TAG (or #TAG).

    Ranks your contacts as bridges by what ties them to the target (one introduced the other,
    you met them together, log lines and gave/got entries that link the other, links between
    their notes) and by your own tie to them (recent contact, what you gave them), recent
    evidence counting more. Shows the best paths, each with why.
    """
    from plainnet.intro import find_paths, intro_text

    vault = obj.vault()
    paths, facts = find_paths(vault, target, limit)
    if as_json:
        from plainnet.render import dump_json

        click.echo(dump_json({"target": target, "matches": facts["targets"],
                              "direct": [{"path": t, "last_contact": d} for t, d in facts["direct"]],
                              "paths": [p.to_json(facts["titles"]) for p in paths]}))
        return
    click.echo(intro_text(paths, facts, facts["titles"]), nl=False)
