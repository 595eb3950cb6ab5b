"""A comparison drawn to fit: subjects as columns with a fixed header, or turned (one block per
aspect, a line per subject) when the columns would be too narrow to read."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.table import Table as RichTable
from rich.text import Text

from knowledge.asking import short_name
from knowledge.compare import Row, Table
from tui.output import row_cells, same_for_all

MIN_ASPECT, MAX_ASPECT = 10, 22  # the aspect column: the longest label, within these bounds
MIN_SUBJECT = 16  # narrower than this a subject's column is unreadable: turn the table instead
MAX_SUBJECT = 48  # wider than this a column is no easier to read, only longer lines
MAX_NAME = 28  # the subject-name column of the turned table
DIFFERS = Text("≠", style="bold yellow")


@dataclass(frozen=True)
class Columns:
    """How the columns fit a width: each one's width and how many subjects show at once."""

    aspect: int
    subject: int
    visible: int  # subjects shown side by side
    fits_all: bool  # every subject fits at a readable width


def fit_columns(table: Table, width: int) -> Columns:
    """Widths for the table at `width` columns."""
    labels = [len(row.label) for row in table.rows] or [MIN_ASPECT]
    aspect = max(MIN_ASPECT, min(MAX_ASPECT, max(labels)))
    count = len(table.subjects)

    def subject_width(shown: int) -> int:
        # mark (1) + aspect + subjects, two columns of padding between neighbours
        return (width - 1 - aspect - 2 * (shown + 1)) // max(shown, 1)

    if subject_width(count) >= MIN_SUBJECT:
        return Columns(aspect, min(subject_width(count), MAX_SUBJECT), count, True)
    shown = max((n for n in range(1, count) if subject_width(n) >= MIN_SUBJECT), default=1)
    return Columns(aspect, min(max(subject_width(shown), 8), MAX_SUBJECT), shown, False)


def _grid(columns: Columns, shown: int) -> RichTable:
    grid = RichTable(box=None, show_header=False, pad_edge=False, padding=(0, 1), expand=False)
    grid.add_column(no_wrap=True, width=1)
    grid.add_column(width=columns.aspect, style="bold")
    for _ in range(shown):
        grid.add_column(width=columns.subject, overflow="fold")
    return grid


def column_header(table: Table, columns: Columns, first: int, shown: int) -> RenderableType:
    """The subjects' names over their columns: drawn apart from the rows so it stays put."""
    grid = _grid(columns, shown)
    names = [Text(s.title, style="bold") for s in table.subjects[first : first + shown]]
    grid.add_row("", Text("Aspect", style="dim"), *names)
    width = 1 + columns.aspect + shown * columns.subject + 2 * (shown + 1)
    return Group(grid, Text("─" * width, style="dim"))


def _wraps(row: Row, width: int) -> bool:
    return any(v is not None and len(v) > width for v in row.values)


def _is(row: Row, highlight: str | None) -> bool:
    return bool(highlight) and row.label.casefold() == (highlight or "").casefold()


def column_body(
    table: Table, columns: Columns, first: int, shown: int, highlight: str | None = None
) -> RenderableType:
    """The rows under the header; rows alike for every subject are said once at the end; the
    row labelled `highlight` (an answer line that was opened) stands out."""
    rows = [row for row in table.rows if not row.same]
    grid = _grid(columns, shown)
    # A blank line between rows once cells wrap, so a wrapped value never reads as the next row.
    spaced = any(_wraps(row, columns.subject) for row in rows)
    for number, row in enumerate(rows):
        if spaced and number:
            grid.add_row()
        cells = row_cells(table, row)[first : first + shown]
        style = "reverse" if _is(row, highlight) else ""
        grid.add_row(DIFFERS if row.differs else "", Text(row.label), *cells, style=style)
    if table.choose:
        grid.add_row()
        subjects = table.subjects[first : first + shown]
        choose = [Text(table.choose.get(s.id, ""), style="italic") for s in subjects]
        grid.add_row("", Text("Choose when"), *choose)
    return _with_footnotes(grid, table)


def turned(table: Table, width: int, highlight: str | None = None) -> RenderableType:
    """One block per aspect with a line per subject: every name and value readable at any width."""
    names = [short_name(s.title) for s in table.subjects]
    if len(set(names)) < len(names):  # alike once their hints go: the full titles, then
        names = [s.title for s in table.subjects]
    name_width = min(MAX_NAME, max(map(len, names)), max(width // 3, 8))
    parts: list[RenderableType] = []

    def block(heading: Text, values: list[Text]) -> None:
        lines = RichTable(box=None, show_header=False, pad_edge=False, padding=(0, 1))
        lines.add_column(width=name_width, style="dim", overflow="fold")
        lines.add_column(ratio=1)
        for name, value in zip(names, values, strict=True):
            lines.add_row(Text(name), value)
        parts.extend([heading, lines, Text("")])

    for row in table.rows:
        if row.same:
            continue
        label_style = "bold reverse" if _is(row, highlight) else "bold"
        heading = Text.assemble(
            ("≠ " if row.differs else "  ", "bold yellow"), (row.label, label_style)
        )
        block(heading, row_cells(table, row))
    if table.choose:
        choose = [Text(table.choose.get(s.id, ""), style="italic") for s in table.subjects]
        block(Text("  Choose when", style="bold"), choose)
    return _with_footnotes(Group(*parts), table)


def _with_footnotes(body: RenderableType, table: Table) -> RenderableType:
    parts = [body]
    same = same_for_all(table)
    if same is not None:
        parts += [Text(""), same]
    return Group(*parts)


def table_summary(table: Table) -> str:
    """How many aspects tell the subjects apart, for the line above the table."""
    rows = table.rows
    differ = sum(row.differs for row in rows)
    alike = sum(row.same for row in rows)
    text = f"{len(table.subjects)} subjects · {differ} of {len(rows)} aspects differ (≠)"
    if alike:
        text += f" · {alike} alike (at the end)"
    return text
