"""Bookmarks, recently viewed items and small settings (such as the theme)."""

from __future__ import annotations

import time

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
        rows = self.db.connection.execute("SELECT item_id FROM bookmarks ORDER BY created DESC")
        return [row["item_id"] for row in rows]

    def is_bookmarked(self, item_id: str) -> bool:
        row = self.db.connection.execute("SELECT 1 FROM bookmarks WHERE item_id = ?", (item_id,))
        return row.fetchone() is not None

    def toggle_bookmark(self, item_id: str) -> bool:
        """Add or remove a bookmark; True when the item is bookmarked afterwards."""
        with self.db.transaction() as cursor:
            cursor.execute("DELETE FROM bookmarks WHERE item_id = ?", (item_id,))
            if cursor.rowcount:
                return False
            cursor.execute("INSERT INTO bookmarks VALUES (?, ?)", (item_id, time.time()))
            return True

    def recent(self, limit: int = 20) -> list[str]:
        rows = self.db.connection.execute(
            "SELECT item_id FROM recent ORDER BY viewed DESC LIMIT ?", (limit,)
        )
        return [row["item_id"] for row in rows]

    def viewed(self, item_id: str) -> None:
        with self.db.transaction() as cursor:
            cursor.execute(
                "INSERT INTO recent VALUES (?, ?) ON CONFLICT(item_id) DO UPDATE SET viewed = excluded.viewed",
                (item_id, time.time()),
            )
            cursor.execute(
                "DELETE FROM recent WHERE item_id NOT IN "
                "(SELECT item_id FROM recent ORDER BY viewed DESC LIMIT ?)",
                (RECENT_KEEP,),
            )

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.db.connection.execute("SELECT value FROM settings WHERE key = ?", (key,))
        found = row.fetchone()
        return found["value"] if found else default

    def set_setting(self, key: str, value: str) -> None:
        with self.db.transaction() as cursor:
            cursor.execute(
                "INSERT INTO settings VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
