"""F1: the keys of the screen underneath, read from its live bindings, drawn over it."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static


def keys_table(screen: Screen[Any]) -> Table:
    """Every key that does something on `screen` now: the screen's first, the app's last."""
    app = screen.app
    table = Table(box=None, show_header=False, pad_edge=False, expand=True, padding=(0, 1))
    table.add_column(no_wrap=True, style="bold", min_width=10)
    table.add_column(ratio=1)
    seen: dict[str, list[str]] = {}
    order: list[tuple[str, str]] = []
    editing = False

    # This screen's own keys first (what is special here), then the focused list's or page's,
    # then those that work everywhere, then Textual's generic ones (ours all carry an id).
    def rank(item: tuple[str, Any]) -> int:
        node, binding = item[1].node, item[1].binding
        if not binding.id:
            return 3
        return 0 if node is screen else 2 if node is app else 1

    for key, active in sorted(screen.active_bindings.items(), key=rank):
        binding = active.binding
        if isinstance(active.node, Input):  # the usual text keys: one line says them all
            editing = True
            continue
        if not active.enabled or binding.system or not binding.description:
            continue
        label = binding.description
        about = active.tooltip or binding.tooltip or ""
        name = f"{label} — {about}" if about and about != label else label
        shown = app.get_key_display(binding)
        if name not in seen:
            seen[name] = []
            order.append((name, key))
        if shown not in seen[name]:
            seen[name].append(shown)
    for name, _ in order:
        table.add_row(Text(" ".join(seen[name])), Text(name))
    if editing:
        table.add_row(
            Text("text box", style="dim"),
            Text("the usual editing keys: ← → Home End, Ctrl+A Ctrl+E, Ctrl+W Ctrl+U Ctrl+K"),
        )
    return table


class KeysScreen(ModalScreen[None]):
    """The keys of the screen below; F1, ? or Escape closes."""

    DEFAULT_CSS = """
    KeysScreen { align: center middle; }
    KeysScreen > VerticalScroll {
        width: 90; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    KeysScreen #keys-title { text-style: bold; margin: 0 0 1 0; }
    """
    BINDINGS = [
        Binding("escape,f1,question_mark", "dismiss", "Close", tooltip="Close", id="keys.close"),
    ]

    def __init__(self, under: Screen[Any]) -> None:
        super().__init__()
        self.table = keys_table(under)
        self.heading = f"Keys: {type(under).__name__.removesuffix('Screen').lower() or 'screen'}"

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(self.heading + "   (Esc closes)", id="keys-title", markup=False)
            yield Static(self.table, id="keys")

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
