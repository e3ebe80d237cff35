"""Pause Python's cyclic garbage collector while one document is read and checked.

Reading a PDF makes hundreds of thousands of small objects (chars, edges, cells, rows) that
all live until the document is done. Each few hundred allocations the collector scans the
young ones, finds them all alive, and promotes them, and the growing old generation triggers
full scans as well: about a tenth of the time of reading and checking a document, freeing
nothing. Reference counting still frees everything that is not in a cycle; the few cycles a
document leaves behind are collected as soon as the last pause ends.

The pause nests and is shared between threads: the collector is switched off when the first
pause starts (if it was on) and back on when the last one ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cyclic collector off; nested and concurrent pauses share one."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
