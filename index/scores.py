"""Whoosh queries answered from remembered term scores: each term's postings are read and
scored by Whoosh once per open index, and what a keystroke asks again is not recomputed.

Typing a query re-runs nearly the same Whoosh query on every key ("instance n", "instance
no", "instance not"): Whoosh's matchers score every posting of every term again each time,
and a common word's postings cost about 1.5 us each (about 35,000 of them for "not" at
50,000 items). Here a term's (document, score) pairs come from Whoosh's own matcher and
scorer, once; And, Or and AndMaybe combine them as Whoosh's matchers do (sums of the
matching terms' scores), so the hits and their order are the ones `Searcher.search` gives.
"""

from __future__ import annotations

import heapq
from array import array
from collections import OrderedDict
from typing import Any

from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.columns import NumericColumn
from whoosh.matching.wrappers import WrappingMatcher
from whoosh.scoring import BM25FScorer
from whoosh.util.numeric import byte_to_length

Scores = dict[int, float]  # document number -> score
TERMS_KEPT_PER_DOC = 12  # remembered postings (all terms together), per document in the index
COMBINED_KEPT_PER_DOC = 3  # remembered combined results (And, Or ...), per document
STORED_KEPT = 256  # documents' stored fields kept decoded (the hits of the last keystrokes)


class Unsupported(Exception):
    """A query this module does not combine itself: the caller asks Whoosh."""


class ScoreCache:
    """Term scores and combined results of one searcher, within a memory budget."""

    def __init__(self, searcher: Any) -> None:
        self._searcher = searcher
        docs = max(1, searcher.doc_count_all())
        self._terms: OrderedDict[tuple[str, str, float], tuple[array[int], array[float]]]
        self._terms = OrderedDict()
        self._terms_size = 0
        self._terms_budget = TERMS_KEPT_PER_DOC * docs
        self._combined: OrderedDict[wq.Query, Scores] = OrderedDict()
        self._combined_size = 0
        self._combined_budget = COMBINED_KEPT_PER_DOC * docs
        self._filters: dict[wq.Query, frozenset[int]] = {}
        self._lengths: dict[tuple[int, str], list[int] | None] = {}  # (segment, field) -> lengths
        self.fast_reads = 0  # terms read block by block (the rest: posting by posting)
        self._stored: OrderedDict[int, dict[str, Any]] = OrderedDict()

    @property
    def remembered(self) -> tuple[int, int]:
        """(term postings, combined entries) held now: never above the budgets."""
        return self._terms_size, self._combined_size

    def top(
        self, query: wq.Query, limit: int, filter_query: wq.Query | None = None
    ) -> list[tuple[int, float]]:
        """The best (document, score) pairs, as `searcher.search(query, limit, filter)`
        ranks them: higher score first, then the lower document number."""
        scores = self.scores(query)
        pairs = scores.items()
        if filter_query is not None:
            allowed = self._allowed(filter_query)
            pairs = ((d, s) for d, s in scores.items() if d in allowed)  # type: ignore[assignment]
        best = heapq.nsmallest(limit, ((-s, d) for d, s in pairs))
        return [(d, -s) for s, d in best]

    def scores(self, query: wq.Query) -> Scores:
        """Every document the query matches, with its score (not to be changed)."""
        if isinstance(query, wq.Term):
            ids, values = self._term(query)
            return dict(zip(ids, values, strict=True))
        cached = self._combined.get(query)
        if cached is not None:
            self._combined.move_to_end(query)
            return cached
        found = self._combine(query)
        self._remember(query, found)
        return found

    def stored(self, docnum: int) -> dict[str, Any]:
        """A document's stored fields (not to be changed): the hits of one keystroke are
        mostly the hits of the last, and each costs a decompression and an unpickling."""
        found = self._stored.get(docnum)
        if found is not None:
            self._stored.move_to_end(docnum)
            return found
        found = self._searcher.stored_fields(docnum)
        self._stored[docnum] = found
        if len(self._stored) > STORED_KEPT:
            self._stored.popitem(last=False)
        return found

    def _combine(self, query: wq.Query) -> Scores:
        if query is wq.NullQuery:
            return {}
        if isinstance(query, wq.AndMaybe):
            required, optional = self.scores(query.a), self.scores(query.b)
            return {d: s + optional[d] if d in optional else s for d, s in required.items()}
        plain_or = isinstance(query, wq.Or) and query.scale is None and not query.minmatch
        if type(query) is not wq.And and not plain_or:
            raise Unsupported(type(query).__name__)
        subqueries = query.subqueries
        if not subqueries:
            return {}
        if len(subqueries) == 1:  # Whoosh ignores a one-child compound's boost too
            return self.scores(subqueries[0])
        if isinstance(query, wq.And):
            found = self._intersection([self.scores(q) for q in subqueries])
        else:
            found = self._union(subqueries)
        if query.boost != 1.0:
            found = {d: s * query.boost for d, s in found.items()}
        return found

    def _union(self, subqueries: list[wq.Query]) -> Scores:
        found: Scores = {}
        get = found.get
        for sub in subqueries:
            if isinstance(sub, wq.Term):
                ids, values = self._term(sub)
                pairs = zip(ids, values, strict=True)
            else:
                pairs = self.scores(sub).items()  # type: ignore[assignment]
            if not found:
                found.update(pairs)
                continue
            for docnum, score in pairs:
                found[docnum] = get(docnum, 0.0) + score
        return found

    @staticmethod
    def _intersection(parts: list[Scores]) -> Scores:
        if any(not p for p in parts):
            return {}
        smallest = min(parts, key=len)
        common = set(smallest)
        for part in parts:
            if part is not smallest:
                common.intersection_update(part.keys())
        if len(parts) == 2:
            first, second = parts
            return {d: first[d] + second[d] for d in common}
        return {d: sum(p[d] for p in parts) for d in common}

    def _term(self, term: wq.Term) -> tuple[array[int], array[float]]:
        """A term's postings and scores, from Whoosh's matcher, in every segment."""
        key = (term.fieldname, term.text, term.boost)
        found = self._terms.get(key)
        if found is not None:
            self._terms.move_to_end(key)
            return found
        ids: array[int] = array("i")
        values: array[float] = array("d")
        for number, (searcher, offset) in enumerate(self._searcher.leaf_searchers()):
            matcher = term.matcher(searcher)
            if not self._read_blocks(
                matcher, (number, searcher), term.fieldname, offset, ids, values
            ):
                while matcher.is_active():
                    ids.append(matcher.id() + offset)
                    values.append(matcher.score())
                    matcher.next()
        found = (ids, values)
        self._terms[key] = found
        self._terms_size += len(ids)
        while self._terms_size > self._terms_budget and len(self._terms) > 1:
            _, (old, _) = self._terms.popitem(last=False)
            self._terms_size -= len(old)
        return found

    def _read_blocks(
        self,
        matcher: Any,
        segment: tuple[int, Any],
        fieldname: str,
        offset: int,
        ids: array[int],
        values: array[float],
    ) -> bool:
        """Score a term's postings a block at a time, with Whoosh's BM25F formula written
        out as `whoosh.scoring.bm25` writes it (the same floats) and the field's lengths read
        once: a fifth of the cost of asking the matcher posting by posting. False (nothing
        read) for anything but whoosh-reloaded 2.7's own matcher and scorer."""
        boost = 1.0
        if type(matcher) is WrappingMatcher:  # a Term's boost
            matcher, boost = matcher.child, matcher.boost
        scorer: Any = getattr(matcher, "scorer", None)
        if type(scorer) is not BM25FScorer or not hasattr(matcher, "_read_weights"):
            return False
        lengths = self._field_lengths(segment, fieldname)
        if lengths is None or matcher._i != 0:
            return False
        idf, avgfl, b, k1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
        started = len(ids)
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            block = matcher._ids
            for docnum, tf in zip(block, matcher._weights, strict=True):
                fl = lengths[docnum]
                score = idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * fl / avgfl)))
                values.append(score * boost if boost != 1.0 else score)
            ids.extend(d + offset for d in block)
            matcher._next_block()
        self.fast_reads += len(ids) > started
        return True

    def _field_lengths(self, segment: tuple[int, Any], fieldname: str) -> list[int] | None:
        """Every document's length in a field of one segment, as its scorer reads them."""
        number, searcher = segment
        key = (number, fieldname)
        if key not in self._lengths:
            self._lengths[key] = None
            try:
                perdoc = searcher.reader()._perdoc
                column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
                if type(column) is NumericColumn.Reader and column._fixedlen == 1:
                    raw = column._dbfile.get(column._basepos, column._count)
                    lengths = [byte_to_length(v) for v in raw]
                    lengths += [byte_to_length(0)] * (column._doccount - len(lengths))
                    self._lengths[key] = lengths
            except (AttributeError, TypeError):
                pass
        return self._lengths[key]

    def _remember(self, query: wq.Query, found: Scores) -> None:
        if len(found) > self._combined_budget:
            return
        self._combined[query] = found
        self._combined_size += len(found)
        while self._combined_size > self._combined_budget:
            _, old = self._combined.popitem(last=False)
            self._combined_size -= len(old)

    def _allowed(self, filter_query: wq.Query) -> frozenset[int]:
        allowed = self._filters.get(filter_query)
        if allowed is None:
            if len(self._filters) > 64:
                self._filters.clear()
            allowed = frozenset(filter_query.docs(self._searcher))
            self._filters[filter_query] = allowed
        return allowed
