"""Review cards generated from the packs: each kind, stable ids, and cards declared in a pack."""

from __future__ import annotations

from pathlib import Path

import pytest

from index import open_index
from knowledge.base import KnowledgeBase, pack_dirs
from knowledge.cards import KINDS, Card, count_by_kind, generate_cards
from knowledge.loader import load_pack_dir
from knowledge.model import pack_from_dict, pack_to_dict
from tests.conftest import MINI, write_pack


def load(path: Path) -> KnowledgeBase:
    return KnowledgeBase.load(pack_dirs([path], include_user=False, include_bundled=False)[0])


@pytest.fixture
def mini_cards() -> dict[str, Card]:
    return {card.id: card for card in generate_cards(load(MINI))}


def test_every_kind_comes_from_the_mini_pack(mini_cards: dict[str, Card]) -> None:
    assert count_by_kind(mini_cards.values()) == {
        "summary": 10,  # one per entry
        "fact": 28,  # one per fact, less unmarked yes/no facts and giveaways
        "row": 9,  # one per differing row with a unique answer
        "trap": 1,  # one per correction
        "card": 2,  # declared in tests/packs/mini/cards.yaml
    }
    assert set(count_by_kind([])) == set(KINDS)


def test_a_fact_card_asks_for_the_value(mini_cards: dict[str, Card]) -> None:
    card = mini_cards["fact:nat-gateway:port-forwarding"]
    assert card.front == "NAT Gateway \u2014 port forwarding: yes or no?"  # marked in pack.yaml
    assert card.back == "No"
    assert card.source_id == "nat-gateway" and card.domain == "networking"
    assert card.pack == "mini" and card.tags == ("vpc", "nat")
    assert card.syllabus == {"exam-a": "networking"} and card.in_syllabus("exam-a")
    assert mini_cards["fact:application-load-balancer:osi-layer"].front == (
        "Application Load Balancer \u2014 OSI layer: what figure?"  # an acronym keeps its capitals
    )
    assert "fact:nat-gateway:security-groups" not in mini_cards  # an unmarked yes/no
    assert "fact:metric-filter:output" not in mini_cards  # "A metric": its name gives it away


def test_a_row_card_is_answered_by_choosing_a_subject(mini_cards: dict[str, Card]) -> None:
    card = mini_cards["row:alb-vs-nlb:static-ip"]
    assert card.front == "Static IP: One per AZ\nWhich one is it?"
    assert card.choices == ("Application Load Balancer", "Network Load Balancer")
    assert card.back == "Network Load Balancer"  # "One per AZ" is preferred to "No"
    assert "Application Load Balancer: No" in card.detail
    assert card.source_id == "alb-vs-nlb"
    labelled = mini_cards["row:nat-gateway-vs-nat-instance:security-groups"]
    assert labelled.front.startswith("Security groups: Yes")  # the aspect's own label
    assert labelled.back == "NAT Instance"


def test_a_summary_card_and_a_trap_card(mini_cards: dict[str, Card]) -> None:
    summary = mini_cards["summary:sqs"]
    assert summary.front == "What is Simple Queue Service?"
    assert summary.back.startswith("Pull-based message queue")
    trap = mini_cards["trap:nat-gateway:0"]
    assert trap.front.startswith("A common claim: \u201cBandwidth tops out at 10 Gbps.\u201d")
    assert "What is true now?" in trap.front and "notes" not in trap.front.lower()
    assert trap.back == "Starts at 5 Gbps and scales to 100 Gbps."
    assert trap.detail.startswith("Source: https://docs.aws.amazon.com/")


def test_declared_cards_take_their_source_or_domain(mini_cards: dict[str, Card]) -> None:
    sourced = mini_cards["card:sqs-long-polling"]
    assert sourced.source_id == "sqs" and sourced.domain == "messaging"
    assert sourced.tags == ("polling", "queue", "decoupling")
    assert sourced.back.startswith("Up to 20 seconds")
    loose = mini_cards["card:five-minute-delivery"]
    assert loose.source_id == "" and loose.domain == "monitoring"


def test_declared_cards_are_not_items() -> None:
    base = load(MINI)
    assert len(base.items) == 13
    assert [c.id for c in base.packs[0].cards] == ["sqs-long-polling", "five-minute-delivery"]


def test_declared_cards_survive_the_index_snapshot(tmp_path: Path) -> None:
    pack = load(MINI).packs[0]
    assert pack_from_dict(pack_to_dict(pack)).cards == pack.cards
    index = open_index([MINI], root=tmp_path / "cache")
    kinds = count_by_kind(generate_cards(index.base))
    index.close()
    assert kinds["card"] == 2 and kinds["row"] == 9


def test_a_reworded_fact_keeps_its_card_id(mini_copy: Path) -> None:
    before = {c.id: c for c in generate_cards(load(mini_copy))}
    network = mini_copy / "network.yaml"
    network.write_text(
        network.read_text()
        .replace('Port forwarding: "No"', "Port forwarding: Not supported")
        .replace("Bandwidth tops out at 10 Gbps.", "It stops at 10 Gbps.")
    )
    after = {c.id: c for c in generate_cards(load(mini_copy))}
    assert set(after) == set(before)
    assert after["fact:nat-gateway:port-forwarding"].back == "Not supported"
    assert "It stops at 10 Gbps." in after["trap:nat-gateway:0"].front


ROWS = """
entries:
  - {id: a, title: Alpha, domain: net, summary: A., facts: {Size: S, Speed: Fast, Cost: "1", Colour: Red}}
  - {id: b, title: Beta, domain: net, summary: B., facts: {Size: S, Speed: Slow, Cost: "1", Colour: Beta blue}}
  - {id: c, title: Gamma, domain: net, summary: C., facts: {Size: L, Speed: No, Cost: "1"}}
comparisons:
  - id: abc
    title: A vs B vs C
    domain: net
    summary: Three.
    subjects: [a, b, c]
    aspects: [size, speed, cost, colour]
"""


def test_only_rows_with_one_right_answer_become_cards(tmp_path: Path) -> None:
    base = load(write_pack(tmp_path / "rows", {"items.yaml": ROWS}))
    rows = {c.id: c for c in generate_cards(base) if c.kind == "row"}
    assert rows["row:abc:size"].back == "Gamma"  # the one subject whose value is unique
    assert rows["row:abc:speed"].back == "Alpha"  # all differ: the first positive value
    assert "row:abc:cost" not in rows  # the same for all: no question to ask
    assert "row:abc:colour" not in rows  # a subject has no value: the answer is unknown
    assert rows["row:abc:size"].choices == ("Alpha", "Beta", "Gamma")


def test_a_value_naming_its_subject_is_not_asked(tmp_path: Path) -> None:
    items = """
entries:
  - {id: p, title: Pear, domain: net, summary: P., facts: {Colour: Pear green}}
  - {id: q, title: Quince, domain: net, summary: Q., facts: {Colour: Yellow}}
  - {id: r, title: Lemon, domain: net, summary: L., facts: {Colour: Yellow}}
comparisons:
  - {id: fruit, title: Fruit, domain: net, summary: F., subjects: [p, q, r], aspects: [colour]}
"""
    base = load(write_pack(tmp_path / "fruit", {"items.yaml": items}))
    assert [c for c in generate_cards(base) if c.kind == "row"] == []  # "Pear green" gives it away


def problems(tmp_path: Path, cards: str) -> list[str]:
    items = "entries:\n  - {id: x, title: X, domain: net, summary: An x.}\n"
    pack = write_pack(tmp_path / "p", {"items.yaml": items, "cards.yaml": cards})
    return [str(p) for p in load_pack_dir(pack).problems]


@pytest.mark.parametrize(
    ("cards", "expected"),
    [
        (
            "cards:\n  - {id: one, front: Q, back: A, source: x, sorce: y}\n",
            'card one.sorce: unknown field (did you mean "source"?)',
        ),
        (
            "cards:\n  - {id: one, back: A, source: x}\n",
            "card one.front: required field is missing",
        ),
        (
            "cards:\n  - {id: one, front: Q, back: A, source: y}\n",
            'card one.source: "y" points nowhere: no such id in pack "demo"',
        ),
        (
            "cards:\n  - {id: one, front: Q, back: A, domain: nett}\n",
            'card one.domain: unknown domain "nett" (did you mean "net"?)',
        ),
        (
            "cards:\n  - {id: one, front: Q, back: A}\n",
            "card one: needs a source (an item id) or a domain",
        ),
        (
            "cards:\n  - {id: One, front: Q, back: A, domain: net}\n",
            'cards[0].id: "One" is not kebab-case',
        ),
        ("cards: {id: one}\n", "cards: expected a list"),
    ],
)
def test_declared_card_problems(tmp_path: Path, cards: str, expected: str) -> None:
    found = problems(tmp_path, cards)
    assert any(expected in p for p in found), found


def test_a_duplicate_card_id_is_reported_with_the_first(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        "cards:\n  - {id: one, front: Q, back: A, source: x}\n"
        "  - {id: one, front: Q2, back: A2, source: x}\n",
    )
    assert len(found) == 1
    assert "cards.yaml:3:10: card one.id: duplicate card id" in found[0]
    assert "cards.yaml:2" in found[0]


def test_the_bundled_pack_yields_every_generated_kind() -> None:
    base = KnowledgeBase.load(pack_dirs(include_user=False, environ={})[0])
    cards = generate_cards(base)
    kinds = count_by_kind(cards)
    assert kinds["summary"] >= len(base.entries) - 3  # a summary whose title gives it away goes
    assert kinds["trap"] >= 0.8 * sum(len(i.corrections) for i in base.items.values())
    assert 0.7 * sum(len(e.facts) for e in base.entries) < kinds["fact"]
    assert kinds["row"] > len(base.comparisons)  # several rows per comparison
    assert len({c.id for c in cards}) == len(cards)
    assert all(c.front and c.back and c.domain for c in cards)
