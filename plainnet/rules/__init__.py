"""The rules `plainnet check` knows, and the per-note checks the index runs while it parses.

- `registry`: every rule id with its severity, explanation and thresholds (`RULES`, `explain`).
- `wordlists`: the phrase lists in `data/`, extended or trimmed by `[wordlists]` settings.
- `pitch`: the pitch rules, `pitch_reader`: the reader that fills a pitch's slots, `pitch_text`:
  a pitch's spoken words with their source offsets (markdown-it-py).
- `local`: the checks that need one note only (front matter values, dates, the pitch).
- `values`: fields whose value must come from a fixed set (cadence, status, kind...).
- `analyze`: runs `values` and `local` for the index during a sync, so kept findings are ready before asked.

May import: `plainnet.network`, `plainnet.notes`, `plainnet.vault`. Not the index, not a feature.
"""
