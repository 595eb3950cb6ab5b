"""The user database: one SQLite file, opened safely, with each component owning its tables.

Every write runs in a transaction (`with db.transaction():`), so a crash or Ctrl+C loses at most
the write in progress. Only a file SQLite calls corrupt or not a database is set aside (under a
unique name, with a warning) and a fresh one started; a file another program has locked is waited
for, then reported, and never touched. Reads and writes raise `StorageError` with a message for
the user instead of sqlite3's own exceptions.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from tui.data import StorageError

DB_NAME = "crib.sqlite3"
MEMORY = Path(":memory:")
BUSY_TIMEOUT = 5.0  # seconds to wait for another program's lock before giving up
_CORRUPT = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB (primary result codes)
_BUSY = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED

__all__ = ["BUSY_TIMEOUT", "DB_NAME", "Database", "StorageError", "default_path"]


def default_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("crib", appauthor=False) / DB_NAME


def _code(error: sqlite3.Error) -> int:
    return (getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF


def _is_corrupt(error: sqlite3.Error) -> bool:
    return (
        _code(error) in _CORRUPT
        or isinstance(error, sqlite3.DatabaseError)
        and ("not a database" in str(error) or "malformed" in str(error))
    )


def _unsaved(reason: str) -> str:
    return (
        f"{reason} Bookmarks and review history are unavailable; nothing you do in this "
        "session will be saved."
    )


class Database:
    """A SQLite connection plus the warnings raised while opening it.

    With `fallback`, a database that cannot be opened (locked, unreadable, a read-only folder)
    gives a temporary in-memory one and a warning instead of an error: the app still searches.
    """

    def __init__(
        self,
        path: Path | None = None,
        *,
        busy_timeout: float = BUSY_TIMEOUT,
        fallback: bool = False,
    ) -> None:
        self.path = path or default_path()
        self.busy_timeout = busy_timeout
        self.warnings: list[str] = []
        self.persistent = True
        # Called with the message when a read or write fails in a component that carries on.
        self.on_error: Callable[[str], None] = lambda message: None
        if path == MEMORY:
            self._in_memory()
            return
        try:
            self.connection = self._open()
        except StorageError as error:
            if not fallback:
                raise
            self._in_memory(str(error))

    @classmethod
    def in_memory(cls, reason: str) -> Database:
        """A temporary database standing in for one that cannot be used, with the warning."""
        database = cls(MEMORY)
        database.warnings.append(_unsaved(reason))
        return database

    def _in_memory(self, reason: str = "") -> None:
        self.persistent = False
        if reason:
            self.warnings.append(_unsaved(reason))
        self.connection = sqlite3.connect(":memory:", isolation_level=None)
        self.connection.row_factory = sqlite3.Row
        self._ensure_registry(self.connection)

    def explain(self, error: BaseException, doing: str = "read") -> str:
        """What went wrong with the data file, in words for the user."""
        if isinstance(error, sqlite3.Error) and _code(error) in _BUSY:
            return (
                f"Could not {doing} {self.path}: another program has it locked "
                f"(waited {self.busy_timeout:g} s). Close the other crib or program and try again."
            )
        if isinstance(error, sqlite3.Error) and _code(error) == 8:  # SQLITE_READONLY
            return f"Could not {doing} {self.path}: the file or its folder is read-only."
        if isinstance(error, sqlite3.Error) and _code(error) == 13:  # SQLITE_FULL
            return f"Could not {doing} {self.path}: the disk is full."
        reason = getattr(error, "strerror", None) or str(error)
        return f"Could not {doing} {self.path}: {reason}."

    def _connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StorageError(self.explain(error, "create")) from error
        connection = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None)
        try:
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
        except BaseException:
            connection.close()
            raise
        return connection

    def _checked(self) -> sqlite3.Connection:
        """A connection to a healthy file; sqlite3.DatabaseError if it is damaged or locked."""
        connection = self._connect()
        try:
            if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("failed its integrity check")
            self._ensure_registry(connection)
        except BaseException:
            connection.close()
            raise
        return connection

    def _open(self) -> sqlite3.Connection:
        try:
            return self._checked()
        except sqlite3.DatabaseError as error:
            if not _is_corrupt(error):
                raise StorageError(self.explain(error, "open")) from error
        # Damaged: one process at a time looks again and sets it aside, so two crib processes
        # starting together never move each other's fresh file.
        try:
            with self._move_lock():
                try:
                    return self._checked()
                except sqlite3.DatabaseError as error:
                    if not _is_corrupt(error):
                        raise StorageError(self.explain(error, "open")) from error
                    aside = self._set_aside()
                    self.warnings.append(
                        f"The data file {self.path} could not be read ({error}); it was moved to "
                        f"{aside} and a new one was started."
                    )
                return self._checked()
        except sqlite3.Error as error:
            raise StorageError(self.explain(error, "open")) from error
        except OSError as error:
            raise StorageError(self.explain(error, "open")) from error

    @contextlib.contextmanager
    def _move_lock(self) -> Iterator[None]:
        with open(f"{self.path}.lock", "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield

    def _set_aside(self) -> Path:
        """Move the damaged file (and its -wal, -shm) to a new name no other file has."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        for attempt in range(1000):
            suffix = f"-{attempt}" if attempt else ""
            aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}{suffix}")
            try:
                os.close(os.open(aside, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
            except FileExistsError:
                continue
            break
        else:  # pragma: no cover - a thousand damaged files in one second
            raise OSError(f"no free name to set {self.path} aside")
        for part in ("-wal", "-shm", ""):  # the main file last: it is the one that matters
            damaged = Path(f"{self.path}{part}")
            if damaged.exists():
                damaged.replace(Path(f"{aside}{part}"))
        return aside

    @staticmethod
    def _ensure_registry(connection: sqlite3.Connection) -> None:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS components (name TEXT PRIMARY KEY, version INTEGER NOT NULL)"
        )

    def ensure_schema(self, component: str, migrations: list[str]) -> None:
        """Apply the component's migrations (SQL scripts) it has not had yet, in order."""
        row = self.query("SELECT version FROM components WHERE name = ?", (component,))
        version = row[0]["version"] if row else 0
        for number, script in enumerate(migrations[version:], start=version + 1):
            with self.transaction() as cursor:
                for statement in filter(str.strip, script.split(";")):
                    cursor.execute(statement)
                cursor.execute(
                    "INSERT INTO components(name, version) VALUES (?, ?) "
                    "ON CONFLICT(name) DO UPDATE SET version = excluded.version",
                    (component, number),
                )

    def query(self, sql: str, parameters: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        """Every row of one read; StorageError if the file cannot be read."""
        try:
            return self.connection.execute(sql, parameters).fetchall()
        except sqlite3.Error as error:
            raise StorageError(self.explain(error, "read")) from error

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Cursor]:
        """One atomic write: committed when the block ends, rolled back if it raises.

        StorageError (after the busy timeout) when the file is locked, read-only or full.
        """
        cursor = self.connection.cursor()
        try:
            cursor.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise StorageError(self.explain(error, "save to")) from error
        try:
            yield cursor
            cursor.execute("COMMIT")
        except BaseException as error:
            with contextlib.suppress(sqlite3.Error):
                cursor.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                raise StorageError(self.explain(error, "save to")) from error
            raise

    def close(self) -> None:
        self.connection.close()
