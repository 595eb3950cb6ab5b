"""Full garbage collections come in the pauses between keys, and walk little while typing.

A full collection walks every object that is not frozen: 10-18 ms once Textual's caches had
grown, 26-34 ms before anything was frozen, and Python runs one every 7 keystrokes or so, in
the middle of them (measured in tmux: 5 full collections in 33 timed keystrokes). So what the
app holds is frozen (at start, and again after each collection in a pause): Python's own full
collections while typing walk only what is new since. When the keys pause and one is at least
half due, everything (frozen too) is collected then. Python's thresholds stay as they are:
putting full collections off while typing made the app grow (62 to 75-90 MB over a hundred
keys without a pause, as Textual's strips form reference cycles) and measured no faster.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

QUIET = 0.5  # seconds without a key before a pending full collection runs


class IdleCollector:
    """Keeps what the app holds frozen (out of Python's full collections, which then walk only
    what is new since), and collects everything, frozen or not, when the keys pause."""

    def __init__(self) -> None:
        self.last_input = time.monotonic()
        self.collect_pending = False
        self.full_every = gc.get_threshold()[2]  # young collections between full ones
        self.deferred: list[Callable[[], object]] = []

    def saw_input(self) -> None:
        self.last_input = time.monotonic()

    def freeze(self) -> None:
        """Out of the collector's way with what is loaded now (at once: it costs nothing); it
        is collected with the rest at the next pause, so that nothing frozen is kept that a
        full collection would have freed. The collector is on from here (the command line
        turns it off while the app starts)."""
        gc.freeze()
        gc.enable()
        self.collect_pending = True

    def release(self) -> None:
        """The app is ending: what it froze is ordinary again (a test process runs many apps)."""
        self.deferred.clear()
        gc.unfreeze()

    def when_quiet(self, work: Callable[[], object]) -> None:
        """Run `work` at the next pause (work that would take the GIL from the first keys)."""
        self.deferred.append(work)

    def collect_if_quiet(self, now: float | None = None) -> bool:
        """When the keys have paused: the deferred work, then, if a full collection is at least
        half due (or a freeze is owed one), collect all and freeze what is still alive."""
        moment = time.monotonic() if now is None else now
        if moment - self.last_input < QUIET:
            return False
        while self.deferred:
            self.deferred.pop(0)()
        if not self.collect_pending and gc.get_count()[2] < max(1, self.full_every // 2):
            return False
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self.collect_pending = False
        return True
