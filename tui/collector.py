"""Full garbage collections wait for a pause in the typing.

A full collection walks every object the app holds that is not frozen: 10-18 ms once Textual's
caches have grown, and Python ran one every few dozen keystrokes, right in the middle of them
(measured in tmux: 5 full collections in 33 timed keystrokes, each a frame late). Textual does
the same for smooth scrolling (`App.PAUSE_GC_ON_SCROLL`). Young collections still run as
usual, so short-lived cycles are freed at once; only the full pass waits, at most until the
first quiet moment.
"""

from __future__ import annotations

import gc
import time

QUIET = 0.5  # seconds without a key before a pending full collection runs
NEVER = 1_000_000  # young collections between full ones, in effect: only ours run


class IdleCollector:
    """Runs the full collections Python would have run, once no key has come for a while."""

    def __init__(self) -> None:
        self.last_input = time.monotonic()
        self.freeze_pending = False
        self.young, self.middle, self.full_every = gc.get_threshold()

    def start(self) -> None:
        """From now on, full collections are left to `collect_if_quiet`."""
        gc.set_threshold(self.young, self.middle, NEVER)

    def stop(self) -> None:
        gc.set_threshold(self.young, self.middle, self.full_every)

    def saw_input(self) -> None:
        self.last_input = time.monotonic()

    def freeze_when_quiet(self) -> None:
        """What is loaded now lives as long as the app: at the next pause, collect once and
        move it out of the collector's way (later full collections skip it)."""
        self.freeze_pending = True

    def collect_if_quiet(self, now: float | None = None) -> bool:
        """Collect (and freeze, if asked) when one is due and the keys have paused."""
        moment = time.monotonic() if now is None else now
        if moment - self.last_input < QUIET:
            return False
        if not self.freeze_pending and gc.get_count()[2] < self.full_every:
            return False  # Python would not have run a full collection yet either
        gc.collect()
        if self.freeze_pending:
            gc.freeze()
            self.freeze_pending = False
        return True
