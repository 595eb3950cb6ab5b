"""The review screen, driven with Pilot in a small host app, and snapshots of how it looks."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fsrs import Scheduler
from textual.app import App
from textual.widgets import Label, Static

from knowledge.base import KnowledgeBase, pack_dirs
from tests.conftest import MINI
from tui.data.db import Database
from tui.data.review import ReviewRequest, ReviewSession, ReviewStore, SessionSummary
from tui.messages import OpenItem
from tui.screens.review import ReviewScreen

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PICKED = ["row:alb-vs-nlb:static-ip", "fact:nat-gateway:port-forwarding", "trap:nat-gateway:0"]


def synchronously(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async Pilot test on its own event loop (no async plugin is needed)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


class Host(App[None]):
    """Hosts one review screen, as the real app does, and records what it is told."""

    def __init__(self, session: ReviewSession) -> None:
        super().__init__()
        self.session = session
        self.opened: list[str] = []
        self.result: SessionSummary | None | str = "still open"

    def on_mount(self) -> None:
        self.push_screen(ReviewScreen(self.session), self.finished)

    def finished(self, result: SessionSummary | None) -> None:
        self.result = result

    def on_open_item(self, message: OpenItem) -> None:
        self.opened.append(message.item_id)


# Local time is pinned to UTC: due dates and "today" must not depend on the machine.
pytestmark = pytest.mark.usefixtures("utc_local_time")


@pytest.fixture
def base() -> KnowledgeBase:
    return KnowledgeBase.load(pack_dirs([MINI], include_user=False, include_bundled=False)[0])


def open_store(path: Path) -> ReviewStore:
    return ReviewStore(Database(path), clock=lambda: NOW, scheduler=Scheduler(enable_fuzzing=False))


def picked_session(store: ReviewStore, base: KnowledgeBase, mode: str = "due") -> ReviewSession:
    """A networking session over three fixed cards: a comparison row, a fact and a trap."""
    session = store.start(base, ReviewRequest(mode=mode, domain="networking"))
    by_id = {card.id: card for card in session.scope}
    session.cards = [by_id[card_id] for card_id in PICKED]
    return session


@pytest.fixture
def session(tmp_path: Path, base: KnowledgeBase) -> ReviewSession:
    return picked_session(open_store(tmp_path / "crib.sqlite3"), base)


def text_of(app: App[Any], selector: str) -> str:
    widget = app.screen.query_one(selector)
    assert isinstance(widget, Static | Label)
    return str(widget.render())


@synchronously
async def test_grades_count_only_after_the_answer_shows(session: ReviewSession) -> None:
    app = Host(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert "Static IP: One per AZ" in text_of(app, "#card-front")
        assert text_of(app, "#review-count") == "1 / 3"
        assert not screen.query_one("#card-answer").display
        await pilot.press("3")  # not revealed yet: ignored
        assert session.store.state(PICKED[0]) is None
        assert screen.check_action("grade", (3,)) is False
        await pilot.press("space")
        assert screen.query_one("#card-answer").display
        assert text_of(app, "#card-back") == "Network Load Balancer"
        await pilot.press("3")
        await pilot.pause()
        assert session.store.state(PICKED[0]) is not None
        assert text_of(app, "#review-count") == "2 / 3"
        assert "NAT Gateway \u2014 port forwarding: yes or no?" in text_of(app, "#card-front")


@synchronously
async def test_choosing_a_subject_reveals_with_a_verdict(session: ReviewSession) -> None:
    app = Host(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "a  Application Load Balancer" in text_of(app, "#card-choices")
        await pilot.press("c")  # there is no third choice
        assert not app.screen.query_one("#card-answer").display
        await pilot.press("a")
        assert app.screen.query_one("#card-answer").display
        assert text_of(app, "#card-verdict").startswith("Not quite")


@synchronously
async def test_o_opens_the_source_entry_once_revealed(session: ReviewSession) -> None:
    app = Host(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("o")
        assert app.opened == []
        await pilot.press("space", "o")
        await pilot.pause()
        assert app.opened == ["alb-vs-nlb"]
        assert "From: ALB vs NLB" in text_of(app, "#card-source")


@synchronously
async def test_the_summary_then_escape_returns_it(session: ReviewSession) -> None:
    app = Host(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("space", "3", "space", "1", "space", "4")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.finished
        head = text_of(app, "#summary-head")
        assert "Cards seen  3" in head and "67% (2 of 3 Good or Easy)" in head
        assert "Next due    2026-03-02 09:01 (in 1 min)" in head
        assert "3/26 seen" in str(screen.query(".domain-count").first(Label).render())
        await pilot.press("escape")
        await pilot.pause()
    assert isinstance(app.result, SessionSummary) and app.result.seen == 3


@synchronously
async def test_leaving_mid_session_keeps_every_grade(tmp_path: Path, base: KnowledgeBase) -> None:
    path = tmp_path / "crib.sqlite3"
    store = open_store(path)
    app = Host(picked_session(store, base))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("space", "3", "space")  # the second card is on screen, not graded
        await pilot.press("escape")  # first the summary of what was answered
        await pilot.pause()
        assert "Session so far" in text_of(app, "#summary-head")
        await pilot.press("escape")
        await pilot.pause()
    assert isinstance(app.result, SessionSummary) and app.result.seen == 1
    store.db.close()
    reopened = open_store(path)
    assert list(reopened.states()) == [PICKED[0]]


@synchronously
async def test_progress_persists_across_app_restarts(tmp_path: Path, base: KnowledgeBase) -> None:
    path = tmp_path / "crib.sqlite3"
    store = open_store(path)
    first = store.start(base, ReviewRequest(limit=2))
    app = Host(first)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("space", "4", "space", "4")
        await pilot.pause()
    store.db.close()

    store = open_store(path)
    second = store.start(base, ReviewRequest(limit=2))
    assert not {c.id for c in first.cards} & {c.id for c in second.cards}
    app = Host(second)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert second.cards[0].front in text_of(app, "#card-front")


@synchronously
async def test_cram_on_screen_leaves_the_schedule_alone(
    tmp_path: Path, base: KnowledgeBase
) -> None:
    store = open_store(tmp_path / "crib.sqlite3")
    store.grade(PICKED[1], 3)
    rows = lambda: [tuple(r) for r in store.db.connection.execute("SELECT * FROM review_cards")]  # noqa: E731
    before = rows()
    app = Host(picked_session(store, base, mode="cram"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("space", "1", "space", "4", "space", "2")
        await pilot.pause()
        assert "the schedule is unchanged" in text_of(app, "#summary-head")
    assert rows() == before
    assert len(store.cram_history(PICKED[1])) == 1


@synchronously
async def test_a_damaged_database_warns_and_review_still_works(
    tmp_path: Path, base: KnowledgeBase
) -> None:
    path = tmp_path / "crib.sqlite3"
    path.write_bytes(b"\x00garbage" * 1000)
    store = open_store(path)
    session = picked_session(store, base)
    session.warnings = list(store.warnings)
    app = Host(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert any("could not be read" in n.message for n in app._notifications)
        await pilot.press("space", "3")
        await pilot.pause()
    assert store.state(PICKED[0]) is not None


@synchronously
async def test_an_empty_session_goes_straight_to_the_summary(
    tmp_path: Path, base: KnowledgeBase
) -> None:
    store = open_store(tmp_path / "crib.sqlite3")
    session = store.start(base, ReviewRequest(mode="weak"))
    assert session.cards == []
    app = Host(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Nothing to review right now" in text_of(app, "#summary-head")
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None


# -- in the crib app -----------------------------------------------------------------------------


@synchronously
async def test_f5_opens_review_in_the_app_and_o_reads_the_source(tmp_path: Path) -> None:
    from tests.app_helpers import make_app, settle
    from tui.screens.reader import ReaderScreen

    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.session.cards[0].id == "summary:sqs"  # the first new card
        await pilot.press("space", "3", "space", "o")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)  # back to the card, still revealed
        assert app.screen.position == 1 and app.screen.revealed


@synchronously
async def test_the_app_starts_on_the_requested_review(tmp_path: Path) -> None:
    from tests.app_helpers import make_app, settle

    request = ReviewRequest(mode="cram", domain="messaging", limit=4)
    app = make_app(tmp_path, review=request)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.session.mode == "cram" and len(screen.session.cards) == 4
        assert {c.domain for c in screen.session.cards} == {"messaging"}


# -- snapshots --------------------------------------------------------------------------------


async def settle(pilot: Any) -> None:
    await pilot.pause()


def test_snapshot_question(snap_compare: Any, session: ReviewSession) -> None:
    assert snap_compare(Host(session), terminal_size=(80, 24), run_before=settle)


def test_snapshot_answer(snap_compare: Any, session: ReviewSession) -> None:
    assert snap_compare(Host(session), press=["space"], terminal_size=(80, 24), run_before=settle)


def test_snapshot_summary(snap_compare: Any, session: ReviewSession) -> None:
    keys = ["space", "3", "space", "1", "space", "4"]
    assert snap_compare(Host(session), press=keys, terminal_size=(80, 24), run_before=settle)


@synchronously
async def test_grade_keys_show_when_the_card_comes_back(session: ReviewSession) -> None:
    app = Host(session)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("space")
        grades = text_of(app, "#card-grades")
        intervals = session.store.next_intervals(PICKED[0])
        assert "1  Again 1m" in grades and "4  Easy" in grades
        assert intervals[4].days >= 1 and f"Easy {intervals[4].days}d" in grades


@synchronously
async def test_undo_takes_the_last_grade_back(session: ReviewSession) -> None:
    store = session.store
    app = Host(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("space", "3", "space", "1")
        assert text_of(app, "#review-count") == "3 / 3"
        await pilot.press("u")
        await pilot.pause()
        assert text_of(app, "#review-count") == "2 / 3"  # the second card again
        assert session.cards[1].front in text_of(app, "#card-front")
        assert store.state(PICKED[1]) is None and len(store.history(PICKED[1])) == 0
        assert store.state(PICKED[0]) is not None  # the first grade stays
        await pilot.press("space", "4", "space", "4")  # graded again, then finished
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and app.screen.finished
        await pilot.press("u")  # undo from the summary goes back to the last card
        await pilot.pause()
        assert not app.screen.finished and text_of(app, "#review-count") == "3 / 3"
    assert [h["rating"] for h in store.history(PICKED[1])] == [4]


@synchronously
async def test_suspend_drops_the_card_from_the_queues(session: ReviewSession) -> None:
    app = Host(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert text_of(app, "#review-count") == "1 / 2"
        assert "Static IP" not in text_of(app, "#card-front")
    assert set(session.store.suspended()) == {PICKED[0]}


@synchronously
async def test_cram_ends_with_a_summary_on_escape(tmp_path: Path, base: KnowledgeBase) -> None:
    store = open_store(tmp_path / "crib.sqlite3")
    app = Host(picked_session(store, base, mode="cram"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("space", "1", "space", "3", "escape")
        await pilot.pause()
        head = text_of(app, "#summary-head")
        assert "Cards seen  2" in head and "Missed (graded Again)" in head
        assert "weak spots" in head
        await pilot.press("escape")
        await pilot.pause()
    assert isinstance(app.result, SessionSummary) and app.result.seen == 2
    assert store.practice_tally()["cram_again"] == 1
