"""The knowledge base that holds every loaded pack."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from knowledge.compare import Table, adhoc_table, comparison_table
from knowledge.model import Comparison, Entry, Location, Pack, Problem
from knowledge.sources import PACK_FILE, PackDir, pack_dirs

if TYPE_CHECKING:
    from knowledge.loader import PackLoad

__all__ = ["KnowledgeBase", "PackDir", "SkippedPack", "pack_dirs", "read_pack_dir"]


@dataclass(frozen=True)
class SkippedPack:
    path: str
    reason: str
    problems: tuple[Problem, ...] = ()

    def __str__(self) -> str:
        return f"skipped pack {self.path}: {self.reason}"


def read_pack_dir(pack_dir: PackDir) -> PackLoad:
    """One pack folder read: a crib pack by the YAML loader, any other format by its importer."""
    if pack_dir.format == "crib":
        from knowledge.loader import load_pack_dir  # YAML only when packs are read

        return load_pack_dir(pack_dir.path, pack_dir.origin)
    from knowledge.importers.reading import read_sources

    return read_sources(
        [pack_dir.path], pack_dir.format, pack_id=pack_dir.pack_id, origin=pack_dir.origin
    )


@dataclass
class KnowledgeBase:
    """Every loaded pack and item, by id; packs with problems are skipped, not fatal.

    `items` is a dict when packs are read from YAML; an opened index hands over a mapping that
    reads each item from its store when asked (index.items.ItemStore).
    """

    packs: list[Pack] = field(default_factory=list)
    items: Mapping[str, Entry | Comparison] = field(default_factory=dict)
    skipped: list[SkippedPack] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # worth fixing; nothing was skipped
    skipped_files: list[Problem] = field(default_factory=list)  # files an importer could not read

    @classmethod
    def load(cls, dirs: Iterable[PackDir]) -> KnowledgeBase:
        base = cls()
        for pack_dir in dirs:
            try:
                load = read_pack_dir(pack_dir)
            except Exception as error:  # a hostile file or a bug: one pack, never all of them
                from knowledge.loader import PackLoad

                reason = f"could not be read ({type(error).__name__}: {str(error)[:200]})"
                load = PackLoad(pack_dir.path)
                load.problems.append(Problem(Location(str(pack_dir.path)), "(pack)", reason))
            base.add(load)
        return base

    def add(self, load: PackLoad) -> None:
        """Add one pack's items, or skip the pack with the reason."""
        self.warnings.extend(load.warnings)
        self.skipped_files += load.skipped_files
        if load.problems or load.pack is None:
            first = load.problems[0] if load.problems else None
            count = len(load.problems)
            reason = f"{count} problem{'s' if count != 1 else ''}" + (
                f"; first: {first}" if first else ""
            )
            self.skipped.append(SkippedPack(str(load.path), reason, tuple(load.problems)))
            return
        pack = load.pack
        clashes: list[Problem] = []
        other = next((p for p in self.packs if p.id == pack.id), None)
        if other is not None:
            clashes.append(
                Problem(
                    Location(str(Path(pack.path) / PACK_FILE)),
                    "id",
                    f'pack id "{pack.id}" is already loaded from {other.path}',
                )
            )
        for item in load.items:
            existing = self.items.get(item.id)
            if existing is not None:
                clashes.append(
                    Problem(
                        Location(item.path, item.line, 1),
                        f"{item.id}.id",
                        f'id "{item.id}" is already defined at {existing.path}:{existing.line} (pack "{existing.pack}")',
                    )
                )
        if clashes:
            self.skipped.append(
                SkippedPack(str(load.path), f"id clash; first: {clashes[0]}", tuple(clashes))
            )
            return
        self.packs.append(pack)
        assert isinstance(self.items, dict), "a stored knowledge base is read-only"
        for item in load.items:
            self.items[item.id] = item

    def _of_kind(self, kind: str) -> list[Entry | Comparison]:
        of_kind = getattr(self.items, "of_kind", None)  # a store reads one kind only
        if of_kind is not None:
            return of_kind(kind)  # type: ignore[no-any-return]
        return [i for i in self.items.values() if i.kind == kind]

    @property
    def entries(self) -> list[Entry]:
        return [i for i in self._of_kind("entry") if isinstance(i, Entry)]

    @property
    def comparisons(self) -> list[Comparison]:
        return [i for i in self._of_kind("comparison") if isinstance(i, Comparison)]

    def pack(self, pack_id: str) -> Pack | None:
        return next((p for p in self.packs if p.id == pack_id), None)

    def get(self, item_id: str) -> Entry | Comparison | None:
        return self.items.get(item_id)

    def nearest_ids(self, wanted: str, count: int = 5) -> list[str]:
        """Ids that look like `wanted`, for "did you mean" after an unknown id."""
        ids = list(self.items)
        close = difflib.get_close_matches(wanted.lower(), ids, n=count, cutoff=0.5)
        contains = [i for i in ids if wanted.lower() in i and i not in close]
        return (close + contains)[:count]

    def comparisons_of(self, entry_id: str) -> list[Comparison]:
        return [c for c in self.comparisons if entry_id in c.subjects]

    def table(self, ids: list[str]) -> Table:
        """A comparison's table for one comparison id, or an ad-hoc table for entry ids."""
        if len(ids) == 1:
            comparison = self.items.get(ids[0])
            if not isinstance(comparison, Comparison):
                raise KeyError(ids[0])
            written = [self.items[s] for s in comparison.subjects]
            return comparison_table(comparison, written)  # type: ignore[arg-type]
        subjects: list[Entry] = []
        for item_id in ids:
            item = self.items.get(item_id)
            if not isinstance(item, Entry):
                raise KeyError(item_id)
            subjects.append(item)
        return adhoc_table(subjects)
