"""What the benchmarks share: statistics, the machine's load, and one tmux server for every run.

Not a test and not part of crib: helpers for the scripts in this folder.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZE = (120, 35)


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def spread(values: list[float]) -> str:
    """Median with the interquartile range and the extremes, for a summary table."""
    if not values:
        return "-"
    return (
        f"{statistics.median(values):.1f} "
        f"(IQR {percentile(values, 0.25):.1f}-{percentile(values, 0.75):.1f}, "
        f"min {min(values):.1f}, max {max(values):.1f}, n={len(values)})"
    )


def load() -> str:
    """The load averages now, as `uptime` prints them."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} cpus"


def abba(count: int) -> list[int]:
    """Which of two subjects runs in each slot: 0 1 1 0 0 1 1 0 ... (drift cancels out)."""
    order: list[int] = []
    while len(order) < count * 2:
        order += [0, 1, 1, 0]
    return order[: count * 2]


def peak_rss_mb(pid: int) -> float | None:
    """A live process's peak resident memory (VmHWM), in MB."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(r"VmHWM:\s+(\d+) kB", status)
    return round(int(match.group(1)) / 1024, 1) if match else None


def crib_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "tui", *args]


def bench_env(work: Path, **extra: str) -> dict[str, str]:
    """An environment with private cache, data and config folders under `work`."""
    env = {
        "XDG_CACHE_HOME": str(work / "cache"), "XDG_DATA_HOME": str(work / "data"),
        "XDG_CONFIG_HOME": str(work / "config"), "TERM": "xterm-256color",
        "PYTHONPATH": str(ROOT), "CRIB_PACKS": "",
    }  # fmt: skip
    # A/B runs of Textual's settings (TEXTUAL_FPS=60 ...) reach the app from the caller.
    env.update({k: v for k, v in os.environ.items() if k.startswith("TEXTUAL_")})
    env.update(extra)
    return env


class TmuxServer:
    """One private tmux server for the whole benchmark: each run is a session on it, so no run
    pays for starting a server and both sides of a comparison share the same one."""

    def __init__(self) -> None:
        self.socket = f"crib-bench-{uuid.uuid4().hex[:8]}"
        self._tmux("new-session", "-d", "-s", "keep", "-x", "40", "-y", "5", "sleep 86400")

    def _tmux(self, *args: str) -> str:
        out = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=20
        )
        return out.stdout

    def start(self, command: list[str], env: dict[str, str]) -> Session:
        name = f"s{uuid.uuid4().hex[:6]}"
        env_args = [f"{k}={v}" for k, v in env.items()]
        self._tmux(
            "new-session", "-d", "-s", name, "-x", str(SIZE[0]), "-y", str(SIZE[1]),
            "env", *env_args, *command,
        )  # fmt: skip
        return Session(self, name)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=20)


class Session:
    """One program running in a session of the shared server."""

    def __init__(self, server: TmuxServer, name: str) -> None:
        self.server, self.name = server, name

    def screen(self) -> str:
        return self.server._tmux("capture-pane", "-p", "-t", self.name)

    def type(self, text: str) -> None:
        self.server._tmux("send-keys", "-t", self.name, "-l", text)

    def send(self, *keys: str) -> None:
        self.server._tmux("send-keys", "-t", self.name, *keys)

    def pid(self) -> int:
        out = self.server._tmux("display-message", "-p", "-t", self.name, "#{pane_pid}")
        return int(out.strip() or 0)

    def wait(
        self, predicate: Callable[[str], bool], timeout: float = 30.0
    ) -> tuple[float | None, str]:
        """Poll until the screen satisfies `predicate`: (when, screen), or (None, last screen)."""
        deadline = time.perf_counter() + timeout
        screen = ""
        while time.perf_counter() < deadline:
            screen = self.screen()
            if predicate(screen):
                return time.perf_counter(), screen
            time.sleep(0.002)
        return None, screen

    def close(self) -> None:
        self.server._tmux("kill-session", "-t", self.name)
