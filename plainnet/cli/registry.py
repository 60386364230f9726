"""Click commands that live in their own modules (one feature each); cli.py registers them.

A module here defines click commands and keeps heavy imports inside the command functions, so
that `plainnet --help` and the read commands stay fast.
"""

# module -> command objects it defines; a module that does not exist yet is skipped
MODULES = {
    "plainnet.cli.watch": ("watch",),
    "plainnet.cli.edits": ("new", "log", "done"),
    "plainnet.cli.cards": ("import_cmd", "export"),
    "plainnet.cli.review": ("review",),
    "plainnet.cli.lsp": ("lsp",),
    "plainnet.cli.find": ("find",),
    "plainnet.cli.merge": ("merge", "rename"),
    "plainnet.cli.brief": ("brief",),
    "plainnet.cli.intro": ("intro",),
    "plainnet.cli.putaway": ("snooze", "archive"),
    "plainnet.cli.triage": ("triage",),
    "plainnet.cli.pitch": ("pitch",),
}


def date_param(ctx, param, value):
    """click callback: a YYYY-MM-DD option value as a date (None stays None)."""
    if value is None:
        return None
    from datetime import date

    import click

    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (use YYYY-MM-DD)") from None
