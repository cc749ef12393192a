"""The lock the statistics and verdict workers hold while they read geometry, for edits on the GUI thread."""

from __future__ import annotations

import contextlib
import threading

from sovsplit.ui.panels import stats_panel

# The workers' lock if the statistics panel has one (GEOS prepared geometries must not be used by two threads).
_LOCK = getattr(stats_panel, "MODEL_LOCK", None) or threading.RLock()
# An edit waits this long for a running statistics job; the job takes a fraction of a second after an edit.
EDIT_WAIT_S = 10.0


@contextlib.contextmanager
def model_access(wait: bool = True):
    """Hold the model lock; yields False (and holds nothing) when it is busy and `wait` is False."""
    got = _LOCK.acquire(timeout=EDIT_WAIT_S) if wait else _LOCK.acquire(blocking=False)
    try:
        yield got
    finally:
        if got:
            _LOCK.release()
