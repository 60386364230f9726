"""One Markdown file read into a `Note`: front matter, links, tasks, log lines, dates and facts.

- `parse`: `parse_note(text, path) -> Note` with the Obsidian rules (BOM, `---` exactly, line
  numbers, lenient dates, refused tags).
- `model`: the parse's types (`Note`, `Task`, `LogEntry`, `NOTE_TYPES`).
- `links`, `dates`, `facts`: wikilinks and Markdown links, date and cadence values, and the facts
  the rules read from front matter.
- `findings`: the `Finding` every rule reports, its order and its JSON line.

May import: `plainnet.vault` only. Pure functions over text: no SQLite, no vault-wide state.
"""
