"""Snippets and match ranges: which words of a text the query matched, and where."""

from __future__ import annotations

import re

from index.schema import WORD, stems

SNIPPET_CHARS = 140
_LINE_MARKUP = re.compile(r"^\s*(?:[-*+]|\d+\.|#+)\s+")
_INLINE_MARKUP = re.compile(r"\*\*|__|`")
_NOTES_SAY = re.compile(
    r"^(?:the\s+)?(?:study\s+)?notes?\s+(?:say|says|said|claim|claims|claimed)\s*(?:that\s+)?[:,]?\s*",
    re.IGNORECASE,
)
OUTDATED = "Outdated note: "


def outdated(said: str) -> str:
    """A correction's old claims, each marked once as outdated ("Notes say X" -> "Outdated
    note: X"), for the rare snippet where nothing else matches."""
    lines = (_NOTES_SAY.sub("", line.strip()) for line in said.splitlines())
    return "\n".join(f"{OUTDATED}{line}" for line in lines if line)


def plain(text: str) -> str:
    """Markdown to one plain line: no bullets, headings, emphasis or backticks."""
    lines = (_LINE_MARKUP.sub("", line) for line in text.splitlines())
    return " ".join(_INLINE_MARKUP.sub("", " ".join(lines)).split())


class Highlighter:
    """Marks words equal to a typed word (after stemming) or starting with the prefix."""

    def __init__(self, words: list[str], prefix: str = "") -> None:
        self.stems = {s for w in words for s in stems(w)}
        self.prefix = prefix.lower()
        # A cheap first pass: only words that start like a stem, a typed word or the prefix are
        # stemmed and checked (stemming every word of every snippet was the slow part).
        starts = sorted(
            {*self.stems, *(w.lower() for w in words), *([self.prefix] if self.prefix else [])}
        )
        self._candidate = (
            re.compile(r"\b(?:" + "|".join(map(re.escape, starts)) + r")\w*", re.IGNORECASE)
            if starts
            else None
        )

    def _hit(self, word: str, min_prefix: int) -> bool:
        lowered = word.lower()
        if len(self.prefix) >= min_prefix and self.prefix and lowered.startswith(self.prefix):
            return True
        return bool(self.stems) and any(s in self.stems for s in stems(lowered))

    def matches(self, text: str, min_prefix: int = 1) -> list[tuple[int, int]]:
        """Character ranges of the matching words in `text`."""
        if self._candidate is None:
            return []
        found = []
        for candidate in self._candidate.finditer(text):
            word = WORD.match(text, candidate.start())
            if word and self._hit(word.group(0), min_prefix):
                found.append((word.start(), word.end()))
        return found

    def snippet(self, texts: list[str]) -> tuple[str, list[tuple[int, int]]]:
        """A window of the first text that matches (the summary reads best), else of the text
        with the most matches, as one line."""
        best_text, best_ranges = "", []
        for position, text in enumerate(texts):
            line = plain(text)
            # A one-letter prefix would light up half the words of a snippet.
            ranges = self.matches(line, min_prefix=2)
            if position == 0 and ranges:
                best_text, best_ranges = line, ranges
                break
            if len(ranges) > len(best_ranges):
                best_text, best_ranges = line, ranges
        if not best_ranges:
            first = next((plain(t) for t in texts if t.strip()), "")
            return _clip(first, 0), []
        return _window(best_text, best_ranges)


def _clip(text: str, start: int) -> str:
    piece = text[start : start + SNIPPET_CHARS]
    if start + SNIPPET_CHARS < len(text):
        piece = piece.rsplit(" ", 1)[0] + " …"
    return ("… " if start else "") + piece


def _window(text: str, ranges: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """Centre a window on the densest run of matches; shift the ranges to match."""
    # Ranges come in text order and never overlap, so the matches inside a window that starts at
    # range i are ranges i..j-1 for a j that only moves forward: linear in the number of matches.
    best_start, best_count, j = 0, -1, 0
    for i, (first, _) in enumerate(ranges):
        j = max(j, i)
        while j < len(ranges) and ranges[j][1] <= first + SNIPPET_CHARS:
            j += 1
        if j - i > best_count:
            best_start, best_count = first, j - i
    start = max(0, best_start - 30)
    if start:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 else 0
    snippet = _clip(text, start)
    shift = 2 if start else 0  # the leading "… "
    end_limit = len(snippet) - (2 if snippet.endswith(" …") else 0)
    shifted = [(s - start + shift, e - start + shift) for s, e in ranges]
    return snippet, [(s, e) for s, e in shifted if s >= shift and e <= end_limit]
