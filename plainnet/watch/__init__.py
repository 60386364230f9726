"""`plainnet watch`: keeps the index, the agenda and (with --checks) the findings current as files
change, with a debounce that waits out bursts.

- `watcher`: the watchdog observer, the debounce and the refresh.

May import: `plainnet.agenda`, `plainnet.checks`, `plainnet.incremental`, `plainnet.api` and
everything below it.
"""
