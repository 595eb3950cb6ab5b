"""What a query asks for: its content words, each with the pack's synonyms, as search units."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from index.query import AFTER_HOW, FILLER, VS_WORDS
from index.schema import stem_or_word, stems, words


@dataclass(frozen=True)
class Unit:
    """One thing the query names: a word or a synonym phrase, and what may stand for it.

    `alternatives` are word sequences (the typed one first); an item matches the unit when it
    has every word of one alternative. `prefix` marks the still-growing last word.
    """

    text: str
    alternatives: tuple[tuple[str, ...], ...]
    prefix: bool = False
    required: bool = False  # inside "quotes"

    @property
    def typed(self) -> tuple[str, ...] | None:
        """The words as typed, when they are one of the alternatives (not a question form)."""
        first = self.alternatives[0] if self.alternatives else ()
        return first if " ".join(first) == self.text else None

    def stem_sets(self) -> list[list[frozenset[str]]]:
        """For each alternative, the indexed terms of each of its words (worked out once)."""
        cached: list[list[frozenset[str]]] | None = self.__dict__.get("_stem_sets")
        if cached is not None:
            return cached
        found = [
            [frozenset(stems(word)) for word in alternative if stems(word)]
            for alternative in self.alternatives
        ]
        self.__dict__["_stem_sets"] = found  # frozen: cached beside the fields, not in them
        return found


def _is_question(sequence: tuple[str, ...]) -> bool:
    """True for a phrase of question words only ("how long"): not something a document says."""
    return not any(
        w not in FILLER and not (w in AFTER_HOW and i and sequence[i - 1] == "how")
        for i, w in enumerate(sequence)
    )


@dataclass
class Synonyms:
    """Groups of words or phrases that mean the same, matched on their stems."""

    groups: list[tuple[tuple[str, ...], ...]] = field(default_factory=list)
    _starts: dict[str, list[tuple[tuple[str, ...], int]]] = field(default_factory=dict)

    @classmethod
    def from_groups(cls, groups: Iterable[Iterable[str]]) -> Synonyms:
        synonyms = cls()
        for raw in groups:
            members = tuple(dict.fromkeys(tuple(words(m)) for m in raw if words(m)))
            if len(members) < 2:
                continue
            number = len(synonyms.groups)
            synonyms.groups.append(members)
            for member in members:
                key = tuple(stem_or_word(w) for w in member)
                synonyms._starts.setdefault(key[0], []).append((key, number))
        for candidates in synonyms._starts.values():
            candidates.sort(key=lambda c: -len(c[0]))
        return synonyms

    def match(self, normed: list[str], start: int) -> tuple[int, int] | None:
        """(length, group) of the longest member that starts at `start`, if any."""
        for key, number in self._starts.get(normed[start], []):
            if tuple(normed[start : start + len(key)]) == key:
                return len(key), number
        return None

    def alternatives(self, typed: tuple[str, ...], number: int) -> tuple[tuple[str, ...], ...]:
        others = [m for m in self.groups[number] if m != typed and not _is_question(m)]
        return (typed, *others) if not _is_question(typed) else tuple(others)


def make_units(
    terms: list[str],
    prefix: bool,
    synonyms: Synonyms,
    required: Iterable[str] = (),
) -> list[Unit]:
    """Turn the typed words (the last one a prefix when `prefix`) into units: synonym phrases
    first, longest wins; then every content word on its own. Filler words count only when the
    query has nothing else."""
    must = set(required)
    normed = [stem_or_word(w) for w in terms]
    units: list[Unit] = []
    position = 0
    last = len(terms) - 1
    while position < len(terms):
        found = synonyms.match(normed, position) if synonyms.groups else None
        if found is not None:
            length, number = found
            typed = tuple(terms[position : position + length])
            alternatives = synonyms.alternatives(typed, number)
            growing = prefix and position + length - 1 == last and length == 1
            if alternatives:
                units.append(
                    Unit(
                        " ".join(typed),
                        alternatives,
                        prefix=growing,
                        required=any(w in must for w in typed),
                    )
                )
            position += length
            continue
        word = terms[position]
        is_last = position == last
        question = word in FILLER or (
            word in AFTER_HOW and position and terms[position - 1] == "how"
        )
        if word not in VS_WORDS and not question:
            units.append(Unit(word, ((word,),), prefix=prefix and is_last, required=word in must))
        position += 1
    # Stop words ("have", "not") are in no index: a unit of nothing but those can never match.
    units = [u for u in units if any(alt for alt in u.stem_sets())] or units
    if not units:  # nothing but filler: search for what was typed
        units = [
            Unit(w, ((w,),), prefix=prefix and i == last)
            for i, w in enumerate(terms)
            if w not in VS_WORDS
        ]
    return units
