"""Practice exams: four distinct options, exactly one right by the pack's own facts, by weight."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from index import open_index
from knowledge.asking import short_name
from knowledge.base import KnowledgeBase, pack_dirs
from knowledge.exams import exam_weights
from knowledge.model import Comparison, Entry
from knowledge.quiz import Question, QuizRequest, build_quiz, differs, same_value, score
from tests.conftest import MINI
from tui.data.db import Database
from tui.data.quiz_log import QuizLog
from tui.data.review import ReviewRequest, ReviewStore
from tui.review_cli import add_commands, run


@pytest.fixture(scope="module")
def bundled() -> KnowledgeBase:
    return KnowledgeBase.load(pack_dirs(include_user=False, environ={})[0])


def entry_named(base: KnowledgeBase, name: str, among: list[str]) -> Entry:
    found = [base.items[i] for i in among if short_name(base.items[i].title) == name]
    assert len(found) == 1, (name, among)
    entry = found[0]
    assert isinstance(entry, Entry)
    return entry


def check_question(base: KnowledgeBase, question: Question) -> None:
    """Exactly one option is right by the pack's facts (or the comparison's choose lines)."""
    assert len(question.options) == 4 and len(set(question.options)) == 4
    kind, topic, item_id = question.id.split(":")
    if kind == "fact":
        siblings = [e.id for e in base.entries if e.fact(topic) is not None]
        stated = question.stem.removesuffix(". Which one is it?").split(": ", 1)[1]
        values = {
            option: entry_named(base, option, siblings).fact(topic).value  # type: ignore[union-attr]
            for option in question.options
        }
        right = [o for o, v in values.items() if same_value(v, stated)]
        assert right == [question.right], (question.stem, values)
        assert all(differs(stated, v) for o, v in values.items() if o != question.right)
        assert question.item == entry_named(base, question.right, siblings).id
    else:
        comparison = base.items[topic]
        assert isinstance(comparison, Comparison)
        line = comparison.choose[item_id]
        assert question.stem.startswith(line.rstrip(". "))
        names = {short_name(base.items[s].title): s for s in comparison.subjects}
        assert set(question.options) <= set(names)  # only subjects this comparison tells apart
        assert names[question.right] == item_id
    assert question.source.startswith("https://")


def test_a_seeded_quiz_has_one_right_option_per_question(bundled: KnowledgeBase) -> None:
    questions = build_quiz(bundled, QuizRequest(count=65, seed=7), "soa-c03")
    assert len(questions) == 65 and len({q.id for q in questions}) == 65
    for question in questions:
        check_question(bundled, question)
    kinds = Counter(q.id.split(":")[0] for q in questions)
    assert kinds["fact"] and kinds["choose"]  # both kinds of question take part
    again = build_quiz(bundled, QuizRequest(count=65, seed=7), "soa-c03")
    assert [q.to_dict() for q in again] == [q.to_dict() for q in questions]  # reproducible
    other = build_quiz(bundled, QuizRequest(count=65, seed=8), "soa-c03")
    assert [q.id for q in other] != [q.id for q in questions]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_full_mock_follows_the_domain_weights(bundled: KnowledgeBase, seed: int) -> None:
    questions = build_quiz(bundled, QuizRequest(count=65, seed=seed), "soa-c03")
    shares = Counter(q.domain for q in questions)
    weights = exam_weights(bundled, "soa-c03")
    total = sum(weights.values())
    for domain, weight in weights.items():
        assert abs(shares[domain] - 65 * weight / total) <= 1, (domain, shares)
    items = [bundled.items[q.item] for q in questions]
    assert all(i.syllabus.get("soa-c03") for i in items)  # nothing from outside the exam


def test_a_domain_quiz_stays_in_its_domain(bundled: KnowledgeBase) -> None:
    questions = build_quiz(bundled, QuizRequest(domain="networking", count=10, seed=1), "soa-c03")
    assert len(questions) == 10 and {q.domain for q in questions} == {"networking"}


def test_the_score_counts_per_domain_and_lists_misses(bundled: KnowledgeBase) -> None:
    questions = build_quiz(bundled, QuizRequest(count=6, seed=2), "soa-c03")
    chosen = {0: questions[0].answer, 1: (questions[1].answer + 1) % 4}  # the rest unanswered
    result = score(questions, chosen)
    assert (result.right, result.total, result.answered) == (1, 6, 2)
    assert [q for q, _ in result.missed] == questions[1:]
    assert result.missed[0][1] == chosen[1] and result.missed[1][1] is None
    assert sum(d.total for d in result.domains) == 6


def test_quiz_misses_are_stored_and_become_weak_spots(
    tmp_path: Path, bundled: KnowledgeBase
) -> None:
    db = Database(tmp_path / "crib.sqlite3")
    log = QuizLog(db)
    questions = build_quiz(bundled, QuizRequest(count=4, seed=3), "soa-c03")
    run_id = log.start("soa-c03", None, 3, len(questions))
    chosen = {}
    for position, question in enumerate(questions):
        answer = question.answer if position else (question.answer + 1) % 4
        chosen[position] = answer
        log.answer(run_id, question, answer)
    log.finish(run_id, score(questions, chosen))
    assert log.runs()[0]["correct"] == 3
    store = ReviewStore(db)
    weak = store.start(bundled, ReviewRequest(mode="weak")).cards
    assert [c.id for c in weak] == [questions[0].card_id]
    tally = store.practice_tally()
    assert (tally["quiz_runs"], tally["quiz_answers"], tally["quiz_correct"]) == (1, 4, 3)


def cli(tmp_path: Path, *argv: str, pack: Path | None = None) -> tuple[argparse.Namespace, Any]:
    parser = argparse.ArgumentParser(prog="crib")
    parser.add_argument("--pack", action="append", default=[])
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--pack", action="append", default=argparse.SUPPRESS)
    add_commands(parser.add_subparsers(dest="command"), common)
    args = parser.parse_args([*(["--pack", str(pack)] if pack else []), *argv])
    return args, lambda a: open_index(a.pack, root=tmp_path / "cache")


def test_quiz_print_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CRIB_BUNDLED", "1")
    args, opener = cli(tmp_path, "quiz", "--print", "--json", "--count", "65", "--seed", "4")
    assert run(args, opener) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["exam"] == "soa-c03" and document["seed"] == 4
    questions = document["questions"]
    assert len(questions) == 65
    for question in questions:
        assert {"stem", "options", "answer", "item", "domain", "source"} <= set(question)
        assert question["answer"] in question["options"] and len(question["options"]) == 4
    args, opener = cli(tmp_path, "quiz", "--print", "--domain", "netwrk")
    assert run(args, opener) == 2
    assert 'unknown domain "netwrk" (did you mean "networking"?)' in capsys.readouterr().err


def test_a_pack_too_small_for_questions_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args, opener = cli(tmp_path, "quiz", "--print", "--json", "--seed", "1", pack=MINI)
    code = run(args, opener)
    out = capsys.readouterr()
    # The mini pack is too small for four siblings per fact: it says so instead of failing.
    assert code == 1 and "no practice questions" in out.err


def test_cards_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = ReviewStore(Database())
    store.grade("summary:sqs", 1)
    store.suspend("summary:sns")
    store.db.close()
    args, opener = cli(tmp_path, "cards", "--json", "--domain", "messaging", pack=MINI)
    assert run(args, opener) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert set(next(iter(rows.values()))) == {
        "id", "kind", "prompt", "answer", "item", "domain", "state",
    }  # fmt: skip
    assert (
        rows["summary:sqs"]["state"] == "learning" and rows["summary:sns"]["state"] == "suspended"
    )
    assert rows["summary:sqs"]["prompt"] == "What is Simple Queue Service?"
    assert {r["domain"] for r in rows.values()} == {"messaging"}
    args, opener = cli(tmp_path, "cards", "--json", "--kind", "trap", pack=MINI)
    assert run(args, opener) == 0
    assert [r["id"] for r in json.loads(capsys.readouterr().out)] == ["trap:nat-gateway:0"]
    args, opener = cli(tmp_path, "cards", "--suspended", "--json", pack=MINI)
    assert run(args, opener) == 0
    assert [r["id"] for r in json.loads(capsys.readouterr().out)] == ["summary:sns"]
    args, opener = cli(tmp_path, "cards", "--restore", "summary:sns", pack=MINI)
    assert run(args, opener) == 0
    args, opener = cli(tmp_path, "cards", "--suspended", "--json", pack=MINI)
    assert run(args, opener) == 1


def test_every_question_points_at_a_real_card(bundled: KnowledgeBase) -> None:
    from knowledge.cards import generate_cards

    ids = {c.id for c in generate_cards(bundled)}
    from knowledge.quiz import question_pool

    pool = question_pool(bundled, "soa-c03", 1)
    assert sum(q.card_id in ids for q in pool) >= 0.98 * len(pool)
