"""Rich rendering for the one-shot commands: results, items, tables, lists and packs.

The same renderables are reused by the app's reading pane, so an item looks alike everywhere.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table as RichTable
from rich.text import Text

from knowledge.text import shorten
from tui.pager import emit

if TYPE_CHECKING:
    from index.answers import Answer
    from index.search import SearchResult
    from knowledge.base import KnowledgeBase
    from knowledge.compare import Row, Table
    from knowledge.model import CodeBlock, Comparison, Correction, Entry, Problem

MATCH_STYLE = "bold reverse"
KIND_MARK = {"entry": "entry", "comparison": "compare"}


def console() -> Console:
    """A console that keeps to 80 columns and no colour when not writing to a terminal."""
    # Pack text is never markup or emoji codes: "[/x]" and ":smile:" print as written.
    if sys.stdout.isatty():
        return Console(highlight=False, markup=False, emoji=False)
    return Console(
        highlight=False, markup=False, emoji=False, width=80, no_color=True, soft_wrap=False
    )


def highlighted(text: str, ranges: list[tuple[int, int]], base: str = "") -> Text:
    out = Text(text, style=base)
    for start, end in ranges:
        out.stylize(MATCH_STYLE, start, end)
    return out


def answer_text(answer: Answer) -> Text:
    """One answer line: "CloudTrail · Default retention: Event history 90 days"."""
    from index.schema import short_title

    return Text.assemble(
        (short_title(answer.title), "bold"),
        " · ",
        (f"{answer.label}: ", "bold"),
        answer.value,
        (f"  {answer.id}", "dim"),
    )


def results_renderable(result: SearchResult) -> RenderableType:
    parts: list[RenderableType] = []
    if result.suggestion is not None:
        parts.append(
            Text.assemble(
                "Did you mean: ", (shorten(result.suggestion.query), "bold"), "  (searched for it)"
            )
        )
    if result.answers:
        parts.append(answer_text(result.answers[0]))
    if not result.hits:
        parts.append(Text("No results. Try fewer words, or `crib list` to browse.", style="dim"))
        return Group(*parts)
    table = RichTable(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
    table.add_column("#", justify="right", style="dim", no_wrap=True, width=2)
    table.add_column("Result", ratio=1)
    table.add_column("Kind / domain", style="dim", no_wrap=True, max_width=22)
    for number, hit in enumerate(result.hits, 1):
        title = highlighted(hit.title, hit.title_matches, "bold")
        title.append(f"  {hit.id}", style="dim")
        cell = Group(title, highlighted(hit.snippet, hit.snippet_matches))
        table.add_row(str(number), cell, Text(f"{KIND_MARK.get(hit.kind, hit.kind)}\n{hit.domain}"))
    parts.append(table)
    return Group(*parts)


def print_results(result: SearchResult) -> None:
    emit(console(), results_renderable(result))


ANSWER_STYLE = "reverse"  # the fact or row an answer line opened


def facts_table(entry: Entry, highlight: str | None = None) -> RichTable:
    """The entry's facts; the one labelled `highlight` (an answer that was opened) stands out."""
    table = RichTable(box=box.SIMPLE, show_header=False, pad_edge=False, expand=True)
    table.add_column("Aspect", style="bold", ratio=1)
    table.add_column("Value", ratio=2)
    wanted = highlight.casefold() if highlight else None
    for fact in entry.facts:
        style = ANSWER_STYLE if wanted == fact.label.casefold() else ""
        table.add_row(Text(fact.label), Text(fact.value), style=style)
    return table


def correction_text(correction: Correction) -> Text:
    """What the notes said and what is true now (the source goes outside the box: see url_line)."""
    return Text.assemble(
        ("The notes said: ", "bold"), correction.said, "\n", ("True now: ", "bold"), correction.now
    )


def url_line(label: str, url: str) -> Text:
    """A line ending in a URL that is never broken: it runs past the width instead."""
    return Text(f"{label}{url}", style="dim", no_wrap=True, overflow="ignore")


def code_renderable(block: CodeBlock) -> RenderableType:
    """A code block with syntax highlighting, wrapped to the width."""
    from rich.syntax import Syntax

    return Syntax(block.text, block.language or "text", word_wrap=True, theme="ansi_dark")


def item_renderable(
    item: Entry | Comparison, base: KnowledgeBase, *, brief: bool = False
) -> RenderableType:
    """Everything about one item: summary, facts, body, code, corrections, sources, links.

    `brief` keeps what a quick lookup wants: the summary, the facts (or the table) and what
    the notes got wrong."""
    from rich.markdown import Markdown

    pack = base.pack(item.pack)
    domain = pack.domain_title(item.domain) if pack else item.domain
    header = Text.assemble(
        (item.title, "bold"), "  ", (f"{item.kind} · {domain} · {item.id}", "dim")
    )
    parts: list[RenderableType] = [header]
    if pack is not None and (pack.format != "crib" or item.imported_from):
        parts.append(Text(origin_line(item, pack), style="dim"))
    if item.aliases:
        parts.append(Text("Also: " + ", ".join(item.aliases), style="dim"))
    parts.append(Text(item.summary, style="italic"))
    if item.kind == "comparison":
        parts.append(table_renderable(base.table([item.id])))
    elif item.facts:  # type: ignore[union-attr]
        parts.append(facts_table(item))  # type: ignore[arg-type]
    if brief:
        for correction in item.corrections:
            parts.append(Text.assemble(("Correction: ", "bold yellow"), correction.now))
        return Group(*parts)
    if item.body:
        parts.append(Markdown(item.body))
    for block in getattr(item, "code", []):
        parts.append(
            Panel(
                code_renderable(block),
                title=Text(block.caption or block.language),
                title_align="left",
                box=box.ROUNDED,
            )
        )
    for correction in item.corrections:
        parts.append(
            Panel(
                correction_text(correction),
                title="Correction",
                title_align="left",
                border_style="yellow",
            )
        )
        if correction.source:
            parts.append(url_line("Source: ", correction.source))
    if item.see_also:
        names = [f"{base.items[i].title} ({i})" if i in base.items else i for i in item.see_also]
        parts.append(Text("See also: " + ", ".join(names), style="dim"))
    if item.syllabus:
        from knowledge.model import exam_guides_text, skill_lines

        parts.append(Text("Exam guides: " + exam_guides_text(item), style="dim"))
        parts.extend(Text("  " + line, style="dim") for line in skill_lines(item, pack))
    for source in item.sources:
        parts.append(url_line("Source: ", source))
    return Group(*parts)


def print_item(item: Entry | Comparison, base: KnowledgeBase, *, brief: bool = False) -> None:
    """The item on stdout: paged on a terminal when taller than it, plain when piped."""
    emit(console(), item_renderable(item, base, brief=brief), page=True)


def value_text(value: str | None, not_applicable: bool = False) -> Text:
    """A table cell: the value; n/a where the pack says it does not apply; else a dim dash."""
    if value is not None:
        return Text(value)
    return Text("n/a", style="dim italic") if not_applicable else Text("—", style="dim")


def row_cells(table: Table, row: Row) -> list[Text]:
    """One cell per subject of `row`."""
    return [
        value_text(value, subject.id in row.empty)
        for subject, value in zip(table.subjects, row.values, strict=True)
    ]


def same_for_all(table: Table) -> Text | None:
    """The rows that tell no subject apart, said once each (None when there are none)."""
    rows = [row for row in table.rows if row.same]
    if not rows:
        return None
    text = Text("Same for all: ", style="bold")
    for number, row in enumerate(rows):
        text.append("; " if number else "")
        text.append(row.label, style="bold")
        text.append(f" {row.values[0]}")
    return text


def table_renderable(table: Table, highlight: str | None = None) -> RenderableType:
    """Subjects as columns, aspects as rows; ≠ marks rows where given values differ, and rows
    alike for every subject are said once underneath; the row labelled `highlight` (an answer
    that was opened) stands out."""
    grid = RichTable(box=box.SIMPLE_HEAD, expand=True, pad_edge=False, show_lines=False)
    grid.add_column("", no_wrap=True, width=1)
    grid.add_column("Aspect", style="bold", ratio=2)
    for subject in table.subjects:
        grid.add_column(Text(subject.title), ratio=3, overflow="fold")
    for row in table.rows:
        if row.same:
            continue
        mark = Text("≠", style="bold yellow") if row.differs else Text("")
        style = ANSWER_STYLE if highlight and row.label.casefold() == highlight.casefold() else ""
        grid.add_row(mark, Text(row.label), *row_cells(table, row), style=style)
    if table.choose:
        grid.add_section()
        choose = [Text(table.choose.get(s.id, ""), style="italic") for s in table.subjects]
        grid.add_row("", Text("Choose when", style="bold"), *choose)
    parts: list[RenderableType] = [Text(table.title, style="bold"), grid]
    same = same_for_all(table)
    if same is not None:
        parts.append(same)
    legend = "≠ marks rows where the values given differ; — is not given"
    if any(row.empty for row in table.rows):
        legend += "\nn/a: the pack says the row does not apply"
    parts.append(Text(legend, style="dim"))
    return Group(*parts)


def print_table(table: Table) -> None:
    emit(console(), table_renderable(table), page=True)


def list_renderable(
    items: list[Entry | Comparison], counts: dict[str, Any], base: KnowledgeBase
) -> RenderableType:
    """Items under their pack and domain; ids in full (they are what show and compare take)."""
    parts: list[RenderableType] = []
    groups: dict[tuple[str, str], list[Entry | Comparison]] = {}
    for item in items:
        groups.setdefault((item.pack, item.domain), []).append(item)
    for (pack_id, domain_id), group in groups.items():
        pack = base.pack(pack_id)
        domain = pack.domain_title(domain_id) if pack else domain_id
        parts.append(
            Text.assemble(
                (domain, "bold"), (f"  {pack_id} · {domain_id} · {len(group)} items", "dim")
            )
        )
        table = RichTable(box=None, show_header=False, pad_edge=False, expand=True)
        table.add_column("Id", no_wrap=True, min_width=max(len(i.id) for i in group))
        table.add_column("Kind", style="dim", no_wrap=True)
        table.add_column("Title", ratio=1)
        for item in group:
            table.add_row(Text(item.id), KIND_MARK.get(item.kind, item.kind), Text(item.title))
        parts.append(table)
        parts.append(Text(""))
    kinds = ", ".join(f"{n} {k}{'s' if n != 1 else ''}" for k, n in counts["kind"].items())
    parts.append(
        Text(f"{counts['total']} items ({kinds}); {counts['corrections']} corrections", "dim")
    )
    for syllabus, domains in counts["syllabus"].items():
        spread = ", ".join(f"{d} {n}" for d, n in domains.items() if n)
        parts.append(Text(f"{syllabus}: {spread}", "dim"))
    return Group(*parts)


def print_list(
    items: list[Entry | Comparison], counts: dict[str, Any], base: KnowledgeBase
) -> None:
    emit(console(), list_renderable(items, counts, base), page=True)


def pack_format(pack: Any) -> str:
    """How a pack is read: crib YAML, YAML imported from tldr, or tldr pages read directly."""
    if pack.format != "crib":
        return pack.format
    return f"yaml (from {pack.source_format})" if pack.source_format else "yaml"


def origin_line(item: Any, pack: Any) -> str:
    """Which pack an item is in, in which format, and the file and line it was read from."""
    line = f"pack {pack.title} · {pack_format(pack)}"
    where = item.imported_from or (f"{item.path}:{item.line}" if pack.format != "crib" else "")
    return f"{line} · {where}" if where else line


def print_packs(base: KnowledgeBase, meta: dict[str, Any], source_problems: list[Problem]) -> None:
    parts: list[RenderableType] = []
    table = RichTable(box=box.SIMPLE_HEAD, pad_edge=False, expand=True)
    table.add_column("Pack", ratio=1, overflow="fold")
    table.add_column("From", no_wrap=True, style="dim")
    table.add_column("Entries", justify="right", no_wrap=True)
    table.add_column("Comparisons", justify="right", no_wrap=True)
    for pack in base.packs:
        entries = sum(1 for e in base.entries if e.pack == pack.id)
        comparisons = sum(1 for c in base.comparisons if c.pack == pack.id)
        name = Text.assemble((pack.id, "bold"), f"  {pack.title}\n", (pack.path, "dim"))
        table.add_row(name, f"{pack.origin}\n{pack_format(pack)}", str(entries), str(comparisons))
    parts.append(table)
    for problem in meta.get("skipped_files", []):
        parts.append(Text(str(problem), style="yellow"))
    for skipped in meta.get("skipped", []):
        parts.append(Text(f"Skipped {skipped['path']}: {skipped['reason']}", style="bold red"))
    for problem in source_problems:
        parts.append(Text(f"Not loaded: {problem}", style="bold red"))
    parts.append(
        Text(f"Index: {meta.get('items', 0)} items, built {meta.get('built', '?')}", style="dim")
    )
    emit(console(), Group(*parts))


@contextlib.contextmanager
def index_progress() -> Iterator[Any]:
    """A progress callback that shows a bar on a terminal once there is enough work to watch."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    bar = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task: list[Any] = []

    def update(done: int, total: int) -> None:
        if total < 300 or not bar.console.is_terminal:
            return
        if not task:
            bar.start()
            task.append(bar.add_task("Indexing", total=total))
        bar.update(task[0], completed=done)

    try:
        yield update
    finally:
        bar.stop()
