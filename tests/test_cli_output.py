"""The one-shot commands' human output: full ids, whole URLs, no trailing spaces, a pager only on
a terminal and only when the text is taller than it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import MINI
from tests.tmux_driver import Tmux, installed_crib
from tui.cli import main

LONG_ID = "a-very-long-identifier-that-a-narrow-column-would-cut"


def crib_piped(*args: str, env: dict[str, str] | None = None) -> str:
    """Run crib with stdout piped, as a script would."""
    out = subprocess.run(
        [sys.executable, "-m", "tui", "--pack", str(MINI), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=60,
    )
    return out.stdout


def test_list_never_cuts_ids_and_accepts_the_kind_it_prints(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from tests.conftest import write_pack

    pack = write_pack(
        tmp_path / "long",
        {"a.yaml": f"entries:\n  - {{id: {LONG_ID}, title: Long, domain: net, summary: S.}}\n"},
    )
    assert main(["--pack", str(pack), "list"]) == 0
    out = capsys.readouterr().out
    assert LONG_ID in out
    assert main(["--pack", str(MINI), "list", "--kind", "compare"]) == 0
    out = capsys.readouterr().out
    assert "nat-gateway-vs-nat-instance" in out and "\nnat-gateway " not in out
    assert "entry" not in out.split("items (")[0]  # only comparisons listed


def test_piped_output_has_no_trailing_spaces_and_whole_urls() -> None:
    for args in (("show", "nat-gateway"), ("list",), ("search", "nat"), ("compare", "sqs", "sns")):
        out = crib_piped(*args)
        assert out.strip(), args
        assert all(line == line.rstrip() for line in out.splitlines()), args
    out = crib_piped("show", "nat-gateway")
    urls = [line for line in out.splitlines() if "https://" in line]
    assert (
        "Source: https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html" in urls
    )
    assert all(line.rstrip().endswith(".html") for line in urls), urls  # no URL broken


def test_show_brief_is_summary_and_facts() -> None:
    out = crib_piped("show", "nat-gateway", "--brief")
    assert "Managed address translation" in out and "Port forwarding" in out
    assert "Correction: Starts at 5 Gbps" in out
    assert "One per availability zone" not in out  # the body is left out
    assert "Source:" not in out


def test_piped_show_never_pages(tmp_path: Path) -> None:
    marker = tmp_path / "paged"
    crib_piped("show", "nat-gateway", env={"PAGER": f"tee {marker}"})
    assert not marker.exists()


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
@pytest.mark.parametrize(("height", "paged"), [(8, True), (60, False)])
def test_show_on_a_terminal_pages_only_when_taller(
    tmp_path: Path, isolated_user_dirs: Path, height: int, paged: bool
) -> None:
    crib = installed_crib()
    if crib is None:
        pytest.skip("crib is not installed")
    marker = tmp_path / "paged"
    done = tmp_path / "done"
    env = {
        "XDG_CACHE_HOME": str(isolated_user_dirs / "cache"),
        "CRIB_BUNDLED": "0",
        "PAGER": f"tee {marker}",
        "TERM": "xterm-256color",
    }
    # LINES and COLUMNS (set by pytest) would override the terminal's real size.
    command = f"unset LINES COLUMNS; {crib} --pack {MINI} show nat-gateway; touch {done}"
    session = Tmux(["sh", "-c", command], env, size=(80, height))
    try:
        deadline = time.monotonic() + 30
        while not done.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert done.exists(), session.screen()
        assert marker.exists() == paged, session.screen()
        if paged:
            assert "NAT Gateway" in marker.read_text()
    finally:
        session.close()
