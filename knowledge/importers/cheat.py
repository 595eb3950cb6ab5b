"""cheat sheets (cheat/cheatsheets): a file named after the command, optional YAML front matter,
then `# To do X:` comments followed by the commands that do it, up to a blank line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from knowledge.importers.common import PackBuilder, one_line, read_source, skip
from knowledge.model import CodeBlock, Problem

DEFAULT_DOMAIN = "Sheets"
_SEE_ALSO = re.compile(r"^(?:see also|more information|more info)\b", re.IGNORECASE)


@dataclass
class Sheet:
    """One cheat sheet as read."""

    tags: list[str] = field(default_factory=list)
    syntax: str = ""
    examples: list[tuple[str, str, int]] = field(default_factory=list)  # description, command, line
    notes: list[str] = field(default_factory=list)
    first_line: int = 1


def front_matter(
    lines: list[str], shown: str, problems: list[Problem]
) -> tuple[dict[str, Any], int]:
    """The front matter's fields and the index of the first line after it.

    Broken front matter is reported with its line and skipped; the sheet is still read.
    """
    if not lines or lines[0].strip() != "---":
        return {}, 0
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        problems.append(
            skip(shown, 1, "front matter: no closing `---`; read as text", whole_file=False)
        )
        return {}, 1
    try:
        data = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2
        reason = getattr(error, "problem", None) or "invalid YAML"
        problems.append(
            skip(shown, line, f"front matter: {reason}; front matter ignored", whole_file=False)
        )
        return {}, end + 1
    if data is None:
        return {}, end + 1
    if not isinstance(data, dict):
        first = next((i for i in range(1, end) if lines[i].strip()), 1)
        problems.append(
            skip(
                shown,
                first + 1,
                f"front matter: expected `key: value` lines, got {lines[first].strip()!r}; front matter ignored",
                whole_file=False,
            )
        )
        return {}, end + 1
    return data, end + 1


def _words(value: Any) -> list[str]:
    if isinstance(value, str):
        return [w for w in value.replace(",", " ").split() if w]
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, str | int) and str(v).strip()]
    return []


def parse_sheet(text: str, shown: str, problems: list[Problem]) -> Sheet:
    """Front matter, then blocks of comment lines and the commands under them."""
    lines = text.split("\n")
    meta, start = front_matter(lines, shown, problems)
    sheet = Sheet(tags=_words(meta.get("tags")), syntax=str(meta.get("syntax") or "").strip())
    description: list[str] = []
    commands: list[str] = []
    command_line = 0

    def flush() -> None:
        nonlocal description, commands
        if commands:
            sheet.examples.append((" ".join(description), "\n".join(commands), command_line))
        elif description:
            sheet.notes.append(" ".join(description))
        description, commands = [], []

    after_rule = False  # prose such as "See also" follows a `---` rule at the end
    for number, raw in enumerate(lines[start:], start + 1):
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped or set(stripped) <= {"-", "="}:  # a blank line or a `---` rule
            flush()
            after_rule = after_rule or bool(stripped)
        elif after_rule or _SEE_ALSO.match(stripped):
            flush()
            sheet.notes.append(stripped)
        elif stripped.startswith("#"):
            if commands:
                flush()
            description.append(stripped.lstrip("#").strip())
        else:
            if not commands:
                command_line = number
            commands.append(line)
    flush()
    sheet.first_line = start + 1
    return sheet


def add_sheet(builder: PackBuilder, path: Path, shown: str) -> None:
    """Read one cheat sheet into the builder, or record why it was skipped."""
    text = read_source(path, builder.problems)
    if text is None:
        return
    sheet = parse_sheet(text, shown, builder.problems)
    if not sheet.examples and not sheet.notes:
        builder.problems.append(skip(shown, 1, "no commands or comments"))
        return
    name = path.name
    language = sheet.syntax or "sh"
    code = [
        CodeBlock(language, command, one_line(description.rstrip(":").strip()))
        for description, command, _ in sheet.examples
    ]
    described = [c.caption for c in code if c.caption]
    summary = "; ".join(described[:4]) if described else f"{name}: {len(code)} commands"
    domain_title = sheet.tags[0].replace("-", " ").title() if sheet.tags else DEFAULT_DOMAIN
    builder.entry(
        name,
        title=name,
        domain=builder.domain(domain_title),
        summary=summary,
        path=shown,
        line=sheet.examples[0][2] if sheet.examples else sheet.first_line,
        tags=[name, *sheet.tags],
        body="\n\n".join(sheet.notes),
        code=code,
    )
