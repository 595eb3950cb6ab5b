"""navi `.cheat` files: `% tags` groups, `# description` then command lines, `<variables>` with
`$ variable: command --- options` suggestions, `@ tags` to reuse a group's variables, `;` comments."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.importers.common import PackBuilder, one_line, read_source, skip
from knowledge.model import CodeBlock, Fact

_VARIABLE = re.compile(r"<([A-Za-z_][\w-]*)>")
_SUGGESTION = re.compile(r"^\$\s*([A-Za-z_][\w-]*)\s*[:=]\s*(.*)$")
_FENCE = "```"


@dataclass
class Cheat:
    description: str
    command: str
    line: int


@dataclass
class Group:
    """One `%` group of a file: its tags, cheats and variable suggestions."""

    tags: list[str]
    line: int
    cheats: list[Cheat] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)  # name -> suggestion command
    extends: list[str] = field(default_factory=list)


def parse_cheat_file(text: str, shown: str, problems: list) -> list[Group]:  # type: ignore[type-arg]
    """Every group of one file, in order."""
    groups: list[Group] = []
    group: Group | None = None
    description = ""
    command: list[str] = []
    command_line = 0
    in_fence = False

    def flush() -> None:
        nonlocal description, command
        if command and group is not None:
            group.cheats.append(Cheat(description, "\n".join(command).strip(), command_line))
        description, command = "" if command else description, []

    def current(number: int) -> Group:
        nonlocal group
        if group is None:  # commands before any `%` line: a group with no tags
            group = Group([], number)
            groups.append(group)
        return group

    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.rstrip()
        stripped = line.strip()
        if in_fence:
            if stripped.startswith(_FENCE):
                in_fence = False
                flush()
            else:
                command.append(line)
            continue
        if stripped.startswith(_FENCE):
            flush()
            in_fence, command_line = True, number + 1
            continue
        if command and command[-1].endswith("\\"):  # a continued command line
            command.append(line)
            continue
        if not stripped:
            flush()
        elif stripped.startswith("%"):
            flush()
            description = ""
            tags = [t.strip() for t in stripped[1:].split(",") if t.strip()]
            group = Group(tags, number)
            groups.append(group)
        elif stripped.startswith("##") or stripped.startswith(";"):
            continue  # section lines and comments
        elif stripped.startswith("#"):
            flush()
            description = stripped[1:].strip()
        elif stripped.startswith("$"):
            flush()
            match = _SUGGESTION.match(stripped)
            if match is None:
                problems.append(
                    skip(
                        shown,
                        number,
                        f"not a `$ variable: command` line: {stripped!r}; line skipped",
                        whole_file=False,
                    )
                )
                continue
            current(number).variables[match.group(1)] = match.group(2).strip()
        elif stripped.startswith("@"):
            current(number).extends += [t.strip() for t in stripped[1:].split(",") if t.strip()]
        else:
            current(number)
            if not command:
                command_line = number
            command.append(line)
    if in_fence:
        problems.append(
            skip(
                shown, command_line - 1, "code fence not closed; read to the end", whole_file=False
            )
        )
    flush()
    return groups


def add_cheat_file(builder: PackBuilder, path: Path, shown: str, groups_seen: list[Group]) -> None:
    """Read one `.cheat` file into the builder, one entry per command."""
    text = read_source(path, builder.problems)
    if text is None:
        return
    groups = parse_cheat_file(text, shown, builder.problems)
    if not any(g.cheats for g in groups):
        builder.problems.append(skip(shown, 1, "no commands: not a navi cheat"))
        return
    groups_seen += groups
    for group in groups:
        variables = dict(group.variables)
        for wanted in group.extends:  # `@ tags`: another group's variables, if it is loaded
            for other in groups_seen:
                if other is not group and wanted in other.tags:
                    for name, suggestion in other.variables.items():
                        variables.setdefault(name, suggestion)
        tool = group.tags[0] if group.tags else path.stem
        domain = builder.domain(tool)
        for cheat in group.cheats:
            used = list(dict.fromkeys(_VARIABLE.findall(cheat.command)))
            facts = [
                Fact(f"<{name}>", f"from: {variables[name]}") for name in used if name in variables
            ]
            if used:
                facts.insert(0, Fact("Variables", ", ".join(f"<{n}>" for n in used)))
            title = cheat.description or one_line(cheat.command, 80)
            builder.entry(
                f"{tool} {title}",
                title=title,
                domain=domain,
                summary=one_line(cheat.command),
                path=shown,
                line=cheat.line,
                tags=[*group.tags, tool],
                facts=facts,
                code=[CodeBlock("sh", cheat.command, cheat.description)],
            )
