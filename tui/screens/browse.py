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
    ]

    @property
    def crib(self) -> CribApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        self.title = "Browse"
        yield Header(show_clock=False, icon="")
        yield PackTree("Packs", id="tree")
        yield Footer()

    def on_mount(self) -> None:
        tree = self.query_one(PackTree)
        tree.show_root = False
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
                    label = Text(item.title)
                    if item.kind == "comparison":
                        label.append("  compare", style="dim")
                    domain_node.add_leaf(label, data=item.id)
        tree.focus()

    def on_tree_node_selected(self, event: Tree.NodeSelected[str]) -> None:
        if event.node.data:
            self.post_message(OpenItem(event.node.data))
