"""Benchmark of the full-screen app as a user sees it, in a real terminal (tmux). Not a test.

    python bench/bench_app.py                # bundled pack, then a synthetic 10,000-entry pack
    python bench/bench_app.py --no-10k       # bundled pack only (a few minutes)
    python bench/bench_app.py --sizes 20000 50000   # also typing (and memory) at those sizes
    python bench/bench_app.py --rounds 8 --sessions 4 --words 12

Everything runs in ONE private tmux server; crib and a minimal Textual app (Header, Input,
OptionList, Footer) are started alternately (A B B A ...), each in a new session of it.

- start-up: process start to first paint, and to the COMPLETE first screen. For crib that is the
  search box, the count line ("311 items in 1 pack"), the help text and the footer; for the
  minimal app its header, input, last list row and footer. The minimal app runs with the
  frame rate crib sets (TEXTUAL_FPS), so the ratio is crib's own work.
- first results: a query typed the moment the first paint shows, until its results (the exact
  count line and top title the engine gives) are on screen; compared with the minimal app's
  complete screen.
- keystrokes: titles typed one character at a time in freshly started apps, from the first
  key after the complete first screen (the first 10 keys are also reported on their own). The
  script asks the same engine, with the app's result limit, what each key must show: the exact
  count line ("5 results" is not "25 results"), the "did you mean", the answer line above the
  results and the top title. A key
  whose state was already on screen cannot be observed and is not timed; a key whose state
  never shows within 5 s is a failure, counted and reported.
- the app's peak memory (VmHWM) at the end of each typing session.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness import (  # noqa: E402
    TmuxServer,
    bench_env,
    crib_command,
    load,
    peak_rss_mb,
    percentile,
    spread,
)

from bench import synthetic_pack  # noqa: E402
from index.schema import short_title  # noqa: E402
from index.search import SearchIndex  # noqa: E402
from index.store import ensure_index  # noqa: E402
from knowledge.sources import pack_dirs  # noqa: E402
from tui.cli import FRAMES_PER_SECOND  # noqa: E402
from tui.screens.search import RESULT_LIMIT  # noqa: E402
from tui.widgets.results import MARK  # noqa: E402

MINIMAL_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Input, OptionList
class Minimal(App):
    def compose(self):
        yield Header()
        yield Input(placeholder="minimal ready")
        yield OptionList(*[f"row {i}" for i in range(20)])
        yield Footer()
Minimal().run()
"""
TARGETS = {
    "complete_ratio": 1.3, "first_results_ratio": 1.6, "p95_ms": 70.0, "p95_ms_10k": 100.0,
    "rss_mb": 64.0, "rss_mb_10k": 120.0,
}  # fmt: skip
FIRST_KEYS = 10
STATUS_ROW, TOP_ROW, INPUT_ROW = 3, 4, 1
COUNT_LINE = re.compile(r"^ \d+ items in \d+ packs?\s*$")
STATUS = re.compile(r"^ (\d+ results?|No results)(?=\s|:|$)")


def minimal_complete(screen: str) -> bool:
    lines = screen.splitlines()
    return (
        len(lines) > 5
        and "Minimal" in lines[0]
        and "minimal ready" in screen
        and "row 19" in screen
        and "^p palette" in lines[-1]
    )


def crib_complete(screen: str) -> bool:
    lines = screen.splitlines()
    return (
        len(lines) > 12
        and "Search: words" in lines[INPUT_ROW]
        and bool(COUNT_LINE.match(lines[STATUS_ROW]))
        and "F1 keys" in screen
        and "f1 Keys" in lines[-1]
        and "^p palette" in lines[-1]
    )


def painted(screen: str) -> bool:
    return screen.strip() != ""


@dataclass(frozen=True)
class State:
    """What the screen must show for one query: the count line, suggestion and top title."""

    status: str
    suggestion: str | None
    top: str | None
    answer: str | None = None  # the answer line above the results ("Answer  <title> · ...")

    @classmethod
    def of(cls, index: SearchIndex, text: str) -> State:
        result = index.search(text, limit=RESULT_LIMIT)
        count = len(result.hits)
        status = f"{count} result{'s' if count != 1 else ''}" if count else "No results"
        suggestion = result.suggestion.query if result.suggestion else None
        answers = getattr(result, "answers", None)
        answer = f"Answer  {short_title(answers[0].title)}"[:30] if answers else None
        top = result.hits[0].title[:24] if result.hits else None
        return cls(status, suggestion, top, answer)

    def shown(self, screen: str, typed: str) -> bool:
        lines = screen.splitlines()
        if len(lines) <= TOP_ROW or typed.rstrip()[-20:] not in lines[INPUT_ROW]:
            return False
        status = STATUS.match(lines[STATUS_ROW])
        if status is None or status.group(1) != self.status:
            return False
        if ("did you mean" in lines[STATUS_ROW]) != (self.suggestion is not None):
            return False
        if self.suggestion is not None and self.suggestion[:30] not in lines[STATUS_ROW]:
            return False
        rows = lines[TOP_ROW:]
        if (self.answer is not None) != rows[0].startswith(" Answer"):
            return False
        if self.answer is not None and not rows[0][1:].startswith(self.answer):
            return False
        # The answer line may wrap to a second row (" CloudTrail: ..."): the first result row
        # is the first that starts with a mark's column ("  Title" or "● Title").
        first = next((r for r in rows if r.startswith(("  ", MARK))), "")
        return self.top is None or first[2:].startswith(self.top)


def start_up(
    server: TmuxServer, env: dict[str, str], minimal: Path, rounds: int, query: tuple[str, State]
) -> dict[str, list[float]]:
    """Alternate the minimal app, crib to a complete screen, and crib to first results."""
    subjects = ["minimal", "crib", "crib_first_results"]
    times: dict[str, list[float]] = {f"{s}_{k}": [] for s in subjects for k in ("paint", "ms")}
    failures: list[str] = []
    order: list[int] = []
    for number in range(rounds):
        order += [0, 1, 2] if number % 2 == 0 else [2, 1, 0]
    text, state = query
    # The minimal app draws frames as often as crib does (crib raises Textual's 60 a second):
    # the ratio is then crib's own work, not a setting.
    minimal_env = {**env, "TEXTUAL_FPS": env.get("TEXTUAL_FPS", FRAMES_PER_SECOND)}
    for subject in (subjects[i] for i in order):
        command = [sys.executable, str(minimal)] if subject == "minimal" else crib_command()
        started = time.perf_counter()
        session = server.start(command, env if subject != "minimal" else minimal_env)
        try:
            first, _ = session.wait(painted)
            if subject == "minimal":
                done, screen = session.wait(minimal_complete)
            elif subject == "crib":
                done, screen = session.wait(crib_complete)
            else:
                session.type(text)
                done, screen = session.wait(lambda s: state.shown(s, text))
        finally:
            session.close()
        if first is None or done is None:
            failures.append(f"{subject}: never complete:\n{screen}")
            continue
        times[f"{subject}_paint"].append((first - started) * 1000)
        times[f"{subject}_ms"].append((done - started) * 1000)
        time.sleep(0.15)
    if failures:
        print("\n".join(failures), file=sys.stderr)
    times["failures"] = [float(len(failures))]
    return times


@dataclass
class Typing:
    pack: str
    latencies: list[float] = field(default_factory=list)
    first_keys: list[float] = field(default_factory=list)
    untimed: int = 0
    failures: list[str] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    slowest: list[tuple[float, str]] = field(default_factory=list)

    def summary(self) -> dict[str, object]:
        every = self.latencies + self.first_keys
        return {
            "pack": self.pack,
            "timed_keys": len(every),
            "untimed_no_visible_change": self.untimed,
            "failures": len(self.failures),
            "p50_ms": round(percentile(every, 0.5), 1),
            "p95_ms": round(percentile(every, 0.95), 1),
            "max_ms": round(max(every, default=0.0), 1),
            "first_keys_p50_ms": round(percentile(self.first_keys, 0.5), 1),
            "first_keys_p95_ms": round(percentile(self.first_keys, 0.95), 1),
            "first_keys_max_ms": round(max(self.first_keys, default=0.0), 1),
            "peak_rss_mb": max(self.rss_mb, default=0.0),
            "slowest": sorted(self.slowest)[-6:],
            "failed": self.failures[:10],
        }


def typing_session(
    server: TmuxServer,
    env: dict[str, str],
    command: list[str],
    index: SearchIndex,
    titles: list[str],
    record: Typing,
) -> None:
    """Start the app, and type the titles from the first key after the complete screen."""
    session = server.start(command, env)
    keys = 0
    try:
        if session.wait(crib_complete)[0] is None:
            record.failures.append("the first screen never completed")
            return
        for title in titles:
            typed = ""
            previous: State | None = None
            for char in title.lower()[:14]:
                typed += char
                expected = State.of(index, typed)
                started = time.perf_counter()
                session.type(char)
                keys += 1
                if expected == previous:
                    record.untimed += 1  # nothing new to see: only the echo would be timed
                    session.wait(lambda s, t=typed: t.rstrip()[-20:] in s.splitlines()[INPUT_ROW])
                    continue
                finished, screen = session.wait(
                    lambda s, e=expected, t=typed: e.shown(s, t), timeout=5
                )
                if finished is None:
                    record.failures.append(f"{typed!r} expected {expected}; screen:\n{screen}")
                    previous = None
                    continue
                took = (finished - started) * 1000
                (record.first_keys if keys <= FIRST_KEYS else record.latencies).append(took)
                record.slowest.append((round(took, 1), typed))
                previous = expected
            # Ctrl+U clears the box (a lone Escape makes a terminal app wait to tell it from
            # an escape sequence: that is not search time).
            session.send("C-u")
            session.wait(crib_complete_or_empty)
        rss = peak_rss_mb(session.pid())
        if rss is not None:
            record.rss_mb.append(rss)
    finally:
        session.close()


def crib_complete_or_empty(screen: str) -> bool:
    return "Type to search" in screen


def typing(
    label: str,
    server: TmuxServer,
    env: dict[str, str],
    command: list[str],
    index: SearchIndex,
    sessions: int,
    words: int,
) -> Typing:
    rng = random.Random(5)
    titles = [i.title for i in index.base.items.values() if i.kind == "entry"]
    chosen = rng.sample(titles, min(len(titles), sessions * words))
    record = Typing(label)
    for number in range(sessions):
        part = chosen[number * words : (number + 1) * words]
        typing_session(server, env, command, index, part, record)
    return record


def build(env: dict[str, str], *packs: Path) -> SearchIndex:
    args = [a for p in packs for a in ("--pack", str(p))]
    subprocess.run(crib_command(*args, "index"), env=env, check=True, capture_output=True)
    dirs = pack_dirs(packs, environ=env, include_user=False)[0]
    return SearchIndex(ensure_index(dirs, root=Path(env["XDG_CACHE_HOME"]) / "crib" / "index"))


def ratio(a: list[float], b: list[float]) -> float:
    return round(statistics.median(a) / statistics.median(b), 2) if a and b else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=8, help="start-up rounds (3 runs each)")
    parser.add_argument("--sessions", type=int, default=3, help="typing sessions per pack")
    parser.add_argument("--words", type=int, default=6, help="titles typed per session")
    parser.add_argument("--no-10k", action="store_true", help="skip the synthetic 10,000 pack")
    parser.add_argument(
        "--sizes", type=int, nargs="*", default=[], help="more synthetic packs (e.g. 20000 50000)"
    )
    parser.add_argument("--start-only", action="store_true", help="measure start-up only")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="crib-bench-app-"))
    server = TmuxServer()
    loads = [load()]
    rows: list[Typing] = []
    try:
        env = bench_env(work)
        minimal = work / "minimal.py"
        minimal.write_text(MINIMAL_APP)
        bundled = build(env)
        query = ("lambda", State.of(bundled, "lambda"))
        start = start_up(server, env, minimal, args.rounds, query)
        loads.append(load())
        if not args.start_only:
            rows.append(
                typing("bundled", server, env, crib_command(), bundled, args.sessions, args.words)
            )
            loads.append(load())
            sizes = ([] if args.no_10k else [10_000]) + args.sizes
            for size in sizes:
                env_big = bench_env(work / f"{size}", CRIB_BUNDLED="0")
                big = synthetic_pack(work / f"syn{size}", size)
                big_index = build(env_big, big)
                command = crib_command("--pack", str(big))
                rows.append(
                    typing(f"synthetic {size:,}", server, env_big, command, big_index, args.sessions, args.words)
                )  # fmt: skip
                big_index.close()
                loads.append(load())
    finally:
        server.close()
        shutil.rmtree(work, ignore_errors=True)
    report = {
        "load": loads,
        "start": {k: [round(v, 1) for v in vs] for k, vs in start.items()},
        "typing": [r.summary() for r in rows],
        "targets": TARGETS,
    }
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print_summary(start, rows, loads)
    return 0


def print_summary(start: dict[str, list[float]], rows: list[Typing], loads: list[str]) -> None:
    complete = ratio(start["crib_ms"], start["minimal_ms"])
    first = ratio(start["crib_first_results_ms"], start["minimal_ms"])
    print("\n== crib app benchmark (tmux, 120x35) ==")
    print("load:", " | ".join(loads))
    print(f"{'start-up (ms from spawn)':<34} median (spread)")
    for key, label in (
        ("minimal_paint", "minimal app: first paint"),
        ("minimal_ms", "minimal app: complete screen"),
        ("crib_paint", "crib: first paint"),
        ("crib_ms", "crib: complete screen"),
        ("crib_first_results_ms", "crib: first results ('lambda')"),
    ):
        print(f"  {label:<32} {spread(start[key])}")
    print(f"  failures: {int(start['failures'][0])}")
    print(f"  complete screen ratio  {complete}x  (target <= {TARGETS['complete_ratio']}x)")
    print(f"  first results ratio    {first}x  (target <= {TARGETS['first_results_ratio']}x)")
    print(
        f"\n{'keystroke to screen':<20}{'timed':>6}{'untimed':>8}{'failed':>7}"
        f"{'p50':>7}{'p95':>7}{'max':>7}{'first10 p95':>12}{'first10 max':>12}{'peak MB':>9}"
    )
    for row in rows:
        s = row.summary()
        print(
            f"{row.pack:<20}{s['timed_keys']:>6}{s['untimed_no_visible_change']:>8}"
            f"{s['failures']:>7}{s['p50_ms']:>7}{s['p95_ms']:>7}{s['max_ms']:>7}"
            f"{s['first_keys_p95_ms']:>12}{s['first_keys_max_ms']:>12}{s['peak_rss_mb']:>9}"
        )
        if row.failures:
            print(f"  FAILED keys ({len(row.failures)}):")
            for failure in row.failures[:5]:
                print("   ", failure.splitlines()[0])
        print(f"  slowest: {s['slowest']}")
    print(
        f"targets: p95 <= {TARGETS['p95_ms']} ms bundled, <= {TARGETS['p95_ms_10k']} ms at 10k "
        f"(first keys included); peak <= {TARGETS['rss_mb']} MB bundled, "
        f"<= {TARGETS['rss_mb_10k']} MB at 10k"
    )


if __name__ == "__main__":
    sys.exit(main())
