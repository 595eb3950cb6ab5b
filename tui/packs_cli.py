"""`crib import` (other formats to an editable YAML pack) and `crib packs add/remove` (a folder in
any format registered once, loaded on every later start)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from knowledge.importers.files import FORMATS  # standard library only: no YAML, no readers
from tui.argtypes import warn

EXIT_OK, EXIT_SKIPPED, EXIT_USAGE = 0, 1, 2
SHOWN_PROBLEMS = 20  # skipped files listed before "and N more"


def add_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add `import` and `packs` to the command line."""
    formats = ["auto", *FORMATS]
    imp = commands.add_parser(
        "import",
        parents=[common],
        help="convert tldr, cheat, navi, Markdown or text notes to a pack",
    )
    imp.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to read")
    imp.add_argument(
        "--format", choices=formats, default="auto", help="their format (default: auto)"
    )
    imp.add_argument(
        "--into", metavar="DIR", help="the pack folder to write (default: in your packs folder)"
    )
    imp.add_argument(
        "--id", dest="pack_id", metavar="ID", help="the pack's id (default: from the folder name)"
    )
    imp.add_argument("--title", help="the pack's title")

    packs = commands.add_parser(
        "packs", parents=[common], help="what is loaded from where; add or remove a folder"
    )
    packs.add_argument("action", nargs="?", choices=["list", "add", "remove"], default="list")
    packs.add_argument("dir", nargs="?", metavar="DIR", help="the folder to add or remove")
    packs.add_argument(
        "--format", choices=formats, default="auto", help="its format (add; default: auto)"
    )
    packs.add_argument("--id", dest="pack_id", metavar="ID", help="the pack's id (add)")


def _report(problems: list[Any]) -> None:
    for problem in problems[:SHOWN_PROBLEMS]:
        print(f"skipped: {problem}", file=sys.stderr)
    if len(problems) > SHOWN_PROBLEMS:
        print(f"skipped: … and {len(problems) - SHOWN_PROBLEMS} more", file=sys.stderr)


def cmd_import(args: argparse.Namespace) -> int:
    """Read the paths, write the pack, check it loads clean; exit 1 if any file was skipped."""
    from knowledge.importers.common import slug
    from knowledge.importers.reading import read_sources
    from knowledge.importers.writer import TargetInUse, write_pack
    from knowledge.loader import ID_PATTERN, load_pack_dir
    from knowledge.sources import user_packs_dir

    paths = [Path(p).expanduser() for p in args.paths]
    missing = [p for p in paths if not p.exists()]
    if missing:
        warn(f"no such file or folder: {missing[0]}")
        return EXIT_USAGE
    if args.pack_id and not ID_PATTERN.match(args.pack_id):
        warn(f'--id "{args.pack_id}" is not kebab-case; try "{slug(args.pack_id)}"')
        return EXIT_USAGE
    load = read_sources(
        paths,
        args.format,
        pack_id=args.pack_id or "",
        title=args.title or "",
        text_title=args.title or "",
    )
    assert load.pack is not None
    _report(load.skipped_files)
    if not load.items:
        warn("nothing to import: no file could be read")
        return EXIT_USAGE
    target = Path(args.into).expanduser() if args.into else user_packs_dir() / load.pack.id
    try:
        written = write_pack(load, target, load.pack.format, [str(p) for p in paths])
    except (TargetInUse, OSError) as error:
        warn(f"cannot write the pack: {error}")
        return EXIT_USAGE
    check = load_pack_dir(target)
    for problem in check.problems:  # a bug if any: the importer makes what validate accepts
        print(problem, file=sys.stderr)
    items = len(load.items)
    read = len({i.path for i in load.items})
    print(
        f"imported {items} items ({len(load.comparisons)} comparisons) from {read} files "
        f'as pack "{load.pack.id}" into {target} ({len(written)} files)'
    )
    if load.skipped_files:
        print(f"{len(load.skipped_files)} skipped (listed above)", file=sys.stderr)
    if not args.into:
        print("it loads on every start (your packs folder); edit it there, or `crib validate` it")
    return EXIT_SKIPPED if load.skipped_files or check.problems else EXIT_OK


def cmd_packs(args: argparse.Namespace, show: Callable[[argparse.Namespace], int]) -> int:
    """List what is loaded (`show`), or add or remove a registered folder."""
    if args.action == "list":
        return show(args)
    if not args.dir:
        warn(f"crib packs {args.action} needs a folder")
        return EXIT_USAGE
    from knowledge.sources import PACK_FILE, registered, save_registered

    path = Path(args.dir).expanduser().resolve()
    rows = registered()
    if args.action == "remove":
        kept = [r for r in rows if Path(r["path"]).expanduser().resolve() != path]
        if len(kept) == len(rows):
            warn(
                f"{path} is not registered; registered: {', '.join(r['path'] for r in rows) or 'none'}"
            )
            return EXIT_SKIPPED
        save_registered(kept)
        print(f"removed {path}: it no longer loads")
        return EXIT_OK
    if not path.exists():
        warn(f"no such folder: {path}")
        return EXIT_USAGE
    from knowledge.importers.files import folder_format

    fmt = args.format
    if fmt == "auto":
        fmt = (
            "crib"
            if (path / PACK_FILE).is_file() or any(path.glob(f"*/{PACK_FILE}"))
            else folder_format(path)
        )
        if fmt is None:
            warn(
                f"{path} holds no pack.yaml, tldr pages, cheat sheets, navi cheats or notes; give --format"
            )
            return EXIT_USAGE
    row = {"path": str(path), "format": fmt, **({"id": args.pack_id} if args.pack_id else {})}
    rows = [r for r in rows if Path(r["path"]).expanduser().resolve() != path] + [row]
    where = save_registered(rows)
    print(f"added {path} ({fmt}): it loads on every start (listed in {where})")
    return show(args)
