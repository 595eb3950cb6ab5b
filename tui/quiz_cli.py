"""`crib quiz` and `crib cards`: practice exams from the packs, and the list of review cards.

Light to import, like review_cli: the heavy modules load only when a command runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tui.argtypes import EXIT_FOUND, EXIT_NOTHING, EXIT_USAGE, positive, warn

if TYPE_CHECKING:
    from index.search import SearchIndex
    from knowledge.base import KnowledgeBase
    from knowledge.quiz import Question
    from tui.data.review import ReviewStore

DEFAULT_COUNT = 20  # knowledge.quiz.DEFAULT_COUNT, without importing it to build the parser
MINUTES_PER_QUESTION = 2.0  # SOA-C03: 65 questions in 130 minutes
LETTERS = "abcd"

OpenIndex = Callable[[argparse.Namespace], "SearchIndex"]


def _minutes(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


def add_commands(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add `quiz` and `cards` to the crib parser."""
    quiz = subparsers.add_parser(
        "quiz",
        parents=[common],
        help="an exam-style practice test made from the packs (opens the app)",
        description="Multiple-choice questions generated from the packs' comparisons and sibling "
        "entries, drawn by the exam's domain weights. --count 65 is a full mock exam.",
    )
    quiz.add_argument("--exam", metavar="ID", help="the exam guide (default: crib exam)")
    quiz.add_argument("--domain", help="only this domain of the exam")
    quiz.add_argument(
        "--count",
        type=positive,
        default=DEFAULT_COUNT,
        help=f"questions (default {DEFAULT_COUNT})",
    )
    quiz.add_argument("--seed", type=int, help="the same seed gives the same questions")
    quiz.add_argument(
        "--timer",
        type=_minutes,
        nargs="?",
        const=0.0,
        metavar="MINUTES",
        help=f"a time limit; alone, {MINUTES_PER_QUESTION:g} minutes a question, as in the exam",
    )
    quiz.add_argument("--print", action="store_true", help="print the questions, no app")
    quiz.add_argument("--json", action="store_true", help="with --print: print JSON")
    quiz.add_argument("--theme", help="the app's colour theme")

    cards = subparsers.add_parser("cards", parents=[common], help="list the review cards")
    cards.add_argument("--domain", help="only this domain (a pack domain id)")
    cards.add_argument(
        "--kind", choices=["summary", "fact", "row", "trap", "card"], help="only this kind"
    )
    cards.add_argument("--due", action="store_true", help="only cards due now")
    cards.add_argument("--exam", metavar="ID", help="only cards of this exam guide")
    cards.add_argument("--suspended", action="store_true", help="only suspended cards")
    cards.add_argument("--restore", metavar="CARD", nargs="+", help="restore suspended cards")
    cards.add_argument("--json", action="store_true", help="print JSON")


def _unknown(what: str, wanted: str, known: list[str]) -> str:
    from knowledge.loader import did_you_mean

    listing = f"; known: {', '.join(known)}" if 0 < len(known) <= 20 else ""
    return f'unknown {what} "{wanted}"{did_you_mean(wanted, known)}{listing}'


def _store() -> ReviewStore:
    from tui.data.db import Database
    from tui.data.review import ReviewStore

    store = ReviewStore(Database())
    for warning in store.warnings:
        warn(warning)
    return store


def resolve_exam(base: KnowledgeBase, wanted: str | None) -> tuple[str | None, str | None]:
    """The exam to use and, if `wanted` is not one, why not."""
    from knowledge.exams import default_exam, known_exams

    exams = known_exams(base)
    if wanted is not None:
        return (wanted, None) if wanted in exams else (None, _unknown("exam", wanted, exams))
    from tui.data.db import Database
    from tui.data.library import Library

    library = Library(Database())
    try:
        return default_exam(base, library.setting("exam")), None
    finally:
        library.db.close()


def print_questions(questions: list[Question], base: KnowledgeBase) -> None:
    """The questions as text, each with its answer and where it comes from."""
    for number, question in enumerate(questions, start=1):
        print(f"{number}. [{question.domain}] {question.stem}")
        for letter, option in zip(LETTERS, question.options, strict=False):
            print(f"   {letter}) {option}")
        print(f"   answer: {LETTERS[question.answer]}) {question.right}   ({question.item})")
        print()


def cmd_quiz(args: argparse.Namespace, open_index: OpenIndex) -> int:
    """Build a practice exam; print it, or run it in the app."""
    import random

    from knowledge.exams import exam_weights
    from knowledge.quiz import QuizRequest, build_quiz

    base = open_index(args).base
    exam, problem = resolve_exam(base, args.exam)
    if problem:
        warn(problem)
        return EXIT_USAGE
    if args.domain is not None:
        domains = (
            list(exam_weights(base, exam))
            if exam
            else sorted({i.domain for i in base.items.values()})
        )
        if args.domain not in domains:
            warn(
                _unknown("domain", args.domain, domains) + (f" (domains of {exam})" if exam else "")
            )
            return EXIT_USAGE
    seed = args.seed if args.seed is not None else random.randrange(1_000_000)
    minutes = None
    if args.timer is not None:
        minutes = args.timer or args.count * MINUTES_PER_QUESTION
    request = QuizRequest(exam, args.domain, args.count, seed, minutes)
    questions = build_quiz(base, request, exam)
    if not questions:
        warn("these packs yield no practice questions for this selection")
        return EXIT_NOTHING
    if len(questions) < args.count:
        warn(f"only {len(questions)} questions in this selection")
    if args.print:
        if args.json:
            document = {
                "exam": exam,
                "domain": args.domain,
                "seed": seed,
                "count": len(questions),
                "questions": [q.to_dict() for q in questions],
            }
            print(json.dumps(document, indent=2, ensure_ascii=False))
        else:
            print_questions(questions, base)
        return EXIT_FOUND
    from tui.app import run_app

    return int(run_app(packs=args.pack, theme=args.theme, quiz=request))


def print_cards(rows: list[dict[str, str]]) -> None:
    """A table of cards: prompt, answer, kind and state."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from tui.output import console

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
    table.add_column("Card", ratio=3, overflow="fold")
    table.add_column("Answer", ratio=2, overflow="fold")
    table.add_column("Kind / state", no_wrap=True)
    for row in rows:
        card = Text(row["prompt"])
        card.append(f"\n{row['id']}", style="dim")
        table.add_row(card, Text(row["answer"]), Text(f"{row['kind']}\n{row['state']}"))
    console().print(table)
    print(f"{len(rows)} card{'s' if len(rows) != 1 else ''}", file=sys.stderr)


def cmd_cards(args: argparse.Namespace, open_index: OpenIndex) -> int:
    """List (or restore) review cards with their state."""
    from knowledge.cards import generate_cards
    from tui.data.progress import card_states
    from tui.data.review import ReviewRequest, select_cards

    base = open_index(args).base
    cards = generate_cards(base)
    store = _store()
    try:
        if args.restore:
            restored = [card_id for card_id in args.restore if store.restore(card_id)]
            for card_id in set(args.restore) - set(restored):
                warn(f'"{card_id}" is not suspended')
            print(f"restored {len(restored)} card{'s' if len(restored) != 1 else ''}")
            return EXIT_FOUND if restored else EXIT_NOTHING
        from tui.review_cli import check_request

        request = ReviewRequest(domain=args.domain, exam=args.exam)
        problem = check_request(request, base, cards)
        if problem:
            warn(problem)
            return EXIT_USAGE
        chosen = [c for c in select_cards(cards, request) if args.kind in (None, c.kind)]
        states = card_states(chosen, store)
        if args.due:
            chosen = [c for c in chosen if states[c.id] == "due"]
        if args.suspended:
            chosen = [c for c in chosen if states[c.id] == "suspended"]
        rows = [
            {
                "id": c.id,
                "kind": c.kind,
                "prompt": c.front,
                "answer": c.back,
                "item": c.source_id,
                "domain": c.domain,
                "state": states[c.id],
            }
            for c in chosen
        ]
    finally:
        store.db.close()
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        print_cards(rows)
    return EXIT_FOUND if rows else EXIT_NOTHING


COMMAND_NAMES = ("quiz", "cards")


def run(args: argparse.Namespace, open_index: OpenIndex) -> int:
    """Run `crib quiz` or `crib cards`."""
    if args.command == "quiz":
        return cmd_quiz(args, open_index)
    return cmd_cards(args, open_index)
