"""Shared fixtures: every user directory points into tmp_path; the mini pack is always at hand."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

MINI = Path(__file__).parent / "packs" / "mini"


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A test never reads or writes the developer's own config, data or cache."""
    home = tmp_path / "home"
    for name, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ):
        monkeypatch.setenv(name, str(home / sub))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("CRIB_PACKS", raising=False)
    monkeypatch.setenv("CRIB_BUNDLED", "0")  # the mini pack's ids would clash with the AWS pack
    monkeypatch.setenv("CRIB_NO_APP", "1")
    return home


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A writable copy of the mini pack."""
    target = tmp_path / "packs" / "mini"
    shutil.copytree(MINI, target)
    return target


def write_pack(root: Path, files: dict[str, str], pack_id: str = "demo") -> Path:
    """Write a pack folder with a standard pack.yaml unless one is given."""
    root.mkdir(parents=True, exist_ok=True)
    files = dict(files)
    files.setdefault(
        "pack.yaml",
        f"id: {pack_id}\ntitle: Demo\ndomains:\n  - {{id: net, title: Net}}\n"
        "syllabi:\n  - id: ex\n    title: Ex\n    domains: [{id: one, title: One}]\n",
    )
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def utc_local_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Pin local time to UTC (due dates, "today" for the new-card allowance)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
