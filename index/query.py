"""Reading what a user typed: filters, words, a trailing prefix, and "X vs Y"."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

FILTER_NAMES = ("domain", "tag", "kind", "pack")
KINDS = ("entry", "comparison")
VS_WORDS = frozenset({"vs", "versus", "v"})
# Words of a question that name no subject: they never count as content words (unless a query
# is made of nothing else). Whoosh's stop list already drops "a", "the", "to", "is" ...
_FILLER = """how what which when where who whom whose why does do did doing done is are was were be
    been being can could should would will shall might must may a an the to of for in on at by
    with from into about as it its it's this that these those there their they them i me my we
    our you your he she his her if then than so any some get gets got have has had use using
    used there's what's whats difference between differ tell explain mean means meant
    way ways need needs want wants happen happens make makes go goes possible allowed able
    aws amazon"""
FILLER = frozenset(_FILLER.split())
# The words that make a query a question (not "aws" or "i", which titles hold too).
_QUESTION = "how what which when where who why does do did is are can could should would will"
QUESTION_WORDS = frozenset(_QUESTION.split())
# After "how" these ask for an amount ("how long", "how many"); elsewhere they are content
# ("long polling", "many-to-many").
AFTER_HOW = frozenset({"long", "much", "many", "often", "big", "large", "fast", "soon"})
_QUOTED = re.compile(r'"([^"]+)"')
_FILTER = re.compile(r"^([a-z][a-z0-9-]*):(\S*)$", re.IGNORECASE)
_WORD = re.compile(r"\w+(?:\.?\w+)*", re.UNICODE)
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b", re.IGNORECASE)  # "unit's log": no lone "s" to match
MAX_QUERY_CHARS = 500  # past this a query is junk; keep the start


@dataclass
class ParsedQuery:
    """A query split into its parts; `prefix` is the last word when it may still be growing."""

    text: str
    words: list[str] = field(default_factory=list)
    prefix: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    vs_sides: list[list[str]] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)  # "quoted words": kept strict

    @property
    def terms(self) -> list[str]:
        """Every typed word, the prefix included."""
        return [*self.words, self.prefix] if self.prefix else list(self.words)

    @property
    def empty(self) -> bool:
        return not self.words and not self.prefix and not self.filters


def parse(
    text: str, syllabi: frozenset[str] | set[str] = frozenset(), as_you_type: bool = True
) -> ParsedQuery:
    """Split a query. The last word is a prefix unless the text ends in whitespace."""
    text = text[:MAX_QUERY_CHARS]
    parsed = ParsedQuery(text=text)
    tokens: list[str] = []
    for quoted in _QUOTED.findall(text):
        phrase = [m.group(0).lower() for m in _WORD.finditer(quoted)]
        if phrase:
            parsed.phrases.append(phrase)
    for chunk in text.split():
        match = _FILTER.match(chunk)
        if match:
            name, value = match.group(1).lower(), match.group(2).lower().strip("\"'")
            if name in FILTER_NAMES or name in syllabi:
                if value:
                    key = f"syllabus:{name}" if name in syllabi else name
                    parsed.filters.setdefault(key, []).append(value)
                elif name in syllabi:  # "soa-c03:" alone: anything in that syllabus
                    parsed.filters.setdefault("syllabus", []).append(name)
                continue
        tokens.extend(m.group(0).lower() for m in _WORD.finditer(_POSSESSIVE.sub("", chunk)))
    if (
        as_you_type
        and tokens
        and text
        and not text[-1].isspace()
        and not text.rstrip().endswith(":")
    ):
        parsed.prefix = tokens.pop()
    parsed.words = tokens
    sides: list[list[str]] = [[]]
    for word in parsed.terms:
        if word in VS_WORDS:
            sides.append([])
        else:
            sides[-1].append(word)
    if len(sides) > 1 and all(sides):
        parsed.vs_sides = sides
    return parsed
