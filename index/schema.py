"""The Whoosh schema and analysers, and how an item becomes a document."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from whoosh.analysis import STOP_WORDS, StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

if TYPE_CHECKING:
    from knowledge.model import Comparison, Entry

# Whoosh's list minus words that carry meaning in cheat sheets ("us-east-1", "can", "not").
STOP = frozenset(STOP_WORDS) - {"us", "can", "not", "may", "will", "when", "yet"}
ANALYZER = StemmingAnalyzer(stoplist=STOP, minsize=1)
WORD = re.compile(r"\w+(?:\.?\w+)*", re.UNICODE)

# Field boosts for BM25F: names above tags and summary, above facts and body. Code examples are
# indexed with the body: a field of their own cost more build time than it gave ranking.
BOOSTS = {
    "title": 8.0,
    "aliases": 6.0,
    "tagtext": 3.0,
    "summary": 2.5,
    "facts": 1.3,
    "body": 1.0,
}
TEXT_FIELDS = tuple(BOOSTS)
NAME_FIELDS = ("title", "aliases", "tagtext")  # short fields: cheap to match a prefix against
PROSE_FIELDS = ("summary", "facts", "body")


def make_schema() -> Schema:
    text = {
        # phrase=False: no positions. crib never runs phrase queries and draws its own
        # snippets, and writing positions was most of the build time.
        name: TEXT(analyzer=ANALYZER, field_boost=boost, stored=name != "body", phrase=False)
        for name, boost in BOOSTS.items()
    }
    return Schema(
        id=ID(stored=True, unique=True),
        kind=ID(stored=True),
        pack=ID(stored=True),
        domain=ID(stored=True),
        tags=KEYWORD(commas=True, lowercase=True, stored=True),
        syllabus=KEYWORD(commas=True, lowercase=True),
        sort_title=STORED(),
        prose=STORED(),
        **text,
    )


@lru_cache(maxsize=20000)
def stems(word: str) -> tuple[str, ...]:
    """The indexed terms of one typed word (empty for a stop word)."""
    return tuple(token.text for token in ANALYZER(word))


def words(text: str) -> list[str]:
    """Lowercase words as the index tokenises them, unstemmed (the vocabulary's unit)."""
    return [match.group(0).lower() for match in WORD.finditer(text)]


def item_document(item: Entry | Comparison) -> dict[str, Any]:
    """The fields Whoosh indexes and stores for one item."""
    if item.kind == "entry":
        entry = cast("Entry", item)
        facts = "\n".join(f"{fact.label}: {fact.value}" for fact in entry.facts)
        code = "\n".join(f"{block.caption}\n{block.text}" for block in entry.code)
    else:
        facts = "\n".join(cast("Comparison", item).choose.values())
        code = ""
    corrections = "\n".join(f"Notes said: {c.said} Now: {c.now}" for c in item.corrections)
    syllabus = [f"{name}:{domain}" for name, domain in item.syllabus.items() if domain]
    syllabus += [name for name, domain in item.syllabus.items() if domain]
    # "soa-c03:1.3" finds every item of task 1.3, "soa-c03:1.3.3" those of that one skill.
    syllabus += sorted(
        {
            f"{name}:{'.'.join(skill.split('.')[:n])}"
            for name, skills in item.skills.items()
            for skill in skills
            for n in range(1, skill.count(".") + 2)
        }
    )
    return {
        "id": item.id,
        "kind": item.kind,
        "pack": item.pack,
        "domain": item.domain,
        "tags": ",".join(item.tags),
        "syllabus": ",".join(syllabus),
        "sort_title": item.title.casefold(),
        "title": item.title,
        "aliases": "\n".join(item.aliases),
        "tagtext": " ".join(tag.replace("-", " ") for tag in item.tags),
        "summary": item.summary,
        "facts": facts,
        # The body is searched with its code; snippets are drawn from the prose alone.
        "body": "\n".join(part for part in (item.body, corrections, code) if part),
        "prose": "\n".join(part for part in (item.body, corrections) if part),
    }
