"""Typing on the search screen always searches; marks are made with a key that is never text."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from tests.app_helpers import drive, make_app, settle, type_query
from tests.conftest import MINI, write_pack
from tui.app import CribApp
from tui.screens.compare import CompareScreen
from tui.screens.reader import ReaderScreen
from tui.screens.search import SearchScreen
from tui.widgets.results import ResultsList


def box(app: CribApp) -> Input:
    return app.screen.query_one("#search", Input)


def status(app: CribApp) -> str:
    return str(app.screen.query_one("#status").render())


def test_typing_after_down_goes_to_the_search_box(tmp_path: Path) -> None:
    app = make_app(tmp_path)

    async def script(pilot: Pilot[Any]) -> None:
        await type_query(pilot, "nat")
        await pilot.press("down")
        assert isinstance(app.focused, ResultsList)
        await type_query(pilot, " gateway cbj")  # space, and letters that were once commands
        assert box(app).value == "nat gateway cbj"
        assert isinstance(app.focused, Input)
        assert not app.screen.query_one(ResultsList).marked
        assert isinstance(app.screen, SearchScreen)  # nothing was compared, nothing opened

    drive(app, script)


def test_typing_after_escape_from_the_reader_starts_a_new_search(tmp_path: Path) -> None:
    app = make_app(tmp_path)

    async def script(pilot: Pilot[Any]) -> None:
        await type_query(pilot, "nat gateway")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("escape")
        await settle(pilot)
        await type_query(pilot, "cloudwatch")
        assert box(app).value == "cloudwatch"
        assert app.screen.query_one(ResultsList).hits[0].id == "cloudwatch"
        assert not any("Mark two" in n.message for n in app._notifications)

    drive(app, script)


def test_up_from_the_first_result_returns_to_the_box(tmp_path: Path) -> None:
    app = make_app(tmp_path)

    async def script(pilot: Pilot[Any]) -> None:
        await type_query(pilot, "nat")
        await pilot.press("down", "down", "up")
        assert isinstance(app.focused, ResultsList)
        await pilot.press("up")
        assert isinstance(app.focused, Input)

    drive(app, script)


def test_tab_marks_in_place_from_the_box_and_marks_survive_a_new_query(tmp_path: Path) -> None:
    app = make_app(tmp_path)

    async def script(pilot: Pilot[Any]) -> None:
        await type_query(pilot, "sqs")
        await pilot.press("tab")  # marks the top result without leaving the box
        assert isinstance(app.focused, Input)
        results = app.screen.query_one(ResultsList)
        assert list(results.marked) == ["sqs"]
        assert results.highlighted == 0  # the highlight does not move on by itself
        assert "Marked 1: Simple Queue Service" in status(app)
        await pilot.press("escape")  # clear the box: the mark stays and is still named
        await settle(pilot)
        assert "Marked 1: Simple Queue Service" in status(app)
        await type_query(pilot, "sns")
        await pilot.press("tab")
        assert list(results.marked) == ["sqs", "sns"]
        await pilot.press("tab")  # Tab again unmarks
        assert list(results.marked) == ["sqs"]
        await pilot.press("tab", "f6")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen) and app.screen.ids == ["sqs", "sns"]

    drive(app, script)


def test_escape_in_the_empty_box_clears_the_marks(tmp_path: Path) -> None:
    app = make_app(tmp_path)

    async def script(pilot: Pilot[Any]) -> None:
        await type_query(pilot, "sqs")
        await pilot.press("tab", "escape")
        await settle(pilot)
        assert app.screen.query_one(ResultsList).marked
        await pilot.press("escape")
        await settle(pilot)
        assert not app.screen.query_one(ResultsList).marked
        assert "Marked" not in status(app)

    drive(app, script)


def test_slash_goes_to_the_search_box_from_anywhere(tmp_path: Path) -> None:
    app = make_app(tmp_path, open_id="nat-gateway")

    async def script(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen) and isinstance(app.focused, Input)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen) and isinstance(app.focused, Input)
        await type_query(pilot, "a/b")  # in the box, / is text
        assert box(app).value == "a/b"

    drive(app, script)


def test_palette_ranks_commands_above_items_that_merely_hold_the_letters(tmp_path: Path) -> None:
    themed = write_pack(
        tmp_path / "themed",
        {
            "a.yaml": "entries:\n"
            "  - {id: hybrid, title: Hybrid cloud, domain: net, summary: The theme of hybrid.}\n"
            "  - {id: cfn, title: The CloudFormation engine, domain: net, summary: Theme.}\n"
            "  - {id: theme-park, title: Theme park, domain: net, summary: Rides.}\n"
        },
    )
    app = make_app(tmp_path, packs=[MINI, themed])

    async def script(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"theme")
        await asyncio.sleep(0.6)
        await settle(pilot)
        from textual.command import CommandList

        options = app.screen.query_one(CommandList)
        names = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert names[0].startswith("Theme"), names
        assert not any("Hybrid" in name for name in names), names  # "theme" only in its text
        assert names.index("open: The CloudFormation engine\nTheme.") > 0  # after the command

    drive(app, script)


def test_backspace_shows_the_previous_results_again_without_searching(tmp_path: Path) -> None:
    app = make_app(tmp_path)

    async def script(pilot: Pilot[Any]) -> None:
        await type_query(pilot, "nat")
        before = status(app)
        index = app.index
        assert index is not None
        asked: list[str] = []
        search = index.search

        def counted(text: str, *args: Any, **kwargs: Any) -> Any:
            asked.append(text)
            return search(text, *args, **kwargs)

        index.search = counted  # type: ignore[method-assign]
        await type_query(pilot, " gateway")
        assert asked[-1] == "nat gateway" and status(app) != before
        searched = len(asked)
        for _ in " gateway":
            await pilot.press("backspace")
        await settle(pilot)
        assert len(asked) == searched  # "nat gatewa" ... "nat" were not searched again
        assert box(app).value == "nat" and status(app) == before

    drive(app, script)
