"""The footer of keys, drawn with the first frame and redrawn only when its keys change."""

from __future__ import annotations

from typing import Any

from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Footer


class KeysFooter(Footer):
    """Textual's Footer shows nothing until the screen's bindings are announced after the first
    frame, then rebuilds its keys on every announcement (three times while crib starts): the
    footer came 70 ms after the rest of the first screen. This one is composed with the screen,
    and rebuilt only when what it shows (keys, labels, enabled) has changed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_reactive(Footer._bindings_ready, True)
        self._shown: tuple[Any, ...] | None = None

    def _signature(self) -> tuple[Any, ...]:
        """What the footer shows: per action, its first key with label, state and tooltip (as
        Footer.compose draws it; "f1,?" loses "?" to a focused search box, and shows f1 alike)."""
        shown: dict[str, tuple[Any, ...]] = {}
        for _, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in shown:
                shown[binding.action] = (binding.key, binding.description, enabled, tooltip)
        return tuple(shown.items())

    def compose(self) -> Any:
        try:
            self._shown = self._signature()
        except NoMatches:  # a binding's check needs a widget not mounted yet: wait for it
            self._shown = None
            return
        yield from super().compose()

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if self.is_attached and screen is self.screen and self._signature() == self._shown:
            return  # the same keys: nothing to redraw
        super().bindings_changed(screen)
