"""An item as Markdown: for the clipboard, notes and other tools."""

from __future__ import annotations

from knowledge.base import KnowledgeBase
from knowledge.compare import Table
from knowledge.model import Comparison, Entry


def _cell(text: str | None) -> str:
    return "—" if text is None else text.replace("|", "\\|").replace("\n", " ")


def table_markdown(table: Table) -> str:
    """A Markdown table: aspects as rows, subjects as columns, differing rows marked ≠."""
    head = ["", "Aspect", *(s.title for s in table.subjects)]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in table.rows:
        mark = "≠" if row.differs else ""
        lines.append("| " + " | ".join([mark, _cell(row.label), *map(_cell, row.values)]) + " |")
    if table.choose:
        choose = [_cell(table.choose.get(s.id, "")) for s in table.subjects]
        lines.append("| | **Choose when** | " + " | ".join(choose) + " |")
    return "\n".join(lines)


def item_markdown(item: Entry | Comparison, base: KnowledgeBase) -> str:
    """Everything about one item, as Markdown."""
    parts = [f"# {item.title}", "", f"*{item.summary}*", ""]
    if item.aliases:
        parts += [f"Also: {', '.join(item.aliases)}", ""]
    if isinstance(item, Comparison):
        parts += [table_markdown(base.table([item.id])), ""]
    elif item.facts:
        parts += ["| Aspect | Value |", "|---|---|"]
        parts += [f"| {_cell(f.label)} | {_cell(f.value)} |" for f in item.facts]
        parts.append("")
    if item.body:
        parts += [item.body.strip(), ""]
    for block in getattr(item, "code", []):
        if block.caption:
            parts.append(f"**{block.caption}**")
        parts += [f"```{block.language}", block.text, "```", ""]
    for correction in item.corrections:
        parts.append(f"> **Correction.** The notes said: {correction.said}  ")
        parts.append(
            f"> True now: {correction.now}"
            + (f" ([source]({correction.source}))" if correction.source else "")
        )
        parts.append("")
    if item.see_also:
        names = [base.items[i].title if i in base.items else i for i in item.see_also]
        parts += ["See also: " + ", ".join(names), ""]
    if item.sources:
        parts += ["Sources:", *(f"- {url}" for url in item.sources), ""]
    return "\n".join(parts).rstrip() + "\n"
