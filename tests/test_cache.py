"""The index cache is disposable: damage is rebuilt, rebuilds never pull an index from under a
reader, an unusable cache folder is replaced, and a stuck builder cannot block everyone."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from index import open_index
from index.search import SearchIndex
from index.store import LOCK_FILE, IndexUnavailable, cache_root, current_index, ensure_index
from knowledge.base import KnowledgeBase, pack_dirs
from tests.conftest import MINI
from tui.cli import main


def dirs_of(path: Path) -> list:  # type: ignore[type-arg]
    return pack_dirs([path], include_user=False, include_bundled=False)[0]


def _segment(folder: Path) -> Path:
    """A segment's postings (segments are separate files, not one compound file)."""
    return next(folder.glob("*.pst"))


DAMAGE: dict[str, Callable[[Path], None]] = {
    "vocabulary missing": lambda f: (f / "vocab.json").unlink(),
    "vocabulary truncated": lambda f: (f / "vocab.json").write_text('{"words": {'),
    "item store truncated": lambda f: (f / "items.sqlite").write_bytes(b"SQLite format 3\0"),
    "segment missing": lambda f: _segment(f).unlink(),
    "segment truncated": lambda f: _segment(f).write_bytes(_segment(f).read_bytes()[:100]),
    "metadata truncated": lambda f: (f / "meta.json").write_text('{"fingerprint": '),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_index_is_rebuilt_with_a_message(
    capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    assert main(["--pack", str(MINI), "index"]) == 0
    built = current_index(dirs_of(MINI))
    assert built is not None
    DAMAGE[damage](built.path)
    capsys.readouterr()
    assert main(["--pack", str(MINI), "search", "nat", "--json"]) == 0
    out, err = capsys.readouterr()
    assert '"nat-gateway"' in out
    if damage != "metadata truncated":  # a folder without metadata is simply not an index
        assert "damaged" in err and "rebuilt" in err
    assert main(["--pack", str(MINI), "index"]) == 0
    assert "up to date" in capsys.readouterr().out  # and it stays repaired


def test_index_command_notices_damage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--pack", str(MINI), "index"]) == 0
    built = current_index(dirs_of(MINI))
    assert built is not None
    DAMAGE["segment truncated"](built.path)
    capsys.readouterr()
    assert main(["--pack", str(MINI), "index"]) == 0
    out, err = capsys.readouterr()
    assert "built in" in out and "damaged" in err


def test_a_rebuild_never_removes_the_index_a_reader_just_found(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    dirs = dirs_of(MINI)
    ensure_index(dirs, root=root)
    found = current_index(dirs, root)  # a reader has found the index...
    assert found is not None
    for _ in range(3):  # ...and before it opens it, --rebuild runs (more than once)
        ensure_index(dirs, root=root, rebuild=True)
    assert SearchIndex(found).search("nat g").hits[0].id == "nat-gateway"
    assert open_index([MINI], root=root).path != found.path  # new readers get the new one


def test_rebuilds_racing_readers_in_real_processes(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    ensure_index(dirs_of(MINI), root=root)
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from pathlib import Path\n"
            "from index import open_index\n"
            "for _ in range(150):\n"
            f"    index = open_index([{str(MINI)!r}], root=Path({str(root)!r}))\n"
            "    assert index.search('nat g').hits[0].id == 'nat-gateway'\n"
            "    index.close()\n"
            "print('ok')\n",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    while reader.poll() is None:
        ensure_index(dirs_of(MINI), root=root, rebuild=True)
    out, err = reader.communicate(timeout=60)
    assert reader.returncode == 0 and out.strip() == "ok", err[-2000:]


def test_a_cache_folder_that_is_a_file_falls_back_with_a_message(
    capsys: pytest.CaptureFixture[str],
) -> None:
    blocker = cache_root().parent
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("not a folder")
    assert main(["--pack", str(MINI), "search", "nat", "--json"]) == 0
    out, err = capsys.readouterr()
    assert '"nat-gateway"' in out
    assert "cannot write the search index in" in err and "using" in err and "Traceback" not in err


def test_a_build_lock_held_too_long_gives_a_message(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    root.mkdir()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\nfrom filelock import FileLock\n"
            f"lock = FileLock({str(root / LOCK_FILE)!r}); lock.acquire()\n"
            "print('locked', flush=True); sys.stdin.read()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(IndexUnavailable, match="another crib process has been building"):
            ensure_index(dirs_of(MINI), root=root, lock_timeout=0.5)
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    assert ensure_index(dirs_of(MINI), root=root).meta["items"] > 0


def test_a_pack_folder_gone_during_the_build_is_not_cached_as_gone(
    mini_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "cache"
    away = tmp_path / "away"
    real_load = KnowledgeBase.load

    def load_while_moved(dirs):  # type: ignore[no-untyped-def]
        if mini_copy.exists():  # the folder vanishes just as the build reads it
            mini_copy.rename(away)
        return real_load(dirs)

    monkeypatch.setattr(KnowledgeBase, "load", staticmethod(load_while_moved))
    dirs = dirs_of(mini_copy)
    ensure_index(dirs, root=root)
    monkeypatch.setattr(KnowledgeBase, "load", real_load)
    away.rename(mini_copy)  # it is back
    built = ensure_index(dirs, root=root)
    assert built.meta["items"] == 13 and not built.meta["skipped"]
