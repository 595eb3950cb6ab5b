"""The practice exam: one question at a time, a-d to answer, then the score and every miss."""

from __future__ import annotations

import sqlite3
import time
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Label, ProgressBar, Static

from knowledge.quiz import Question, QuizRequest, QuizScore, build_quiz, score
from tui.data import StorageError
from tui.data.quiz_log import QuizLog

LETTERS = "abcd"


def _answer_binding(index: int) -> Binding:
    key = LETTERS[index]
    return Binding(
        key,
        f"answer({index})",
        "Answer" if index == 0 else f"Answer {key}",
        show=index == 0,
        key_display="a-d" if index == 0 else None,
        tooltip=f"Answer with option {key} and go to the next question",
        id=f"quiz.answer-{key}",
    )


class QuizScreen(Screen[QuizScore | None]):
    """Asks a quiz's questions; dismisses with the score (None if nothing was answered)."""

    CSS_PATH = "quiz.tcss"
    BINDINGS = [
        *(_answer_binding(index) for index in range(len(LETTERS))),
        Binding(
            "n",
            "skip",
            "Skip",
            tooltip="Leave this question unanswered (it counts as a miss) and go on",
            id="quiz.skip",
        ),
        Binding(
            "o",
            "open_item",
            "Open entry",
            tooltip="Read the entry behind the first miss on the score screen",
            id="quiz.open-item",
        ),
        Binding(
            "escape",
            "leave",
            "Finish",
            tooltip="Finish now and see the score (unanswered questions count as misses); "
            "leave from the score",
            id="quiz.leave",
        ),
    ]

    class QuizFinished(Message):
        """A quiz ended and its score was saved."""

        def __init__(self, result: QuizScore) -> None:
            super().__init__()
            self.result = result

    def __init__(
        self,
        questions: list[Question],
        request: QuizRequest,
        log: QuizLog | None,
        title: str,
        domain_titles: dict[str, str],
    ) -> None:
        super().__init__()
        self.questions = questions
        self.request = request
        self.quiz_log = log
        self.heading = title
        self.domain_titles = domain_titles
        self.position = 0
        self.chosen: dict[int, int] = {}
        self.result: QuizScore | None = None
        self.run_id: int | None = None
        self._deadline = time.monotonic() + request.minutes * 60 if request.minutes else None

    @property
    def question(self) -> Question | None:
        return self.questions[self.position] if self.position < len(self.questions) else None

    def compose(self) -> ComposeResult:
        with Horizontal(id="quiz-top"):
            yield Label(self.heading, id="quiz-title")
            yield ProgressBar(
                total=max(len(self.questions), 1),
                show_eta=False,
                show_percentage=False,
                id="quiz-progress",
            )
            yield Label(id="quiz-timer")
            yield Label(id="quiz-count")
        with VerticalScroll(id="quiz-question"):
            yield Static(id="quiz-domain")
            yield Static(id="quiz-stem")
            yield Static(id="quiz-options")
            yield Static(
                Text("a-d to answer · n to skip · escape to finish now", style="dim"),
                id="quiz-hint",
            )
        yield VerticalScroll(id="quiz-score")
        yield Footer()

    def on_mount(self) -> None:
        if self.quiz_log is not None:
            try:
                self.run_id = self.quiz_log.start(
                    self.request.exam, self.request.domain, self.request.seed, len(self.questions)
                )
            except (sqlite3.Error, StorageError) as error:
                self.notify(f"Results will not be saved: {error}", severity="warning", markup=False)
                self.quiz_log = None
        if self._deadline is not None:
            self.set_interval(1, self._tick)
            self._tick()
        self._show()

    # -- showing ------------------------------------------------------------------------------

    def _tick(self) -> None:
        if self._deadline is None or self.result is not None:
            return
        left = self._deadline - time.monotonic()
        if left <= 0:
            self.notify("Time is up.", timeout=5)
            self._finish()
            return
        minutes, seconds = divmod(int(left), 60)
        self.query_one("#quiz-timer", Label).update(f"{minutes}:{seconds:02d} left")

    def _show(self) -> None:
        question = self.question
        if question is None:
            self._finish()
            return
        total = len(self.questions)
        self.query_one("#quiz-count", Label).update(f"{self.position + 1} / {total}")
        domain = self.domain_titles.get(question.domain, question.domain)
        self.query_one("#quiz-domain", Static).update(Text(domain))
        self.query_one("#quiz-stem", Static).update(Text(question.stem))
        options = Text()
        for letter, option in zip(LETTERS, question.options, strict=False):
            options.append(f" {letter} ", style="reverse bold")
            options.append(f" {option}\n")
        options.rstrip()
        self.query_one("#quiz-options", Static).update(options)
        self.query_one("#quiz-question", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()

    def _finish(self) -> None:
        if self.result is not None:
            return
        self.result = score(self.questions, self.chosen)
        if self.quiz_log is not None and self.run_id is not None:
            try:
                self.quiz_log.finish(self.run_id, self.result)
            except (sqlite3.Error, StorageError) as error:
                self.notify(f"Could not save the score: {error}", severity="error", markup=False)
        self.add_class("-finished")
        panel = self.query_one("#quiz-score", VerticalScroll)
        panel.remove_children()
        panel.mount(Static(self._score_text(self.result), id="score-text"))
        panel.focus()
        self.post_message(self.QuizFinished(self.result))
        self.refresh_bindings()

    def _score_text(self, result: QuizScore) -> Text:
        text = Text()
        text.append(f"Score {result.right} / {result.total}  ({result.percent:.0f}%)\n", "bold")
        text.append(f"Answered {result.answered} of {result.total}\n\n", "dim")
        text.append("By domain\n", "bold")
        for domain in result.domains:
            title = self.domain_titles.get(domain.domain, domain.domain)
            filled = round(10 * domain.right / domain.total) if domain.total else 0
            bar = "\u2588" * filled + "\u2591" * (10 - filled)
            text.append(f"  {bar} {domain.right:>2}/{domain.total:<3} {title}\n")
        if result.missed:
            text.append(f"\nMissed ({len(result.missed)})\n", "bold")
        for question, chosen in result.missed:
            text.append(f"\n{question.stem}\n")
            yours = question.options[chosen] if chosen is not None else "no answer"
            text.append("  You: ", "dim")
            text.append(f"{yours}\n")
            text.append("  Right: ", "dim")
            text.append(f"{question.right}\n", "bold")
            for line in question.explanation:
                text.append(f"    {line}\n", "dim")
            if question.source:
                text.append(f"    Source: {question.source}\n", "dim")
        text.append("\nescape to leave · o opens the entry behind the first miss", "dim")
        return text

    # -- actions ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Answers while a question shows; opening an entry once there is a miss to explain."""
        if action == "leave":
            return True
        if action == "open_item":
            return self.result is not None and bool(self.result.missed)
        question = self.question
        if self.result is not None or question is None:
            return False
        if action == "answer":
            index = parameters[0] if parameters else 0
            return isinstance(index, int) and index < len(question.options)
        return True

    def _record(self, chosen: int | None) -> None:
        question = self.question
        if question is None or self.result is not None:
            return
        if chosen is not None:
            self.chosen[self.position] = chosen
        if self.quiz_log is not None and self.run_id is not None:
            try:
                self.quiz_log.answer(self.run_id, question, chosen)
            except (sqlite3.Error, StorageError) as error:
                self.notify(f"Could not save the answer: {error}", severity="error", markup=False)
        self.position += 1
        self.query_one("#quiz-progress", ProgressBar).advance(1)
        self._show()

    def action_answer(self, index: int) -> None:
        """Answer with an option and move on (the score shows at the end, as in the exam)."""
        self._record(index)

    def action_skip(self) -> None:
        """Leave the question unanswered and move on."""
        self._record(None)

    def action_open_item(self) -> None:
        """Open the entry that explains the first miss."""
        if self.result is not None and self.result.missed:
            from tui.messages import OpenItem

            self.post_message(OpenItem(self.result.missed[0][0].item))

    def action_leave(self) -> None:
        """Finish (the score shows first), then leave from the score."""
        if self.result is None and self.chosen:
            self._finish()
            return
        self.dismiss(self.result)


def open_quiz(app: App[Any], request: QuizRequest | None = None) -> None:
    """Build a quiz from the app's knowledge base and push the quiz screen.

    `app` must have `services.database` and `base` (the crib app has both)."""
    import random

    from knowledge.exams import default_exam
    from tui.data.library import Library

    if isinstance(app.screen, QuizScreen):
        return
    base = app.base  # type: ignore[attr-defined]
    database = app.services.database  # type: ignore[attr-defined]
    request = request or QuizRequest()
    log: QuizLog | None
    try:
        log = QuizLog(database)
        preferred = Library(database).setting("exam")
    except (sqlite3.Error, StorageError) as error:
        app.notify(f"Results will not be saved: {error}", severity="warning", markup=False)
        log, preferred = None, None
    exam = request.exam or default_exam(base, preferred)
    if request.seed is None:
        request = QuizRequest(
            exam, request.domain, request.count, random.randrange(10**6), request.minutes
        )
    questions = build_quiz(base, request, exam)
    if not questions:
        app.notify("The packs yield no practice questions for this selection.", severity="warning")
        return
    titles: dict[str, str] = {}
    for pack in base.packs:
        syllabus = pack.syllabus(exam) if exam else None
        titles.update({d.id: d.title for d in (syllabus.domains if syllabus else pack.domains)})
    title = f"Practice exam · {exam.upper()}" if exam else "Practice exam"
    app.push_screen(QuizScreen(questions, request, log, title, titles))
