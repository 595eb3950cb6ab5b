"""Full garbage collections come in the pauses between keys, before Python would run them.

A full collection walks every object the app holds that is not frozen: 10-18 ms once Textual's
caches have grown, and Python ran one every 7 keystrokes or so, in the middle of them (measured
in tmux: 5 full collections in 33 timed keystrokes). So when the keys pause, a full collection
that is at least half due runs then, and the one-time collect-and-freeze of what was loaded at
start waits for the first pause (in a thread beside the first keys' searches, it took the GIL
from them). Python's own thresholds are left as they are: putting full collections off while
typing made the app grow (62 to 75-90 MB over a hundred keys without a pause, as Textual's
strips form reference cycles) and measured no faster at p95.
"""

from __future__ import annotations

import gc
import time

QUIET = 0.5  # seconds without a key before a pending full collection runs


class IdleCollector:
    """Runs the full collections Python is about to run, once no key has come for a while."""

    def __init__(self) -> None:
        self.last_input = time.monotonic()
        self.freeze_pending = False
        self.full_every = gc.get_threshold()[2]  # young collections between full ones

    def saw_input(self) -> None:
        self.last_input = time.monotonic()

    def freeze_when_quiet(self) -> None:
        """What is loaded now lives as long as the app: at the next pause, collect once and
        move it out of the collector's way (later full collections skip it)."""
        self.freeze_pending = True

    def collect_if_quiet(self, now: float | None = None) -> bool:
        """Collect (and freeze, if asked) when one is half due and the keys have paused."""
        moment = time.monotonic() if now is None else now
        if moment - self.last_input < QUIET:
            return False
        if not self.freeze_pending and gc.get_count()[2] < max(1, self.full_every // 2):
            return False
        gc.collect()
        if self.freeze_pending:
            gc.freeze()
            self.freeze_pending = False
        return True
