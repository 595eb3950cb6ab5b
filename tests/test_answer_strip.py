"""The app's answer strip: the answer line above the results, and Enter on it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tests.app_helpers import drive, make_app, screen_text, settle, type_query
from tui.screens.reader import ReaderScreen
from tui.widgets.answer import AnswerStrip
from tui.widgets.item_view import ItemView
from tui.widgets.results import ResultsList


def test_a_question_shows_its_answer_and_enter_opens_it_at_that_fact(tmp_path: Path) -> None:
    app = make_app(tmp_path)

    async def script(pilot: Pilot[Any]) -> None:
        await type_query(pilot, "how long does cloudtrail keep event history")
        strip = app.screen.query_one(AnswerStrip)
        assert strip.display
        assert "Retention: 90 days of event history" in screen_text(app)
        await pilot.press("down")  # the answer line comes first
        assert app.screen.focused is strip
        await pilot.press("down")
        assert isinstance(app.screen.focused, ResultsList)
        await pilot.press("up")  # the list's top row steps back to the box
        await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.item_id == "cloudtrail"
        assert app.screen.query_one(ItemView).fact == "Retention"

    drive(app, script)


def test_a_bare_name_shows_no_answer_strip(tmp_path: Path) -> None:
    app = make_app(tmp_path)

    async def script(pilot: Pilot[Any]) -> None:
        await type_query(pilot, "cloudtrail")
        assert not app.screen.query_one(AnswerStrip).display
        await pilot.press("down")
        assert isinstance(app.screen.focused, ResultsList)

    drive(app, script)


def test_the_opened_fact_is_highlighted() -> None:
    from knowledge.model import Entry, Fact
    from tui.output import ANSWER_STYLE, facts_table

    entry = Entry(
        id="x", title="X", domain="d", summary="s", facts=[Fact("A", "1"), Fact("Retention", "2")]
    )
    table = facts_table(entry, "retention")
    assert [row.style for row in table.rows] == ["", ANSWER_STYLE]
