"""plainnet check: the rule registry, the word lists and the pitch analysis.

- `plainnet.checks.rules`: `Rule`, `RULES` (every rule id of SPEC section 4), `explain`,
  `thresholds`, `severity`, `enabled`, `silenced`.
- `plainnet.checks.wordlists`: `load_wordlists(extend, remove) -> WordLists`.
- `plainnet.checks.pitch`: `check_pitch(...)` and the shared text helpers `strip_markdown`,
  `split_sentences`, `find_phrases`, `count_words`.
"""
from plainnet.checks.rules import RULES, Rule, explain
from plainnet.checks.wordlists import WordLists, load_wordlists
from plainnet.checks.pitch import check_pitch, count_words, find_phrases, split_sentences, strip_markdown

__all__ = [
    "RULES", "Rule", "explain", "WordLists", "load_wordlists", "check_pitch", "count_words",
    "find_phrases", "split_sentences", "strip_markdown",
]
