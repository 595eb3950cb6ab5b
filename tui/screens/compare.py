"""A comparison that fits the screen: subjects as columns under a fixed header while they are
readable, turned (one block per aspect) when they are not; never clipped."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from knowledge.compare import Table
from tui.widgets.compare_table import (
    column_body,
    column_header,
    fit_columns,
    table_summary,
    turned,
)
from tui.widgets.message_line import MessageLine

if TYPE_CHECKING:
    from tui.app import CribApp

ADHOC_PREFIX = "compare:"  # an ad-hoc comparison's bookmark: "compare:sqs,sns"


def adhoc_key(ids: list[str]) -> str:
    """The id a bookmark of an ad-hoc comparison is stored under."""
    return ADHOC_PREFIX + ",".join(ids)


def adhoc_ids(key: str) -> list[str] | None:
    """The entry ids of an ad-hoc comparison's bookmark, or None for an item id."""
    if not key.startswith(ADHOC_PREFIX):
        return None
    return [part for part in key[len(ADHOC_PREFIX) :].split(",") if part]


class CompareScreen(Screen[None]):
    """A written comparison or an ad-hoc table of marked entries."""

    DEFAULT_CSS = """
    CompareScreen #title { padding: 0 1; text-style: bold; color: $accent; }
    CompareScreen #hint { color: $text-muted; padding: 0 1; }
    CompareScreen #head { padding: 0 1; height: auto; }
    CompareScreen #body { height: 1fr; padding: 0 1; }
    """
    BINDINGS = [
        Binding(
            "escape", "app.pop_screen", "Back", tooltip="Close the comparison", id="compare.close"
        ),
        Binding(
            "b",
            "bookmark",
            "Bookmark",
            tooltip="Bookmark this comparison (an ad-hoc one too); again to remove",
            id="compare.bookmark",
        ),
        Binding(
            "t",
            "turn",
            "Turn",
            tooltip="Subjects as columns, or one block per aspect with a line per subject",
            id="compare.turn",
        ),
        Binding("y", "copy", "Copy", tooltip="Copy the table as Markdown", id="compare.copy"),
        Binding(
            "o",
            "open_subjects",
            "Open subject",
            tooltip="Read one of the subjects",
            id="compare.open",
        ),
        Binding(
            "left,h",
            "shift_columns(-1)",
            "Left",
            show=False,
            tooltip="One subject to the left (when not all fit)",
            id="compare.left",
        ),
        Binding(
            "right,l",
            "shift_columns(1)",
            "Right",
            show=False,
            tooltip="One subject to the right (when not all fit)",
            id="compare.right",
        ),
        Binding(
            "j", "scroll_rows(1)", "Down", show=False, tooltip="Scroll down", id="compare.down"
        ),
        Binding("k", "scroll_rows(-1)", "Up", show=False, tooltip="Scroll up", id="compare.up"),
    ]

    def __init__(self, ids: list[str], highlight: str | None = None) -> None:
        super().__init__()
        self.ids = ids
        self.turned: bool | None = None  # None: columns when they fit, turned when not
        self.first = 0  # the first subject shown when not all fit side by side
        self.highlight = highlight  # the row an answer line opened

    @property
    def crib(self) -> CribApp:
        return self.app  # type: ignore[return-value]

    @property
    def table(self) -> Table:
        return self.crib.base.table(self.ids)

    @property
    def bookmark_key(self) -> str:
        """What a bookmark of this screen is stored under: the comparison's id, or the entries'."""
        table = self.table
        return table.comparison.id if table.comparison is not None else adhoc_key(self.ids)

    def compose(self) -> ComposeResult:
        yield Static(id="title", markup=False)
        yield Static("", id="hint", markup=False)
        yield Static(id="head")
        with VerticalScroll(id="body"):
            yield Static(id="rows")
        yield MessageLine()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#body").focus()
        self._render_table()

    def on_resize(self) -> None:
        self._render_table()

    def is_turned(self) -> bool:
        if self.turned is not None:
            return self.turned
        return not fit_columns(self.table, self._width()).fits_all

    def _width(self) -> int:
        return max(self.size.width - 2, 20)

    def _render_table(self) -> None:
        table = self.table
        width = self._width()
        title = Text(table.title)
        if self.crib.library.is_bookmarked(self.bookmark_key):
            title = Text("★ ") + title
        self.query_one("#title", Static).update(title)
        hint = table_summary(table)
        head = self.query_one("#head", Static)
        rows = self.query_one("#rows", Static)
        if self.is_turned():
            head.display = False
            rows.update(turned(table, width, self.highlight))
            hint += " · t: columns"
        else:
            columns = fit_columns(table, width)
            shown = columns.visible
            self.first = max(0, min(self.first, len(table.subjects) - shown))
            head.display = True
            head.update(column_header(table, columns, self.first, shown))
            rows.update(column_body(table, columns, self.first, shown, self.highlight))
            if not columns.fits_all:
                last = self.first + shown
                hint += f" · subjects {self.first + 1}–{last} of {len(table.subjects)}: ← →"
            else:
                hint += " · t: by aspect"
        self.query_one("#hint", Static).update(hint)

    def action_turn(self) -> None:
        self.turned = not self.is_turned()
        self._render_table()

    def action_shift_columns(self, step: int) -> None:
        if self.is_turned():
            return
        self.first = max(0, self.first + step)
        self._render_table()

    def action_scroll_rows(self, direction: int) -> None:
        self.query_one("#body", VerticalScroll).scroll_relative(y=direction * 3, animate=False)

    def action_bookmark(self) -> None:
        self.crib.toggle_bookmark(self.bookmark_key)
        self._render_table()

    def action_copy(self) -> None:
        from knowledge.export import table_markdown

        self.app.copy_to_clipboard(table_markdown(self.table))
        self.notify("Copied the table as Markdown.")

    def action_open_subjects(self) -> None:
        from tui.screens.pick import PickDialog

        choices = [(s.id, s.title) for s in self.table.subjects]
        self.app.push_screen(PickDialog("Open which subject?", choices), self.crib.open_item_if)
