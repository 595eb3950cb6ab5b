"""The per-item store: an item is read by id, without the search engine or the whole base."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from index.items import ItemStore, stored_knowledge
from index.store import ensure_index
from knowledge.base import KnowledgeBase, pack_dirs
from tests.conftest import MINI


def built(tmp_path: Path):  # type: ignore[no-untyped-def]
    dirs = pack_dirs([MINI], include_user=False, include_bundled=False)[0]
    return dirs, ensure_index(dirs, root=tmp_path / "cache")


def test_the_store_holds_what_the_packs_hold(tmp_path: Path) -> None:
    dirs, index = built(tmp_path)
    loaded = KnowledgeBase.load(dirs)
    stored = stored_knowledge(index.path, index.meta)
    assert list(stored.items) == list(loaded.items)
    assert len(stored.items) == len(loaded.items)
    assert [p.id for p in stored.packs] == [p.id for p in loaded.packs]
    for item_id, item in loaded.items.items():
        assert stored.items[item_id] == item
    assert [e.id for e in stored.entries] == [e.id for e in loaded.entries]
    assert [c.id for c in stored.comparisons] == [c.id for c in loaded.comparisons]
    first = next(iter(loaded.items))
    assert (
        stored.table([c.id for c in loaded.comparisons][:1]).to_dict()
        == loaded.table([c.id for c in loaded.comparisons][:1]).to_dict()
    )
    assert first in stored.items and "no-such-id" not in stored.items
    assert stored.get("no-such-id") is None
    assert stored.nearest_ids(first[:-1]) == loaded.nearest_ids(first[:-1])


def test_a_store_keeps_only_the_last_items_read_decoded(tmp_path: Path) -> None:
    _, index = built(tmp_path)
    store = ItemStore(index.path)
    ids = list(store)
    assert store[ids[0]] is store[ids[0]]  # kept while recent
    assert store[ids[1]].id == ids[1]
    assert len(store._cache) == 2


def test_show_reads_one_item_without_loading_whoosh(tmp_path: Path) -> None:
    code = (
        "import sys\nfrom tui.cli import main\n"
        f"rc = main(['--pack', {str(MINI)!r}, 'index'])\n"
        "for name in [m for m in sys.modules if m.startswith('whoosh')]:\n"
        "    del sys.modules[name]\n"
        f"rc = main(['--pack', {str(MINI)!r}, 'show', 'nat-gateway', '--json'])\n"
        "print('WHOOSH' if any(m.startswith('whoosh') for m in sys.modules) else 'CLEAN', rc)"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "CRIB_BUNDLED": "0"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip().splitlines()[-1] == "CLEAN 0"
    assert '"id": "nat-gateway"' in out.stdout


def test_a_damaged_item_store_is_rebuilt_not_a_traceback(tmp_path: Path) -> None:
    from index import open_index, open_knowledge
    from index.items import ITEMS_FILE

    root = tmp_path / "cache"
    first = open_knowledge([MINI], root=root)
    store = first.path / ITEMS_FILE
    size = store.stat().st_size
    store.write_bytes(b"\0garbage" * (size // 8) + b"\0" * (size % 8))  # same size: unnoticed
    assert store.stat().st_size == size
    again = open_knowledge([MINI], root=root)
    assert again.base.get("nat-gateway") is not None
    assert any("rebuilt" in note for note in again.notes)
    store = again.path / ITEMS_FILE
    size = store.stat().st_size
    store.write_bytes(b"\0garbage" * (size // 8) + b"\0" * (size % 8))
    index = open_index([MINI], root=root)
    assert index.base.get("nat-gateway") is not None
    assert any("rebuilt" in note for note in index.notes)
