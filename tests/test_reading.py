"""Reading: the whole page scrolls as one, back returns where you were, find in page, the title
once, lines of a readable length; messages never cover the content; browse and help keys."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Tree
from textual.widgets._toast import Toast

from tests.app_helpers import drive as drive_at
from tests.app_helpers import make_app, screen_text, settle
from tests.conftest import write_pack
from tui.app import CribApp
from tui.screens.browse import BrowseScreen
from tui.screens.compare import CompareScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.item_view import ItemView, LinkList
from tui.widgets.message_line import MessageLine

LONG = "entries:\n" + "".join(
    f"  - id: e{n}\n    title: Entry {n}\n    domain: net\n    summary: Summary {n}.\n"
    f"    see_also: [{', '.join(f'e{m}' for m in range(20) if m != n)}]\n"
    f"    body: |\n"
    + "".join(f"      Paragraph {k} of entry {n}, long enough to read.\n\n" for k in range(30))
    for n in range(20)
)


# These screens are tried at 80x24 unless a test says otherwise.
drive = partial(drive_at, size=(80, 24))


def long_app(tmp_path: Path, **start: Any) -> CribApp:
    pack = write_pack(tmp_path / "long", {"a.yaml": LONG})
    return make_app(tmp_path, packs=[pack], **start)


def test_links_are_part_of_the_page_not_a_box_with_its_own_scrollbar(tmp_path: Path) -> None:
    app = long_app(tmp_path, open_id="e0")

    async def script(pilot: Pilot[Any]) -> None:
        links = app.screen.query_one(LinkList)
        assert links.option_count == 19
        assert links.max_scroll_y == 0  # every link drawn: the page scrolls, not the list
        assert links.size.height >= 19

    drive(app, script)


def test_back_returns_to_where_the_page_was_read(tmp_path: Path) -> None:
    app = long_app(tmp_path, open_id="e0")

    async def script(pilot: Pilot[Any]) -> None:
        view = app.screen.query_one(ItemView)
        view.scroll_to(y=25, animate=False)
        await settle(pilot)
        assert view.scroll_y == 25
        app.open_item("e1")  # as a link does
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen) and app.screen.item_id == "e1"
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.screen.item_id == "e0"  # type: ignore[attr-defined]
        assert app.screen.query_one(ItemView).scroll_y == 25
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.screen.query_one(ItemView).scroll_y == 0  # e1 was read from its top

    drive(app, script)


def test_find_in_page_scrolls_to_each_match(tmp_path: Path) -> None:
    app = long_app(tmp_path, open_id="e3")

    async def script(pilot: Pilot[Any]) -> None:
        view = app.screen.query_one(ItemView)
        await pilot.press("ctrl+f")
        await pilot.press(*"paragraph 2")
        await settle(pilot)
        assert isinstance(app.focused, Input)
        count = str(app.screen.query_one("#find-count").render())
        assert count.startswith("1 of ")  # "Paragraph 2" and "Paragraph 20" ... "29"
        total = int(count.split(" of ")[1])
        assert total == 11
        first = view.scroll_y
        assert "Paragraph 2 of entry 3" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert view.scroll_y > first and "Paragraph 20 of entry 3" in screen_text(app)
        await pilot.press("up", "up")  # back past the first: wraps to the last
        await settle(pilot)
        assert str(app.screen.query_one("#find-count").render()).startswith(f"{total} of")
        await pilot.press("escape")  # closes the bar, keeps the place
        await settle(pilot)
        assert isinstance(app.focused, ItemView) and view.scroll_y > first
        await pilot.press("n")
        await settle(pilot)
        assert str(app.screen.query_one("#find-count").render()).startswith("1 of")

    drive(app, script)


def test_the_title_is_shown_once_and_lines_are_capped(tmp_path: Path) -> None:
    app = make_app(tmp_path, open_id="nat-gateway")

    async def script(pilot: Pilot[Any]) -> None:
        assert not app.screen.query("Header")  # it repeated the title, centred, above the page
        assert len(app.screen.query(".item-title")) == 1
        summary = app.screen.query_one(".item-summary")
        assert summary.size.width <= 100

    drive(app, script, size=(200, 50))


def test_messages_never_cover_the_content(tmp_path: Path) -> None:
    app = make_app(tmp_path, open_id="nat-gateway")

    async def script(pilot: Pilot[Any]) -> None:
        await pilot.press("b")
        await settle(pilot)
        line = app.screen.query_one(MessageLine)
        assert line.display and "Bookmarked NAT Gateway" in str(line.render())
        view = app.screen.query_one(ItemView)
        assert not view.region.overlaps(line.region)
        for toast in app.screen.query(Toast):
            assert toast.styles.display == "none"  # said in the line, not over the facts

    drive(app, script)


def test_browse_marks_compares_bookmarks_and_f1_lists_them(tmp_path: Path) -> None:
    app = make_app(tmp_path)

    async def script(pilot: Pilot[Any]) -> None:
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        tree = app.screen.query_one(Tree)
        domain = tree.root.children[0].children[0]
        domain.expand()
        await settle(pilot)
        entries = [
            node
            for node in domain.children
            if node.data and app.base.items[node.data].kind == "entry"
        ]
        tree.move_cursor(entries[0])
        await pilot.press("tab", "b")
        tree.move_cursor(entries[1])
        await pilot.press("tab")
        await settle(pilot)
        assert app.screen.marked == [entries[0].data, entries[1].data]
        assert app.library.bookmarks() == [entries[0].data]
        assert str(entries[0].label).startswith("● ★ ")
        await pilot.press("f1")
        await settle(pilot)
        text = screen_text(app)
        assert "Mark the highlighted entry" in text and "Compare the marked entries" in text
        await pilot.press("escape", "c")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        assert app.screen.ids == [entries[0].data, entries[1].data]

    drive(app, script)


def test_help_is_drawn_over_the_screen_at_80_columns(tmp_path: Path) -> None:
    app = make_app(tmp_path, open_id="nat-gateway")

    async def script(pilot: Pilot[Any]) -> None:
        await pilot.press("f1")
        await settle(pilot)
        keys = app.screen.query_one("#keys")
        assert keys.size.width >= 70  # not a side panel squeezing the page
        assert "Find a word or phrase" in screen_text(app)

    drive(app, script)
