"""A review session: the queue of cards, the answers given, and the summary at the end."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from fsrs import Rating

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase
    from knowledge.cards import Card
    from tui.data.progress import DomainStats
    from tui.data.review import ReviewStore


@dataclass(frozen=True)
class ReviewRequest:
    """What `crib review` (or the app) asked for: a mode and the filters on the cards."""

    mode: str = "due"  # one of MODES
    domain: str | None = None
    tag: str | None = None
    exam: str | None = None  # a syllabus id: the card's item must be part of it (None: default)
    limit: int | None = None
    bookmarks: bool = False  # only cards whose item is bookmarked


@dataclass(frozen=True)
class Undo:
    """How to take one grade back: the log row it wrote and the card's row before it."""

    card_id: str
    log: str  # "review_log" or "cram_log"
    log_id: int
    before: dict[str, Any] | None  # the review_cards row before the grade; None: it was new


def select_cards(
    cards: Iterable[Card], request: ReviewRequest, bookmarks: Iterable[str] = ()
) -> list[Card]:
    """The cards that pass the request's filters (domain, tag, exam guide, bookmarks)."""
    marked = set(bookmarks)
    tag = request.tag.lower() if request.tag else None
    return [
        card
        for card in cards
        if (request.domain is None or card.domain == request.domain)
        and (tag is None or tag in card.tags)
        and (request.exam is None or card.in_syllabus(request.exam))
        and (not request.bookmarks or card.source_id in marked)
    ]


@dataclass
class GradedCard:
    """One answer given in a session, and how to take it back."""

    card: Card
    rating: int
    undo: Undo | None = None


@dataclass
class SessionSummary:
    """What the end of a session shows."""

    mode: str
    seen: int
    correct: int  # graded Good or Easy
    next_due: datetime | None
    domains: list[DomainStats]
    missed: list[Card] = field(default_factory=list)  # graded Again: the weak spots to revisit

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.seen if self.seen else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "seen": self.seen,
            "correct": self.correct,
            "accuracy": self.accuracy,
            "next_due": self.next_due.isoformat() if self.next_due else None,
            "domains": [d.to_dict() for d in self.domains],
            "missed": [c.id for c in self.missed],
        }


@dataclass
class ReviewSession:
    """A queue of cards to go through, and what was answered so far."""

    request: ReviewRequest
    cards: list[Card]
    store: ReviewStore
    base: KnowledgeBase
    scope: list[Card] = field(default_factory=list)  # every card the filters let through
    answers: list[GradedCard] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # shown when the review screen opens
    exam: str | None = None  # the exam that shaped the queue (asked for, or the default)

    @property
    def mode(self) -> str:
        return self.request.mode

    def grade(self, card: Card, rating: int, duration_ms: int | None = None) -> None:
        """Record an answer: FSRS scheduling, or only the cram log in cram mode."""
        if self.mode == "cram":
            undo = self.store.record_cram(card.id, rating)
        else:
            undo = self.store.grade_undoable(card.id, rating, duration_ms)[1]
        self.answers.append(GradedCard(card, rating, undo))

    def undo(self) -> GradedCard | None:
        """Take the last answer back (schedule and logs as before it); None if there is none."""
        if not self.answers:
            return None
        last = self.answers[-1]
        if last.undo is not None:
            self.store.undo(last.undo)
        return self.answers.pop()

    def summary(self) -> SessionSummary:
        """Cards seen, accuracy, next due date and progress in the domains the session touched."""
        scope = self.scope or self.cards
        touched = {(c.pack, c.domain) for c in self.cards} or {(c.pack, c.domain) for c in scope}
        domains = [
            d for d in self.store.domain_stats(scope, self.base) if (d.pack, d.domain) in touched
        ]
        return SessionSummary(
            self.mode,
            len(self.answers),
            sum(a.rating >= Rating.Good for a in self.answers),
            self.store.next_due(scope),
            domains,
            missed=[a.card for a in self.answers if a.rating == Rating.Again],
        )


def describe_due(due: datetime | None, now: datetime) -> str:
    """A due date for people: local time, and how far away it is."""
    if due is None:
        return "nothing scheduled yet"
    if due <= now:
        return "now"
    seconds = (due - now).total_seconds()
    if seconds < 3600:
        ahead = f"{max(1, round(seconds / 60))} min"
    elif seconds < 86400:
        ahead = f"{round(seconds / 3600)} h"
    else:
        ahead = f"{round(seconds / 86400)} d"
    return f"{due.astimezone():%Y-%m-%d %H:%M} (in {ahead})"
