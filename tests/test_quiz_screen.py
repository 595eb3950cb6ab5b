"""The practice exam and the card list on screen, driven with Pilot in a small host app."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.widgets import DataTable, Input, Label, Static

from knowledge.base import KnowledgeBase, pack_dirs
from knowledge.cards import generate_cards
from knowledge.quiz import Question, QuizRequest, QuizScore, build_quiz
from tests.conftest import MINI
from tui.data.db import Database
from tui.data.quiz_log import QuizLog
from tui.data.review import ReviewStore
from tui.screens.cards import CardsScreen
from tui.screens.quiz import QuizScreen


def synchronously(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


class Host(App[None]):
    """Hosts one screen and keeps what it dismisses with."""

    def __init__(self, screen: Any) -> None:
        super().__init__()
        self.hosted = screen
        self.result: Any = "still open"

    def on_mount(self) -> None:
        self.push_screen(self.hosted, self.finished)

    def finished(self, result: Any) -> None:
        self.result = result


@pytest.fixture(scope="module")
def bundled() -> KnowledgeBase:
    return KnowledgeBase.load(pack_dirs(include_user=False, environ={})[0])


def text_of(app: App[Any], selector: str) -> str:
    widget = app.screen.query_one(selector)
    assert isinstance(widget, Static | Label)
    return str(widget.render())


def quiz_screen(base: KnowledgeBase, db: Database, **request: Any) -> QuizScreen:
    quiz = QuizRequest(exam="soa-c03", seed=11, **request)
    questions = build_quiz(base, quiz, "soa-c03")
    titles = {d.id: d.title for d in base.packs[0].syllabus("soa-c03").domains}  # type: ignore[union-attr]
    return QuizScreen(questions, quiz, QuizLog(db), "Practice exam · SOA-C03", titles)


@synchronously
async def test_a_quiz_runs_to_its_score(tmp_path: Path, bundled: KnowledgeBase) -> None:
    db = Database(tmp_path / "crib.sqlite3")
    screen = quiz_screen(bundled, db, count=4)
    questions = screen.questions
    app = Host(screen)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert text_of(app, "#quiz-count") == "1 / 4"
        assert questions[0].stem in text_of(app, "#quiz-stem")
        right = "abcd"[questions[0].answer]
        wrong = "abcd"[(questions[1].answer + 1) % 4]
        await pilot.press(right, wrong, "n")  # right, wrong, skipped
        assert text_of(app, "#quiz-count") == "4 / 4"
        await pilot.press("abcd"[questions[3].answer])
        await pilot.pause()
        score = text_of(app, "#score-text")
        assert "Score 2 / 4  (50%)" in score and "Answered 3 of 4" in score
        assert "By domain" in score and "Missed (2)" in score
        assert f"Right: {questions[1].right}" in score and "You: no answer" in score
        assert questions[1].explanation[0] in score and "Source: https://" in score
        await pilot.press("escape")
        await pilot.pause()
    assert isinstance(app.result, QuizScore) and app.result.right == 2
    run = QuizLog(db).runs()[0]
    assert (run["questions"], run["answered"], run["correct"]) == (4, 3, 2)
    missed = {q.card_id for q in questions[1:3]}
    weak = ReviewStore(db).weak_cards(generate_cards(bundled))
    assert {c.id for c in weak} == missed


@synchronously
async def test_escape_finishes_early_and_the_timer_ends_a_quiz(
    tmp_path: Path, bundled: KnowledgeBase
) -> None:
    db = Database(tmp_path / "crib.sqlite3")
    app = Host(quiz_screen(bundled, db, count=5))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("a", "escape")  # finish now: the score, not the exit
        await pilot.pause()
        assert "Answered 1 of 5" in text_of(app, "#score-text")
        assert app.result == "still open"
    timed = Host(quiz_screen(bundled, db, count=5, minutes=0.01))  # 0.6 seconds
    async with timed.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "left" in text_of(timed, "#quiz-timer")
        await asyncio.sleep(1.5)
        await pilot.pause()
        assert "Answered 0 of 5" in text_of(timed, "#score-text")


@synchronously
async def test_the_card_list_searches_and_suspends(tmp_path: Path) -> None:
    base = KnowledgeBase.load(pack_dirs([MINI], include_user=False, include_bundled=False)[0])
    store = ReviewStore(Database(tmp_path / "crib.sqlite3"))
    app = Host(CardsScreen(generate_cards(base), store))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert text_of(app, "#cards-count").startswith("50 of 50 cards")
        await pilot.press(*"longpolling")
        await pilot.pause()
        assert text_of(app, "#cards-count").startswith("0 of 50 cards")
        await pilot.press(*["backspace"] * 11, *"polling")
        await pilot.pause()
        assert text_of(app, "#cards-count").startswith("1 of 50 cards")
        await pilot.press("enter", "s")  # to the list, suspend the highlighted card
        await pilot.pause()
        assert set(store.suspended()) == {"card:sqs-long-polling"}
        table = app.screen.query_one(DataTable)
        assert table.get_cell("card:sqs-long-polling", "state") == "suspended"
        await pilot.press("s")
        assert store.suspended() == {}
        await pilot.press("escape")  # clears the search first
        assert app.screen.query_one(Input).value == ""
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None


# Snapshots draw hand-made questions: the bundled pack changes, the pictures should not.
FIXED = [
    Question(
        id=f"fact:static-ip:q{n}",
        stem=stem,
        options=options,
        answer=answer,
        item="nlb",
        domain=domain,
        source="https://docs.aws.amazon.com/elasticloadbalancing/latest/network/introduction.html",
        card_id="fact:nlb:static-ip",
        explanation=("Network Load Balancer \u2014 static IP: One per AZ",),
    )
    for n, (stem, options, answer, domain) in enumerate(
        [
            (
                "Static IP: One per AZ. Which one is it?",
                ("Application Load Balancer", "Network Load Balancer", "Gateway Load Balancer",
                 "Classic Load Balancer"),
                1,
                "networking",
            ),
            (
                "You know when load changes (business hours, events). Which one fits best?",
                ("Step scaling policy", "Scheduled scaling", "Predictive scaling policy",
                 "Target tracking scaling policy"),
                1,
                "reliability",
            ),
        ]
    )
]  # fmt: skip
TITLES = {"networking": "Networking and Content Delivery", "reliability": "Reliability"}


def fixed_screen(tmp_path: Path) -> QuizScreen:
    request = QuizRequest(exam="soa-c03", count=2, seed=1)
    log = QuizLog(Database(tmp_path / "crib.sqlite3"))
    return QuizScreen(list(FIXED), request, log, "Practice exam · SOA-C03", TITLES)


async def settle(pilot: Any) -> None:
    await pilot.pause()


def test_snapshot_quiz_question(snap_compare: Any, tmp_path: Path) -> None:
    app = Host(fixed_screen(tmp_path))
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


def test_snapshot_quiz_score(snap_compare: Any, tmp_path: Path) -> None:
    app = Host(fixed_screen(tmp_path))
    assert snap_compare(app, press=["b", "a"], terminal_size=(80, 24), run_before=settle)


def test_snapshot_card_list(snap_compare: Any, tmp_path: Path) -> None:
    base = KnowledgeBase.load(pack_dirs([MINI], include_user=False, include_bundled=False)[0])
    store = ReviewStore(Database(tmp_path / "crib.sqlite3"))
    app = Host(CardsScreen(generate_cards(base), store))
    assert snap_compare(app, press=[*"nat"], terminal_size=(80, 24), run_before=settle)
