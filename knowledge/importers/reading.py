"""Read files and folders of any supported format into one pack: the importers' entry point."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from knowledge.importers.common import PackBuilder, declared_domains, skip, slug
from knowledge.importers.files import FORMATS, file_format, folder_format, format_files
from knowledge.loader import PackLoad
from knowledge.model import Pack

__all__ = ["FORMATS", "default_pack_id", "file_format", "folder_format", "read_sources"]

FORMAT_TITLES = {
    "tldr": "tldr pages",
    "cheat": "cheat sheets",
    "navi": "navi cheats",
    "markdown": "Markdown notes",
    "text": "text notes",
}
_GENERIC_NAMES = {"pages", "cheatsheets", "cheats", "notes", "docs", "sheets"}
_PLATFORM_ORDER = ("common", "linux", "osx", "windows")


def default_pack_id(path: Path, fmt: str) -> str:
    """A pack id from a folder's name (`~/tldr/pages` -> tldr, `git.cheat` -> git)."""
    path = path.expanduser().resolve()
    if path.is_file() and fmt in ("tldr", "cheat", "navi"):
        return fmt  # one page or sheet: its name is the item's, not the pack's
    name = path.stem if path.is_file() else path.name
    if name.lower() in _GENERIC_NAMES and path.parent.name:
        name = f"{path.parent.name} {name}" if name.lower() != "pages" else path.parent.name
    word = slug(name, 30)
    return word if word[0].isalpha() else f"{fmt}-{word}"


def _tldr_order(path: Path) -> tuple[int, str, str]:
    platform = path.parent.name
    rank = _PLATFORM_ORDER.index(platform) if platform in _PLATFORM_ORDER else len(_PLATFORM_ORDER)
    return rank, platform, path.name


def _files(paths: Iterable[Path], fmt: str) -> list[tuple[Path, str]]:
    """Every file to read and its format; `auto` decides per file."""
    found: list[tuple[Path, str]] = []
    for root in paths:
        if fmt != "auto":
            found += [(p, fmt) for p in format_files(root, fmt)]
        elif root.is_file():
            found.append((root, file_format(root) or "text"))
        else:
            folder = folder_format(root)
            if folder in ("tldr", "cheat", "navi"):  # a tool's folder: its READMEs are no notes
                found += [(p, folder) for p in format_files(root, folder)]
                continue
            for one in ("markdown", "text"):
                for path in format_files(root, one):
                    detected = file_format(path)
                    if detected == one or (one == "markdown" and detected == "tldr"):
                        found.append((path, detected or one))
    tldr = sorted((p for p, f in found if f == "tldr"), key=_tldr_order)
    return [(p, "tldr") for p in tldr] + [(p, f) for p, f in found if f != "tldr"]


def read_sources(
    paths: list[Path],
    fmt: str = "auto",
    *,
    pack_id: str = "",
    title: str = "",
    origin: str = "",
    text_title: str = "",
) -> PackLoad:
    """Read files and folders in one format (or each in its own, `auto`) into one pack."""
    from knowledge.importers import cheat, markdown, navi, text, tldr  # noqa: I001

    first = paths[0].expanduser() if paths else Path(".")
    files = _files([p.expanduser() for p in paths], fmt)
    formats = sorted({f for _, f in files}) or [fmt]
    pack_format = formats[0] if len(formats) == 1 else "mixed"
    pack_id = pack_id or default_pack_id(first, pack_format)
    builder = PackBuilder(pack_id)
    tldr_names: set[str] = set()
    navi_groups: list[navi.Group] = []
    for path, one in files:
        shown = str(path)
        try:
            if one == "tldr":
                tldr.add_page(builder, path, shown, tldr_names)
            elif one == "cheat":
                cheat.add_sheet(builder, path, shown)
            elif one == "navi":
                navi.add_cheat_file(builder, path, shown, navi_groups)
            elif one == "markdown":
                markdown.add_markdown(builder, path, shown)
            else:
                text.add_text(builder, path, shown, text_title)
        except (RecursionError, ValueError, KeyError, IndexError, TypeError) as error:
            builder.problems.append(
                skip(shown, 1, f"could not be read ({type(error).__name__}: {error})")
            )
    tldr.resolve_see_also(builder)
    if not files:
        what = FORMAT_TITLES.get(fmt, "files crib can read")
        builder.problems.append(skip(first, 0, f"no {what} here", whole_file=False))
    where = first if first.is_dir() else first.parent
    what = FORMAT_TITLES.get(pack_format, pack_format)
    name = first.stem if first.is_file() else where.name
    if not title:
        title = what if name.lower() in {pack_format, *_GENERIC_NAMES} else f"{name} ({what})"
    pack = Pack(
        id=pack_id,
        title=title,
        path=str(where),
        description=f"{len(files)} {FORMAT_TITLES.get(pack_format, 'files')} read from {where}",
        domains=declared_domains(builder),
        origin=origin,
        format=pack_format,
    )
    load = PackLoad(path=where, pack=pack, entries=builder.entries, comparisons=builder.comparisons)
    load.skipped_files = builder.problems
    return load
