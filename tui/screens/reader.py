"""Reading one item on its own screen, with back and forward through what was opened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header

from tui.widgets.item_view import ItemView

if TYPE_CHECKING:
    from tui.app import CribApp


class ReaderScreen(Screen[None]):
    """The full item; Enter on a link opens it, [ and ] walk the history."""

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
            "tab",
            "app.focus_next",
            "Links",
            show=False,
            tooltip="Move between the text and its links",
            id="reader.focus",
        ),
    ]

    def __init__(self, item_id: str, fact: str | None = None) -> None:
        super().__init__()
        self.item_id = item_id
        self.fact = fact  # the fact (or "Correction") an answer line opened

    @property
    def crib(self) -> CribApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        item = self.crib.base.get(self.item_id)
        assert item is not None
        self.title = item.title
        yield Header(show_clock=False, icon="")
        yield ItemView(
            item,
            self.crib.base,
            bookmarked=self.crib.library.is_bookmarked(item.id),
            fact=self.fact,
            id="item",
        )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ItemView).focus()

    def action_bookmark(self) -> None:
        bookmarked = self.crib.toggle_bookmark(self.item_id)
        view = self.query_one(ItemView)
        view.bookmarked = bookmarked
        view.refresh(recompose=True)

    def action_copy(self) -> None:
        self.crib.copy_item(self.item_id)
