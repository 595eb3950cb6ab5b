"""The main screen: a search box, ranked results while typing, and a preview on wide terminals."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static

from tui.messages import CompareItems, OpenItem
from tui.widgets.answer import AnswerStrip
from tui.widgets.footer import KeysFooter
from tui.widgets.message_line import MessageLine
from tui.widgets.results import MARK, ResultsList

if TYPE_CHECKING:
    # Whoosh and the item view load off the critical path: the first paint does not wait.
    from index.search import SearchResult
    from tui.app import CribApp

WIDE = 100  # columns from which the selected item is previewed beside the list
RESULT_LIMIT = 25  # more than fit on a tall screen; fewer rows to build per keystroke
PREVIEW_DELAY = 0.25  # seconds the highlight must rest before the preview is drawn
RECENT_KEPT = 32  # results of the last queries, shown again at once (backspace, retyping)

EMPTY_STATE = """\
[b]Type to search[/b] — results update as you type; the last word may be unfinished.

  [b]nat g[/b]                    prefix: NAT Gateway
  [b]cloudwatch vs cloudtrail[/b] the comparison first
  [b]domain:networking[/b]        filter by domain   [b]tag:vpc[/b]  [b]kind:comparison[/b]
  [b]soa-c03:security[/b]         an exam guide's domain
  [b]cloudtrial[/b]               typos are corrected ("did you mean")

[b]↓[/b] results  [b]Enter[/b] open  [b]Tab[/b] mark  [b]F6[/b] compare marked  \
[b]Ctrl+P[/b] commands  [b]F1[/b] keys
Typing always searches, wherever the highlight is; [b]/[/b] comes back here from any screen."""


def shown_part(result: SearchResult) -> SearchResult:
    """The result without the stored text the engine read to rank and cut snippets (each
    hit's whole summary, facts and body): the screen needs only what it shows, and the last
    queries' results are kept."""
    return replace(result, hits=[replace(hit, stored={}) for hit in result.hits])


def _count_line(items: int, packs: int) -> str:
    return f"{items} items in {packs} pack{'s' if packs != 1 else ''}"


class SearchScreen(Screen[None]):
    """Find while typing; read, mark and compare from the list."""

    AUTO_FOCUS = "#search"
    BINDINGS = [
        Binding(
            "escape",
            "step_back",
            "Back",
            tooltip="Step back one layer: list -> box -> clear",
            id="search.back",
        ),
        Binding(
            "ctrl+y",
            "accept_suggestion",
            "Did you mean",
            tooltip="Search for the suggested spelling",
            id="search.accept",
        ),
        Binding(
            "down",
            "focus_results",
            "Results",
            show=False,
            tooltip="Move into the results",
            id="search.results",
        ),
        Binding(
            "tab",
            "toggle_mark",
            "Mark",
            tooltip="Mark the highlighted entry to compare it with others (Tab again unmarks)",
            id="search.mark",
        ),
        Binding(
            "f6,ctrl+o",
            "compare_marked",
            "Compare",
            tooltip="Compare the marked entries side by side",
            id="search.compare",
        ),
        Binding(
            "ctrl+s",
            "bookmark",
            "Bookmark",
            show=False,
            tooltip="Bookmark the highlighted item (again to remove)",
            id="search.bookmark",
        ),
        Binding(
            "f4,ctrl+l",
            "filter",
            "Filter",
            tooltip="Filter by domain, tag, kind or exam",
            id="search.filter",
        ),
        Binding(
            "f2",
            "app.browse",
            "Browse",
            tooltip="Walk packs, domains and entries",
            id="search.browse",
        ),
        Binding(
            "f3",
            "app.saved",
            "Bookmarks",
            tooltip="Bookmarks and recently viewed",
            id="search.saved",
        ),
        Binding(
            "f5",
            "app.review",
            "Review",
            tooltip="Flashcards made from the packs",
            id="search.review",
        ),
    ]

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial_query = query
        self.latest_text = query
        self.generation = 0
        self.last_result: SearchResult | None = None
        self.preview_timer: Timer | None = None
        self.mounted = False  # on_mount has run: the index can be handed over
        self.previewed: str | None = None  # the item drawn in the preview pane
        self.returning = False  # something was opened from here: coming back selects the query
        self.recent: dict[str, SearchResult] = {}  # query -> its result, oldest first

    @property
    def crib(self) -> CribApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Input(
            value=self.initial_query,
            placeholder="Search: words, X vs Y, domain: tag: kind: …",
            id="search",
            select_on_focus=False,  # the screen selects the query only when coming back
        )
        yield Static("", id="status")
        yield AnswerStrip(id="answer")
        with Horizontal(id="panes"):
            with Vertical(id="left"):
                yield Static(EMPTY_STATE, id="empty")
                yield ResultsList(id="results")
            with VerticalScroll(id="preview"):
                yield Static(id="preview-body")
        yield MessageLine()
        yield KeysFooter()

    def on_mount(self) -> None:
        self.mounted = True
        self.query_one("#results").display = False
        self._layout(self.size.width)
        if self.crib.index is not None:
            self.index_ready()
            return
        meta = self.crib.services.peek()
        if meta is None:
            self.set_status("Opening the search index…")
        else:  # the same line the open index will show: the first screen is already the final one
            self.set_status(_count_line(meta["items"], len(meta["packs"])))

    def on_resize(self) -> None:
        self._layout(self.size.width)

    def _layout(self, width: int) -> None:
        has_results = self.last_result is not None and bool(self.last_result.hits)
        self.query_one("#preview").display = width >= WIDE and has_results

    # -- the index ---------------------------------------------------------------------------

    def index_building(self, done: int, total: int) -> None:
        """A build's progress, under the status line. The bar is made only for a build: most
        starts open a built index, and every start composed and styled the bar and its parts
        (its import alone: 3 ms)."""
        from textual.widgets import ProgressBar

        bars = self.query("#progress")
        if bars:
            bar = bars.first(ProgressBar)
        else:
            bar = ProgressBar(id="progress", show_eta=False)
            self.mount(bar, after="#status")
        bar.update(total=total, progress=done)
        self.set_status(f"Building the search index… {done}/{total} (type away: results follow)")

    def index_ready(self, first: tuple[str, SearchResult] | None = None) -> None:
        """The index is open; `first` is what was typed meanwhile and its result, if any."""
        self.query("#progress").remove()
        self.recent.clear()  # results of another index
        typed = self.query_one("#search", Input).value
        if first is not None and first[0] == typed:
            self.generation += 1
            self.show_result(self.generation, first[1])
        else:
            self.search(typed)

    def typed(self) -> str:
        """The search box's text as of its last change (the index opener's thread reads it)."""
        return self.latest_text

    # -- searching ---------------------------------------------------------------------------

    @on(Input.Changed, "#search")
    def on_search_changed(self, event: Input.Changed) -> None:
        self.latest_text = event.value
        self.search(event.value)

    def search(self, text: str) -> None:
        self.generation += 1
        if not text.strip():
            self.show_result(self.generation, None)
            return
        if (seen := self.recent.get(text)) is not None:
            # The index has not changed: the same query gives the same results, in this frame.
            self.show_result(self.generation, seen)
            return
        if self.crib.index is not None:
            self.run_search(text, self.generation)

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, text: str, generation: int) -> None:
        index = self.crib.index
        if index is None or generation != self.generation:
            return
        result = shown_part(index.search(text, limit=RESULT_LIMIT))
        self.app.call_from_thread(self.show_result, generation, result)

    def show_result(self, generation: int, result: SearchResult | None) -> None:
        if generation != self.generation:
            return  # a newer keystroke has already been searched: drop this one
        if result is not None:
            self.recent.pop(result.query, None)
            self.recent[result.query] = result
            if len(self.recent) > RECENT_KEPT:
                del self.recent[next(iter(self.recent))]
        had_suggestion = bool(self.last_result and self.last_result.suggestion)
        self.last_result = result
        if had_suggestion != bool(result and result.suggestion):
            self.refresh_bindings()
        results = self.query_one(ResultsList)
        empty = result is None
        self.query_one("#empty").display = empty
        results.display = not empty
        results.show_hits(result.hits if result else [])
        strip = self.query_one(AnswerStrip)
        strip.show_answers(result.answers if result else [])
        if not strip.display and self.focused is strip:
            self.focus_box()
        self._status_for(result)
        if empty and self.preview_timer is not None:
            self.preview_timer.stop()  # no preview is owed for results that are gone
        # An item view is costly to draw: while keys come, show none; the timer brings it back.
        top = result.hits[0].id if result and result.hits else None
        body = self.query_one("#preview-body")
        if self.previewed != top or empty:
            # Hidden until the highlight rests (the timer shows it): drawing an item is far
            # slower than a keystroke, even the same item coming back after a cleared box.
            body.display = False
        self._layout(self.size.width)

    def _status_for(self, result: SearchResult | None) -> None:
        index = self.crib.index
        total = index.meta["items"] if index else 0
        if result is None:
            text = Text(_count_line(total, len(index.meta["packs"])) if index else "")
        else:
            count = len(result.hits)
            text = Text(
                f"{count} result{'s' if count != 1 else ''}"
                if count
                else "No results: try fewer words or a filter (F4)"
            )
            if result.suggestion is not None:
                text.append("   did you mean ", style="dim")
                text.append(result.suggestion.query, style="bold")
                text.append(" (Ctrl+Y)", style="dim")
        marked = self.query_one(ResultsList).marked
        if marked:
            names = ", ".join(marked.values())
            text = (
                Text.assemble(
                    (f"{MARK}Marked {len(marked)}: ", "bold"),
                    names,
                    ("  F6 compares · Esc in the empty box clears", "dim"),
                    no_wrap=True,
                    overflow="ellipsis",
                )
                .append("\n")
                .append_text(text)
            )
        self.query_one("#status", Static).update(text)

    def set_status(self, message: str) -> None:
        self.query_one("#status", Static).update(message)

    # -- the preview -------------------------------------------------------------------------

    @on(ResultsList.OptionHighlighted, "#results")
    def on_highlight(self) -> None:
        if self.query_one("#preview").display:
            # One timer, restarted: while keys keep coming the preview waits (typing stays fast).
            if self.preview_timer is not None:
                self.preview_timer.stop()
            self.preview_timer = self.set_timer(PREVIEW_DELAY, self._show_preview)

    def _show_preview(self) -> None:
        """Draw the highlighted item beside the list: one reused widget, updated in place
        (mounting a tree of widgets per item cost time and memory on every pause)."""
        from tui.output import item_renderable

        hit = self.query_one(ResultsList).highlighted_hit
        item = self.crib.base.get(hit.id) if hit else None
        if item is None:
            return
        body = self.query_one("#preview-body", Static)
        if self.previewed != item.id:
            body.update(item_renderable(item, self.crib.base))
            self.previewed = item.id
            self.query_one("#preview").scroll_home(animate=False)
        body.display = True

    @on(ResultsList.OptionSelected, "#results")
    def on_result_selected(self, event: ResultsList.OptionSelected) -> None:
        if event.option.id:
            self.returning = True
            self.post_message(OpenItem(event.option.id))

    @on(Input.Submitted, "#search")
    def on_submit(self) -> None:
        hit = self.query_one(ResultsList).highlighted_hit
        if hit is not None:
            self.returning = True
            self.post_message(OpenItem(hit.id))

    @on(ResultsList.MarksChanged)
    def on_marks_changed(self) -> None:
        self._status_for(self.last_result)
        self.refresh_bindings()

    # -- actions -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "accept_suggestion":  # in the footer only while there is a suggestion
            return bool(self.last_result and self.last_result.suggestion)
        if action == "compare_marked":  # in the footer once something is marked
            results = self.query(ResultsList)  # none yet while the footer is first composed
            return bool(results and results.first().marked)
        return True

    def on_key(self, event: events.Key) -> None:
        """Text typed while the list has focus goes to the search box: typing always searches.

        The box consumes what is typed in it, so any text reaching the screen was typed
        elsewhere (the list, the answer line), including keys queued there before the focus
        moved: all of it goes to the box."""
        character = event.character
        if not event.is_printable or character is None or character in "?/":
            return  # ? is help and / is "to the search box" (app keys)
        event.stop()
        event.prevent_default()
        box = self.query_one("#search", Input)
        # At once, not through focus() (which waits its turn): keys typed fast behind this one
        # are already queued, and must reach the box too.
        self.set_focus(box)
        box.cursor_position = len(box.value)
        box.insert_text_at_cursor(character)

    def on_screen_resume(self) -> None:
        if self.returning:
            # Back from what was opened: the query is selected, so typing starts a new search
            # while ↓ and Enter still reach the same results.
            self.returning = False
            self.focus_box(select=True)

    def focus_box(self, select: bool = False) -> None:
        box = self.query_one("#search", Input)
        box.focus()
        if select and box.value:
            box.select_all()

    def action_step_back(self) -> None:
        box = self.query_one("#search", Input)
        results = self.query_one(ResultsList)
        if self.focused is not box:
            box.focus()
        elif box.value:
            box.value = ""
        elif results.marked:
            results.clear_marks()
            self.notify("Marks cleared.")
        # An empty box with nothing marked is the last layer: Escape never quits.

    @on(ResultsList.LeftAtTop)
    def on_left_at_top(self) -> None:
        self.focus_box()

    @on(AnswerStrip.Chosen)
    def on_answer_chosen(self, event: AnswerStrip.Chosen) -> None:
        self.returning = True
        self.post_message(OpenItem(event.answer.id, fact=event.answer.label))

    @on(AnswerStrip.Left)
    def on_answer_left(self, event: AnswerStrip.Left) -> None:
        if event.direction < 0:
            self.focus_box()
        else:
            self._focus_list()

    def action_focus_results(self) -> None:
        """↓ from the box: the answer line first when there is one, then the results."""
        strip = self.query_one(AnswerStrip)
        if strip.display and self.focused is not strip:
            strip.focus()
            return
        self._focus_list()

    def _focus_list(self) -> None:
        results = self.query_one(ResultsList)
        if results.display and results.option_count:
            results.focus()

    def action_accept_suggestion(self) -> None:
        if self.last_result and self.last_result.suggestion:
            box = self.query_one("#search", Input)
            box.value = self.last_result.suggestion.query + " "
            box.cursor_position = len(box.value)

    def action_toggle_mark(self) -> None:
        self.query_one(ResultsList).toggle_mark()

    def action_clear_marks(self) -> None:
        self.query_one(ResultsList).clear_marks()

    def action_compare_marked(self) -> None:
        marked = self.query_one(ResultsList).marked
        if len(marked) < 2:
            self.notify("Mark two or more entries with Tab, then press F6.")
            return
        self.returning = True
        self.post_message(CompareItems(list(marked)))

    def _highlighted_id(self) -> str | None:
        hit = self.query_one(ResultsList).highlighted_hit
        return hit.id if hit else None

    def action_bookmark(self) -> None:
        if (item_id := self._highlighted_id()) is not None:
            self.crib.toggle_bookmark(item_id)

    def action_copy(self) -> None:
        if (item_id := self._highlighted_id()) is not None:
            self.crib.copy_item(item_id)

    def action_filter(self) -> None:
        from tui.screens.filters import FilterDialog

        def add_filter(token: str | None) -> None:
            if token:
                box = self.query_one("#search", Input)
                box.value = f"{token} {box.value}".strip() + " "
                box.cursor_position = len(box.value)
                box.focus()

        self.app.push_screen(FilterDialog(self.crib.base), add_filter)
