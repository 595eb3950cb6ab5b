"""Vim keys (j k g G) for list-like widgets, as extra bindings with stable ids."""

from __future__ import annotations

from textual.binding import Binding


def vim_keys(
    area: str,
    noun: str,
    *,
    down: str = "cursor_down",
    up: str = "cursor_up",
    first: str | None = "first",
    last: str | None = "last",
) -> list[Binding]:
    """j/k move, g/G jump to the first/last; ids are `<area>.down` and so on, for remapping."""
    keys = [
        Binding("j", down, "Down", show=False, tooltip=f"Next {noun}", id=f"{area}.down"),
        Binding("k", up, "Up", show=False, tooltip=f"Previous {noun}", id=f"{area}.up"),
    ]
    if first:
        keys.append(
            Binding("g", first, "First", show=False, tooltip=f"First {noun}", id=f"{area}.first")
        )
    if last:
        keys.append(
            Binding("G", last, "Last", show=False, tooltip=f"Last {noun}", id=f"{area}.last")
        )
    return keys
