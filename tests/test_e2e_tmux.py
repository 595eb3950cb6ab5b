"""End to end: the installed `crib` in a real terminal (tmux), read from the screen."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import MINI
from tests.tmux_driver import Tmux, installed_crib

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


@pytest.fixture
def terminal(tmp_path: Path, isolated_user_dirs: Path) -> Tmux:
    crib = installed_crib()
    if crib is None:
        pytest.skip("crib is not installed")
    env = {
        "XDG_CACHE_HOME": str(isolated_user_dirs / "cache"),
        "XDG_DATA_HOME": str(isolated_user_dirs / "data"),
        "XDG_CONFIG_HOME": str(isolated_user_dirs / "config"),
        "CRIB_BUNDLED": "0",
        "TERM": "xterm-256color",
    }
    session = Tmux([str(crib), "--pack", str(MINI)], env)
    yield session
    session.close()


def test_search_open_compare_quit(terminal: Tmux) -> None:
    terminal.wait_for("13 items")  # index built on first start, search box ready
    terminal.type("nat g")
    screen = terminal.wait_for("NAT Instance")
    assert "NAT Gateway" in screen
    terminal.send("Enter")
    screen = terminal.wait_for("Managed by")
    assert "The notes said" in screen or "Correction" in screen
    terminal.send("Escape")
    terminal.wait_for("results")
    terminal.send("Escape")
    terminal.send("Escape")  # into the box, then clear it
    terminal.wait_for("Type to search")
    terminal.type("alb vs nlb")
    terminal.wait_for("ALB vs NLB")
    terminal.send("Enter")
    screen = terminal.wait_for("aspects differ")
    assert "Application Load" in screen and "Static IP" in screen and "One per AZ" in screen
    assert "≠" in screen
    terminal.send("Escape")
    terminal.wait_for("results")
    # A short review session: reveal, grade Good, see the next card, step out.
    terminal.send("F5")
    terminal.wait_for("1 / 20")
    terminal.send("Space")
    terminal.wait_for("Good")
    terminal.send("3")
    terminal.wait_for("2 / 20")
    terminal.send("u")  # undo: the first card is back
    terminal.wait_for("Undid Good")
    assert "1 / 20" in terminal.screen()
    terminal.send("Space")
    terminal.wait_for("Good")
    terminal.send("3")
    terminal.wait_for("2 / 20")
    terminal.send("Escape")  # the summary first, then out
    terminal.wait_for("Session so far")
    terminal.send("Escape")
    terminal.wait_for("results")
    terminal.send("C-q")
    assert terminal.exited(), terminal.screen()


def test_a_study_sequence_survives_a_restart(tmp_path: Path, isolated_user_dirs: Path) -> None:
    """Search, open, back, type a new query, mark two entries, compare, bookmark the
    comparison, quit; start again and find it in the bookmarks."""
    crib = installed_crib()
    if crib is None:
        pytest.skip("crib is not installed")
    env = {
        "XDG_CACHE_HOME": str(isolated_user_dirs / "cache"),
        "XDG_DATA_HOME": str(isolated_user_dirs / "data"),
        "XDG_CONFIG_HOME": str(isolated_user_dirs / "config"),
        "CRIB_BUNDLED": "0",
        "TERM": "xterm-256color",
    }
    command = [str(crib), "--pack", str(MINI)]
    first = Tmux(command, env, size=(80, 24))
    try:
        first.wait_for("13 items")
        first.type("nat g")
        first.wait_for("NAT Instance")
        first.send("Enter")
        first.wait_for("Managed by")
        first.send("Escape")  # back: the query is selected, so typing starts a new one
        first.wait_for("results")
        first.type("sqs")
        first.wait_for("2 results")  # SQS, then SNS (which delivers to SQS)
        first.send("Tab")  # marks the top result
        first.wait_for("Marked 1: Simple Queue Service")
        first.send("Down")
        time.sleep(0.5)  # a person's pace: the highlight is in the results before typing
        first.type(" sns")  # typed in the results: it goes to the search box
        first.wait_for("sqs sns")
        first.send("C-u")  # and the box clears as any text box does
        first.wait_for("13 items")
        first.type("sns")
        first.wait_for("1 result")  # this query's results, not the last one's
        first.send("Tab")
        first.wait_for("Marked 2")
        first.send("F6")
        screen = first.wait_for("aspects differ")
        assert "Simple Queue Service" in screen and "Simple Notification Service" in screen
        first.send("b")
        first.wait_for("Bookmarked")
        first.send("C-q")
        assert first.exited(), first.screen()
    finally:
        first.close()
    second = Tmux(command, env, size=(80, 24))
    try:
        second.wait_for("13 items")  # read from the index's metadata: it may still be opening
        for _ in range(20):
            second.send("F3")
            try:
                second.wait_for("Bookmarks (1)", timeout=1.0)
                break
            except AssertionError:
                continue
        second.send("Enter")
        screen = second.wait_for("aspects differ")
        assert "Pull" in screen and "Push" in screen
        second.send("C-q")
        assert second.exited(), second.screen()
    finally:
        second.close()
