"""The right cards first (the exam's syllabus by its weights), cram that counts, undo, suspend."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fsrs import Rating, Scheduler

from knowledge.base import KnowledgeBase, pack_dirs
from knowledge.cards import generate_cards
from knowledge.exams import allocate, default_exam, exam_weights, interleave
from tests.conftest import MINI
from tui.data.db import Database
from tui.data.library import Library
from tui.data.review import CRAM_SIZE, ReviewRequest, ReviewStore

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
pytestmark = pytest.mark.usefixtures("utc_local_time")


@pytest.fixture(scope="module")
def bundled() -> KnowledgeBase:
    return KnowledgeBase.load(pack_dirs(include_user=False, environ={})[0])


def open_store(tmp_path: Path) -> ReviewStore:
    return ReviewStore(
        Database(tmp_path / "crib.sqlite3"),
        clock=lambda: NOW,
        scheduler=Scheduler(enable_fuzzing=False),
    )


def test_day_one_follows_the_exam_by_its_weights(tmp_path: Path, bundled: KnowledgeBase) -> None:
    store = open_store(tmp_path)
    assert default_exam(bundled) == "soa-c03"  # the pack's review.exam
    for request in (ReviewRequest(), ReviewRequest(exam="soa-c03")):
        session = store.start(bundled, request)
        assert len(session.cards) == 20
        outside = [c for c in session.cards if not c.in_syllabus("soa-c03")]
        assert outside == []  # no history of cloud computing, no exam logistics
        assert {c.domain for c in session.cards}.isdisjoint({"exam"})
        assert "cloud-computing-history" not in {c.source_id for c in session.cards}
        domains = Counter(c.syllabus["soa-c03"] for c in session.cards)
        assert domains == {
            "monitoring": 4,
            "reliability": 4,
            "deployment": 5,  # 22/22/22/16/18 of 20: 4.4 4.4 4.4 3.2 3.6
            "security": 3,
            "networking": 4,
        } or sorted(domains.values()) == [3, 4, 4, 4, 5]
        first_five = {c.syllabus["soa-c03"] for c in session.cards[:5]}
        assert len(first_five) == 5  # interleaved, not one domain after another


def test_items_outside_the_exam_come_when_asked_for_by_domain(
    tmp_path: Path, bundled: KnowledgeBase
) -> None:
    store = open_store(tmp_path)
    request = ReviewRequest(mode="cram", domain="cloud-concepts", limit=500)
    history = store.start(bundled, request).cards
    assert any(c.source_id == "cloud-computing-history" for c in history)
    logistics = store.start(bundled, ReviewRequest(mode="cram", domain="exam")).cards
    assert logistics and all(c.domain == "exam" for c in logistics)


def test_the_users_exam_setting_wins(tmp_path: Path, bundled: KnowledgeBase) -> None:
    store = open_store(tmp_path)
    Library(store.db).set_setting("exam", "soa-c02")
    session = store.start(bundled, ReviewRequest())
    assert session.exam == "soa-c02"
    assert all(c.in_syllabus("soa-c02") for c in session.cards)
    Library(store.db).set_setting("exam", "no-such-exam")  # unknown: the pack's default
    assert store.start(bundled, ReviewRequest()).exam == "soa-c03"


def test_weights_allocate_and_interleave(bundled: KnowledgeBase) -> None:
    weights = exam_weights(bundled, "soa-c03")
    assert weights == {
        "monitoring": 22,
        "reliability": 22,
        "deployment": 22,
        "security": 16,
        "networking": 18,
    }
    shares = allocate(65, weights)
    assert sum(shares.values()) == 65
    assert all(abs(shares[d] - 65 * w / 100) <= 1 for d, w in weights.items())
    order = interleave({"a": "aaaa", "b": "bb"}, {"a": 2, "b": 1})
    assert "".join(order) == "abaaba"  # by weight, and each group until it runs out


def test_cram_counts_without_moving_the_schedule(tmp_path: Path, bundled: KnowledgeBase) -> None:
    store = open_store(tmp_path)
    session = store.start(bundled, ReviewRequest(mode="cram"))
    assert len(session.cards) == CRAM_SIZE  # one sitting, not every card in scope
    assert len(store.start(bundled, ReviewRequest(mode="cram", limit=5)).cards) == 5
    missed = session.cards[:3]
    for card in session.cards[:10]:
        session.grade(card, Rating.Again if card in missed else Rating.Good)
    assert store.states() == {}  # no FSRS state, no due date
    tally = store.practice_tally()
    assert (tally["cram_answers"], tally["cram_cards"], tally["cram_again"]) == (10, 10, 3)
    weak = store.start(bundled, ReviewRequest(mode="weak")).cards
    assert {c.id for c in weak} == {c.id for c in missed}  # cram misses are weak spots
    summary = session.summary()
    assert (summary.seen, summary.correct) == (10, 7)
    assert [c.id for c in summary.missed] == [c.id for c in missed]
    practised = sum(d.practised for d in store.domain_stats(generate_cards(bundled), bundled))
    assert practised == 10
    session.grade(missed[0], Rating.Good)  # right the next time: no longer weak
    weak = store.start(bundled, ReviewRequest(mode="weak")).cards
    assert missed[0].id not in {c.id for c in weak}


def load_mini() -> KnowledgeBase:
    return KnowledgeBase.load(pack_dirs([MINI], include_user=False, include_bundled=False)[0])


def rows(store: ReviewStore) -> list[tuple[object, ...]]:
    tables = ("review_cards", "review_log", "cram_log")
    return [tuple(r) for t in tables for r in store.db.connection.execute(f"SELECT * FROM {t}")]


def test_undo_puts_everything_back(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    base = load_mini()
    session = store.start(base, ReviewRequest(limit=3))
    first, second = session.cards[:2]
    session.grade(first, Rating.Good)
    before = rows(store)
    session.grade(second, Rating.Again)  # a new card
    session.grade(first, Rating.Easy)  # a card graded before
    assert session.undo() is not None and session.undo() is not None
    assert rows(store) == before and len(session.answers) == 1
    assert store.state(second.id) is None and store.new_today() == 1
    cram = store.start(base, ReviewRequest(mode="cram"))
    cram.grade(cram.cards[0], Rating.Again)
    cram.undo()
    assert rows(store) == before and cram.undo() is None  # nothing left to undo in cram


def test_suspended_cards_leave_every_queue_until_restored(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    base = load_mini()
    card = store.start(base, ReviewRequest()).cards[0]
    store.suspend(card.id)
    assert set(store.suspended()) == {card.id}
    for mode in ("due", "cram"):
        assert card.id not in {c.id for c in store.start(base, ReviewRequest(mode=mode)).cards}
    assert store.restore(card.id) and not store.restore(card.id)
    assert store.start(base, ReviewRequest()).cards[0].id == card.id


def test_next_intervals_come_from_fsrs(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    intervals = store.next_intervals("summary:sqs")
    assert intervals[1] < intervals[2] < intervals[3] < intervals[4]
    assert store.states() == {}  # asking saves nothing


def test_new_cards_follow_the_guides_skills_within_a_domain(bundled: KnowledgeBase) -> None:
    from knowledge.exams import exam_order, skill_key

    ordered = exam_order(generate_cards(bundled), bundled, "soa-c03")
    seen: dict[str, tuple[int, ...]] = {}
    for card in ordered:
        domain = card.syllabus["soa-c03"]
        assert domain is not None
        key = skill_key(bundled.items[card.source_id].skills.get("soa-c03", []))
        assert key >= seen.get(domain, ()), card.id  # never back to an earlier skill
        seen[domain] = key
    assert skill_key(["1.2.3"]) == (1, 2, 3) and skill_key([]) > skill_key(["5.3"])
