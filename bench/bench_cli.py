"""Benchmark of crib's one-shot commands against `python -c "import whoosh.index"`. Not a test.

    python bench/bench_cli.py                 # bundled pack: search, show, compare (a minute)
    python bench/bench_cli.py --rounds 20
    python bench/bench_cli.py --size 50000    # also `crib show` time and memory at 50,000 items

Each command is timed as a fresh process with a warm index, paired with the bare Whoosh import
and alternated (A B B A ...), so the machine's drift hits both alike; the ratio is the median of
the per-pair ratios. The human output is written to a real terminal (a pseudo-terminal, 120x35,
colours on, no pager), as a person reads it; --json to a pipe, as a script reads it.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness import ROOT, abba, bench_env, crib_command, load, spread  # noqa: E402

from bench import synthetic_pack  # noqa: E402

TARGETS = {"human": 2.5, "json": 2.2, "show_50k_s": 0.5, "show_50k_mb": 150.0}
BARE = [sys.executable, "-c", "import whoosh.index"]
COMMANDS = {
    "search": ["search", "nat gateway"],
    "show": ["show", "nat-gateway"],
    "compare": ["compare", "alb", "nlb", "gwlb"],
}


def run(command: list[str], env: dict[str, str], terminal: bool) -> tuple[float, float, int]:
    """Wall seconds, peak memory (MB) and exit code of one process; stdout a terminal or pipe."""
    if terminal:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 35, 120, 0, 0))
        out: int = slave
    else:
        master, out = -1, subprocess.PIPE  # type: ignore[assignment]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=out, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, cwd=ROOT
    )
    if terminal:
        os.close(slave)
        while True:
            try:
                if not os.read(master, 65536):
                    break
            except OSError:  # EIO: the child closed the terminal
                break
        os.close(master)
    else:
        assert process.stdout is not None
        process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    took = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.stdout is not None:
        process.stdout.close()
    return took, usage.ru_maxrss / 1024, process.returncode


def paired(
    command: list[str], env: dict[str, str], terminal: bool, rounds: int
) -> dict[str, object]:
    """Alternate the bare import and the command; per-pair ratios."""
    bare: list[float] = []
    crib: list[float] = []
    codes: set[int] = set()
    for slot in abba(rounds):
        if slot == 0:
            bare.append(run(BARE, env, False)[0] * 1000)
        else:
            took, _, code = run(command, env, terminal)
            crib.append(took * 1000)
            codes.add(code)
    ratios = [c / b for c, b in zip(crib, bare, strict=True)]
    return {
        "crib_ms": crib,
        "bare_ms": bare,
        "ratio": round(statistics.median(ratios), 2),
        "ratio_spread": (round(min(ratios), 2), round(max(ratios), 2)),
        "exit_codes": sorted(codes),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=12, help="pairs per command")
    parser.add_argument("--size", type=int, help="also time `show` on a synthetic pack this big")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="crib-bench-cli-"))
    loads = [load()]
    rows: list[tuple[str, str, dict[str, object]]] = []
    scale: dict[str, object] = {}
    try:
        # No pager: a pager shows its first page no sooner than the output is made, and then
        # waits for the reader; what is timed is making the whole output.
        env = bench_env(work, CRIB_NO_APP="1", CRIB_PAGER="", COLUMNS="120", LINES="35")
        subprocess.run(crib_command("index"), env=env, check=True, capture_output=True)
        for _ in range(3):  # warm the page cache and bytecode
            run(crib_command(*COMMANDS["search"]), env, True)
        for name, words in COMMANDS.items():
            for mode in ("human", "json"):
                command = crib_command(*words, *(["--json"] if mode == "json" else []))
                rows.append((name, mode, paired(command, env, mode == "human", args.rounds)))
        loads.append(load())
        if args.size:
            env_big = bench_env(work / "big", CRIB_BUNDLED="0", CRIB_NO_APP="1", CRIB_PAGER="")
            pack = synthetic_pack(work / "syn", args.size)
            started = time.perf_counter()
            built = subprocess.run(
                crib_command("--pack", str(pack), "index"), env=env_big, capture_output=True
            )
            build_s = time.perf_counter() - started
            shows = [
                run(crib_command("--pack", str(pack), "show", f"e{n}"), env_big, True)
                for n in (0, args.size // 2, args.size - 1) * 3
            ]
            scale = {
                "items": args.size,
                "build_s": round(build_s, 2),
                "build_ok": built.returncode == 0,
                "show_ms": [round(s[0] * 1000, 1) for s in shows],
                "show_peak_mb": [round(s[1], 1) for s in shows],
                "exit_codes": sorted({s[2] for s in shows}),
            }
            loads.append(load())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        data = {"load": loads, "commands": rows, "scale": scale, "targets": TARGETS}
        args.json.write_text(json.dumps(data, indent=2), encoding="utf-8")
    print("\n== crib one-shot commands vs `python -c 'import whoosh.index'` (warm index) ==")
    print("load:", " | ".join(loads))
    print(
        f"{'command':<10}{'output':<7}{'ratio':>6}  {'(min-max)':<12} crib ms / bare ms (median, spread)"
    )
    for name, mode, row in rows:
        low, high = row["ratio_spread"]  # type: ignore[misc]
        target = TARGETS[mode]
        print(
            f"{name:<10}{mode:<7}{row['ratio']:>6}  ({low}-{high}){'':<2} "
            f"<= {target}x  crib {spread(row['crib_ms'])}"  # type: ignore[arg-type]
        )
        print(f"{'':<30}bare {spread(row['bare_ms'])}  exit {row['exit_codes']}")  # type: ignore[arg-type]
    if scale:
        print(
            f"\nshow at {scale['items']:,} items (build {scale['build_s']} s): "
            f"{spread(scale['show_ms'])} ms, peak {max(scale['show_peak_mb'])} MB "  # type: ignore[arg-type]
            f"(targets < {TARGETS['show_50k_s'] * 1000:.0f} ms, < {TARGETS['show_50k_mb']:.0f} MB)"
            f"; exit {scale['exit_codes']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
