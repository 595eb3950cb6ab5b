"""Messages that cross screens: named for what happened."""

from __future__ import annotations

from textual.message import Message


class OpenItem(Message):
    """Someone asked to read an item (entry or comparison) by id; `fact` is the label of the
    fact or table row to show first (an answer line that was chosen)."""

    def __init__(self, item_id: str, fact: str | None = None) -> None:
        super().__init__()
        self.item_id = item_id
        self.fact = fact


class CompareItems(Message):
    """Someone asked to compare these entry ids side by side."""

    def __init__(self, item_ids: list[str]) -> None:
        super().__init__()
        self.item_ids = item_ids
