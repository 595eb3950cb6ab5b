"""The knowledge model: packs, entries, comparisons, and the loaded knowledge base."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from knowledge import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION"]  # re-exported for readers of the model

_NON_WORD = re.compile(r"[^a-z0-9]+")


def exam_guides_text(item: Item) -> str:
    """The item's place in each exam guide: "soa-c03: monitoring (skill 1.3.3), soa-c02: ..."."""
    parts = []
    for name, domain in item.syllabus.items():
        skills = item.skills.get(name, [])
        where = domain or "not in this guide"
        if skills:
            where += f" (skill{'s' if len(skills) > 1 else ''} {', '.join(skills)})"
        parts.append(f"{name}: {where}")
    return ", ".join(parts)


def skill_lines(item: Item, pack: Pack | None) -> list[str]:
    """One line per skill of the item that its pack's syllabus names: "soa-c03 1.3.3 Title"."""
    syllabi = {s.id: s for s in pack.syllabi} if pack else {}
    lines = []
    for name, skills in item.skills.items():
        syllabus = syllabi.get(name)
        for skill in skills:
            title = syllabus.skill_title(skill) if syllabus else ""
            if title:
                lines.append(f"{name} {skill} {title}")
    return lines


def fact_key(label: str) -> str:
    """The key of a fact label: lowercase, every run of other characters one hyphen."""
    return _NON_WORD.sub("-", label.lower()).strip("-")


@dataclass(frozen=True)
class Location:
    """Where something was written: a file and a 1-based line and column."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.path
        return (
            f"{self.path}:{self.line}:{self.column}" if self.column else f"{self.path}:{self.line}"
        )


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a pack, with where it is."""

    location: Location
    field: str
    message: str

    def __str__(self) -> str:
        if not self.field:  # a whole file or part of one, from an importer
            return f"{self.location}: {self.message}"
        return f"{self.location}: {self.field}: {self.message}"


@dataclass(frozen=True)
class CodeBlock:
    language: str
    text: str
    caption: str = ""


@dataclass(frozen=True)
class Correction:
    """Where the source notes said something outdated or wrong."""

    said: str
    now: str
    source: str = ""


@dataclass(frozen=True)
class Fact:
    label: str
    value: str

    @property
    def key(self) -> str:
        return fact_key(self.label)


@dataclass(frozen=True)
class Aspect:
    key: str
    label: str
    empty: tuple[str, ...] = ()  # subjects deliberately without a value in this row


@dataclass
class Item:
    """Fields shared by entries and comparisons."""

    id: str
    title: str
    domain: str
    summary: str
    pack: str = ""
    aliases: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    body: str = ""
    see_also: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    syllabus: dict[str, str | None] = field(default_factory=dict)
    skills: dict[str, list[str]] = field(default_factory=dict)  # syllabus id -> skill ids
    path: str = ""
    line: int = 0
    imported_from: str = ""  # `file:line` of the tldr page, cheat sheet or note it came from

    kind = "item"

    def to_dict(self) -> dict[str, Any]:
        """Every field, as plain JSON-ready data."""
        return {**_plain(vars(self)), "kind": self.kind}


@dataclass
class Entry(Item):
    facts: list[Fact] = field(default_factory=list)
    code: list[CodeBlock] = field(default_factory=list)
    ask: dict[str, str] = field(default_factory=dict)  # fact key -> the pack's own question

    kind = "entry"

    def fact(self, key: str) -> Fact | None:
        """The fact with this key (or label), if the entry has it."""
        wanted = fact_key(key)
        return next((f for f in self.facts if f.key == wanted), None)


@dataclass
class Comparison(Item):
    subjects: list[str] = field(default_factory=list)
    aspects: list[Aspect] = field(default_factory=list)
    choose: dict[str, str] = field(default_factory=dict)

    kind = "comparison"


@dataclass(frozen=True)
class Domain:
    id: str
    title: str
    weight: float | None = None


@dataclass(frozen=True)
class Skill:
    """One numbered skill (or task statement) of an exam guide, such as 1.3.3."""

    id: str
    title: str


@dataclass(frozen=True)
class Syllabus:
    id: str
    title: str
    domains: tuple[Domain, ...] = ()
    url: str = ""
    skills: tuple[Skill, ...] = ()  # optional: the guide's numbered skills, to name and check

    def skill_title(self, skill_id: str) -> str:
        return next((s.title for s in self.skills if s.id == skill_id), "")


@dataclass
class ReviewSettings:
    """What pack.yaml's `review:` says: the default exam and how to ask facts."""

    exam: str = ""  # the syllabus review and quiz use unless told otherwise
    ask: dict[str, str] = field(default_factory=dict)  # fact key -> question template
    yes_no: list[str] = field(default_factory=list)  # fact keys whose yes/no is worth asking
    skip: list[str] = field(default_factory=list)  # fact keys never asked
    labels: dict[str, str] = field(default_factory=dict)  # fact key -> the label as written
    line: int = 0


@dataclass
class Pack:
    id: str
    title: str
    path: str
    description: str = ""
    version: str = ""
    license: str = ""
    domains: list[Domain] = field(default_factory=list)
    syllabi: list[Syllabus] = field(default_factory=list)
    origin: str = ""  # bundled, user, --pack, CRIB_PACKS, registered
    format: str = "crib"  # or the format its files are read from: tldr, cheat, navi, markdown, text
    source_format: str = ""  # a crib pack made by `crib import`: the format it was imported from
    cards: list[DeclaredCard] = field(default_factory=list)  # the pack's own review cards
    review: ReviewSettings = field(default_factory=ReviewSettings)
    synonyms: list[list[str]] = field(default_factory=list)  # words that mean the same

    def domain_title(self, domain_id: str) -> str:
        return next((d.title for d in self.domains if d.id == domain_id), domain_id)

    def syllabus(self, syllabus_id: str) -> Syllabus | None:
        """The exam guide or course with this id, if the pack declares it."""
        return next((s for s in self.syllabi if s.id == syllabus_id), None)


def _plain(value: Any) -> Any:
    """Dataclasses, lists and dicts as plain data. Like dataclasses.asdict, without its deep
    copy of every value: several times faster, which matters when the index stores every item."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "__dataclass_fields__"):
        return {k: _plain(v) for k, v in vars(value).items()}
    return value


def item_from_dict(data: dict[str, Any]) -> Entry | Comparison:
    """Rebuild an item from `Item.to_dict()` output (used by the index's stored copy)."""
    data = dict(data)
    kind = data.pop("kind")
    data["corrections"] = [Correction(**c) for c in data.get("corrections", [])]
    if kind == "entry":
        data["facts"] = [Fact(**f) for f in data.get("facts", [])]
        data["code"] = [CodeBlock(**c) for c in data.get("code", [])]
        return Entry(**data)
    data["aspects"] = [
        Aspect(a["key"], a["label"], tuple(a.get("empty", ()))) for a in data.get("aspects", [])
    ]
    return Comparison(**data)


def pack_to_dict(pack: Pack) -> dict[str, Any]:
    return asdict(pack)


def pack_from_dict(data: dict[str, Any]) -> Pack:
    data = dict(data)
    data["domains"] = [Domain(**d) for d in data.get("domains", [])]
    data["cards"] = [DeclaredCard(**c) for c in data.get("cards", [])]
    data["review"] = ReviewSettings(**data.get("review", {}))
    data["syllabi"] = [
        Syllabus(
            id=s["id"],
            title=s["title"],
            url=s.get("url", ""),
            domains=tuple(Domain(**d) for d in s.get("domains", [])),
            skills=tuple(Skill(**k) for k in s.get("skills", [])),
        )
        for s in data.get("syllabi", [])
    ]
    return Pack(**data)


@dataclass
class DeclaredCard:
    """A review card written by hand in a pack's `cards:` list."""

    id: str
    front: str
    back: str
    source: str = ""  # an item id of the same pack, or empty
    domain: str = ""  # defaults to the source item's domain
    tags: list[str] = field(default_factory=list)
    path: str = ""
    line: int = 0
