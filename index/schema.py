"""The Whoosh schema and analysers, and how an item becomes a document."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from whoosh.analysis import STOP_WORDS, StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.lang.porter import stem as porter_stem
from whoosh.system import pack_uint

if TYPE_CHECKING:
    from knowledge.model import Comparison, Entry, Item

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
        said=STORED(),  # corrections' outdated claims: a snippet only when nothing else matches
        passages=STORED(),  # [kind, label, value, stems]: facts, table rows, corrections
        **text,
    )


@lru_cache(maxsize=20000)
def stems(word: str) -> tuple[str, ...]:
    """The indexed terms of one typed word (empty for a stop word)."""
    return tuple(token.text for token in ANALYZER(word))


def stem_or_word(word: str) -> str:
    """A typed word's first indexed term, or the word itself where analysis drops it."""
    found = stems(word)
    return found[0] if found else word


def words(text: str) -> list[str]:
    """Lowercase words as the index tokenises them, unstemmed (the vocabulary's unit)."""
    return [match.group(0).lower() for match in WORD.finditer(text)]


def short_title(title: str) -> str:
    """A title without its parenthesis: "Network Load Balancer (NLB, layer 4)" -> the name."""
    return title.split(" (", 1)[0].strip() or title


def _passage(kind: str, label: str, value: str, matched: str = "") -> list[str]:
    """[kind, label, value, indexed terms of the label and `matched` (default: the value)]."""
    terms = analyse(f"{label} {matched or value}")[1]
    return [kind, label, value, " ".join(dict.fromkeys(terms))]


def table_rows(
    comparison: Comparison, items: Mapping[str, Item] | None
) -> list[tuple[str, str, str]]:
    """(label, "Subject: value · ...", the values alone) for each row of a comparison."""
    subjects = [cast("Entry", items[s]) for s in comparison.subjects if items and s in items]
    rows = []
    for aspect in comparison.aspects:
        cells = [(s, f) for s in subjects if (f := s.fact(aspect.key)) is not None]
        if cells:
            label = aspect.label or cells[0][1].label
            shown = " · ".join(f"{short_title(s.title)}: {f.value}" for s, f in cells)
            rows.append((label, shown, " ".join(f.value for _, f in cells)))
    return rows


def passages(item: Entry | Comparison, items: Mapping[str, Item] | None = None) -> list[list[str]]:
    """Each fact, each comparison row and each correction's current value: the lines that can
    answer a question on their own. A row is matched on its values alone: the subjects' names
    are the comparison's."""
    found: list[list[str]] = []
    if item.kind == "entry":
        found += [_passage("fact", f.label, f.value) for f in cast("Entry", item).facts]
    else:
        rows = table_rows(cast("Comparison", item), items)
        found += [_passage("row", label, shown, values) for label, shown, values in rows]
    found += [_passage("now", "Correction", c.now) for c in item.corrections]
    return found


def item_document(
    item: Entry | Comparison, items: Mapping[str, Item] | None = None
) -> dict[str, Any]:
    """The fields Whoosh indexes and stores for one item (`items`: every item, so that a
    comparison can index its table's rows)."""
    found = passages(item, items)
    if item.kind == "entry":
        entry = cast("Entry", item)
        facts = "\n".join(f"{fact.label}: {fact.value}" for fact in entry.facts)
        code = "\n".join(f"{block.caption}\n{block.text}" for block in entry.code)
    else:
        comparison = cast("Comparison", item)
        rows = [f"{label}: {values}" for label, _, values in table_rows(comparison, items)]
        facts = "\n".join([*comparison.choose.values(), *rows])
        code = ""
    said = "\n".join(c.said for c in item.corrections if c.said)
    now = "\n".join(c.now for c in item.corrections)
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
        # The body is searched with its code and with what the notes said (a student may
        # remember the old claim); snippets are drawn from the prose and what is true now.
        "body": "\n".join(part for part in (item.body, said, now, code) if part),
        "prose": "\n".join(part for part in (item.body, now) if part),
        "said": said,
        "passages": found,
    }
