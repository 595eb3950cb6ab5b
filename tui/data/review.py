"""Review state in the user database: FSRS card state, review and cram logs, sessions, progress.

The scheduling is the `fsrs` library's; this module only stores its cards (`Card.to_json`) and
picks which cards a session shows. Every grade is one transaction, so a crash or Ctrl+C loses at
most the card on screen. Cram mode writes to its own log and never changes the FSRS state.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler

from knowledge.cards import Card, generate_cards
from tui.data.db import Database
from tui.data.session import GradedCard, ReviewSession, SessionSummary, describe_due

__all__ = ["GradedCard", "ReviewSession", "SessionSummary", "describe_due"]  # re-exported

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
]
MODES = ("due", "cram", "weak")
NEW_PER_DAY = 20
WEAK_RETRIEVABILITY = 0.8
GRADE_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}

Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


def fsrs_id(card_id: str) -> int:
    """A stable integer for the FSRS card, derived from the card's text id."""
    return int.from_bytes(hashlib.sha1(card_id.encode()).digest()[:6], "big")


@dataclass(frozen=True)
class ReviewRequest:
    """What `crib review` (or the app) asked for: a mode and the filters on the cards."""

    mode: str = "due"  # one of MODES
    domain: str | None = None
    tag: str | None = None
    exam: str | None = None  # a syllabus id: the card's item must be part of it
    limit: int | None = None
    bookmarks: bool = False  # only cards whose item is bookmarked


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


@dataclass(frozen=True)
class DomainStats:
    """Progress in one domain of one pack."""

    pack: str
    domain: str
    title: str
    cards: int
    seen: int
    due: int
    retrievability: float | None  # mean over seen cards

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        data = asdict(self)
        if self.retrievability is not None:
            data["retrievability"] = round(self.retrievability, 3)
        return data


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
        return CardState(card_id, after, reps, lapses, False)

    def record_cram(self, card_id: str, rating: int) -> None:
        """Log a cram answer; the FSRS schedule is left as it is."""
        with self.db.transaction() as cursor:
            cursor.execute(
                "INSERT INTO cram_log (card_id, rating, reviewed) VALUES (?, ?, ?)",
                (card_id, rating, self.clock().timestamp()),
            )

    # -- choosing cards -----------------------------------------------------------------------

    def due_cards(self, cards: list[Card], limit: int | None = None) -> list[Card]:
        """Cards due now (most overdue first), then new cards up to today's allowance."""
        states = self.states()
        now = self.clock()
        due = sorted(
            (c for c in cards if (s := states.get(c.id)) and not s.retired and s.due <= now),
            key=lambda c: states[c.id].due,
        )
        allowance = max(0, self.new_per_day - self.new_today())
        new = [c for c in cards if c.id not in states][:allowance]
        return (due + new)[:limit]

    def weak_cards(self, cards: list[Card], limit: int | None = None) -> list[Card]:
        """Graded cards with lapses or a retrievability under 0.8, weakest first."""
        states = self.states()
        scored = []
        for card in cards:
            state = states.get(card.id)
            if state is None or state.retired:
                continue
            recall = self.retrievability(state)
            if state.lapses > 0 or recall < WEAK_RETRIEVABILITY:
                scored.append((recall, -state.lapses, card))
        scored.sort(key=lambda entry: entry[:2])
        return [card for *_, card in scored][:limit]

    def cram_cards(
        self, cards: list[Card], limit: int | None = None, rng: random.Random | None = None
    ) -> list[Card]:
        """Every card in scope, shuffled, then the weakest (most misses, lowest recall) first."""
        states = self.states()
        misses: dict[str, int] = {
            row[0]: row[1]
            for row in self.db.query(
                "SELECT card_id, COUNT(*) FROM cram_log WHERE rating = 1 GROUP BY card_id"
            )
        }
        shuffled = list(cards)
        (rng or random.Random()).shuffle(shuffled)

        def weakness(card: Card) -> tuple[int, float]:
            state = states.get(card.id)
            lapses = state.lapses if state else 0
            return (-(lapses + misses.get(card.id, 0)), self.retrievability(state))

        shuffled.sort(key=weakness)  # stable: equal cards stay shuffled
        return shuffled[:limit]

    def start(
        self,
        base: KnowledgeBase,
        request: ReviewRequest,
        cards: list[Card] | None = None,
        rng: random.Random | None = None,
    ) -> ReviewSession:
        """Sync retirements against every card, then build the session's queue."""
        every = cards if cards is not None else generate_cards(base)
        self.sync(every)
        bookmarks: list[str] = []
        if request.bookmarks:
            from tui.data.library import Library

            bookmarks = Library(self.db).bookmarks()
        scope = select_cards(every, request, bookmarks)
        if request.mode == "cram":
            queue = self.cram_cards(scope, request.limit, rng)
        elif request.mode == "weak":
            queue = self.weak_cards(scope, request.limit)
        else:
            queue = self.due_cards(scope, request.limit)
        return ReviewSession(request, queue, self, base, scope)

    # -- progress -----------------------------------------------------------------------------

    def domain_stats(self, cards: list[Card], base: KnowledgeBase) -> list[DomainStats]:
        """Cards, seen, due and mean recall per domain, in the packs' domain order."""
        states = self.states()
        now = self.clock()
        order: dict[tuple[str, str], int] = {}
        for pack in base.packs:
            for domain in pack.domains:
                order.setdefault((pack.id, domain.id), len(order))
        groups: dict[tuple[str, str], list[Card]] = {}
        for card in cards:
            groups.setdefault((card.pack, card.domain), []).append(card)
        stats = []
        for (pack_id, domain_id), members in groups.items():
            seen = [s for c in members if (s := states.get(c.id)) and not s.retired]
            recall = [self.retrievability(s) for s in seen]
            owner = base.pack(pack_id)
            stats.append(
                DomainStats(
                    pack_id,
                    domain_id,
                    owner.domain_title(domain_id) if owner else domain_id,
                    len(members),
                    len(seen),
                    sum(s.due <= now for s in seen),
                    sum(recall) / len(recall) if recall else None,
                )
            )
        stats.sort(key=lambda s: order.get((s.pack, s.domain), len(order)))
        return stats
