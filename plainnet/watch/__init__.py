"""`plainnet watch`: keeps the index, the agenda and (with --checks) the findings current as files
change, with a debounce that waits out bursts.

- `debounce`: which file events matter and when a batch of them is ready (pure, tested alone).
- `watcher`: the watchdog observer and the refresh.

May import: `plainnet.agenda`, `plainnet.checks`, `plainnet.incremental`, `plainnet.api` and
everything below it.
"""
