"""A dialog that picks a filter (domain, kind, exam domain, tag) and returns it as query text."""

from __future__ import annotations

from collections import Counter

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from knowledge.base import KnowledgeBase


def filter_options(base: KnowledgeBase) -> list[tuple[str, str]]:
    """(token, label) for every filter worth offering, with item counts."""
    items = list(base.items.values())
    domains = Counter(i.domain for i in items)
    tags = Counter(t for i in items for t in i.tags)
    options: list[tuple[str, str]] = [
        ("kind:entry", f"Entries only ({sum(i.kind == 'entry' for i in items)})"),
        ("kind:comparison", f"Comparisons only ({sum(i.kind == 'comparison' for i in items)})"),
    ]
    for pack in base.packs:
        for domain in pack.domains:
            if domains[domain.id]:
                options.append(
                    (f"domain:{domain.id}", f"Domain: {domain.title} ({domains[domain.id]})")
                )
        for syllabus in pack.syllabi:
            for domain in syllabus.domains:
                count = sum(i.syllabus.get(syllabus.id) == domain.id for i in items)
                weight = f", {domain.weight:g}%" if domain.weight else ""
                options.append(
                    (
                        f"{syllabus.id}:{domain.id}",
                        f"{syllabus.id.upper()}: {domain.title} ({count}{weight})",
                    )
                )
    options += [(f"tag:{tag}", f"Tag: {tag} ({count})") for tag, count in tags.most_common()]
    return options


class FilterDialog(ModalScreen[str | None]):
    """Type to narrow the list of filters; Enter adds one to the query, Escape cancels."""

    DEFAULT_CSS = """
    FilterDialog { align: center middle; }
    FilterDialog > Vertical {
        width: 72; max-width: 100%; height: 80%; border: round $accent; background: $surface;
        padding: 0 1;
    }
    FilterDialog OptionList { height: 1fr; border: none; }
    """
    BINDINGS = [
        Binding(
            "escape",
            "dismiss(None)",
            "Cancel",
            tooltip="Close without adding a filter",
            id="filter.cancel",
        ),
        Binding(
            "down", "focus_list", "List", show=False, tooltip="Move into the list", id="filter.list"
        ),
    ]

    def __init__(self, base: KnowledgeBase) -> None:
        super().__init__()
        self.choices = filter_options(base)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Add a filter", style="bold"))
            yield Input(placeholder="Type to narrow: net, soa-c03, tag…", id="narrow")
            yield OptionList(*self._options(""), id="filters")

    def _options(self, text: str) -> list[Option]:
        words = text.lower().split()
        return [
            Option(Text.assemble(label, "   ", (token, "dim")), id=token)
            for token, label in self.choices
            if all(w in f"{token} {label}".lower() for w in words)
        ]

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one(OptionList).set_options(self._options(event.value))

    def on_input_submitted(self) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            self.dismiss(options.get_option_at_index(options.highlighted or 0).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_focus_list(self) -> None:
        self.query_one(OptionList).focus()
