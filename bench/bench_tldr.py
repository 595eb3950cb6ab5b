"""Benchmark of a whole tldr cache loaded as a pack (not a test): prints a summary table.

    python bench/bench_tldr.py                  # ~6,000 generated pages, 3 cold builds
    python bench/bench_tldr.py --pages 12000 --builds 1
    python bench/bench_tldr.py --folder ~/.cache/tealdeer/tldr-pages   # a real cache instead

Writes a tldr-shaped folder (`pages/<platform>/<name>.md`, the English pages of a client's
cache: common, linux, osx, windows, android, …; some commands on two platforms; descriptions,
"More information" lines, 4-8 examples with `{{placeholders}}` and `{{[-o|--output]}}` options),
then measures it as bench.py measures any pack: the cold build as a fresh `crib index` process,
the warm open to a first query (which stats every page to see the index is current), and the
per-keystroke latency (p50/p95/max) while typing page names and example descriptions. Also the
wall time of a warm one-shot `crib search` process, as a user at a shell pays it.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from harness import bench_env, crib_command  # noqa: E402

from bench import TARGETS, measure_pack, natural_words  # noqa: E402

# Roughly the English pages of tldr's cache by platform (2026: ~6,000 in all).
PLATFORM_SHARE = {
    "common": 0.52,
    "linux": 0.30,
    "osx": 0.06,
    "windows": 0.06,
    "android": 0.02,
    "freebsd": 0.01,
    "openbsd": 0.01,
    "netbsd": 0.01,
    "sunos": 0.01,
}
VERBS = "show list create delete extract compress follow print set start stop restart copy move"
PLACES = "path/to/file path/to/directory url name port user host branch unit archive.tar.gz"


def tldr_folder(target: Path, pages: int, seed: int = 11) -> Path:
    """Write `pages` tldr pages under `target/pages/<platform>/`; returns `target`."""
    rng = random.Random(seed)
    words = natural_words()
    verbs, places = VERBS.split(), PLACES.split()
    names: list[str] = []
    written = 0
    for platform, share in PLATFORM_SHARE.items():
        folder = target / "pages" / platform
        folder.mkdir(parents=True, exist_ok=True)
        for _ in range(max(1, round(pages * share))):
            if written >= pages:
                break
            if names and platform != "common" and rng.random() < 0.05:
                name = rng.choice(names)  # the same command, tailored for this platform
            else:
                parts = rng.randint(1, 2)
                name = "-".join(rng.choice(words) for _ in range(parts)) + str(written % 97 or "")
                names.append(name)
            if (folder / f"{name}.md").exists():
                name = f"{name}-{written}"
                names.append(name)
            (folder / f"{name}.md").write_text(_page(name, rng, words, verbs, places))
            written += 1
    return target


def _page(
    name: str, rng: random.Random, words: list[str], verbs: list[str], places: list[str]
) -> str:
    title = name.replace("-", " ")
    about = " ".join(rng.choice(words) for _ in range(rng.randint(6, 14)))
    lines = [f"# {title}", "", f"> {about.capitalize()}."]
    if rng.random() < 0.8:
        lines.append(f"> More information: <https://example.com/{name}>.")
    lines.append("")
    for _ in range(rng.randint(4, 8)):
        verb = rng.choice(verbs)
        what = " ".join(rng.choice(words) for _ in range(rng.randint(2, 6)))
        option = rng.choice(words)
        lines += [
            f"- {verb.capitalize()} {what}:",
            "",
            f"`{title} {{{{[-{option[0]}|--{option}]}}}} {{{{{rng.choice(places)}}}}}`",
            "",
        ]
    return "\n".join(lines)


def warm_search_process(env: dict[str, str], folder: Path, runs: int = 5) -> list[float]:
    """Wall seconds of `crib search` processes against a built index."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(
            crib_command("--pack", str(folder), "search", "extract archive", "--json"),
            env=env,
            capture_output=True,
        )  # exit 1 (nothing found) is fine: the time is what is measured
        times.append(time.perf_counter() - started)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=6000)
    parser.add_argument("--builds", type=int, default=3, help="cold builds to time")
    parser.add_argument("--folder", type=Path, help="a real tldr folder instead of a generated one")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="crib-bench-tldr-") as tmp:
        work = Path(tmp)
        folder = args.folder or tldr_folder(work / "tldr", args.pages)
        pages = (
            sum(1 for _ in (folder / "pages").rglob("*.md")) if (folder / "pages").is_dir() else 0
        )
        row = measure_pack(f"tldr {pages} pages", [folder], work, random.Random(5), args.builds)
        if row is None:
            return 1
        env = bench_env(work / "env", CRIB_BUNDLED="0")
        row["warm_search_process_s"] = round(statistics.median(warm_search_process(env, folder)), 3)
    targets = {
        "build_s (10k items)": TARGETS["build_s"][10_000],
        "p95_ms (10k)": TARGETS["p95_ms"][10_000],
        "max_ms (10k)": TARGETS["max_ms_10k"],
    }
    print(f"{row['pack']}: {row['items']} items  ({row['load']})")
    print(f"  cold build      {row['cold_build_s']} s  (runs {row['builds_s']})")
    print(f"  warm open       {row['warm_open_ms']} ms  (to a first query, in process)")
    print(f"  warm `crib search` process  {row['warm_search_process_s']} s")
    print(
        f"  keystrokes      p50 {row['p50_ms']} ms  p95 {row['p95_ms']} ms  max {row['max_ms']} ms"
        f"  (n={row['keystrokes']}, over 100 ms: {row['over_100ms']})"
    )
    print(f"  slowest         {row['slowest']}")
    print(f"  targets         {targets}")
    if args.json:
        args.json.write_text(json.dumps(row | {"targets": targets}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
