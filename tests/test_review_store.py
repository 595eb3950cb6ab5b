"""Review state in SQLite: FSRS scheduling, cram, weak spots, retirement, restarts, and the CLI."""

from __future__ import annotations

import argparse
import json
import random
import sys
import types
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler

from index import open_index
from knowledge.base import KnowledgeBase, pack_dirs
from knowledge.cards import generate_cards
from tests.conftest import MINI
from tui.data.db import Database
from tui.data.library import Library
from tui.data.review import ReviewRequest, ReviewStore, fsrs_id, select_cards
from tui.review_cli import add_commands, run

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NAT_PORTS = "fact:nat-gateway:port-forwarding"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


# Local time is pinned to UTC: due dates and "today" must not depend on the machine.
pytestmark = pytest.mark.usefixtures("utc_local_time")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "crib.sqlite3"


def open_store(path: Path, clock: Clock, **options: Any) -> ReviewStore:
    return ReviewStore(
        Database(path), clock=clock, scheduler=Scheduler(enable_fuzzing=False), **options
    )


def load(path: Path = MINI) -> KnowledgeBase:
    return KnowledgeBase.load(pack_dirs([path], include_user=False, include_bundled=False)[0])


@pytest.fixture
def base() -> KnowledgeBase:
    return load()


def fsrs_rows(store: ReviewStore) -> list[tuple[Any, ...]]:
    rows = store.db.connection.execute("SELECT * FROM review_cards ORDER BY card_id")
    return [tuple(row) for row in rows]


def test_grading_good_moves_the_due_date_forward(db_path: Path, clock: Clock) -> None:
    store = open_store(db_path, clock)
    state = store.grade(NAT_PORTS, Rating.Good)
    assert state.due > NOW and state.reps == 1 and state.lapses == 0
    # The schedule is the fsrs library's own: the same review gives the same card.
    expected, _ = Scheduler(enable_fuzzing=False).review_card(
        FsrsCard(card_id=fsrs_id(NAT_PORTS), due=NOW), Rating.Good, NOW
    )
    assert state.fsrs.to_dict() == expected.to_dict()
    first_due = state.due
    clock.now = first_due
    second = store.grade(NAT_PORTS, Rating.Good)
    assert second.due - clock.now > first_due - NOW  # the interval grows
    assert [h["rating"] for h in store.history(NAT_PORTS)] == [3, 3]
    stored = store.db.connection.execute(
        "SELECT fsrs FROM review_cards WHERE card_id = ?", (NAT_PORTS,)
    ).fetchone()[0]
    assert FsrsCard.from_json(stored).due == second.due  # kept with the library's to_json


def test_again_counts_a_lapse_and_comes_back_sooner(db_path: Path, clock: Clock) -> None:
    store = open_store(db_path, clock)
    good = store.grade("summary:sqs", Rating.Good)
    again = store.grade("summary:sns", Rating.Again)
    assert again.lapses == 1 and again.due < good.due


def test_a_failed_grade_writes_nothing(
    db_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(db_path, clock)
    store.grade(NAT_PORTS, Rating.Good)
    before = fsrs_rows(store)

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt  # Ctrl+C in the middle of a grade

    monkeypatch.setattr(store.scheduler, "review_card", interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.grade(NAT_PORTS, Rating.Easy)
    assert fsrs_rows(store) == before and len(store.history(NAT_PORTS)) == 1


def test_state_survives_a_restart(db_path: Path, clock: Clock, base: KnowledgeBase) -> None:
    store = open_store(db_path, clock)
    session = store.start(base, ReviewRequest(limit=3))
    graded = session.cards[:2]
    for card in graded:
        session.grade(card, Rating.Good)
    store.db.close()  # as if the app quit (or crashed) here

    reopened = open_store(db_path, clock)
    assert all(reopened.state(c.id) is not None for c in graded)
    assert reopened.new_today() == 2
    fresh = reopened.start(base, ReviewRequest(limit=3))
    assert not {c.id for c in graded} & {c.id for c in fresh.cards}  # no longer new, not due


def test_a_damaged_database_is_set_aside_with_a_warning(
    db_path: Path, clock: Clock, base: KnowledgeBase
) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"this is not a database" * 500)
    store = open_store(db_path, clock)
    assert store.warnings and "could not be read" in store.warnings[0]
    session = store.start(base, ReviewRequest())
    session.grade(session.cards[0], Rating.Good)
    assert store.state(session.cards[0].id) is not None
    assert list(db_path.parent.glob("crib.sqlite3.damaged-*"))


def test_cram_never_changes_the_schedule(db_path: Path, clock: Clock, base: KnowledgeBase) -> None:
    store = open_store(db_path, clock)
    for card_id in (NAT_PORTS, "summary:nat-gateway", "row:alb-vs-nlb:static-ip"):
        store.grade(card_id, Rating.Good)
    store.grade("summary:route-table", Rating.Again)
    before = fsrs_rows(store)
    logged = store.db.connection.execute("SELECT COUNT(*) FROM review_log").fetchone()[0]

    clock.advance(days=3)
    session = store.start(base, ReviewRequest(mode="cram", domain="networking"))
    assert len(session.cards) == 26  # every networking card, seen or not
    for number, card in enumerate(session.cards):
        session.grade(card, [Rating.Again, Rating.Hard, Rating.Good, Rating.Easy][number % 4])

    assert fsrs_rows(store) == before  # byte for byte
    assert store.db.connection.execute("SELECT COUNT(*) FROM review_log").fetchone()[0] == logged
    assert len(store.cram_history(NAT_PORTS)) == 1
    assert store.new_today() == 0


def test_cram_puts_the_weakest_first(db_path: Path, clock: Clock, base: KnowledgeBase) -> None:
    store = open_store(db_path, clock)
    store.grade("summary:route-table", Rating.Again)
    store.record_cram("fact:route-table:limit", Rating.Again)
    store.record_cram("fact:route-table:limit", Rating.Again)
    request = ReviewRequest(mode="cram", domain="networking", limit=5)
    first = store.start(base, request, rng=random.Random(1)).cards
    assert [c.id for c in first[:2]] == ["fact:route-table:limit", "summary:route-table"]
    other = store.start(base, request, rng=random.Random(2)).cards
    assert len(first) == 5 and first[2:] != other[2:]  # the rest is shuffled


def test_new_cards_are_capped_per_day(db_path: Path, clock: Clock, base: KnowledgeBase) -> None:
    store = open_store(db_path, clock, new_per_day=5)
    session = store.start(base, ReviewRequest())
    assert len(session.cards) == 5
    for card in session.cards:
        session.grade(card, Rating.Easy)
    assert store.start(base, ReviewRequest()).cards == []  # nothing new left today
    clock.advance(days=1)
    tomorrow = store.start(base, ReviewRequest())
    assert len(tomorrow.cards) == 5 and all(store.state(c.id) is None for c in tomorrow.cards)


def test_due_cards_come_before_new_ones(db_path: Path, clock: Clock, base: KnowledgeBase) -> None:
    store = open_store(db_path, clock)
    store.grade(NAT_PORTS, Rating.Again)
    clock.advance(minutes=30)
    session = store.start(base, ReviewRequest(limit=4))
    assert session.cards[0].id == NAT_PORTS
    assert len(session.cards) == 4


def test_weak_spots_are_lapses_and_fading_cards(
    db_path: Path, clock: Clock, base: KnowledgeBase
) -> None:
    store = open_store(db_path, clock)
    store.grade("summary:sqs", Rating.Again)
    store.grade("summary:sns", Rating.Good)
    store.grade("summary:cloudwatch", Rating.Easy)
    assert [c.id for c in store.start(base, ReviewRequest(mode="weak")).cards] == ["summary:sqs"]
    clock.advance(days=60)  # long enough for every card to fade below 80%
    weak = [c.id for c in store.start(base, ReviewRequest(mode="weak")).cards]
    assert weak == ["summary:sqs", "summary:sns", "summary:cloudwatch"]  # weakest first
    assert store.retrievability(store.state("summary:cloudwatch")) < 0.8


def test_filters_by_domain_tag_exam_and_bookmarks(db_path: Path, base: KnowledgeBase) -> None:
    cards = generate_cards(base)
    by = lambda **f: {c.source_id for c in select_cards(cards, ReviewRequest(**f))}  # noqa: E731
    assert by(domain="messaging") == {"sqs", "sns"}
    assert by(tag="NAT") == {"nat-gateway", "nat-instance", "nat-gateway-vs-nat-instance"}
    assert "route-table" not in by(exam="exam-a") and "cloudwatch" in by(exam="exam-a")
    db = Database(db_path)
    Library(db).toggle_bookmark("sqs")
    store = ReviewStore(db)
    session = store.start(base, ReviewRequest(mode="cram", bookmarks=True))
    assert {c.source_id for c in session.cards} == {"sqs"}
    assert "card:sqs-long-polling" in {c.id for c in session.cards}


def test_a_reworded_fact_keeps_its_progress(db_path: Path, clock: Clock, mini_copy: Path) -> None:
    store = open_store(db_path, clock)
    store.grade(NAT_PORTS, Rating.Good)
    network = mini_copy / "network.yaml"
    network.write_text(
        network.read_text().replace('Port forwarding: "No"', "Port forwarding: Never")
    )
    reworded = load(mini_copy)
    session = store.start(reworded, ReviewRequest())
    card = next(c for c in session.scope if c.id == NAT_PORTS)
    assert card.back == "Never"
    assert store.state(NAT_PORTS) is not None and not store.state(NAT_PORTS).retired  # type: ignore[union-attr]
    assert NAT_PORTS not in {c.id for c in session.cards}  # not new again


def test_a_removed_source_retires_its_cards_but_keeps_history(
    db_path: Path, clock: Clock, mini_copy: Path
) -> None:
    store = open_store(db_path, clock)
    for card_id in ("summary:route-table", "fact:route-table:scope"):
        store.grade(card_id, Rating.Again)
    network = mini_copy / "network.yaml"
    original = network.read_text()
    start = original.index("  - id: route-table")
    end = original.index("comparisons:")
    network.write_text(original[:start] + original[end:])

    clock.advance(days=1)
    without = load(mini_copy)
    session = store.start(without, ReviewRequest(mode="weak"))
    state = store.state("summary:route-table")
    assert state is not None and state.retired
    assert len(store.history("summary:route-table")) == 1  # the history is kept
    assert "summary:route-table" not in {c.id for c in session.cards}
    assert sum(s.seen for s in store.domain_stats(session.scope, without)) == 0

    network.write_text(original)  # the entry comes back: so does its progress
    store.start(load(mini_copy), ReviewRequest())
    assert not store.state("summary:route-table").retired  # type: ignore[union-attr]


def test_domain_stats(db_path: Path, clock: Clock, base: KnowledgeBase) -> None:
    store = open_store(db_path, clock)
    store.grade("summary:sqs", Rating.Good)
    store.grade("summary:sns", Rating.Again)
    clock.advance(hours=1)
    stats = {s.domain: s for s in store.domain_stats(generate_cards(base), base)}
    assert [s for s in stats] == ["networking", "monitoring", "messaging"]  # pack order
    messaging = stats["messaging"]
    assert (messaging.cards, messaging.seen, messaging.due) == (9, 2, 2)
    assert messaging.title == "Messaging" and 0.9 < messaging.retrievability <= 1  # type: ignore[operator]
    assert stats["networking"].seen == 0 and stats["networking"].retrievability is None


def test_session_summary(db_path: Path, clock: Clock, base: KnowledgeBase) -> None:
    store = open_store(db_path, clock)
    session = store.start(base, ReviewRequest(domain="messaging", limit=4))
    for card, rating in zip(session.cards, [3, 4, 1, 2], strict=True):
        session.grade(card, rating)
    summary = session.summary()
    assert (summary.seen, summary.correct, summary.accuracy) == (4, 2, 0.5)
    assert summary.next_due is not None and summary.next_due > NOW
    assert [d.domain for d in summary.domains] == ["messaging"]
    assert json.loads(json.dumps(summary.to_dict()))["accuracy"] == 0.5


# -- the command line -------------------------------------------------------------------------


def cli(tmp_path: Path, *argv: str) -> tuple[argparse.Namespace, Any]:
    parser = argparse.ArgumentParser(prog="crib")
    parser.add_argument("--pack", action="append", default=[])
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--pack", action="append", default=argparse.SUPPRESS)
    add_commands(parser.add_subparsers(dest="command"), common)
    args = parser.parse_args(["--pack", str(MINI), *argv])
    return args, lambda a: open_index(a.pack, root=tmp_path / "cache")


def test_stats_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = ReviewStore(Database())  # the default user database, inside tmp_path
    store.grade("summary:sqs", Rating.Good)
    store.db.close()
    args, opener = cli(tmp_path, "stats", "--json")
    assert run(args, opener) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == {"cards": 50, "seen": 1, "due": 0}
    assert data["kinds"] == {"summary": 10, "fact": 28, "row": 9, "trap": 1, "card": 2}
    messaging = next(d for d in data["domains"] if d["domain"] == "messaging")
    assert messaging["seen"] == 1 and messaging["retrievability"] == 1.0
    assert data["new_today"] == 1 and data["new_per_day"] == 20 and data["next_due"]


def test_stats_table_fits_80_columns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args, opener = cli(tmp_path, "stats")
    assert run(args, opener) == 0
    out = capsys.readouterr().out
    assert "Networking" in out and "0 of 50 cards seen" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_review_opens_the_app_with_the_request(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, Any]] = []

    def run_app(**kwargs: Any) -> int:
        calls.append(kwargs)
        return 0

    fake = types.ModuleType("tui.app")
    fake.run_app = run_app  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tui.app", fake)
    args, opener = cli(tmp_path, "review", "--cram", "--domain", "networking", "--limit", "5")
    assert run(args, opener) == 0
    request = calls[0]["review"]
    assert request == ReviewRequest(mode="cram", domain="networking", limit=5)
    assert calls[0]["packs"] == [str(MINI)]
    args, opener = cli(tmp_path, "review", "--exam", "exam-a", "--tag", "nat")
    assert run(args, opener) == 0
    assert calls[1]["review"] == ReviewRequest(mode="due", tag="nat", exam="exam-a")


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["--domain", "netwrk"], 2, 'unknown domain "netwrk" (did you mean "networking"?)'),
        (["--exam", "soa-c03"], 2, 'unknown exam "soa-c03"'),
        (["--tag", "nope"], 2, 'unknown tag "nope"'),
        (["--weak"], 1, "no weak spots in this selection"),
    ],
)
def test_review_refuses_what_cannot_match(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], code: int, message: str
) -> None:
    args, opener = cli(tmp_path, "review", *argv)
    assert run(args, opener) == code
    assert message in capsys.readouterr().err


def test_review_modes_are_exclusive(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        cli(tmp_path, "review", "--due", "--weak")
    assert cli(tmp_path, "review")[0].mode == "due"
