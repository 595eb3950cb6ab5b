"""Pack and user text made safe for a terminal: no escape sequences, no control characters.

Every string read from a pack goes through `clean_text` when it is loaded (the YAML loader does it
for every scalar and key), and every message that echoes user input goes through `clean_line`.
Importers of other formats (tldr, cheat, navi) call `clean_text` on what they read.
"""

from __future__ import annotations

import re

# Whole escape sequences first, so "\x1b[2J" leaves nothing behind (not a stray "[2J"):
# CSI (ESC [ ... final, or the 8-bit CSI), OSC/DCS/SOS/PM/APC strings up to their terminator
# (BEL or ST, 7- or 8-bit), and two-character ESC sequences.
_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x9d\x90\x98\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
# C0 controls but tab and newline, DEL, and C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"[\t\n]+")

__all__ = ["clean_line", "clean_text", "shorten"]


def clean_text(text: str) -> str:
    """Text without terminal escape sequences or control characters; tabs and newlines kept.

    A carriage return before a newline is dropped (CRLF files), any other one removed.
    """
    if not _CONTROL.search(text):  # the common case: nothing to do, one scan in C
        return text
    text = text.replace("\r\n", "\n")
    return _CONTROL.sub("", _SEQUENCE.sub("", text))


def clean_line(text: str) -> str:
    """`clean_text` on one line: tabs and newlines become single spaces."""
    return _LINE_BREAKS.sub(" ", clean_text(text))


def shorten(text: str, limit: int = 80) -> str:
    """A cleaned single line of at most `limit` characters, with an ellipsis when cut."""
    line = clean_line(text)
    return line if len(line) <= limit else line[: max(limit - 1, 0)] + "…"
