"""Loading packs and every validation rule, with file:line:column positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.base import KnowledgeBase, pack_dirs
from knowledge.loader import load_pack_dir
from knowledge.model import Comparison, Entry
from tests.conftest import MINI, write_pack

ENTRY = """\
  - id: {id}
    title: {title}
    domain: net
    summary: A thing.
    facts: {{Speed: fast, Cost: low}}
"""


def entries(*pairs: tuple[str, str]) -> str:
    return "entries:\n" + "".join(ENTRY.format(id=i, title=t) for i, t in pairs)


def problems_of(tmp_path: Path, files: dict[str, str]) -> list[str]:
    return [str(p) for p in load_pack_dir(write_pack(tmp_path / "p", files)).problems]


def test_mini_pack_loads_clean() -> None:
    load = load_pack_dir(MINI)
    assert load.problems == []
    assert load.pack is not None and load.pack.id == "mini"
    nat = next(e for e in load.entries if e.id == "nat-gateway")
    assert [f.label for f in nat.facts][:2] == ["Managed by", "Port forwarding"]  # order kept
    assert nat.fact("port-forwarding").value == "No"  # type: ignore[union-attr]
    assert nat.corrections[0].now.startswith("Starts at 5 Gbps")
    assert nat.syllabus == {"exam-a": "networking"}
    comparison = next(c for c in load.comparisons if c.id == "nat-gateway-vs-nat-instance")
    assert comparison.subjects == ["nat-gateway", "nat-instance"]
    assert comparison.aspects[2].label == "Security groups?"


def test_yaml_syntax_error_names_line_and_shows_it(tmp_path: Path) -> None:
    found = problems_of(tmp_path, {"a.yaml": "entries:\n  - id: x\n    title: [unclosed\n"})
    assert len(found) == 1
    assert "a.yaml:4:1: (yaml): YAML syntax error" in found[0] or "a.yaml:3:" in found[0]
    assert "title: [unclosed" in found[0] or "^" in found[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "entries:\n  - id: x\n    domain: net\n    summary: s\n",
            "a.yaml:2:5: x.title: required field is missing",
        ),
        (
            "entries:\n  - id: x\n    title: X\n    domain: net\n    summary: s\n    tags: 5\n",
            "a.yaml:6:11: x.tags: expected a list, got int",
        ),
        (
            "entries:\n  - id: x\n    title: X\n    domain: net\n    summary: s\n    sumary: t\n",
            'a.yaml:6:5: x.sumary: unknown field (did you mean "summary"?)',
        ),
        (
            "entries:\n  - id: Bad_Id\n    title: X\n    domain: net\n    summary: s\n",
            'a.yaml:2:9: entries[0].id: "Bad_Id" is not kebab-case',
        ),
        (
            "entries:\n  - id: x\n    title: ''\n    domain: net\n    summary: s\n",
            "a.yaml:3:12: x.title: empty value",
        ),
        (
            "entries:\n  - id: x\n    title: X\n    domain: net\n    summary: s\n    aliases: []\n",
            "a.yaml:6:14: x.aliases: empty list",
        ),
        (
            "entries:\n  - id: x\n    title: X\n    title: Y\n    domain: net\n    summary: s\n",
            "a.yaml:4:5: entries[0].title: duplicate key",
        ),
        (
            "entries:\n  - id: x\n    title: X\n    domain: nett\n    summary: s\n",
            'x.domain: unknown domain "nett" (did you mean "net"?)',
        ),
        (
            "entries:\n  - id: x\n    title: X\n    domain: net\n    summary: s\n    see_also: [y]\n",
            'a.yaml:6:16: x.see_also[0]: "y" points nowhere',
        ),
        (
            "entries:\n  - id: x\n    title: X\n    domain: net\n    summary: s\n    syllabus: {ex: two}\n",
            'x.syllabus.ex: "two" is not a domain of ex',
        ),
        (
            "entries:\n  - id: x\n    title: X\n    domain: net\n    summary: s\n"
            "    syllabus: {ex: one}\n    skills: {ex: ['1.2', one]}\n",
            'a.yaml:7:26: x.skills.ex: "one" is not a skill number such as 1.3 or 1.3.3',
        ),
        (
            "entries:\n  - id: x\n    title: X\n    domain: net\n    summary: s\n"
            "    syllabus: {ex: one}\n    skills: {exx: ['1.2']}\n",
            'x.skills.exx: unknown syllabus (did you mean "ex"?)',
        ),
        (
            "entries:\n  - id: x\n    title: X\n    domain: net\n    summary: s\n"
            "    syllabus: {ex: null}\n    skills: {ex: ['1.2']}\n",
            "x.skills.ex: skills of ex, but syllabus.ex does not place the item in a domain of it",
        ),
        (
            "entries:\n  - id: x\n    title: X\n    domain: net\n    summary: s\n    facts: {Speed: ''}\n",
            "a.yaml:6:20: x.facts.Speed: empty value",
        ),
        (
            "entries:\n  - id: x\n    title: X\n    domain: net\n    summary: s\n    facts: {Max IOPS: 1, max-iops: 2}\n",
            'x.facts.max-iops: same key "max-iops" as fact "Max IOPS"',
        ),
        ("entires:\n  - id: x\n", 'a.yaml:1:1: entires: unknown field (did you mean "entries"?)'),
        ("- just a list\n", "a.yaml:1:1: (file): expected a mapping, got a list"),
    ],
)
def test_each_rule_reports_file_line_column_field(tmp_path: Path, text: str, expected: str) -> None:
    found = problems_of(tmp_path, {"a.yaml": text})
    assert any(expected in p for p in found), found


def test_duplicate_ids_and_aliases(tmp_path: Path) -> None:
    text = entries(("x", "X"), ("x", "Other"))
    text += "  - {id: y, title: Y, domain: net, summary: s, aliases: [Same, same]}\n"
    text += "  - {id: z, title: Z, domain: net, summary: s, aliases: [SAME]}\n"
    found = problems_of(tmp_path, {"a.yaml": text})
    assert any('x.id: duplicate id "x" (first defined at' in p for p in found), found
    assert any('alias "same" listed twice' in p for p in found), found
    assert any('z.aliases: alias "SAME" is also an alias of "y"' in p for p in found), found


def test_comparison_rules(tmp_path: Path) -> None:
    text = entries(("a", "A"), ("b", "B")) + (
        "comparisons:\n"
        "  - id: c\n    title: C\n    domain: net\n    summary: s\n"
        "    subjects: [a, ghost]\n    aspects: [speed, colour]\n"
        "    choose: {a: when fast, zed: never}\n"
        "  - id: d\n    title: D\n    domain: net\n    summary: s\n    subjects: [a]\n    aspects: [speed]\n"
        "  - id: e\n    title: E\n    domain: net\n    summary: s\n    subjects: [a, c]\n    aspects: [speed]\n"
        "  - id: f\n    title: F\n    domain: net\n    summary: s\n"
    )
    found = problems_of(tmp_path, {"a.yaml": text})
    assert any('c.subjects[1]: "ghost" points nowhere' in p for p in found), found
    assert any('aspects[1]: no subject has a fact "colour"' in p for p in found), found
    assert any('c.choose.zed: "zed" is not a subject' in p for p in found), found
    assert any("d.subjects: needs 2 or more entry ids" in p for p in found), found
    assert any('e.subjects[1]: "c" is a comparison' in p for p in found), found
    assert any("f.subjects: required field is missing" in p for p in found), found
    assert any("f.aspects: required field is missing" in p for p in found), found


ROW_PACK = (
    "entries:\n"
    "  - {id: a, title: A, domain: net, summary: s, facts: {Speed: fast, Cost: low}}\n"
    "  - {id: b, title: B, domain: net, summary: s, facts: {Speed: slow}}\n"
    "comparisons:\n"
    "  - id: c\n    title: C\n    domain: net\n    summary: s\n    subjects: [a, b]\n"
    "    aspects:\n"
    "      - speed\n"
    "      - cost\n"
)


def test_a_row_missing_a_subjects_value_is_a_warning_with_its_line(tmp_path: Path) -> None:
    load = load_pack_dir(write_pack(tmp_path / "p", {"a.yaml": ROW_PACK}))
    assert load.problems == []  # a warning never keeps the pack out
    assert [str(w) for w in load.warnings] == [
        f"{tmp_path / 'p' / 'a.yaml'}:12:9: c.aspects[1]: "
        'row "cost" has no value for b: add the fact, '
        "or list the subject under the aspect's `empty:` if the blank is deliberate"
    ]
    base = KnowledgeBase.load(
        pack_dirs([tmp_path / "p"], include_user=False, include_bundled=False)[0]
    )
    assert base.get("c") is not None and len(base.warnings) == 1


def test_a_deliberately_empty_cell_is_not_a_warning(tmp_path: Path) -> None:
    marked = ROW_PACK.replace("      - cost\n", "      - {key: cost, empty: [b]}\n")
    load = load_pack_dir(write_pack(tmp_path / "p", {"a.yaml": marked}))
    assert load.problems == [] and load.warnings == []
    comparison = next(c for c in load.comparisons if c.id == "c")
    assert comparison.aspects[1].empty == ("b",)


def test_empty_marker_must_name_a_subject_without_a_value(tmp_path: Path) -> None:
    text = ROW_PACK.replace("      - speed\n", "      - {key: speed, empty: [a, ghost]}\n")
    load = load_pack_dir(write_pack(tmp_path / "p", {"a.yaml": text}))
    assert any('"ghost" is not a subject of this comparison' in str(p) for p in load.problems)
    assert any(
        'row "speed" is marked empty for a, which has a value' in str(w) for w in load.warnings
    )


def test_every_problem_is_reported_not_just_the_first(tmp_path: Path) -> None:
    text = "entries:\n  - {id: A, title: '', domain: nope, summary: s, colour: red}\n"
    assert len(problems_of(tmp_path, {"a.yaml": text})) >= 4


def test_unsafe_yaml_tags_are_refused(tmp_path: Path) -> None:
    text = "entries:\n  - id: x\n    title: !!python/object/apply:os.system [echo hacked]\n"
    found = problems_of(tmp_path, {"a.yaml": text})
    assert any("(yaml)" in p and "python/object" in p for p in found), found


def test_bad_pack_is_skipped_and_others_still_load(tmp_path: Path) -> None:
    bad = write_pack(tmp_path / "bad", {"a.yaml": "entries: [\n"}, pack_id="bad")
    dirs, problems = pack_dirs([MINI, bad], include_user=False, include_bundled=False)
    base = KnowledgeBase.load(dirs)
    assert problems == []
    assert [p.id for p in base.packs] == ["mini"]
    assert len(base.skipped) == 1 and base.skipped[0].path == str(bad)
    assert "YAML syntax error" in base.skipped[0].reason
    assert isinstance(base.get("nat-gateway"), Entry)
    assert isinstance(base.get("alb-vs-nlb"), Comparison)


def test_id_clash_across_packs_names_both_files(tmp_path: Path) -> None:
    other = write_pack(tmp_path / "other", {"a.yaml": entries(("nat-gateway", "Clash"))}, "other")
    base = KnowledgeBase.load(
        pack_dirs([MINI, other], include_user=False, include_bundled=False)[0]
    )
    assert [p.id for p in base.packs] == ["mini"]
    reason = base.skipped[0].reason
    assert str(other / "a.yaml") in reason and str(MINI / "network.yaml") in reason


def test_sources_order_and_missing_paths(tmp_path: Path, isolated_user_dirs: Path) -> None:
    user_pack = write_pack(isolated_user_dirs / "data" / "crib" / "packs" / "mine", {}, "mine")
    env_pack = write_pack(tmp_path / "env", {}, "envpack")
    dirs, problems = pack_dirs([MINI, tmp_path / "missing"], environ={"CRIB_PACKS": str(env_pack)})
    origins = [(d.origin, d.path) for d in dirs]
    assert origins[0][0] == "bundled"
    assert ("user", user_pack) in origins
    assert origins.index(("user", user_pack)) < origins.index(("--pack", MINI))
    assert origins[-1] == ("CRIB_PACKS", env_pack)
    assert [str(p) for p in problems] == [f"{tmp_path / 'missing'}: (pack): no such folder"]


def test_adhoc_comparison_puts_shared_aspects_first() -> None:
    base = KnowledgeBase.load(pack_dirs([MINI], include_user=False, include_bundled=False)[0])
    table = base.table(["sqs", "sns", "cloudwatch"])
    counts = [sum(v is not None for v in row.values) for row in table.rows]
    assert counts == sorted(counts, reverse=True)
    model = next(r for r in table.rows if r.aspect == "model")
    assert model.values == ["Pull", "Push", None] and model.differs
    same = base.table(["nat-gateway", "nat-gateway"]).rows
    assert not any(row.differs for row in same)


def test_skills_are_read_as_text_in_order(tmp_path: Path) -> None:
    text = (
        "entries:\n  - id: x\n    title: X\n    domain: net\n    summary: s\n"
        "    syllabus: {ex: one}\n    skills: {ex: ['1.3.3', 2.1]}\n"
    )
    load = load_pack_dir(write_pack(tmp_path / "p", {"a.yaml": text}))
    assert [str(p) for p in load.problems] == []
    assert load.entries[0].skills == {"ex": ["1.3.3", "2.1"]}


def test_a_syllabus_names_its_skills_and_items_must_use_them(tmp_path: Path) -> None:
    pack = (
        "id: demo\ntitle: Demo\ndomains:\n  - {id: net, title: Net}\n"
        "syllabi:\n  - id: ex\n    title: Ex\n    domains: [{id: one, title: One}]\n"
        '    skills: {"1.1.1": Configure things, "1.1.2": Fix things, nope: Bad}\n'
    )
    entry = "entries:\n  - {{id: {id}, title: X, domain: net, summary: s, syllabus: {{ex: one}}, skills: {{ex: [{s}]}}}}\n"
    text = entry.format(id="good", s="'1.1.2'") + entry.format(id="bad", s="'1.1.3'")[8:]
    load = load_pack_dir(write_pack(tmp_path / "p", {"pack.yaml": pack, "a.yaml": text}))
    found = [str(p) for p in load.problems]
    assert load.pack is not None
    assert [(k.id, k.title) for k in load.pack.syllabi[0].skills] == [
        ("1.1.1", "Configure things"),
        ("1.1.2", "Fix things"),
    ]
    assert any('syllabi[0].skills.nope: "nope" is not a skill number' in p for p in found), found
    assert any("bad.skills.ex: 1.1.3: not a skill of ex" in p for p in found), found
    assert not any("good.skills" in p for p in found), found
