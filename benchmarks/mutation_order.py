"""A pytest plugin for mutation runs: each mutant's quickest tests first.

mutmut stops a mutant's run at its first failing test (`-x`) but hands pytest the tests that reach
the mutant in no particular order, so a mutant a 20 ms test kills may first wait for a 2 s one.
Sorting by the durations mutmut recorded in its first pass (`mutmut-stats.json`, in the directory
the tests run from) changes no result, only how soon a killed mutant is known. Loaded by
benchmarks/mutation.sh with `-p mutation_order`.
"""

import json
from pathlib import Path

_durations: dict[str, float] = {}


def _recorded() -> dict[str, float]:
    # Read until there is something to read: the first pass runs before the file exists, and the
    # processes mutmut forks for the mutants inherit whatever was loaded by then.
    if not _durations:
        try:
            _durations.update(json.loads(Path("mutmut-stats.json").read_text())["duration_by_test"])
        except (OSError, ValueError, KeyError, TypeError):
            pass
    return _durations


def pytest_collection_modifyitems(config, items):
    durations = _recorded()
    if durations:
        items.sort(key=lambda item: durations.get(item.nodeid, float("inf")))
