"""The user database under locks and damage: nothing is lost, nothing crashes, the user is told."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.app_helpers import make_app, settle
from tests.conftest import MINI
from tui.data import StorageError
from tui.data.db import Database
from tui.data.library import Library
from tui.screens.reader import ReaderScreen

# Another program holding a lock on the file: EXCLUSIVE blocks readers too, IMMEDIATE only writers.
HOLDER = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
if sys.argv[2] == "exclusive":
    connection.execute("PRAGMA locking_mode=EXCLUSIVE")
connection.execute("BEGIN " + sys.argv[2].upper())
connection.execute("CREATE TABLE IF NOT EXISTS other_program (x)")
print("locked", flush=True)
sys.stdin.read()  # hold the lock until the test closes stdin
"""


@pytest.fixture
def data_file(isolated_user_dirs: Path) -> Path:
    """The default user database, with one bookmark in it."""
    path = isolated_user_dirs / "data" / "crib" / "crib.sqlite3"
    database = Database(path)
    Library(database).toggle_bookmark("nat-gateway")
    database.close()
    return path


def hold_lock(path: Path, kind: str) -> Iterator[subprocess.Popen[str]]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path), kind],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    try:
        yield holder
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)


@pytest.fixture
def exclusive_lock(data_file: Path) -> Iterator[subprocess.Popen[str]]:
    yield from hold_lock(data_file, "exclusive")


@pytest.fixture
def write_lock(data_file: Path) -> Iterator[subprocess.Popen[str]]:
    yield from hold_lock(data_file, "immediate")


def crib(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tui", "--pack", str(MINI), *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )


def test_a_locked_database_is_reported_and_never_moved_aside(
    data_file: Path, exclusive_lock: subprocess.Popen[str]
) -> None:
    runs = [crib("stats") for _ in range(3)]  # three at once, as in the report
    for run in runs:
        _, err = run.communicate(timeout=60)
        assert run.returncode == 1
        assert "Traceback" not in err
        assert "another program has it locked" in err and "moved" not in err
    assert not list(data_file.parent.glob("*damaged*"))
    exclusive_lock.stdin.close()  # type: ignore[union-attr]
    exclusive_lock.wait(timeout=30)
    assert Library(Database(data_file)).bookmarks() == ["nat-gateway"]  # nothing was lost


def test_writes_under_a_lock_give_a_message(
    data_file: Path, write_lock: subprocess.Popen[str]
) -> None:
    database = Database(data_file, busy_timeout=0.2)
    errors: list[str] = []
    database.on_error = errors.append
    library = Library(database)
    assert library.bookmarks() == ["nat-gateway"]  # reading still works under a write lock
    assert library.toggle_bookmark("sqs") is None
    library.viewed("sqs")
    library.set_setting("theme", "nord")
    assert len(errors) == 3 and all("another program has it locked" in e for e in errors)
    with pytest.raises(StorageError, match="Could not save to"), database.transaction() as cursor:
        cursor.execute("DELETE FROM bookmarks")


def test_review_due_under_a_write_lock_exits_with_a_message(
    write_lock: subprocess.Popen[str],
) -> None:
    run = crib("review", "--due")
    _, err = run.communicate(timeout=60)
    assert run.returncode == 1 and "Traceback" not in err
    assert "another program has it locked" in err


def test_bookmark_key_under_a_lock_keeps_the_app_running(
    tmp_path: Path, isolated_user_dirs: Path
) -> None:
    app = make_app(tmp_path)
    path = tmp_path / "data" / "crib.sqlite3"
    app.services.database.busy_timeout = 0.2
    app.services.database.connection.execute("PRAGMA busy_timeout = 200")
    notes: list[str] = []

    async def main() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app.open_item("nat-gateway")
            await settle(pilot)
            for _holder in hold_lock(path, "immediate"):
                await pilot.press("b")
                await pilot.pause()
                notes.extend(str(n.message) for n in app._notifications)
            assert isinstance(app.screen, ReaderScreen)
            await pilot.press("b")  # the lock is gone: this one is saved
            await pilot.pause()

    asyncio.run(main())
    assert any("another program has it locked" in note for note in notes)
    assert Library(Database(path)).bookmarks() == ["nat-gateway"]


def test_damaged_files_are_set_aside_under_new_names(data_file: Path) -> None:
    data_file.write_bytes(b"not a database" * 100)
    earlier: list[Any] = []
    for _ in range(2):  # twice within the same second: the first moved-aside file survives
        database = Database(data_file)
        assert "moved to" in database.warnings[0]
        database.close()
        earlier = sorted(data_file.parent.glob("crib.sqlite3.damaged-*"))
        data_file.write_bytes(b"still not a database" * 100)
    names = sorted(data_file.parent.glob("crib.sqlite3.damaged-*"))
    assert len(names) == 2 and earlier
    assert {p.read_bytes()[:14] for p in names} == {b"not a database", b"still not a da"}


def test_an_unusable_data_folder_still_lets_the_app_start(tmp_path: Path) -> None:
    (tmp_path / "crib").write_text("a file where the data folder should be")
    with pytest.raises(StorageError, match="Could not create"):
        Database(tmp_path / "crib" / "crib.sqlite3")
    database = Database(tmp_path / "crib" / "crib.sqlite3", fallback=True)
    assert not database.persistent and "nothing you do" in database.warnings[0]
    assert Library(database).toggle_bookmark("sqs") is True  # kept in memory for the session
