"""The review screen: one card at a time, space for the answer, 1-4 to grade, a summary at the end."""

from __future__ import annotations

import sqlite3
import time
from datetime import datetime, timedelta
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Label, ProgressBar, Static

from knowledge.cards import KIND_TITLES, Card
from tui.data import StorageError
from tui.data.review import (
    GRADE_NAMES,
    ReviewRequest,
    ReviewSession,
    ReviewStore,
    SessionSummary,
    describe_due,
)
from tui.messages import OpenItem

CHOICE_KEYS = "abcdefgh"  # no "o": that key opens the source entry
MODE_TITLES = {"due": "Due cards", "cram": "Cram", "weak": "Weak spots"}
GRADE_TIPS = {
    1: "Forgot it: see it again soon",
    2: "Recalled it with real effort",
    3: "Recalled it after a moment",
    4: "Knew it at once: wait longer before the next time",
}


def _choice_binding(index: int) -> Binding:
    key = CHOICE_KEYS[index]
    return Binding(
        key,
        f"choose({index})",
        f"Choose {key}",
        show=False,
        tooltip=f"Answer with choice {key} and show the answer",
        id=f"review.choose-{key}",
    )


class ReviewScreen(Screen[SessionSummary | None]):
    """Goes through a review session's cards; dismisses with the session summary."""

    CSS_PATH = "review.tcss"
    BINDINGS = [
        Binding("space", "reveal", "Reveal", tooltip="Show the answer", id="review.reveal"),
        *(
            Binding(
                str(rating),
                f"grade({rating})",
                name,
                tooltip=GRADE_TIPS[rating],
                id=f"review.{name.lower()}",
            )
            for rating, name in GRADE_NAMES.items()
        ),
        Binding(
            "o",
            "open_source",
            "Open entry",
            tooltip="Read the entry this card comes from",
            id="review.open-source",
        ),
        Binding(
            "u",
            "undo",
            "Undo",
            tooltip="Take the last grade back and show that card again",
            id="review.undo",
        ),
        Binding(
            "s",
            "suspend",
            "Suspend",
            show=False,
            tooltip="Drop this card from every queue (restore it from the card list)",
            id="review.suspend",
        ),
        Binding(
            "escape",
            "leave",
            "Leave",
            tooltip="Show the session's summary, then leave; every grade is already saved",
            id="review.leave",
        ),
        *(_choice_binding(index) for index in range(len(CHOICE_KEYS))),
    ]

    class CardGraded(Message):
        """A card was graded (or answered in cram mode) and saved."""

        def __init__(self, card_id: str, rating: int) -> None:
            super().__init__()
            self.card_id = card_id
            self.rating = rating

    def __init__(
        self,
        session: ReviewSession,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.session = session
        self.position = 0
        self.revealed = False
        self.finished = False
        self._shown_at = time.monotonic()

    @property
    def card(self) -> Card | None:
        """The card on screen, or None once the session is over."""
        cards = self.session.cards
        return cards[self.position] if self.position < len(cards) else None

    def compose(self) -> ComposeResult:
        total = len(self.session.cards)
        with Horizontal(id="review-top"):
            yield Label(MODE_TITLES.get(self.session.mode, "Review"), id="review-title")
            yield ProgressBar(
                total=max(total, 1), show_eta=False, show_percentage=False, id="review-progress"
            )
            yield Label(id="review-count")
        with VerticalScroll(id="review-card"):
            yield Static(id="card-context")
            yield Static(id="card-front")
            yield Static(id="card-choices")
            yield Static(id="card-hint")
            with Vertical(id="card-answer"):
                yield Static(id="card-verdict")
                yield Static(id="card-back")
                yield Static(id="card-detail")
                yield Static(id="card-source")
                yield Static(id="card-grades")
        yield VerticalScroll(id="review-summary")
        yield Footer()

    def on_mount(self) -> None:
        for warning in self.session.warnings:
            self.notify(warning, title="Review", severity="warning", timeout=10)
        self._show_card()

    # -- showing ------------------------------------------------------------------------------

    def _domain_title(self, card: Card) -> str:
        pack = self.session.base.pack(card.pack)
        return pack.domain_title(card.domain) if pack else card.domain

    def _show_card(self) -> None:
        card = self.card
        total = len(self.session.cards)
        if card is None:
            self._finish()
            return
        self.revealed = False
        self.remove_class("-revealed")
        self.query_one("#review-count", Label).update(f"{self.position + 1} / {total}")
        context = f"{KIND_TITLES.get(card.kind, card.kind)} · {card.context}"
        self.query_one("#card-context", Static).update(
            Text(f"{context} · {self._domain_title(card)}")
        )
        self.query_one("#card-front", Static).update(Text(card.front))
        choices = Text()
        for key, choice in zip(CHOICE_KEYS, card.choices, strict=False):
            choices.append(f" {key} ", style="reverse bold")
            choices.append(f" {choice}\n")
        choices.rstrip()
        choices_widget = self.query_one("#card-choices", Static)
        choices_widget.update(choices)
        choices_widget.display = bool(card.choices)
        last = CHOICE_KEYS[min(len(card.choices), len(CHOICE_KEYS)) - 1] if card.choices else ""
        hint = f"a-{last} to choose, or space to reveal" if card.choices else "space to reveal"
        self.query_one("#card-hint", Static).update(Text(hint))
        self.query_one("#card-back", Static).update(Text(card.back))
        detail = self.query_one("#card-detail", Static)
        detail.update(Text(card.detail))
        detail.display = bool(card.detail)
        source = self.query_one("#card-source", Static)
        item = self.session.base.get(card.source_id) if card.source_id else None
        source.update(Text(f"From: {item.title}   o to open it" if item else ""))
        source.display = item is not None
        self.query_one("#card-verdict", Static).display = False
        self.query_one("#review-card", VerticalScroll).scroll_home(animate=False)
        self._shown_at = time.monotonic()
        self.refresh_bindings()

    def _reveal(self, verdict: Text | None = None) -> None:
        self.revealed = True
        self.add_class("-revealed")
        self.query_one("#card-choices", Static).display = False  # the answer lists every value
        self.query_one("#card-grades", Static).update(self._grade_line())
        verdict_widget = self.query_one("#card-verdict", Static)
        verdict_widget.display = verdict is not None
        if verdict is not None:
            verdict_widget.update(verdict)
        self.query_one("#review-card", VerticalScroll).scroll_to_widget(
            self.query_one("#card-answer"), animate=False, top=False
        )
        self.refresh_bindings()

    def _grade_line(self) -> Text:
        """The grade keys with when the card would come back after each (from FSRS)."""
        line = Text()
        card = self.card
        if card is None:
            return line
        intervals = (
            {} if self.session.mode == "cram" else self.session.store.next_intervals(card.id)
        )
        for rating, name in GRADE_NAMES.items():
            line.append(f" {rating} ", style="reverse bold")
            when = f" {short_interval(intervals[rating])}" if rating in intervals else ""
            line.append(f" {name}{when}   ")
        if self.session.mode == "cram":
            line.append("(cram: the schedule stays as it is)", style="dim")
        return line

    def _finish(self) -> None:
        self.finished = True
        self.add_class("-finished")
        self.query_one("#review-count", Label).update(
            f"{len(self.session.answers)} / {len(self.session.cards)}"
        )
        summary = self.session.summary()
        panel = self.query_one("#review-summary", VerticalScroll)
        panel.remove_children()
        panel.mount_all(self._summary_widgets(summary))
        panel.focus()  # the arrow keys scroll the domains
        self.refresh_bindings()

    def _summary_widgets(self, summary: SessionSummary) -> list[Static | Horizontal]:
        now: datetime = self.session.store.clock()
        if summary.seen:
            head = "Session done" if self.card is None else "Session so far"
        else:
            head = "Nothing to review right now" if not self.session.cards else "No cards graded"
        lines = Text()
        lines.append(f"{head}\n", style="bold")
        accuracy = f"{summary.accuracy:.0%}" if summary.accuracy is not None else "-"
        rows = [
            ("Cards seen", str(summary.seen)),
            ("Accuracy", f"{accuracy} ({summary.correct} of {summary.seen} Good or Easy)"),
            ("Next due", describe_due(summary.next_due, now)),
        ]
        for label, value in rows:
            lines.append(f"{label:<12}", style="bold")
            lines.append(f"{value}\n")
        if summary.mode == "cram":
            lines.append(
                "Cram answers are logged apart: the schedule is unchanged; misses count as weak "
                "spots and show in crib stats.\n",
                style="dim",
            )
        if summary.missed:
            lines.append("\nMissed (graded Again)\n", style="bold")
            for card in summary.missed[:10]:
                lines.append(f"  {card.front.splitlines()[0]}\n")
                lines.append(f"    {card.back}\n", style="dim")
        widgets: list[Static | Horizontal] = [
            Static(lines, id="summary-head"),
            Static(Text("Progress by domain", style="bold"), classes="summary-section"),
        ]
        for stats in summary.domains:
            bar = ProgressBar(total=max(stats.cards, 1), show_eta=False, show_percentage=False)
            bar.progress = stats.seen
            recall = f" · recall {stats.retrievability:.0%}" if stats.retrievability else ""
            widgets.append(
                Horizontal(
                    Label(stats.title, classes="domain-title", markup=False),
                    bar,
                    Label(f"{stats.seen}/{stats.cards} seen{recall}", classes="domain-count"),
                    classes="domain-row",
                )
            )
        hint = "escape to leave" + (" · u to undo the last grade" if self.session.answers else "")
        widgets.append(Static(Text(hint, style="dim"), classes="summary-hint"))
        return widgets

    # -- actions ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grades only after the answer shows; choices only on a comparison row's question."""
        if action == "leave":
            return True
        card = self.card
        if action == "undo":
            return bool(self.session.answers)
        if self.finished or card is None:
            return action not in ("reveal", "grade", "open_source", "choose", "suspend")
        if action == "suspend":
            return True
        if action == "reveal":
            return not self.revealed
        if action == "grade":
            return self.revealed
        if action == "open_source":
            return self.revealed and bool(card.source_id)
        if action == "choose":
            index = parameters[0] if parameters else 0
            return not self.revealed and isinstance(index, int) and index < len(card.choices)
        return True

    def action_reveal(self) -> None:
        """Show the answer, the source and the grades."""
        self._reveal()

    def action_choose(self, index: int) -> None:
        """Answer a "which one" card with a choice, then show the answer."""
        card = self.card
        if card is None or index >= len(card.choices):
            return
        if card.choices[index] == card.back:
            verdict = Text("Right", style="bold")
        else:
            verdict = Text.assemble(("Not quite", "bold"), f": you chose {card.choices[index]}")
        verdict.append("   (grade it honestly: 1-4)", style="dim")
        self._reveal(verdict)

    def action_grade(self, rating: int) -> None:
        """Save the grade (one transaction) and move on."""
        card = self.card
        if card is None or not self.revealed:
            return
        duration = int((time.monotonic() - self._shown_at) * 1000)
        try:
            self.session.grade(card, rating, duration)
        except (sqlite3.Error, StorageError) as error:
            self.notify(
                f"Could not save the grade: {error}", severity="error", timeout=10, markup=False
            )
            return
        self.post_message(self.CardGraded(card.id, rating))
        self.position += 1
        self.query_one("#review-progress", ProgressBar).advance(1)
        self._show_card()

    def action_open_source(self) -> None:
        """Ask the app to open the entry the card comes from."""
        card = self.card
        if card is not None and self.revealed and card.source_id:
            self.post_message(OpenItem(card.source_id))

    def action_undo(self) -> None:
        """Take the last grade back (schedule and logs as before) and show its card again."""
        try:
            undone = self.session.undo()
        except (sqlite3.Error, StorageError) as error:
            self.notify(f"Could not undo: {error}", severity="error", timeout=10, markup=False)
            return
        if undone is None:
            return
        if self.finished:
            self.finished = False
            self.remove_class("-finished")
        self.position = self.session.cards.index(undone.card, max(0, self.position - 1))
        self.query_one("#review-progress", ProgressBar).advance(-1)
        self.notify(f"Undid {GRADE_NAMES[undone.rating]} on this card.", timeout=3)
        self._show_card()

    def action_suspend(self) -> None:
        """Take the card out of every queue (until restored) and move on."""
        card = self.card
        if card is None or self.finished:
            return
        try:
            self.session.store.suspend(card.id)
        except (sqlite3.Error, StorageError) as error:
            self.notify(
                f"Could not suspend the card: {error}", severity="error", timeout=10, markup=False
            )
            return
        del self.session.cards[self.position]
        self.notify("Suspended. The card list (crib cards) can restore it.", timeout=5)
        self._show_card()

    def action_leave(self) -> None:
        """First show the summary of what was answered; leave from the summary."""
        if self.session.answers and not self.finished:
            self._finish()
            return
        try:
            summary = self.session.summary() if self.session.answers else None
        except StorageError as error:
            self.notify(str(error), severity="error", timeout=10, markup=False)
            summary = None
        self.dismiss(summary)


def short_interval(delta: timedelta) -> str:
    """ "10m", "5h", "3d", "2mo": when a card comes back, as Anki shows it."""
    minutes = delta.total_seconds() / 60
    if minutes < 60:
        return f"{max(1, round(minutes))}m"
    if minutes < 60 * 24:
        return f"{round(minutes / 60)}h"
    days = minutes / (60 * 24)
    return f"{round(days)}d" if days < 60 else f"{round(days / 30)}mo"


def open_review(app: App[Any], request: ReviewRequest | None = None) -> None:
    """Start a session from the app's database and knowledge base, and push the review screen.

    `app` must have `services.database` and `base` (the crib app has both). The database is
    used on the UI thread: its sqlite3 connection belongs to the thread that opened it, and a
    grade is one small transaction.
    """
    if isinstance(app.screen, ReviewScreen):
        return
    try:
        store = ReviewStore(app.services.database)  # type: ignore[attr-defined]
        session = store.start(app.base, request or ReviewRequest())  # type: ignore[attr-defined]
    except (sqlite3.Error, StorageError) as error:
        app.notify(
            f"Review data could not be read: {error}", severity="error", timeout=15, markup=False
        )
        return
    app.push_screen(ReviewScreen(session))
