"""Full garbage collections come in the pauses between keys; the app leaves Python's settings."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.app_helpers import make_app, settle
from tui.collector import QUIET, IdleCollector


class Cycle:
    """Garbage only a full collection frees: an object that refers to itself."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture(autouse=True)
def unfrozen() -> Iterator[None]:
    yield
    gc.unfreeze()


def test_what_is_frozen_at_start_is_collected_in_the_first_pause_not_while_typing() -> None:
    collector = IdleCollector()
    garbage = Cycle()
    gc.collect()  # now old: only a full collection could free it
    collector.freeze()  # at start: it is frozen with everything else
    del garbage
    assert gc.get_freeze_count() > 0
    collector.saw_input()
    typed = collector.last_input
    assert not collector.collect_if_quiet(now=typed + QUIET / 2)  # typing: nothing runs
    assert any(isinstance(o, Cycle) for o in gc.get_objects(2) + _frozen())
    assert collector.collect_if_quiet(now=typed + QUIET)  # the pause: all of it collected
    assert not any(isinstance(o, Cycle) for o in _frozen())
    assert gc.get_freeze_count() > 0  # and what lives on is frozen again


def _frozen() -> list[object]:
    gc.unfreeze()
    everything = gc.get_objects()
    gc.freeze()
    return everything


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
    assert gc.get_freeze_count() == 0  # what it froze is collectable again


def test_work_put_off_to_a_pause_runs_in_the_pause_once() -> None:
    collector = IdleCollector()
    ran: list[int] = []
    collector.when_quiet(lambda: ran.append(1))
    collector.saw_input()
    collector.collect_if_quiet(now=collector.last_input)
    assert ran == []  # not while the keys come
    collector.collect_if_quiet(now=collector.last_input + QUIET)
    collector.collect_if_quiet(now=collector.last_input + 2 * QUIET)
    assert ran == [1]


def test_the_start_up_freeze_turns_the_collector_back_on() -> None:
    gc.disable()  # as the command line starts the app
    try:
        IdleCollector().freeze()
        assert gc.isenabled()
    finally:
        gc.enable()
