"""One item, readable: summary, facts, body, code, corrections, sources and its links."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.markdown import Markdown
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from knowledge.model import Comparison, Entry, exam_guides_text, skill_lines
from tui.messages import OpenItem
from tui.output import (
    code_renderable,
    correction_text,
    facts_table,
    origin_line,
    table_renderable,
    url_line,
)
from tui.widgets.keys import vim_keys

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase


class LinkList(OptionList):
    """Links to other items (see also, comparisons); Enter opens one."""

    DEFAULT_CSS = """
    LinkList { height: auto; max-height: initial; overflow-y: hidden; border: none; padding: 0; margin: 0 0 1 0; }
    """
    BINDINGS = [
        *vim_keys("links", "link", first=None, last=None),
    ]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(OpenItem(event.option.id))


def _section(title: str) -> Static:
    return Static(Text(title, style="bold"), classes="section-title")


class ItemView(VerticalScroll):
    """Everything about one item; its links are a list that takes focus."""

    DEFAULT_CSS = """
    ItemView { padding: 0 1; }
    ItemView .item-title { text-style: bold; color: $accent; }
    ItemView .item-meta { color: $text-muted; }
    ItemView .item-summary { text-style: italic; margin: 0 0 1 0; }
    ItemView .correction {
        border: round $warning; padding: 0 1; margin: 0 0 1 0; background: $warning 10%;
    }
    ItemView .correction.answer { border: heavy $warning; }
    ItemView .code { border: round $panel-lighten-2; margin: 0 0 1 0; }
    ItemView .section-title { margin: 1 0 0 0; }
    ItemView .sources { color: $text-muted; }
    ItemView .bookmarked { color: $warning; }
    ItemView .-found { background: $accent 20%; }
    """

    BINDINGS = [
        *vim_keys(
            "item",
            "line",
            down="scroll_down",
            up="scroll_up",
            first="scroll_home",
            last="scroll_end",
        ),
    ]

    def __init__(
        self,
        item: Entry | Comparison,
        base: KnowledgeBase,
        *,
        bookmarked: bool = False,
        fact: str | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.item = item
        self.base = base
        self.bookmarked = bookmarked
        self.fact = fact  # the label of the fact an answer line opened: highlighted, in view

    def compose(self) -> ComposeResult:
        item, base = self.item, self.base
        pack = base.pack(item.pack)
        domain = pack.domain_title(item.domain) if pack else item.domain
        yield Static(self._title(), classes="item-title", markup=False)
        meta = f"{item.kind} · {domain} · {item.id}"
        if item.aliases:
            meta += " · also: " + ", ".join(item.aliases)
        yield Static(meta, classes="item-meta", markup=False)
        if pack is not None:
            yield Static(origin_line(item, pack), classes="item-meta", markup=False)
        yield Static(item.summary, classes="item-summary", markup=False)
        if isinstance(item, Comparison):
            yield Static(table_renderable(base.table([item.id]), self.fact), classes="table")
        elif item.facts:
            yield Static(facts_table(item, self.fact), classes="facts")
        if item.body:
            yield Static(Markdown(item.body), classes="body")
        for block in getattr(item, "code", []):
            static = Static(code_renderable(block), classes="code")
            static.border_title = Content(block.caption or block.language)  # text, not markup
            yield static
        for correction in item.corrections:
            callout = Static(correction_text(correction), classes="correction")
            if self.fact == "Correction":
                callout.add_class("answer")
            callout.border_title = "Correction"
            yield callout
            if correction.source:  # outside the box, so the URL is never broken
                yield Static(url_line("Source: ", correction.source), classes="sources")
        links = self._links()
        if links:
            yield _section("Links (Enter opens)")
            yield LinkList(*links, id="links")
        if item.sources:
            yield _section("Sources")
            yield Static("\n".join(item.sources), classes="sources", markup=False)
        if item.syllabus:
            lines = [f"Exam guides: {exam_guides_text(item)}"]
            lines += [f"  {line}" for line in skill_lines(item, base.pack(item.pack))]
            yield Static("\n".join(lines), classes="sources", markup=False)

    def on_mount(self) -> None:
        if self.fact:
            self.call_after_refresh(self._show_fact)

    def _show_fact(self) -> None:
        """Scroll so that the fact (or table row, or correction) an answer opened is in view."""
        item, wanted = self.item, (self.fact or "").casefold()
        if wanted == "correction":
            targets = list(self.query(".correction.answer"))
            if targets:
                self.scroll_to_widget(targets[0], top=True, animate=False)
            return
        if isinstance(item, Comparison):
            labels = [row.label for row in self.base.table([item.id]).rows]
            offset, found = 2, self.query(".table")  # the header and its rule come first
        else:
            labels, offset, found = [f.label for f in item.facts], 1, self.query(".facts")
        row = next((i for i, label in enumerate(labels) if label.casefold() == wanted), None)
        if row is None or not found:
            return
        top = found.first().virtual_region.y + offset + row
        self.scroll_to(y=max(0, top - 2), animate=False)

    def _title(self) -> str:
        return f"{'★ ' if self.bookmarked else ''}{self.item.title}"

    def show_bookmarked(self, bookmarked: bool) -> None:
        """Star the title (or not) in place: the page keeps its scroll position."""
        self.bookmarked = bookmarked
        self.query_one(".item-title", Static).update(self._title())

    def _links(self) -> list[Option]:
        item, base = self.item, self.base
        targets: list[tuple[str, str]] = []
        if isinstance(item, Comparison):
            targets += [(s, "subject") for s in item.subjects]
        targets += [(s, "see also") for s in item.see_also]
        if isinstance(item, Entry):
            targets += [(c.id, "compare") for c in base.comparisons_of(item.id)]
        options, seen = [], set()
        for target, label in targets:
            other = base.get(target)
            if other is None or target in seen:
                continue
            seen.add(target)
            prompt = Text.assemble(
                (f"{label:<9}", "dim"), " ", (other.title, "bold"), "  ", (other.summary, "dim")
            )
            prompt.no_wrap, prompt.overflow = True, "ellipsis"
            options.append(Option(prompt, id=target))
        return options
