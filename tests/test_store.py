"""The index cache: reuse, rebuild on change, crash safety and concurrent builders."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from index.search import SearchIndex
from index.store import META_FILE, _data_dirs, cache_root, ensure_index
from knowledge.base import pack_dirs


def dirs_of(path: Path) -> list:  # type: ignore[type-arg]
    return pack_dirs([path], include_user=False, include_bundled=False)[0]


def test_cache_lives_in_the_user_cache_dir(isolated_user_dirs: Path) -> None:
    assert cache_root().is_relative_to(isolated_user_dirs / "cache")


def test_warm_start_reuses_the_index(mini_copy: Path, tmp_path: Path) -> None:
    root = tmp_path / "cache"
    builds: list[int] = []
    first = ensure_index(dirs_of(mini_copy), root=root, on_build=lambda: builds.append(1))
    stamp = (first.path / META_FILE).stat().st_mtime_ns
    second = ensure_index(dirs_of(mini_copy), root=root, on_build=lambda: builds.append(2))
    assert builds == [1]
    assert second.path == first.path
    assert (second.path / META_FILE).stat().st_mtime_ns == stamp


def test_a_changed_pack_file_triggers_a_rebuild(mini_copy: Path, tmp_path: Path) -> None:
    root = tmp_path / "cache"
    first = ensure_index(dirs_of(mini_copy), root=root)
    network = mini_copy / "network.yaml"
    network.write_text(
        network.read_text().replace("Managed address translation", "Zebra translation")
    )
    second = ensure_index(dirs_of(mini_copy), root=root)
    assert second.path != first.path
    assert SearchIndex(second).search("zebra ").hits[0].id == "nat-gateway"
    assert SearchIndex(first).search("zebra ").hits == []  # old one untouched, still readable


def test_a_new_pack_file_triggers_a_rebuild(mini_copy: Path, tmp_path: Path) -> None:
    root = tmp_path / "cache"
    first = ensure_index(dirs_of(mini_copy), root=root)
    (mini_copy / "extra.yaml").write_text(
        "entries:\n  - {id: kiwi, title: Kiwi Fruit, domain: messaging, summary: Green.}\n"
    )
    second = ensure_index(dirs_of(mini_copy), root=root)
    assert second.path != first.path
    assert SearchIndex(second).search("kiwi").hits[0].id == "kiwi"


def test_rebuild_flag_forces_a_build(mini_copy: Path, tmp_path: Path) -> None:
    root = tmp_path / "cache"
    ensure_index(dirs_of(mini_copy), root=root)
    builds: list[int] = []
    ensure_index(dirs_of(mini_copy), root=root, rebuild=True, on_build=lambda: builds.append(1))
    assert builds == [1]


def test_a_crash_mid_build_leaves_no_broken_index(mini_copy: Path, tmp_path: Path) -> None:
    root = tmp_path / "cache"

    def crash(done: int, total: int) -> None:
        raise KeyboardInterrupt  # Ctrl+C in the middle of writing

    with pytest.raises(KeyboardInterrupt):
        ensure_index(dirs_of(mini_copy), root=root, progress=crash)
    assert [p.name for p in root.iterdir() if p.is_dir()] == []  # nothing half-built is left
    built = ensure_index(dirs_of(mini_copy), root=root)
    assert SearchIndex(built).search("nat g").hits[0].id == "nat-gateway"


def test_a_killed_builder_leaves_no_broken_index(mini_copy: Path, tmp_path: Path) -> None:
    """A process that dies outright (no cleanup at all) mid-build."""
    root = tmp_path / "cache"
    script = textwrap.dedent(f"""
        import os
        from index.store import ensure_index
        from knowledge.base import pack_dirs
        dirs = pack_dirs([{str(mini_copy)!r}], include_user=False, include_bundled=False)[0]
        ensure_index(dirs, root=__import__("pathlib").Path({str(root)!r}),
                     progress=lambda done, total: os._exit(9))
    """)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.returncode == 9, run.stderr
    leftovers = [p.name for p in root.iterdir() if p.is_dir()]
    assert all(name.startswith(".tmp-") for name in leftovers)  # never a complete-looking index
    built = ensure_index(dirs_of(mini_copy), root=root)  # the lock died with the process
    assert SearchIndex(built).search("cloudwatch").hits[0].id == "cloudwatch"


def test_two_concurrent_builders_build_once_and_agree(mini_copy: Path, tmp_path: Path) -> None:
    root = tmp_path / "cache"
    script = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from index.store import ensure_index
        from index.search import SearchIndex
        from knowledge.base import pack_dirs
        dirs = pack_dirs([{str(mini_copy)!r}], include_user=False, include_bundled=False)[0]
        def slow(done, total):
            time.sleep(0.3)  # widen the window in which the other process arrives
        built = ensure_index(dirs, root=Path({str(root)!r}), progress=slow,
                             on_build=lambda: print("BUILT", flush=True))
        print(built.path.name, SearchIndex(built).search("nat g").hits[0].id)
    """)
    env = dict(os.environ)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=60) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _, err in outputs]
    lines = [out.split() for out, _ in outputs]
    assert sum(words.count("BUILT") for words in lines) == 1
    finals = {tuple(words[-2:]) for words in lines}
    assert len(finals) == 1 and next(iter(finals))[1] == "nat-gateway"
    assert [p.name for p in _data_dirs(root)] == [next(iter(finals))[0]]


def test_old_indexes_are_pruned(
    mini_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("index.store.RETIRE_GRACE", 0)  # no reader to wait for
    root = tmp_path / "cache"
    network = mini_copy / "network.yaml"
    for round_number in range(5):
        network.write_text(network.read_text() + f"\n# edit {round_number}\n")
        os.utime(network, ns=(time.time_ns(), time.time_ns() + round_number))
        ensure_index(dirs_of(mini_copy), root=root)
    assert len(_data_dirs(root)) <= 3
    assert all(link.exists() for link in root.iterdir() if link.is_symlink())  # none dangling


def test_the_writers_posting_pool_grows_with_the_pack_within_bounds() -> None:
    from index.store import pool_mb

    assert pool_mb(384) == pool_mb(10_000) == 256  # small packs: as before
    assert pool_mb(20_000) == 500
    assert pool_mb(50_000) == pool_mb(500_000) == 1024  # never more


def test_segments_are_separate_files_not_one_compound_file(mini_copy: Path, tmp_path: Path) -> None:
    # Whoosh reads every part of a compound segment file whole into memory when it opens it.
    built = ensure_index(dirs_of(mini_copy), root=tmp_path / "cache")
    names = [p.name for p in built.path.iterdir()]
    assert not [n for n in names if n.endswith(".seg")]
    assert [n for n in names if n.endswith(".pst")] and [n for n in names if n.endswith(".trm")]
