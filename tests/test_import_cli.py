"""`crib import`, `crib packs add/remove`, and folders of other formats loaded as packs."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from index import open_index
from tui.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
SEED = Path("/work/shared/seed/000_b1bbbdca245974f3.txt")

# What a student looks for in the seed notes, and the entry title that answers it.
SEED_TOPICS = {
    "what is cloud computing": "What is Cloud Computing?",
    "NIST": "Scope of Cloud Computing",
    "history of cloud computing": "History of Cloud Computing",
    "types of cloud computing": "Types of Cloud Computing",
    "IaaS": "Overview of Cloud Services",
    "what is AWS": "What is AWS?",
    "edge locations": "AWS Global Infrastructure",
    "metrics": "What are Metrics?",
    "instance types": "Instance Types",
    "EBS types": "Storage/EBS Types",
    "autoscaling": "Autoscaling",
    "RDS": "AWS RDS",
    "ALB vs NLB": "Network vs Application LoadBalancer",
    "reserved IP addresses": "Reserved IP-addresses by VPC",
    "VPC wizard": "AWS VPC-Wizard",
    "NAT gateway": "NAT Instance vs. NAT Gateway",
    "VPC peering": "VPC Peering",
    "VPC endpoints": "VPC Endpoints",
    "flow logs": "VPC Flow Logs",
    "route 53": "Route 53",
    "weighted routing": "Weighted Routing Policy",
    "latency routing": "Latency Routing Policy",
    "failover routing": "Failover Routing Policy",
    "geolocation routing": "Geographical Routing Policy",
    "geoproximity": "Geoproximity Routing Policy",
    "multivalue answer": "Multivalue Answer Routing Policy",
    "CloudWatch": "What is CloudWatch and how does it work?",
    "custom metrics": "CloudWatch EC2 custom metrics and monitoring",
    "EBS monitoring": "EBS Monitoring",
    "ELB monitoring": "ELB Monitoring",
    "trusted advisor": "AWS Trusted Advisor",
    "resource groups": "AWS Resource Groups",
    "CloudTrail": "AWS CloudTrail",
    "CloudWatch vs CloudTrail": "CloudWatch vs CloudTrail",
    "S3 server logs": "S3 server logs troubleshooting",
    "CloudFormation": "What is CloudFormation?",
    "stack": "What is a Stack?",
    "elastic beanstalk": "What is Elastic BeanStalk?",
    "lambda": "What is AWS Lambda?",
    "opsworks": "What is OpsWorks?",
    "SQS": "SQS, SNS and SWF",
}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.skipif(not SEED.is_file(), reason="the shared seed notes are not on this machine")
def test_seed_notes_import_and_every_topic_is_in_the_top_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "notes"
    code, out, err = run(capsys, "import", str(SEED), "--into", str(target), "--id", "notes")
    assert code == 0, err
    assert "imported" in out and err == ""
    code, _, err = run(capsys, "validate", str(target))
    assert code == 0 and "no problems" in err
    index = open_index([target], root=tmp_path / "cache")
    missed = {}
    for query, title in SEED_TOPICS.items():
        top = [hit.title for hit in index.search(query, limit=3).hits]
        if title not in top:
            missed[query] = top
    assert missed == {}


def test_import_writes_a_clean_pack_with_stable_ids_and_source_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "sheets"
    args = ("import", str(FIXTURES / "navi"), str(FIXTURES / "notes"), "--into", str(target))
    code, out, err = run(capsys, *args, "--id", "mine", "--title", "My sheets")
    assert code == 1  # navi/broken.cheat:6 was skipped
    assert "skipped: " in err and "broken.cheat:6:" in err
    code, _, err = run(capsys, "validate", str(target))
    assert code == 0 and "no problems" in err, err
    first = {p.name: p.read_text() for p in target.glob("*.yaml")}
    assert "title: My sheets" in first["pack.yaml"]
    assert "imported_format: mixed" in first["pack.yaml"]
    code, _, _ = run(capsys, *args, "--id", "mine", "--title", "My sheets")  # again: same pack
    assert {p.name: p.read_text() for p in target.glob("*.yaml")} == first
    code, out, _ = run(capsys, "--pack", str(target), "show", "mine-git-change-branch", "--json")
    item = json.loads(out)
    assert item["imported_from"].endswith("navi/git.cheat:5")
    assert item["code"][0]["text"] == "git checkout <branch>"


def test_import_refuses_a_folder_it_did_not_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "keep.txt").write_text("my own file")
    code, _, err = run(capsys, "import", str(FIXTURES / "cheat"), "--into", str(tmp_path / "mine"))
    assert code == 2 and "did not write" in err
    assert (tmp_path / "mine" / "keep.txt").read_text() == "my own file"
    code, _, err = run(capsys, "import", str(tmp_path / "nowhere"))
    assert code == 2 and "no such file or folder" in err
    code, _, err = run(capsys, "import", str(FIXTURES / "cheat"), "--id", "Not An Id")
    assert code == 2 and 'try "not-an-id"' in err


def test_import_default_goes_to_the_user_packs_folder_and_loads_next_start(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "import", str(FIXTURES / "tldr"), "--format", "tldr")
    assert code == 1  # two bad pages skipped
    assert "your packs folder" in out
    code, out, _ = run(capsys, "search", "extract", "a", "tar.gz", "archive", "--json")
    assert json.loads(out)["results"][0]["id"] == "tldr-tar"


def test_folders_load_directly_as_packs_and_search(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packs = ("--pack", str(FIXTURES / "tldr"), "--pack", str(FIXTURES / "cheat"))
    code, out, err = run(capsys, *packs, "search", "extract a tar.gz archive", "--json")
    ids = [r["id"] for r in json.loads(out)["results"]]
    assert code == 0 and set(ids[:2]) == {"tldr-tar", "cheat-tar"}
    assert "problems reading pack files" in err
    code, out, _ = run(capsys, *packs, "search", "rebase onto another branch", "--json")
    assert [r["id"] for r in json.loads(out)["results"]][:2] == ["tldr-git-rebase", "cheat-git"]
    code, out, _ = run(capsys, *packs, "search", "follow a systemd unit's log", "--json")
    assert {"tldr-journalctl", "cheat-systemctl"} <= {r["id"] for r in json.loads(out)["results"]}
    code, out, _ = run(capsys, *packs, "packs")
    assert "tldr" in out and "cheat" in out and "ssh:2: front matter" in out


def test_a_changed_file_is_reindexed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheets = tmp_path / "mysheets"
    shutil.copytree(FIXTURES / "cheat", sheets)
    code, out, _ = run(capsys, "--pack", str(sheets), "search", "zebrafy", "--json")
    assert json.loads(out)["results"] == []
    (sheets / "zebra").write_text("# To zebrafy a file:\nzebra --stripes file\n")
    code, out, _ = run(capsys, "--pack", str(sheets), "search", "zebrafy", "--json")
    assert [r["id"] for r in json.loads(out)["results"]] == ["mysheets-zebra"]
    (sheets / "zebra").write_text("# To unzebrafy it again:\nzebra --plain file\n")
    os.utime(sheets / "zebra", ns=(1, 2_000_000_000_000_000_000))
    code, out, _ = run(capsys, "--pack", str(sheets), "show", "mysheets-zebra", "--json")
    assert json.loads(out)["code"][0]["caption"] == "To unzebrafy it again"


def test_packs_add_registers_a_folder_for_every_later_start(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "packs", "add", str(FIXTURES / "navi"))
    assert code == 0 and "(navi)" in out and "registered" in out
    code, out, _ = run(capsys, "search", "change branch", "--json")
    assert json.loads(out)["results"][0]["id"] == "navi-git-change-branch"
    code, out, _ = run(
        capsys, "packs", "add", str(FIXTURES / "notes"), "--format", "markdown", "--id", "net"
    )
    code, out, _ = run(capsys, "search", "nat gateway", "--json")
    assert json.loads(out)["results"][0]["id"].startswith("net-")
    code, out, _ = run(capsys, "packs", "remove", str(FIXTURES / "navi"))
    assert code == 0 and "no longer loads" in out
    code, out, _ = run(capsys, "search", "change branch", "--json")
    assert not any(r["id"].startswith("navi-") for r in json.loads(out)["results"])
    code, _, err = run(capsys, "packs", "remove", str(FIXTURES / "navi"))
    assert code == 1 and "not registered" in err
    (tmp_path / "empty").mkdir()
    code, _, err = run(capsys, "packs", "add", str(tmp_path / "empty"))
    assert code == 2 and "give --format" in err


def test_a_dotted_word_also_matches_its_parts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pages = tmp_path / "tldr" / "pages" / "common"
    pages.mkdir(parents=True)
    (pages / "tar.md").write_text(
        "# tar\n\n> Archiving utility.\n\n- Extract a (compressed) archive:\n\n"
        "`tar xf {{source.tar[.gz|.bz2|.xz]}}`\n"
    )
    (pages / "unzip.md").write_text(
        "# unzip\n\n> Extract zip archives.\n\n- Extract:\n\n`unzip {{a.zip}}`\n"
    )
    code, out, _ = run(
        capsys, "--pack", str(tmp_path / "tldr"), "search", "extract a tar.gz archive", "--json"
    )
    assert [r["id"] for r in json.loads(out)["results"]][0] == "tldr-tar"


def test_a_warm_search_of_a_format_folder_loads_no_yaml_or_readers(tmp_path: Path) -> None:
    import subprocess
    import sys

    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    packs = f"['--pack', {str(FIXTURES / 'tldr')!r}, '--pack', {str(FIXTURES / 'cheat')!r}]"
    build = f"from tui.cli import main\nmain({packs} + ['index'])"
    subprocess.run([sys.executable, "-c", build], capture_output=True, check=True, env=env)
    code = (
        "import sys\nfrom tui.cli import main\n"
        f"rc = main({packs} + ['search', 'tar'])\n"
        "heavy = [m for m in sys.modules if m.startswith(('yaml', 'knowledge.loader',"
        " 'knowledge.importers.reading', 'knowledge.importers.tldr', 'markdown_it'))]\n"
        "print('HEAVY', heavy, rc)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.stdout.strip().splitlines()[-1] == "HEAVY [] 0"


def test_a_single_page_and_crib_packs_load_too(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    page = FIXTURES / "tldr" / "pages" / "linux" / "journalctl.md"
    code, out, _ = run(capsys, "--pack", str(page), "search", "kernel messages", "--json")
    assert [r["id"] for r in json.loads(out)["results"]] == ["tldr-journalctl"]
    monkeypatch.setenv("CRIB_PACKS", str(FIXTURES / "navi"))
    code, out, _ = run(capsys, "search", "change branch", "--json")
    assert json.loads(out)["results"][0]["id"] == "navi-git-change-branch"


def test_validate_reads_a_format_folder_and_lists_its_bad_files(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "validate", str(FIXTURES / "cheat"))
    assert code == 1 and "2 problems" in err
    assert "cheat/empty:1: no commands or comments; file skipped" in out
    code, _, err = run(capsys, "validate", str(FIXTURES / "notes"))
    assert code == 0 and "no problems" in err
