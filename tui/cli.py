"""The `crib` command line: one-shot lookups for people and scripts, and the app's entry point.

Imports stay lazy: `crib search` must not pay for Textual (or Rich, with --json).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from knowledge.text import clean_line, clean_text, shorten
from tui import packs_cli, review_cli
from tui.argtypes import EXIT_FOUND, EXIT_NOTHING, EXIT_USAGE, positive, warn
from tui.data import StorageError

if TYPE_CHECKING:
    from index.items import StoredKnowledge
    from index.search import SearchIndex

MAX_SIDE_BY_SIDE = 8  # entries a piped compare prints as columns (80 columns wide)


def _pack_option(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--pack",
        action="append",
        default=default,
        metavar="PATH",
        help="load a pack folder (or a folder of packs) as well; repeatable",
    )


def _parser() -> argparse.ArgumentParser:
    # Sub-commands take --pack too; SUPPRESS keeps their default from wiping a --pack given
    # before the command name.
    common = argparse.ArgumentParser(add_help=False)
    _pack_option(common, argparse.SUPPRESS)
    parser = argparse.ArgumentParser(
        prog="crib",
        description="Find, read and compare facts from knowledge packs. "
        "Run without a command for the full-screen app.",
    )
    _pack_option(parser, [])
    parser.add_argument("-q", "--query", help="open the app with this query typed")
    parser.add_argument("--theme", help="the app's colour theme (see the theme picker)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    search = commands.add_parser("search", parents=[common], help="search the packs")
    search.add_argument("query", nargs="+", help="words, filters (domain: tag: kind:), X vs Y")
    search.add_argument("--limit", type=positive, default=10, help="most results (default 10)")
    search.add_argument("--json", action="store_true", help="print JSON")

    show = commands.add_parser("show", parents=[common], help="show one entry or comparison")
    show.add_argument("id")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.add_argument(
        "--brief", action="store_true", help="summary and facts only (a quick lookup)"
    )

    open_ = commands.add_parser("open", parents=[common], help="open an item in the app")
    open_.add_argument("id")
    open_.add_argument("--theme", help="the app's colour theme")

    compare = commands.add_parser(
        "compare", parents=[common], help="compare entries side by side, or show a comparison"
    )
    compare.add_argument("ids", nargs="+", metavar="ID", help="a comparison id, or 2+ entry ids")
    compare.add_argument("--json", action="store_true", help="print JSON")
    compare.add_argument("--theme", help="the app's colour theme")

    listing = commands.add_parser("list", parents=[common], help="list entries and comparisons")
    listing.add_argument("--domain", help="only this domain")
    listing.add_argument(
        "--kind",
        type=_kind,
        metavar="{entry,compare}",
        help="only this kind (compare, as the list prints it, or comparison)",
    )
    listing.add_argument("--json", action="store_true", help="print JSON (with counts)")

    validate = commands.add_parser("validate", parents=[common], help="check packs for problems")
    validate.add_argument("paths", nargs="*", metavar="PATH", help="pack folders (default: all)")
    validate.add_argument("--strict", action="store_true", help="fail on warnings too")

    index = commands.add_parser("index", parents=[common], help="build the search index")
    index.add_argument("--rebuild", action="store_true", help="rebuild even if up to date")

    packs_cli.add_commands(commands, common)
    review_cli.add_commands(commands, common)
    return parser


KIND_NAMES = {"entry": "entry", "entries": "entry", "compare": "comparison"}


def _kind(text: str) -> str:
    """An item kind as the list prints it (entry, compare) or as packs spell it (comparison)."""
    word = text.strip().casefold()
    kind = KIND_NAMES.get(word, word)
    if kind not in ("entry", "comparison"):
        raise argparse.ArgumentTypeError(f'"{text}": choose entry or compare')
    return kind


def _open(args: argparse.Namespace, rebuild: bool = False) -> SearchIndex:
    """Open (building if needed) the index, reporting skipped packs on stderr."""
    from index import open_index

    return _report(open_index(args.pack, rebuild=rebuild, on_build=_build_note()))


def _items(args: argparse.Namespace) -> StoredKnowledge:
    """The packs' items by id (building the index if needed), without the search engine."""
    from index import open_knowledge

    index = open_knowledge(args.pack, on_build=_build_note())
    return _report(index, files_note=args.command != "packs")  # `crib packs` lists them


def _build_note() -> Callable[[], None] | None:
    """On a terminal, a note that the index is being built (it takes a moment)."""
    progress = None
    if sys.stderr.isatty():

        def progress_note() -> None:
            print("crib: building the search index…", file=sys.stderr, end="\r", flush=True)

        progress = progress_note
    return progress


def _report(index: Any, files_note: bool = True) -> Any:
    """Warn about packs that could not be found or were skipped; return the index as given."""
    for note in index.notes:
        warn(note)
    for problem in index.source_problems:
        warn(f"pack not loaded: {problem}")
    for skipped in index.meta.get("skipped", []):
        warn(f"skipped pack {skipped['path']}: {skipped['reason']}")
        warn(f"  run `crib validate {skipped['path']}` to see every problem")
    files = index.meta.get("skipped_files", [])
    if files and files_note:
        warn(
            f"{len(files)} problem{'s' if len(files) > 1 else ''} reading pack files: `crib packs` lists them"
        )
    return index


def _unknown_id(index: SearchIndex | StoredKnowledge, item_id: str) -> int:
    if not item_id.strip():
        warn("give an item id (see `crib list`, or `crib search WORDS`)")
        return EXIT_USAGE
    nearest = index.base.nearest_ids(item_id)
    message = f'no item with id "{shorten(item_id)}"'
    if nearest:
        message += "; nearest: " + ", ".join(nearest)
    warn(message)
    return EXIT_NOTHING


def cmd_search(args: argparse.Namespace) -> int:
    text = clean_line(" ".join(args.query))  # a typed escape is never echoed back raw
    if not text.strip():
        warn("nothing to search for: give a word or a filter (domain:, tag:, kind:)")
        return EXIT_NOTHING
    index = _open(args)
    result = index.search(text, limit=args.limit)
    if args.json:
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        from tui.output import print_results

        print_results(result)
    return EXIT_FOUND if result.hits else EXIT_NOTHING


def cmd_show(args: argparse.Namespace) -> int:
    index = _items(args)
    item = index.base.get(args.id)
    if item is None:
        return _unknown_id(index, args.id)
    if args.json:
        data = item.to_dict()
        if item.kind == "comparison":
            data["table"] = index.base.table([item.id]).to_dict()
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return EXIT_FOUND
    from tui.output import print_item

    print_item(item, index.base, brief=args.brief)
    return EXIT_FOUND


def cmd_compare(args: argparse.Namespace) -> int:
    index = _items(args)
    base = index.base
    ids: list[str] = args.ids
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        warn(f"each entry once: {shorten(', '.join(repeated))} is given more than once")
        return EXIT_USAGE
    if len(ids) > MAX_SIDE_BY_SIDE and not args.json:
        warn(
            f"{len(ids)} entries do not fit side by side; compare at most {MAX_SIDE_BY_SIDE} "
            "(or use --json)"
        )
        return EXIT_USAGE
    for item_id in ids:
        item = base.get(item_id)
        if item is None:
            return _unknown_id(index, item_id)
        if len(ids) > 1 and item.kind != "entry":
            warn(f'"{item_id}" is a comparison; compare entries, or give one comparison id')
            return EXIT_USAGE
    if len(ids) == 1 and base.get(ids[0]).kind != "comparison":  # type: ignore[union-attr]
        related = [c.id for c in base.comparisons_of(ids[0])]
        hint = f"; comparisons with it: {', '.join(related)}" if related else ""
        warn(f'"{ids[0]}" is an entry: give two or more entry ids, or a comparison id{hint}')
        return EXIT_USAGE
    table = base.table(ids)
    if args.json:
        print(json.dumps(table.to_dict(), indent=2, ensure_ascii=False))
        return EXIT_FOUND
    if sys.stdout.isatty() and sys.stdin.isatty() and not os.environ.get("CRIB_NO_APP"):
        return _run_app(args, compare=ids)
    from tui.output import print_table

    print_table(table)
    return EXIT_FOUND


def cmd_list(args: argparse.Namespace) -> int:
    index = _items(args)
    base = index.base
    items = [
        item
        for item in base.items.values()
        if (args.domain is None or item.domain == args.domain)
        and (args.kind is None or item.kind == args.kind)
    ]
    items.sort(key=lambda i: (i.pack, i.domain, i.kind != "entry", i.title.casefold()))
    if args.domain is not None and not items:
        from knowledge.loader import did_you_mean

        known = sorted(
            {d.id for p in base.packs for d in p.domains} | {i.domain for i in base.items.values()}
        )
        listing = f"; known: {', '.join(known)}" if 0 < len(known) <= 30 else ""
        warn(f'no domain "{shorten(args.domain)}"{did_you_mean(args.domain, known)}{listing}')
        return EXIT_NOTHING
    counts = _counts(base, items)
    if args.json:
        rows = [
            {
                "id": i.id,
                "kind": i.kind,
                "title": i.title,
                "domain": i.domain,
                "pack": i.pack,
                "summary": i.summary,
                "syllabus": i.syllabus,
                "skills": i.skills,
            }
            for i in items
        ]
        print(json.dumps({"items": rows, "counts": counts}, indent=2, ensure_ascii=False))
    else:
        from tui.output import print_list

        print_list(items, counts, base)
    return EXIT_FOUND if items else EXIT_NOTHING


def _counts(base: Any, items: list[Any]) -> dict[str, Any]:
    """How many items there are per kind, per domain, and per syllabus domain."""
    from collections import Counter

    by_kind = Counter(i.kind for i in items)
    by_domain = Counter(i.domain for i in items)
    syllabi: dict[str, dict[str, int]] = {}
    for pack in base.packs:
        for syllabus in pack.syllabi:
            counter = syllabi.setdefault(syllabus.id, {d.id: 0 for d in syllabus.domains})
            counter.setdefault("(none)", 0)
    for item in items:
        for syllabus_id, domain in item.syllabus.items():
            bucket = syllabi.setdefault(syllabus_id, {})
            key = domain or "(none)"
            bucket[key] = bucket.get(key, 0) + 1
    corrections = sum(len(i.corrections) for i in items)
    return {
        "total": len(items),
        "kind": dict(by_kind),
        "domain": dict(sorted(by_domain.items())),
        "syllabus": syllabi,
        "corrections": corrections,
    }


def cmd_validate(args: argparse.Namespace) -> int:
    from knowledge.base import KnowledgeBase, PackDir, pack_dirs

    if args.paths:
        dirs, problems = pack_dirs(args.paths, include_user=False, include_bundled=False)
        dirs = [PackDir(d.path, "argument", d.format, d.pack_id) for d in dirs]
    else:
        dirs, problems = pack_dirs(args.pack)
    base = KnowledgeBase.load(dirs)
    # A skipped pack carries its own problems, or the id clash that kept it out.
    problems += [problem for skipped in base.skipped for problem in skipped.problems]
    problems += base.skipped_files  # files of tldr, cheat, navi or notes folders not read
    loaded = len(dirs)
    for problem in problems:
        print(clean_text(str(problem)))
    for warning in base.warnings:
        print(f"{warning.location}: {warning.field}: warning: {warning.message}")
    items = len(base.items)
    summary = f"{loaded} pack{'s' if loaded != 1 else ''}, {items} items: "
    count, warned = len(problems), len(base.warnings)
    summary += f"{count} problem{'s' if count != 1 else ''}" if count else "no problems"
    if warned:
        summary += f", {warned} warning{'s' if warned != 1 else ''}"
    print(summary, file=sys.stderr)
    if problems or (warned and args.strict):
        return EXIT_NOTHING
    return EXIT_FOUND if loaded else EXIT_NOTHING


def cmd_index(args: argparse.Namespace) -> int:
    import time

    from index import open_index

    started = time.perf_counter()
    built_now = False

    def mark_built() -> None:
        nonlocal built_now
        built_now = True

    from tui.output import index_progress

    with index_progress() as progress:
        # Opened, not only found: a damaged index is noticed (and rebuilt) here too.
        index = open_index(args.pack, rebuild=args.rebuild, progress=progress, on_build=mark_built)
    elapsed = time.perf_counter() - started
    for problem in index.source_problems:
        warn(f"pack not loaded: {problem}")
    for note in index.notes:
        warn(note)
    for skipped in index.meta.get("skipped", []):
        warn(f"skipped pack {skipped['path']}: {skipped['reason']}")
    state = f"built in {elapsed:.2f} s" if built_now else "up to date"
    print(f"index {state}: {index.meta['items']} items from {len(index.meta['packs'])} packs")
    print(f"  {index.path}")
    return EXIT_FOUND


def cmd_packs(args: argparse.Namespace) -> int:
    index = _items(args)
    from tui.output import print_packs

    print_packs(index.base, index.meta, index.source_problems)
    return EXIT_FOUND if index.base.packs else EXIT_NOTHING


# Textual draws at most this many frames a second (its default is 60). A frame is drawn only
# when something changed, so this costs nothing while idle; but at 60, results that arrive just
# after the echo of the key waited up to 17 ms for the next frame: 240 took the bundled pack's
# keystroke-to-screen p95 from 73.6 and 64.0 to 55.5 and 48.7 ms (bench/bench_app.py,
# alternated runs). A TEXTUAL_FPS of the user's own wins.
FRAMES_PER_SECOND = "240"


def _run_app(args: argparse.Namespace, **start: Any) -> int:
    os.environ.setdefault("TEXTUAL_FPS", FRAMES_PER_SECOND)  # before Textual is imported
    # What start-up makes lives as long as the app: collections would walk it for nothing (a
    # 15 ms full pass fell before the first frame). The app freezes it and turns the collector
    # back on once the index is open (tui.collector).
    gc.disable()
    try:
        from tui.app import run_app

        return run_app(packs=args.pack, theme=getattr(args, "theme", None), **start)
    finally:
        gc.enable()  # however it ended (no terminal, a crash): the process goes on as it was


COMMANDS = {
    "search": cmd_search,
    "show": cmd_show,
    "compare": cmd_compare,
    "list": cmd_list,
    "validate": cmd_validate,
    "index": cmd_index,
    "packs": lambda args: packs_cli.cmd_packs(args, cmd_packs),
    "import": packs_cli.cmd_import,
    **dict.fromkeys(review_cli.COMMAND_NAMES, lambda args: review_cli.run(args, _open)),
}


def _output_encoding() -> None:
    """On an output that cannot encode everything (PYTHONIOENCODING=ascii), escape what it
    cannot: JSON stays valid (\\uXXXX) and text stays readable, instead of a traceback."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    if encoding not in ("utf8", "utf16", "utf32") and hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    _output_encoding()
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            code = _run_app(args, query=args.query)
        elif args.command == "open":
            code = _run_app(args, open_id=args.id)
        else:
            code = COMMANDS[args.command](args)
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
        return code
    except KeyboardInterrupt:
        warn("interrupted")
        return 130
    except StorageError as error:  # the user database is locked, read-only or unreadable
        warn(str(error))
        return EXIT_NOTHING
    except BrokenPipeError:  # `crib list | head`: the reader has what it wanted
        _silence_stdout()
        return EXIT_FOUND
    except OSError as error:  # >/dev/full, an output that went away
        _silence_stdout()
        warn(f"cannot write the output: {error.strerror or error}")
        return EXIT_NOTHING
    except Exception as error:
        from index.store import IndexUnavailable

        if not isinstance(error, IndexUnavailable):
            raise
        warn(str(error))
        return EXIT_NOTHING


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
