"""`crib review` and `crib stats`: practise from the packs, and progress per domain.

Light to import: the CLI builds its parser on every run, so fsrs, Rich and Textual load only
when one of these commands runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tui import quiz_cli
from tui.argtypes import EXIT_FOUND, EXIT_NOTHING, EXIT_USAGE, positive, warn

if TYPE_CHECKING:
    from index.search import SearchIndex
    from knowledge.base import KnowledgeBase
    from knowledge.cards import Card
    from tui.data.review import DomainStats, ReviewRequest, ReviewStore

BAR_WIDTH = 16

OpenIndex = Callable[[argparse.Namespace], "SearchIndex"]


def add_commands(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add `review` and `stats` to the crib parser; `common` holds the shared --pack option."""
    review = subparsers.add_parser(
        "review",
        parents=[common],
        help="practise with cards made from the packs (opens the app)",
        description="Review cards generated from the packs' facts, comparisons, summaries and "
        "corrections, scheduled with FSRS.",
    )
    mode = review.add_mutually_exclusive_group()
    mode.add_argument(
        "--due",
        dest="mode",
        action="store_const",
        const="due",
        help="cards due today, plus new cards up to the daily cap (default)",
    )
    mode.add_argument(
        "--cram",
        dest="mode",
        action="store_const",
        const="cram",
        help="a sitting of cards (30 unless --limit), weakest first; leaves the schedule untouched",
    )
    mode.add_argument(
        "--weak",
        dest="mode",
        action="store_const",
        const="weak",
        help="cards you have missed or are likely to forget",
    )
    review.set_defaults(mode="due")
    review.add_argument("--domain", help="only this domain (a pack domain id)")
    review.add_argument("--tag", help="only items with this tag")
    review.add_argument("--exam", metavar="SYLLABUS", help="only this exam guide, e.g. soa-c03")
    review.add_argument("--bookmarks", action="store_true", help="only bookmarked items")
    review.add_argument("--limit", type=positive, help="at most this many cards")
    review.add_argument("--theme", help="the app's colour theme")

    stats = subparsers.add_parser("stats", parents=[common], help="review progress per domain")
    stats.add_argument("--json", action="store_true", help="print JSON")

    exam = subparsers.add_parser(
        "exam",
        parents=[common],
        help="show the exams, or choose the default one",
        description="List the exam guides of the loaded packs with their domain weights; with "
        "an id, make it the default for new review cards and practice exams.",
    )
    exam.add_argument("id", nargs="?", help="the exam to use by default, e.g. soa-c03")
    quiz_cli.add_commands(subparsers, common)


def _store() -> ReviewStore:
    from tui.data.db import Database
    from tui.data.review import ReviewStore

    store = ReviewStore(Database())
    for warning in store.warnings:
        warn(warning)
    return store


def request_from_args(args: argparse.Namespace) -> ReviewRequest:
    """The review request the command line asked for."""
    from tui.data.review import ReviewRequest

    return ReviewRequest(
        mode=args.mode or "due",
        domain=args.domain,
        tag=args.tag,
        exam=args.exam,
        limit=args.limit,
        bookmarks=args.bookmarks,
    )


def check_request(request: ReviewRequest, base: KnowledgeBase, cards: list[Card]) -> str | None:
    """Why the filters cannot match anything (an unknown domain, tag or exam), or None."""
    from knowledge.loader import did_you_mean

    known = {
        "domain": sorted({d.id for p in base.packs for d in p.domains}),
        "tag": sorted({t for c in cards for t in c.tags}),
        "exam": sorted({s.id for p in base.packs for s in p.syllabi}),
    }
    for name, wanted in (("domain", request.domain), ("tag", request.tag), ("exam", request.exam)):
        if wanted is None:
            continue
        value = wanted.lower() if name == "tag" else wanted
        if value not in known[name]:
            choices = known[name]
            listing = f"; known: {', '.join(choices)}" if 0 < len(choices) <= 20 else ""
            return f'unknown {name} "{wanted}"{did_you_mean(value, choices)}{listing}'
    return None


def cmd_review(args: argparse.Namespace, open_index: OpenIndex) -> int:
    """Check the request, then open the app on the review screen."""
    from knowledge.cards import generate_cards
    from tui.data.review import describe_due

    request = request_from_args(args)
    base = open_index(args).base
    cards = generate_cards(base)
    problem = check_request(request, base, cards)
    if problem:
        warn(problem)
        return EXIT_USAGE
    store = _store()
    try:
        session = store.start(base, request, cards)
        if not session.cards:
            due = describe_due(store.next_due(session.scope), store.clock())
            what = {"due": "nothing due", "weak": "no weak spots", "cram": "no cards"}
            warn(f"{what[request.mode]} in this selection; next due: {due}")
            return EXIT_NOTHING
    finally:
        store.db.close()
    try:
        from tui.app import run_app
    except ImportError:  # the app is not in this version yet
        warn("the review screen needs the full-screen app, which is not available")
        return EXIT_USAGE
    return int(run_app(packs=args.pack, theme=args.theme, review=request))


def stats_document(
    store: ReviewStore, cards: list[Card], stats: list[DomainStats]
) -> dict[str, Any]:
    """The `crib stats --json` document."""
    from knowledge.cards import count_by_kind

    next_due = store.next_due(cards)
    return {
        "domains": [s.to_dict() for s in stats],
        "total": {
            "cards": sum(s.cards for s in stats),
            "seen": sum(s.seen for s in stats),
            "due": sum(s.due for s in stats),
        },
        "practice": store.practice_tally(),
        "suspended": len(store.suspended()),
        "kinds": count_by_kind(cards),
        "new_today": store.new_today(),
        "new_per_day": store.new_per_day,
        "next_due": next_due.isoformat() if next_due else None,
    }


def stats_renderable(stats: list[DomainStats], footer: str) -> Any:
    """A Rich table: one row per domain with a bar of the cards seen."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    several_packs = len({s.pack for s in stats}) > 1
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
    table.add_column("Domain", ratio=1, no_wrap=True, overflow="ellipsis")
    for name in ("Cards", "Seen", "Due", "Recall", "Drilled"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("Progress", width=BAR_WIDTH, no_wrap=True)
    for row in stats:
        title = f"{row.title} ({row.pack})" if several_packs else row.title
        recall = f"{row.retrievability:.0%}" if row.retrievability is not None else "-"
        filled = round(BAR_WIDTH * row.seen / row.cards) if row.cards else 0
        filled = max(filled, 1) if row.seen else filled  # any progress shows
        bar = "\u2588" * filled + "\u2591" * (BAR_WIDTH - filled)  # readable without colour
        drilled = str(row.practised) if row.practised else "-"
        table.add_row(
            Text(title), str(row.cards), str(row.seen), str(row.due), recall, drilled, bar
        )
    return Group(table, Text(footer, style="dim"))


def cmd_stats(args: argparse.Namespace, open_index: OpenIndex) -> int:
    """Print progress per domain, as a table or JSON."""
    from knowledge.cards import generate_cards
    from tui.data.review import describe_due

    base = open_index(args).base
    cards = generate_cards(base)
    store = _store()
    try:
        stats = store.domain_stats(cards, base)
        document = stats_document(store, cards, stats)
        if args.json:
            print(json.dumps(document, indent=2, ensure_ascii=False))
        else:
            from tui.output import console

            total = document["total"]
            kinds = ", ".join(f"{n} {k}" for k, n in document["kinds"].items() if n)
            practice = document["practice"]
            footer = (
                f"{total['seen']} of {total['cards']} cards seen ({kinds}); "
                f"{total['due']} due. New today: {document['new_today']} of "
                f"{document['new_per_day']}. Next due: "
                f"{describe_due(store.next_due(cards), store.clock())}.\n"
                f"Drilled apart from the schedule: {practice['cram_answers']} cram answers on "
                f"{practice['cram_cards']} cards ({practice['cram_again']} Again); "
                f"{practice['quiz_runs']} practice exams, {practice['quiz_correct']} of "
                f"{practice['quiz_answers']} questions right."
            )
            console().print(stats_renderable(stats, footer))
    finally:
        store.db.close()
    return EXIT_FOUND if cards else EXIT_NOTHING


def cmd_exam(args: argparse.Namespace, open_index: OpenIndex) -> int:
    """List the exams and their weights, or set the default one."""
    from knowledge.exams import default_exam, exam_title, exam_weights, known_exams
    from knowledge.loader import did_you_mean
    from tui.data.db import Database
    from tui.data.library import Library

    base = open_index(args).base
    exams = known_exams(base)
    if not exams:
        warn("no loaded pack declares an exam guide (syllabi: in pack.yaml)")
        return EXIT_NOTHING
    library = Library(Database())
    try:
        if args.id:
            if args.id not in exams:
                warn(
                    f'unknown exam "{args.id}"{did_you_mean(args.id, exams)}; known: '
                    f"{', '.join(exams)}"
                )
                return EXIT_USAGE
            library.set_setting("exam", args.id)
        chosen = default_exam(base, library.setting("exam"))
    finally:
        library.db.close()
    for exam in exams:
        mark = "*" if exam == chosen else " "
        weights = exam_weights(base, exam)
        shares = ", ".join(f"{d} {w:g}" for d, w in weights.items())
        print(f"{mark} {exam}  {exam_title(base, exam)}")
        print(f"    {shares}")
    print(f"default: {chosen or 'none'} (crib exam ID changes it)", file=sys.stderr)
    return EXIT_FOUND


COMMAND_NAMES = ("review", "stats", "exam", *quiz_cli.COMMAND_NAMES)


def run(args: argparse.Namespace, open_index: OpenIndex) -> int:
    """Run one of COMMAND_NAMES; `open_index(args)` opens the search index."""
    if args.command == "review":
        return cmd_review(args, open_index)
    if args.command == "exam":
        return cmd_exam(args, open_index)
    if args.command in quiz_cli.COMMAND_NAMES:
        return quiz_cli.run(args, open_index)
    return cmd_stats(args, open_index)
