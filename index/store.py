"""Where the index lives, when it is rebuilt, and how a build is made safe.

An index is a folder found through a link named by the fingerprint of the pack files it was
built from. A build writes into a temporary folder, renames it when complete and replaces the
link, under a lock (with a timeout): a crash mid-build never leaves a broken index, two processes
never build the same one twice, and a reader racing `--rebuild` finds the old index or the new
one, never none. Every file's size is recorded, so a truncated or missing file means a rebuild.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from knowledge import SCHEMA_VERSION
from knowledge.sources import PackDir, source_stats

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase

# Bump when schema.py or what goes into a document changes: the fingerprint includes it, so
# every index built before is rebuilt. (Kept here so a warm start need not import Whoosh.)
INDEX_VERSION = 12  # 12: segments as separate files
META_FILE = "meta.json"
VOCAB_FILE = "vocab.json"
LOCK_FILE = "build.lock"
KEEP_OLD = 2  # older indexes kept for processes that still have them open
STALE_TMP_SECONDS = 3600
RETIRE_GRACE = 60  # seconds an index replaced by a rebuild stays for readers that just found it
LOCK_TIMEOUT = 120  # seconds to wait for another process's build before giving up

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
    notes: list[str] = field(default_factory=list)  # what the user should know (a fallback)


def read_meta(path: Path) -> dict[str, Any] | None:
    try:
        meta = json.loads((path / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) else None


def _complete(path: Path, key: str) -> BuiltIndex | None:
    """The index behind `path` (a link to its folder) if it is whole: its metadata names the
    key and every file it lists is there with the size it was written with."""
    return _check(path, key)[0]


def _check(path: Path, key: str) -> tuple[BuiltIndex | None, str]:
    """The whole index behind `path`, or None and what is damaged ("" when simply absent)."""
    try:
        path = path.resolve(strict=True)
    except OSError:
        return None, ""
    meta = read_meta(path)
    if meta is None:
        return None, f"{path / META_FILE} is missing or unreadable"
    if meta.get("fingerprint") != key:
        return None, f"{path / META_FILE} belongs to another index"
    files = meta.get("files")
    if not isinstance(files, dict) or not files:
        return None, f"{path / META_FILE} lists no files"
    for name, size in files.items():
        try:
            actual = (path / name).stat().st_size
        except OSError:
            return None, f"{path / name} is missing"
        if actual != size:
            return None, f"{path / name} has {actual} bytes, not {size}"
    return BuiltIndex(path, meta), ""


POOL_ITEMS_PER_MB = 40  # posting pool per writer: 1 MB for every 40 items, 256 to 1024 MB


def pool_mb(items: int) -> int:
    """The posting pool each writer fills before it spills sorted runs to disk. At 50,000 items
    256 MB spilled and merged runs, and the build waited on its writers (63-75 s in all, 10-15 s
    of it handing them documents); 1024 MB took it to 41-42 s, the writers peaking at 821 MB
    instead of 550. Up to 10,000 items the pool stays at 256 MB."""
    return min(1024, max(256, items // POOL_ITEMS_PER_MB))


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
    if procs > 1:
        _writers_die_with_us()
    # Uncompressed posting blocks: ~10% faster to write, and these indexes are small. Segments
    # stay separate files: Whoosh reads each part of a compound segment file whole into memory
    # at open (the app at 10,000 items held 121 MB, 63 MB with separate files; open 85-90 ms
    # before, 70 ms after; keystrokes the same), and the build skips assembling it.
    writer = ix.writer(
        limitmb=pool_mb(total),
        procs=procs,
        multisegment=procs > 1,
        codec=W3Codec(compression=0),
        compound=False,
    )
    vocabulary: Counter[str] = Counter()
    name_words: set[str] = set()
    try:
        for done, item in enumerate(items, 1):
            document = item_document(item, base.items)
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
        _stop_writers(writer)
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
        # Synonym groups of every pack, applied to every search (pack.yaml `synonyms:`).
        "synonyms": [list(g) for p in base.packs for g in p.synonyms],
        "skipped": [
            {"path": s.path, "reason": s.reason, "problems": [str(p) for p in s.problems]}
            for s in base.skipped
        ],
        "skipped_files": [str(p) for p in base.skipped_files],
    }
    # The metadata is written last: its presence is what marks the folder complete.
    (target / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    return meta


def _data_dirs(root: Path) -> list[Path]:
    """The complete index folders (not the links naming them, not builds in progress)."""
    found = []
    for child in root.iterdir():
        if child.name.startswith(".") or child.is_symlink() or child.name == LOCK_FILE:
            continue
        if child.is_dir():
            found.append(child)
    return found


class _ForkHook:
    """The key under which the after-fork hook is registered (held for the process's life)."""

    parent = 0


_FORK_HOOK: _ForkHook | None = None


def _writers_die_with_us() -> None:
    """Have Whoosh's writer processes killed when the build process dies, even by SIGKILL.

    They wait on a queue for work that will never come once their parent is gone; Linux's
    parent-death signal (set in each forked child) ends them instead. Elsewhere: no-op.
    """
    global _FORK_HOOK
    if _FORK_HOOK is not None or not sys.platform.startswith("linux"):
        return
    import multiprocessing.util

    _FORK_HOOK = _ForkHook()
    _FORK_HOOK.parent = os.getpid()
    multiprocessing.util.register_after_fork(_FORK_HOOK, _die_with_parent)


def _die_with_parent(hook: _ForkHook) -> None:
    # The fork inherits the build's SIGTERM handler (raise SystemExit): a writer told to stop
    # would unwind into files the build is removing and print a traceback. It just stops.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not glibc/musl
        return
    if os.getppid() != hook.parent:  # the parent died before the signal was armed
        os._exit(1)


def _stop_writers(writer: Any) -> None:
    """End Whoosh's writer processes: its cancel() only flags them in the parent's copy.

    Their queues are abandoned too: a queue's feeder thread still writing documents into a
    pipe nobody reads any more would be joined at exit, and the build would never end (a
    SIGTERM'd build hung, 1 time in 3 under load)."""
    for queue in (getattr(writer, "jobqueue", None), getattr(writer, "resultqueue", None)):
        if queue is not None:
            with contextlib.suppress(Exception):
                queue.cancel_join_thread()
    for task in getattr(writer, "tasks", []):
        with contextlib.suppress(Exception):
            task.terminate()
            task.join(5)


def _prune(root: Path, keep: Path) -> None:
    """Remove stale temporary folders, dangling links, and all but the newest few old indexes.

    An old index a reader may just have found (through a link replaced a moment ago) is left
    for RETIRE_GRACE seconds, so a reader never sees its folder vanish before it opens it.
    """
    now = time.time()
    for child in root.iterdir():
        if child.name.startswith(".tmp-") and not child.is_symlink():
            with contextlib.suppress(OSError):
                if now - child.stat().st_mtime > STALE_TMP_SECONDS:
                    shutil.rmtree(child, ignore_errors=True)
    old: list[tuple[float, Path]] = []
    for path in _data_dirs(root):
        if path.name != keep.name:
            with contextlib.suppress(OSError):
                old.append((path.stat().st_mtime, path))  # when it was built, or replaced
    for mtime, path in sorted(old, reverse=True)[KEEP_OLD:]:
        if now - mtime > RETIRE_GRACE:
            shutil.rmtree(path, ignore_errors=True)
    for child in root.iterdir():  # links to folders pruned above
        if child.is_symlink() and not child.exists():
            with contextlib.suppress(OSError):
                child.unlink()


def _install(root: Path, key: str, folder: Path) -> None:
    """Point the name `key` at a complete index folder, atomically (a symlink replaced)."""
    final = root / key
    if final.is_dir() and not final.is_symlink():  # an index from before links were used
        final.rename(root / f"{key}.old-{uuid.uuid4().hex[:8]}")
    with contextlib.suppress(OSError):  # the replaced folder's time is when it was retired
        os.utime(final.resolve(strict=True))
    link = root / f".tmp-link-{uuid.uuid4().hex[:8]}"
    os.symlink(folder.name, link)
    os.replace(link, final)


def current_index(dirs: list[PackDir], root: Path | None = None) -> BuiltIndex | None:
    """The complete, up-to-date index for these packs if there is one; never builds."""
    key = fingerprint(dirs)
    return _complete((root or cache_root()) / key, key)


class IndexUnavailable(Exception):
    """The index could not be built or opened; the message says why, for the user."""


def ensure_index(
    dirs: list[PackDir],
    root: Path | None = None,
    rebuild: bool = False,
    progress: Progress | None = None,
    on_build: Callable[[], None] | None = None,
    lock_timeout: float = LOCK_TIMEOUT,
) -> BuiltIndex:
    """The index for these pack folders: reused when current, otherwise built safely.

    A cache folder that cannot be written is replaced by one in the temporary folder, with a
    note in `BuiltIndex.notes`.
    """
    root = root or cache_root()
    key = fingerprint(dirs)
    built, damage = _check(root / key, key)
    if built is not None and not rebuild:
        return built
    try:
        built = _build(dirs, root, key, rebuild, progress, on_build, lock_timeout)
        if damage:
            built.notes.append(f"the search index was damaged ({damage}); it was rebuilt")
        return built
    except OSError as error:
        fallback = Path(tempfile.gettempdir()) / f"crib-{os.getuid()}" / "index"
        if root == fallback:
            raise IndexUnavailable(
                f"cannot write the search index in {root}: {_reason(error)}"
            ) from error
        note = (
            f"cannot write the search index in {root} ({_reason(error)}); "
            f"using {fallback} instead. Set XDG_CACHE_HOME to a writable folder."
        )
        if not rebuild and (built := _complete(fallback / key, key)):
            built.notes.append(note)
            return built
        built = _build(dirs, fallback, key, rebuild, progress, on_build, lock_timeout)
        built.notes.append(note)
        return built


def _reason(error: OSError) -> str:
    return f"{error.strerror or error}: {error.filename}" if error.filename else str(error)


def _build(
    dirs: list[PackDir],
    root: Path,
    key: str,
    rebuild: bool,
    progress: Progress | None,
    on_build: Callable[[], None] | None,
    lock_timeout: float,
) -> BuiltIndex:
    # Only a build pays for these imports; a warm start never does.
    from filelock import FileLock, Timeout

    from knowledge.base import KnowledgeBase

    root.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(root / LOCK_FILE), timeout=lock_timeout)
    try:
        lock.acquire()
    except Timeout:
        raise IndexUnavailable(
            f"another crib process has been building the search index for {lock_timeout:g} s "
            f"({root / LOCK_FILE}); try again when it has finished"
        ) from None
    try:
        if not rebuild and (built := _complete(root / key, key)):
            return built  # another process built it while we waited
        if on_build is not None:
            on_build()
        # The collector off while building: reading and indexing make millions of objects
        # that live until the build ends, and each collection would walk them all (at 10,000
        # items it was a third of the YAML time, and grew with the square of the size).
        collecting = gc.isenabled()
        gc.disable()
        try:
            with _terminate_as_exit():
                # The packs may change while they load (a folder renamed away and back): the
                # fingerprint taken after the load names what was read; a change means load again.
                for _attempt in range(3):
                    base = KnowledgeBase.load(dirs)
                    after = fingerprint(dirs)
                    if after == key:
                        break
                    key = after
                folder = root / f"{key}.{uuid.uuid4().hex[:8]}"
                tmp = root / f".tmp-{key}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
                try:
                    meta = write_index(base, tmp, key, progress)
                    _write_manifest(tmp, meta)
                    tmp.rename(folder)
                    _install(root, key, folder)
                finally:
                    shutil.rmtree(tmp, ignore_errors=True)
        finally:
            if collecting:
                gc.enable()
        _prune(root, keep=folder)
    finally:
        lock.release()
    return BuiltIndex(folder, meta)


@contextlib.contextmanager
def _terminate_as_exit() -> Iterator[None]:
    """While building in the main thread, SIGTERM unwinds like Ctrl+C: the half-built folder
    is removed and Whoosh's writer processes are stopped."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _write_manifest(target: Path, meta: dict[str, Any]) -> None:
    """Record every file's size in the metadata, so a truncated or missing file is noticed."""
    meta["files"] = {
        p.name: p.stat().st_size for p in sorted(target.iterdir()) if p.name != META_FILE
    }
    (target / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
