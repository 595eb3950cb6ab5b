"""Building the app over the mini pack, the way the command line does, for Pilot and snapshots."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tests.conftest import MINI
from tui.app import CribApp
from tui.services import make_services


def make_app(tmp_path: Path, packs: list[Path] | None = None, **start: Any) -> CribApp:
    services = make_services(
        [str(p) for p in packs or [MINI]],
        cache_root=tmp_path / "cache",
        database_path=tmp_path / "data" / "crib.sqlite3",
    )
    start.setdefault("theme", "textual-dark")
    return CribApp(services, **start)


async def settle(pilot: Pilot[Any]) -> None:
    """Wait for the index and search workers, then for the screen to catch up."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def drive(app: CribApp, script: Any, size: tuple[int, int] = (100, 30)) -> None:
    """Run the app at `size`, wait for the index, then run `script(pilot)`."""

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await script(pilot)

    asyncio.run(main())


async def type_query(pilot: Pilot[Any], text: str) -> None:
    await settle(pilot)
    await pilot.press(*[("space" if c == " " else c) for c in text])
    await settle(pilot)


def screen_text(app: Any) -> str:
    """The text on the screen, read from an SVG screenshot."""
    import html
    import re

    svg = app.export_screenshot()
    text = " ".join(re.findall(r">([^<>]*)</text>", svg))
    return " ".join(html.unescape(text).replace("\xa0", " ").split())
