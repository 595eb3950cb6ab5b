"""Command palette: find any entry or comparison by name, alongside the app's own commands."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

if TYPE_CHECKING:
    from tui.app import CribApp


ITEM_WEIGHT = 0.8  # an item whose name matches as well as a command's ranks below it


class ItemsProvider(Provider):
    """Open an entry or comparison: "open: NAT Gateway"."""

    @property
    def crib(self) -> CribApp:
        return self.app  # type: ignore[return-value]

    async def search(self, query: str) -> Hits:
        index = self.crib.index
        if index is None or not query.strip():
            return
        result = await self.crib.run_in_thread(index.search, query, 12)
        matcher = self.matcher(query)
        for rank, hit in enumerate(result.hits):
            verb = "compare" if hit.kind == "comparison" else "open"
            name = f"{verb}: {hit.title}"
            # The palette opens things by name: an item found only through its text ("theme"
            # inside a summary) is left to the search screen. One whose name matches ranks
            # below a command matched as well (commands score up to 1.0 on their name).
            name_match = max(matcher.match(hit.title), matcher.match(hit.id))
            if name_match <= 0:
                continue
            score = ITEM_WEIGHT * name_match - rank / 1000
            # The palette reads names and help as markup: pack text is escaped to stay text.
            yield Hit(
                score,
                matcher.highlight(escape(name)),
                partial(self.crib.open_item, hit.id),
                help=escape(hit.summary),
            )

    async def discover(self) -> Hits:
        if self.crib.index is None:
            return
        for item_id in self.crib.library.recent(8):
            item = self.crib.base.get(item_id)
            if item is not None:
                yield DiscoveryHit(
                    Content(f"open: {item.title}"),
                    partial(self.crib.open_item, item_id),
                    help="recently viewed",
                )
