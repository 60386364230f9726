"""The index: a disposable SQLite cache of parsed notes, kept in step with the files.

- `store`: `Index` (open, sync by (path, size, mtime_ns), query) and the change log.
- `schema`: tables, `PRAGMA user_version`; a different version rebuilds the file.
- `rows`: a parsed note as table rows (run in worker processes during a sync).
- `names`: the name table links resolve against.
- `cache`: results kept beside the index, keyed by everything they depend on (`cached`).

May import: `plainnet.notes`, `plainnet.vault`. Never a feature, never `plainnet.write`: the index
knows nothing of how a command prints.
"""
