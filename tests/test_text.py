"""Terminal safety of pack text: escape sequences and control characters never survive loading."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.loader import load_pack_dir
from knowledge.model import Entry
from knowledge.text import clean_line, clean_text, shorten
from tests.conftest import write_pack
from tui.cli import main


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\x1b]2;PWNED\x1b\\b", "ab"),  # OSC title change, ST-terminated
        ("a\x1b]2;PWNED\x07b", "ab"),  # BEL-terminated
        ("x\x1b[2Jy", "xy"),  # clear screen: no stray "[2J" left
        ("\x1b[31mred\x1b[0m", "red"),
        ("\x1b]8;;file:///etc/passwd\x1b\\v\x1b]8;;\x1b\\", "v"),  # OSC 8 hyperlink
        ("\x9b31mz", "z"),  # 8-bit CSI
        ("\x07bell\x00nul\x7fdel\x85", "bellnuldel"),
        ("a\r\nb\rc", "a\nbc"),
        ("tab\there\nline", "tab\there\nline"),
        ("aws s3 ls [options] s3://bucket/[prefix]", "aws s3 ls [options] s3://bucket/[prefix]"),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_clean_line_and_shorten() -> None:
    assert clean_line("one\ttwo\n\nthree\x1b[2J") == "one two three"
    assert shorten("q" * 5000, 20) == "q" * 19 + "…"
    assert shorten("short") == "short"


HOSTILE = """\
entries:
  - id: evil
    title: "Evil\\e]2;PWNED\\e\\\\ title"
    domain: net
    summary: "Clears \\e[2Jthe screen"
    facts:
      "Label\\e[31m": "value\\e]8;;file:///etc/passwd\\e\\\\v\\e]8;;\\e\\\\"
    code:
      - {language: sh, text: "echo\\x9b31m hi\\n\\tindented"}
"""


def test_loaded_pack_text_has_no_control_characters(tmp_path: Path) -> None:
    load = load_pack_dir(write_pack(tmp_path / "p", {"a.yaml": HOSTILE}))
    assert load.problems == []
    entry = load.entries[0]
    assert isinstance(entry, Entry)
    assert entry.title == "Evil title"
    assert entry.summary == "Clears the screen"
    assert (entry.facts[0].label, entry.facts[0].value) == ("Label", "valuev")
    assert entry.code[0].text == "echo hi\n\tindented"  # tabs and newlines kept in code


def test_unknown_key_with_escapes_is_reported_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = HOSTILE.replace("    domain: net\n", '    domain: net\n    "k\\e]2;PWNED\\e\\\\ey": 1\n')
    pack = write_pack(tmp_path / "p", {"a.yaml": bad})
    code = main(["validate", str(pack)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "\x1b" not in out + err and "PWNED" not in out + err
    assert "evil.key: unknown field" in out + err


def test_show_prints_no_escape_sequences(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = write_pack(tmp_path / "p", {"a.yaml": HOSTILE})
    for args in (["show", "evil"], ["show", "evil", "--json"], ["search", "evil"]):
        assert main(["--pack", str(pack), *args]) == 0
        out, err = capsys.readouterr()
        assert "\x1b" not in out + err and "\x9b" not in out + err and "PWNED" not in out
