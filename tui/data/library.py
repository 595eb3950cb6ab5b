"""Bookmarks, recently viewed items and small settings (such as the theme).

The library never stops the app: when the database cannot be read or written (another program
holds a lock, a read-only folder), it tells `db.on_error` why and carries on with a safe default.
"""

from __future__ import annotations

import time

from tui.data import StorageError
from tui.data.db import Database

MIGRATIONS = [
    """
    CREATE TABLE bookmarks (item_id TEXT PRIMARY KEY, created REAL NOT NULL);
    CREATE TABLE recent (item_id TEXT PRIMARY KEY, viewed REAL NOT NULL);
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)
    """,
]
RECENT_KEEP = 50


class Library:
    """The user's bookmarks, recent items and settings, stored in the user database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        db.ensure_schema("library", MIGRATIONS)

    def bookmarks(self) -> list[str]:
        try:
            rows = self.db.query("SELECT item_id FROM bookmarks ORDER BY created DESC")
        except StorageError as error:
            self.db.on_error(str(error))
            return []
        return [row["item_id"] for row in rows]

    def is_bookmarked(self, item_id: str) -> bool:
        try:
            return bool(self.db.query("SELECT 1 FROM bookmarks WHERE item_id = ?", (item_id,)))
        except StorageError as error:
            self.db.on_error(str(error))
            return False

    def toggle_bookmark(self, item_id: str) -> bool | None:
        """Add or remove a bookmark; True when the item is bookmarked afterwards, None when the
        change could not be saved (the reason went to `db.on_error`)."""
        try:
            with self.db.transaction() as cursor:
                cursor.execute("DELETE FROM bookmarks WHERE item_id = ?", (item_id,))
                if cursor.rowcount:
                    return False
                cursor.execute("INSERT INTO bookmarks VALUES (?, ?)", (item_id, time.time()))
                return True
        except StorageError as error:
            self.db.on_error(str(error))
            return None

    def recent(self, limit: int = 20) -> list[str]:
        try:
            rows = self.db.query(
                "SELECT item_id FROM recent ORDER BY viewed DESC LIMIT ?", (limit,)
            )
        except StorageError as error:
            self.db.on_error(str(error))
            return []
        return [row["item_id"] for row in rows]

    def viewed(self, item_id: str) -> None:
        try:
            with self.db.transaction() as cursor:
                cursor.execute(
                    "INSERT INTO recent VALUES (?, ?) "
                    "ON CONFLICT(item_id) DO UPDATE SET viewed = excluded.viewed",
                    (item_id, time.time()),
                )
                cursor.execute(
                    "DELETE FROM recent WHERE item_id NOT IN "
                    "(SELECT item_id FROM recent ORDER BY viewed DESC LIMIT ?)",
                    (RECENT_KEEP,),
                )
        except StorageError as error:
            self.db.on_error(str(error))

    def setting(self, key: str, default: str | None = None) -> str | None:
        try:
            rows = self.db.query("SELECT value FROM settings WHERE key = ?", (key,))
        except StorageError as error:
            self.db.on_error(str(error))
            return default
        return rows[0]["value"] if rows else default

    def set_setting(self, key: str, value: str) -> None:
        try:
            with self.db.transaction() as cursor:
                cursor.execute(
                    "INSERT INTO settings VALUES (?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (key, value),
                )
        except StorageError as error:
            self.db.on_error(str(error))
