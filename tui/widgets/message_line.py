"""The app's messages in a line above the footer, instead of toasts over the content.

The line takes its own rows while a message lasts (the content above gives way, never hidden
under it) and vanishes when none is left. Screens without one (dialogs) keep Textual's toasts.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from textual.content import Content
from textual.widgets import Static

MOST_SHOWN = 3  # the newest messages shown at once; older ones still live give way
DEFAULT_TIMEOUT = 5.0  # seconds, as Textual's toasts


@dataclass(frozen=True)
class Message:
    """One message: what it says, how grave it is, and when it stops showing."""

    text: str
    severity: str
    markup: bool
    until: float

    def content(self) -> Content:
        if self.markup:
            try:
                return Content.from_markup(self.text)
            except Exception:  # a message that is not valid markup still reads as written
                pass
        return Content(self.text)


def live(messages: list[Message], now: float | None = None) -> list[Message]:
    """The messages still showing, newest last."""
    moment = time.monotonic() if now is None else now
    return [m for m in messages if m.until > moment][-MOST_SHOWN:]


class MessageLine(Static):
    """The newest messages, one line each; hidden when there are none."""

    DEFAULT_CSS = """
    MessageLine {
        height: auto; max-height: 3; padding: 0 1; display: none;
        background: $panel; color: $foreground;
    }
    MessageLine.-warning { color: $text-warning; }
    MessageLine.-error { color: $text-error; }
    """

    def on_mount(self) -> None:
        self.screen.add_class("-with-message-line")  # its toasts are hidden: this line says them

    def show(self, messages: list[Message]) -> None:
        """Show what is live of `messages` and come back when the first of them ends."""
        showing = live(messages)
        self.display = bool(showing)
        self.set_class(any(m.severity == "error" for m in showing), "-error")
        self.set_class(
            not self.has_class("-error") and any(m.severity == "warning" for m in showing),
            "-warning",
        )
        if not showing:
            return
        # One line per message (its own line breaks read as " · "); long ones wrap, up to the cap.
        lines = [Content(" · ").join(m.content().split("\n")) for m in showing]
        self.update(Content("\n").join(lines))
        wait = min(m.until for m in showing) - time.monotonic()
        self.set_timer(max(wait, 0.05), lambda: self.show(messages))
