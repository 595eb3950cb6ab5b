"""Bookmarks and recently viewed items."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList
from textual.widgets.option_list import Option

from tui.messages import OpenItem
from tui.widgets.keys import vim_keys

if TYPE_CHECKING:
    from tui.app import CribApp


class SavedList(OptionList):
    BINDINGS = [
        *vim_keys("saved", "item"),
    ]


class SavedScreen(Screen[None]):
    """What the user bookmarked, then what they read lately."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to searching", id="saved.close"),
        Binding(
            "b",
            "unbookmark",
            "Remove bookmark",
            tooltip="Remove the highlighted bookmark",
            id="saved.remove",
        ),
    ]

    @property
    def crib(self) -> CribApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        self.title = "Bookmarks and recent"
        yield Header(show_clock=False, icon="")
        yield SavedList(id="saved")
        yield Footer()

    def on_mount(self) -> None:
        self.refill()
        self.query_one(SavedList).focus()

    def on_screen_resume(self) -> None:
        self.refill()

    def refill(self) -> None:
        base, library = self.crib.base, self.crib.library
        options: list[Option | None] = []

        def add(item_id: str, prefix: str) -> None:
            item = base.get(item_id)
            if item is not None:
                prompt = Text.assemble(prefix, (item.title, "bold"), "  ", (item.summary, "dim"))
                prompt.no_wrap, prompt.overflow = True, "ellipsis"
                options.append(Option(prompt, id=f"{prefix.strip() or 'r'}:{item_id}"))

        bookmarks = library.bookmarks()
        options.append(
            Option(Text(f"Bookmarks ({len(bookmarks)})", style="bold underline"), disabled=True)
        )
        for item_id in bookmarks:
            add(item_id, "★ ")
        if not bookmarks:
            options.append(
                Option(
                    Text("  none yet: press b on a result or an item", style="dim"), disabled=True
                )
            )
        recent = library.recent()
        options.append(
            Option(Text(f"Recently viewed ({len(recent)})", style="bold underline"), disabled=True)
        )
        for item_id in recent:
            add(item_id, "  ")
        saved = self.query_one(SavedList)
        saved.set_options(o for o in options if o is not None)
        first = next((i for i, o in enumerate(saved.options) if not o.disabled), None)
        saved.highlighted = first

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.post_message(OpenItem(event.option.id.partition(":")[2]))

    def action_unbookmark(self) -> None:
        saved = self.query_one(SavedList)
        if saved.highlighted is None:
            return
        option = saved.get_option_at_index(saved.highlighted)
        if option.id and option.id.startswith("★:"):
            self.crib.toggle_bookmark(option.id.partition(":")[2])
            self.refill()
