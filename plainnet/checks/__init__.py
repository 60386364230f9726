"""`plainnet check`: runs every rule over the vault, keeps the findings in the index, reports them.

- `engine`: `run_checks`, `report` and the text/JSON/GitHub output of `plainnet check`.
- `compute`: the findings of the enabled rules for some notes (pure over a vault and its network).
- `habits`: the rules over the whole network (stay-in-touch, one-sided, card stack, ...).
- `kept_findings`: findings kept in the index and recomputed around changed notes.

May import: `plainnet.incremental`, `plainnet.api`, `plainnet.index`, `plainnet.rules`,
`plainnet.network`, `plainnet.notes`, `plainnet.vault`. Not the other features, not `plainnet.write`.
The per-note rules themselves (and the rule registry) live in `plainnet.rules`, below the index.
"""
