"""Drive a real terminal: start a command in a private tmux server, type, and read the screen."""

from __future__ import annotations

import shutil
import subprocess
import time
import uuid
from pathlib import Path


class Tmux:
    """One tmux session on its own socket, so it never touches the user's tmux."""

    def __init__(
        self, command: list[str], env: dict[str, str], size: tuple[int, int] = (100, 30)
    ) -> None:
        self.socket = f"crib-test-{uuid.uuid4().hex[:8]}"
        self.session = "crib"
        env_args = [f"{k}={v}" for k, v in env.items()]
        self._tmux(
            "new-session", "-d", "-s", self.session, "-x", str(size[0]), "-y", str(size[1]),
            "env", *env_args, *command,
        )  # fmt: skip
        self._tmux("set-option", "-t", self.session, "remain-on-exit", "on")
        self._tmux("resize-window", "-t", self.session, "-x", str(size[0]), "-y", str(size[1]))

    def _tmux(self, *args: str) -> str:
        out = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=10
        )
        return out.stdout

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.session)

    def send(self, *keys: str) -> None:
        self._tmux("send-keys", "-t", self.session, *keys)

    def type(self, text: str) -> None:
        self._tmux("send-keys", "-t", self.session, "-l", text)

    def wait_for(self, text: str, timeout: float = 15.0) -> str:
        """Poll the screen until `text` shows; return the screen (or fail with what was there)."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never appeared on screen:\n{screen}")

    def exited(self, timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if (
                self._tmux("display-message", "-p", "-t", self.session, "#{pane_dead}").strip()
                == "1"
            ):
                return True
            time.sleep(0.05)
        return False

    def pane_pid(self) -> int:
        return int(self._tmux("display-message", "-p", "-t", self.session, "#{pane_pid}").strip())

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=10)


def installed_crib() -> Path | None:
    """The `crib` console script installed next to this Python, or on PATH."""
    import sys

    beside = Path(sys.executable).parent / "crib"
    if beside.exists():
        return beside
    found = shutil.which("crib")
    return Path(found) if found else None
