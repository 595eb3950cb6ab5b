"""Plain-text study notes copied from a web page: bare short lines are headings, a heading
directly followed by another one names a section, and the rest reads as Markdown notes do.

The text is rewritten as Markdown (inferred headings marked, code runs fenced, tab-separated rows
made into tables) with a map back to the file's own line numbers, then read by the Markdown reader.
"""

from __future__ import annotations

import re
from pathlib import Path

from knowledge.importers.common import PackBuilder, read_source, skip
from knowledge.importers.markdown import add_sections, label_value, sections_of

MAX_HEADING_CHARS = 70
MAX_HEADING_WORDS = 10
_CODE_START = re.compile(
    r"^(?:\$ |>>> |#!|(?:import|from|def|class|sudo|aws|curl)\s|[{\[]\s*$|\"[\w-]+\"\s*:)"
)
_CODE_KEYWORD = re.compile(
    r"^(?:#|\$|\*|[{}\[\]\"'<)]|(?:if|elif|else|try|except|finally|for|while|return|print|import|"
    r"from|def|class|with|raise)\b)"
)
_ASSIGNMENT = re.compile(r"^[\w.\[\]'\"]+\s*[-+*/]?=\s*\S|^[\w.]+\(.*\)\s*$")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")


def _codeish(line: str) -> bool:
    """A line that reads as code rather than prose (inside a run that began as code)."""
    stripped = line.strip()
    if not stripped:
        return False
    if (
        _CODE_KEYWORD.match(stripped)
        or _ASSIGNMENT.match(stripped)
        or stripped.endswith(("{", "[", ",", "\\"))
    ):
        return True
    letters = sum(c.isalpha() or c == " " for c in stripped)
    return letters / len(stripped) < 0.75


def is_heading(line: str) -> bool:
    """A bare short line that could title what follows: no list mark, label or full stop."""
    stripped = line.strip()
    if (
        not stripped
        or len(stripped) > MAX_HEADING_CHARS
        or len(stripped.split()) > MAX_HEADING_WORDS
    ):
        return False
    if _BULLET.match(stripped) or stripped.startswith(("|", "#", "$", ">")) or "\t" in stripped:
        return False
    if stripped[-1] in ".,;:!" or not (stripped[0].isupper() or stripped[0].isdigit()):
        return False
    return label_value(stripped) is None and not _codeish(stripped)


def to_markdown(text: str) -> tuple[str, list[int]]:
    """The notes as Markdown, and for each Markdown line the 1-based file line it came from."""
    lines = text.split("\n")
    out: list[str] = []
    origin: list[int] = []

    def emit(markdown: str, line: int) -> None:
        out.append(markdown)
        origin.append(line)

    kinds = _kinds(lines)
    index = 0
    while index < len(lines):
        kind, line, number = kinds[index], lines[index].rstrip(), index + 1
        if kind == "code":
            emit("```", number)
            while index < len(lines) and kinds[index] == "code":
                emit(lines[index].rstrip(), index + 1)
                index += 1
            emit("```", index)
            emit("", index)
            continue
        if kind == "tabs":
            emit("", number)
            first = True
            while index < len(lines) and kinds[index] == "tabs":
                cells = [c.strip().replace("|", "\\|") for c in lines[index].split("\t")]
                emit("| " + " | ".join(cells) + " |", index + 1)
                if first:
                    emit("|" + "---|" * len(cells), index + 1)
                    first = False
                index += 1
            emit("", index)
            continue
        if kind in ("section", "topic"):
            emit("", number)
            emit(("# " if kind == "section" else "## ") + line.strip(), number)
            emit("", number)
        elif kind == "table":
            if index == 0 or kinds[index - 1] != "table":
                emit("", number)
            emit(line, number)
        elif kind == "bullet":
            if index and kinds[index - 1] != "bullet":
                emit("", number)
            emit(_BULLET.sub("- ", line, count=1), number)
        elif line.strip():
            emit("", number)
            emit(line.replace("*", "\\*").strip(), number)  # one text line, one paragraph
        index += 1
    return "\n".join(out), origin


def _kinds(lines: list[str]) -> list[str]:
    """What each line is: code, tabs, table, bullet, blank, text, or a section or topic heading."""
    kinds: list[str] = []
    in_code = False
    for line in lines:
        stripped = line.strip()
        if in_code and _codeish(line):
            kinds.append("code")
            continue
        in_code = False
        if _CODE_START.match(stripped):
            in_code = True
            kinds.append("code")
        elif not stripped:
            kinds.append("blank")
        elif stripped.startswith("|"):
            kinds.append("table")
        elif line.count("\t") >= 1 and len(stripped.split("\t")) >= 2:
            kinds.append("tabs")
        elif _BULLET.match(line):
            kinds.append("bullet")
        elif is_heading(line):
            kinds.append("heading")
        else:
            kinds.append("text")
    # "# Install packages" right above a command belongs to the code run.
    for index in range(len(kinds) - 1):
        if lines[index].lstrip().startswith("# ") and kinds[index + 1] == "code":
            kinds[index] = "code"
    content = [i for i, k in enumerate(kinds) if k != "blank"]
    for position, index in enumerate(content):
        if kinds[index] != "heading":
            continue
        following = content[position + 1] if position + 1 < len(content) else None
        if following is None:
            kinds[index] = "text"  # a short last line closes something; it titles nothing
        else:
            kinds[index] = "section" if kinds[following] == "heading" else "topic"
    return kinds


def add_text(builder: PackBuilder, path: Path, shown: str, title: str = "") -> None:
    """Read one plain-text notes file into the builder."""
    text = read_source(path, builder.problems)
    if text is None:
        return
    markdown, origin = to_markdown(text)
    doc_title = title or path.stem.replace("-", " ").replace("_", " ")
    sections = sections_of(
        markdown, doc_title, lambda i: origin[min(i, len(origin) - 1)] if origin else 1
    )
    if not any(s.has_content for s in sections):
        builder.problems.append(skip(shown, 1, "no text"))
        return
    add_sections(builder, sections, shown, builder.domain(doc_title))
