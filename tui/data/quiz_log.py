"""Practice exams in the user database: each run, and every answer (a miss is a weak spot).

The tables belong to the review component (its second migration), so a quiz answer and a cram
answer are tallied the same way and neither ever moves an FSRS due date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from tui.data.review import MIGRATIONS

if TYPE_CHECKING:
    from knowledge.quiz import Question, QuizScore
    from tui.data.db import Database


def _utc_now() -> datetime:
    return datetime.now(UTC)


class QuizLog:
    """Writes quiz runs and answers; each write is one transaction."""

    def __init__(self, db: Database, clock: Callable[[], datetime] = _utc_now) -> None:
        self.db = db
        self.clock = clock
        db.ensure_schema("review", MIGRATIONS)

    def start(self, exam: str | None, domain: str | None, seed: int | None, count: int) -> int:
        """Record a quiz as started; returns its run id."""
        with self.db.transaction() as cursor:
            cursor.execute(
                "INSERT INTO quiz_runs (started, exam, domain, seed, questions) "
                "VALUES (?, ?, ?, ?, ?)",
                (self.clock().timestamp(), exam, domain, seed, count),
            )
            return int(cursor.lastrowid or 0)

    def answer(self, run_id: int, question: Question, chosen: int | None) -> bool:
        """Record one answer; returns whether it was right."""
        right = chosen == question.answer
        with self.db.transaction() as cursor:
            cursor.execute(
                "INSERT INTO quiz_answers (run_id, card_id, item_id, domain, correct, answered) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    run_id,
                    question.card_id,
                    question.item,
                    question.domain,
                    int(right),
                    self.clock().timestamp(),
                ),
            )
        return right

    def finish(self, run_id: int, result: QuizScore) -> None:
        """Record the score of a finished quiz."""
        with self.db.transaction() as cursor:
            cursor.execute(
                "UPDATE quiz_runs SET finished = ?, answered = ?, correct = ? WHERE id = ?",
                (self.clock().timestamp(), result.answered, result.right, run_id),
            )

    def runs(self, limit: int = 10) -> list[dict[str, Any]]:
        """The latest finished quizzes, newest first."""
        rows = self.db.query(
            "SELECT * FROM quiz_runs WHERE finished IS NOT NULL ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        return [dict(row) for row in rows]
