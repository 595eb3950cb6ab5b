"""The card list: every review card, searchable, with its state; suspend or restore one."""

from __future__ import annotations

import sqlite3
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Label

from knowledge.cards import Card, generate_cards
from tui.data import StorageError
from tui.data.progress import card_states
from tui.data.review import ReviewStore
from tui.messages import OpenItem

SHOWN = 300  # rows drawn at once; typing narrows the rest


class CardsScreen(Screen[None]):
    """Search cards by prompt, answer, item or id; Enter opens the item, s suspends."""

    CSS_PATH = "cards.tcss"
    BINDINGS = [
        Binding(
            "enter", "open_item", "Open entry", tooltip="Read the card's item", id="cards.open"
        ),
        Binding(
            "s",
            "toggle_suspend",
            "Suspend/restore",
            tooltip="Suspend the highlighted card, or restore it if it is suspended",
            id="cards.suspend",
        ),
        Binding(
            "down",
            "focus_list",
            "To the list",
            show=False,
            tooltip="Move from the search box to the list of cards",
            id="cards.to-list",
        ),
        Binding(
            "escape",
            "back",
            "Back",
            tooltip="Clear the search, then leave the card list",
            id="cards.back",
        ),
    ]

    def __init__(self, cards: list[Card], store: ReviewStore) -> None:
        super().__init__()
        self.cards = cards
        self.store = store
        self.states = card_states(cards, store)
        self.shown: list[Card] = []

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Search cards: prompt, answer, item or state", id="cards-search")
        yield Label(id="cards-count")
        yield DataTable(id="cards-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        room = max(40, self.app.size.width - 30)  # kind and state keep their width
        table.add_column("Card", key="card", width=room * 3 // 5)
        table.add_column("Answer", key="answer", width=room - room * 3 // 5)
        table.add_column("Kind", key="kind", width=7)
        table.add_column("State", key="state", width=10)
        self._fill("")
        self.query_one(Input).focus()

    def _matches(self, card: Card, words: list[str]) -> bool:
        text = f"{card.front} {card.back} {card.source_id} {card.id} {self.states[card.id]}"
        folded = text.casefold()
        return all(word in folded for word in words)

    def _fill(self, query: str) -> None:
        words = query.casefold().split()
        found = [c for c in self.cards if self._matches(c, words)]
        self.shown = found[:SHOWN]
        table = self.query_one(DataTable)
        table.clear()
        for card in self.shown:
            table.add_row(
                Text(card.front.replace("\n", " \u00b7 "), overflow="ellipsis", no_wrap=True),
                Text(card.back, overflow="ellipsis", no_wrap=True),
                card.kind,
                self.states[card.id],
                key=card.id,
            )
        more = f"; the first {SHOWN} shown, type to narrow" if len(found) > SHOWN else ""
        suspended = sum(s == "suspended" for s in self.states.values())
        self.query_one("#cards-count", Label).update(
            f"{len(found)} of {len(self.cards)} cards{more} · {suspended} suspended · "
            "\u2193 to the list, s suspends or restores"
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(DataTable).focus()

    def action_focus_list(self) -> None:
        """Move to the list of cards."""
        self.query_one(DataTable).focus()

    def _highlighted(self) -> Card | None:
        table = self.query_one(DataTable)
        if not self.shown or table.cursor_row < 0 or table.cursor_row >= len(self.shown):
            return None
        return self.shown[table.cursor_row]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter and s act on the list, not while typing a search."""
        if action in ("open_item", "toggle_suspend"):
            return self.query_one(DataTable).has_focus and self._highlighted() is not None
        return True

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_item()

    def action_open_item(self) -> None:
        """Open the item the highlighted card comes from."""
        card = self._highlighted()
        if card is not None and card.source_id:
            self.post_message(OpenItem(card.source_id))

    def action_toggle_suspend(self) -> None:
        """Suspend the highlighted card, or restore it."""
        card = self._highlighted()
        if card is None:
            return
        try:
            if self.states[card.id] == "suspended":
                self.store.restore(card.id)
                self.notify("Restored: the card is back in the queues.", timeout=3)
            else:
                self.store.suspend(card.id)
                self.notify("Suspended: out of every queue until restored.", timeout=3)
        except (sqlite3.Error, StorageError) as error:
            self.notify(f"Could not save: {error}", severity="error", markup=False)
            return
        self.states.update(card_states([card], self.store))
        table = self.query_one(DataTable)
        table.update_cell(card.id, "state", self.states[card.id])

    def action_back(self) -> None:
        """Clear the search first, then leave."""
        search = self.query_one(Input)
        if search.value:
            search.value = ""
            search.focus()
            return
        self.dismiss(None)


def open_cards(app: App[Any]) -> None:
    """Push the card list over the app's knowledge base and user database."""
    if isinstance(app.screen, CardsScreen):
        return
    try:
        store = ReviewStore(app.services.database)  # type: ignore[attr-defined]
        screen = CardsScreen(generate_cards(app.base), store)  # type: ignore[attr-defined]
    except (sqlite3.Error, StorageError) as error:
        app.notify(f"Review data could not be read: {error}", severity="error", markup=False)
        return
    app.push_screen(screen)
