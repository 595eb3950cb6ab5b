"""Keeps Whoosh from importing what crib never uses; `index/__init__` runs it first.

- whoosh-reloaded imports the `cached_property` backport for one reader attribute, and the
  backport imports asyncio (~13 ms of a one-shot search). The standard library's
  functools.cached_property does that job: it is registered under the backport's name.
- `whoosh.compat` does `from urllib.request import urlretrieve` (nothing in Whoosh calls it),
  which pulls in http.client, email, ssl and socket: about half of `import whoosh.index`.
  While whoosh.compat runs, a stand-in `urllib.request` offers a `urlretrieve` that imports
  the real one when called; the stand-in is removed right after, so any later
  `import urllib.request` gets the real module. An import hook does this when whoosh.compat
  is first imported, so nothing is paid until Whoosh is.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Sequence
from functools import cached_property
from importlib.machinery import ModuleSpec, PathFinder
from typing import Any

COMPAT = "whoosh.compat"

if "cached_property" not in sys.modules:
    _backport = types.ModuleType("cached_property")
    _backport.cached_property = cached_property  # type: ignore[attr-defined]
    sys.modules["cached_property"] = _backport


def _urlretrieve(*args: Any, **kwargs: Any) -> Any:
    """urllib.request.urlretrieve, imported on first use."""
    from urllib.request import urlretrieve

    return urlretrieve(*args, **kwargs)


class _CompatLoader:
    """Runs whoosh.compat's own loader with the stand-in `urllib.request` in place."""

    def __init__(self, real: Any) -> None:
        self.real = real

    def create_module(self, spec: ModuleSpec) -> types.ModuleType | None:
        return self.real.create_module(spec)  # type: ignore[no-any-return]

    def exec_module(self, module: types.ModuleType) -> None:
        if "urllib.request" in sys.modules:  # already paid for: nothing to save
            self.real.exec_module(module)
            return
        import urllib

        stand_in = types.ModuleType("urllib.request")
        stand_in.urlretrieve = _urlretrieve  # type: ignore[attr-defined]
        sys.modules["urllib.request"] = stand_in
        try:
            self.real.exec_module(module)
        finally:
            if sys.modules.get("urllib.request") is stand_in:
                del sys.modules["urllib.request"]
            if getattr(urllib, "request", None) is stand_in:
                del urllib.request


class _CompatFinder:
    """Finds whoosh.compat as usual, and hands it the loader above (then steps aside)."""

    @staticmethod
    def find_spec(
        name: str, path: Sequence[str] | None, target: types.ModuleType | None = None
    ) -> ModuleSpec | None:
        if name != COMPAT:
            return None
        if _FINDER in sys.meta_path:
            sys.meta_path.remove(_FINDER)
        spec = PathFinder.find_spec(name, path, target)
        if spec is not None and spec.loader is not None:
            spec.loader = _CompatLoader(spec.loader)  # type: ignore[assignment]
        return spec


_FINDER = _CompatFinder()
if COMPAT not in sys.modules and not any(isinstance(f, _CompatFinder) for f in sys.meta_path):
    sys.meta_path.insert(0, _FINDER)
