"""Where the index lives, when it is rebuilt, and how a build is made safe.

An index is a folder named by the fingerprint of the pack files it was built from. A build
writes into a temporary folder and renames it into place only when complete, under a lock, so
a crash mid-build never leaves a broken index and two processes never build the same one twice.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import shutil
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from knowledge import SCHEMA_VERSION
from knowledge.sources import PackDir, source_stats

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase

# Bump when schema.py or what goes into a document changes: the fingerprint includes it, so
# every index built before is rebuilt. (Kept here so a warm start need not import Whoosh.)
INDEX_VERSION = 10
META_FILE = "meta.json"
VOCAB_FILE = "vocab.json"
LOCK_FILE = "build.lock"
KEEP_OLD = 2  # older indexes kept for processes that still have them open
STALE_TMP_SECONDS = 3600

Progress = Callable[[int, int], None]


def cache_root() -> Path:
    """The folder holding every built index (platformdirs user cache dir)."""
    from platformdirs import user_cache_path

    return user_cache_path("crib", appauthor=False) / "index"


def fingerprint(dirs: Iterable[PackDir]) -> str:
    """A digest of every pack file's path, size and modification time, and the schema."""
    digest = hashlib.sha256(f"crib-index {SCHEMA_VERSION} {INDEX_VERSION}\n".encode())
    for pack_dir in dirs:
        digest.update(
            f"pack {pack_dir.origin} {pack_dir.format} {pack_dir.pack_id} {pack_dir.path.resolve()}\n".encode()
        )
        for line in source_stats(pack_dir):
            digest.update(f"{line}\n".encode())
    return digest.hexdigest()[:24]


@dataclass
class BuiltIndex:
    """A complete index folder and its metadata."""

    path: Path
    meta: dict[str, Any]


def read_meta(path: Path) -> dict[str, Any] | None:
    try:
        meta = json.loads((path / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) else None


def _complete(path: Path, key: str) -> BuiltIndex | None:
    meta = read_meta(path)
    if meta is None or meta.get("fingerprint") != key:
        return None
    return BuiltIndex(path, meta)


def write_index(
    base: KnowledgeBase, target: Path, key: str, progress: Progress | None
) -> dict[str, Any]:
    """Write the Whoosh index, the item store, the vocabulary and (last) the metadata."""
    from whoosh import index as whoosh_index
    from whoosh.codec.whoosh3 import W3Codec

    from index.items import write_items
    from index.schema import NAME_FIELDS, TEXT_FIELDS, analyse, item_document, make_schema
    from index.schema import words as word_list

    target.mkdir(parents=True)
    items = list(base.items.values())
    total = len(items)
    ix = whoosh_index.create_in(str(target), make_schema())
    procs = int(os.environ.get("CRIB_BUILD_PROCS", "0")) or (
        2 if total > 4000 and (os.cpu_count() or 1) > 1 else 1
    )
    # Uncompressed posting blocks: ~10% faster to write, and these indexes are small.
    writer = ix.writer(
        limitmb=256, procs=procs, multisegment=procs > 1, codec=W3Codec(compression=0)
    )
    vocabulary: Counter[str] = Counter()
    name_words: set[str] = set()
    try:
        for done, item in enumerate(items, 1):
            document = item_document(item)
            # Each text is read once: its words feed the vocabulary, its terms the index.
            seen: set[str] = set()
            for field in TEXT_FIELDS:
                text = document[field]
                lowered, document[field] = analyse(text)
                document[f"_stored_{field}"] = text
                seen.update(lowered)
                if field in NAME_FIELDS:
                    name_words.update(lowered)
            for field in ("kind", "pack", "domain", "tags", "syllabus"):
                seen.update(word_list(document[field]))
            vocabulary.update(seen)
            writer.add_document(**document)
            if progress is not None and (done % 50 == 0 or done == total):
                progress(done, total)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    ix.close()
    (target / VOCAB_FILE).write_text(
        json.dumps({"words": dict(sorted(vocabulary.items())), "names": sorted(name_words)}),
        encoding="utf-8",
    )
    write_items(target, base.packs, items)
    syllabi = sorted({s.id for p in base.packs for s in p.syllabi})
    meta = {
        "fingerprint": key,
        "built": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "items": total,
        "packs": [
            {"id": p.id, "path": p.path, "origin": p.origin, "format": p.format} for p in base.packs
        ],
        "syllabi": syllabi,
        # For "X vs Y": which comparison has which subjects, without reading every item.
        "comparisons": {c.id: c.subjects for c in base.comparisons},
        "skipped": [
            {"path": s.path, "reason": s.reason, "problems": [str(p) for p in s.problems]}
            for s in base.skipped
        ],
        "skipped_files": [str(p) for p in base.skipped_files],
    }
    # The metadata is written last: its presence is what marks the folder complete.
    (target / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    return meta


def _prune(root: Path, keep: str) -> None:
    """Remove stale temporary folders and all but the newest few old indexes."""
    now = time.time()
    old: list[tuple[float, Path]] = []
    for child in root.iterdir():
        if not child.is_dir() or child.name == keep:
            continue
        try:
            mtime = child.stat().st_mtime
        except OSError:
            continue
        if child.name.startswith(".tmp-"):
            if now - mtime > STALE_TMP_SECONDS:
                shutil.rmtree(child, ignore_errors=True)
        else:
            old.append((mtime, child))
    for _, path in sorted(old, reverse=True)[KEEP_OLD:]:
        shutil.rmtree(path, ignore_errors=True)


def current_index(dirs: list[PackDir], root: Path | None = None) -> BuiltIndex | None:
    """The complete, up-to-date index for these packs if there is one; never builds."""
    key = fingerprint(dirs)
    return _complete((root or cache_root()) / key, key)


def ensure_index(
    dirs: list[PackDir],
    root: Path | None = None,
    rebuild: bool = False,
    progress: Progress | None = None,
    on_build: Callable[[], None] | None = None,
) -> BuiltIndex:
    """The index for these pack folders: reused when current, otherwise built safely."""
    root = root or cache_root()
    key = fingerprint(dirs)
    final = root / key
    if not rebuild and (built := _complete(final, key)):
        return built
    # Only a build pays for these imports; a warm start never does.
    from filelock import FileLock

    from knowledge.base import KnowledgeBase

    root.mkdir(parents=True, exist_ok=True)
    with FileLock(str(root / LOCK_FILE)):
        if not rebuild and (built := _complete(final, key)):
            return built  # another process built it while we waited
        if on_build is not None:
            on_build()
        tmp = root / f".tmp-{key}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        # The collector off while building: reading and indexing make millions of objects
        # that live until the build ends, and each collection would walk them all (at 10,000
        # items it was a third of the YAML time, and grew with the square of the size).
        collecting = gc.isenabled()
        gc.disable()
        try:
            base = KnowledgeBase.load(dirs)
            meta = write_index(base, tmp, key, progress)
            if final.exists():
                trash = root / f".tmp-old-{uuid.uuid4().hex[:8]}"
                final.rename(trash)
                shutil.rmtree(trash, ignore_errors=True)
            tmp.rename(final)
        finally:
            if collecting:
                gc.enable()
            shutil.rmtree(tmp, ignore_errors=True)
        _prune(root, keep=key)
    return BuiltIndex(final, meta)
