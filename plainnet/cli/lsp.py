"""`plainnet lsp`: the language server editors start (see docs/editors.md)."""
from __future__ import annotations

import click


@click.command()
@click.option("--debounce", type=click.IntRange(0, 5000), default=50, show_default=True, metavar="MS",
              help="Milliseconds a change waits before its findings are computed (later changes restart it).")
@click.option("--no-watch", is_flag=True,
              help="Do not watch the vault's files; rely on the editor's file events for notes it has not open.")
@click.option("--log-file", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write the server's log to FILE (stdout carries the protocol).")
@click.pass_obj
def lsp(obj, debounce, no_watch, log_file):
    """Run the language server over stdin/stdout for the vault's Markdown notes.

    Diagnostics (every check finding, as you type), completion of note names and front-matter
    fields, hovers, go to definition, backlinks, document symbols and quick fixes. The vault is
    --vault, else the editor's workspace folder. Editors start this command themselves.
    """
    import logging

    from plainnet.lsp.server import make_server

    if log_file:
        logging.basicConfig(filename=log_file, level=logging.INFO)
    server = make_server(obj.vault_arg, obj.today, debounce / 1000, watch=not no_watch)
    server.start_io()
