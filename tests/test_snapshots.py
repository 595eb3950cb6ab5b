"""How each screen looks, at 80x24 and at a wide size (pytest-textual-snapshot)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.app_helpers import make_app, settle

SIZES = {"80x24": (80, 24), "160x45": (160, 45)}


async def _steady(pilot: Pilot[Any]) -> None:
    for box in pilot.app.query(Input):
        box.cursor_blink = False
    await settle(pilot)


def _keys(text: str) -> list[str]:
    return [("space" if c == " " else c) for c in text]


SCENES: dict[str, dict[str, Any]] = {
    "search-empty": {},
    "search-results": {"press": _keys("nat")},
    "search-typo": {"press": _keys("cloudtrial")},
    "reader": {"start": {"open_id": "nat-gateway"}},
    "compare": {"start": {"open_id": "nat-gateway-vs-nat-instance"}},
    "compare-adhoc": {"start": {"compare": ["sqs", "sns", "cloudwatch", "cloudtrail"]}},
    "compare-six": {
        "start": {
            "compare": ["sqs", "sns", "cloudwatch", "cloudtrail", "nat-gateway", "nat-instance"]
        }
    },
    "keys": {"start": {"open_id": "nat-gateway"}, "press": ["f1"]},
    "browse": {"press": ["f2", "down", "enter"]},
    "bookmarks": {"press": ["f3"]},
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("scene", SCENES)
def test_screen_looks(snap_compare: Any, tmp_path: Path, scene: str, size: str) -> None:
    spec = SCENES[scene]
    app = make_app(tmp_path, **spec.get("start", {}))

    async def run_before(pilot: Pilot[Any]) -> None:
        await _steady(pilot)
        for key in spec.get("press", []):
            await pilot.press(key)
            await settle(pilot)
        await _steady(pilot)

    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)
