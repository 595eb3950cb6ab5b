"""Review state in the user database: FSRS card state, review and cram logs, sessions, progress.

The scheduling is the `fsrs` library's; this module only stores its cards (`Card.to_json`) and
picks which cards a session shows. Every grade is one transaction, so a crash or Ctrl+C loses at
most the card on screen. Cram mode writes to its own log and never changes the FSRS state.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler

from knowledge.cards import Card, generate_cards
from tui.data.db import Database
from tui.data.progress import DomainStats, domain_stats, practice_outcomes, practice_tally
from tui.data.session import (
    GradedCard,
    ReviewRequest,
    ReviewSession,
    SessionSummary,
    Undo,
    describe_due,
    select_cards,
)

__all__ = [  # re-exported
    "DomainStats",
    "GradedCard",
    "ReviewRequest",
    "ReviewSession",
    "SessionSummary",
    "Undo",
    "describe_due",
    "select_cards",
]

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase

MIGRATIONS = [
    """
    CREATE TABLE review_cards (
        card_id TEXT PRIMARY KEY, fsrs TEXT NOT NULL, due REAL NOT NULL,
        reps INTEGER NOT NULL DEFAULT 0, lapses INTEGER NOT NULL DEFAULT 0,
        introduced REAL NOT NULL, retired INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX review_cards_due ON review_cards(due);
    CREATE TABLE review_log (
        id INTEGER PRIMARY KEY, card_id TEXT NOT NULL, rating INTEGER NOT NULL,
        reviewed REAL NOT NULL, duration_ms INTEGER, state_before INTEGER, due_after REAL NOT NULL
    );
    CREATE INDEX review_log_card ON review_log(card_id);
    CREATE TABLE cram_log (
        id INTEGER PRIMARY KEY, card_id TEXT NOT NULL, rating INTEGER NOT NULL,
        reviewed REAL NOT NULL
    );
    CREATE INDEX cram_log_card ON cram_log(card_id)
    """,
    """
    CREATE TABLE suspended_cards (card_id TEXT PRIMARY KEY, suspended REAL NOT NULL);
    CREATE TABLE quiz_runs (
        id INTEGER PRIMARY KEY, started REAL NOT NULL, finished REAL, exam TEXT, domain TEXT,
        seed INTEGER, questions INTEGER NOT NULL, answered INTEGER NOT NULL DEFAULT 0,
        correct INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE quiz_answers (
        id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL, card_id TEXT NOT NULL,
        item_id TEXT NOT NULL, domain TEXT, correct INTEGER NOT NULL, answered REAL NOT NULL
    );
    CREATE INDEX quiz_answers_card ON quiz_answers(card_id)
    """,
]
MODES = ("due", "cram", "weak")
NEW_PER_DAY = 20
CRAM_SIZE = 30  # a cram sitting: about 15 minutes at 30 s a card; --limit changes it
WEAK_RETRIEVABILITY = 0.8
GRADE_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}

Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


def fsrs_id(card_id: str) -> int:
    """A stable integer for the FSRS card, derived from the card's text id."""
    return int.from_bytes(hashlib.sha1(card_id.encode()).digest()[:6], "big")


@dataclass(frozen=True)
class CardState:
    """What the database knows about one card."""

    card_id: str
    fsrs: FsrsCard
    reps: int
    lapses: int  # times graded Again
    retired: bool

    @property
    def due(self) -> datetime:
        return self.fsrs.due


class ReviewStore:
    """Card state and review history, kept in the shared user database."""

    def __init__(
        self,
        db: Database,
        *,
        new_per_day: int = NEW_PER_DAY,
        scheduler: Scheduler | None = None,
        clock: Clock = _utc_now,
    ) -> None:
        self.db = db
        self.new_per_day = new_per_day
        self.scheduler = scheduler or Scheduler()
        self.clock = clock
        db.ensure_schema("review", MIGRATIONS)

    @property
    def warnings(self) -> list[str]:
        """Problems met while opening the database (a damaged file set aside)."""
        return self.db.warnings

    # -- reading ------------------------------------------------------------------------------

    @staticmethod
    def _state(row: Any) -> CardState:
        return CardState(
            row["card_id"],
            FsrsCard.from_json(row["fsrs"]),
            row["reps"],
            row["lapses"],
            bool(row["retired"]),
        )

    def states(self) -> dict[str, CardState]:
        """Every card that has been graded at least once, retired ones included."""
        rows = self.db.query("SELECT * FROM review_cards")
        return {row["card_id"]: self._state(row) for row in rows}

    def state(self, card_id: str) -> CardState | None:
        rows = self.db.query("SELECT * FROM review_cards WHERE card_id = ?", (card_id,))
        return self._state(rows[0]) if rows else None

    def history(self, card_id: str) -> list[dict[str, Any]]:
        """The card's reviews, oldest first."""
        rows = self.db.query(
            "SELECT rating, reviewed, duration_ms, state_before, due_after FROM review_log "
            "WHERE card_id = ? ORDER BY id",
            (card_id,),
        )
        return [dict(row) for row in rows]

    def cram_history(self, card_id: str) -> list[dict[str, Any]]:
        rows = self.db.query(
            "SELECT rating, reviewed FROM cram_log WHERE card_id = ? ORDER BY id", (card_id,)
        )
        return [dict(row) for row in rows]

    def retrievability(self, state: CardState | None) -> float:
        """The chance of recalling the card now, per FSRS (0 for a card never graded)."""
        if state is None:
            return 0.0
        return float(self.scheduler.get_card_retrievability(state.fsrs, self.clock()))

    def new_today(self) -> int:
        """How many cards were graded for the first time since local midnight."""
        midnight = self.clock().astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
        rows = self.db.query(
            "SELECT COUNT(*) FROM review_cards WHERE introduced >= ?", (midnight.timestamp(),)
        )
        return int(rows[0][0])

    def next_due(self, cards: Iterable[Card] | None = None) -> datetime | None:
        """When the earliest active card falls due (limited to `cards` when given)."""
        wanted = {c.id for c in cards} if cards is not None else None
        dues = [
            s.due
            for s in self.states().values()
            if not s.retired and (wanted is None or s.card_id in wanted)
        ]
        return min(dues, default=None)

    # -- writing ------------------------------------------------------------------------------

    def sync(self, cards: Iterable[Card]) -> tuple[int, int]:
        """Retire graded cards whose source is gone and revive those that came back."""
        current = {c.id for c in cards}
        with self.db.transaction() as cursor:
            rows = cursor.execute("SELECT card_id, retired FROM review_cards").fetchall()
            gone = [
                (r["card_id"],) for r in rows if not r["retired"] and r["card_id"] not in current
            ]
            back = [(r["card_id"],) for r in rows if r["retired"] and r["card_id"] in current]
            cursor.executemany("UPDATE review_cards SET retired = 1 WHERE card_id = ?", gone)
            cursor.executemany("UPDATE review_cards SET retired = 0 WHERE card_id = ?", back)
        return len(gone), len(back)

    def grade(self, card_id: str, rating: int, duration_ms: int | None = None) -> CardState:
        """Schedule the card with FSRS and log the review, in one transaction."""
        return self.grade_undoable(card_id, rating, duration_ms)[0]

    def grade_undoable(
        self, card_id: str, rating: int, duration_ms: int | None = None
    ) -> tuple[CardState, Undo]:
        """Like `grade`, and also how to take the grade back."""
        now = self.clock()
        with self.db.transaction() as cursor:
            row = cursor.execute(
                "SELECT * FROM review_cards WHERE card_id = ?", (card_id,)
            ).fetchone()
            before = self._state(row) if row else None
            fsrs_card = before.fsrs if before else FsrsCard(card_id=fsrs_id(card_id), due=now)
            after, _ = self.scheduler.review_card(fsrs_card, Rating(rating), now, duration_ms)
            reps = (before.reps if before else 0) + 1
            lapses = (before.lapses if before else 0) + (rating == Rating.Again)
            cursor.execute(
                "INSERT INTO review_cards (card_id, fsrs, due, reps, lapses, introduced) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(card_id) DO UPDATE SET "
                "fsrs = excluded.fsrs, due = excluded.due, reps = excluded.reps, "
                "lapses = excluded.lapses",
                (card_id, after.to_json(), after.due.timestamp(), reps, lapses, now.timestamp()),
            )
            cursor.execute(
                "INSERT INTO review_log (card_id, rating, reviewed, duration_ms, state_before, "
                "due_after) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    card_id,
                    rating,
                    now.timestamp(),
                    duration_ms,
                    int(fsrs_card.state),
                    after.due.timestamp(),
                ),
            )
            undo = Undo(
                card_id, "review_log", int(cursor.lastrowid or 0), dict(row) if row else None
            )
        return CardState(card_id, after, reps, lapses, False), undo

    def record_cram(self, card_id: str, rating: int) -> Undo:
        """Log a cram answer; the FSRS schedule is left as it is."""
        with self.db.transaction() as cursor:
            cursor.execute(
                "INSERT INTO cram_log (card_id, rating, reviewed) VALUES (?, ?, ?)",
                (card_id, rating, self.clock().timestamp()),
            )
            return Undo(card_id, "cram_log", int(cursor.lastrowid or 0), None)

    def undo(self, undo: Undo) -> None:
        """Take a grade back: its log row goes, and the card's schedule is as it was."""
        with self.db.transaction() as cursor:
            cursor.execute(f"DELETE FROM {undo.log} WHERE id = ?", (undo.log_id,))
            if undo.log != "review_log":
                return
            if undo.before is None:
                cursor.execute("DELETE FROM review_cards WHERE card_id = ?", (undo.card_id,))
                return
            columns = [c for c in undo.before if c != "card_id"]
            cursor.execute(
                f"UPDATE review_cards SET {', '.join(f'{c} = ?' for c in columns)} "
                "WHERE card_id = ?",
                (*(undo.before[c] for c in columns), undo.card_id),
            )

    def next_intervals(self, card_id: str) -> dict[int, timedelta]:
        """How long until the card comes back after each grade, per FSRS (nothing is saved)."""
        now = self.clock()
        state = self.state(card_id)
        fsrs_card = state.fsrs if state else FsrsCard(card_id=fsrs_id(card_id), due=now)
        return {
            rating: self.scheduler.review_card(fsrs_card, Rating(rating), now)[0].due - now
            for rating in GRADE_NAMES
        }

    # -- suspending ---------------------------------------------------------------------------

    def suspend(self, card_id: str) -> None:
        """Keep a card out of every queue until it is restored; its history stays."""
        with self.db.transaction() as cursor:
            cursor.execute(
                "INSERT OR IGNORE INTO suspended_cards VALUES (?, ?)",
                (card_id, self.clock().timestamp()),
            )

    def restore(self, card_id: str) -> bool:
        """Put a suspended card back in the queues; False if it was not suspended."""
        with self.db.transaction() as cursor:
            cursor.execute("DELETE FROM suspended_cards WHERE card_id = ?", (card_id,))
            return cursor.rowcount > 0

    def suspended(self) -> dict[str, datetime]:
        """Suspended card ids and when they were suspended."""
        rows = self.db.query("SELECT card_id, suspended FROM suspended_cards")
        return {r[0]: datetime.fromtimestamp(r[1], UTC) for r in rows}

    # -- practice outside the schedule: cram and quizzes --------------------------------------

    def practice(self) -> dict[str, tuple[int, bool]]:
        """Per card practised in cram or a quiz: misses, and whether the last answer missed."""
        return practice_outcomes(self.db)

    # -- choosing cards -----------------------------------------------------------------------

    def due_cards(
        self,
        cards: list[Card],
        limit: int | None = None,
        order_new: Callable[[list[Card]], list[Card]] | None = None,
    ) -> list[Card]:
        """Cards due now (most overdue first), then new cards up to today's allowance."""
        states = self.states()
        suspended = self.suspended()
        now = self.clock()
        due = sorted(
            (
                c
                for c in cards
                if (s := states.get(c.id))
                and not s.retired
                and s.due <= now
                and c.id not in suspended
            ),
            key=lambda c: states[c.id].due,
        )
        allowance = max(0, self.new_per_day - self.new_today())
        new = [c for c in cards if c.id not in states and c.id not in suspended]
        new = (order_new(new) if order_new else new)[:allowance]
        return (due + new)[:limit]

    def weak_cards(self, cards: list[Card], limit: int | None = None) -> list[Card]:
        """Cards with lapses, a recall under 0.8, or missed the last time they were practised
        in cram or a quiz; weakest first."""
        states = self.states()
        suspended = self.suspended()
        practice = self.practice()
        scored = []
        for card in cards:
            state = states.get(card.id)
            if (state is not None and state.retired) or card.id in suspended:
                continue
            misses, last_missed = practice.get(card.id, (0, False))
            recall = self.retrievability(state) if state else 0.0
            lapsed = state is not None and (state.lapses > 0 or recall < WEAK_RETRIEVABILITY)
            if lapsed or last_missed:
                scored.append((recall, -(misses + (state.lapses if state else 0)), card))
        scored.sort(key=lambda entry: entry[:2])
        return [card for *_, card in scored][:limit]

    def cram_cards(
        self, cards: list[Card], limit: int | None = None, rng: random.Random | None = None
    ) -> list[Card]:
        """The cards in scope, shuffled, then the weakest (most misses, lowest recall) first."""
        states = self.states()
        suspended = self.suspended()
        practice = self.practice()
        shuffled = [c for c in cards if c.id not in suspended]
        (rng or random.Random()).shuffle(shuffled)

        def weakness(card: Card) -> tuple[int, float]:
            state = states.get(card.id)
            lapses = state.lapses if state else 0
            return (-(lapses + practice.get(card.id, (0, False))[0]), self.retrievability(state))

        shuffled.sort(key=weakness)  # stable: equal cards stay shuffled
        return shuffled[:limit]

    def start(
        self,
        base: KnowledgeBase,
        request: ReviewRequest,
        cards: list[Card] | None = None,
        rng: random.Random | None = None,
    ) -> ReviewSession:
        """Sync retirements against every card, then build the session's queue.

        With no exam asked for, the default exam (the user's, else the pack's) shapes the due
        and cram queues: its items only, new cards by its domain weights. Asking for a domain,
        tag or bookmarks reaches every item, inside the exam or not."""
        from knowledge.exams import default_exam, exam_order, in_exam
        from tui.data.library import Library

        every = cards if cards is not None else generate_cards(base)
        self.sync(every)
        library = Library(self.db)
        bookmarks = library.bookmarks() if request.bookmarks else []
        scope = select_cards(every, request, bookmarks)
        exam = request.exam or default_exam(base, library.setting("exam"))
        narrowed = request.domain or request.tag or request.bookmarks
        if exam and not request.exam and not narrowed and request.mode != "weak":
            scope = [c for c in scope if in_exam(c, base, exam)]

        def order_new(new: list[Card]) -> list[Card]:
            return exam_order(new, base, exam) if exam else new

        if request.mode == "cram":
            queue = self.cram_cards(scope, request.limit or CRAM_SIZE, rng)
        elif request.mode == "weak":
            queue = self.weak_cards(scope, request.limit)
        else:
            queue = self.due_cards(scope, request.limit, order_new)
        session = ReviewSession(request, queue, self, base, scope)
        session.exam = exam
        return session

    # -- progress -----------------------------------------------------------------------------

    def domain_stats(self, cards: list[Card], base: KnowledgeBase) -> list[DomainStats]:
        """Cards, seen, due, mean recall and cards practised per domain, in pack order."""
        return domain_stats(self, cards, base)

    def practice_tally(self) -> dict[str, int]:
        """Cram and quiz answers so far: a tally apart from the FSRS schedule."""
        return practice_tally(self.db)
