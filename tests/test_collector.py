"""Full garbage collections wait for a pause in the typing, and the app leaves Python as it was."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.app_helpers import make_app, settle
from tui.collector import NEVER, QUIET, IdleCollector


@pytest.fixture
def collector() -> Iterator[IdleCollector]:
    thresholds = gc.get_threshold()
    made = IdleCollector()
    made.start()
    yield made
    made.stop()
    gc.unfreeze()
    assert gc.get_threshold() == thresholds


def test_python_runs_no_full_collection_of_its_own_once_started(collector: IdleCollector) -> None:
    assert gc.get_threshold()[2] == NEVER
    assert gc.get_threshold()[:2] == (collector.young, collector.middle)  # young ones as before


def test_a_due_collection_waits_while_keys_come_and_runs_in_the_pause(
    collector: IdleCollector,
) -> None:
    collector.freeze_when_quiet()
    collector.saw_input()
    typed = collector.last_input
    assert not collector.collect_if_quiet(now=typed + QUIET / 2)  # typing: nothing runs
    assert collector.freeze_pending
    frozen = gc.get_freeze_count()
    assert collector.collect_if_quiet(now=typed + QUIET)  # the pause: collected and frozen
    assert not collector.freeze_pending
    assert gc.get_freeze_count() > frozen


def test_a_pause_with_nothing_due_collects_nothing(collector: IdleCollector) -> None:
    gc.collect()  # the full-collection count starts again from zero
    assert not collector.collect_if_quiet(now=collector.last_input + 10 * QUIET)


def test_a_pause_after_enough_young_collections_collects(collector: IdleCollector) -> None:
    gc.collect()
    for _ in range(collector.full_every + 1):
        gc.collect(1)  # what allocations would have done: each adds one to the count
    assert gc.get_count()[2] >= collector.full_every
    assert collector.collect_if_quiet(now=collector.last_input + QUIET)
    assert gc.get_count()[2] == 0


def test_the_app_restores_python_collector_settings_when_it_ends(tmp_path: Path) -> None:
    thresholds = gc.get_threshold()
    app = make_app(tmp_path)

    async def main() -> None:
        async with app.run_test() as pilot:
            await settle(pilot)
            assert gc.get_threshold()[2] == NEVER

    asyncio.run(main())
    assert gc.get_threshold() == thresholds
    gc.unfreeze()
