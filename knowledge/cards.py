"""Review cards generated from the packs: facts, comparison rows, summaries, corrections.

A card's id says where it comes from (`fact:<entry>:<fact key>`, `row:<comparison>:<aspect>`,
`summary:<item>`, `trap:<item>:<n>`, `card:<declared id>`), never what it says, so rewording a
value keeps the card's review history. Pure data: no Textual, no database.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from knowledge.asking import claim, fact_prompt, gives_away, key_token, short_name
from knowledge.compare import comparison_table
from knowledge.model import Comparison, DeclaredCard, Entry, Pack, ReviewSettings

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase
    from knowledge.loader import _Reader

KINDS = ("summary", "fact", "row", "trap", "card")
KIND_TITLES = {
    "summary": "What is it",
    "fact": "Fact",
    "row": "Which one",
    "trap": "Trap",
    "card": "Card",
}
CARD_FIELDS = {"id", "front", "back", "source", "domain", "tags"}
CARD_REQUIRED = ("id", "front", "back")

_NEGATIVE = re.compile(r"^(no|none|not|n/a|never|-|\u2014)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Card:
    """One question and its answer, with the item it comes from."""

    id: str
    kind: str  # one of KINDS
    front: str
    back: str
    source_id: str  # the item to open from the answer ("" for a pack card without a source)
    domain: str
    pack: str
    context: str = ""  # the title the card is about
    detail: str = ""  # more for the answer side: the whole row, a correction's source
    choices: tuple[str, ...] = ()  # the subjects to choose from, for a comparison row
    tags: tuple[str, ...] = ()
    syllabus: dict[str, str | None] = field(default_factory=dict, compare=False, hash=False)
    key: str = ""  # the answer's key token (number or name): never in the prompt
    answer_kind: str = ""  # for a fact: what kind of answer is asked (see asking.QUESTIONS)

    def in_syllabus(self, syllabus_id: str) -> bool:
        """Whether the card's item belongs to this exam guide or course."""
        return self.syllabus.get(syllabus_id) is not None


def _norm(value: str) -> str:
    return " ".join(value.casefold().split())


def _common(item: Entry | Comparison) -> dict[str, Any]:
    return {
        "source_id": item.id,
        "domain": item.domain,
        "pack": item.pack,
        "context": short_name(item.title),
        "tags": tuple(item.tags),
        "syllabus": dict(item.syllabus),
    }


def _entry_cards(entry: Entry, settings: ReviewSettings) -> list[Card]:
    common = _common(entry)
    name = short_name(entry.title)
    summary_key = key_token(entry.summary, "summary")
    cards = []
    if not gives_away(f"What is {name}?", entry.summary, summary_key):
        cards.append(
            Card(
                f"summary:{entry.id}",
                "summary",
                f"What is {name}?",
                entry.summary,
                key=summary_key,
                **common,
            )
        )
    for fact in entry.facts:
        asked = fact_prompt(entry, fact, settings)
        if asked is None:
            continue
        front, kind = asked
        cards.append(
            Card(
                f"fact:{entry.id}:{fact.key}",
                "fact",
                front,
                fact.value,
                key=key_token(fact.value, "yes-no" if kind == "yes-no" else "fact"),
                answer_kind=kind,
                **common,
            )
        )
    return cards


def _trap_cards(item: Entry | Comparison) -> list[Card]:
    cards = []
    for number, correction in enumerate(item.corrections):
        front = f"A common claim: \u201c{claim(correction.said)}\u201d\nWhat is true now?"
        key = key_token(correction.now, "trap")
        if gives_away(front, correction.now, key):
            continue
        detail = f"Source: {correction.source}" if correction.source else ""
        cards.append(
            Card(
                f"trap:{item.id}:{number}",
                "trap",
                front,
                correction.now,
                detail=detail,
                key=key,
                **_common(item),
            )
        )
    return cards


def _gives_away(value: str, subject: Entry) -> bool:
    """Whether the value names its own subject, which would make the question trivial."""
    folded = _norm(value)
    names = [subject.title, short_name(subject.title), *subject.aliases]
    return any(
        len(name) > 2 and re.search(rf"\b{re.escape(_norm(name))}\b", folded) for name in names
    )


def _answer(values: list[str], subjects: list[Entry]) -> int | None:
    """The subject whose value no other subject shares, preferring a positive one ("Yes" to "No")."""
    counts = Counter(_norm(v) for v in values)
    unique = [
        i
        for i, value in enumerate(values)
        if counts[_norm(value)] == 1 and not _gives_away(value, subjects[i])
    ]
    if not unique:
        return None
    positive = [i for i in unique if not _NEGATIVE.match(values[i].strip())]
    return (positive or unique)[0]


def _row_cards(comparison: Comparison, base: KnowledgeBase) -> list[Card]:
    subjects = [base.items.get(s) for s in comparison.subjects]
    if not all(isinstance(s, Entry) for s in subjects):
        return []
    entries: list[Entry] = subjects  # type: ignore[assignment]
    titles = [short_name(s.title) for s in entries]
    if len(set(titles)) < len(titles):  # two subjects alike once their hints go
        titles = [s.title for s in entries]
    cards = []
    for row in comparison_table(comparison, entries).rows:
        if not row.differs or any(v is None for v in row.values):
            continue  # a missing value could be anything, so "which one" would be a guess
        values: list[str] = row.values  # type: ignore[assignment]
        answer = _answer(values, entries)
        if answer is None:
            continue
        label = row.label.strip().rstrip("?:").strip()
        front = f"{label}: {values[answer]}\nWhich one is it?"  # the choices come with the card
        detail = "\n".join(f"{t}: {v}" for t, v in zip(titles, values, strict=True))
        cards.append(
            Card(
                f"row:{comparison.id}:{row.aspect}",
                "row",
                front,
                titles[answer],
                detail=detail,
                choices=tuple(titles),
                key=titles[answer],
                **_common(comparison),
            )
        )
    return cards


def _declared_cards(pack: Pack, base: KnowledgeBase) -> list[Card]:
    cards = []
    for declared in pack.cards:
        source = base.items.get(declared.source) if declared.source else None
        cards.append(
            Card(
                f"card:{declared.id}",
                "card",
                declared.front,
                declared.back,
                source_id=source.id if source else "",
                domain=declared.domain or (source.domain if source else ""),
                pack=pack.id,
                context=short_name(source.title) if source else pack.title,
                tags=tuple(dict.fromkeys([*declared.tags, *(source.tags if source else [])])),
                syllabus=dict(source.syllabus) if source else {},
            )
        )
    return cards


def generate_cards(base: KnowledgeBase) -> list[Card]:
    """Every card of every loaded pack, in pack order: an item's summary before its facts."""
    cards: list[Card] = []
    for item in base.items.values():
        if isinstance(item, Entry):
            pack = base.pack(item.pack)
            cards += _entry_cards(item, pack.review if pack else ReviewSettings())
        else:
            cards += _row_cards(item, base)
        cards += _trap_cards(item)
    for pack in base.packs:
        cards += _declared_cards(pack, base)
    unique: dict[str, Card] = {}
    for card in cards:
        unique.setdefault(card.id, card)  # a second pack declaring the same card id loses
    return list(unique.values())


def count_by_kind(cards: Iterable[Card]) -> dict[str, int]:
    """How many cards of each kind, in KINDS order."""
    counts = Counter(card.kind for card in cards)
    return {kind: counts[kind] for kind in KINDS}


def read_declared_cards(reader: _Reader, data: Any, pack: Pack) -> None:
    """Check an item file's `cards:` list and add its cards to the pack."""
    from knowledge.loader import ID_PATTERN, _check_id, _list_of, did_you_mean
    from knowledge.yamlsource import MarkedDict

    if not isinstance(data, MarkedDict) or "cards" not in data:
        return
    raw_cards = _list_of(reader, data, "cards", "")
    if not raw_cards and "cards" in data:
        reader.problem(reader.mark_of(data, "cards"), "cards", "empty list")
    domain_ids = [d.id for d in pack.domains]
    for index, raw in enumerate(raw_cards):
        position = f"cards[{index}]"
        item = reader.mapping(raw, raw_cards.item_marks[index], position)
        if item is None:
            continue
        raw_id = item.get("id")
        where = (
            f"card {raw_id}" if isinstance(raw_id, str) and ID_PATTERN.match(raw_id) else position
        )
        reader.fields(item, CARD_FIELDS, CARD_REQUIRED, where)
        card_id = _check_id(reader, item, where)
        first = next((c for c in pack.cards if c.id == card_id), None)
        if card_id and first is not None:
            reader.problem(
                reader.mark_of(item, "id"),
                f"{where}.id",
                f'duplicate card id "{card_id}" (first defined at {first.path}:{first.line})',
            )
            continue
        source = reader.text(item, "source", where)
        if source:
            reader.refer(reader.mark_of(item, "source"), f"{where}.source", source, "item")
        domain = reader.text(item, "domain", where)
        if domain and domain_ids and domain not in domain_ids:
            reader.problem(
                reader.mark_of(item, "domain"),
                f"{where}.domain",
                f'unknown domain "{domain}"{did_you_mean(domain, domain_ids)}; '
                f"the pack declares: {', '.join(domain_ids)}",
            )
        if not source and not domain and "source" not in item and "domain" not in item:
            reader.problem(item.mark, where, "needs a source (an item id) or a domain")
        pack.cards.append(
            DeclaredCard(
                id=card_id,
                front=reader.text(item, "front", where),
                back=reader.text(item, "back", where),
                source=source,
                domain=domain,
                tags=[t.lower() for t in reader.text_list(item, "tags", where)],
                path=str(reader.path),
                line=item.mark.line,
            )
        )
