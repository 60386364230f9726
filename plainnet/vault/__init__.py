"""The vault on disk: where its root is, which files are notes, its settings, and `plainnet init`.

- `files`: `find_root`, the safe walk (no symlink out of the vault), reading a note's bytes,
  writing a new file atomically.
- `settings`: `plainnet.toml`, validated whole (`load_config`, `Config`, `ConfigError`).
- `init`: the folders, settings file and templates `plainnet init` writes.

The bottom layer: imports nothing else of plainnet.
"""
