"""Pack text is text: square brackets never act as Rich or Textual markup, on the CLI or in the app."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.app_helpers import make_app, screen_text, settle, type_query
from tests.conftest import write_pack
from tui.cli import main
from tui.screens.compare import CompareScreen
from tui.screens.reader import ReaderScreen

BRACKETS = """\
entries:
  - id: s3-ls
    title: "List [/x] objects"
    domain: net
    summary: "Shows [link=file:///etc/passwd]v[/link] keys."
    facts:
      Usage: "aws s3 ls [options] s3://bucket/[prefix]"
      "[bold]Label[/bold]": "[red]plain[/red]"
    code:
      - {language: sh, caption: "[/caption]", text: "aws s3 ls [options]"}
  - id: other
    title: "Other [b]thing"
    domain: net
    summary: "Second [/i] one."
    facts:
      Usage: "[/]"
"""


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    return write_pack(tmp_path / "brackets", {"a.yaml": BRACKETS})


def cli(capsys: pytest.CaptureFixture[str], pack: Path, *args: str) -> tuple[int, str]:
    code = main(["--pack", str(pack), *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out + err


def test_show_prints_brackets_as_written(capsys: pytest.CaptureFixture[str], pack: Path) -> None:
    code, out = cli(capsys, pack, "show", "s3-ls")
    assert code == 0
    assert "List [/x] objects" in out
    assert "aws s3 ls [options] s3://bucket/[prefix]" in out
    assert "[link=file:///etc/passwd]v[/link]" in out
    assert "[bold]Label[/bold]" in out and "[red]plain[/red]" in out
    assert "[/caption]" in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["list"], "List [/x] objects"),
        (["search", "objects"], "List [/x] objects"),
        (["compare", "s3-ls", "other"], "Other [b]thing"),
        (["packs"], "Demo"),
    ],
)
def test_other_commands_print_brackets(
    capsys: pytest.CaptureFixture[str], pack: Path, args: list[str], expected: str
) -> None:
    code, out = cli(capsys, pack, *args)
    assert code == 0 and expected in out


def test_app_shows_bracket_text_in_preview_reader_compare_and_toasts(
    tmp_path: Path, pack: Path
) -> None:
    # A second pack with a problem whose message quotes markup: the skipped-pack warning.
    broken = write_pack(
        tmp_path / "broken",
        {"b.yaml": 'entries:\n  - {id: z, title: Z, domain: net, summary: s, "[/k]": 1}\n'},
        "broken",
    )
    app = make_app(tmp_path, [pack, broken], open_id="[/x]")
    seen: list[str] = []

    async def main_() -> None:
        async with app.run_test(size=(120, 35)) as pilot:
            await settle(pilot)
            notes = " ".join(str(n.message) for n in app._notifications)
            assert 'No item "[/x]"' in notes and "[/k]" in notes
            await type_query(pilot, "objects")  # the preview pane renders the item
            seen.append(screen_text(app))
            app.open_item("s3-ls")
            await settle(pilot)
            assert isinstance(app.screen, ReaderScreen)
            seen.append(screen_text(app))
            await pilot.press("b")  # the bookmark toast quotes the title
            await settle(pilot)
            notes = " ".join(str(n.message) for n in app._notifications)
            assert "Bookmarked List [/x] objects." in notes
            app.compare(["s3-ls", "other"])
            await settle(pilot)
            assert isinstance(app.screen, CompareScreen)
            seen.append(screen_text(app))

    asyncio.run(main_())
    preview, reader, compare = seen
    assert "List [/x] objects" in preview
    assert "aws s3 ls [options] s3://bucket/[prefix]" in reader and "[/caption]" in reader
    assert "[link=file:///etc/passwd]v[/link]" in reader
    assert "Other [b]thing" in compare


def test_command_palette_lists_bracket_titles(tmp_path: Path, pack: Path) -> None:
    app = make_app(tmp_path, [pack])

    async def script(pilot: Pilot[Any]) -> None:
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"objects")
        await asyncio.sleep(0.5)
        await settle(pilot)
        text = screen_text(app)
        assert "open: List [/x] o b j e c t s" in text  # the matched letters are styled apart
        assert "Shows [link=file:///etc/passwd]v[/link] keys." in text
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen) and app.screen.item_id == "s3-ls"

    async def main_() -> None:
        async with app.run_test(size=(120, 35)) as pilot:
            await settle(pilot)
            await script(pilot)

    asyncio.run(main_())
