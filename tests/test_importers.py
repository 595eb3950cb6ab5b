"""The readers for tldr pages, cheat sheets, navi cheats and Markdown notes, field by field."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge.importers.files import file_format, folder_format
from knowledge.importers.reading import read_sources
from knowledge.importers.tldr import parse_page, render_command
from knowledge.model import Comparison, Entry

FIXTURES = Path(__file__).parent / "fixtures"


def entries_by_title(load_entries: list[Entry]) -> dict[str, Entry]:
    return {e.title: e for e in load_entries}


def test_tldr_folder_reads_pages_with_examples_and_sources() -> None:
    load = read_sources([FIXTURES / "tldr"])
    assert load.pack is not None and load.pack.id == "tldr" and load.pack.format == "tldr"
    tar = next(e for e in load.entries if e.id == "tldr-tar")
    assert tar.title == "tar" and tar.domain == "common"
    assert tar.summary.startswith("Pack files into an archive")
    assert tar.sources == ["https://www.gnu.org/software/tar/manual/tar.html"]
    assert tar.path.endswith("pages/common/tar.md") and tar.line == 1
    assert tar.tags == ["common", "tar"]
    captions = [c.caption for c in tar.code]
    # Mnemonic brackets go, the colon goes, the first letter is capitalised.
    assert captions[:2] == [
        "Create an archive compressed with gzip from files",
        "Extract a tar.gz archive into the current folder, verbosely",
    ]
    assert tar.code[1].text == "tar xzvf <path/to/source.tar.gz>"
    assert tar.see_also == ["tldr-gzip"]  # "See also: `gzip`, `zip`": only gzip is a page here
    assert "See also" in tar.body


def test_tldr_placeholders_options_and_literal_braces() -> None:
    assert (
        render_command("cp {{path/to/file}} {{path/to/dir}}") == "cp <path/to/file> <path/to/dir>"
    )
    assert render_command("tar xf {{a.tar}} {{[-C|--directory]}} {{dir}}") == (
        "tar xf <a.tar> -C|--directory <dir>"
    )
    assert render_command(r"echo \{\{literal\}\}") == "echo {{literal}}"


def test_tldr_messy_old_page_is_read_anyway() -> None:
    load = read_sources([FIXTURES / "tldr"])
    old = entries_by_title(load.entries)["oldtool"]
    assert old.summary == "A tool from the early days of the project, described over two lines."
    assert old.sources == []  # no "More information" line
    assert [(c.caption, c.text) for c in old.code] == [
        ("List the things it knows", "oldtool --list"),  # lower case, no colon
        ("Print a report for one thing, wrapped onto a second line", "oldtool report <thing>"),
        ("Run without backticks at all", "oldtool --run"),
    ]


def test_tldr_platforms_translations_and_bad_files() -> None:
    load = read_sources([FIXTURES / "tldr"])
    ids = {e.id for e in load.entries}
    # The same command on two platforms: common keeps the plain id, the other gets a suffix.
    assert {"tldr-date", "tldr-date-osx"} <= ids
    assert next(e for e in load.entries if e.id == "tldr-date-osx").domain == "osx"
    assert not any("pages.fr" in e.path for e in load.entries)  # translations are not read
    assert not any(e.title == "Not a page" for e in load.entries)  # nor the README
    problems = sorted(str(p) for p in load.skipped_files)
    assert problems[0].endswith("pages/common/binary.md:1: not UTF-8 text; file skipped")
    assert "notapage.md:1: not a tldr page" in problems[1]


def test_tldr_setext_title_and_missing_description() -> None:
    page = parse_page("ls\n==\n\n- List files:\n\n`ls -la`\n")
    assert page.title == "ls" and page.examples[0].command == "ls -la"


def test_cheat_sheets_front_matter_comments_and_broken_front_matter() -> None:
    load = read_sources([FIXTURES / "cheat"])
    assert load.pack is not None and load.pack.format == "cheat"
    sheets = entries_by_title(load.entries)
    tar = sheets["tar"]
    assert tar.tags == ["tar", "compression", "archive"] and tar.domain == "compression"
    assert tar.code[0].language == "bash"  # from `syntax:`
    assert [c.caption for c in tar.code] == [
        "To extract an uncompressed archive",
        "To extract a tar.gz archive",
        "To create a gzipped archive: (the z flag picks gzip)",  # two comment lines
        "To list the contents of an archive",
    ]
    assert tar.code[3].text == "tar -tvf /path/to/foo.tar    # t lists, v is verbose"
    assert tar.line == 6
    # Broken front matter is reported at its line; the sheet is still read.
    assert any(
        str(p).endswith(
            "cheat/ssh:2: front matter: expected `key: value` lines, got 'tags [ ssh ]'; front matter ignored"
        )
        for p in load.skipped_files
    )
    assert [c.text for c in sheets["ssh"].code][0] == "ssh -p <port> <user>@<host>"
    # A non-breaking space after `#`, trailing spaces, and "See also" prose after a rule.
    git = sheets["git"]
    assert git.code[0].caption == "To rebase onto another branch"
    assert git.code[0].text == "git rebase <branch>"
    assert "See also: tig, gitk" in git.body and len(git.code) == 3
    assert "README" not in " ".join(e.path for e in load.entries)
    assert any(
        "cheat/empty:1: no commands or comments; file skipped" in str(p) for p in load.skipped_files
    )


def test_imported_text_is_data_escapes_stripped_markup_kept_as_text() -> None:
    load = read_sources([FIXTURES / "cheat"])
    sheets = entries_by_title(load.entries)
    assert sheets["escapes"].code[0].text == 'printf "red\\n"'  # no ESC left
    assert sheets["git"].code[2].caption == "[bold red]Rich markup[/] stays text"


def test_navi_groups_descriptions_continuations_and_variables() -> None:
    load = read_sources([FIXTURES / "navi"])
    by_title = entries_by_title(load.entries)
    rebase = by_title["Rebase the current branch onto another branch"]
    assert rebase.tags == ["git", "code"] and rebase.domain == "git"
    assert rebase.summary == "git rebase <base_branch>"
    assert rebase.fact("variables").value == "<base_branch>"  # type: ignore[union-attr]
    suggestion = rebase.fact("base_branch")
    assert suggestion is not None and suggestion.label == "<base_branch>"
    assert suggestion.value == "from: git branch --format='%(refname:short)' --- --header \"Base\""
    push = by_title["Push a branch to a remote, setting upstream"]
    assert push.code[0].text == "git push \\\n  --set-upstream <remote> \\\n  <branch>"
    assert push.fact("remote").value == "from: git remote"  # type: ignore[union-attr]  # `=` form
    # `@ git, code` reuses that group's variables in another group.
    stash = by_title["Apply a stash to a branch"]
    assert stash.tags == ["git", "stash"]
    assert stash.fact("branch").value == "from: git branch | awk '{print $NF}'"  # type: ignore[union-attr]
    assert by_title["Multi-line in a fence"].code[0].text == "git fetch --all\ngit status"
    assert not any("comment navi ignores" in e.summary + e.body for e in load.entries)
    bad = [str(p) for p in load.skipped_files]
    assert len(bad) == 1 and "broken.cheat:6: not a `$ variable: command` line" in bad[0]
    assert by_title["Run a container"].code[0].text == "docker run -it <image>"


def test_markdown_notes_headings_facts_tables_comparisons_code() -> None:
    load = read_sources([FIXTURES / "notes"])
    by_title = entries_by_title(load.entries)
    gateway = by_title["NAT Gateway"]
    assert gateway.summary == "A managed NAT for private subnets."
    assert gateway.domain == "networking-notes"  # the sole `# Title`, a heading with no content
    assert [(f.label, f.value) for f in gateway.facts][:2] == [
        ("Managed by", "AWS"),
        ("Bandwidth", "5 Gbps, scaling to 100 Gbps"),
    ]
    assert "- Deploy one per AZ." in gateway.body and "Managed by" not in gateway.body
    instance = by_title["NAT Instance"]
    assert instance.fact("port-forwarding").value == "Yes"  # type: ignore[union-attr]  # 2-col table
    comparison = next(c for c in load.comparisons)
    assert isinstance(comparison, Comparison)
    assert comparison.title == "NAT Gateway vs NAT Instance"
    assert comparison.subjects == [gateway.id, instance.id]
    assert [a.key for a in comparison.aspects] == ["managed-by", "security-groups", "bastion-use"]
    assert gateway.fact("security-groups").value == "No"  # type: ignore[union-attr]
    routes = by_title["Routes"]
    assert [(c.language, c.text) for c in routes.code] == [
        ("json", '{"DestinationCidrBlock": "0.0.0.0/0"}'),
        ("text", "aws ec2 describe-route-tables"),
    ]
    assert "Empty heading" not in by_title  # a heading with nothing under it is no entry
    # A wide table that names no subjects stays a table in the body.
    assert "| ls | lists |" in by_title["Commands"].body
    assert "[red]markup[/red]" in by_title["plain"].summary


def test_formats_are_detected_from_files_and_folders() -> None:
    assert folder_format(FIXTURES / "tldr") == "tldr"
    assert folder_format(FIXTURES / "cheat") == "cheat"
    assert folder_format(FIXTURES / "navi") == "navi"
    assert folder_format(FIXTURES / "notes") == "markdown"
    assert file_format(FIXTURES / "tldr" / "pages" / "common" / "tar.md") == "tldr"
    assert file_format(FIXTURES / "notes" / "networking.md") == "markdown"
    assert file_format(Path("/work/shared/seed/x.txt")) == "text"


def test_ids_are_stable_and_every_item_knows_its_file_and_line() -> None:
    first = read_sources([FIXTURES / "notes"], pack_id="mine")
    again = read_sources([FIXTURES / "notes"], pack_id="mine")
    assert [i.id for i in first.items] == [i.id for i in again.items]
    assert all(i.id.startswith("mine-") for i in first.items)
    for load in (first, read_sources([FIXTURES / "tldr"]), read_sources([FIXTURES / "navi"])):
        assert all(Path(i.path).is_file() and i.line >= 1 for i in load.items)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_no_reader_raises_on_any_text(tmp_path: Path, text: str) -> None:
    for name in ("page.md", "sheet", "group.cheat", "notes.txt"):
        (tmp_path / name).write_text(text, encoding="utf-8")
    for fmt, name in (("tldr", "page.md"), ("cheat", "sheet"), ("navi", "group.cheat"),
                      ("markdown", "page.md"), ("text", "notes.txt")):  # fmt: skip
        load = read_sources([tmp_path / name], fmt, pack_id="x")
        assert all(
            i.id.startswith("x-") and i.summary and "\x1b" not in i.summary for i in load.items
        )
