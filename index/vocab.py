"""The packs' own words: prefixes complete against them, typos are corrected to them."""

from __future__ import annotations

import bisect
from collections.abc import Iterator

MAX_EXPANSIONS = 24  # words a prefix may stand for; the most frequent win


class Vocabulary:
    """Every word of the packs (unstemmed) with its document frequency, for prefixes and typos.

    `names` are the words of titles, aliases and tags: a prefix is completed against them in
    the short name fields, which stays cheap however large the packs grow.
    """

    def __init__(self, counts: dict[str, int], names: list[str]) -> None:
        self.counts = counts
        self.sorted_words = sorted(counts)
        self.sorted_names = sorted(names)
        self.names = set(names)

    @staticmethod
    def _starting(sorted_words: list[str], prefix: str) -> Iterator[str]:
        for index in range(bisect.bisect_left(sorted_words, prefix), len(sorted_words)):
            word = sorted_words[index]
            if not word.startswith(prefix):
                return
            yield word

    def expand(
        self, prefix: str, limit: int = MAX_EXPANSIONS, names_only: bool = False
    ) -> list[str]:
        """Completions of a prefix, most frequent first."""
        source = self.sorted_names if names_only else self.sorted_words
        found = list(self._starting(source, prefix))
        found.sort(key=lambda w: (w != prefix, -self.counts.get(w, 0)))
        return found[:limit]

    def expand_rare(self, prefix: str, limit: int, max_count: int) -> list[str]:
        """Completions found in few documents: cheap to look up in long prose fields."""
        found = [
            w for w in self._starting(self.sorted_words, prefix)
            if w not in self.names and self.counts[w] <= max_count
        ]  # fmt: skip
        found.sort(key=lambda w: self.counts[w])
        return found[:limit]

    def correct(self, word: str) -> str | None:
        """The closest known word within one or two edits (a swapped pair counts as one)."""
        from rapidfuzz import process
        from rapidfuzz.distance import DamerauLevenshtein

        if len(word) < 3:
            return None
        limit = 1 if len(word) <= 4 else 2
        candidates = process.extract(
            word,
            self.sorted_words,
            scorer=DamerauLevenshtein.distance,
            score_cutoff=limit,
            limit=12,
        )
        if not candidates:
            return None
        best = min(candidates, key=lambda c: (c[1], c[0] not in self.names, -self.counts[c[0]]))
        return str(best[0])
