"""`plainnet agenda`: what to do next, from the network.

- `items`: the sections and their items (pure over a `Network`), `agenda_for` from scratch.
- `kept_items`: agenda items kept in the index and recomputed around changed notes.
- `cached`: the agenda a command prints, from the kept items and the result cache.
- `ics`: the calendar file. (The terminal text is in `plainnet.render`.)

May import: `plainnet.incremental`, `plainnet.api`, `plainnet.index`, `plainnet.network`,
`plainnet.notes`, `plainnet.vault`, `plainnet.render`.
"""
