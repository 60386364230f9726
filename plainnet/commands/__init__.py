"""Click commands that live in their own modules (one feature each); cli.py registers them.

A module here defines click commands and keeps heavy imports inside the command functions, so
that `plainnet --help` and the read commands stay fast.
"""

# module -> command objects it defines; a module that does not exist yet is skipped
MODULES = {
    "plainnet.commands.watch": ("watch",),
    "plainnet.commands.edits": ("new", "log", "done"),
    "plainnet.commands.importing": ("import_cmd", "export"),
    "plainnet.commands.review": ("review",),
}
