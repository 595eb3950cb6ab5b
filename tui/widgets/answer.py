"""The answer strip: the one line that answers the query, above the results."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

if TYPE_CHECKING:
    from index.answers import Answer


def answer_line(answer: Answer) -> Text:
    """ "Answer  CloudTrail · Default retention: Event history 90 days" (pack text as text)."""
    from index.schema import short_title

    return Text.assemble(
        ("Answer  ", "bold"),
        (short_title(answer.title), "bold"),
        " · ",
        (f"{answer.label}: ", "bold"),
        answer.value,
        overflow="ellipsis",
    )


def _line(answer: Answer | None) -> tuple[str, str, str] | None:
    return (answer.id, answer.label, answer.value) if answer is not None else None


class AnswerStrip(Static, can_focus=True):
    """The best answer line of the last search; Enter opens its item at that fact."""

    DEFAULT_CSS = """
    AnswerStrip { height: auto; max-height: 2; padding: 0 1; background: $boost; display: none; }
    AnswerStrip:focus { background: $accent 30%; }
    """

    BINDINGS = [
        Binding("enter", "open", "Open answer", tooltip="Read the item at this fact", id="answer.open"),
        Binding("down", "leave(1)", "Results", show=False, tooltip="Move to the results", id="answer.down"),
        Binding("up", "leave(-1)", "Search box", show=False, tooltip="Back to the search box", id="answer.up"),
    ]  # fmt: skip

    class Chosen(Message):
        """The answer line was chosen: open its item at its fact."""

        def __init__(self, answer: Answer) -> None:
            super().__init__()
            self.answer = answer

    class Left(Message):
        """The highlight moved off the strip: down (1) to the results or up (-1) to the box."""

        def __init__(self, direction: int) -> None:
            super().__init__()
            self.direction = direction

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.answer: Answer | None = None

    def show_answers(self, answers: list[Answer]) -> None:
        """Show the best answer, or hide the strip when there is none (nothing is redrawn when
        the answer has not changed: a new layout on every key would slow typing)."""
        answer = answers[0] if answers else None
        if _line(answer) == _line(self.answer):
            return
        self.answer = answer
        if (answer is not None) != self.display:
            self.display = answer is not None
        if self.answer is not None:
            self.update(answer_line(self.answer))
            self.tooltip = f"{self.answer.title}: {self.answer.label}"

    def action_open(self) -> None:
        if self.answer is not None:
            self.post_message(self.Chosen(self.answer))

    def action_leave(self, direction: int) -> None:
        self.post_message(self.Left(direction))

    def on_click(self) -> None:
        self.action_open()
