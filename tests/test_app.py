"""The full-screen app driven by the Pilot: each screen and key path."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Tree

from tests.app_helpers import make_app, screen_text, settle, type_query
from tests.conftest import MINI, write_pack
from tui.app import CribApp
from tui.screens.browse import BrowseScreen
from tui.screens.compare import CompareScreen
from tui.screens.reader import ReaderScreen
from tui.screens.saved import SavedScreen
from tui.screens.search import SearchScreen
from tui.widgets.item_view import ItemView, LinkList
from tui.widgets.results import ResultsList


def drive(
    app: CribApp, script: Callable[[Pilot[Any]], Awaitable[None]], size: tuple[int, int] = (100, 30)
) -> None:
    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await script(pilot)

    asyncio.run(main())


def result_ids(app: CribApp) -> list[str]:
    return [hit.id for hit in app.screen.query_one(ResultsList).hits]


def test_search_box_has_focus_and_empty_state_teaches_syntax(tmp_path: Path) -> None:
    app = make_app(tmp_path)

    async def script(pilot: Pilot[Any]) -> None:
        assert isinstance(app.focused, Input)
        empty = app.screen.query_one("#empty")
        assert empty.display and "domain:" in str(empty.render())
        assert "13 items" in str(app.screen.query_one("#status").render())

    drive(app, script)


def test_typing_updates_ranked_results(tmp_path: Path) -> None:
    app = make_app(tmp_path)

    async def script(pilot: Pilot[Any]) -> None:
        await type_query(pilot, "nat g")
        assert result_ids(app)[0] == "nat-gateway"
        await pilot.press("backspace", "backspace", "backspace", "backspace", "backspace")
        await type_query(pilot, "cloudwatch vs cloudtrail")
        assert result_ids(app)[0] == "cloudwatch-vs-cloudtrail"

    drive(app, script)


def test_did_you_mean_is_accepted_with_one_key(tmp_path: Path) -> None:
    app = make_app(tmp_path)

    async def script(pilot: Pilot[Any]) -> None:
        await type_query(pilot, "cloudtrial")
        assert "did you mean cloudtrail" in str(app.screen.query_one("#status").render())
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert app.screen.query_one("#search", Input).value == "cloudtrail "
        assert result_ids(app)[0] == "cloudtrail"

    drive(app, script)


def test_stale_results_are_dropped(tmp_path: Path) -> None:
    app = make_app(tmp_path)

    async def script(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        fresh = app.index.search("sqs")  # type: ignore[union-attr]
        screen.generation = 7
        screen.show_result(6, fresh)  # an older keystroke's answer arrives late
        assert result_ids(app) == []
        screen.show_result(7, fresh)
        assert result_ids(app)[0] == "sqs"

    drive(app, script)


def test_enter_opens_the_reader_with_everything(tmp_path: Path) -> None:
    app = make_app(tmp_path)

    async def script(pilot: Pilot[Any]) -> None:
        await type_query(pilot, "nat gateway")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        view = app.screen.query_one(ItemView)
        assert (
            view.query_one(".facts") and view.query_one(".body") and view.query_one(".correction")
        )
        text = screen_text(app)
        for expected in (
            "NAT Gateway",
            "Managed by",
            "One per availability zone",
            "The notes said",
        ):
            assert expected in text, expected
        view.scroll_end(animate=False)
        await settle(pilot)
        assert "docs.aws.amazon.com" in screen_text(app)

    drive(app, script)


def test_see_also_links_open_and_history_walks_back_and_forward(tmp_path: Path) -> None:
    app = make_app(tmp_path, open_id="nat-gateway")

    async def script(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen) and app.screen.item_id == "nat-gateway"
        links = app.screen.query_one(LinkList)
        links.focus()
        await pilot.press("enter")  # first link: see also NAT Instance
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen) and app.screen.item_id == "nat-instance"
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.screen.item_id == "nat-gateway"  # type: ignore[attr-defined]
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.screen.item_id == "nat-instance"  # type: ignore[attr-defined]

    drive(app, script)


def test_escape_steps_back_one_layer_and_never_quits(tmp_path: Path) -> None:
    app = make_app(tmp_path)

    async def script(pilot: Pilot[Any]) -> None:
        await type_query(pilot, "sqs")
        await pilot.press("down")  # into the results
        assert isinstance(app.focused, ResultsList)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("escape")  # reader -> the box, its query selected
        assert isinstance(app.screen, SearchScreen)
        assert isinstance(app.focused, Input)
        await pilot.press("down")  # the same results, the same highlight
        assert isinstance(app.focused, ResultsList)
        await pilot.press("escape")  # results -> box
        assert isinstance(app.focused, Input)
        await pilot.press("escape")  # box -> cleared
        assert app.screen.query_one("#search", Input).value == ""
        await pilot.press("escape", "escape")
        assert app.is_running and isinstance(app.screen, SearchScreen)

    drive(app, script)


def test_mark_and_compare_ad_hoc(tmp_path: Path) -> None:
    app = make_app(tmp_path)

    async def script(pilot: Pilot[Any]) -> None:
        await type_query(pilot, "simple")
        await pilot.press("down")
        assert result_ids(app)[:2] == ["sqs", "sns"] or set(result_ids(app)[:2]) == {"sqs", "sns"}
        await pilot.press("tab", "down", "tab", "f6")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        assert sorted(app.screen.ids) == ["sns", "sqs"]
        rendered = str(app.screen.query_one("#hint").render())
        assert "2 subjects" in rendered and "aspects differ" in rendered

    drive(app, script)


def test_comparison_opens_as_columns_with_choose_lines(tmp_path: Path) -> None:
    app = make_app(tmp_path)

    async def script(pilot: Pilot[Any]) -> None:
        await type_query(pilot, "alb vs nlb")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        table = app.screen.table
        assert [s.id for s in table.subjects] == [
            "application-load-balancer",
            "network-load-balancer",
        ]
        assert all(row.differs for row in table.rows)
        assert "static IPs" in table.choose["network-load-balancer"]

    drive(app, script)


def test_browse_tree_opens_an_entry(tmp_path: Path) -> None:
    app = make_app(tmp_path)

    async def script(pilot: Pilot[Any]) -> None:
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        tree = app.screen.query_one(Tree)
        labels = [str(node.label) for node in tree.root.children[0].children]
        assert labels[0].startswith("Networking")
        await pilot.press("down", "enter", "down", "enter")  # open Networking, pick its first item
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen | CompareScreen)

    drive(app, script)


def test_bookmarks_and_recent_persist_across_restarts(tmp_path: Path) -> None:
    first = make_app(tmp_path, open_id="cloudwatch")

    async def bookmark(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)

    drive(first, bookmark)
    first.services.database.close()
    second = make_app(tmp_path)

    async def check(pilot: Pilot[Any]) -> None:
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(second.screen, SavedScreen)
        assert second.library.bookmarks() == ["cloudwatch"]
        assert "cloudwatch" in second.library.recent()

    drive(second, check)


def test_a_damaged_database_is_set_aside_with_a_warning(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "crib.sqlite3").write_bytes(b"this is not sqlite" * 50)
    app = make_app(tmp_path)

    async def script(pilot: Pilot[Any]) -> None:
        assert app.services.warnings and "moved to" in app.services.warnings[0]
        assert any("could not be read" in n.message for n in app._notifications)
        await type_query(pilot, "sqs")
        assert result_ids(app)[0] == "sqs"
        assert any(p.name.startswith("crib.sqlite3.damaged-") for p in data.iterdir())

    drive(app, script)


def test_a_broken_pack_is_a_notification_and_the_rest_works(tmp_path: Path) -> None:
    bad = write_pack(tmp_path / "bad", {"a.yaml": "entries:\n  - {id: x, title: X\n"}, "bad")
    app = make_app(tmp_path, packs=[MINI, bad])

    async def script(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("Skipped pack" in m and "a.yaml:" in m for m in messages), messages
        await type_query(pilot, "nat")
        assert result_ids(app)

    drive(app, script)


def test_copy_as_markdown(tmp_path: Path) -> None:
    app = make_app(tmp_path, open_id="sqs")
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign]

    async def script(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("y")
        assert copied and copied[0].startswith("# Simple Queue Service")
        assert "| Model | Pull |" in copied[0]

    drive(app, script)


def test_theme_is_remembered(tmp_path: Path) -> None:
    app = make_app(tmp_path)

    async def script(pilot: Pilot[Any]) -> None:
        app.theme = "nord"
        await settle(pilot)

    drive(app, script)
    app.services.database.close()
    again = make_app(tmp_path, theme=None)

    async def check(pilot: Pilot[Any]) -> None:
        assert again.theme == "nord"

    drive(again, check)


def test_filter_dialog_adds_a_filter_to_the_query(tmp_path: Path) -> None:
    app = make_app(tmp_path)

    async def script(pilot: Pilot[Any]) -> None:
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press(*"monitoring")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one("#search", Input).value == "domain:monitoring "
        assert set(result_ids(app)) == {
            "cloudwatch",
            "cloudtrail",
            "metric-filter",
            "cloudwatch-vs-cloudtrail",
        }

    drive(app, script)


def test_command_palette_finds_entries(tmp_path: Path) -> None:
    app = make_app(tmp_path)

    async def script(pilot: Pilot[Any]) -> None:
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"metric filter")
        await asyncio.sleep(0.5)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen) and app.screen.item_id == "metric-filter"

    drive(app, script)


def test_help_shows_the_live_bindings(tmp_path: Path) -> None:
    app = make_app(tmp_path)

    async def script(pilot: Pilot[Any]) -> None:
        await pilot.press("f1")
        await settle(pilot)
        assert type(app.screen).__name__ == "KeysScreen"
        assert "Mark the highlighted entry" in screen_text(app)  # from the live bindings
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)

    drive(app, script)


def test_unknown_id_is_a_notification_with_the_nearest(tmp_path: Path) -> None:
    app = make_app(tmp_path, open_id="nat-gatway")

    async def script(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        assert any("Nearest: nat-gateway" in n.message for n in app._notifications)

    drive(app, script)


def test_a_tiny_terminal_still_shows_the_search(tmp_path: Path) -> None:
    app = make_app(tmp_path)

    async def script(pilot: Pilot[Any]) -> None:
        await type_query(pilot, "nat")
        assert app.screen.query_one("#search").region.height > 0
        assert result_ids(app)
        assert not app.screen.query_one("#preview").display

    drive(app, script, size=(40, 12))


def test_palette_offers_review_modes(tmp_path: Path) -> None:
    app = make_app(tmp_path)

    async def script(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        names = [command.title for command in app.get_system_commands(app.screen)]
        assert {"review: due cards", "review: cram", "review: weak spots"} <= set(names)
        app._review_mode("cram")
        await settle(pilot)
        assert type(app.screen).__name__ == "ReviewScreen"
        assert app.screen.session.mode == "cram"  # type: ignore[attr-defined]

    drive(app, script)


def test_keys_typed_while_the_index_opens_get_their_results(tmp_path: Path) -> None:
    import threading

    app = make_app(tmp_path)
    release = threading.Event()
    opener = app.services.open_index

    def slow_open(progress: Any, on_build: Any) -> Any:
        release.wait(10)
        return opener(progress, on_build)

    app.services.open_index = slow_open

    async def main() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("n", "a", "t")
            await pilot.pause()
            assert app.index is None
            release.set()
            await settle(pilot)
            assert result_ids(app)[:2] == ["nat-gateway", "nat-instance"]
            assert "results" in screen_text(app)
            await pilot.press("space", "i")
            await settle(pilot)
            assert result_ids(app)[0] == "nat-instance"

    asyncio.run(main())


def test_the_footer_follows_the_keys_that_apply(tmp_path: Path) -> None:
    from textual.widgets._footer import FooterKey

    app = make_app(tmp_path)

    def footer() -> list[str]:
        return [key.description for key in app.screen.query(FooterKey)]

    async def script(pilot: Pilot[Any]) -> None:
        assert "Keys" in footer() and "Did you mean" not in footer()
        await type_query(pilot, "cloudtrial")
        assert "Did you mean" in footer()
        await pilot.press("ctrl+u")
        await settle(pilot)
        assert "Did you mean" not in footer() and "Keys" in footer()

    drive(app, script)


def test_a_build_shows_its_progress_bar_under_the_status_and_the_open_index_removes_it(
    tmp_path: Path,
) -> None:
    from textual.widgets import ProgressBar

    app = make_app(tmp_path)

    async def main() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, SearchScreen)
            assert not screen.query("#progress")  # a built index: no bar at all
            screen.index_building(150, 384)
            await pilot.pause()
            bar = screen.query_one("#progress", ProgressBar)
            assert (bar.progress, bar.total) == (150, 384)
            screen.index_building(300, 384)  # the same bar moves on
            await pilot.pause()
            assert len(screen.query("#progress")) == 1 and bar.progress == 300
            assert "Building the search index… 300/384" in screen_text(app)
            screen.index_ready()
            await pilot.pause()
            assert not screen.query("#progress")

    asyncio.run(main())
