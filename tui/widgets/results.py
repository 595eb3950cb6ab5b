"""The ranked results list: title with matched words, kind, domain and a snippet per row."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from index.search import Hit

KIND_LABEL = {"entry": "entry", "comparison": "compare"}
MATCH_STYLE = "bold underline"
MARK = "● "  # shown before a marked row's title (and nothing else looks like it)


def _marked(text: str, ranges: list[tuple[int, int]], style: str = "") -> Text:
    out = Text(text, style=style)
    for start, end in ranges:
        out.stylize(MATCH_STYLE, start, end)
    return out


def result_prompt(hit: Hit, marked: bool, domain: str) -> Text:
    """Two lines: the title line and the snippet line, each cut to the width."""
    line = Text(no_wrap=True, overflow="ellipsis", end="")
    line.append(MARK if marked else "  ", style="bold")
    line.append_text(_marked(hit.title, hit.title_matches, "bold"))
    line.append(f"  {KIND_LABEL.get(hit.kind, hit.kind)} · {domain}", style="dim")
    snippet = _marked(hit.snippet or hit.summary, hit.snippet_matches, "dim")
    line.append("\n  ")
    line.append_text(snippet)
    return line


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
        return Option(result_prompt(hit, hit.id in self.marked, hit.domain), id=hit.id)

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
