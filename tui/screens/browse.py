"""A tree of packs -> domains -> entries and comparisons, for walking instead of searching."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Tree

from tui.messages import OpenItem
from tui.output import pack_format
from tui.widgets.keys import vim_keys
from tui.widgets.message_line import MessageLine

if TYPE_CHECKING:
    from tui.app import CribApp


class PackTree(Tree[str]):
    """Packs, their domains, and the items in each; Enter opens an item."""

    BINDINGS = [
        *vim_keys("tree", "line", first="scroll_home", last="scroll_end"),
    ]


class BrowseScreen(Screen[None]):
    """Walk the packs by domain."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to searching", id="browse.close"),
        Binding(
            "tab,m",
            "toggle_mark",
            "Mark",
            tooltip="Mark the highlighted entry to compare it with others (again unmarks)",
            id="browse.mark",
        ),
        Binding(
            "c,f6",
            "compare_marked",
            "Compare",
            tooltip="Compare the marked entries side by side",
            id="browse.compare",
        ),
        Binding(
            "b",
            "bookmark",
            "Bookmark",
            tooltip="Bookmark the highlighted item (again to remove)",
            id="browse.bookmark",
        ),
        Binding(
            "y", "copy", "Copy", tooltip="Copy the highlighted item as Markdown", id="browse.copy"
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.marked: list[str] = []
        self.bookmarked: set[str] = set()  # read once: one query, not one per line

    @property
    def crib(self) -> CribApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        self.title = "Browse"
        yield Header(show_clock=False, icon="")
        yield PackTree("Packs", id="tree")
        yield MessageLine()
        yield Footer()

    def on_mount(self) -> None:
        tree = self.query_one(PackTree)
        tree.show_root = False
        self.bookmarked = set(self.crib.library.bookmarks())
        base = self.crib.base
        every = list(base.items.values())  # one read of the store, not one per pack
        for pack in base.packs:
            pack_items = [i for i in every if i.pack == pack.id]
            pack_node = tree.root.add(
                Text.assemble(
                    (pack.title, "bold"), f"  {len(pack_items)}", (f"  {pack_format(pack)}", "dim")
                ),
                expand=True,
            )
            for domain in pack.domains:
                items = sorted(
                    (i for i in pack_items if i.domain == domain.id),
                    key=lambda i: (i.kind != "entry", i.title.casefold()),
                )
                if not items:
                    continue
                domain_node = pack_node.add(Text.assemble(domain.title, (f"  {len(items)}", "dim")))
                for item in items:
                    domain_node.add_leaf(self._label(item.id), data=item.id)
        tree.focus()

    def _label(self, item_id: str) -> Text:
        """An item's line: marked (●), bookmarked (★), its title, and "compare" for a comparison."""
        item = self.crib.base.items[item_id]
        label = Text("● " if item_id in self.marked else "", style="bold")
        if item_id in self.bookmarked:
            label.append("★ ", style="bold")
        label.append(item.title)
        if item.kind == "comparison":
            label.append("  compare", style="dim")
        return label

    def _highlighted_id(self) -> str | None:
        node = self.query_one(PackTree).cursor_node
        return node.data if node is not None and node.data else None

    def _relabel(self, item_id: str) -> None:
        node = self.query_one(PackTree).cursor_node
        if node is not None:
            node.set_label(self._label(item_id))

    def action_toggle_mark(self) -> None:
        item_id = self._highlighted_id()
        if item_id is None:
            return
        if self.crib.base.items[item_id].kind != "entry":
            self.notify("Only entries can be marked: a comparison is already a comparison.")
            return
        if item_id in self.marked:
            self.marked.remove(item_id)
        else:
            self.marked.append(item_id)
        self._relabel(item_id)
        if self.marked:
            names = ", ".join(self.crib.base.items[i].title for i in self.marked)
            self.sub_title = f"marked: {names} (c compares)"
        else:
            self.sub_title = ""

    def action_compare_marked(self) -> None:
        if len(self.marked) < 2:
            self.notify("Mark two or more entries with Tab, then press c.")
            return
        self.crib.compare(list(self.marked))

    def action_bookmark(self) -> None:
        item_id = self._highlighted_id()
        if item_id is not None:
            if self.crib.toggle_bookmark(item_id):
                self.bookmarked.add(item_id)
            else:
                self.bookmarked.discard(item_id)
            self._relabel(item_id)

    def action_copy(self) -> None:
        item_id = self._highlighted_id()
        if item_id is not None:
            self.crib.copy_item(item_id)

    def on_tree_node_selected(self, event: Tree.NodeSelected[str]) -> None:
        if event.node.data:
            self.post_message(OpenItem(event.node.data))
