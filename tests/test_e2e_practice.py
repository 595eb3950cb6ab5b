"""End to end in tmux: a practice exam to its score, and cram answers that `crib stats` counts."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import MINI
from tests.tmux_driver import Tmux, installed_crib

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def user_env(home: Path, bundled: str) -> dict[str, str]:
    return {
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "CRIB_BUNDLED": bundled,
        "TERM": "xterm-256color",
    }


def crib_or_skip() -> Path:
    crib = installed_crib()
    if crib is None:
        pytest.skip("crib is not installed")
    return crib


def test_a_practice_exam_runs_to_its_score(isolated_user_dirs: Path) -> None:
    crib = crib_or_skip()
    env = user_env(isolated_user_dirs, "1")
    printed = subprocess.run(
        [str(crib), "quiz", "--print", "--json", "--count", "3", "--seed", "9"],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=120,
    )
    questions = json.loads(printed.stdout)["questions"]
    session = Tmux([str(crib), "quiz", "--count", "3", "--seed", "9"], env, size=(100, 30))
    try:
        session.wait_for("1 / 3", timeout=60)  # the bundled pack's index is built first
        assert questions[0]["stem"][:40] in session.screen().replace("\n", " ")
        for question in questions:
            session.send("abcd"[question["answer_index"]])
        screen = session.wait_for("Score 3 / 3")
        assert "By domain" in screen and "Missed" not in screen
        session.send("Escape")
        session.wait_for("Type to search")  # back on the search screen, the app still open
        session.send("C-q")
        assert session.exited(), session.screen()
    finally:
        session.close()
    stats = subprocess.run(
        [str(crib), "stats", "--json"], capture_output=True, text=True, env={**os.environ, **env}
    )
    practice = json.loads(stats.stdout)["practice"]
    assert (practice["quiz_runs"], practice["quiz_answers"], practice["quiz_correct"]) == (1, 3, 3)


def test_cram_answers_show_in_stats(isolated_user_dirs: Path) -> None:
    crib = crib_or_skip()
    env = user_env(isolated_user_dirs, "0")
    command = [str(crib), "--pack", str(MINI), "review", "--cram", "--limit", "3"]
    session = Tmux(command, env)
    try:
        session.wait_for("1 / 3", timeout=30)
        session.send("Space")
        session.wait_for("cram: the schedule stays")
        session.send("1")  # Again
        session.wait_for("2 / 3")
        session.send("Space")
        session.wait_for("cram: the schedule stays")
        session.send("3")
        session.wait_for("3 / 3")
        session.send("Escape")  # the summary, then out
        screen = session.wait_for("Session so far")
        assert "Missed (graded Again)" in screen
        session.send("Escape")
        session.wait_for("Type to search")
        session.send("C-q")
        assert session.exited(), session.screen()
    finally:
        session.close()
    stats = subprocess.run(
        [str(crib), "--pack", str(MINI), "stats"],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
    )
    assert "2 cram answers on 2 cards (1 Again)" in stats.stdout.replace("\n", " ")
    assert "0 of 50 cards seen" in stats.stdout  # the schedule was not touched
