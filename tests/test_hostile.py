"""Hostile input, each case in a real `crib` process with a time and memory limit.

A case passes when crib answers within the limit, with the documented exit code, a message that
names the file and line, no traceback, and the other packs still loaded.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import MINI, write_pack

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


def _big_pack(root: Path, count: int) -> Path:
    lines = ["entries:"]
    for n in range(count):
        lines += [
            f"  - id: item-{n}",
            f"    title: Item {n} gateway",
            "    domain: net",
            f"    summary: Number {n} routes packets through subnet {n % 97}.",
            "    body: " + " ".join(f"word{(n * 7 + k) % 500}" for k in range(40)),
        ]
    return write_pack(root, {"items.yaml": "\n".join(lines) + "\n"}, "big")


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("signal_number", [signal.SIGKILL, signal.SIGTERM])
def test_killing_a_build_leaves_no_writer_processes(tmp_path: Path, signal_number: int) -> None:
    pack = _big_pack(tmp_path / "big", 3000)
    build = subprocess.Popen(
        [sys.executable, "-m", "tui", "--pack", str(pack), "index"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "CRIB_BUILD_PROCS": "2"},  # Whoosh's multi-process writer
    )
    deadline = time.monotonic() + CASE_TIMEOUT
    writers: list[int] = []
    while len(writers) < 2 and build.poll() is None and time.monotonic() < deadline:
        writers = _children(build.pid)
        time.sleep(0.02)
    assert len(writers) == 2, "the build never started its writer processes"
    build.send_signal(signal_number)
    build.wait(timeout=CASE_TIMEOUT)
    deadline = time.monotonic() + 20
    while any(_alive(pid) for pid in writers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in writers if _alive(pid)]
    for pid in left:  # do not leak them into the rest of the run
        os.kill(pid, signal.SIGKILL)
    assert not left
    assert "Traceback" not in (build.stderr.read().decode() if build.stderr else "")


ENTRY = "entries:\n  - id: bad-one\n    title: Bad\n    domain: net\n    summary: s.\n"


def _chain(levels: int = 9) -> str:
    """A billion-laughs alias chain (a few hundred bytes, 9**levels values when expanded)."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, levels):
        lines.append(f"a{n}: &a{n} [" + ",".join([f"*a{n - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def _deep(depth: int) -> str:
    return ENTRY + "    facts: {Deep: " + "[" * depth + "]" * depth + "}\n"


# name -> (file contents (str, or bytes written as they are), what the message says)
HOSTILE: dict[str, tuple[str | bytes, str]] = {
    "alias chain as a key": (_chain() + "x:\n  ? *a8\n  : 1\n", "aliases here expand to more"),
    "smaller alias chain as a key": (_chain(5) + "x:\n  ? *a4\n  : 1\n", "a key must be plain"),
    "alias chain in code text": (
        _chain() + ENTRY + "    code: [{language: sh, text: *a8}]\n",
        "aliases here expand to more than",
    ),
    "a list as a key": (ENTRY + "    facts:\n      ? [a, b]\n      : 1\n", "a key must be plain"),
    "nested 300 deep": (_deep(300), "nested more than 32 levels deep"),
    "nested 999 deep": (_deep(999), "nest"),  # libyaml's own limit may answer first
    "5,000 tags": (ENTRY + "    tags: [" + ",".join(["t"] * 5000) + "]\n", "5,000 items here"),
    "a 300,000-character string": (ENTRY + "    body: " + "w" * 300_000 + "\n", "characters"),
    "not UTF-8": (b"entries:\n  - id: caf\xe9\n", "not UTF-8 text"),
    "a syntax error on a 50 kB line": (
        ENTRY + "    body: [" + "x, " * 17_000 + "\n",
        "YAML syntax error",
    ),
}


def _hostile_pack(root: Path, contents: str | bytes) -> Path:
    pack = write_pack(root, {}, "hostile")
    target = pack / "bad.yaml"
    if isinstance(contents, bytes):
        target.write_bytes(contents)
    else:
        target.write_text(contents, encoding="utf-8")
    return pack


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_file_is_reported_and_the_other_packs_load(tmp_path: Path, case: str) -> None:
    contents, message = HOSTILE[case]
    pack = _hostile_pack(tmp_path / "hostile", contents)
    checked = crib("validate", str(pack))
    assert checked.returncode == 1
    report = checked.stdout + checked.stderr
    assert message in report, report[-2000:]
    assert f"{pack / 'bad.yaml'}:" in report  # file:line:column, or the file
    assert max(len(line) for line in report.splitlines()) < 1000  # no 50 kB lines reprinted
    found = crib("--pack", str(MINI), "--pack", str(pack), "search", "nat", "--json")
    assert found.returncode == 0 and '"nat-gateway"' in found.stdout
    assert f"skipped pack {pack}" in found.stderr


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "big", {}, "big")
    with (pack / "huge.yaml").open("w") as handle:
        handle.write("entries:\n")
        for _ in range(18 * 1024):
            handle.write("# " + "x" * 1021 + "\n")
    result = crib("validate", str(pack))
    assert result.returncode == 1
    assert (
        f"{pack / 'huge.yaml'}: (file):" in result.stdout and "the most crib reads" in result.stdout
    )


def test_utf16_files_load(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "wide", {}, "wide")
    (pack / "a.yaml").write_bytes(ENTRY.replace("net", "net").encode("utf-16"))
    result = crib("--pack", str(pack), "show", "bad-one", "--json")
    assert result.returncode == 0 and '"title": "Bad"' in result.stdout


def test_odd_files_are_reported_not_silently_skipped(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "odd", {"a.yaml": ENTRY}, "odd")
    os.mkfifo(pack / "pipe.yaml")
    (pack / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    result = crib("--pack", str(pack), "packs")
    assert result.returncode == 0  # the pack itself loads (a FIFO read would hang)
    listed = result.stdout + result.stderr
    assert "pipe.yaml" in listed and "not a regular file" in listed
    assert "gone.yaml" in listed and "a link to nothing" in listed


@pytest.mark.parametrize("args", [[], ["-q", "nat"], ["open", "nat-gateway"], ["review", "--due"]])
def test_app_commands_without_a_terminal_exit_2_with_a_hint(args: list[str]) -> None:
    result = crib("--pack", str(MINI), *args, env={"CRIB_NO_APP": ""})  # stdin: /dev/null
    assert result.returncode == 2
    assert "needs a terminal" in result.stderr and "crib search" in result.stderr


def test_piped_input_to_the_app_exits_2() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", "--pack", str(MINI), "-q", "nat"],
        input="\n",
        capture_output=True,
        text=True,
        timeout=CASE_TIMEOUT,
        preexec_fn=_limit_memory,
    )
    assert result.returncode == 2 and "needs a terminal" in result.stderr


def test_output_errors_give_a_message_not_a_traceback() -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "tui", "--pack", str(MINI), "list"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=CASE_TIMEOUT,
        )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "cannot write the output: No space left on device" in result.stderr


def test_an_ascii_only_output_still_prints() -> None:
    env = {"PYTHONIOENCODING": "ascii"}
    shown = crib("--pack", str(MINI), "show", "nat-gateway", env=env)
    assert shown.returncode == 0 and "NAT Gateway" in shown.stdout
    found = crib("--pack", str(MINI), "search", "nat", "--json", env=env)
    assert found.returncode == 0 and '"nat-gateway"' in found.stdout
    __import__("json").loads(found.stdout)  # still valid JSON


def test_list_into_a_closed_pipe_exits_0(tmp_path: Path) -> None:
    result = subprocess.run(
        f"{sys.executable} -m tui --pack {MINI} list | head -1 >/dev/null; "
        'echo "rc=${PIPESTATUS[0]}"',
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        timeout=CASE_TIMEOUT,
    )
    assert "rc=0" in result.stdout and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["compare", "sqs", "sqs"], 2, "each entry once"),
        (["show", ""], 2, "give an item id"),
        (["list", "--domain", "nosuch"], 1, 'no domain "nosuch"'),
        (["search", "x", "--limit", "abc"], 2, "expected a whole number, got 'abc'"),
        (["search", "\x1b[2Jnat\x1b]2;PWNED\x07"], 0, ""),
        (["show", "q" * 5000], 1, "no item with id"),
        (["compare", *[f"id{n}" for n in range(20)]], 2, "do not fit side by side"),
    ],
)
def test_odd_arguments_get_clear_answers(args: list[str], code: int, message: str) -> None:
    result = crib("--pack", str(MINI), *args)
    assert result.returncode == code, result.stderr
    assert message in result.stderr
    assert "\x1b" not in result.stdout + result.stderr
    assert max(map(len, (result.stdout + result.stderr).splitlines()), default=0) < 400


def test_a_file_name_with_escapes_is_reported_clean(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "odd", {}, "odd")
    (pack / "bad\x1b]2;PWNED\x07.yaml").write_text("entries: [\n")
    result = crib("validate", str(pack))
    assert result.returncode == 1 and "bad]2;PWNED.yaml" not in result.stdout
    assert "\x1b" not in result.stdout + result.stderr and "bad.yaml" in result.stdout
