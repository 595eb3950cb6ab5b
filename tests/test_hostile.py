"""Hostile input, each case in a real `crib` process with a time and memory limit.

A case passes when crib answers within the limit, with the documented exit code, a message that
names the file and line, no traceback, and the other packs still loaded.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

from tests.conftest import MINI

CASE_TIMEOUT = 60  # seconds: a guard against hangs, far above what any case needs
MEMORY_LIMIT = 1536 * 1024 * 1024  # bytes of address space per crib process


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_python(code: str, timeout: float = CASE_TIMEOUT) -> subprocess.CompletedProcess[str]:
    """Run Python code in a fresh, memory-limited process; fail the test if it hangs."""
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=_limit_memory,
        env=os.environ.copy(),
    )


def crib(
    *args: str,
    timeout: float = CASE_TIMEOUT,
    stdin: int | None = subprocess.DEVNULL,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `crib ARGS` in a fresh, memory-limited process with no terminal."""
    result = subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=stdin,
        preexec_fn=_limit_memory,
        env={**os.environ, **(env or {})},
    )
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return result


def test_snippet_of_a_long_field_is_linear() -> None:
    # 200,000 matching words: the old window counted matches for every match (hours).
    result = run_python(
        "from index.snippet import Highlighter\n"
        "text = ' '.join(['nat gateway route'] * 200_000)\n"
        "snippet, ranges = Highlighter(['nat']).snippet(['', text])\n"
        "assert snippet.startswith('nat gateway') and ranges[0] == (0, 3), snippet\n"
        "print('ok')\n"
    )
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


def test_mini_pack_still_searches(tmp_path: Path) -> None:
    result = crib("--pack", str(MINI), "search", "nat", "--json")
    assert result.returncode == 0 and "nat-gateway" in result.stdout
