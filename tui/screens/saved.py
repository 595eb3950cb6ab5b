"""Bookmarks and recently viewed items."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList
from textual.widgets.option_list import Option

from tui.screens.compare import adhoc_ids
from tui.widgets.keys import vim_keys
from tui.widgets.message_line import MessageLine

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
        yield MessageLine()
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
            ids = adhoc_ids(item_id)
            if ids is not None:  # an ad-hoc comparison: shown while its entries still exist
                if not ids or any(base.get(i) is None for i in ids):
                    return
                title, summary = self.crib.title_of(item_id), f"compare {len(ids)} entries"
            else:
                item = base.get(item_id)
                if item is None:
                    return
                title, summary = item.title, item.summary
            prompt = Text.assemble(prefix, (title, "bold"), "  ", (summary, "dim"))
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
                    Text(
                        "  none yet: b on an item or a comparison, Ctrl+S on a search result",
                        style="dim",
                    ),
                    disabled=True,
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
            self.crib.open_bookmark(event.option.id.partition(":")[2])

    def action_unbookmark(self) -> None:
        saved = self.query_one(SavedList)
        if saved.highlighted is None:
            return
        option = saved.get_option_at_index(saved.highlighted)
        if option.id and option.id.startswith("★:"):
            self.crib.toggle_bookmark(option.id.partition(":")[2])
            self.refill()
