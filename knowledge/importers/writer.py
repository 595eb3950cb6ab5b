"""An imported pack written as an editable crib YAML pack: `pack.yaml` and one file per domain."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from knowledge.loader import PackLoad
from knowledge.model import Comparison, Entry

MARKER = "# Made by `crib import`"


class TargetInUse(Exception):
    """The target folder holds files that `crib import` did not write."""


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = (
        "|" if "\n" in value and not any(ln != ln.rstrip() for ln in value.split("\n")) else None
    )
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def _item(item: Entry | Comparison) -> dict[str, Any]:
    data: dict[str, Any] = {"id": item.id, "title": item.title}
    if item.aliases:
        data["aliases"] = item.aliases
    data["domain"] = item.domain
    if item.tags:
        data["tags"] = item.tags
    data["summary"] = item.summary
    if isinstance(item, Comparison):
        data["subjects"] = item.subjects
        data["aspects"] = [a.key for a in item.aspects]
    else:
        if item.facts:
            data["facts"] = {f.label: f.value for f in item.facts}
        if item.code:
            data["code"] = [
                {
                    "language": c.language,
                    **({"caption": c.caption} if c.caption else {}),
                    "text": c.text,
                }
                for c in item.code
                if c.text.strip()
            ] or None
            if data["code"] is None:
                del data["code"]
    if item.body:
        data["body"] = item.body
    if item.see_also:
        data["see_also"] = item.see_also
    if item.sources:
        data["sources"] = item.sources
    data["imported_from"] = f"{item.path}:{item.line}" if item.line else item.path
    return data


def _check_target(target: Path) -> None:
    if not target.exists():
        return
    if not target.is_dir():
        raise TargetInUse(f"{target} is a file")
    meta = target / "pack.yaml"
    ours = meta.is_file() and meta.read_text(encoding="utf-8", errors="replace").startswith(MARKER)
    if any(target.iterdir()) and not ours:
        raise TargetInUse(
            f"{target} already holds files that `crib import` did not write; "
            "give --into a new folder (or an earlier import's)"
        )


def write_pack(load: PackLoad, target: Path, source_format: str, sources: list[str]) -> list[Path]:
    """Write (or rewrite, for a re-import) the pack; returns the files written."""
    assert load.pack is not None
    _check_target(target)
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob("*.yaml"):  # an earlier import's item files: ids stay, files refresh
        old.unlink()
    pack = load.pack
    meta: dict[str, Any] = {
        "id": pack.id,
        "title": pack.title,
        "description": pack.description,
        "imported_format": source_format,
        "domains": [{"id": d.id, "title": d.title} for d in pack.domains],
    }
    header = f"{MARKER} from {', '.join(sources)}.\n# Edit freely; importing into this folder again rewrites every file.\n"
    written = [target / "pack.yaml"]
    written[0].write_text(header + _dump(meta), encoding="utf-8")
    for number, domain in enumerate(pack.domains, 1):
        entries = [_item(e) for e in load.entries if e.domain == domain.id]
        comparisons = [_item(c) for c in load.comparisons if c.domain == domain.id]
        if not entries and not comparisons:
            continue
        data: dict[str, Any] = {}
        if entries:
            data["entries"] = entries
        if comparisons:
            data["comparisons"] = comparisons
        path = target / f"{number:02d}-{domain.id}.yaml"
        path.write_text(_dump(data), encoding="utf-8")
        written.append(path)
    return written


def _dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
