"""The command line: JSON contracts, exit codes, messages, and human output that fits 80 columns."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MINI, write_pack
from tui.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--pack", str(MINI), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_search_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "nat", "g", "--json", "--limit", "2")
    data = json.loads(out)
    assert code == 0
    assert data["query"] == "nat g" and "suggestion" not in data
    assert len(data["results"]) == 2
    first = data["results"][0]
    assert {"id", "kind", "title", "summary", "domain", "score", "snippet"} <= set(first)
    assert first["id"] == "nat-gateway" and first["kind"] == "entry"
    assert isinstance(first["score"], float)


def test_search_json_carries_the_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "cloudtrial", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["suggestion"] == {
        "query": "cloudtrail",
        "corrections": {"cloudtrial": "cloudtrail"},
    }
    assert data["results"][0]["id"] == "cloudtrail"


def test_search_with_nothing_found_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "qqqqzzzz", "--json")
    assert code == 1 and json.loads(out)["results"] == []


def test_show_json_has_every_field(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "nat-gateway", "--json")
    data = json.loads(out)
    assert code == 0
    for name in (
        "id",
        "kind",
        "title",
        "aliases",
        "domain",
        "tags",
        "summary",
        "body",
        "facts",
        "code",
        "see_also",
        "sources",
        "corrections",
        "syllabus",
        "skills",
        "pack",
    ):
        assert name in data, name
    assert data["facts"][0] == {"label": "Managed by", "value": "AWS"}
    assert data["corrections"][0]["said"].startswith("Bandwidth tops out")


def test_compare_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "compare", "nat-gateway-vs-nat-instance", "--json")
    data = json.loads(out)
    assert code == 0
    assert [s["id"] for s in data["subjects"]] == ["nat-gateway", "nat-instance"]
    assert data["subjects"][0]["title"] == "NAT Gateway"
    assert data["rows"][0] == {
        "aspect": "managed-by",
        "label": "Managed by",
        "values": ["AWS", "You"],
        "differs": True,
        "same": False,
        "empty": [],
    }


def test_a_deliberately_empty_cell_reads_n_a_not_a_dash(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = (
        "entries:\n"
        "  - {id: a, title: Alpha, domain: net, summary: s, facts: {Speed: fast, Cost: low}}\n"
        "  - {id: b, title: Beta, domain: net, summary: s, facts: {Speed: slow}}\n"
        "comparisons:\n"
        "  - id: c\n    title: C\n    domain: net\n    summary: s\n    subjects: [a, b]\n"
        "    aspects: [speed, {key: cost, empty: [b]}]\n"
    )
    pack = write_pack(tmp_path / "na", {"a.yaml": text})
    assert main(["--pack", str(pack), "compare", "c", "--json"]) == 0
    rows = {r["aspect"]: r for r in json.loads(capsys.readouterr().out)["rows"]}
    assert rows["cost"]["values"] == ["low", None] and rows["cost"]["empty"] == ["b"]
    assert rows["speed"]["empty"] == []
    assert main(["--pack", str(pack), "compare", "c"]) == 0
    out = capsys.readouterr().out
    cost_line = next(line for line in out.splitlines() if "Cost" in line)
    assert "n/a" in cost_line and "—" not in cost_line
    assert "n/a: the pack says the row does not apply" in out


def test_adhoc_compare_json_has_nulls_for_missing(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "compare", "sqs", "sns", "cloudwatch", "--json")
    rows = {r["aspect"]: r for r in json.loads(out)["rows"]}
    assert code == 0
    assert rows["model"]["values"] == ["Pull", "Push", None] and rows["model"]["differs"]


@pytest.mark.parametrize(
    "command", [["show", "nat-gatway"], ["compare", "nat-gateway", "nat-instanse"]]
)
def test_unknown_id_exits_1_and_names_the_nearest(
    capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    code, _, err = run(capsys, *command)
    assert code == 1
    assert "no item with id" in err and "nearest:" in err and "nat-" in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["search"])
    assert raised.value.code == 2
    with pytest.raises(SystemExit) as raised:
        main(["search", "x", "--limit", "0"])
    assert raised.value.code == 2
    code, _, err = run(capsys, "compare", "nat-gateway")
    assert code == 2 and "nat-gateway-vs-nat-instance" in err


def test_list_json_counts(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "--json", "--domain", "monitoring")
    data = json.loads(out)
    assert code == 0
    assert {i["id"] for i in data["items"]} == {
        "cloudwatch",
        "cloudtrail",
        "metric-filter",
        "cloudwatch-vs-cloudtrail",
    }
    assert data["counts"]["syllabus"]["exam-a"]["operations"] == 2
    assert data["counts"]["kind"] == {"entry": 3, "comparison": 1}


def test_validate_clean_and_broken(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["validate", str(MINI)]) == 0
    assert "no problems" in capsys.readouterr().err
    bad = write_pack(
        tmp_path / "bad",
        {"a.yaml": "entries:\n  - {id: x, title: X, domain: nett, summary: s}\n  - [\n"},
    )
    assert main(["validate", str(bad)]) == 1
    out, err = capsys.readouterr()
    assert f"{bad / 'a.yaml'}:3:6: (yaml): YAML syntax error" in out and "  - [" in out
    assert "1 problem" in err


def test_validate_prints_warnings_and_fails_on_them_only_when_strict(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = (
        "entries:\n"
        "  - {id: a, title: A, domain: net, summary: s, facts: {Speed: fast, Cost: low}}\n"
        "  - {id: b, title: B, domain: net, summary: s, facts: {Speed: slow}}\n"
        "comparisons:\n"
        "  - {id: c, title: C, domain: net, summary: s, subjects: [a, b], aspects: [speed, cost]}\n"
    )
    pack = write_pack(tmp_path / "warn", {"a.yaml": text})
    assert main(["validate", str(pack)]) == 0
    out, err = capsys.readouterr()
    assert f"{pack / 'a.yaml'}:5:" in out and 'warning: row "cost" has no value for b' in out
    assert "no problems, 1 warning" in err
    assert main(["validate", "--strict", str(pack)]) == 1
    capsys.readouterr()


def test_a_broken_pack_is_reported_on_stderr_and_the_rest_works(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = write_pack(tmp_path / "bad", {"a.yaml": "entries: [\n"}, "bad")
    code = main(["--pack", str(MINI), "--pack", str(bad), "search", "nat", "--json"])
    out, err = capsys.readouterr()
    assert code == 0 and json.loads(out)["results"]
    assert f"skipped pack {bad}" in err and "YAML syntax error" in err


def test_packs_and_index_commands(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "packs")
    assert code == 0 and "mini" in out
    code, out, _ = run(capsys, "index")
    assert code == 0 and "up to date" in out
    code, out, _ = run(capsys, "index", "--rebuild")
    assert code == 0 and "built in" in out


def test_human_output_fits_80_columns_without_colour_when_piped(tmp_path: Path) -> None:
    for args in (
        ["search", "nat"],
        ["show", "nat-gateway"],
        ["compare", "sqs", "sns", "cloudwatch"],
        ["list"],
    ):
        out = subprocess.run(
            [sys.executable, "-m", "tui", "--pack", str(MINI), *args],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert out.strip()
        assert "\x1b[" not in out, args
        assert max(len(line) for line in out.splitlines()) <= 80, args


def test_show_names_the_exam_guide_skills(capsys: pytest.CaptureFixture[str]) -> None:
    from knowledge.sources import BUNDLED_DIR

    code = main(["--pack", str(BUNDLED_DIR / "aws-sysops"), "show", "datasync"])
    out = capsys.readouterr().out
    assert code == 0
    assert "soa-c03: monitoring (skill 1.3.3)" in out
    assert "soa-c03 1.3.3 Optimize S3 performance" in out
