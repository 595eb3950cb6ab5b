"""The Whoosh schema and analysers, and how an item becomes a document."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from whoosh.analysis import STOP_WORDS, StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.lang.porter import stem as porter_stem
from whoosh.system import pack_uint

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


class TermsText(TEXT):  # type: ignore[misc]
    """A TEXT field that indexes a list of terms made beforehand (`analyse`), or a string.

    Whoosh's own path runs a chain of token generators per word; a list of terms counted
    with a Counter gives the same postings (frequency, weight = frequency x field boost) in
    a quarter of the time, and the words found on the way feed the vocabulary.
    """

    def index(self, value: Any, **kwargs: Any) -> list[tuple[bytes, int, float, bytes]]:
        terms = analyse(value)[1] if isinstance(value, str) else value
        boost = self.format.field_boost
        return [(t.encode("utf-8"), n, n * boost, pack_uint(n)) for t, n in Counter(terms).items()]


_STEMS: dict[str, str] = {}
_TOKEN = re.compile(r"[\w\*]+(?:\.?[\w\*]+)*", re.UNICODE)  # whoosh's default_pattern


def analyse(text: str) -> tuple[list[str], list[str]]:
    """(lowercase words, indexed terms) of a text: the terms are exactly what ANALYZER makes
    (its tokeniser, lowercase, stop words, Porter stems), without its token objects."""
    lowered = [word.lower() for word in WORD.findall(text)]
    # Whoosh's tokeniser also keeps "*" inside tokens; without one, its tokens are the words.
    tokens = lowered if "*" not in text else [t.lower() for t in _TOKEN.findall(text)]
    terms = []
    for word in tokens:
        if word in STOP:
            continue
        term = _STEMS.get(word)
        if term is None:
            term = _STEMS[word] = porter_stem(word)
        terms.append(term)
    return lowered, terms


def make_schema() -> Schema:
    text = {
        # phrase=False: no positions. crib never runs phrase queries and draws its own
        # snippets, and writing positions was most of the build time.
        name: TermsText(analyzer=ANALYZER, field_boost=boost, stored=name != "body", phrase=False)
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
