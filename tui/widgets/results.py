"""The ranked results list: title with matched words, kind, domain and a snippet per row."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content, Span
from textual.css.styles import RulesMap
from textual.message import Message
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import OptionList
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from index.search import Hit

KIND_LABEL = {"entry": "entry", "comparison": "compare"}
MARK = "● "  # shown before a marked row's title (and nothing else looks like it)
BOLD, DIM = Style(bold=True), Style(dim=True)
MATCH = Style(bold=True, underline=True)
ROWS_KEPT = 128  # drawn rows kept between keystrokes: the last few keys' (512 cost 1.5 MB more)


def _spans(ranges: list[tuple[int, int]], offset: int, style: Style) -> list[Span]:
    return [Span(offset + start, offset + end, style) for start, end in ranges]


class ResultRow(Visual):
    """One result as its two lines: the title line (mark, title, kind and domain) and the
    snippet line, each cut to the width with an ellipsis. Drawn straight to strips: a row is
    always two lines high, so the list needs no wrapping pass to know its height, and a row
    drawn once is reused at the same width and style (Textual's own rendering of a two-line
    prompt cost 0.2-0.4 ms a row, 25 rows on every keystroke)."""

    def __init__(self, title: Content, snippet: Content) -> None:
        self.lines = (title, snippet)
        self._drawn: dict[tuple[int, Style], list[Strip]] = {}

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        key = (width, style)
        if (strips := self._drawn.get(key)) is None:
            strips = []
            for line in self.lines:
                cut = line.truncate(width, ellipsis=True)
                strips.append(Strip(cut.render_segments(style), cut.cell_length))
            self._drawn = {key: strips}  # one width and style at a time: the row as now shown
        return strips

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max(line.cell_length for line in self.lines)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return 2


def result_row(hit: Hit, marked: bool) -> ResultRow:
    """The row for a hit: pack text as text (never markup), its matched words underlined."""
    lead = MARK if marked else "  "
    tail = f"  {KIND_LABEL.get(hit.kind, hit.kind)} · {hit.domain}"
    title = Content(
        f"{lead}{hit.title}{tail}",
        [
            Span(0, len(lead) + len(hit.title), BOLD),
            *_spans(hit.title_matches, len(lead), MATCH),
            Span(len(lead) + len(hit.title), len(lead) + len(hit.title) + len(tail), DIM),
        ],
    )
    text = hit.snippet or hit.summary
    snippet = Content(
        f"  {text}", [Span(2, 2 + len(text), DIM), *_spans(hit.snippet_matches, 2, MATCH)]
    )
    return ResultRow(title, snippet)


class _RowCache:
    """The rows of recent hits, by everything a row shows."""

    def __init__(self) -> None:
        self.rows: dict[tuple[object, ...], ResultRow] = {}

    def row(self, hit: Hit, marked: bool) -> ResultRow:
        key = (
            hit.id, hit.kind, hit.title, hit.domain, hit.snippet or hit.summary,
            tuple(hit.title_matches), tuple(hit.snippet_matches), marked,
        )  # fmt: skip
        if (row := self.rows.get(key)) is None:
            if len(self.rows) >= ROWS_KEPT:
                self.rows.clear()
            row = self.rows[key] = result_row(hit, marked)
        return row


class ResultsList(OptionList):
    """Search results. No letter keys here: on the search screen, typing always searches."""

    DEFAULT_CSS = """
    ResultsList { height: 1fr; border: none; padding: 0; text-wrap: nowrap; text-overflow: ellipsis; }
    ResultsList > .option-list--option { padding: 0 1 0 0; }
    """

    class MarksChanged(Message):
        """The set of marked entries changed."""

        def __init__(self, marked: list[str]) -> None:
            super().__init__()
            self.marked = marked

    class LeftAtTop(Message):
        """↑ was pressed on the first row: the search box is the next thing up."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.hits: list[Hit] = []
        self.marked: dict[str, str] = {}  # id -> title, in marking order
        self._rows = _RowCache()

    def show_hits(self, hits: list[Hit]) -> None:
        """Replace the rows, keeping the highlight on the same item when it is still there and
        was chosen (moved off the top row); a highlight left on the top row stays on the top
        row, so that Enter after typing opens the best result ("alb vs nlb": the comparison)."""
        moved = bool(self.highlighted)
        previous = self.highlighted_hit.id if self.highlighted_hit and moved else None
        self.hits = hits
        self.set_options(self._option(hit) for hit in hits)
        ids = [hit.id for hit in hits]
        if hits:
            self.highlighted = ids.index(previous) if previous in ids else 0

    def _option(self, hit: Hit) -> Option:
        return Option(self._rows.row(hit, hit.id in self.marked), id=hit.id)

    @property
    def highlighted_hit(self) -> Hit | None:
        if self.highlighted is None or not 0 <= self.highlighted < len(self.hits):
            return None
        return self.hits[self.highlighted]

    def action_cursor_up(self) -> None:
        if not self.highlighted:
            self.post_message(self.LeftAtTop())
            return
        super().action_cursor_up()

    def toggle_mark(self) -> None:
        """Mark or unmark the highlighted entry; the highlight stays where it is."""
        hit = self.highlighted_hit
        if hit is None:
            return
        if hit.kind != "entry":
            self.notify("Only entries can be marked: a comparison is already a comparison.")
            return
        if hit.id in self.marked:
            del self.marked[hit.id]
        else:
            self.marked[hit.id] = hit.title
        assert self.highlighted is not None
        self.replace_option_prompt_at_index(self.highlighted, self._option(hit).prompt)
        self.post_message(self.MarksChanged(list(self.marked)))

    def clear_marks(self) -> None:
        self.marked.clear()
        self.show_hits(self.hits)
        self.post_message(self.MarksChanged([]))
