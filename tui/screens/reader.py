"""Reading one item on its own screen, with back and forward through what was opened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Input

from tui.widgets.find import FindBar, Match, find_lines
from tui.widgets.item_view import ItemView
from tui.widgets.message_line import MessageLine

if TYPE_CHECKING:
    from tui.app import CribApp


class ReaderScreen(Screen[None]):
    """The full item; Enter on a link opens it, [ and ] walk the history, Ctrl+F finds."""

    BINDINGS = [
        Binding(
            "escape",
            "app.pop_screen",
            "Back",
            tooltip="Close this item and step back one layer",
            id="reader.close",
        ),
        Binding(
            "left_square_bracket,alt+left",
            "app.history(-1)",
            "Previous",
            tooltip="The item opened before this one",
            id="reader.previous",
        ),
        Binding(
            "right_square_bracket,alt+right",
            "app.history(1)",
            "Next",
            tooltip="The item opened after this one",
            id="reader.next",
        ),
        Binding(
            "b",
            "bookmark",
            "Bookmark",
            tooltip="Bookmark this item (again to remove)",
            id="reader.bookmark",
        ),
        Binding("y", "copy", "Copy", tooltip="Copy this item as Markdown", id="reader.copy"),
        Binding(
            "ctrl+f",
            "find",
            "Find",
            tooltip="Find a word or phrase in this page (Enter or ↓ next, ↑ previous)",
            id="reader.find",
        ),
        Binding("n", "find_next(1)", "Next match", show=False, tooltip="Next match", id="reader.n"),
        Binding(
            "N",
            "find_next(-1)",
            "Previous match",
            show=False,
            tooltip="Previous match",
            id="reader.N",
        ),
        Binding(
            "tab",
            "app.focus_next",
            "Links",
            show=False,
            tooltip="Move between the text and its links",
            id="reader.focus",
        ),
    ]

    def __init__(self, item_id: str, fact: str | None = None, scroll_y: float = 0.0) -> None:
        super().__init__()
        self.item_id = item_id
        self.fact = fact  # the fact (or "Correction") an answer line opened
        self.start_scroll = scroll_y  # where reading resumes (back and forward restore it)
        self.matches: list[Match] = []
        self.match_index = -1

    @property
    def read_to(self) -> float:
        """How far down the page has been read."""
        return self.query_one(ItemView).scroll_y

    @property
    def crib(self) -> CribApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        item = self.crib.base.get(self.item_id)
        assert item is not None
        self.title = item.title  # the title is drawn once, by the item view
        yield ItemView(
            item,
            self.crib.base,
            bookmarked=self.crib.library.is_bookmarked(item.id),
            fact=self.fact,
            id="item",
        )
        yield FindBar()
        yield MessageLine()
        yield Footer()

    def on_mount(self) -> None:
        view = self.query_one(ItemView)
        view.focus()
        if self.start_scroll:
            # Once the page is laid out: before then it has no height to scroll in.
            self.call_after_refresh(view.scroll_to, y=self.start_scroll, animate=False)

    def action_bookmark(self) -> None:
        bookmarked = self.crib.toggle_bookmark(self.item_id)
        self.query_one(ItemView).show_bookmarked(bookmarked)

    # -- find in page ------------------------------------------------------------------------

    def action_find(self) -> None:
        bar = self.query_one(FindBar)
        bar.display = True
        self.query_one("#find", Input).focus()

    @on(Input.Changed, "#find")
    def on_find_changed(self, event: Input.Changed) -> None:
        self.matches = find_lines(self.query_one(ItemView), event.value)
        view = self.query_one(ItemView)
        # The first match from where the reader is, so finding never jumps back up the page.
        self.match_index = next((i for i, m in enumerate(self.matches) if m.y >= view.scroll_y), 0)
        self._show_match()

    @on(Input.Submitted, "#find")
    def on_find_submitted(self) -> None:
        self.action_find_next(1)

    def on_key(self, event: events.Key) -> None:
        if isinstance(self.focused, Input) and self.focused.id == "find":
            if event.key in ("down", "up"):
                event.stop()
                self.action_find_next(1 if event.key == "down" else -1)
            elif event.key == "escape":
                event.stop()
                self.query_one(FindBar).display = False
                self.query_one(ItemView).focus()

    def action_find_next(self, step: int) -> None:
        if not self.matches:
            if not self.query_one(FindBar).display:
                self.action_find()
            return
        self.match_index = (self.match_index + step) % len(self.matches)
        self._show_match()

    def _show_match(self) -> None:
        view = self.query_one(ItemView)
        bar = self.query_one(FindBar)
        for block in view.query(".-found"):
            block.remove_class("-found")
        phrase = self.query_one("#find", Input).value.strip()
        if not self.matches:
            bar.count("no match" if phrase else "")
            return
        match = self.matches[self.match_index]
        match.block.add_class("-found")
        # The matching line a third of the way down, with what leads up to it above.
        view.scroll_to(y=max(match.y - view.size.height // 3, 0), animate=False)
        bar.count(f"{self.match_index + 1} of {len(self.matches)}")

    def action_copy(self) -> None:
        self.crib.copy_item(self.item_id)
