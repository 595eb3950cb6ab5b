"""The per-item store beside each index: one item read by id, without the whole knowledge base.

An SQLite file (`items.sqlite`) holds every pack and item as JSON, in load order. `crib show`
reads the one item it prints (and the few it links to); the app reads items as they are
previewed or opened. Nothing here imports Whoosh, YAML or the loader.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase
    from knowledge.model import Comparison, Entry, Pack

    Item = Entry | Comparison

ITEMS_FILE = "items.sqlite"
CACHED = 512  # items kept decoded: what a session reads again (previews, back and forth)


def write_items(target: Path, packs: Iterable[Pack], items: Iterable[Item]) -> None:
    """Write the store for these packs and items (into a folder that is not yet in place)."""
    from knowledge.model import pack_to_dict

    connection = sqlite3.connect(target / ITEMS_FILE)
    try:
        connection.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
            "CREATE TABLE packs (position INTEGER PRIMARY KEY, data TEXT NOT NULL);"
            "CREATE TABLE items (position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
            " kind TEXT NOT NULL, data TEXT NOT NULL);"
        )
        connection.executemany(
            "INSERT INTO packs (data) VALUES (?)", ((json.dumps(pack_to_dict(p)),) for p in packs)
        )
        connection.executemany(
            "INSERT INTO items (id, kind, data) VALUES (?, ?, ?)",
            ((i.id, i.kind, json.dumps(i.to_dict())) for i in items),
        )
        connection.commit()
    finally:
        connection.close()


class ItemStore(Mapping[str, "Item"]):
    """Items by id, read from the store when asked for (the last few kept decoded).

    Shared by the app's threads: one read-only connection behind a lock.
    """

    def __init__(self, path: Path, count: int | None = None) -> None:
        # immutable=1: an index folder never changes once in place, so SQLite skips locking.
        uri = f"{(path / ITEMS_FILE).resolve().as_uri()}?mode=ro&immutable=1"
        self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, Item] = OrderedDict()
        self._count = count

    def _rows(self, sql: str, *args: Any) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    def check(self) -> None:
        """Read the store once: a damaged file raises sqlite3.DatabaseError here."""
        self._rows("SELECT count(*) FROM packs")

    def packs(self) -> list[Pack]:
        from knowledge.model import pack_from_dict

        rows = self._rows("SELECT data FROM packs ORDER BY position")
        return [pack_from_dict(json.loads(data)) for (data,) in rows]

    def _decode(self, data: str) -> Item:
        from knowledge.model import item_from_dict

        return item_from_dict(json.loads(data))

    def __getitem__(self, item_id: str) -> Item:
        if not isinstance(item_id, str):
            raise KeyError(item_id)
        with self._lock:
            cached = self._cache.get(item_id)
            if cached is not None:
                self._cache.move_to_end(item_id)
                return cached
            row = self._db.execute("SELECT data FROM items WHERE id = ?", (item_id,)).fetchone()
        if row is None:
            raise KeyError(item_id)
        item = self._decode(row[0])
        with self._lock:
            self._cache[item_id] = item
            if len(self._cache) > CACHED:
                self._cache.popitem(last=False)
        return item

    def __contains__(self, item_id: object) -> bool:
        if not isinstance(item_id, str):
            return False
        if item_id in self._cache:
            return True
        return bool(self._rows("SELECT 1 FROM items WHERE id = ?", item_id))

    def __iter__(self) -> Iterator[str]:
        return iter([i for (i,) in self._rows("SELECT id FROM items ORDER BY position")])

    def __len__(self) -> int:
        if self._count is None:
            self._count = int(self._rows("SELECT count(*) FROM items")[0][0])
        return self._count

    def values(self) -> list[Item]:  # type: ignore[override]
        """Every item, in load order (read in one pass; not kept)."""
        rows = self._rows("SELECT data FROM items ORDER BY position")
        return [self._decode(data) for (data,) in rows]

    def of_kind(self, kind: str) -> list[Item]:
        """Every entry or every comparison, in load order."""
        rows = self._rows("SELECT data FROM items WHERE kind = ? ORDER BY position", kind)
        return [self._decode(data) for (data,) in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()


def stored_knowledge(
    path: Path, meta: Mapping[str, Any], store: ItemStore | None = None
) -> KnowledgeBase:
    """The knowledge base an index was built from, read item by item from its store."""
    from knowledge.base import KnowledgeBase, SkippedPack
    from knowledge.model import Location, Problem

    store = store or ItemStore(path, meta.get("items"))
    skipped = [
        SkippedPack(
            s["path"],
            s["reason"],
            tuple(Problem(Location(s["path"]), "", p) for p in s["problems"]),
        )
        for s in meta.get("skipped", [])
    ]
    return KnowledgeBase(packs=store.packs(), items=store, skipped=skipped)


class StoredKnowledge:
    """A built index's metadata and items, without opening its Whoosh part (for `crib show`)."""

    def __init__(self, path: Path, meta: dict[str, Any]) -> None:
        self.path, self.meta = path, meta
        self.source_problems: list[Any] = []  # pack folders that could not be found
        self.notes: list[str] = []  # the cache was rebuilt or moved (index.store)
        # Opened now (a connection and the packs: about a millisecond), so that a damaged store
        # fails here, where the opener rebuilds the cache, not on the first item read.
        self.base: KnowledgeBase = stored_knowledge(path, meta)
