"""Whoosh loads without the network modules it never uses, and they still work when wanted."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import MINI

CHECK = """
import sys
from tui.cli import main
rc = main(["--pack", {mini!r}, "search", "nat", "--json"])
heavy = [m for m in ("urllib.request", "http.client", "email", "ssl", "asyncio") if m in sys.modules]
print("HEAVY", heavy, rc)
import urllib.request, whoosh.compat
print("REAL", urllib.request.__file__ is not None and hasattr(urllib.request, "urlopen"))
target = {target!r}
whoosh.compat.urlretrieve("file://" + urllib.request.pathname2url({source!r}), target)
print("COPIED", open(target).read())
"""


def test_one_shot_search_skips_network_modules_which_still_import(tmp_path: Path) -> None:
    source = tmp_path / "source.txt"
    source.write_text("fetched")
    code = CHECK.format(mini=str(MINI), source=str(source), target=str(tmp_path / "copy.txt"))
    env_cache = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_DATA_HOME": str(tmp_path)}
    env = {**os.environ, **env_cache, "CRIB_BUNDLED": "0"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    lines = out.stdout.strip().splitlines()
    assert "HEAVY [] 0" in lines
    assert "REAL True" in lines
    assert lines[-1] == "COPIED fetched"
