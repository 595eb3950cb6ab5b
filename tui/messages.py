"""Messages that cross screens: named for what happened."""

from __future__ import annotations

from textual.message import Message


class OpenItem(Message):
    """Someone asked to read an item (entry or comparison) by id."""

    def __init__(self, item_id: str) -> None:
        super().__init__()
        self.item_id = item_id


class CompareItems(Message):
    """Someone asked to compare these entry ids side by side."""

    def __init__(self, item_ids: list[str]) -> None:
        super().__init__()
        self.item_ids = item_ids
