"""Answer lines: the one fact, table row or correction that answers a question on its own."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
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
ITEM_SHARE = 0.5  # how much the item's place in the results counts next to the match
LABEL_SHARE = 0.3  # and how much of the query its label holds: the row is about that
LABEL_FIT = 0.15  # and how much of its label the query asked for ("Services" over "Service models")
PARAGRAPH = 0.1  # a correction is a paragraph, not a line: a fact that matches as well wins


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


def _name_terms(hit: Hit) -> frozenset[str]:
    return _name_terms_of(hit.title, hit.stored.get("aliases", ""), hit.kind)


@lru_cache(maxsize=4096)
def _name_terms_of(title: str, aliases: str, kind: str) -> frozenset[str]:
    names = name_variants(title, aliases, kind)
    return frozenset(t for name in names for word in word_list(name) for t in stems(word))


def _named(unit: Unit, names: frozenset[str]) -> bool:
    """Whether the item's name has the unit's words as typed (a synonym does not make a name:
    Elastic IP's alias "public IPv4 charge" does not answer "how much")."""
    if unit.typed is None:
        return False
    if unit.prefix:
        return any(t.startswith(unit.text) for t in names) or bool(set(stems(unit.text)) & names)
    return all(set(stems(word)) & names for word in unit.typed if stems(word))


def find_answers(
    hits: list[Hit],
    units: list[Unit],
    weights: list[float],
    prefix_terms: set[str],
    question: bool = False,
) -> list[Answer]:
    """The passages of the best hits that, with their item's name, cover most of the query.
    A query that is only an item's name asks nothing of that item, unless it is put as a
    question ("which instance family is memory optimized")."""
    total = sum(weights)
    if not hits or len(units) < 2 or total <= 0:  # one word asks no question
        return []
    asked = {t for u in units for alt in u.stem_sets() for word in alt for t in word}
    found: list[Answer] = []
    for rank, hit in enumerate(hits[:ANSWER_HITS]):
        place = ITEM_SHARE * (ANSWER_HITS - rank) / ANSWER_HITS
        names = _name_terms(hit)
        named = {i for i, u in enumerate(units) if _named(u, names)}
        if len(named) == len(units) and not question:
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
            fit = len(label_terms & asked) / len(label_terms) if label_terms else 0.0
            score = share + LABEL_SHARE * about / total + LABEL_FIT * fit + place
            score -= PARAGRAPH if kind == "now" else 0.0
            found.append(Answer(hit.id, hit.title, label, value, score, kind))
    found.sort(key=lambda a: -a.score)
    return found[:MAX_ANSWERS]
