"""Ordering hits: how much of the query an item covers, and whether the query names it."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from index.schema import stem_or_word
from index.schema import words as word_list

if TYPE_CHECKING:
    from index.search import Hit
    from index.units import Unit

EXACT_NAME_BONUS = 3.0  # the query is an item's title or alias
NAME_START_BONUS = 1.3  # an item's title or alias starts with the query
COMPARISON_SHARE = 0.8  # without "vs", an entry beats the comparisons that mention it
_VENDOR = frozenset({"aws", "amazon"})
_ACRONYM = re.compile(r"[A-Z][A-Z0-9]+")


def name_variants(title: str, aliases: str, kind: str = "entry") -> list[str]:
    """The title, its parts around a parenthesis ("IAM (Identity and ...)") and the acronyms
    listed in it ("NLB, layer 4": NLB), and the aliases. A comparison's title is not split: "CloudTrail (data
    events) vs S3 Server Access Logs" is not named "CloudTrail"."""
    if kind == "comparison":
        return [title, *(a for a in aliases.split("\n") if a)]
    parts = [p for p in re.split(r"[()]", title) if p.strip()]
    inner = [p for part in parts[1:] for p in part.split(",") if _ACRONYM.fullmatch(p.strip())]
    return [title, *parts, *inner, *(a for a in aliases.split("\n") if a)]


def _names(hit: Hit) -> list[list[str]]:
    return _names_of(hit.title, hit.stored.get("aliases", ""), hit.kind)


@lru_cache(maxsize=4096)
def _names_of(title: str, aliases: str, kind: str) -> list[list[str]]:
    """Each name of the hit as lowercase words, also without a leading "AWS" / "Amazon"."""
    names: list[list[str]] = []
    for name in name_variants(title, aliases, kind):
        found = word_list(name)
        if found:
            names.append(found)
            if len(found) > 1 and found[0] in _VENDOR:
                names.append(found[1:])
    return names


def _proper_names(hit: Hit) -> list[list[str]]:
    return _proper_names_of(hit.title, hit.stored.get("aliases", ""), hit.kind)


@lru_cache(maxsize=4096)
def _proper_names_of(title: str, aliases_text: str, kind: str) -> list[list[str]]:
    """The names a query may contain: the title before its parenthesis, the aliases, and
    acronyms in the parenthesis ("NLB"; not "deployment model" or "gateway", which describe)."""
    short = title if kind == "comparison" else title.split(" (", 1)[0]
    inner = [] if kind == "comparison" else re.findall(r"\(([^)]*)\)", title)
    pieces = [p for part in inner for p in part.split(",") if _ACRONYM.fullmatch(p.strip())]
    aliases = [a for a in aliases_text.split("\n") if a]
    names = []
    for name in (short, *pieces, *aliases):
        found = [stem_or_word(w) for w in word_list(name)]
        if found:
            names.append(found)
            if len(found) > 1 and found[0] in _VENDOR:
                names.append(found[1:])
    return names


def _contains(sequence: list[str], part: list[str]) -> bool:
    size = len(part)
    return any(sequence[i : i + size] == part for i in range(len(sequence) - size + 1))


def unit_weights(units: list[Unit], doc_frequency: dict[str, int], total: int) -> list[float]:
    """An idf per unit: a rare subject word counts for more than a common one."""
    weights = []
    for unit in units:
        frequencies = [
            min((max((doc_frequency.get(t, 0) for t in word), default=0) for word in alt),
                default=0)
            for alt in unit.stem_sets() if alt
        ]  # fmt: skip
        frequency = max(frequencies, default=0)
        weights.append(math.log(1 + (total + 1) / (frequency + 1)))
    return weights


def unit_matched(unit: Unit, terms: set[str], prefix_terms: Iterable[str] = ()) -> bool:
    """Whether an item with these indexed terms has every word of one of the unit's
    alternatives (or, for the growing last word, one of its completions)."""
    if unit.prefix:
        if any(t in terms for t in prefix_terms):
            return True
        if len(unit.text) >= 3 and any(t.startswith(unit.text) for t in terms):
            return True
    return any(alt and all(word & terms for word in alt) for alt in unit.stem_sets())


def rerank(
    hits: list[Hit],
    typed: list[str],
    limit: int,
    prefer_entries: bool = True,
) -> list[Hit]:
    """Lift items whose name is what was typed or starts with it; without a "vs", an entry
    named like the query beats the comparisons that mention it. Items whose name, alias or
    acronym the query contains come before items that only share other words (the longer
    the name, the earlier: "cloudwatch logs retention" is about CloudWatch Logs)."""
    phrase = " ".join(typed)
    if not phrase:
        return hits[:limit]
    stemmed = [stem_or_word(w) for w in typed]
    named: dict[str, int] = {}
    for hit in hits:
        if prefer_entries and hit.kind == "comparison":
            hit.score *= COMPARISON_SHARE
        names = _names(hit)
        joined = [" ".join(n) for n in names]
        if phrase in joined:
            hit.score *= EXACT_NAME_BONUS
            named[hit.id] = len(typed) + 1  # above a name that only starts with the query
        elif any(n.startswith(phrase) for n in joined):
            hit.score *= NAME_START_BONUS
            named[hit.id] = len(typed)  # a name being typed covers the whole query
        elif len(typed) > 1:
            named[hit.id] = max(
                (len(n) for n in _proper_names(hit) if _contains(stemmed, n)), default=0
            )
    hits.sort(key=lambda h: (-named.get(h.id, 0), -h.score))
    return hits[:limit]
