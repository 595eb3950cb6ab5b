"""Which files of a folder each format reads, and which format a file or folder is in.

Standard library only: a warm start lists and stats these files to see whether the index is
current, so this module must stay as light as `knowledge.sources`.
"""

from __future__ import annotations

from pathlib import Path

FORMATS = ("tldr", "cheat", "navi", "markdown", "text")
_NOT_SHEETS = {
    "license",
    "readme",
    "authors",
    "changelog",
    "contributing",
    "copying",
    "notice",
    "makefile",
}
_SKIP_DIRS = {"node_modules", "__pycache__"}


def _visible(path: Path, root: Path) -> bool:
    parts = path.relative_to(root).parts
    return not any(p.startswith(".") or p in _SKIP_DIRS for p in parts)


def _tldr_root(root: Path) -> Path:
    """`pages/` when given a tldr checkout or cache, else the folder itself."""
    return root / "pages" if (root / "pages").is_dir() else root


def _is_tldr_page(path: Path, root: Path) -> bool:
    """A lowercase `.md` page, not in a translation folder (`pages.fr/`) unless given one."""
    if path.suffix != ".md" or path.stem.lower() != path.stem:
        return False
    parts = path.relative_to(root).parts[:-1]
    return not any(p.startswith("pages.") for p in parts)


def _is_cheat_sheet(path: Path) -> bool:
    return path.suffix == "" and path.name.lower() not in _NOT_SHEETS


def format_files(root: Path, fmt: str) -> list[Path]:
    """The files of `root` (a folder or one file) that format `fmt` reads, in a stable order."""
    if root.is_file():
        return [root]
    base = _tldr_root(root) if fmt == "tldr" else root
    try:
        candidates = sorted(p for p in base.rglob("*") if p.is_file() and _visible(p, base))
    except OSError:
        return []
    if fmt == "tldr":
        return [p for p in candidates if _is_tldr_page(p, base)]
    if fmt == "cheat":
        return [p for p in candidates if _is_cheat_sheet(p)]
    if fmt == "navi":
        return [p for p in candidates if p.suffix == ".cheat"]
    if fmt == "markdown":
        return [p for p in candidates if p.suffix in (".md", ".markdown")]
    if fmt == "text":
        return [p for p in candidates if p.suffix == ".txt"]
    raise ValueError(f"unknown format {fmt!r}")


def file_format(path: Path) -> str | None:
    """A file's format from its name, and for `.md` from its first lines (tldr or notes)."""
    if path.suffix == ".cheat":
        return "navi"
    if path.suffix == ".txt":
        return "text"
    if path.suffix in (".md", ".markdown"):
        if path.parent.parent.name.startswith("pages") or path.parent.name.startswith("pages"):
            return "tldr"
        try:
            head = path.read_text(encoding="utf-8", errors="replace")[:2000].split("\n")
        except OSError:
            return "markdown"
        lines = [line.strip() for line in head if line.strip()]
        tldr_shape = (
            len(lines) >= 3
            and lines[0].startswith("# ")
            and lines[1].startswith(">")
            and not any(line.startswith("## ") for line in lines)
        )
        return "tldr" if tldr_shape else "markdown"
    if path.suffix == "" and _is_cheat_sheet(path):
        return "cheat"
    return None


def folder_format(root: Path) -> str | None:
    """The format most of a folder's files are in (tldr when it holds `pages/`), or None."""
    if root.is_file():
        return file_format(root)
    if (root / "pages").is_dir() or (root.name.startswith("pages") and any(root.glob("*/*.md"))):
        return "tldr"
    counts: dict[str, int] = {}
    for fmt in ("navi", "markdown", "text", "cheat"):
        counts[fmt] = len(format_files(root, fmt))
    if counts["markdown"]:
        sample = format_files(root, "markdown")[:20]
        tldr = sum(1 for p in sample if file_format(p) == "tldr")
        if tldr * 2 > len(sample):
            return "tldr"
    best = max(counts, key=lambda f: counts[f])
    return best if counts[best] else None
