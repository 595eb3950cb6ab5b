"""Benchmark of crib's search engine and index build (not a test): prints a summary table.

    python bench/bench.py                          # bundled pack, synthetic 1,000 and 10,000
    python bench/bench.py --sizes 1000 10000 20000 50000   # the scale runs (several minutes)
    python bench/bench.py --json out.json          # also write the JSON to a file

Measures, per pack: the cold build as a fresh `crib index` process (imports included, as a
user pays them), the warm open to a first query, reading the knowledge base, the engine's
per-keystroke latency (p50/p95/max, with the app's result limit) while typing titles and
phrases one character at a time (the index keeps what it scored from key to key and from one
query to the next, so the first 10 keys are also timed alone on a freshly opened index, before
its warm-up), and how often a typo'd word (substitution, deletion,
insertion, swapped pair) still finds its entry in the top three. Process ratios against
`import whoosh.index` are in bench_cli.py; the app in a terminal is bench_app.py.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "bench"))

from harness import bench_env, crib_command, load, percentile  # noqa: E402

from index.search import SearchIndex  # noqa: E402
from index.store import ensure_index  # noqa: E402
from knowledge.sources import pack_dirs  # noqa: E402

FIRST_KEYS = 10  # keys timed on a fresh index, before its warm-up
RESULT_LIMIT = 25  # the app's (tui.screens.search.RESULT_LIMIT), without importing Textual
# Per-keystroke p95 by size (ms), the 10k worst case, and the cold build (s) by size.
TARGETS = {
    "p95_ms": {300: 10.0, 10_000: 25.0, 50_000: 60.0},
    "max_ms_10k": 100.0,
    "build_s": {10_000: 10.0, 50_000: 60.0},
}


def natural_words() -> list[str]:
    """English words from Python's own help texts: a natural, repeatable vocabulary."""
    from pydoc_data.topics import topics

    text = " ".join(topics.values())
    return [w.lower() for w in re.findall(r"[A-Za-z]{3,14}", text)]


def synthetic_pack(target: Path, size: int, seed: int = 7) -> Path:
    """Write a pack of `size` entries with titles, aliases, tags, facts and ~160-word bodies."""
    rng = random.Random(seed)
    words = natural_words()
    common = list(dict.fromkeys(words))
    target.mkdir(parents=True)
    (target / "pack.yaml").write_text(
        "id: synthetic\ntitle: Synthetic\ndomains:\n"
        + "".join(f"  - {{id: d{i}, title: Domain {i}}}\n" for i in range(8)),
        encoding="utf-8",
    )
    titles: set[str] = set()
    per_file = 500
    for start in range(0, size, per_file):
        lines = ["entries:"]
        for number in range(start, min(size, start + per_file)):
            while True:
                title = " ".join(rng.choice(common).capitalize() for _ in range(rng.randint(2, 3)))
                if title not in titles:
                    titles.add(title)
                    break
            acronym = "".join(w[0] for w in title.split()).upper() + str(number)
            body_start = rng.randrange(len(words) - 200)
            body = " ".join(words[body_start : body_start + 160])
            summary = " ".join(rng.choice(words) for _ in range(12))
            lines += [
                f"  - id: e{number}",
                f"    title: {title}",
                f"    aliases: [{acronym}]",
                f"    domain: d{number % 8}",
                f"    tags: ['{rng.choice(common)}', '{rng.choice(common)}']",
                f"    summary: {summary}",
                f"    body: {body}",
                "    facts:",
                *(
                    f"      {k}: {rng.choice(words)} {rng.randint(1, 999)}"
                    for k in ("Size", "Speed", "Cost", "Scope")
                ),
            ]
        (target / f"e{start:05d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def typing_sequences(index: SearchIndex, rng: random.Random, count: int) -> list[str]:
    """Queries as typed one character at a time: titles and phrases from bodies."""
    items = list(index.base.items.values())
    sample = rng.sample(items, min(count, len(items)))
    typed: list[str] = []
    for number, item in enumerate(sample):
        if number % 2 == 0:
            text = item.title.lower()
        else:
            body_words = re.findall(r"\w+", item.body or item.summary)
            start = rng.randrange(max(1, len(body_words) - 3))
            text = " ".join(body_words[start : start + 3]).lower()
        typed += [text[:end] for end in range(1, len(text) + 1)]
    return typed


def typo_variants(word: str, rng: random.Random) -> dict[str, str]:
    i = rng.randrange(1, len(word) - 1)
    letter = rng.choice([c for c in "etaoinshrdlu" if c != word[i]])
    return {
        "substitution": word[:i] + letter + word[i + 1 :],
        "deletion": word[:i] + word[i + 1 :],
        "insertion": word[:i] + letter + word[i:],
        "swap": word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
        if word[i] != word[i - 1]
        else word[:i] + letter + word[i + 1 :],
    }


def typo_rate(index: SearchIndex, rng: random.Random, count: int) -> dict[str, float]:
    """Share of typo'd title words whose entry is still in the top three."""
    found: dict[str, list[bool]] = {}
    entries = [i for i in index.base.items.values() if i.kind == "entry"]
    for item in rng.sample(entries, min(count, len(entries))):
        title_words = [w for w in re.findall(r"[A-Za-z]+", item.title) if len(w) >= 5]
        if not title_words:
            continue
        word = rng.choice(title_words)
        for kind, wrong in typo_variants(word.lower(), rng).items():
            query = item.title.lower().replace(word.lower(), wrong)
            hits = [h.id for h in index.search(query, limit=3, as_you_type=False).hits]
            found.setdefault(kind, []).append(item.id in hits)
    return {kind: round(sum(ok) / len(ok), 3) for kind, ok in found.items() if ok}


def cold_build(env: dict[str, str], packs: list[Path]) -> float:
    """Seconds for a fresh `crib index` process to build into an empty cache."""
    shutil.rmtree(env["XDG_CACHE_HOME"], ignore_errors=True)
    args = [a for p in packs for a in ("--pack", str(p))]
    started = time.perf_counter()
    subprocess.run(crib_command(*args, "index"), env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def measure_pack(
    name: str, packs: list[Path], work: Path, rng: random.Random, build_runs: int
) -> dict[str, object] | None:
    env = bench_env(work / "env", CRIB_BUNDLED="1" if not packs else "0")
    builds = [cold_build(env, packs) for _ in range(build_runs)]
    dirs, _ = pack_dirs(packs, environ=env, include_user=False)
    root = Path(env["XDG_CACHE_HOME"]) / "crib" / "index"
    opens = []
    for _ in range(5):
        started = time.perf_counter()
        index = SearchIndex(ensure_index(dirs, root=root))
        index.search("warm up")
        opens.append((time.perf_counter() - started) * 1000)
    started = time.perf_counter()
    items = len(index.base.items)
    base_ms = (time.perf_counter() - started) * 1000
    if not items:
        print(f"skipping {name}: no items loaded", file=sys.stderr)
        return None
    keystrokes = typing_sequences(index, rng, 40)
    # The first keys on a freshly opened index, before any warm-up: nothing remembered yet.
    fresh = SearchIndex(ensure_index(dirs, root=root))
    first = []
    for text in keystrokes[:FIRST_KEYS]:
        started = time.perf_counter()
        fresh.search(text, limit=RESULT_LIMIT)
        first.append((time.perf_counter() - started) * 1000)
    fresh.close()
    index.warm_up()
    latencies = []
    slowest: list[tuple[float, str]] = []
    for text in keystrokes:
        started = time.perf_counter()
        index.search(text, limit=RESULT_LIMIT)
        latencies.append((time.perf_counter() - started) * 1000)
        slowest.append((round(latencies[-1], 1), text))
    return {
        "pack": name,
        "items": items,
        "cold_build_s": round(statistics.median(builds), 2),
        "builds_s": [round(b, 2) for b in builds],
        "warm_open_ms": round(statistics.median(opens), 1),
        "knowledge_ms": round(base_ms, 1),
        "keystrokes": len(latencies),
        "p50_ms": round(percentile(latencies, 0.5), 2),
        "p95_ms": round(percentile(latencies, 0.95), 2),
        "max_ms": round(max(latencies), 2),
        "over_100ms": sum(1 for t in latencies if t > 100),
        "first_keys_ms": [round(t, 1) for t in first],
        "slowest": sorted(slowest)[-4:],
        "typo_top3": typo_rate(index, rng, 60),
        "load": load(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--no-bundled", action="store_true", help="synthetic packs only")
    parser.add_argument("--build-runs", type=int, default=1, help="cold builds per pack")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    rng = random.Random(11)
    work = Path(tempfile.mkdtemp(prefix="crib-bench-"))
    rows = []
    try:
        packs: list[tuple[str, list[Path]]] = [] if args.no_bundled else [("bundled", [])]
        for size in args.sizes:
            packs.append((f"synthetic {size:,}", [synthetic_pack(work / f"syn{size}", size)]))
        for name, paths in packs:
            row = measure_pack(name, paths, work / name.replace(" ", "_"), rng, args.build_runs)
            if row is not None:
                rows.append(row)
                print(f"measured {name}: {load()}", file=sys.stderr, flush=True)
            shutil.rmtree(work / name.replace(" ", "_"), ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}}
    report |= {"packs": rows, "targets": TARGETS}
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
    print("\n== crib engine benchmark ==")
    header = (
        f"{'pack':<18}{'items':>7}{'build s':>9}{'s/1k':>6}{'open ms':>9}{'kb ms':>8}"
        f"{'keys':>6}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}{'>100':>5}  typo top-3"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        typo = " ".join(f"{k[:4]} {v:.0%}" for k, v in row["typo_top3"].items())  # type: ignore[attr-defined]
        per_k = row["cold_build_s"] / max(1, row["items"]) * 1000  # type: ignore[operator]
        print(
            f"{row['pack']:<18}{row['items']:>7}{row['cold_build_s']:>9}{per_k:>6.2f}"
            f"{row['warm_open_ms']:>9}{row['knowledge_ms']:>8}{row['keystrokes']:>6}"
            f"{row['p50_ms']:>8}{row['p95_ms']:>8}{row['max_ms']:>8}{row['over_100ms']:>5}  {typo}"
        )
    for row in rows:
        print(f"  {row['pack']}: slowest {row['slowest']}; {row['load']}")
        first = row["first_keys_ms"]
        print(f"    first {len(first)} keys on a fresh index (no warm-up), ms: {first}")  # type: ignore[arg-type]
    print(
        "targets: keystroke p95 <= 10 ms (300 items), 25 ms (10k), 60 ms (50k), none over"
        " 100 ms at 10k; cold build <= 10 s (10k), 60 s (50k), linear (s/1k flat)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
