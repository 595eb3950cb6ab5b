"""The full-screen app: wiring only. Screens, widgets and commands live in their own modules."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cached_property, partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen

from knowledge.text import shorten
from tui.collector import QUIET, IdleCollector
from tui.commands import ItemsProvider
from tui.messages import CompareItems, OpenItem
from tui.screens.search import RESULT_LIMIT, SearchScreen, shown_part
from tui.services import Services
from tui.widgets.message_line import DEFAULT_TIMEOUT, MessageLine, live
from tui.widgets.message_line import Message as LineMessage

if TYPE_CHECKING:
    from index.search import SearchIndex, SearchResult
    from knowledge.base import KnowledgeBase


class CribApp(App[int]):
    """Find, read, compare and review knowledge packs, by keyboard."""

    TITLE = "crib"
    CSS_PATH = "app.tcss"
    COMMANDS: ClassVar = App.COMMANDS | {ItemsProvider}
    BINDINGS: ClassVar = [
        Binding(
            "f1,question_mark",
            "toggle_help",
            "Keys",
            tooltip="Show or hide the keys of this screen",
            id="app.help",
        ),
        Binding(
            "slash",
            "focus_search",
            "Search",
            show=False,
            tooltip="Go to the search box from any screen",
            id="app.search",
        ),
        Binding(
            "f2,ctrl+t",
            "browse",
            "Browse",
            show=False,  # shown by the search screen; other footers keep room for their keys
            tooltip="Walk packs, domains and entries",
            id="app.browse",
        ),
        Binding(
            "f3,ctrl+b",
            "saved",
            "Bookmarks",
            show=False,  # shown by the search screen; other footers keep room for their keys
            tooltip="Bookmarks and recently viewed",
            id="app.saved",
        ),
        Binding(
            "f5,ctrl+r",
            "review",
            "Review",
            show=False,  # shown by the search screen; other footers keep room for their keys
            tooltip="Review flashcards made from the packs",
            id="app.review",
        ),
    ]

    class MessagesChanged(Message):
        """A message was added: the current screen's message line shows it."""

    class IndexProgress(Message):
        """The index is being built: `done` of `total` items written."""

        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done, self.total = done, total

    class IndexReady(Message):
        """The search index is open (or could not be opened: `error`)."""

        def __init__(
            self,
            index: SearchIndex | None,
            error: str = "",
            first: tuple[str, SearchResult] | None = None,
        ) -> None:
            super().__init__()
            self.index, self.error = index, error
            self.first = first  # (query, its result) for what was typed while it opened

    def __init__(
        self,
        services: Services,
        *,
        query: str = "",
        open_id: str | None = None,
        compare: list[str] | None = None,
        review: Any = None,
        quiz: Any = None,
        theme: str | None = None,
    ) -> None:
        super().__init__()
        self.services = services
        self.library = services.library
        self.index: SearchIndex | None = None
        self.start_query = query
        self.start_open = open_id
        self.start_compare = compare
        self.start_review = review
        self.start_quiz = quiz
        self.requested_theme = theme
        self.history: list[str] = []
        self.history_position = -1
        self.history_scroll: dict[int, float] = {}  # where each page of the history was read to
        self.messages: list[LineMessage] = []  # what notify said, for the screens' message lines
        self._last_storage_error: tuple[str, float] = ("", 0.0)
        self.collector = IdleCollector()

    # -- messages ----------------------------------------------------------------------------

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Say it in the message line of screens that have one (their toasts are hidden, so
        nothing covers the content); Textual's own toast still serves dialogs."""
        import time

        text = f"{title}: {message}" if title else message
        until = time.monotonic() + (timeout if timeout is not None else DEFAULT_TIMEOUT)
        self.messages = [*live(self.messages), LineMessage(text, severity, markup, until)]
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)
        self.post_message(self.MessagesChanged())  # notify may come from a thread

    def on_crib_app_messages_changed(self) -> None:
        self.show_messages()

    def show_messages(self) -> None:
        for line in self.screen.query(MessageLine):
            line.show(self.messages)

    # -- start-up ----------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        return SearchScreen(self.start_query)

    def on_mount(self) -> None:
        self.services.database.on_error = self._storage_error
        self.set_interval(QUIET, self.collector.collect_if_quiet, name="idle collector")
        theme = self.requested_theme or self.library.setting("theme")
        if theme:
            if theme in self.available_themes:
                self.theme = theme
            else:
                self.notify(
                    f'Unknown theme "{shorten(theme)}"; press Ctrl+P then "theme" to pick one.',
                    severity="warning",
                    markup=False,
                )
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        # A screen coming back shows what is still being said.
        self.screen_change_signal.subscribe(
            self, lambda _: self.call_after_refresh(self.show_messages)
        )
        for warning in self.services.warnings:
            self.notify(warning, severity="warning", timeout=12, markup=False)
        # Open the index right away, in its thread: the first screen needs only the metadata
        # (the count line), and waiting for the first frame left the interpreter idle between
        # frames while a query typed at once waited (measured: first results 1.75x -> 1.4x a
        # minimal app's complete screen; the first paint moved by less than the noise).
        self.open_index()

    def _storage_error(self, message: str) -> None:
        """A read or write of the user database failed: say so once, and keep running."""
        import time

        now = time.monotonic()
        if self._last_storage_error[0] == message and now - self._last_storage_error[1] < 10:
            return
        self._last_storage_error = (message, now)
        self.notify(message, severity="error", timeout=10, markup=False)

    def _remember_theme(self, theme: Any) -> None:
        self.library.set_setting("theme", theme.name)

    @work(thread=True, exclusive=True, group="index")
    def open_index(self) -> None:
        """Open (or build) the index and warm it up, off the UI thread."""

        def progress(done: int, total: int) -> None:
            self.post_message(self.IndexProgress(done, total))

        first: tuple[str, SearchResult] | None = None
        try:
            index = self.services.open_index(progress, lambda: progress(0, 1))
            screen = self._search_screen()

            def typed() -> str:
                return screen.typed() if screen is not None else ""

            if not typed().strip():  # it stops as soon as a key comes: that key must not wait
                index.warm_up(stop=lambda: bool(typed().strip()))
            if (query := typed()).strip():
                # Keys came while the index opened: their search is the warm-up, done here
                # rather than in one more worker once the index is handed over.
                first = (query, shown_part(index.search(query, limit=RESULT_LIMIT)))
        except Exception as error:  # a broken cache or disk must not take the app down
            self.post_message(self.IndexReady(None, f"{type(error).__name__}: {error}"))
            return
        self.post_message(self.IndexReady(index, first=first))

    def on_crib_app_index_progress(self, message: IndexProgress) -> None:
        screen = self._search_screen()
        if screen is not None and screen.mounted:
            screen.index_building(message.done, message.total)

    def on_crib_app_index_ready(self, message: IndexReady) -> None:
        if message.index is None:
            self.collector.freeze()  # what start-up made stays, and collections resume
            self.notify(
                f"The search index could not be opened: {message.error}",
                severity="error",
                timeout=30,
                markup=False,
            )
            return
        self.index = message.index
        for note in self.index.notes:
            self.notify(note, severity="warning", timeout=15, markup=False)
        for problem in self.index.source_problems:
            self.notify(f"Pack not loaded: {problem}", severity="warning", timeout=15, markup=False)
        for skipped in self.index.meta.get("skipped", []):
            first = skipped["problems"][0] if skipped["problems"] else skipped["reason"]
            more = len(skipped["problems"]) - 1
            extra = f" (+{more} more; run `crib validate`)" if more > 0 else ""
            self.notify(
                f"Skipped pack {skipped['path']}:\n{first}{extra}",
                severity="warning",
                timeout=20,
                markup=False,
            )
        files = self.index.meta.get("skipped_files", [])
        if files:  # a tldr, cheat, navi or notes folder: the pack loaded without these
            rest = f"\n(+{len(files) - 1} more; `crib packs` lists them)" if len(files) > 1 else ""
            self.notify(f"Not read: {files[0]}{rest}", severity="warning", timeout=20, markup=False)
        screen = self._search_screen()
        if screen is not None and screen.mounted:  # otherwise its on_mount picks the index up
            screen.index_ready(message.first)
        self.collector.freeze()  # start-up's objects out of full collections, which resume
        # Reading the whole knowledge base (browse, compare, review) waits for a pause: in a
        # thread beside the first keys' searches it took the GIL from them. What needs an
        # item before then reads it from the item store.
        self.collector.when_quiet(self.load_knowledge)
        if self.start_open:
            self.open_item(self.start_open)
        elif self.start_compare:
            self.compare(self.start_compare)
        elif self.start_review is not None:
            self.action_review(self.start_review)
        elif self.start_quiz is not None:
            self.action_quiz(self.start_quiz)

    @work(thread=True, exclusive=True, group="knowledge")
    def load_knowledge(self) -> None:
        """Read the knowledge base (for reading, browsing, comparing) once the keys pause after
        the index is open: the first results need only the index."""
        if self.index is not None:
            _ = self.index.base

    def on_unmount(self) -> None:
        self.collector.release()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseEvent)):
            self.collector.saw_input()  # a full collection now would make this input late
        await super().on_event(event)

    def _search_screen(self) -> SearchScreen | None:
        return next((s for s in self.screen_stack if isinstance(s, SearchScreen)), None)

    @cached_property
    def base(self) -> KnowledgeBase:
        assert self.index is not None, "the knowledge base is read once the index is open"
        return self.index.base

    # -- opening things ----------------------------------------------------------------------

    def on_open_item(self, message: OpenItem) -> None:
        self.open_item(message.item_id, fact=message.fact)

    def on_compare_items(self, message: CompareItems) -> None:
        self.compare(message.item_ids)

    def open_item_if(self, item_id: str | None) -> None:
        if item_id:
            self.open_item(item_id)

    def open_item(
        self, item_id: str, record: bool = True, fact: str | None = None, scroll_y: float = 0.0
    ) -> None:
        """Read an entry, or see a comparison's table; replaces an item already on screen.
        `fact`: the label of the fact or row to scroll to and highlight; `scroll_y`: where to
        start reading otherwise (the history's back and forward restore it)."""
        if self.index is None:
            self.notify("The search index is still opening…")
            return
        item = self.base.get(item_id)
        if item is None:
            nearest = ", ".join(self.base.nearest_ids(item_id)) or "none"
            self.notify(
                f'No item "{shorten(item_id)}". Nearest: {nearest}', severity="error", markup=False
            )
            return
        from tui.screens.compare import CompareScreen
        from tui.screens.reader import ReaderScreen

        self._remember_scroll()
        if record:
            del self.history[self.history_position + 1 :]
            self.history_scroll = {
                k: v for k, v in self.history_scroll.items() if k <= self.history_position
            }
            self.history.append(item_id)
            self.history_position = len(self.history) - 1
        self.library.viewed(item_id)
        screen: Screen[None] = (
            CompareScreen([item_id], highlight=fact)
            if item.kind == "comparison"
            else ReaderScreen(item_id, fact=fact, scroll_y=scroll_y)
        )
        if isinstance(self.screen, ReaderScreen | CompareScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def compare(self, ids: list[str]) -> None:
        from tui.screens.compare import CompareScreen

        if self.index is None:
            return
        missing = [i for i in ids if self.base.get(i) is None]
        if missing:
            self.notify(
                f"Unknown ids: {shorten(', '.join(missing), 200)}", severity="error", markup=False
            )
            return
        if len(ids) == 1 and self.base.items[ids[0]].kind == "entry":
            self.open_item(ids[0])
            return
        if len(ids) > 1 and any(self.base.items[i].kind != "entry" for i in ids):
            self.notify("Only entries can be compared side by side.", severity="error")
            return
        if len(ids) > 1:
            from tui.screens.compare import adhoc_key

            self.library.viewed(adhoc_key(ids))
        self.push_screen(CompareScreen(ids))

    def action_history(self, step: int) -> None:
        target = self.history_position + step
        if not 0 <= target < len(self.history):
            self.notify("No further back." if step < 0 else "Nothing further ahead.")
            return
        self._remember_scroll()
        self.history_position = target
        self.open_item(
            self.history[target], record=False, scroll_y=self.history_scroll.get(target, 0.0)
        )

    def _remember_scroll(self) -> None:
        """Note how far the page on screen was read, so coming back to it returns there."""
        from tui.screens.reader import ReaderScreen

        screen = self.screen
        position = self.history_position
        if (
            isinstance(screen, ReaderScreen)
            and 0 <= position < len(self.history)
            and self.history[position] == screen.item_id
        ):
            self.history_scroll[position] = screen.read_to

    def toggle_bookmark(self, item_id: str) -> bool:
        bookmarked = self.library.toggle_bookmark(item_id)
        if bookmarked is None:  # not saved; the reason is already on screen
            return self.library.is_bookmarked(item_id)
        title = self.title_of(item_id)
        self.notify(
            f"Bookmarked {title}." if bookmarked else f"Removed the bookmark on {title}.",
            markup=False,
        )
        return bookmarked

    def title_of(self, key: str) -> str:
        """An item's title, or "A vs B" for an ad-hoc comparison's bookmark; the key if unknown."""
        from tui.screens.compare import adhoc_ids

        ids = adhoc_ids(key)
        if ids is not None:
            return " vs ".join(self.base.items[i].title if i in self.base.items else i for i in ids)
        item = self.base.get(key)
        return item.title if item else key

    def open_bookmark(self, key: str) -> None:
        """Open what a bookmark or a recent line names: an item, or an ad-hoc comparison."""
        from tui.screens.compare import adhoc_ids

        ids = adhoc_ids(key)
        if ids is not None:
            self.compare(ids)
        else:
            self.open_item(key)

    def copy_item(self, item_id: str) -> None:
        from knowledge.export import item_markdown

        item = self.base.get(item_id)
        if item is not None:
            self.copy_to_clipboard(item_markdown(item, self.base))
            self.notify(f"Copied {item.title} as Markdown.", markup=False)

    async def run_in_thread(self, function: Callable[..., Any], *args: Any) -> Any:
        """Run blocking work (a search) off the event loop and wait for it."""
        import asyncio

        return await asyncio.to_thread(function, *args)

    # -- areas -------------------------------------------------------------------------------

    def action_toggle_help(self) -> None:
        """The keys of this screen, over it (a side panel squeezed 80 columns unreadable)."""
        from tui.screens.keys import KeysScreen

        if isinstance(self.screen, KeysScreen):
            self.screen.dismiss(None)
        else:
            self.push_screen(KeysScreen(self.screen))

    def action_focus_search(self) -> None:
        """Back to the search box from wherever one is, its query selected for a new search."""
        search = self._search_screen()
        if search is None:
            return
        while self.screen is not search and len(self.screen_stack) > 1:
            self.pop_screen()
        search.returning = False
        search.focus_box(select=True)

    def _index_open(self) -> bool:
        if self.index is None:
            self.notify("The search index is still opening…")
        return self.index is not None

    def action_browse(self) -> None:
        from tui.screens.browse import BrowseScreen

        if self._index_open() and not isinstance(self.screen, BrowseScreen):
            self.push_screen(BrowseScreen())

    def action_saved(self) -> None:
        from tui.screens.saved import SavedScreen

        if self._index_open() and not isinstance(self.screen, SavedScreen):
            self.push_screen(SavedScreen())

    def action_review(self, request: Any = None) -> None:
        if not self._index_open():
            return
        try:
            from tui.screens.review import open_review
        except ImportError:
            self.notify("Review mode is not available in this build.", severity="warning")
            return
        open_review(self, request)

    def action_quiz(self, request: Any = None) -> None:
        """A practice exam from the packs (tui/screens/quiz.py)."""
        from tui.screens.quiz import open_quiz

        if self._index_open():
            open_quiz(self, request)

    def action_cards(self) -> None:
        """The searchable list of review cards (tui/screens/cards.py)."""
        from tui.screens.cards import open_cards

        if self._index_open():
            open_cards(self)

    def _full_mock(self) -> None:
        from knowledge.quiz import QuizRequest

        self.action_quiz(QuizRequest(count=65, minutes=130))

    def _review_mode(self, mode: str, bookmarks: bool = False) -> None:
        from tui.data.review import ReviewRequest

        self.action_review(ReviewRequest(mode=mode, bookmarks=bookmarks))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "browse: packs", "Walk packs, domains and entries (F2)", self.action_browse
        )
        yield SystemCommand(
            "bookmarks: show", "Bookmarks and recently viewed (F3)", self.action_saved
        )
        yield SystemCommand(
            "review: due cards",
            "Flashcards made from the packs, as FSRS schedules them (F5)",
            self.action_review,
        )
        yield SystemCommand(
            "review: cram",
            "Every card, weakest first; leaves the schedule alone",
            partial(self._review_mode, "cram"),
        )
        yield SystemCommand(
            "review: weak spots",
            "Cards you missed or are likely to forget",
            partial(self._review_mode, "weak"),
        )
        yield SystemCommand(
            "quiz: practice exam",
            "20 exam-style questions by the exam's domain weights",
            self.action_quiz,
        )
        yield SystemCommand(
            "quiz: full mock exam", "65 questions in 130 minutes, then the score", self._full_mock
        )
        yield SystemCommand(
            "review: card list", "Search every card; suspend or restore one", self.action_cards
        )
        yield SystemCommand(
            "review: bookmarked items",
            "Cram the cards of what you bookmarked",
            partial(self._review_mode, "cram", True),
        )
        search = self._search_screen()
        if search is not None:
            yield SystemCommand(
                "compare: marked entries", "Side by side (F6)", search.action_compare_marked
            )
            yield SystemCommand(
                "marks: clear", "Unmark every marked entry", search.action_clear_marks
            )
            yield SystemCommand(
                "copy: highlighted result",
                "Copy the highlighted result as Markdown",
                search.action_copy,
            )
            yield SystemCommand(
                "search: add a filter", "Domain, tag, kind or exam (F4)", search.action_filter
            )


def _tty(stream: Any) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (ValueError, OSError):  # closed
        return False


def run_app(
    packs: list[str] | None = None,
    theme: str | None = None,
    *,
    query: str | None = None,
    open_id: str | None = None,
    compare: list[str] | None = None,
    review: Any = None,
    quiz: Any = None,
) -> int:
    """Build the services, run the app until it quits, return the exit code (2, with a hint,
    when there is no terminal to run it in: Textual would wait on a pipe forever)."""
    import sys

    from tui.services import make_services

    missing = [
        name for name, stream in (("input", sys.stdin), ("output", sys.stdout)) if not _tty(stream)
    ]
    if missing:
        what = "standard " + " and ".join(missing)
        verb = "are not terminals" if len(missing) > 1 else "is not a terminal"
        print(
            f"crib: the full-screen app needs a terminal, but {what} {verb}; in scripts use "
            "`crib search`, `show`, `compare`, `list` or `stats` (with --json)",
            file=sys.stderr,
        )
        return 2

    services = make_services(packs)
    app = CribApp(
        services,
        query=query or "",
        open_id=open_id,
        compare=compare,
        review=review,
        quiz=quiz,
        theme=theme,
    )
    try:
        app.run()
    finally:
        services.database.close()
    return app.return_code or 0
