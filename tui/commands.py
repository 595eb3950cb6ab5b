"""Command palette: find any entry or comparison by name, alongside the app's own commands."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from tui.app import CribApp


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
        for rank, hit in enumerate(result.hits):
            verb = "compare" if hit.kind == "comparison" else "open"
            yield Hit(
                1.0 - rank / 20,
                f"{verb}: {hit.title}",
                partial(self.crib.open_item, hit.id),
                help=hit.summary,
            )

    async def discover(self) -> Hits:
        if self.crib.index is None:
            return
        for item_id in self.crib.library.recent(8):
            item = self.crib.base.get(item_id)
            if item is not None:
                yield DiscoveryHit(
                    f"open: {item.title}",
                    partial(self.crib.open_item, item_id),
                    help="recently viewed",
                )
