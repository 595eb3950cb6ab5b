"""Synonym groups declared in pack.yaml (`synonyms:`): read and checked, never applied here.

The search layer applies them at query time; this module only turns the YAML into groups of
lowercase words or phrases and reports bad groups with their file:line.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from knowledge.yamlsource import MarkedDict, MarkedList

if TYPE_CHECKING:
    from knowledge.loader import _Reader

_WORD = re.compile(r"\w+(?:\.?\w+)*", re.UNICODE)
MAX_GROUPS, MAX_MEMBERS, MAX_MEMBER_CHARS = 500, 30, 60


def normal(member: str) -> str:
    """A member as it is matched: its words, lowercase, single spaces."""
    return " ".join(m.group(0).lower() for m in _WORD.finditer(member))


def read_synonyms(reader: _Reader, meta: MarkedDict) -> list[list[str]]:
    """The pack's synonym groups; every problem is reported at the group's or member's line."""
    if "synonyms" not in meta:
        return []
    raw, mark = meta["synonyms"], meta.value_marks["synonyms"]
    if not isinstance(raw, MarkedList):
        reader.problem(mark, "synonyms", "expected a list of groups, each a list of words")
        return []
    groups: list[list[str]] = []
    seen: dict[str, int] = {}  # member -> line of the group that has it
    for number, (group, group_mark) in enumerate(zip(raw, raw.item_marks, strict=True)):
        where = f"synonyms[{number}]"
        if number >= MAX_GROUPS:
            reader.problem(group_mark, where, f"more than {MAX_GROUPS} groups")
            break
        if not isinstance(group, MarkedList):
            reader.problem(group_mark, where, "expected a list of words or phrases, like [a, b]")
            continue
        members: list[str] = []
        for index, (member, member_mark) in enumerate(zip(group, group.item_marks, strict=True)):
            at = f"{where}[{index}]"
            if isinstance(member, bool) or not isinstance(member, str | int | float):
                reader.problem(member_mark, at, "expected a word or phrase")
                continue
            text = normal(str(member))
            if not text:
                reader.problem(member_mark, at, "empty: a member needs a letter or digit")
            elif len(text) > MAX_MEMBER_CHARS:
                reader.problem(member_mark, at, f"longer than {MAX_MEMBER_CHARS} characters")
            elif text in members:
                reader.problem(member_mark, at, f'"{text}" is already in this group')
            elif text in seen:
                reader.problem(
                    member_mark, at, f'"{text}" is already in the group at line {seen[text]}'
                )
            else:
                members.append(text)
        if len(group) > MAX_MEMBERS:
            reader.problem(group_mark, where, f"more than {MAX_MEMBERS} members")
        if len(members) < 2 and len(group) < 2:
            reader.problem(group_mark, where, "a group needs at least two words or phrases")
            continue
        for text in members:
            seen[text] = group_mark.line
        if len(members) >= 2:
            groups.append(members)
    return groups
