"""Subjects as columns, aspects as rows, differing rows marked; scrolls sideways when wide."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import ScrollableContainer
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from knowledge.compare import Table
from tui.output import table_renderable

if TYPE_CHECKING:
    from tui.app import CribApp

ASPECT_WIDTH = 22
MIN_SUBJECT_WIDTH = 24  # below this a column would be unreadable: scroll instead


class CompareScreen(Screen[None]):
    """A comparison or an ad-hoc table of marked entries."""

    DEFAULT_CSS = """
    CompareScreen #table-scroll { height: 1fr; padding: 0 1; }
    CompareScreen #table { width: auto; }
    CompareScreen #hint { color: $text-muted; padding: 0 1; height: 1; }
    """
    BINDINGS = [
        Binding(
            "escape", "app.pop_screen", "Back", tooltip="Close the comparison", id="compare.close"
        ),
        Binding("y", "copy", "Copy", tooltip="Copy the table as Markdown", id="compare.copy"),
        Binding(
            "left,h",
            "scroll_columns(-1)",
            "Left",
            show=False,
            tooltip="Scroll left",
            id="compare.left",
        ),
        Binding(
            "right,l",
            "scroll_columns(1)",
            "Right",
            show=False,
            tooltip="Scroll right",
            id="compare.right",
        ),
        Binding(
            "j,down", "scroll_rows(1)", "Down", show=False, tooltip="Scroll down", id="compare.down"
        ),
        Binding("k,up", "scroll_rows(-1)", "Up", show=False, tooltip="Scroll up", id="compare.up"),
        Binding(
            "o",
            "open_subjects",
            "Open subject",
            tooltip="Read one of the subjects",
            id="compare.open",
        ),
    ]

    def __init__(self, ids: list[str]) -> None:
        super().__init__()
        self.ids = ids

    @property
    def crib(self) -> CribApp:
        return self.app  # type: ignore[return-value]

    @property
    def table(self) -> Table:
        return self.crib.base.table(self.ids)

    def compose(self) -> ComposeResult:
        self.title = self.table.title
        yield Header(show_clock=False, icon="")
        yield Static("", id="hint")
        with ScrollableContainer(id="table-scroll"):
            yield Static(id="table")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#table-scroll").focus()
        self._render_table()

    def on_resize(self) -> None:
        self._render_table()

    def _render_table(self) -> None:
        table = self.table
        available = max(self.size.width - 4, 40)
        needed = ASPECT_WIDTH + 3 + MIN_SUBJECT_WIDTH * len(table.subjects)
        width = max(available, needed)
        static = self.query_one("#table", Static)
        static.styles.width = width
        static.update(table_renderable(table))
        hint = f"{len(table.subjects)} subjects · {sum(r.differs for r in table.rows)} of {len(table.rows)} rows differ (≠)"
        if width > available:
            hint += " · more columns to the right: ← → scroll"
        self.query_one("#hint", Static).update(hint)

    def action_scroll_columns(self, direction: int) -> None:
        scroll = self.query_one("#table-scroll", ScrollableContainer)
        scroll.scroll_relative(x=direction * MIN_SUBJECT_WIDTH, animate=False)

    def action_scroll_rows(self, direction: int) -> None:
        self.query_one("#table-scroll", ScrollableContainer).scroll_relative(
            y=direction * 3, animate=False
        )

    def action_copy(self) -> None:
        from knowledge.export import table_markdown

        self.app.copy_to_clipboard(table_markdown(self.table))
        self.notify("Copied the table as Markdown.")

    def action_open_subjects(self) -> None:
        from tui.screens.pick import PickDialog

        choices = [(s.id, s.title) for s in self.table.subjects]
        self.app.push_screen(PickDialog("Open which subject?", choices), self.crib.open_item_if)
