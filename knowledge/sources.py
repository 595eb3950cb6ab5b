"""Where packs come from: bundled, the user's folder, --pack and CRIB_PACKS.

Kept light (no YAML, no model): a warm `crib search` only needs to find and stat pack files.
"""

from __future__ import annotations

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
BUNDLED_ENV_VAR = "CRIB_BUNDLED"  # "0" loads only the user's own packs


def user_packs_dir() -> Path:
    """The user's own packs folder (platformdirs user data dir)."""
    from platformdirs import user_data_path

    return user_data_path("crib", appauthor=False) / "packs"


@dataclass(frozen=True)
class PackDir:
    path: Path
    origin: str  # "bundled", "user", "--pack" or "CRIB_PACKS"


def _problem(path: Path, message: str) -> Problem:
    from knowledge.model import Location, Problem

    return Problem(Location(str(path)), "(pack)", message)


def _dirs_under(path: Path, origin: str, problems: list[Problem], required: bool) -> list[PackDir]:
    if (path / PACK_FILE).is_file():
        return [PackDir(path, origin)]
    if path.is_dir():
        found = [PackDir(p, origin) for p in sorted(path.iterdir()) if (p / PACK_FILE).is_file()]
        if not found and required:
            problems.append(_problem(path, f"no {PACK_FILE} here or in its subfolders"))
        return found
    if required:
        problems.append(_problem(path, "no such folder"))
    return []


def pack_dirs(
    extra: Iterable[str | Path] = (),
    environ: Mapping[str, str] | None = None,
    include_user: bool = True,
    include_bundled: bool = True,
) -> tuple[list[PackDir], list[Problem]]:
    """Pack folders in load order: bundled, user, each --pack, then CRIB_PACKS."""
    environ = os.environ if environ is None else environ
    problems: list[Problem] = []
    found: list[PackDir] = []
    if include_bundled and environ.get(BUNDLED_ENV_VAR, "1") != "0":
        found += _dirs_under(BUNDLED_DIR, "bundled", problems, required=False)
    if include_user:
        found += _dirs_under(user_packs_dir(), "user", problems, required=False)
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


def pack_files(pack_dir: Path) -> list[Path]:
    """Every YAML file of a pack, pack.yaml first, the rest in name order."""
    files = sorted(
        p
        for p in pack_dir.rglob("*")
        if p.suffix in YAML_SUFFIXES and p.is_file() and not p.name.startswith(".")
    )
    head = [p for p in files if p.parent == pack_dir and p.name == PACK_FILE]
    return head + [p for p in files if p not in head]
