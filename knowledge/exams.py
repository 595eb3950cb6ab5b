"""Exams: which one is the default, its domain weights, and drawing cards or questions by them.

An exam is a pack's syllabus (`syllabi:` in pack.yaml) whose domains carry weights. New cards and
practice questions follow the chosen exam: by its weights, interleaved across its domains, and
never from items outside it (history, exam logistics) unless a domain is asked for. Pure data.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase
    from knowledge.cards import Card

T = TypeVar("T")


def known_exams(base: KnowledgeBase) -> list[str]:
    """Every syllabus id of the loaded packs, in pack order."""
    return list(dict.fromkeys(s.id for p in base.packs for s in p.syllabi))


def default_exam(base: KnowledgeBase, preferred: str | None = None) -> str | None:
    """The user's choice if a pack knows it, else the first pack's `review.exam`, else None."""
    if preferred and preferred in known_exams(base):
        return preferred
    return next((p.review.exam for p in base.packs if p.review.exam), None)


def exam_weights(base: KnowledgeBase, exam: str) -> dict[str, float]:
    """The exam's domain ids and weights (1 each where the pack gives none), in guide order."""
    for pack in base.packs:
        syllabus = pack.syllabus(exam)
        if syllabus is not None:
            return {d.id: (d.weight if d.weight else 1.0) for d in syllabus.domains}
    return {}


def exam_title(base: KnowledgeBase, exam: str) -> str:
    for pack in base.packs:
        syllabus = pack.syllabus(exam)
        if syllabus is not None:
            return syllabus.title
    return exam


def in_exam(card: Card, base: KnowledgeBase, exam: str) -> bool:
    """Whether a card belongs to the exam: its item is in the syllabus, or its pack has no such
    syllabus at all (a user's own pack is never hidden by the bundled pack's exam)."""
    pack = base.pack(card.pack)
    if pack is None or pack.syllabus(exam) is None:
        return True
    return card.in_syllabus(exam)


def allocate(count: int, weights: dict[str, float]) -> dict[str, int]:
    """Split `count` across the domains in proportion to their weights (largest remainder)."""
    total = sum(weights.values())
    if not weights or total <= 0:
        return {}
    quotas = {d: count * w / total for d, w in weights.items()}
    shares = {d: math.floor(q) for d, q in quotas.items()}
    left = count - sum(shares.values())
    for domain in sorted(quotas, key=lambda d: quotas[d] - shares[d], reverse=True)[:left]:
        shares[domain] += 1
    return shares


def interleave(
    groups: Mapping[str, Sequence[T]], weights: dict[str, float], limit: int | None = None
) -> list[T]:
    """Take from each group in turn, each as often as its weight says (Sainte-Laguë order),
    until the groups run out or `limit` is reached."""
    taken = dict.fromkeys(groups, 0)
    order: list[T] = []
    live = [d for d in groups if groups[d] and weights.get(d, 0) > 0]
    while live and (limit is None or len(order) < limit):
        domain = min(live, key=lambda d: ((2 * taken[d] + 1) / weights[d], list(groups).index(d)))
        order.append(groups[domain][taken[domain]])
        taken[domain] += 1
        if taken[domain] >= len(groups[domain]):
            live.remove(domain)
    return order


def group_by_exam_domain(
    things: Iterable[T], exam: str, domain_of: Callable[[T], str | None]
) -> dict[str, list[T]]:
    """Things grouped by their domain in the exam, keeping their order within a group."""
    groups: dict[str, list[T]] = {}
    for thing in things:
        domain = domain_of(thing)
        if domain is not None:
            groups.setdefault(domain, []).append(thing)
    return groups


def skill_key(skills: list[str]) -> tuple[int, ...]:
    """ "1.2.3" -> (1, 2, 3); an item without skills goes after every numbered one."""
    for skill in skills[:1]:
        parts = skill.split(".")
        if all(p.isdigit() for p in parts):
            return tuple(int(p) for p in parts)
    return (10**6,)


def exam_order(cards: Iterable[Card], base: KnowledgeBase, exam: str) -> list[Card]:
    """New cards for the exam: interleaved across its domains by weight, and within a domain in
    the order of the guide's skills (an item's cards stay together); cards of packs that do not
    know the exam follow at the end, in pack order."""
    weights = exam_weights(base, exam)
    inside: list[Card] = []
    outside: list[Card] = []
    for card in cards:
        pack = base.pack(card.pack)
        (inside if pack is not None and pack.syllabus(exam) is not None else outside).append(card)
    groups = group_by_exam_domain(inside, exam, lambda c: c.syllabus.get(exam))

    def by_skill(card: Card) -> tuple[int, ...]:
        item = base.items.get(card.source_id)
        return skill_key(item.skills.get(exam, [])) if item is not None else (10**6,)

    for members in groups.values():
        members.sort(key=by_skill)  # stable: pack order among equal skills
    for domain in groups:
        weights.setdefault(domain, min(weights.values(), default=1.0))
    return interleave(groups, weights) + outside
