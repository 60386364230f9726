"""The vault on disk: where its root is, which files are notes, and `plainnet init`.

- `files`: `find_root`, the safe walk (no symlink out of the vault), reading a note's bytes,
  writing a new file atomically.
- `init`: the folders, settings file and templates `plainnet init` writes.

The bottom layer: imports nothing else of plainnet. (`plainnet.toml` is read by `plainnet.settings`,
which checks rule ids and word lists against `plainnet.rules`, so it stands above them.)
"""
