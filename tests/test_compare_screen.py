"""Comparisons fit the screen: every subject named at 80 columns, the header and aspect column
stay put, the table turns when columns would be unreadable, and missing is not "differs"."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tests.app_helpers import drive as drive_at
from tests.app_helpers import make_app, screen_text, settle
from tests.conftest import MINI, write_pack
from tui.screens.compare import CompareScreen
from tui.screens.saved import SavedScreen

SIX = ["sqs", "sns", "cloudwatch", "cloudtrail", "nat-gateway", "nat-instance"]
ALIKE = """entries:
  - id: one
    title: First subject with a long name
    domain: net
    summary: One.
    facts: {Status: Current, Minimum AZs: "2", Kind: Alpha}
  - id: two
    title: Second subject with a long name
    domain: net
    summary: Two.
    facts: {Status: Current, Kind: Beta}
  - id: three
    title: Third subject with a long name
    domain: net
    summary: Three.
    facts: {Status: current, Kind: Gamma}
"""


# These screens are tried at 80x24 unless a test says otherwise.
drive = partial(drive_at, size=(80, 24))


def test_three_subjects_at_80_columns_show_every_name_as_columns(tmp_path: Path) -> None:
    app = make_app(tmp_path, compare=["sqs", "sns", "cloudwatch"])

    async def script(pilot: Pilot[Any]) -> None:
        screen = app.screen
        assert isinstance(screen, CompareScreen) and not screen.is_turned()
        text = screen_text(app)
        for name in ("Simple Queue Service", "Simple Notification Service", "CloudWatch"):
            assert name in text, name
        assert "Pull" in text and "Push" in text

    drive(app, script)


def test_the_header_stays_put_while_the_rows_scroll(tmp_path: Path) -> None:
    app = make_app(tmp_path, compare=["sqs", "sns", "cloudwatch"])

    async def script(pilot: Pilot[Any]) -> None:
        head = app.screen.query_one("#head")
        before = head.region
        await pilot.press("j", "j", "end")
        await settle(pilot)
        assert head.region == before and head.display
        assert "Simple Notification Service" in screen_text(app)

    drive(app, script, size=(80, 12))


def test_six_subjects_at_80_columns_turn_instead_of_clipping(tmp_path: Path) -> None:
    app = make_app(tmp_path, compare=SIX)

    async def script(pilot: Pilot[Any]) -> None:
        screen = app.screen
        assert isinstance(screen, CompareScreen) and screen.is_turned()
        assert not screen.query_one("#head").display
        text = screen_text(app)
        assert "Simple Queue Service 1 minute to 14 days" in text  # name beside its value
        rows = screen.query_one("#rows")
        assert rows.size.width <= screen.size.width  # nothing off to the side

    drive(app, script)


def test_turned_to_columns_moves_one_subject_at_a_time(tmp_path: Path) -> None:
    app = make_app(tmp_path, compare=SIX)

    async def script(pilot: Pilot[Any]) -> None:
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        await pilot.press("t")
        await settle(pilot)
        assert not screen.is_turned()
        hint = str(screen.query_one("#hint").render())
        assert "subjects 1–" in hint
        assert "Aspect" in screen_text(app)
        await pilot.press("right")
        await settle(pilot)
        assert screen.first == 1
        assert "subjects 2–" in str(screen.query_one("#hint").render())
        assert "Aspect" in screen_text(app)  # the aspect column never scrolls away
        await pilot.press("left", "left")
        assert screen.first == 0

    drive(app, script)


def test_missing_is_not_differs_and_rows_alike_are_said_once(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "alike", {"a.yaml": ALIKE})
    app = make_app(tmp_path, packs=[pack], compare=["one", "two", "three"])

    async def script(pilot: Pilot[Any]) -> None:
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        rows = {row.label: row for row in screen.table.rows}
        assert not rows["Minimum AZs"].differs and not rows["Minimum AZs"].same
        assert rows["Status"].same and not rows["Status"].differs  # case and spacing aside
        assert rows["Kind"].differs
        text = screen_text(app)
        assert "Same for all: Status Current" in text
        assert "1 of 3 aspects differ" in text

    drive(app, script)


def test_an_adhoc_comparison_is_bookmarked_and_reopened_after_a_restart(tmp_path: Path) -> None:
    first = make_app(tmp_path, compare=["sqs", "sns"])

    async def bookmark(pilot: Pilot[Any]) -> None:
        await pilot.press("b")
        await settle(pilot)
        assert "★" in str(first.screen.query_one("#title").render())

    drive(first, bookmark)
    second = make_app(tmp_path)

    async def reopen(pilot: Pilot[Any]) -> None:
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(second.screen, SavedScreen)
        assert "Simple Queue Service vs Simple Notification Service" in screen_text(second)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(second.screen, CompareScreen) and second.screen.ids == ["sqs", "sns"]
        await pilot.press("b")  # again: the bookmark goes
        await settle(pilot)
        assert not second.library.bookmarks()

    drive(second, reopen)


def test_a_written_comparison_is_bookmarked_under_its_id(tmp_path: Path) -> None:
    app = make_app(tmp_path, packs=[MINI], open_id="nat-gateway-vs-nat-instance")

    async def script(pilot: Pilot[Any]) -> None:
        await pilot.press("b")
        await settle(pilot)
        assert app.library.bookmarks() == ["nat-gateway-vs-nat-instance"]

    drive(app, script)
