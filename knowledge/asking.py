"""How a card asks its question: short names, the kind of answer expected, and giveaways.

A prompt names the item by its short name (its title without parenthetical hints, which often
hold the answer), the fact's label, and what kind of answer is wanted ("what is the quota?",
"yes or no?"). A pack can phrase questions itself: per label in `pack.yaml` (`review.ask`) or per
fact in an entry (`ask`). A card whose prompt holds its answer's key token is never made.
Pure data: no Textual, no database.
"""

from __future__ import annotations

import re
import string
from typing import TYPE_CHECKING

from knowledge.model import Entry, Fact, ReviewSettings, fact_key

if TYPE_CHECKING:
    from knowledge.loader import _Reader
    from knowledge.yamlsource import MarkedDict

PLACEHOLDERS = {"item", "label"}
REVIEW_FIELDS = {"exam", "ask", "yes-no", "skip"}

# The question that follows "<item> — <label>:" for each kind of answer.
QUESTIONS = {
    "yes-no": "yes or no?",
    "quota": "what is the quota?",
    "default": "what is the default?",
    "percentage": "what percentage?",
    "price": "what does it cost?",
    "duration": "how long?",
    "size": "what size?",
    "count": "how many?",
    "date": "when?",
    "number": "what figure?",
    "list": "which ones?",
    "how": "how?",
    "text": "what is it, in short?",
}

_PARENTHESIS = re.compile(r"\s*\([^()]*\)")
_NUMBER = re.compile(r"(?<![A-Za-z\d])(?:\d[\d,.]*\d|\d)")  # not the 3 of "S3" or "gp3"
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+-]*")
_YES_NO = re.compile(r"^(yes|no)\b", re.IGNORECASE)
_LEADS_WITH_NUMBER = re.compile(
    r"^(up to |about |at least |at most |max(imum)? |min(imum)? |~|<|>|/)?\d", re.IGNORECASE
)
_QUOTA = re.compile(r"\b(quota|limit|limits|adjustable|default|max(imum)?|up to)\b", re.IGNORECASE)
# "50 per VPC", "5 VPCs per Region": a count per resource, unlike a rate ("40 MB/s per TB").
_PER_RESOURCE = re.compile(
    r"^\d[\d,]*\s+(?:[A-Za-z]+\s+)?per\s+(?:[A-Z]|account|region|subnet|instance|template|"
    r"stack|table|queue|topic|bucket|function|group|user|role|policy|key|zone|volume|load)"
)
_HOW = re.compile(r"^(via|by|through|using|with|from)\s", re.IGNORECASE)
_DATE = re.compile(
    r"^(\D{0,12}\b(19|20)\d\d\b|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d)",
    re.IGNORECASE,
)
_COUNT = re.compile(
    r"^(about |up to |at least )?\d[\d,]*(\+| or more)?(\s*$|\s*[(;,]|\s+[a-z]+s\b)"
)
_PRICE_LABELS = {"cost", "price", "pricing", "billing", "service-cost", "extra-cost", "charge"}
_DURATION = re.compile(
    r"^\D{0,20}\d[\d,.]*\s*(ms|milliseconds?|s|sec(onds?)?|min(utes?)?|h|hours?|days?|weeks?|"
    r"months?|years?)\b",
    re.IGNORECASE,
)
_SIZE = re.compile(r"^\D{0,12}\d[\d,.]*\s*(bytes|[KMGTP]i?B)\b(?!/)", re.IGNORECASE)
_PERCENT = re.compile(r"^\D{0,12}\d[\d.]*\s*%")
_PRICE = re.compile(r"^(free\b|\$|no charge|no extra cost)", re.IGNORECASE)
_NOTES_PREFIX = re.compile(
    r"^(the )?notes('s?)?( table)?( (say|says|claim|claims|give|gives|list|lists|suggest|"
    r"suggests|describe|describes|name|names|put|puts|prepare|prepares))?( that)?\s*[:,-]?\s*",
    re.IGNORECASE,
)
# Words too common to be the key of an answer.
_STOPWORDS = {
    "the", "and", "for", "with", "from", "only", "most", "more", "less", "than", "into", "each",
    "every", "all", "any", "none", "not", "one", "two", "yes", "can", "per", "when", "where",
    "your", "you", "its", "their", "that", "this", "then", "also", "both", "same", "use", "used",
    "uses", "via", "over", "under", "after", "before", "about", "until", "once", "always", "never",
    "but", "set", "own", "new", "what", "which", "how", "who", "why", "short", "line", "are", "is", "was", "has", "have", "up", "to", "no", "on", "off",
}  # fmt: skip


def short_name(title: str) -> str:
    """ "Amazon VPC (Virtual Private Cloud)" -> "Amazon VPC"; parenthetical hints go."""
    previous = None
    name = title
    while previous != name:
        previous, name = name, _PARENTHESIS.sub("", name)
    name = " ".join(name.split()).strip(" -–—,:")
    return name or title


def lower_first(label: str) -> str:
    """ "Port forwarding" -> "port forwarding"; "OSI layer" and "Global Database" stay as written."""
    label = label.strip().rstrip("?:").strip()
    words = label.split(" ")
    if not any(_is_capitalised(w) for w in words[1:]) and _is_capitalised(words[0]):
        return " ".join([words[0].lower(), *words[1:]])
    return label


def _is_capitalised(word: str) -> bool:
    """ "Port" yes; "port", "OSI", "S3" no."""
    rest = word[1:].replace("-", "")
    return len(word) > 1 and word[0].isupper() and rest.isalpha() and rest.islower()


def answer_kind(label: str, value: str) -> str:
    """What kind of answer a fact's value is: one of QUESTIONS' keys."""
    value = value.strip()
    if _YES_NO.match(value):
        return "yes-no"
    if _PERCENT.match(value):
        return "percentage"
    if _PRICE.match(value) or value.startswith("$") or fact_key(label) in _PRICE_LABELS:
        return "price"
    numeric = bool(_LEADS_WITH_NUMBER.match(value))
    if "default" in label.lower():
        return "default"
    if numeric and (_QUOTA.search(value) or _QUOTA.search(label) or _PER_RESOURCE.match(value)):
        return "quota"
    if _DATE.match(value):
        return "date"
    if _DURATION.match(value):
        return "duration"
    if _SIZE.match(value):
        return "size"
    if (
        numeric
        and _COUNT.match(value)
        and (re.search(r"\bper\b", label, re.IGNORECASE) or label.rstrip().endswith("s"))
    ):
        return "count"
    if numeric:
        return "number"
    if _HOW.match(value):
        return "how"
    parts = [len(part.split()) for part in value.split(",")]
    plural = label.rstrip().endswith("s")
    if len(parts) > 1 and max(parts) <= (5 if plural else 3) and (plural or len(parts) > 2):
        return "list"
    return "text"


def _is_name(word: str, first: bool) -> bool:
    """An acronym, a CamelCase or digit-bearing name, or a capitalised word mid-sentence."""
    if any(c.isdigit() for c in word) or any(c.isupper() for c in word[1:]):
        return True
    return not first and word[0].isupper()


def key_token(value: str, kind: str = "fact") -> str:
    """The token that carries the answer: its first number, else its first name or content word.

    Summaries and trap cards answer with a sentence about the prompt's own subject, so only a
    number counts as their key; a row card's key is the subject it names.
    """
    numbers = _NUMBER.findall(value)
    if numbers:
        return numbers[0].rstrip(".,")
    if kind in ("summary", "trap", "card"):
        return ""
    words = _WORD.findall(value)
    if kind == "yes-no":
        words = [w for w in words if w.lower() not in ("yes", "no")]
    for position, word in enumerate(words):
        if word.lower() not in _STOPWORDS and _is_name(word, position == 0) and len(word) > 1:
            return word
    return next((w for w in words if w.lower() not in _STOPWORDS and len(w) > 3), "")


def contains_token(text: str, token: str) -> bool:
    """Whether the token appears in the text as a whole word (any case)."""
    if not token:
        return False
    pattern = rf"(?<![\w.]){re.escape(token.casefold())}(?![\w]|\.\d)"
    return re.search(pattern, text.casefold()) is not None


def gives_away(prompt: str, answer: str, key: str) -> bool:
    """Whether the prompt holds the whole answer or its key token."""
    folded = " ".join(answer.casefold().split())
    if len(folded) > 2 and folded in " ".join(prompt.casefold().split()):
        return True
    return contains_token(prompt, key)


def claim(said: str) -> str:
    """A correction's outdated statement as a claim, without "the notes say"."""
    text = _NOTES_PREFIX.sub("", said.strip(), count=1).strip()
    return text[:1].upper() + text[1:] if text else said.strip()


def fact_prompt(entry: Entry, fact: Fact, settings: ReviewSettings) -> tuple[str, str] | None:
    """The question for one fact and the kind of answer, or None if it is not worth asking."""
    kind = answer_kind(fact.label, fact.value)
    custom = entry.ask.get(fact.key)
    template = custom or settings.ask.get(fact.key)
    if fact.key in settings.skip and not custom:
        return None
    if kind == "yes-no" and not template and fact.key not in settings.yes_no:
        return None  # a bare yes/no is a coin toss unless the pack says it is worth testing
    item = short_name(entry.title)
    label = lower_first(fact.label)
    if template:
        prompt = render(template, item=item, label=label)
        checked = prompt if kind != "yes-no" else re.sub(r"(?i)\byes or no\b", "", prompt)
    else:
        prompt = f"{item} \u2014 {label}: {QUESTIONS[kind]}"
        checked = f"{item} \u2014 {label}"
    key = key_token(fact.value, "yes-no" if kind == "yes-no" else "fact")
    if gives_away(checked, fact.value, key):
        return None
    return prompt, kind


def render(template: str, **values: str) -> str:
    """Fill a question template's {item} and {label}."""
    return template.format_map(values)


def template_problem(template: str) -> str | None:
    """Why a question template cannot be used, or None."""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError as error:
        return f"bad template: {error}"
    unknown = names - PLACEHOLDERS
    if unknown:
        return f"unknown placeholder {{{sorted(unknown)[0]}}}; use {{item}} and {{label}}"
    if "item" not in names:
        return "a question template must name the item: put {item} in it"
    return None


# -- reading and checking what a pack says about asking ------------------------------------------


def read_review_settings(reader: _Reader, meta: MarkedDict) -> ReviewSettings:
    """Read pack.yaml's `review:` mapping (default exam, question templates, yes/no and skips)."""
    settings = ReviewSettings()
    if "review" not in meta:
        return settings
    data = reader.mapping(meta["review"], reader.mark_of(meta, "review"), "review")
    if data is None:
        return settings
    reader.fields(data, REVIEW_FIELDS, (), "review")
    settings.exam = reader.text(data, "exam", "review")
    settings.line = data.mark.line
    if "ask" in data:
        asked = reader.mapping(data["ask"], reader.mark_of(data, "ask"), "review.ask")
        for label, template in (asked or {}).items():
            where = f"review.ask.{label}"
            assert asked is not None
            problem = (
                template_problem(template)
                if isinstance(template, str) and template.strip()
                else "expected a question template (text)"
            )
            if problem:
                reader.problem(asked.value_marks[label], where, problem)
                continue
            settings.ask[fact_key(str(label))] = template.strip()
            settings.labels[fact_key(str(label))] = str(label)
    for field_name in ("yes-no", "skip"):
        target = settings.yes_no if field_name == "yes-no" else settings.skip
        for label in reader.text_list(data, field_name, "review"):
            target.append(fact_key(label))
            settings.labels.setdefault(fact_key(label), label)
    return settings


def read_entry_ask(reader: _Reader, data: MarkedDict, entry: Entry, where: str) -> None:
    """Read an entry's `ask:` mapping (fact label -> question) and check it names its facts."""
    if "ask" not in data:
        return
    asked = reader.mapping(data["ask"], reader.mark_of(data, "ask"), f"{where}.ask")
    if asked is None:
        return
    keys = {f.key: f.label for f in entry.facts}
    for label, question in asked.items():
        here = f"{where}.ask.{label}"
        key = fact_key(str(label))
        if key not in keys:
            from knowledge.loader import did_you_mean

            hint = did_you_mean(str(label), list(keys.values()))
            reader.problem(asked.key_marks[label], here, f"no fact with this label{hint}")
            continue
        if not isinstance(question, str) or not question.strip():
            reader.problem(asked.value_marks[label], here, "expected a question (text)")
            continue
        problem = template_problem(question) if "{" in question else None
        if problem and "item" not in problem:
            reader.problem(asked.value_marks[label], here, problem)
            continue
        entry.ask[key] = question.strip()


def review_problems(
    settings: ReviewSettings, entries: list[Entry], syllabi: list[str]
) -> list[str]:
    """What is wrong between pack.yaml's `review:` and the pack's syllabi (the pack is refused)."""
    problems = []
    if settings.exam and settings.exam not in syllabi:
        from knowledge.loader import did_you_mean

        known = ", ".join(syllabi) or "none"
        problems.append(
            f'review.exam: unknown syllabus "{settings.exam}"'
            f"{did_you_mean(settings.exam, syllabi)}; the pack declares: {known}"
        )
    return problems


def review_warnings(settings: ReviewSettings, entries: list[Entry]) -> list[str]:
    """Review settings that name a fact label no fact has: unused, so reported, but the pack
    still loads (renaming a label in an item file must not take the whole pack away)."""
    keys = {f.key for e in entries for f in e.facts}
    return [
        f'review: no fact in the pack has the label "{label}"'
        for key, label in settings.labels.items()
        if key not in keys
    ]
