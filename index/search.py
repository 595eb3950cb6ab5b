"""Search over a built index: ranked, prefix-aware, typo-tolerant, filterable."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

# `index/__init__` has already made Whoosh skip what crib never uses (index.whoosh_env).
from whoosh import index as whoosh_index  # noqa: E402
from whoosh import query as wq  # noqa: E402
from whoosh.scoring import BM25F  # noqa: E402

from index.answers import find_answers  # noqa: E402
from index.items import ItemStore, stored_knowledge  # noqa: E402
from index.query import QUESTION_WORDS, ParsedQuery, parse  # noqa: E402
from index.rank import rerank, unit_weights  # noqa: E402
from index.results import Hit, SearchResult, Suggestion  # noqa: E402
from index.schema import NAME_FIELDS, PROSE_FIELDS, TEXT_FIELDS, stems  # noqa: E402
from index.scores import ScoreCache, Unsupported  # noqa: E402
from index.snippet import Highlighter, outdated  # noqa: E402
from index.store import VOCAB_FILE, BuiltIndex  # noqa: E402
from index.units import Synonyms, Unit, make_units  # noqa: E402
from index.vocab import Vocabulary  # noqa: E402

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase

__all__ = ["Hit", "SearchIndex", "SearchResult", "Suggestion", "Vocabulary"]
CANDIDATES = 40  # hits fetched before re-ranking
RARE_EXPANSIONS = 8  # completions looked up in the prose fields
RARE_SHARE, RARE_MIN = 0.005, 20  # "rare": in at most 0.5% of documents (or 20)
EXPANSION_BOOST = 0.5  # weight of a prefix's completions next to the word as typed
MIN_STRICT = 3  # fewer hits with every content word than this: rank by best match instead
MAX_LOOSE = 6  # content words a best-match search weighs (the rarest win)


class _ArrayOr(wq.Or):
    """An Or that always uses the preloaded array matcher: Whoosh's default switches to a
    tree of union matchers above 5,000 documents, which makes wide prefixes take seconds."""

    matcher_type = wq.Or.ARRAY_MATCHER


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
        self.synonyms = Synonyms.from_groups(built.meta.get("synonyms", []))
        self._frequency: dict[str, int] = {}  # indexed term -> documents (any text field)
        # The item store is opened (and read once) now, so that a damaged store fails here,
        # where the opener rebuilds the cache; the knowledge base over it is made when needed.
        self._store = ItemStore(self.path, self.meta.get("items"))
        self._store.check()
        # Terms' scores and combined results, remembered from one keystroke to the next.
        self._scores = ScoreCache(self._searcher)

    def close(self) -> None:
        self._searcher.close()
        self._ix.close()
        self._store.close()

    @cached_property
    def base(self) -> KnowledgeBase:
        """The knowledge base the index was built from, read item by item from its store."""
        return stored_knowledge(self.path, self.meta, self._store)

    @cached_property
    def vocabulary(self) -> Vocabulary:
        data = json.loads((self.path / VOCAB_FILE).read_text(encoding="utf-8"))
        return Vocabulary(data["words"], data["names"])

    def warm_up(self, stop: Callable[[], bool] = lambda: False) -> None:
        """Pay the first query's costs (vocabulary, field-length columns, matchers, snippets)
        now, so that the first keystroke does not; `stop` says a real query has come, which
        then does the warming itself instead of waiting behind these."""
        counts = self.vocabulary.counts
        common = next(
            (w for w in sorted(counts, key=counts.__getitem__, reverse=True) if stems(w)), ""
        )
        for text in (common, common[:1], f"{common} {common[:2]}"):
            if stop():
                return
            self.search(text, limit=25)

    # -- building queries -------------------------------------------------------------------

    def _word_query(self, word: str) -> wq.Query | None:
        terms = stems(word)
        exact = wq.Or([wq.Term(f, t) for f in TEXT_FIELDS for t in terms]) if terms else None
        parts = [p for p in word.split(".") if p]
        if len(parts) > 1:  # "tar.gz" also as "tar" and "gz" apart: "target.tar.gz", "[.gz|.xz]"
            split = [q for p in parts if (q := self._word_query(p))]
            if len(split) == len(parts):
                return wq.Or([exact, wq.And(split)]) if exact else wq.And(split)
        return exact

    def _prefix_query(self, prefix: str) -> wq.Query | None:
        """The last, still growing word: the word as typed everywhere (from three letters even
        when only its stem is indexed: "fragmentation" finds "fragmented"), its completions in
        names, and (from three letters) its rare completions in the prose. Completing common
        words in long fields would score most documents on every keystroke."""
        vocabulary = self.vocabulary
        typed = prefix in vocabulary.counts or len(prefix) >= 3
        exact = set(stems(prefix)) if typed else set()
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

    def _unit_query(self, unit: Unit) -> wq.Query | None:
        """Any alternative of the unit, each with all its words; the growing word completes."""
        options: list[wq.Query] = []
        for number, alternative in enumerate(unit.alternatives):
            if unit.prefix and number == 0:
                query = self._prefix_query(alternative[0])
                options.append(query if query is not None else wq.NullQuery)
                continue
            parts = [q for w in alternative if (q := self._word_query(w)) is not None]
            if parts:
                options.append(parts[0] if len(parts) == 1 else wq.And(parts))
        if not options:
            return None
        return options[0] if len(options) == 1 else wq.Or(options)

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

    def _frequency_of(self, term: str) -> int:
        """Documents holding an indexed term in any text field (the most of any one field)."""
        if term not in self._frequency:
            reader = self._searcher.reader()
            self._frequency[term] = max(reader.doc_frequency(f, term) for f in TEXT_FIELDS)
        return self._frequency[term]

    def _known(self, word: str) -> bool:
        """A word the packs have, as typed or by its stem ("fragmentation": "fragmented")."""
        if word in self.vocabulary.counts:
            return True
        if "." in word.strip("."):  # a dotted word is known when each of its parts is
            return all(self._known(p) for p in word.split(".") if p)
        terms = stems(word)
        return not terms or any(self._frequency_of(t) for t in terms)

    def _units(self, terms: list[str], prefix: bool, parsed: ParsedQuery) -> list[Unit]:
        required = [w for phrase in parsed.phrases for w in phrase]
        units = make_units(terms, prefix, self.synonyms, required)
        # A one-letter last word would match half the index: it waits for a second letter.
        if len(units) > 1 and units[-1].prefix and len(units[-1].text) < 2:
            units.pop()
        return units

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
        if (
            prefix
            and len(prefix) >= 3
            and not self.vocabulary.expand(prefix, limit=1)
            and not self._known(prefix)
        ):
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
        terms = [*words, prefix] if prefix else words
        units = self._units(terms, bool(prefix), parsed)
        # A few strict hits are wanted for a question; while a word is half typed, or for
        # names and keywords, any strict hit will do (a best match on every key costs more).
        question = any(w in QUESTION_WORDS for w in terms) or any(u.typed is None for u in units)
        growing = bool(prefix) and prefix not in self.vocabulary.counts
        hits, prefix_terms = self._run(
            units, terms, filter_query, parsed, max(limit, CANDIDATES), growing or not question
        )
        if parsed.vs_sides:
            hits = self._subjects_first(parsed, hits, filter_query, result)
        result.hits = hits[:limit]
        weights = unit_weights(units, self._unit_frequencies(units), self._doc_count)
        if not parsed.vs_sides:  # for "X vs Y" the comparison is the answer
            result.answers = find_answers(result.hits, units, weights, prefix_terms, question)
        self._decorate(result.hits, units, prefix)
        return result

    def _unit_frequencies(self, units: list[Unit]) -> dict[str, int]:
        return {
            t: self._frequency_of(t)
            for unit in units for alt in unit.stem_sets() for word in alt for t in word
        }  # fmt: skip

    def _run(
        self,
        units: list[Unit],
        typed: list[str],
        filter_query: wq.Query | None,
        parsed: ParsedQuery,
        limit: int,
        growing: bool = False,  # any strict hit will do
    ) -> tuple[list[Hit], set[str]]:
        """Hits with every unit; when there are too few, the best partial matches: ranked by
        BM25F and by how much of the query's weight each covers, so that an item with the
        subject and one other word beats an item with two filler-like words."""
        clauses = [(u, q) for u in units if (q := self._unit_query(u)) is not None]
        prefix_terms = {
            text for u, q in clauses if u.prefix for _, text in q.all_terms()
        }  # fmt: skip
        if not clauses:
            if filter_query is None or typed:
                return [], prefix_terms
            results = self._searcher.search(filter_query, limit=None)
            hits = sorted((self._hit(r, 0.0) for r in results), key=lambda h: h.title.casefold())
            return hits, prefix_terms
        # A question form ("how long" standing for duration, timeout ...) says what kind of
        # answer is wanted, not what it is about: it adds to the score and is never required.
        naming = [(u, q) for u, q in clauses if u.typed is not None] or clauses
        asking = [q for u, q in clauses if u.typed is None and (u, q) not in naming]
        queries = [q for _, q in naming]
        strict = queries[0] if len(queries) == 1 else wq.And(queries)
        hits = self._collect(_maybe(strict, asking), filter_query, limit)
        enough = 1 if growing else MIN_STRICT
        if len(hits) < enough and len(naming) > 1:
            hits = self._best_match(naming, asking, filter_query, limit) or hits
        return rerank(hits, typed, limit, prefer_entries=not parsed.vs_sides), prefix_terms

    def _best_match(
        self,
        clauses: list[tuple[Unit, wq.Query]],
        asking: list[wq.Query],
        filter_query: wq.Query | None,
        limit: int,
    ) -> list[Hit]:
        units = [u for u, _ in clauses]
        weights = unit_weights(units, self._unit_frequencies(units), self._doc_count)
        if len(clauses) > MAX_LOOSE:
            # A long query (a title typed out): its most telling words decide; the rest would
            # only make every keystroke slower.
            best = sorted(range(len(clauses)), key=lambda i: -weights[i])[:MAX_LOOSE]
            keep = sorted(i for i in best)
            clauses = [clauses[i] for i in keep]
            weights = [weights[i] for i in keep]
        total = sum(weights) or 1.0
        required = [q for u, q in clauses if u.required]
        optional = [q for u, q in clauses if not u.required]
        if required and optional:
            query: wq.Query = wq.AndMaybe(wq.And(required), wq.Or(optional))
        else:
            query = wq.And(required) if required else wq.Or(optional)
        found = self._top(_maybe(query, asking), filter_query, limit)
        covered = dict.fromkeys((d for d, _ in found), 0.0)
        for (_, clause), weight in zip(clauses, weights, strict=True):
            # Every document with the unit, remembered: the words before the last one stay
            # the same while a query is typed, and the last one's were scored just now.
            holders = self._scores.scores(clause)
            for docnum in covered:
                if docnum in holders:
                    covered[docnum] += weight
        hits = [self._stored_hit(d, score * (covered[d] / total) ** 2) for d, score in found]
        hits.sort(key=lambda h: -h.score)
        return hits[:limit]

    def _top(
        self, query: wq.Query, filter_query: wq.Query | None, limit: int
    ) -> list[tuple[int, float]]:
        """The best (document, score) pairs, as Whoosh ranks them, from remembered scores."""
        try:
            return self._scores.top(query, limit, filter_query)
        except Unsupported:
            results = self._searcher.search(query, limit=limit, filter=filter_query)
            return [(r.docnum, r.score) for r in results]

    def _collect(self, query: wq.Query, filter_query: wq.Query | None, limit: int) -> list[Hit]:
        return [self._stored_hit(d, score) for d, score in self._top(query, filter_query, limit)]

    def _stored_hit(self, docnum: int, score: float) -> Hit:
        return self._hit(self._scores.stored(docnum), score)

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
        units = make_units(side, True, self.synonyms)
        clauses = [q for u in units if (q := self._unit_query(u)) is not None]
        if not clauses:
            return None
        only_entries = wq.Term("kind", "entry")
        both = wq.And([only_entries, filter_query]) if filter_query is not None else only_entries
        hits = rerank(self._collect(wq.And(clauses), both, 10), side, 10)
        return hits[0].id if hits else None

    def _subjects_first(
        self,
        parsed: ParsedQuery,
        hits: list[Hit],
        filter_query: wq.Query | None,
        result: SearchResult,
    ) -> list[Hit]:
        """For "X vs Y": the comparison of X and Y first, then X and Y, then the rest."""
        # A side of one letter is still being typed: it names nothing yet.
        sides = [side for side in parsed.vs_sides if len(" ".join(side)) >= 2]
        subjects = [s for side in sides if (s := self._best_entry(side, filter_query))]
        wanted = set(subjects)
        if len(wanted) < 2:
            return hits
        best: tuple[int, str] | None = None
        for comparison_id, comparison_subjects in self.meta.get("comparisons", {}).items():
            if wanted <= set(comparison_subjects):
                extra = len(comparison_subjects) - len(wanted)
                if best is None or extra < best[0]:
                    best = (extra, comparison_id)
        first = list(dict.fromkeys(subjects))
        if best is not None:
            result.comparison_first = best[1]
            first.insert(0, best[1])
        score = hits[0].score if hits else 1.0
        found = {h.id: h for h in hits}
        lifted: list[Hit] = []
        for item_id in first:
            hit = found.get(item_id)
            if hit is None:
                stored = self._searcher.document(id=item_id)
                if stored is None:
                    continue
                hit = self._hit(stored, score)
            lifted.append(hit)
        ids = {h.id for h in lifted}
        return [*lifted, *(h for h in hits if h.id not in ids)]

    def _decorate(self, hits: list[Hit], units: list[Unit], prefix: str) -> None:
        """Add snippets and match ranges to the hits that will be shown. A correction's old
        claim is the snippet only when nothing else matches, and then marked as outdated."""
        words = [w for u in units for alt in u.alternatives for w in alt if w != prefix]
        highlighter = Highlighter(words, prefix)
        for hit in hits:
            stored = hit.stored
            hit.title_matches = highlighter.matches(hit.title)
            hit.snippet, hit.snippet_matches = highlighter.snippet(
                [stored.get("summary", ""), stored.get("facts", ""), stored.get("prose", "")]
            )
            said = stored.get("said", "")
            if not hit.snippet_matches and said:
                snippet, matches = highlighter.snippet([outdated(said)])
                if matches:
                    hit.snippet, hit.snippet_matches = snippet, matches


def _maybe(query: wq.Query, optional: list[wq.Query]) -> wq.Query:
    """The query, scored up where the optional clauses match too."""
    if not optional:
        return query
    return wq.AndMaybe(query, optional[0] if len(optional) == 1 else wq.Or(optional))


def _text(term: Any) -> str:
    return term.decode("utf-8", "replace") if isinstance(term, bytes) else str(term)


def _replace_words(text: str, corrections: dict[str, str]) -> str:
    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        return corrections.get(word.lower(), word)

    return re.sub(r"\w+(?:\.?\w+)*", swap, text)


def open_search(built: BuiltIndex) -> SearchIndex:
    return SearchIndex(built)
