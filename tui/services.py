"""What the app is given: how to open the search index, and the user's library.

One factory (`make_services`) serves the command line and the tests, so the app never reaches
for globals and a test can hand it a pack and a temporary folder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from index.search import SearchIndex
    from index.store import Progress
    from tui.data.db import Database
    from tui.data.library import Library

APP_BUSY_TIMEOUT = 2.0  # seconds
IndexOpener = Callable[["Progress", Callable[[], None]], "SearchIndex"]


@dataclass
class Services:
    """The app's collaborators; `open_index` runs in a worker thread at start-up."""

    open_index: IndexOpener
    database: Database
    library: Library
    warnings: list[str] = field(default_factory=list)
    # What a current index holds (its metadata), read without opening it; None if it must be built.
    peek: Callable[[], dict[str, Any] | None] = lambda: None


def make_services(
    packs: list[str] | None = None,
    *,
    cache_root: Path | None = None,
    database_path: Path | None = None,
    rebuild: bool = False,
) -> Services:
    """Services over the configured pack sources, the user cache and the user database."""
    from tui.data.db import Database
    from tui.data.library import Library

    def open_index(progress: Progress, on_build: Callable[[], None]) -> SearchIndex:
        from index import open_index as open_search_index

        return open_search_index(
            packs or [], rebuild=rebuild, progress=progress, on_build=on_build, root=cache_root
        )

    def peek() -> dict[str, Any] | None:
        from index.store import current_index
        from knowledge.sources import pack_dirs

        built = current_index(pack_dirs(packs or [])[0], cache_root)
        return built.meta if built else None

    from tui.data import StorageError

    # The app waits less for a lock than the command line: it is frozen while it waits.
    database = Database(database_path, busy_timeout=APP_BUSY_TIMEOUT, fallback=True)
    try:
        library = Library(database)
    except StorageError as error:  # locked or unreadable after it opened: carry on in memory
        database.close()
        database = Database.in_memory(f"{error}")
        library = Library(database)
    return Services(open_index, database, library, list(database.warnings), peek)
