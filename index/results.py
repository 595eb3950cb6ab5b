"""What a search returns: hits, a "did you mean" and answer lines, as JSON-ready data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from index.answers import Answer


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
    answers: list[Answer] = field(default_factory=list)  # passages that answer it, best first

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "query": self.query,
            "results": [h.to_dict() for h in self.hits],
            "answers": [a.to_dict() for a in self.answers],
        }
        if self.suggestion is not None:
            data["suggestion"] = self.suggestion.to_dict()
        return data
