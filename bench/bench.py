"""Benchmark of crib's search engine (not a test): prints a table and JSON.

    python bench/bench.py                 # test pack, bundled pack, synthetic 1,000 and 10,000
    python bench/bench.py --sizes 1000    # fewer sizes
    python bench/bench.py --json out.json # also write the JSON to a file

Measures: cold build and warm open of the index; per-keystroke latency (p50/p95/max) while typing
titles and phrases one character at a time; a warm `crib search` process against a bare
`python -c "import whoosh.index"`; and how often a typo'd word (substitution, deletion, insertion,
swapped pair) still finds its entry in the top three.
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

from index.search import SearchIndex  # noqa: E402
from index.store import ensure_index  # noqa: E402
from knowledge.sources import BUNDLED_DIR, pack_dirs  # noqa: E402

TARGETS = {
    "process_ratio": 2.5,
    "p95_ms_small": 10.0,
    "p95_ms_10k": 25.0,
    "max_ms": 100.0,
    "build_s_small": 0.7,
    "build_s_10k": 10.0,
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


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def typing_sequences(index: SearchIndex, rng: random.Random, count: int) -> list[str]:
    """Queries as typed one character at a time: titles and phrases from bodies."""
    items = index.read_knowledge()["items"]
    sample = rng.sample(items, min(count, len(items)))
    typed: list[str] = []
    for number, item in enumerate(sample):
        if number % 2 == 0:
            text = item["title"].lower()
        else:
            body_words = re.findall(r"\w+", item.get("body") or item["summary"])
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
    entries = [i for i in index.read_knowledge()["items"] if i["kind"] == "entry"]
    for item in rng.sample(entries, min(count, len(entries))):
        title_words = [w for w in re.findall(r"[A-Za-z]+", item["title"]) if len(w) >= 5]
        if not title_words:
            continue
        word = rng.choice(title_words)
        for kind, wrong in typo_variants(word.lower(), rng).items():
            query = item["title"].lower().replace(word.lower(), wrong)
            hits = [h.id for h in index.search(query, limit=3, as_you_type=False).hits]
            found.setdefault(kind, []).append(item["id"] in hits)
    return {kind: round(sum(ok) / len(ok), 3) for kind, ok in found.items() if ok}


def measure_pack(
    name: str, pack: Path, cache: Path, rng: random.Random
) -> dict[str, object] | None:
    dirs, _ = pack_dirs([pack], include_user=False, include_bundled=False)
    started = time.perf_counter()
    built = ensure_index(dirs, root=cache / name)
    build_s = time.perf_counter() - started
    opens = []
    for _ in range(5):
        started = time.perf_counter()
        index = SearchIndex(ensure_index(dirs, root=cache / name))
        index.search("warm up")  # first query loads the vocabulary
        opens.append(time.perf_counter() - started)
    if not built.meta["items"]:
        print(f"skipping {name}: no items loaded: {built.meta['skipped']}", file=sys.stderr)
        return None
    keystrokes = typing_sequences(index, rng, 40)
    latencies = []
    for text in keystrokes:
        started = time.perf_counter()
        index.search(text, limit=20)
        latencies.append((time.perf_counter() - started) * 1000)
    return {
        "pack": name,
        "items": built.meta["items"],
        "cold_build_s": round(build_s, 3),
        "warm_open_ms": round(statistics.median(opens) * 1000, 1),
        "keystrokes": len(latencies),
        "p50_ms": round(percentile(latencies, 0.5), 2),
        "p95_ms": round(percentile(latencies, 0.95), 2),
        "max_ms": round(max(latencies), 2),
        "typo_top3": typo_rate(index, rng, 60),
    }


def process_times(pack: Path, cache_home: Path, runs: int) -> dict[str, float]:
    """Median wall time of a warm `crib search` process and of a bare whoosh import."""
    env = dict(os.environ, XDG_CACHE_HOME=str(cache_home), XDG_DATA_HOME=str(cache_home / "d"))
    env.pop("CRIB_PACKS", None)
    crib = [sys.executable, "-m", "tui", "--pack", str(pack), "search", "nat gateway", "--json"]
    bare = [sys.executable, "-c", "import whoosh.index"]
    subprocess.run(crib, env=env, capture_output=True, check=False, cwd=ROOT)  # builds once

    def median_of(command: list[str]) -> float:
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run(command, env=env, capture_output=True, check=False, cwd=ROOT)
            times.append(time.perf_counter() - started)
        return statistics.median(times) * 1000

    crib_ms, bare_ms = median_of(crib), median_of(bare)
    return {
        "crib_search_ms": round(crib_ms, 1),
        "bare_whoosh_import_ms": round(bare_ms, 1),
        "ratio": round(crib_ms / bare_ms, 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=15, help="process runs to take the median of")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    rng = random.Random(11)
    work = Path(tempfile.mkdtemp(prefix="crib-bench-"))
    try:
        packs: list[tuple[str, Path]] = [("test pack", ROOT / "tests" / "packs" / "mini")]
        packs += [
            (f"bundled {p.name}", p)
            for p in sorted(BUNDLED_DIR.iterdir())
            if (p / "pack.yaml").exists()
        ]
        for size in args.sizes:
            packs.append((f"synthetic {size:,}", synthetic_pack(work / f"syn{size}", size)))
        measured = [measure_pack(name, path, work / "cache", rng) for name, path in packs]
        rows = [row for row in measured if row is not None]
        bundled = next((p for n, p in packs if n.startswith("bundled")), packs[0][1])
        process = process_times(bundled, work / "proc", args.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report = {
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "packs": rows,
        "process": process,
        "targets": TARGETS,
    }
    header = f"{'pack':<22}{'items':>7}{'build s':>9}{'open ms':>9}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}  typo top-3"
    print(header)
    print("-" * len(header))
    for row in rows:
        typo = " ".join(f"{k[:4]} {v:.0%}" for k, v in row["typo_top3"].items())  # type: ignore[union-attr]
        print(
            f"{row['pack']:<22}{row['items']:>7}{row['cold_build_s']:>9}{row['warm_open_ms']:>9}{row['p50_ms']:>8}{row['p95_ms']:>8}{row['max_ms']:>8}  {typo}"
        )
    print(
        f"\nwarm `crib search` process {process['crib_search_ms']} ms vs bare `import whoosh.index` {process['bare_whoosh_import_ms']} ms: {process['ratio']}x (target <= {TARGETS['process_ratio']}x)"
    )
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
