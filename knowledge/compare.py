"""Side-by-side tables built from the subjects' facts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from knowledge.model import Aspect, Comparison, Entry


@dataclass(frozen=True)
class Row:
    """One aspect across the subjects; a missing value (None) neither differs nor agrees."""

    aspect: str
    label: str
    values: list[str | None]
    differs: bool  # two or more subjects have different values
    empty: tuple[str, ...] = ()  # subjects the pack marks as having no value here on purpose
    same: bool = False  # every subject has a value and all are alike: the row tells none apart


@dataclass
class Table:
    """Subjects as columns, aspects as rows; `comparison` is None for an ad-hoc table."""

    subjects: list[Entry]
    rows: list[Row]
    comparison: Comparison | None = None
    choose: dict[str, str] = field(default_factory=dict)

    @property
    def title(self) -> str:
        if self.comparison is not None:
            return self.comparison.title
        return " vs ".join(s.title for s in self.subjects)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.comparison.id if self.comparison else None,
            "title": self.title,
            "subjects": [
                {"id": s.id, "title": s.title, "choose": self.choose.get(s.id)}
                for s in self.subjects
            ],
            "rows": [
                {
                    "aspect": r.aspect,
                    "label": r.label,
                    "values": r.values,
                    "differs": r.differs,
                    "same": r.same,
                    "empty": list(r.empty),
                }
                for r in self.rows
            ],
        }


def _distinct(values: list[str | None]) -> set[str]:
    """The different values given, compared without case or spacing; missing ones left out."""
    return {" ".join(v.casefold().split()) for v in values if v is not None}


def _row(aspect: Aspect, subjects: list[Entry]) -> Row:
    facts = [s.fact(aspect.key) for s in subjects]
    values = [f.value if f else None for f in facts]
    label = aspect.label or next((f.label for f in facts if f), aspect.key)
    empty = tuple(
        s.id for s, f in zip(subjects, facts, strict=True) if f is None and s.id in aspect.empty
    )
    distinct = _distinct(values)
    same = len(values) > 1 and len(distinct) == 1 and None not in values
    return Row(aspect.key, label, values, len(distinct) > 1, empty, same)


def comparison_table(comparison: Comparison, subjects: list[Entry]) -> Table:
    """The table of a written comparison: its aspects, in its order."""
    rows = [_row(aspect, subjects) for aspect in comparison.aspects]
    return Table(subjects, rows, comparison, dict(comparison.choose))


def adhoc_table(subjects: list[Entry]) -> Table:
    """Compare any entries: aspects shared by more subjects first, then first-seen order."""
    order: list[Aspect] = []
    seen: set[str] = set()
    for subject in subjects:
        for fact in subject.facts:
            if fact.key not in seen:
                seen.add(fact.key)
                order.append(Aspect(fact.key, ""))
    rows = [_row(a, subjects) for a in order]
    rows.sort(key=lambda row: -sum(v is not None for v in row.values))  # stable: keeps order
    return Table(subjects, rows)
