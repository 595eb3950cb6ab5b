"""A result row: two lines whatever the width, cut with an ellipsis, pack text shown as text."""

from __future__ import annotations

from textual.style import Style

from index.results import Hit
from tui.widgets.results import MARK, result_row


def hit(**fields: object) -> Hit:
    made = Hit(id="nat-gateway", kind="entry", title="NAT Gateway [b]x[/b]", summary="Managed NAT",
               domain="networking", pack="aws", score=1.0)  # fmt: skip
    for name, value in fields.items():
        setattr(made, name, value)
    return made


def lines(row: object, width: int) -> list[str]:
    strips = row.render_strips(width, None, Style(), None)  # type: ignore[attr-defined]
    return ["".join(segment.text for segment in strip) for strip in strips]


def test_a_row_is_its_title_line_and_its_snippet_line_with_markup_as_written() -> None:
    row = result_row(hit(), marked=False)
    assert row.get_height(None, 20) == row.get_height(None, 200) == 2  # type: ignore[arg-type]
    title, snippet = lines(row, 80)
    assert title == "  NAT Gateway [b]x[/b]  entry · networking"
    assert snippet == "  Managed NAT"


def test_a_narrow_row_is_cut_with_an_ellipsis_and_a_marked_one_says_so() -> None:
    title, _ = lines(result_row(hit(), marked=True), 16)
    assert title.startswith(MARK) and title.endswith("…") and len(title) == 16


def test_matched_words_are_underlined_in_title_and_snippet() -> None:
    row = result_row(hit(title_matches=[(0, 3)], snippet="a NAT here", snippet_matches=[(2, 5)]),
                     marked=False)  # fmt: skip
    title, snippet = row.render_strips(80, None, Style(), None)  # type: ignore[arg-type]
    underlined = [
        s.text for strip in (title, snippet) for s in strip if s.style and s.style.underline
    ]
    assert underlined == ["NAT", "NAT"]
