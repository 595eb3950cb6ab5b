"""Answer lines: the one fact, table row or correction that answers a question on its own."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from index.rank import name_variants, unit_matched
from index.schema import stems
from index.schema import words as word_list

if TYPE_CHECKING:
    from index.search import Hit
    from index.units import Unit

ANSWER_HITS = 10  # the best hits whose passages are read
MAX_ANSWERS = 3
MIN_SHARE = 0.6  # of the query's weight, covered by the passage and its item's name
ITEM_SHARE = 0.3  # how much the item's place in the results counts next to the match
LABEL_SHARE = 0.3  # and how much of the query its label holds: the row is about that


@dataclass
class Answer:
    """A passage of one item that answers the query: `label: value`, best first."""

    id: str
    title: str
    label: str
    value: str
    score: float
    kind: str = "fact"  # fact, row (of a comparison's table) or now (a correction)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "label": self.label,
            "value": self.value,
            "score": round(self.score, 4),
            "kind": self.kind,
        }


def _name_terms(hit: Hit) -> set[str]:
    names = name_variants(hit.title, hit.stored.get("aliases", ""), hit.kind)
    return {t for name in names for word in word_list(name) for t in stems(word)}


def find_answers(
    hits: list[Hit], units: list[Unit], weights: list[float], prefix_terms: set[str]
) -> list[Answer]:
    """The passages of the best hits that, with their item's name, cover most of the query.
    A query that is only an item's name asks no question: it gets no answer from that item."""
    total = sum(weights)
    if not hits or len(units) < 2 or total <= 0:  # one word asks no question
        return []
    found: list[Answer] = []
    for rank, hit in enumerate(hits[:ANSWER_HITS]):
        place = ITEM_SHARE * (ANSWER_HITS - rank) / ANSWER_HITS
        names = _name_terms(hit)
        named = {i for i, u in enumerate(units) if unit_matched(u, names, prefix_terms)}
        if len(named) == len(units):
            continue
        for kind, label, value, terms_text in hit.stored.get("passages") or []:
            terms = set(terms_text.split())
            inside = {i for i, u in enumerate(units) if unit_matched(u, terms, prefix_terms)}
            if not inside:
                continue
            share = sum(weights[i] for i in inside | named) / total
            if share < MIN_SHARE:
                continue
            label_terms = {t for word in word_list(label) for t in stems(word)}
            about = sum(w for u, w in zip(units, weights, strict=True)
                        if unit_matched(u, label_terms, prefix_terms))  # fmt: skip
            score = share + LABEL_SHARE * about / total + place
            found.append(Answer(hit.id, hit.title, label, value, score, kind))
    found.sort(key=lambda a: -a.score)
    return found[:MAX_ANSWERS]
