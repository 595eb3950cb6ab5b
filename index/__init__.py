"""The Whoosh layer: building, caching and searching the index of loaded packs.

Never imports Textual. `open_index` is the one entry point the command line and the app share.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from index import whoosh_env  # noqa: F401  (before any Whoosh import: see its docstring)

if TYPE_CHECKING:
    from index.items import StoredKnowledge
    from index.search import SearchIndex
    from index.store import Progress


def open_index(
    extra_packs: Iterable[str | Path] = (),
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
    on_build: Callable[[], None] | None = None,
    root: Path | None = None,
) -> SearchIndex:
    """Find the packs, build the index if it is missing or stale, and open it."""
    from index.search import SearchIndex
    from index.store import ensure_index
    from knowledge.sources import pack_dirs

    dirs, problems = pack_dirs(extra_packs)
    built = ensure_index(dirs, root=root, rebuild=rebuild, progress=progress, on_build=on_build)
    try:
        index = SearchIndex(built)
    except Exception as error:  # damaged in a way the file sizes do not show: it is a cache
        built = ensure_index(dirs, root=root, rebuild=True, progress=progress, on_build=on_build)
        built.notes.append(f"the search index could not be read ({error}); it was rebuilt")
        index = SearchIndex(built)
    index.notes = built.notes
    index.source_problems = problems
    return index


def open_knowledge(
    extra_packs: Iterable[str | Path] = (),
    *,
    rebuild: bool = False,
    on_build: Callable[[], None] | None = None,
    root: Path | None = None,
) -> StoredKnowledge:
    """Like `open_index`, for reading items by id: the search engine is never loaded."""
    from index.items import StoredKnowledge
    from index.store import ensure_index
    from knowledge.sources import pack_dirs

    dirs, problems = pack_dirs(extra_packs)
    built = ensure_index(dirs, root=root, rebuild=rebuild, on_build=on_build)
    try:
        knowledge = StoredKnowledge(built.path, built.meta)
    except Exception as error:  # damaged in a way the file sizes do not show: it is a cache
        built = ensure_index(dirs, root=root, rebuild=True, on_build=on_build)
        built.notes.append(f"the search index could not be read ({error}); it was rebuilt")
        knowledge = StoredKnowledge(built.path, built.meta)
    knowledge.notes = built.notes
    knowledge.source_problems = problems
    return knowledge
