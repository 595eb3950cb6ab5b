"""Card quality over the bundled pack: answerable prompts that never hold their answer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from knowledge.asking import answer_kind, claim, contains_token, key_token, short_name
from knowledge.base import KnowledgeBase, pack_dirs
from knowledge.cards import Card, generate_cards
from knowledge.loader import load_pack_dir
from knowledge.model import Entry
from tests.conftest import write_pack


@pytest.fixture(scope="module")
def bundled() -> KnowledgeBase:
    return KnowledgeBase.load(pack_dirs(include_user=False, environ={})[0])


@pytest.fixture(scope="module")
def cards(bundled: KnowledgeBase) -> list[Card]:
    return generate_cards(bundled)


def test_no_prompt_holds_its_answers_key_token(cards: list[Card]) -> None:
    leaks = [c for c in cards if c.key and contains_token(c.front, c.key)]
    assert leaks == []
    numbers = [c for c in cards if c.kind == "fact" and re.match(r"\d", c.back)]
    assert len(numbers) > 100
    # Checked without the card's own key: the value's leading number is never in the prompt.
    leading = []
    for card in numbers:
        number = re.match(r"[\d,.]*\d", card.back)
        assert number is not None
        if re.search(rf"(?<![\w.]){re.escape(number.group())}(?!\w)", card.front):
            leading.append(card)
    assert leading == []


def test_every_fact_card_names_its_item_and_label(
    bundled: KnowledgeBase, cards: list[Card]
) -> None:
    facts = [c for c in cards if c.kind == "fact"]
    assert facts
    for card in facts:
        entry = bundled.items[card.source_id]
        assert isinstance(entry, Entry)
        fact = next(f for f in entry.facts if card.id == f"fact:{entry.id}:{f.key}")
        assert short_name(entry.title) in card.front, card.front
        assert "(" not in short_name(entry.title)
        templated = fact.key in entry.ask or fact.key in bundled.packs[0].review.ask
        if not templated:  # a pack's own question may word the label its way
            assert fact.label.casefold()[1:] in card.front.casefold(), card.front
        assert card.front.rstrip().endswith("?"), card.front


def test_the_issues_examples_are_answerable_now(cards: list[Card]) -> None:
    by_id = {c.id: c for c in cards}
    reserved = by_id["fact:vpc-reserved-addresses:reserved-per-subnet"]
    assert "5" not in reserved.front and "(" not in reserved.front
    assert by_id["summary:nlb"].front == "What is Network Load Balancer?"
    assert "fact:global-accelerator:caching" not in by_id  # a bare yes/no nobody marked
    tgw = by_id["fact:transit-gateway:route-tables"]
    assert tgw.front.endswith("what is the quota?") and tgw.back.startswith("20")
    assert all(not c.front.startswith("The notes say") for c in cards if c.kind == "trap")
    assert all("Notes:" not in c.front for c in cards if c.kind == "trap")


def test_yes_no_cards_only_where_the_pack_marks_them(
    bundled: KnowledgeBase, cards: list[Card]
) -> None:
    review = bundled.packs[0].review
    marked = {*review.yes_no, *review.ask}
    yes_no = [c for c in cards if c.answer_kind == "yes-no"]
    assert yes_no
    for card in yes_no:
        entry = bundled.items[card.source_id]
        assert isinstance(entry, Entry)
        key = card.id.split(":")[2]
        assert key in marked or key in entry.ask, card.id


@pytest.mark.parametrize(
    ("label", "value", "kind"),
    [
        ("Route tables", "20 per TGW", "quota"),
        ("Subnets per VPC", "200 default", "quota"),
        ("Caching", "No", "yes-no"),
        ("Baseline performance", "40 MB/s per TB", "number"),
        ("Default retention", "4 days", "default"),
        ("Retention", "15 months", "duration"),
        ("Protocols", "HTTP, HTTPS, TCP, SSL", "list"),
        ("Cost", "Per GiB plus per IOPS", "price"),
        ("Max object size", "5 TiB", "quota"),
        ("Durability", "99.999999999%", "percentage"),
        ("AZs", "3 or more", "count"),
    ],
)
def test_the_kind_of_answer(label: str, value: str, kind: str) -> None:
    assert answer_kind(label, value) == kind


def test_key_tokens_and_short_names() -> None:
    assert key_token("5: first four and the last") == "5"
    assert key_token("Most AWS services, endpoint services") == "AWS"
    assert key_token("Health check type ELB") == "ELB"
    assert key_token("No (use NACLs)", "yes-no") == "NACLs"
    assert short_name("VPC Reserved IP Addresses (5 per subnet)") == "VPC Reserved IP Addresses"
    assert short_name("Amazon EBS (Elastic Block Store) volumes") == "Amazon EBS volumes"
    assert claim("Notes: a negative bias shrinks it") == "A negative bias shrinks it"
    assert claim("The notes say CloudTrail is instant.") == "CloudTrail is instant."
    assert not contains_token("Amazon S3 \u2014 limit", "3")


ITEMS = """
entries:
  - id: box
    title: Box (holds 12)
    domain: net
    summary: A box.
    facts: {Capacity: "12 items", Lid: "Yes", Colour: Blue, Weight: 3 kg}
    ask: {Colour: "What colour is a {item}?", Lid: "Does a {item} have a lid?"}
"""


def load(path: Path) -> KnowledgeBase:
    return KnowledgeBase.load(pack_dirs([path], include_user=False, include_bundled=False)[0])


def test_a_pack_phrases_its_own_questions(tmp_path: Path) -> None:
    meta = (
        "id: demo\ntitle: Demo\ndomains: [{id: net, title: Net}]\n"
        'review:\n  ask:\n    Weight: "How heavy is a {item}?"\n'
    )
    base = load(write_pack(tmp_path / "p", {"pack.yaml": meta, "items.yaml": ITEMS}))
    cards = {c.id: c for c in generate_cards(base)}
    assert cards["fact:box:colour"].front == "What colour is a Box?"  # per fact
    assert cards["fact:box:weight"].front == "How heavy is a Box?"  # per label
    assert cards["fact:box:lid"].front == "Does a Box have a lid?"  # asked, so worth testing
    assert cards["fact:box:capacity"].front == "Box \u2014 capacity: what figure?"  # "12" hidden
    assert cards["summary:box"].front == "What is Box?"


@pytest.mark.parametrize(
    ("review", "items", "expected"),
    [
        ('review:\n  ask:\n    Weight: "How heavy?"\n', ITEMS, "put {item} in it"),
        ('review:\n  ask:\n    Weight: "{thing}?"\n', ITEMS, "unknown placeholder {thing}"),
        ("review:\n  exam: ex2\n", ITEMS, 'review.exam: unknown syllabus "ex2"'),
        ("review:\n  exm: ex\n", ITEMS, 'review.exm: unknown field (did you mean "exam"?)'),
        (
            "",
            ITEMS.replace("ask: {Colour", "ask: {Color"),
            'box.ask.Color: no fact with this label (did you mean "Colour"?)',
        ),
    ],
)
def test_review_settings_are_validated(
    tmp_path: Path, review: str, items: str, expected: str
) -> None:
    meta = (
        "id: demo\ntitle: Demo\ndomains: [{id: net, title: Net}]\n"
        "syllabi:\n  - {id: ex, title: Ex, domains: [{id: one, title: One}]}\n" + review
    )
    pack = write_pack(tmp_path / "p", {"pack.yaml": meta, "items.yaml": items})
    found = [str(p) for p in load_pack_dir(pack).problems]
    assert any(expected in p for p in found), found


@pytest.mark.parametrize(
    "review", ['review:\n  ask:\n    Wieght: "{item}?"\n', "review:\n  yes-no: [Lids]\n"]
)
def test_a_review_label_no_fact_has_is_a_warning_and_the_pack_loads(
    tmp_path: Path, review: str
) -> None:
    meta = "id: demo\ntitle: Demo\ndomains: [{id: net, title: Net}]\n" + review
    loaded = load_pack_dir(write_pack(tmp_path / "p", {"pack.yaml": meta, "items.yaml": ITEMS}))
    assert loaded.problems == []
    assert any("no fact in the pack has the label" in str(w) for w in loaded.warnings)
    assert [e.id for e in loaded.entries] == ["box"]
