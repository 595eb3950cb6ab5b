"""Where packs come from: bundled, the user's folder, --pack, CRIB_PACKS and registered folders.

A folder with a `pack.yaml` is a crib pack; a folder of tldr pages, cheat sheets, navi cheats or
notes is read by an importer (its format detected, or given when it was registered).
Kept light (no YAML, no model): a warm `crib search` only needs to find and stat pack files.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from knowledge.model import Problem

PACK_FILE = "pack.yaml"
YAML_SUFFIXES = (".yaml", ".yml")
BUNDLED_DIR = Path(__file__).parent / "packs"
ENV_VAR = "CRIB_PACKS"
REGISTRY_FILE = "packs.json"  # folders registered with `crib packs add`
BUNDLED_ENV_VAR = "CRIB_BUNDLED"  # "0" loads only the user's own packs


def user_packs_dir() -> Path:
    """The user's own packs folder (platformdirs user data dir)."""
    from platformdirs import user_data_path

    return user_data_path("crib", appauthor=False) / "packs"


def registry_path() -> Path:
    """The file listing folders registered with `crib packs add` (user config dir)."""
    from platformdirs import user_config_path

    return user_config_path("crib", appauthor=False) / REGISTRY_FILE


@dataclass(frozen=True)
class PackDir:
    path: Path
    origin: str  # "bundled", "user", "--pack", "CRIB_PACKS" or "registered"
    format: str = "crib"  # crib (pack.yaml) or an importer's: tldr, cheat, navi, markdown, text
    pack_id: str = ""  # for a registered folder: the id it was given


def _problem(path: Path, message: str) -> Problem:
    from knowledge.model import Location, Problem

    return Problem(Location(str(path)), "(pack)", message)


def _dirs_under(path: Path, origin: str, problems: list[Problem], required: bool) -> list[PackDir]:
    if (path / PACK_FILE).is_file():
        return [PackDir(path, origin)]
    if path.is_dir():
        found = [PackDir(p, origin) for p in sorted(path.iterdir()) if (p / PACK_FILE).is_file()]
        if not found and required:
            from knowledge.importers.files import folder_format

            fmt = folder_format(path)
            if fmt is not None:
                return [PackDir(path, origin, fmt)]
            problems.append(
                _problem(
                    path,
                    f"no {PACK_FILE} here or in its subfolders, and no tldr pages, "
                    "cheat sheets, navi cheats or notes",
                )
            )
        return found
    if required and path.is_file():
        from knowledge.importers.files import file_format

        fmt = file_format(path)
        if fmt is not None:
            return [PackDir(path, origin, fmt)]
        problems.append(_problem(path, "not a pack folder, and not a file crib can read"))
    elif required:
        problems.append(_problem(path, "no such folder"))
    return []


def registered(problems: list[Problem] | None = None) -> list[dict[str, str]]:
    """The folders registered with `crib packs add`: path, format and id, in order."""
    path = registry_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as error:
        if problems is not None:
            problems.append(_problem(path, f"cannot read the registered packs: {error}"))
        return []
    rows = data.get("packs", []) if isinstance(data, dict) else []
    return [r for r in rows if isinstance(r, dict) and isinstance(r.get("path"), str)]


def save_registered(rows: list[dict[str, str]]) -> Path:
    """Write the registered folders (atomically: a crash never leaves half a file)."""
    path = registry_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"packs": rows}, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


def _registered_dirs(problems: list[Problem]) -> list[PackDir]:
    found: list[PackDir] = []
    for row in registered(problems):
        path = Path(row["path"]).expanduser()
        fmt = row.get("format") or "auto"
        if fmt == "auto" or fmt == "crib":
            for pack_dir in _dirs_under(path, "registered", problems, required=True):
                found.append(
                    PackDir(pack_dir.path, "registered", pack_dir.format, row.get("id", ""))
                )
        elif path.exists():
            found.append(PackDir(path, "registered", fmt, row.get("id", "")))
        else:
            problems.append(_problem(path, "registered folder is gone (crib packs remove it?)"))
    return found


def pack_dirs(
    extra: Iterable[str | Path] = (),
    environ: Mapping[str, str] | None = None,
    include_user: bool = True,
    include_bundled: bool = True,
) -> tuple[list[PackDir], list[Problem]]:
    """Pack folders in load order: bundled, user, registered, each --pack, then CRIB_PACKS."""
    environ = os.environ if environ is None else environ
    problems: list[Problem] = []
    found: list[PackDir] = []
    if include_bundled and environ.get(BUNDLED_ENV_VAR, "1") != "0":
        found += _dirs_under(BUNDLED_DIR, "bundled", problems, required=False)
    if include_user:
        found += _dirs_under(user_packs_dir(), "user", problems, required=False)
        found += _registered_dirs(problems)
    for path in extra:
        found += _dirs_under(Path(path).expanduser(), "--pack", problems, required=True)
    for path in filter(None, environ.get(ENV_VAR, "").split(os.pathsep)):
        found += _dirs_under(Path(path).expanduser(), ENV_VAR, problems, required=True)
    unique: list[PackDir] = []
    seen: set[Path] = set()
    for pack_dir in found:
        resolved = pack_dir.path.resolve()
        if resolved not in seen:
            seen.add(resolved)
            unique.append(pack_dir)
    return unique, problems


def source_stats(pack_dir: PackDir) -> list[str]:
    """`path size mtime` of every file a pack is read from, for the index fingerprint."""
    if pack_dir.format == "crib":
        lines = []
        for path in pack_files(pack_dir.path):
            try:
                stat = path.stat()
            except OSError:  # removed while we looked: the next start sees it gone
                continue
            lines.append(f"{path.relative_to(pack_dir.path)} {stat.st_size} {stat.st_mtime_ns}")
        return lines
    from knowledge.importers.files import READER_VERSION, file_stats

    return [f"reader {READER_VERSION}", *file_stats(pack_dir.path, pack_dir.format)]


def unreadable_paths(pack_dir: Path) -> list[tuple[Path, str]]:
    """YAML names that are not regular files (dangling links, FIFOs) and folders that cannot be
    listed: `pack_files` passes over them, and the loader says so instead of saying nothing."""
    found: list[tuple[Path, str]] = []

    def failed(error: OSError) -> None:
        found.append((Path(error.filename or pack_dir), f"cannot list: {error.strerror}"))

    for folder, subfolders, names in os.walk(pack_dir, onerror=failed):
        subfolders[:] = [d for d in subfolders if not d.startswith(".")]
        for name in names:
            if name.startswith(".") or not name.endswith(YAML_SUFFIXES):
                continue
            path = Path(folder, name)
            if not path.is_file():
                dangling = path.is_symlink() and not path.exists()
                found.append((path, "a link to nothing" if dangling else "not a regular file"))
    return found


def pack_files(pack_dir: Path) -> list[Path]:
    """Every YAML file of a pack, pack.yaml first, the rest in name order."""
    files = sorted(
        p
        for p in pack_dir.rglob("*")
        if p.suffix in YAML_SUFFIXES and p.is_file() and not p.name.startswith(".")
    )
    head = [p for p in files if p.parent == pack_dir and p.name == PACK_FILE]
    return head + [p for p in files if p not in head]
