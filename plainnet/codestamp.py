"""What plainnet's own files are: a result kept on disk is only as good as the code that made it.

May import: nothing of plainnet (the result caches and the replayed answers both use it).
"""
from __future__ import annotations

import os

#: the plainnet package folder
BASE = os.path.dirname(os.path.abspath(__file__))


_STAMP: list | None = None


def code_stamp() -> list:
    """(path, size, mtime_ns) of plainnet's own .py and data files: new code means new results.
    Read once per process: the code that runs is the code that was loaded, even if plainnet is
    upgraded under a long-running `watch`."""
    global _STAMP
    if _STAMP is None:
        _STAMP = _read()
    return _STAMP


def _read() -> list:
    out = []
    stack = [BASE]
    while stack:
        d = stack.pop()
        with os.scandir(d) as it:
            for e in it:
                if e.is_dir(follow_symlinks=False):
                    if e.name != "__pycache__":
                        stack.append(e.path)
                elif e.name.endswith((".py", ".txt", ".toml", ".yaml", ".json", ".md")):
                    st = e.stat()
                    out.append((os.path.relpath(e.path, BASE), st.st_size, st.st_mtime_ns))
    return sorted(out)
