"""The user database: one SQLite file, opened safely, with each component owning its tables.

Every write runs in a transaction (`with db.transaction():`), so a crash or Ctrl+C loses at most
the write in progress. A file that is not a healthy SQLite database is set aside with a warning
and a fresh one is started: the app never fails to open because of it.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

DB_NAME = "crib.sqlite3"


def default_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("crib", appauthor=False) / DB_NAME


class Database:
    """A SQLite connection plus the warnings raised while opening it."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_path()
        self.warnings: list[str] = []
        self.connection = self._open()

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=5, isolation_level=None)
        connection.row_factory = sqlite3.Row
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        return connection

    def _open(self) -> sqlite3.Connection:
        try:
            connection = self._connect()
            healthy = connection.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            if healthy:
                self._ensure_registry(connection)
                return connection
            connection.close()
            reason = "failed its integrity check"
        except sqlite3.DatabaseError as error:
            reason = str(error)
        aside = self.path.with_name(f"{self.path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
        for suffix in ("", "-wal", "-shm"):
            damaged = Path(f"{self.path}{suffix}")
            if damaged.exists():
                damaged.replace(Path(f"{aside}{suffix}"))
        self.warnings.append(
            f"The data file {self.path} could not be read ({reason}); it was moved to {aside} "
            "and a new one was started."
        )
        connection = self._connect()
        self._ensure_registry(connection)
        return connection

    @staticmethod
    def _ensure_registry(connection: sqlite3.Connection) -> None:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS components (name TEXT PRIMARY KEY, version INTEGER NOT NULL)"
        )

    def ensure_schema(self, component: str, migrations: list[str]) -> None:
        """Apply the component's migrations (SQL scripts) it has not had yet, in order."""
        row = self.connection.execute(
            "SELECT version FROM components WHERE name = ?", (component,)
        ).fetchone()
        version = row["version"] if row else 0
        for number, script in enumerate(migrations[version:], start=version + 1):
            with self.transaction() as cursor:
                for statement in filter(str.strip, script.split(";")):
                    cursor.execute(statement)
                cursor.execute(
                    "INSERT INTO components(name, version) VALUES (?, ?) "
                    "ON CONFLICT(name) DO UPDATE SET version = excluded.version",
                    (component, number),
                )

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Cursor]:
        """One atomic write: committed when the block ends, rolled back if it raises."""
        cursor = self.connection.cursor()
        cursor.execute("BEGIN IMMEDIATE")
        try:
            yield cursor
        except BaseException:
            cursor.execute("ROLLBACK")
            raise
        cursor.execute("COMMIT")

    def close(self) -> None:
        self.connection.close()
