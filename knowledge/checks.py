"""Rules that span items: duplicate ids and aliases, references, domains, aspects."""

from __future__ import annotations

from typing import TYPE_CHECKING

from knowledge.model import Comparison, Entry, Location, Problem

if TYPE_CHECKING:
    from knowledge.loader import PackLoad, Reference


def _nearest(target: str, choices: list[str]) -> str:
    from knowledge.loader import did_you_mean

    return did_you_mean(target, choices)


def check_pack(load: PackLoad) -> None:
    """Append to `load.problems` everything wrong between the items of one pack."""
    assert load.pack is not None
    pack = load.pack
    problems = load.problems
    by_id: dict[str, Entry | Comparison] = {}
    for item in load.items:
        if not item.id:
            continue
        if item.id in by_id:
            first = by_id[item.id]
            problems.append(
                Problem(
                    Location(item.path, item.line, 1),
                    f"{item.id}.id",
                    f'duplicate id "{item.id}" (first defined at {first.path}:{first.line})',
                )
            )
            continue
        by_id[item.id] = item

    alias_owner: dict[str, Entry | Comparison] = {}
    for item in load.items:
        seen_here: set[str] = set()
        for alias in item.aliases:
            folded = alias.casefold()
            where = Location(item.path, item.line, 1)
            if folded in seen_here:
                problems.append(
                    Problem(where, f"{item.id}.aliases", f'alias "{alias}" listed twice')
                )
                continue
            seen_here.add(folded)
            owner = alias_owner.get(folded)
            if owner is not None and owner.id != item.id:
                problems.append(
                    Problem(
                        where,
                        f"{item.id}.aliases",
                        f'alias "{alias}" is also an alias of "{owner.id}" ({owner.path}:{owner.line})',
                    )
                )
            else:
                alias_owner[folded] = item

    domain_ids = [d.id for d in pack.domains]
    syllabi = {s.id: [d.id for d in s.domains] for s in pack.syllabi}
    guide_skills = {s.id: {k.id for k in s.skills} for s in pack.syllabi if s.skills}
    for item in load.items:
        where = Location(item.path, item.line, 1)
        if item.domain and domain_ids and item.domain not in domain_ids:
            problems.append(
                Problem(
                    where,
                    f"{item.id}.domain",
                    f'unknown domain "{item.domain}"{_nearest(item.domain, domain_ids)}; the pack declares: {", ".join(domain_ids)}',
                )
            )
        for syllabus_id, domain in item.syllabus.items():
            if syllabus_id not in syllabi:
                problems.append(
                    Problem(
                        where,
                        f"{item.id}.syllabus.{syllabus_id}",
                        f"unknown syllabus{_nearest(syllabus_id, list(syllabi))}",
                    )
                )
            elif domain is not None and domain not in syllabi[syllabus_id]:
                problems.append(
                    Problem(
                        where,
                        f"{item.id}.syllabus.{syllabus_id}",
                        f'"{domain}" is not a domain of {syllabus_id}{_nearest(domain, syllabi[syllabus_id])}',
                    )
                )
        for syllabus_id, skills in item.skills.items():
            if syllabus_id not in syllabi:
                message = f"unknown syllabus{_nearest(syllabus_id, list(syllabi))}"
            elif item.syllabus.get(syllabus_id) is None:
                message = f"skills of {syllabus_id}, but syllabus.{syllabus_id} does not place the item in a domain of it"
            else:
                named = guide_skills.get(syllabus_id)
                unknown = [s for s in skills if named and s not in named]
                if not unknown:
                    continue
                message = f"{', '.join(unknown)}: not a skill of {syllabus_id}{_nearest(unknown[0], sorted(named or ()))}"
            problems.append(Problem(where, f"{item.id}.skills.{syllabus_id}", message))

    ids = list(by_id)
    for ref in load.references:
        if ref.want in ("item", "entry"):
            target = by_id.get(ref.target)
            if target is None:
                problems.append(
                    Problem(
                        ref.location,
                        ref.field,
                        f'"{ref.target}" points nowhere: no such id in pack "{pack.id}"{_nearest(ref.target, ids)}',
                    )
                )
            elif ref.want == "entry" and not isinstance(target, Entry):
                problems.append(
                    Problem(
                        ref.location,
                        ref.field,
                        f'"{ref.target}" is a comparison; subjects must be entries',
                    )
                )
        elif ref.want.startswith("subject:"):
            comparison = by_id.get(ref.want.partition(":")[2])
            if isinstance(comparison, Comparison) and ref.target not in comparison.subjects:
                problems.append(
                    Problem(
                        ref.location,
                        ref.field,
                        f'"{ref.target}" is not a subject of this comparison{_nearest(ref.target, comparison.subjects)}',
                    )
                )
        elif ref.want.startswith("aspect:"):
            comparison = by_id.get(ref.want.partition(":")[2])
            if not isinstance(comparison, Comparison):
                continue
            subjects = [by_id[s] for s in comparison.subjects if isinstance(by_id.get(s), Entry)]
            if subjects and not any(s.fact(ref.target) for s in subjects):  # type: ignore[union-attr]
                known = sorted({f.key for s in subjects for f in s.facts})  # type: ignore[union-attr]
                problems.append(
                    Problem(
                        ref.location,
                        ref.field,
                        f'no subject has a fact "{ref.target}"{_nearest(ref.target, known)}',
                    )
                )
            elif subjects:
                _check_row(load, comparison, ref, subjects)  # type: ignore[arg-type]
    problems.sort(key=lambda p: (p.location.path, p.location.line, p.location.column))
    load.warnings.sort(key=lambda p: (p.location.path, p.location.line, p.location.column))


def _check_row(
    load: PackLoad, comparison: Comparison, ref: Reference, subjects: list[Entry]
) -> None:
    """Warn about a row's blank cells unless the aspect marks them `empty` on purpose."""
    aspect = next((a for a in comparison.aspects if a.key == ref.target), None)
    marked = set(aspect.empty) if aspect else set()
    missing = [s.id for s in subjects if s.fact(ref.target) is None and s.id not in marked]
    if missing:
        load.warnings.append(
            Problem(
                ref.location,
                ref.field,
                f'row "{ref.target}" has no value for {", ".join(missing)}: add the fact, '
                "or list the subject under the aspect's `empty:` if the blank is deliberate",
            )
        )
    filled = [s.id for s in subjects if s.id in marked and s.fact(ref.target) is not None]
    if filled:
        load.warnings.append(
            Problem(
                ref.location,
                ref.field,
                f'row "{ref.target}" is marked empty for {", ".join(filled)}, '
                "which has a value: drop it from `empty:`",
            )
        )
