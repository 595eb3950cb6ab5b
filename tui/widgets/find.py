"""Find in page: where a phrase occurs in the lines an item view draws, and the bar to type it."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Input, Static


@dataclass(frozen=True)
class Match:
    """One line holding the phrase: the block it is in, and its line from the page's top."""

    block: Widget
    y: int


def find_lines(view: Widget, phrase: str) -> list[Match]:
    """Every drawn line of the view's blocks that holds `phrase` (any case), top to bottom.

    The lines are the ones on screen (wrapped at the current width), so a match scrolls to
    exactly where it is read."""
    needle = " ".join(phrase.casefold().split())
    if not needle:
        return []
    matches: list[Match] = []
    for block in view.children:
        if not block.display:
            continue
        width, height = block.outer_size
        if not width or not height:
            continue
        for line, strip in enumerate(block.render_lines(Region(0, 0, width, height))):
            if needle in " ".join(strip.text.casefold().split()):
                matches.append(Match(block, block.virtual_region.y + line))
    return matches


class FindBar(Horizontal):
    """A one-line bar: the phrase, and which match of how many is shown."""

    DEFAULT_CSS = """
    FindBar { height: 1; display: none; background: $panel; padding: 0 1; }
    FindBar > Input, FindBar > Input:focus {
        width: 1fr; height: 1; border: none; padding: 0; background: $panel;
    }
    FindBar > Static { width: auto; padding: 0 0 0 2; color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        yield Static("Find:", id="find-label")
        yield Input(placeholder="a word or phrase in this page", id="find", select_on_focus=True)
        yield Static("", id="find-count")

    def count(self, text: str) -> None:
        self.query_one("#find-count", Static).update(text)
