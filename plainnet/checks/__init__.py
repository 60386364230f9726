"""plainnet check: the rule registry, the word lists and the pitch analysis.

- `plainnet.checks.rules`: `Rule`, `RULES` (every rule id), `explain`,
  `thresholds`, `severity`, `enabled`, `silenced`.
- `plainnet.checks.wordlists`: `load_wordlists(extend, remove) -> WordLists`.
- `plainnet.checks.pitch`: `check_pitch(...)` and the shared text helpers `strip_markdown`,
  `split_sentences`, `find_phrases`, `count_words`.
"""
import importlib

# imported on first use: `plainnet check` on a cached result never loads the pitch analysis
_EXPORTS = {"RULES": "rules", "Rule": "rules", "explain": "rules", "WordLists": "wordlists",
            "load_wordlists": "wordlists", "check_pitch": "pitch", "count_words": "pitch",
            "find_phrases": "pitch", "split_sentences": "pitch", "strip_markdown": "pitch"}
__all__ = list(_EXPORTS)


def __getattr__(name):
    if name in _EXPORTS:
        return getattr(importlib.import_module(f"plainnet.checks.{_EXPORTS[name]}"), name)
    raise AttributeError(name)
