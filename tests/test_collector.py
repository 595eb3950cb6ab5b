"""Full garbage collections come in the pauses between keys; the app leaves Python's settings."""

from __future__ import annotations

import asyncio
import gc
from pathlib import Path

from tests.app_helpers import make_app, settle
from tui.collector import QUIET, IdleCollector


def test_the_start_up_freeze_waits_while_keys_come_and_runs_in_the_pause() -> None:
    collector = IdleCollector()
    collector.freeze_when_quiet()
    collector.saw_input()
    typed = collector.last_input
    try:
        assert not collector.collect_if_quiet(now=typed + QUIET / 2)  # typing: nothing runs
        assert collector.freeze_pending
        frozen = gc.get_freeze_count()
        assert collector.collect_if_quiet(now=typed + QUIET)  # the pause: collected and frozen
        assert not collector.freeze_pending
        assert gc.get_freeze_count() > frozen
    finally:
        gc.unfreeze()


def test_a_pause_with_no_full_collection_near_collects_nothing() -> None:
    collector = IdleCollector()
    gc.collect()  # the count of young collections since the last full one starts again
    assert not collector.collect_if_quiet(now=collector.last_input + 10 * QUIET)


def test_a_pause_when_a_full_collection_is_half_due_runs_it() -> None:
    collector = IdleCollector()
    gc.collect()
    for _ in range(collector.full_every // 2):
        gc.collect(1)  # what allocations do: each young pass adds one to the count
    assert not collector.collect_if_quiet(now=collector.last_input)  # not while typing
    assert collector.collect_if_quiet(now=collector.last_input + QUIET)
    assert gc.get_count()[2] == 0


def test_the_app_leaves_python_collector_settings_as_they_were(tmp_path: Path) -> None:
    thresholds = gc.get_threshold()
    app = make_app(tmp_path)

    async def main() -> None:
        async with app.run_test() as pilot:
            await settle(pilot)

    asyncio.run(main())
    assert gc.get_threshold() == thresholds
    gc.unfreeze()
