"""`plainnet review`: the period's figures and habits, as text, JSON or one HTML page.

- `figures`: the figures and the habit verdicts (pure over a vault's network and findings).
- `html`: the self-contained page.

May import: `plainnet.checks` (per-note findings), `plainnet.api` and everything below it.
"""
