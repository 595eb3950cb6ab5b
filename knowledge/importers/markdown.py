"""Markdown notes: each heading with content is an entry; `Label: value` lines and two-column
tables are its facts, wider tables whose first column names aspects are comparisons, fenced code
is code, and the rest is the body. A heading with no content of its own names a domain."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from knowledge.importers.cheat import front_matter
from knowledge.importers.common import PackBuilder, first_sentence, one_line, read_source, skip
from knowledge.model import Aspect, CodeBlock, Comparison, Entry, Fact, fact_key

_LABEL = re.compile(r"^\s*(?:[-*+]\s+)?\**([A-Za-z0-9][^:*]{0,39}?)\**\s*:\**\s+(\S.*)$")
_MAX_LABEL_WORDS = 6
_MAX_FACT_VALUE = 160
_INLINE_MARKUP = re.compile(r"\*\*|__|`")
_ASPECT_HEADERS = {
    "",
    "aspect",
    "aspects",
    "feature",
    "features",
    "parameter",
    "property",
    "attribute",
    "criteria",
    "criterion",
    "characteristic",
}
_KRAMDOWN = re.compile(r"^\s*\{:.*\}\s*$")  # devhints' `{: .-three-column}` styling lines


@dataclass
class Section:
    """What one heading holds, before it becomes an entry."""

    title: str
    level: int
    line: int
    parents: list[str]
    body: list[str] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    code: list[CodeBlock] = field(default_factory=list)
    tables: list[tuple[list[list[str]], int]] = field(default_factory=list)
    lead: str = ""  # the first paragraph or bullet, for the summary

    @property
    def has_content(self) -> bool:
        return bool(self.body or self.facts or self.code or self.tables)


def label_value(line: str) -> Fact | None:
    """`Label: value` as a fact when the label is short and the value fits on a line."""
    match = _LABEL.match(line)
    if not match or match.group(2).startswith("//"):  # "https://…" is not a label
        return None
    label, value = match.group(1).strip(), _INLINE_MARKUP.sub("", match.group(2)).strip()
    if len(label.split()) > _MAX_LABEL_WORDS or len(value) > _MAX_FACT_VALUE or not fact_key(label):
        return None
    return Fact(_INLINE_MARKUP.sub("", label), value)


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def _table_rows(tokens: list[Token], start: int) -> tuple[list[list[str]], int]:
    rows: list[list[str]] = []
    index = start
    while tokens[index].type != "table_close":
        token = tokens[index]
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline" and rows:
            rows[-1].append(_INLINE_MARKUP.sub("", token.content).strip())
        index += 1
    return rows, index


def sections_of(
    text: str, doc_title: str, line_of: Callable[[int], int] = lambda i: i + 1
) -> list[Section]:
    """The document as sections; content before the first heading belongs to `doc_title`.

    `line_of` maps a 0-based line of `text` to the 1-based line of the file it came from.
    """
    lines = text.split("\n")
    tokens = _parser().parse(text)
    stack: list[Section] = []
    current = Section(doc_title, 0, 1, [])
    sections = [current]
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.level != 0 or token.map is None:
            index += 1
            continue
        first, last = token.map
        if token.type == "heading_open":
            level = int(token.tag[1])
            title = _INLINE_MARKUP.sub("", tokens[index + 1].content).strip() or doc_title
            while stack and stack[-1].level >= level:
                stack.pop()
            current = Section(title, level, line_of(first), [s.title for s in stack])
            stack.append(current)
            sections.append(current)
            index += 3
            continue
        if token.type in ("fence", "code_block"):
            language = (token.info.split() or ["text"])[0]
            current.code.append(CodeBlock(language, token.content.rstrip("\n"), ""))
        elif token.type == "table_open":
            rows, index = _table_rows(tokens, index)
            current.tables.append((rows, line_of(first)))
        elif token.type == "paragraph_open":
            _paragraph(current, lines[first:last])
        elif token.type == "bullet_list_open" or token.type == "ordered_list_open":
            block = lines[first:last]
            facts = [label_value(line) for line in block if line.strip()]
            if (
                facts
                and all(facts)
                and len(facts) == sum(1 for b in block if re.match(r"\s*[-*+\d]", b))
            ):
                current.facts += [f for f in facts if f]
            else:
                current.body.append("\n".join(block).rstrip())
                current.lead = current.lead or _bullet_lead(block)
        elif token.type != "hr":
            current.body.append("\n".join(lines[first:last]).rstrip())
        index += 1
    return sections


def _paragraph(section: Section, block: list[str]) -> None:
    prose: list[str] = []
    for line in block:
        if _KRAMDOWN.match(line):
            continue
        fact = label_value(line)
        if fact is not None:
            section.facts.append(fact)
        else:
            prose.append(line)
    if prose:
        section.body.append("\n".join(prose).rstrip())
        if not section.lead:
            lead = " ".join(p.strip() for p in prose)
            if not lead.rstrip().endswith(":"):  # "It is:" introduces a list; it is no summary
                section.lead = _INLINE_MARKUP.sub("", lead)


def _bullet_lead(block: list[str]) -> str:
    items = [re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", b).strip() for b in block if b.strip()]
    return _INLINE_MARKUP.sub("", "; ".join(items[:3]))


def _is_comparison(rows: list[list[str]], title: str) -> bool:
    """Wider tables whose first column names aspects: a header of subjects, then aspect rows.

    Told from other tables (a route table, a list of commands) by the heading ("X vs Y") or by
    a first header cell that names aspects ("Feature", "Parameter", or nothing).
    """
    if len(rows) < 2 or len(rows[0]) < 3:
        return False
    folded = f" {title.casefold()} "
    compares = any(w in folded for w in (" vs ", " vs. ", " versus ", "compar", "difference"))
    if not compares and rows[0][0].casefold().strip() not in _ASPECT_HEADERS:
        return False
    subjects = rows[0][1:]
    if not all(subjects) or len({s.casefold() for s in subjects}) != len(subjects):
        return False
    labels = [r[0] for r in rows[1:] if r]
    return all(labels) and len({fact_key(label) for label in labels}) == len(labels)


def _is_fact_table(rows: list[list[str]]) -> bool:
    """A two-column table of short labels and their values (not two columns of sentences)."""
    labels = [r[0] for r in rows[1:] if len(r) == 2]
    return bool(labels) and all(
        label and len(label) <= 40 and len(label.split()) <= _MAX_LABEL_WORDS for label in labels
    )


def add_sections(
    builder: PackBuilder, sections: list[Section], shown: str, file_domain: str
) -> None:
    """Entries (and comparisons) from one document's sections."""
    by_title: dict[str, Entry] = {}
    for position, section in enumerate(sections):
        domain = _domain_of(builder, sections, position, file_domain)
        tables = []
        for rows, line in section.tables:
            if len(rows) >= 2 and len(rows[0]) == 2 and _is_fact_table(rows):
                section.facts += [
                    Fact(r[0], r[1]) for r in rows[1:] if len(r) == 2 and r[0] and r[1]
                ]
            elif _is_comparison(rows, section.title):
                tables.append((rows, line))
            else:
                section.body.append(_table_markdown(rows))
                if not section.lead and len(rows) >= 2:  # "A: first row; B: first row"
                    pairs = zip(rows[0], rows[1], strict=False)
                    section.lead = "; ".join(
                        f"{head}: {cell}" for head, cell in pairs if head and cell
                    )
        if section.body or section.facts or section.code:
            entry = builder.entry(
                section.title,
                title=section.title,
                domain=domain,
                summary=first_sentence(section.lead)
                if section.lead
                else _fallback_summary(section),
                path=shown,
                line=section.line,
                tags=[],
                body="\n\n".join(section.body),
                facts=section.facts,
                code=section.code,
            )
            by_title.setdefault(section.title.casefold(), entry)
        for rows, line in tables:
            _add_comparison(builder, section, rows, line, shown, domain, by_title)


def _domain_of(
    builder: PackBuilder, sections: list[Section], position: int, file_domain: str
) -> str:
    """The nearest heading above that holds nothing of its own, else the file."""
    section = sections[position]
    for earlier in reversed(sections[:position]):
        ancestor = earlier.level < section.level and earlier.title in section.parents
        if ancestor and not earlier.has_content and earlier.level > 0:
            return builder.domain(earlier.title)
    return file_domain


def _fallback_summary(section: Section) -> str:
    if section.facts:
        return "; ".join(f"{f.label}: {f.value}" for f in section.facts[:3])
    if section.code:
        return f"{section.title}: {len(section.code)} code example{'s' if len(section.code) > 1 else ''}"
    return section.title


def _table_markdown(rows: list[list[str]]) -> str:
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    lines = ["| " + " | ".join(r + [""] * (width - len(r))) + " |" for r in rows]
    return "\n".join([lines[0], "|" + "---|" * width, *lines[1:]])


def _add_comparison(
    builder: PackBuilder,
    section: Section,
    rows: list[list[str]],
    line: int,
    shown: str,
    domain: str,
    by_title: dict[str, Entry],
) -> None:
    subjects: list[Entry] = []
    for column, name in enumerate(rows[0][1:], 1):
        subject = by_title.get(name.casefold())
        if subject is None:
            subject = builder.entry(
                name,
                title=name,
                domain=domain,
                summary=f"{name}, as compared in {section.title}",
                path=shown,
                line=line,
            )
            by_title[name.casefold()] = subject
        known = {f.key for f in subject.facts}
        for row in rows[1:]:
            if column < len(row) and row[column] and fact_key(row[0]) not in known:
                subject.facts.append(Fact(row[0], row[column]))
        subjects.append(subject)
    aspects = [Aspect(fact_key(r[0]), "") for r in rows[1:] if any(s.fact(r[0]) for s in subjects)]
    title = (
        section.title
        if " vs" in section.title.casefold()
        else " vs ".join(s.title for s in subjects)
    )
    comparison = Comparison(
        id=builder.new_id(title),
        title=one_line(title, 120),
        domain=domain,
        summary=one_line(
            f"{' vs '.join(s.title for s in subjects)}: " + ", ".join(r[0] for r in rows[1:4])
        ),
        pack=builder.pack_id,
        path=shown,
        line=line,
        subjects=[s.id for s in subjects],
        aspects=aspects,
    )
    builder.comparisons.append(comparison)


def add_markdown(builder: PackBuilder, path: Path, shown: str) -> None:
    """Read one Markdown note file into the builder."""
    text = read_source(path, builder.problems)
    if text is None:
        return
    lines = text.split("\n")
    meta, start = front_matter(lines, shown, builder.problems)
    body = "\n".join([""] * start + lines[start:])  # front matter blanked: lines keep their numbers
    doc_title = str(meta.get("title") or "").strip() or path.stem.replace("-", " ").replace(
        "_", " "
    )
    sections = sections_of(body, doc_title)
    heads = [s for s in sections if s.level > 0]
    if (
        len([s for s in heads if s.level == 1]) == 1
        and heads[0].level == 1
        and not sections[0].has_content
    ):
        doc_title = heads[0].title  # one `# Title` at the top names the document
    if not any(s.has_content for s in sections):
        builder.problems.append(skip(shown, 1, "no text under any heading"))
        return
    add_sections(builder, sections, shown, builder.domain(doc_title))
