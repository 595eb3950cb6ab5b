"""How well questions find their answer (not a test): hit@1, hit@3, MRR, answer@1, answer@3.

    python bench/questions.py               # the bundled AWS pack, bench/questions.tsv
    python bench/questions.py --misses      # also list every question that missed

Each line of questions.tsv is a question written from one fact of the pack, with the item and
the fact label that answer it. A hit is the item among the results; an answer is an answer line
with that item and label (or a comparison's row of that label, which holds the same fact).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.search import SearchIndex  # noqa: E402
from index.store import ensure_index  # noqa: E402
from knowledge.sources import BUNDLED_DIR, PackDir  # noqa: E402

TARGETS = {"hit@3": 0.95, "answer@3": 0.90, "answer@1": 0.75, "zero": 0.0}


def read_questions(path: Path) -> list[tuple[str, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            question, item, label = line.split("\t")
            rows.append((question, item, label))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=ROOT / "bench" / "questions.tsv")
    parser.add_argument("--misses", action="store_true", help="list the questions that missed")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args()
    questions = read_questions(args.questions)
    with tempfile.TemporaryDirectory(prefix="crib-questions-") as cache:
        built = ensure_index([PackDir(BUNDLED_DIR / "aws-sysops", "bundled")], root=Path(cache))
        index = SearchIndex(built)
        comparisons = built.meta.get("comparisons", {})
        known = {f"{i}" for i in index.base.items} if hasattr(index, "base") else set()
        hits1 = hits3 = answers1 = answers3 = zero = 0
        reciprocal = 0.0
        misses: list[str] = []
        for question, item, label in questions:
            if known and item not in known:
                misses.append(f"UNKNOWN ITEM {item}: {question}")
            result = index.search(question, limit=10)
            ids = [hit.id for hit in result.hits]
            zero += not ids
            rank = ids.index(item) + 1 if item in ids else 0
            hits1 += rank == 1
            hits3 += 0 < rank <= 3
            reciprocal += 1 / rank if rank else 0.0
            right = [
                a.label.casefold() == label.casefold()
                and (a.id == item or (a.kind == "row" and item in comparisons.get(a.id, [])))
                for a in result.answers
            ]
            answers1 += bool(right[:1] and right[0])
            answers3 += any(right[:3])
            if not (0 < rank <= 3) or not any(right[:1]):
                first = result.answers[0] if result.answers else None
                shown = f"{first.id} · {first.label}" if first else "no answer"
                misses.append(f"{question!r}: want {item} · {label}; rank {rank or '-'}, {shown}")
        index.close()
    count = len(questions)
    figures = {
        "questions": count,
        "hit@1": round(hits1 / count, 3),
        "hit@3": round(hits3 / count, 3),
        "mrr": round(reciprocal / count, 3),
        "answer@1": round(answers1 / count, 3),
        "answer@3": round(answers3 / count, 3),
        "zero": round(zero / count, 3),
    }
    print(
        f"{count} questions: hit@1 {figures['hit@1']:.1%}  hit@3 {figures['hit@3']:.1%} "
        f"(target >= 95%)  MRR {figures['mrr']:.3f}  answer@1 {figures['answer@1']:.1%} "
        f"(>= 75%)  answer@3 {figures['answer@3']:.1%} (>= 90%)  zero results "
        f"{figures['zero']:.1%} (0)"
    )
    if args.misses:
        print("\n".join(misses))
    if args.json:
        print(json.dumps({"figures": figures, "targets": TARGETS}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
