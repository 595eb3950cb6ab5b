"""What every reader shares: safe file reading, ids, one-line summaries, and the pack builder."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.model import CodeBlock, Comparison, Domain, Entry, Fact, Location, Problem
from knowledge.text import clean_text

MAX_FILE_BYTES = 2_000_000  # a cheat sheet is a few kB; anything this big is not one
SUMMARY_CHARS = 200
_NON_ID = re.compile(r"[^a-z0-9]+")
_SPACES = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")


def slug(text: str, limit: int = 60) -> str:
    """A kebab-case id part made of `text`: lowercase letters and digits, single hyphens."""
    folded = text.lower().replace("+", " plus ").replace("#", " sharp ").replace("&", " and ")
    word = _NON_ID.sub("-", folded).strip("-")
    if len(word) > limit:
        word = word[:limit].rsplit("-", 1)[0] or word[:limit]
    return word.strip("-") or "item"


def one_line(text: str, limit: int = SUMMARY_CHARS) -> str:
    """Text as one line of at most `limit` characters, cut at a word with an ellipsis."""
    line = _SPACES.sub(" ", text).strip()
    if len(line) <= limit:
        return line
    return line[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def first_sentence(text: str, limit: int = SUMMARY_CHARS) -> str:
    """The first sentence of a paragraph (or as much as fits on one line)."""
    line = _SPACES.sub(" ", text).strip()
    return one_line(_SENTENCE_END.split(line, maxsplit=1)[0], limit)


def skip(path: Path | str, line: int, message: str, whole_file: bool = True) -> Problem:
    """A problem that made a reader skip a file (or only a part of one): `file:line: message`."""
    return Problem(
        Location(str(path), line), "", message + ("; file skipped" if whole_file else "")
    )


def read_source(path: Path, problems: list[Problem]) -> str | None:
    """A file's text, made safe (no control characters, no BOM, plain spaces), or None."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.append(skip(path, 1, f"file is {size:,} bytes (over {MAX_FILE_BYTES:,})"))
            return None
        raw = path.read_bytes()
    except OSError as error:
        problems.append(skip(path, 1, f"cannot read: {error.strerror or error}"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.append(skip(path, line, "not UTF-8 text"))
        return None
    if "\x00" in text:
        problems.append(skip(path, 1, "binary file (NUL bytes)"))
        return None
    return clean_text(text.replace("\r\n", "\n")).replace("\u00a0", " ")


@dataclass
class PackBuilder:
    """Collects one pack's items: ids made unique and prefixed with the pack id."""

    pack_id: str
    entries: list[Entry] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)
    domains: dict[str, str] = field(default_factory=dict)  # id -> title, in first-seen order
    problems: list[Problem] = field(default_factory=list)  # files or parts that were skipped
    _ids: set[str] = field(default_factory=set)
    _aliases: set[str] = field(default_factory=set)  # an alias names one item of the pack

    def new_id(self, name: str) -> str:
        """`<pack>-<name>`, with -2, -3… when the name was taken: stable for the same input."""
        base = f"{self.pack_id}-{slug(name)}"
        candidate, number = base, 2
        while candidate in self._ids:
            candidate, number = f"{base}-{number}", number + 1
        self._ids.add(candidate)
        return candidate

    def _new_aliases(self, title: str, aliases: list[str]) -> list[str]:
        kept = [a for a in _unique(aliases) if a.casefold() != title.casefold()]
        kept = [a for a in kept if a.casefold() not in self._aliases]
        self._aliases.update(a.casefold() for a in kept)
        return kept

    def domain(self, title: str, domain_id: str = "") -> str:
        """The id of a domain with this title, declared on first use."""
        key = domain_id or slug(title)
        self.domains.setdefault(key, title)
        return key

    def entry(
        self,
        name: str,
        *,
        title: str,
        domain: str,
        summary: str,
        path: Path | str,
        line: int,
        tags: list[str] | None = None,
        aliases: list[str] | None = None,
        body: str = "",
        facts: list[Fact] | None = None,
        code: list[CodeBlock] | None = None,
        sources: list[str] | None = None,
    ) -> Entry:
        """Add an entry; a missing summary falls back to the title."""
        entry = Entry(
            id=self.new_id(name),
            title=one_line(title, 120) or name,
            domain=domain,
            summary=one_line(summary) or one_line(title),
            pack=self.pack_id,
            aliases=self._new_aliases(title, aliases or []),
            tags=_unique([t for t in (slug(t, 40) for t in tags or []) if t != "item"]),
            body=body.strip("\n"),
            sources=_unique(sources or []),
            path=str(path),
            line=line,
            facts=unique_facts(facts or []),
            code=code or [],
        )
        self.entries.append(entry)
        return entry


def unique_facts(facts: list[Fact]) -> list[Fact]:
    """Facts with a usable, unique key: a repeated label keeps its first value."""
    seen: set[str] = set()
    kept: list[Fact] = []
    for fact in facts:
        if not fact.key or fact.key in seen or not fact.value.strip():
            continue
        seen.add(fact.key)
        kept.append(fact)
    return kept


def _unique(values: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        folded = value.casefold()
        if value and folded not in seen:
            seen.add(folded)
            out.append(value)
    return out


def declared_domains(builder: PackBuilder) -> list[Domain]:
    return [Domain(domain_id, title) for domain_id, title in builder.domains.items()]
