"""Progress: per-domain counts and recall, and the tally of cram and quiz practice.

The practice tally is kept apart from FSRS: cram and quizzes never move a due date, but their
misses count as weak spots and show in `crib stats`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase
    from knowledge.cards import Card
    from tui.data.db import Database
    from tui.data.review import ReviewStore


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
    practised: int = 0  # cards answered in cram or a quiz (a tally apart from FSRS)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        data = asdict(self)
        if self.retrievability is not None:
            data["retrievability"] = round(self.retrievability, 3)
        return data


def domain_stats(store: ReviewStore, cards: list[Card], base: KnowledgeBase) -> list[DomainStats]:
    """Cards, seen, due and mean recall per domain, in the packs' domain order."""
    states = store.states()
    practice = practice_outcomes(store.db)
    now = store.clock()
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
        recall = [store.retrievability(s) for s in seen]
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
                sum(c.id in practice for c in members),
            )
        )
    stats.sort(key=lambda s: order.get((s.pack, s.domain), len(order)))
    return stats


def practice_outcomes(db: Database) -> dict[str, tuple[int, bool]]:
    """Per card practised in cram or a quiz: how often it was missed, and whether the last
    answer was a miss (cram Again, a wrong quiz answer)."""
    rows = db.query(
        "SELECT card_id, rating = 1 AS missed, reviewed FROM cram_log "
        "UNION ALL SELECT card_id, correct = 0, answered FROM quiz_answers ORDER BY 3"
    )
    outcome: dict[str, tuple[int, bool]] = {}
    for card_id, missed, _ in rows:
        count, _last = outcome.get(card_id, (0, False))
        outcome[card_id] = (count + bool(missed), bool(missed))
    return outcome


def practice_tally(db: Database) -> dict[str, int]:
    """Cram and quiz answers so far: a tally apart from the FSRS schedule."""
    cram = db.query(
        "SELECT COUNT(*), COUNT(DISTINCT card_id), COALESCE(SUM(rating = 1), 0) FROM cram_log"
    )[0]
    quiz = db.query("SELECT COUNT(*), COALESCE(SUM(correct), 0) FROM quiz_answers")[0]
    runs = db.query("SELECT COUNT(*) FROM quiz_runs WHERE finished IS NOT NULL")[0]
    return {
        "cram_answers": int(cram[0]),
        "cram_cards": int(cram[1]),
        "cram_again": int(cram[2]),
        "quiz_runs": int(runs[0]),
        "quiz_answers": int(quiz[0]),
        "quiz_correct": int(quiz[1]),
    }


def card_states(cards: list[Card], store: ReviewStore) -> dict[str, str]:
    """Each card's state: "new", "learning", "review", "relearning", "due", "suspended" or
    "retired"."""
    suspended = set(store.suspended())
    states = store.states()
    now = store.clock()
    out = {}
    for card in cards:
        state = states.get(card.id)
        if card.id in suspended:
            out[card.id] = "suspended"
        elif state is None:
            out[card.id] = "new"
        elif state.due <= now:
            out[card.id] = "due"
        else:
            out[card.id] = state.fsrs.state.name.lower()
    return out
