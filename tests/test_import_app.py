"""Folders of tldr pages and cheat sheets in the app: results, the reader, browse, bad files."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Tree

from tests.app_helpers import make_app, screen_text, settle, type_query
from tui.screens.browse import BrowseScreen
from tui.widgets.results import ResultsList

FIXTURES = Path(__file__).parent / "fixtures"


def test_tldr_and_cheat_folders_in_the_app(tmp_path: Path) -> None:
    app = make_app(tmp_path, packs=[FIXTURES / "tldr", FIXTURES / "cheat"])

    async def script(pilot: Pilot[Any]) -> None:
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("Not read: ") and "binary.md:1" in m for m in messages), messages
        await type_query(pilot, "extract a tar.gz archive")
        hits = [h.id for h in app.screen.query_one(ResultsList).hits]
        assert set(hits[:2]) == {"tldr-tar", "cheat-tar"}
        await pilot.press("down", "enter")
        await settle(pilot)
        text = screen_text(app)
        assert "pack tldr pages · tldr" in text or "pack cheat sheets · cheat" in text
        assert "<path/to/source.tar.gz>" in text or "/path/to/foo.tgz" in text
        await pilot.press("escape", "escape", "escape")
        await settle(pilot)
        app.push_screen(BrowseScreen())
        await settle(pilot)
        labels = [str(node.label) for node in app.screen.query_one(Tree).root.children]
        assert labels == ["tldr pages  7  tldr", "cheat sheets  5  cheat"]

    async def main() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await script(pilot)

    asyncio.run(main())


def test_rich_markup_in_a_cheat_sheet_shows_as_typed(tmp_path: Path) -> None:
    app = make_app(tmp_path, packs=[FIXTURES / "cheat"], open_id="cheat-git")

    async def main() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert "[bold red]Rich markup[/] stays text" in screen_text(app)

    asyncio.run(main())
