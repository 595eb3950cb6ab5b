"""Read one pack folder into a `Pack` and its items, collecting every problem on the way."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from knowledge.model import (
    Aspect,
    CodeBlock,
    Comparison,
    Correction,
    Domain,
    Entry,
    Fact,
    Location,
    Pack,
    Problem,
    Skill,
    Syllabus,
    fact_key,
)
from knowledge.sources import PACK_FILE, pack_files, unreadable_paths
from knowledge.synonyms import read_synonyms
from knowledge.text import clean_line
from knowledge.yamlsource import Mark, MarkedDict, MarkedList, YamlSyntaxError, load_marked

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SKILL_PATTERN = re.compile(r"^[0-9]+(?:\.[0-9]+)*$")  # an exam guide's numbering: 1.3.3

PACK_FIELDS = {
    "id",
    "title",
    "description",
    "version",
    "license",
    "domains",
    "syllabi",
    "review",
    "imported_format",
    "synonyms",
}
PACK_REQUIRED = ("id", "title")
ITEM_FILE_FIELDS = {"entries", "comparisons", "cards"}  # cards: see knowledge/cards.py
COMMON_FIELDS = {
    "id",
    "title",
    "aliases",
    "domain",
    "tags",
    "summary",
    "body",
    "see_also",
    "sources",
    "corrections",
    "syllabus",
    "skills",
    "imported_from",
}
ENTRY_FIELDS = COMMON_FIELDS | {"facts", "code", "ask"}  # ask: see knowledge/asking.py
COMPARISON_FIELDS = COMMON_FIELDS | {"subjects", "aspects", "choose"}
ITEM_REQUIRED = ("id", "title", "domain", "summary")
COMPARISON_REQUIRED = ("subjects", "aspects")


@dataclass(frozen=True)
class Reference:
    """A field that names another item (or an aspect), checked after the whole pack is read."""

    location: Location
    field: str
    target: str
    want: str  # "item", "entry", "subject" (a choose key), or "aspect:<comparison id>"


@dataclass
class PackLoad:
    """The outcome of reading one pack folder."""

    path: Path
    pack: Pack | None = None
    entries: list[Entry] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # reported, but the pack still loads
    references: list[Reference] = field(default_factory=list)
    # Files an importer could not read: reported, while the rest of the pack loads.
    skipped_files: list[Problem] = field(default_factory=list)

    @property
    def items(self) -> list[Entry | Comparison]:
        return [*self.entries, *self.comparisons]


def did_you_mean(word: str, choices: set[str] | list[str]) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


class _Reader:
    """Checks the shape of one file's data and turns it into model objects."""

    def __init__(self, path: Path, problems: list[Problem], refs: list[Reference] | None = None):
        self.path = path
        self.shown_path = str(path)
        self.problems = problems
        self.refs = refs if refs is not None else []

    def refer(self, mark: Mark | None, field_name: str, target: str, want: str) -> None:
        """Remember a reference to check once every item of the pack is known."""
        self.refs.append(Reference(self.location(mark), field_name, target, want))

    def problem(self, mark: Mark | None, field_name: str, message: str) -> None:
        line, column = (mark.line, mark.column) if mark else (0, 0)
        self.problems.append(Problem(Location(self.shown_path, line, column), field_name, message))

    def mapping(self, value: Any, mark: Mark | None, where: str) -> MarkedDict | None:
        if isinstance(value, MarkedDict):
            for key, key_mark in value.duplicate_keys:
                self.problem(key_mark, f"{where}.{key}" if where else key, "duplicate key")
            return value
        mark = mark or getattr(value, "mark", None)
        self.problem(mark, where or "(file)", f"expected a mapping, got {_type_name(value)}")
        return None

    def fields(
        self, data: MarkedDict, allowed: set[str], required: tuple[str, ...], where: str
    ) -> None:
        prefix = f"{where}." if where else ""
        for key in data:
            if key not in allowed:
                hint = did_you_mean(key, allowed)
                self.problem(data.key_marks[key], prefix + key, f"unknown field{hint}")
        for key in required:
            if key not in data:
                self.problem(data.mark, prefix + key, "required field is missing")

    def text(self, data: MarkedDict, key: str, where: str, required: bool = False) -> str:
        if key not in data:
            return ""
        value, mark = data[key], data.value_marks[key]
        if value is None or isinstance(value, bool) or not isinstance(value, str | int | float):
            what = "empty" if value is None else _type_name(value)
            self.problem(mark, f"{where}.{key}", f"expected text, got {what}")
            return ""
        text = str(value).strip()
        if not text:
            self.problem(mark, f"{where}.{key}", "empty value")
        return text

    def text_list(self, data: MarkedDict, key: str, where: str) -> list[str]:
        return [text for text, _ in self.marked_text_list(data, key, where)]

    def marked_text_list(self, data: MarkedDict, key: str, where: str) -> list[tuple[str, Mark]]:
        if key not in data:
            return []
        value, mark = data[key], data.value_marks[key]
        if isinstance(value, str):  # a lone word where a list was meant
            value = MarkedList([value])
            value.mark, value.item_marks = mark, [mark]
        if not isinstance(value, MarkedList):
            what = "empty" if value is None else _type_name(value)
            self.problem(mark, f"{where}.{key}", f"expected a list, got {what}")
            return []
        if not value:
            self.problem(mark, f"{where}.{key}", "empty list")
        out: list[tuple[str, Mark]] = []
        for index, (item, item_mark) in enumerate(zip(value, value.item_marks, strict=True)):
            if (
                isinstance(item, bool)
                or not isinstance(item, str | int | float)
                or not str(item).strip()
            ):
                got = (
                    "empty value"
                    if item in (None, "")
                    else f"expected text, got {_type_name(item)}"
                )
                self.problem(item_mark, f"{where}.{key}[{index}]", got)
                continue
            out.append((str(item).strip(), item_mark))
        return out

    def location(self, mark: Mark | None) -> Location:
        return (
            Location(self.shown_path, mark.line, mark.column) if mark else Location(self.shown_path)
        )

    def mark_of(self, data: MarkedDict, key: str) -> Mark:
        return data.value_marks.get(key, data.mark)


def _empty() -> MarkedDict:
    """A mapping with no keys, standing in for one that was missing or of the wrong type."""
    empty = MarkedDict()
    empty.mark, empty.key_marks, empty.value_marks, empty.duplicate_keys = Mark(0, 0), {}, {}, []
    return empty


def _type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false (YAML reads yes/no/on/off so: quote the word)"
    if value is None:
        return "nothing"
    return type(value).__name__


def _fact_value(value: Any) -> str | None:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, str | int | float):
        return str(value).strip()
    return None


def _check_id(reader: _Reader, data: MarkedDict, where: str) -> str:
    item_id = reader.text(data, "id", where)
    if item_id and not ID_PATTERN.match(item_id):
        reader.problem(
            reader.mark_of(data, "id"),
            f"{where}.id",
            f'"{item_id}" is not kebab-case (lowercase letters, digits, single hyphens)',
        )
    return item_id


def read_pack_meta(reader: _Reader, data: Any) -> Pack | None:
    meta = reader.mapping(data, None, "")
    if meta is None:
        return None
    reader.fields(meta, PACK_FIELDS, PACK_REQUIRED, "")
    pack_id = _check_id(reader, meta, "pack")
    pack = Pack(
        id=pack_id,
        title=reader.text(meta, "title", "pack"),
        path=str(reader.path.parent),
        description=reader.text(meta, "description", "pack"),
        version=reader.text(meta, "version", "pack"),
        license=reader.text(meta, "license", "pack"),
        source_format=reader.text(meta, "imported_format", "pack"),
    )
    pack.domains = _read_domains(reader, meta, "domains", "pack")
    pack.synonyms = read_synonyms(reader, meta)
    for index, raw in enumerate(_list_of(reader, meta, "syllabi", "pack")):
        where = f"syllabi[{index}]"
        syllabus = reader.mapping(raw, meta["syllabi"].item_marks[index], where)
        if syllabus is None:
            continue
        reader.fields(
            syllabus,
            {"id", "title", "url", "domains", "skills"},
            ("id", "title", "domains"),
            where,
        )
        pack.syllabi.append(
            Syllabus(
                id=_check_id(reader, syllabus, where),
                title=reader.text(syllabus, "title", where),
                url=reader.text(syllabus, "url", where),
                domains=tuple(_read_domains(reader, syllabus, "domains", where)),
                skills=tuple(_read_guide_skills(reader, syllabus, where)),
            )
        )
    from knowledge.asking import read_review_settings

    pack.review = read_review_settings(reader, meta)
    return pack if pack_id else None


def _list_of(reader: _Reader, data: MarkedDict, key: str, where: str) -> MarkedList:
    value = data.get(key)
    if key in data and not isinstance(value, MarkedList):
        reader.problem(reader.mark_of(data, key), f"{where}.{key}", "expected a list")
        return MarkedList()
    return value if value is not None else MarkedList()


def _read_domains(reader: _Reader, data: MarkedDict, key: str, where: str) -> list[Domain]:
    domains: list[Domain] = []
    raw_list = _list_of(reader, data, key, where)
    for index, raw in enumerate(raw_list):
        here = f"{where}.{key}[{index}]"
        item = reader.mapping(raw, raw_list.item_marks[index], here)
        if item is None:
            continue
        reader.fields(item, {"id", "title", "weight"}, ("id", "title"), here)
        weight = item.get("weight")
        if weight is not None and (isinstance(weight, bool) or not isinstance(weight, int | float)):
            reader.problem(reader.mark_of(item, "weight"), f"{here}.weight", "expected a number")
            weight = None
        domain_id = _check_id(reader, item, here)
        if domain_id in {d.id for d in domains}:
            reader.problem(item.mark, f"{here}.id", f'duplicate domain "{domain_id}"')
        domains.append(Domain(domain_id, reader.text(item, "title", here), weight))
    return domains


def _read_guide_skills(reader: _Reader, syllabus: MarkedDict, where: str) -> list[Skill]:
    """A syllabus's `skills:` mapping, skill number -> title."""
    if "skills" not in syllabus:
        return []
    here = f"{where}.skills"
    raw = reader.mapping(syllabus["skills"], reader.mark_of(syllabus, "skills"), here) or _empty()
    skills = []
    for key in raw:
        skill_id = str(key)
        if not SKILL_PATTERN.match(skill_id):
            reader.problem(
                raw.key_marks.get(key, raw.mark),
                f"{here}.{skill_id}",
                f'"{skill_id}" is not a skill number such as 1.3 or 1.3.3',
            )
            continue
        skills.append(Skill(skill_id, reader.text(raw, key, here)))
    return skills


def _refs(reader: _Reader, data: MarkedDict, key: str, where: str, want: str) -> list[str]:
    marked = reader.marked_text_list(data, key, where)
    item_id = str(data.get("id") or where)
    for index, (target, mark) in enumerate(marked):
        reader.refer(mark, f"{item_id}.{key}[{index}]", target, want)
    return [target for target, _ in marked]


def _read_common(reader: _Reader, data: MarkedDict, position: str) -> dict[str, Any]:
    where = _name(data, position)
    common: dict[str, Any] = {
        "id": _check_id(reader, data, position),
        "title": reader.text(data, "title", where),
        "domain": reader.text(data, "domain", where),
        "summary": reader.text(data, "summary", where),
        "body": reader.text(data, "body", where),
        "aliases": reader.text_list(data, "aliases", where),
        "tags": [t.lower() for t in reader.text_list(data, "tags", where)],
        "see_also": _refs(reader, data, "see_also", where, "item"),
        "sources": reader.text_list(data, "sources", where),
        "path": str(reader.path),
        "line": data.mark.line,
        "imported_from": reader.text(data, "imported_from", where),
    }
    corrections: list[Correction] = []
    for index, raw in enumerate(_list_of(reader, data, "corrections", where)):
        here = f"{where}.corrections[{index}]"
        item = reader.mapping(raw, data["corrections"].item_marks[index], here)
        if item is None:
            continue
        reader.fields(item, {"said", "now", "source"}, ("said", "now"), here)
        corrections.append(
            Correction(
                said=reader.text(item, "said", here),
                now=reader.text(item, "now", here),
                source=reader.text(item, "source", here),
            )
        )
    common["corrections"] = corrections
    syllabus: dict[str, str | None] = {}
    if "syllabus" in data:
        raw = (
            reader.mapping(data["syllabus"], reader.mark_of(data, "syllabus"), f"{where}.syllabus")
            or _empty()
        )
        for key, value in raw.items():
            if value is not None and not isinstance(value, str):
                reader.problem(
                    raw.value_marks[key], f"{where}.syllabus.{key}", "expected a domain id or null"
                )
                continue
            syllabus[str(key)] = value
    common["syllabus"] = syllabus
    common["skills"] = _read_skills(reader, data, where)
    return common


def _read_skills(reader: _Reader, data: MarkedDict, where: str) -> dict[str, list[str]]:
    """`skills:` maps a syllabus id to the numbered skills (or task statements) the item serves."""
    skills: dict[str, list[str]] = {}
    if "skills" not in data:
        return skills
    here = f"{where}.skills"
    raw = reader.mapping(data["skills"], reader.mark_of(data, "skills"), here) or _empty()
    for key in raw:
        wanted = []
        for skill, mark in reader.marked_text_list(raw, key, here):
            if SKILL_PATTERN.match(skill):
                wanted.append(skill)
            else:
                reader.problem(
                    mark, f"{here}.{key}", f'"{skill}" is not a skill number such as 1.3 or 1.3.3'
                )
        skills[str(key)] = wanted
    return skills


def _name(data: MarkedDict, where: str) -> str:
    """How problems name an item: its id when it has a usable one, else its position."""
    item_id = data.get("id")
    return item_id if isinstance(item_id, str) and ID_PATTERN.match(item_id) else where


def read_entry(reader: _Reader, data: MarkedDict, where: str) -> Entry:
    reader.fields(data, ENTRY_FIELDS, ITEM_REQUIRED, _name(data, where))
    entry = Entry(**_read_common(reader, data, where))
    where = entry.id or where
    if "facts" in data:
        read = reader.mapping(data["facts"], reader.mark_of(data, "facts"), f"{where}.facts")
        if read is not None and not read:
            reader.problem(reader.mark_of(data, "facts"), f"{where}.facts", "empty mapping")
        facts = read if read is not None else _empty()
        seen: dict[str, str] = {}
        for label, raw_value in facts.items():
            value = _fact_value(raw_value)
            here = f"{where}.facts.{label}"
            if value is None:
                reader.problem(
                    facts.value_marks[label],
                    here,
                    f"expected a short text value, got {_type_name(raw_value)}",
                )
                continue
            if not value:
                reader.problem(facts.value_marks[label], here, "empty value")
            key = fact_key(label)
            if not key:
                reader.problem(facts.key_marks[label], here, "a fact label needs a letter or digit")
                continue
            if key in seen:
                reader.problem(
                    facts.key_marks[label], here, f'same key "{key}" as fact "{seen[key]}"'
                )
                continue
            seen[key] = label
            entry.facts.append(Fact(label=str(label), value=value))
    for index, raw in enumerate(_list_of(reader, data, "code", where)):
        here = f"{where}.code[{index}]"
        block = reader.mapping(raw, data["code"].item_marks[index], here)
        if block is None:
            continue
        reader.fields(block, {"language", "caption", "text"}, ("language", "text"), here)
        entry.code.append(
            CodeBlock(
                language=reader.text(block, "language", here),
                caption=reader.text(block, "caption", here),
                text=str(block.get("text") or "").rstrip("\n"),
            )
        )
        if not entry.code[-1].text.strip() and "text" in block:
            reader.problem(reader.mark_of(block, "text"), f"{here}.text", "empty value")
    from knowledge.asking import read_entry_ask

    read_entry_ask(reader, data, entry, where)
    return entry


def read_comparison(reader: _Reader, data: MarkedDict, where: str) -> Comparison:
    reader.fields(data, COMPARISON_FIELDS, ITEM_REQUIRED + COMPARISON_REQUIRED, _name(data, where))
    comparison = Comparison(**_read_common(reader, data, where))
    where = comparison.id or where
    comparison.subjects = _refs(reader, data, "subjects", where, "entry")
    if "subjects" in data and 0 < len(comparison.subjects) < 2:
        reader.problem(
            reader.mark_of(data, "subjects"), f"{where}.subjects", "needs 2 or more entry ids"
        )
    aspects = _list_of(reader, data, "aspects", where)
    if "aspects" in data and not aspects:
        reader.problem(reader.mark_of(data, "aspects"), f"{where}.aspects", "empty list")
    for index, raw in enumerate(aspects):
        here = f"{where}.aspects[{index}]"
        if isinstance(raw, str) and raw.strip():
            comparison.aspects.append(Aspect(key=fact_key(raw), label=""))
            reader.refer(aspects.item_marks[index], here, fact_key(raw), f"aspect:{where}")
            continue
        item = reader.mapping(raw, aspects.item_marks[index], here)
        if item is None:
            continue
        reader.fields(item, {"key", "label", "empty"}, ("key",), here)
        key = reader.text(item, "key", here)
        empty = _refs(reader, item, "empty", here, f"subject:{where}")
        if key:
            comparison.aspects.append(
                Aspect(fact_key(key), reader.text(item, "label", here), tuple(empty))
            )
            reader.refer(reader.mark_of(item, "key"), here, fact_key(key), f"aspect:{where}")
    if "choose" in data:
        choose = (
            reader.mapping(data["choose"], reader.mark_of(data, "choose"), f"{where}.choose")
            or _empty()
        )
        for subject, _ in choose.items():
            line = reader.text(choose, subject, f"{where}.choose")
            reader.refer(
                choose.key_marks[subject],
                f"{where}.choose.{subject}",
                str(subject),
                f"subject:{where}",
            )
            if line:
                comparison.choose[str(subject)] = line
    return comparison


def iter_item_lists(reader: _Reader, data: Any) -> Iterator[tuple[str, MarkedDict, str]]:
    """Yield (kind, raw item, where) for every item of an item file."""
    top = reader.mapping(data, None, "")
    if top is None:
        return
    reader.fields(top, ITEM_FILE_FIELDS, (), "")
    for list_key, kind in (("entries", "entry"), ("comparisons", "comparison")):
        raw_items = _list_of(reader, top, list_key, "")
        for index, raw in enumerate(raw_items):
            where = f"{list_key}[{index}]"
            item = reader.mapping(raw, raw_items.item_marks[index], where)
            if item is not None:
                yield kind, item, where


MAX_FILE_BYTES = 16 * 1024 * 1024  # one pack file; knowledge/FORMAT.md lists every limit
SHOWN_LINE = 160  # characters of the offending line a syntax error quotes


def read_text(path: Path, problems: list[Problem]) -> str | None:
    """A pack file's text (UTF-8, or UTF-16 with its byte-order mark), or None and a problem."""

    def problem(message: str) -> None:
        problems.append(Problem(Location(str(path)), "(file)", message))

    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problem(
                f"{size / 1048576:.1f} MB; the most crib reads is "
                f"{MAX_FILE_BYTES // 1048576} MB in one file (split it)"
            )
            return None
        with path.open("rb") as handle:  # not read_bytes(): a FIFO would block on open too,
            data = handle.read(MAX_FILE_BYTES + 1)  # but pack_files never lists one
    except OSError as error:
        problem(f"cannot read: {error.strerror or error}")
        return None
    encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        problem(
            f"not {encoding.removesuffix('-sig').upper()} text (byte {data[error.start]:#04x} at "
            f"offset {error.start}); save the file as UTF-8"
        )
        return None


def _quoted_line(line: str, column: int) -> tuple[str, int]:
    """The offending line, cut to SHOWN_LINE characters around the column."""
    if len(line) <= SHOWN_LINE:
        return line, column
    start = max(0, min(column - SHOWN_LINE // 2, len(line) - SHOWN_LINE))
    piece = line[start : start + SHOWN_LINE]
    prefix = "…" if start else ""
    suffix = "…" if start + SHOWN_LINE < len(line) else ""
    return prefix + piece + suffix, column - start + len(prefix)


def read_file(path: Path, problems: list[Problem]) -> Any:
    """Parse one YAML file, turning every read or syntax error into a problem."""
    text = read_text(path, problems)
    if text is None:
        return None
    try:
        return load_marked(text)
    except YamlSyntaxError as error:
        message = f"YAML syntax error: {error.message}"
        if error.source_line.strip():
            line, column = _quoted_line(clean_line(error.source_line), error.column)
            message += f"\n    {line}\n    {' ' * max(column - 1, 0)}^"
        problems.append(Problem(Location(str(path), error.line, error.column), "(yaml)", message))
        return None
    except (RecursionError, MemoryError) as error:  # never let one file stop the others
        problems.append(
            Problem(Location(str(path)), "(yaml)", f"too large or deep to read ({error!r})")
        )
        return None


def load_pack_dir(pack_dir: Path, origin: str = "") -> PackLoad:
    """Read and check one pack folder: its metadata, items and their references."""
    result = PackLoad(path=pack_dir)
    meta_path = pack_dir / PACK_FILE
    if not meta_path.is_file():
        result.problems.append(
            Problem(Location(str(pack_dir)), "(pack)", f"no {PACK_FILE} in this folder")
        )
        return result
    meta_reader = _Reader(meta_path, result.problems, result.references)
    data = read_file(meta_path, result.problems)
    pack = read_pack_meta(meta_reader, data) if data is not None or not result.problems else None
    if data is None and not result.problems:
        meta_reader.problem(None, "(file)", "empty pack.yaml")
    if pack is None:
        return result
    pack.origin = origin
    result.pack = pack
    from knowledge.cards import read_declared_cards  # cards import the loader's helpers

    for path, reason in unreadable_paths(pack_dir):
        result.skipped_files.append(Problem(Location(str(path)), "(file)", f"{reason}; skipped"))
    for path in pack_files(pack_dir)[1:]:
        reader = _Reader(path, result.problems, result.references)
        data = read_file(path, result.problems)
        if data is None:
            continue
        for kind, raw, where in iter_item_lists(reader, data):
            if kind == "entry":
                entry = read_entry(reader, raw, where)
                entry.pack = pack.id
                result.entries.append(entry)
            else:
                comparison = read_comparison(reader, raw, where)
                comparison.pack = pack.id
                result.comparisons.append(comparison)
        read_declared_cards(reader, data, pack)
    from knowledge.checks import check_pack  # the cross-item rules

    check_pack(result)
    from knowledge.asking import review_problems, review_warnings

    review_at = Location(str(meta_path), pack.review.line, 1)
    for message in review_problems(pack.review, result.entries, [s.id for s in pack.syllabi]):
        field_name, _, text = message.partition(": ")
        result.problems.append(Problem(review_at, field_name, text))
    for message in review_warnings(pack.review, result.entries):
        field_name, _, text = message.partition(": ")
        result.warnings.append(Problem(review_at, field_name, text))
    return result
