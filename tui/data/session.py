"""A review session: the queue of cards, the answers given, and the summary at the end."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from fsrs import Rating

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase
    from knowledge.cards import Card
    from tui.data.review import DomainStats, ReviewRequest, ReviewStore


@dataclass
class GradedCard:
    """One answer given in a session."""

    card: Card
    rating: int


@dataclass
class SessionSummary:
    """What the end of a session shows."""

    mode: str
    seen: int
    correct: int  # graded Good or Easy
    next_due: datetime | None
    domains: list[DomainStats]

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

    @property
    def mode(self) -> str:
        return self.request.mode

    def grade(self, card: Card, rating: int, duration_ms: int | None = None) -> None:
        """Record an answer: FSRS scheduling, or only the cram log in cram mode."""
        if self.mode == "cram":
            self.store.record_cram(card.id, rating)
        else:
            self.store.grade(card.id, rating, duration_ms)
        self.answers.append(GradedCard(card, rating))

    def summary(self) -> SessionSummary:
        """Cards seen, accuracy, next due date and per-domain progress."""
        scope = self.scope or self.cards
        return SessionSummary(
            self.mode,
            len(self.answers),
            sum(a.rating >= Rating.Good for a in self.answers),
            self.store.next_due(scope),
            self.store.domain_stats(scope, self.base),
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
