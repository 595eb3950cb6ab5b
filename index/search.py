"""Search over a built index: ranked, prefix-aware, typo-tolerant, filterable."""

from __future__ import annotations

import bisect
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

# `index/__init__` has already made Whoosh skip what crib never uses (index.whoosh_env).
from whoosh import index as whoosh_index  # noqa: E402
from whoosh import query as wq  # noqa: E402
from whoosh.scoring import BM25F  # noqa: E402

from index.query import VS_WORDS, ParsedQuery, parse  # noqa: E402
from index.schema import NAME_FIELDS, PROSE_FIELDS, TEXT_FIELDS, stems  # noqa: E402
from index.schema import words as word_list  # noqa: E402
from index.snippet import Highlighter  # noqa: E402
from index.store import VOCAB_FILE, BuiltIndex  # noqa: E402

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase
MAX_EXPANSIONS = 24  # words a prefix may stand for; the most frequent win
CANDIDATES = 40  # hits fetched before re-ranking
RARE_EXPANSIONS = 8  # completions looked up in the prose fields
RARE_SHARE, RARE_MIN = 0.005, 20  # "rare": in at most 0.5% of documents (or 20)
EXPANSION_BOOST = 0.5  # weight of a prefix's completions next to the word as typed
EXACT_NAME_BONUS = 3.0  # the query is an item's title or alias
NAME_START_BONUS = 1.3  # an item's title or alias starts with the query


class _ArrayOr(wq.Or):
    """An Or that always uses the preloaded array matcher: Whoosh's default switches to a
    tree of union matchers above 5,000 documents, which makes wide prefixes take seconds."""

    matcher_type = wq.Or.ARRAY_MATCHER


@dataclass
class Hit:
    id: str
    kind: str
    title: str
    summary: str
    domain: str
    pack: str
    score: float
    snippet: str = ""
    snippet_matches: list[tuple[int, int]] = field(default_factory=list)
    title_matches: list[tuple[int, int]] = field(default_factory=list)
    stored: dict[str, Any] = field(default_factory=dict, repr=False)  # for snippets and names

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "summary": self.summary,
            "domain": self.domain,
            "pack": self.pack,
            "score": round(self.score, 4),
            "snippet": self.snippet,
            "snippet_matches": [list(m) for m in self.snippet_matches],
            "title_matches": [list(m) for m in self.title_matches],
        }


@dataclass
class Suggestion:
    """A corrected query offered as "did you mean"; `corrections` maps typed -> used word."""

    query: str
    corrections: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "corrections": self.corrections}


@dataclass
class SearchResult:
    query: str
    hits: list[Hit]
    suggestion: Suggestion | None = None
    comparison_first: str | None = None  # id of the comparison put first for "X vs Y"

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"query": self.query, "results": [h.to_dict() for h in self.hits]}
        if self.suggestion is not None:
            data["suggestion"] = self.suggestion.to_dict()
        return data


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


class SearchIndex:
    """One open index: a single searcher kept for the life of the object."""

    def __init__(self, built: BuiltIndex) -> None:
        self.path: Path = built.path
        self.meta = built.meta
        self._ix = whoosh_index.open_dir(str(built.path))
        self._searcher = self._ix.searcher(weighting=BM25F())
        self._doc_count = self._searcher.doc_count()
        self.syllabi = frozenset(built.meta.get("syllabi", []))
        self.source_problems: list[Any] = []  # pack folders that could not be found
        self.notes: list[str] = list(built.notes)  # the cache was rebuilt or moved (index.store)
        self._lock = threading.Lock()  # one Whoosh searcher, shared by the app's worker threads

    def close(self) -> None:
        self._searcher.close()
        self._ix.close()

    @cached_property
    def vocabulary(self) -> Vocabulary:
        data = json.loads((self.path / VOCAB_FILE).read_text(encoding="utf-8"))
        return Vocabulary(data["words"], data["names"])

    def warm_up(self) -> None:
        """Pay the first query's costs (vocabulary, field-length columns, matchers, snippets)
        now, so that the first keystroke does not."""
        counts = self.vocabulary.counts
        common = next(
            (w for w in sorted(counts, key=counts.__getitem__, reverse=True) if stems(w)), ""
        )
        for text in (common, common[:1], f"{common} {common[:2]}"):
            self.search(text, limit=25)

    @cached_property
    def base(self) -> KnowledgeBase:
        """The knowledge base the index was built from, read item by item from its store."""
        from index.items import stored_knowledge

        return stored_knowledge(self.path, self.meta)

    # -- building queries -------------------------------------------------------------------

    def _word_query(self, word: str) -> wq.Query | None:
        terms = stems(word)
        if not terms:
            return None
        return wq.Or([wq.Term(f, t) for f in TEXT_FIELDS for t in terms])

    def _prefix_query(self, prefix: str) -> wq.Query | None:
        """The last, still growing word: the word as typed everywhere, its completions in names,
        and (from three letters) its rare completions in the prose. Completing common words
        in long fields would score most documents on every keystroke."""
        vocabulary = self.vocabulary
        exact = set(stems(prefix)) if prefix in vocabulary.counts else set()
        in_names = {t for w in vocabulary.expand(prefix, names_only=True) for t in stems(w)}
        completions = [
            wq.Term(f, t, boost=EXPANSION_BOOST)
            for f in NAME_FIELDS for t in sorted(in_names - exact)
        ]  # fmt: skip
        if len(prefix) >= 3:
            max_count = max(RARE_MIN, int(self._doc_count * RARE_SHARE))
            rare = vocabulary.expand_rare(prefix, RARE_EXPANSIONS, max_count)
            in_prose = {t for w in rare for t in stems(w)} - exact
            completions += [
                wq.Term(f, t, boost=EXPANSION_BOOST)
                for f in PROSE_FIELDS for t in sorted(in_prose)
            ]  # fmt: skip
        terms = [wq.Term(f, t) for f in TEXT_FIELDS for t in sorted(exact)] + completions
        return _ArrayOr(terms) if terms else None

    def _filter(self, parsed: ParsedQuery) -> wq.Query | None:
        clauses: list[wq.Query] = []
        for name, values in parsed.filters.items():
            if name.startswith("syllabus:"):
                syllabus = name.partition(":")[2]
                terms = [wq.Term("syllabus", f"{syllabus}:{v}") for v in values]
            elif name == "syllabus":
                terms = [wq.Term("syllabus", v) for v in values]
            else:
                field_name = "tags" if name == "tag" else name
                terms = [wq.Term(field_name, v) for v in values]
            clauses.append(wq.Or(terms))
        return wq.And(clauses) if clauses else None

    def _known(self, word: str) -> bool:
        return word in self.vocabulary.counts or not stems(word)

    def _clauses(self, words: list[str], prefix: str) -> list[wq.Query]:
        clauses = [q for w in words if w not in VS_WORDS and (q := self._word_query(w))]
        if prefix and prefix not in VS_WORDS:
            alone = not clauses
            if len(prefix) >= 2 or alone:
                query = self._prefix_query(prefix)
                clauses.append(query if query is not None else wq.NullQuery)
        return clauses

    # -- searching ---------------------------------------------------------------------------

    def search(self, text: str, limit: int = 20, as_you_type: bool = True) -> SearchResult:
        """Ranked hits for what the user typed; never raises on odd input."""
        with self._lock:
            return self._search(text, limit, as_you_type)

    def _search(self, text: str, limit: int, as_you_type: bool) -> SearchResult:
        parsed = parse(text, self.syllabi, as_you_type=as_you_type)
        result = SearchResult(query=text, hits=[])
        if parsed.empty:
            return result
        filter_query = self._filter(parsed)
        words, prefix = list(parsed.words), parsed.prefix
        unknown = [w for w in words if not self._known(w)]
        if prefix and len(prefix) >= 3 and not self.vocabulary.expand(prefix, limit=1):
            unknown.append(prefix)
        corrections: dict[str, str] = {}
        for word in unknown:
            fixed = self.vocabulary.correct(word)
            if fixed:
                corrections[word] = fixed
        if corrections:
            words = [corrections.get(w, w) for w in words]
            if prefix in corrections:
                words.append(corrections[prefix])
                prefix = ""
            result.suggestion = Suggestion(_replace_words(text, corrections), corrections)
        hits = self._run(words, prefix, filter_query, parsed, max(limit, CANDIDATES))
        if parsed.vs_sides:
            hits = self._comparison_first(parsed, hits, filter_query, result)
        result.hits = hits[:limit]
        self._decorate(result.hits, [*words, prefix] if prefix else words, prefix)
        return result

    def _run(
        self,
        words: list[str],
        prefix: str,
        filter_query: wq.Query | None,
        parsed: ParsedQuery,
        limit: int,
    ) -> list[Hit]:
        clauses = self._clauses(words, prefix)
        if not clauses:
            if filter_query is None or words or prefix:
                return []
            results = self._searcher.search(filter_query, limit=None)
            return sorted((self._hit(r, 0.0) for r in results), key=lambda h: h.title.casefold())
        hits = self._collect(wq.And(clauses), filter_query, limit)
        # No document has every word: drop the most common words one at a time (an Or of
        # common words would score most of the index) until something matches.
        counts = self.vocabulary.counts
        droppable = sorted(
            (w for w in words if w not in VS_WORDS and stems(w)), key=lambda w: -counts.get(w, 0)
        )
        while not hits and len(clauses) > 1 and droppable:
            words = [w for w in words if w != droppable[0]]
            droppable.pop(0)
            clauses = self._clauses(words, prefix)
            hits = self._collect(wq.And(clauses), filter_query, limit) if clauses else []
        typed = " ".join([*words, prefix] if prefix else words)  # after typo correction
        return _rerank(hits, typed, limit, prefer_entries=not parsed.vs_sides)

    def _collect(self, query: wq.Query, filter_query: wq.Query | None, limit: int) -> list[Hit]:
        results = self._searcher.search(query, limit=limit, filter=filter_query)
        return [self._hit(r, r.score) for r in results]

    def _hit(self, stored: Any, score: float) -> Hit:
        stored = stored if isinstance(stored, dict) else stored.fields()
        return Hit(
            id=stored["id"],
            kind=stored["kind"],
            title=stored["title"],
            summary=stored.get("summary", ""),
            domain=stored["domain"],
            pack=stored.get("pack", ""),
            score=float(score or 0.0),
            stored=stored,
        )

    def _best_entry(self, side: list[str], filter_query: wq.Query | None) -> str | None:
        clauses = self._clauses(side[:-1], side[-1])
        if not clauses:
            return None
        only_entries = wq.Term("kind", "entry")
        both = wq.And([only_entries, filter_query]) if filter_query is not None else only_entries
        hits = _rerank(self._collect(wq.And(clauses), both, 10), " ".join(side), 10)
        return hits[0].id if hits else None

    def _comparison_first(
        self,
        parsed: ParsedQuery,
        hits: list[Hit],
        filter_query: wq.Query | None,
        result: SearchResult,
    ) -> list[Hit]:
        subjects = [self._best_entry(side, filter_query) for side in parsed.vs_sides]
        wanted = {s for s in subjects if s}
        if len(wanted) < 2:
            return hits
        best: tuple[int, str] | None = None
        for comparison_id, comparison_subjects in self.meta.get("comparisons", {}).items():
            if wanted <= set(comparison_subjects):
                extra = len(comparison_subjects) - len(wanted)
                if best is None or extra < best[0]:
                    best = (extra, comparison_id)
        if best is None:
            return hits
        comparison_id = best[1]
        result.comparison_first = comparison_id
        found = next((h for h in hits if h.id == comparison_id), None)
        if found is None:
            stored = self._searcher.document(id=comparison_id)
            if stored is None:
                return hits
            found = self._hit(stored, hits[0].score if hits else 1.0)
        return [found, *[h for h in hits if h.id != comparison_id]]

    def _decorate(self, hits: list[Hit], terms: list[str], prefix: str) -> None:
        """Add snippets and match ranges to the hits that will be shown."""
        highlighter = Highlighter([t for t in terms if t and t != prefix], prefix)
        for hit in hits:
            stored = hit.stored
            hit.title_matches = highlighter.matches(hit.title)
            hit.snippet, hit.snippet_matches = highlighter.snippet(
                [stored.get("summary", ""), stored.get("facts", ""), stored.get("prose", "")]
            )


def _replace_words(text: str, corrections: dict[str, str]) -> str:
    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        return corrections.get(word.lower(), word)

    return re.sub(r"\w+(?:\.?\w+)*", swap, text)


def _name_variants(hit: Hit) -> list[str]:
    """The title, its parts around a parenthesis ("IAM (Identity and ...)"), and the aliases."""
    parts = [p for p in re.split(r"[()]", hit.title) if p.strip()]
    aliases = [a for a in hit.stored.get("aliases", "").split("\n") if a]
    return [hit.title, *parts, *aliases]


def _rerank(hits: list[Hit], phrase: str, limit: int, prefer_entries: bool = True) -> list[Hit]:
    """Lift items whose title or alias is what was typed (or starts with it); without a "vs",
    an entry named like the query beats the comparisons that mention it."""
    phrase = " ".join(word_list(phrase))
    if not phrase:
        return hits[:limit]
    for hit in hits:
        if prefer_entries and hit.kind == "comparison":
            hit.score *= 0.8
        names = [" ".join(word_list(name)) for name in _name_variants(hit)]
        if phrase in names:
            hit.score *= EXACT_NAME_BONUS
        elif any(n.startswith(phrase) for n in names):
            hit.score *= NAME_START_BONUS
    hits.sort(key=lambda h: -h.score)
    return hits[:limit]


def open_search(built: BuiltIndex) -> SearchIndex:
    return SearchIndex(built)
