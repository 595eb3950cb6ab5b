"""Exam-style practice questions generated from the packs: one right option and three wrong ones.

Two kinds of question:

- from a fact shared by sibling entries ("Which one has this minimum storage duration: 180
  days?"): the options are entries with the same fact, and every wrong option's value differs
  from the right one's, so the pack's own facts prove exactly one option right;
- from a comparison's "choose when" line ("You need static IPs per AZ for a TCP service: which
  one fits best?"): the options are the comparison's subjects, topped up with entries compared
  with the right one elsewhere in the pack.

Questions are drawn by the exam's domain weights (`knowledge.exams`), reproducibly for a seed.
Pure data: no Textual, no database.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from knowledge.asking import contains_token, fact_prompt, key_token, lower_first, short_name
from knowledge.exams import allocate, exam_weights
from knowledge.model import Comparison, Entry, ReviewSettings

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase

OPTIONS = 4
DEFAULT_COUNT = 20
_PUNCTUATION = re.compile(r"[^\w%./+-]+")


@dataclass(frozen=True)
class Question:
    """One multiple-choice question and what explains its answer."""

    id: str  # "fact:<fact key>:<entry>" or "choose:<comparison>:<subject>"
    stem: str
    options: tuple[str, ...]
    answer: int  # index of the right option
    item: str  # the item that explains the answer (the entry, or the comparison)
    domain: str  # the exam's domain (the pack's domain without an exam)
    source: str  # a documentation page for the answer
    card_id: str  # the review card on the same fact: a miss makes it a weak spot
    explanation: tuple[str, ...] = ()  # the fact rows behind the options
    topic: str = ""  # questions on one topic (a fact key, a comparison) are spread out

    @property
    def right(self) -> str:
        """The right option's text."""
        return self.options[self.answer]

    def to_dict(self) -> dict[str, Any]:
        """The `crib quiz --print --json` shape."""
        return {
            "id": self.id,
            "stem": self.stem,
            "options": list(self.options),
            "answer": self.right,
            "answer_index": self.answer,
            "item": self.item,
            "domain": self.domain,
            "source": self.source,
            "card": self.card_id,
            "explanation": list(self.explanation),
        }


@dataclass(frozen=True)
class QuizRequest:
    """What `crib quiz` (or the app) asked for."""

    exam: str | None = None  # None: the default exam
    domain: str | None = None  # an exam domain (or, without an exam, a pack domain)
    count: int = DEFAULT_COUNT
    seed: int | None = None
    minutes: float | None = None  # a time limit for the whole quiz


def same_value(left: str, right: str) -> bool:
    """Whether two fact values say the same (case, spacing and punctuation aside)."""
    return (
        _PUNCTUATION.sub(" ", left.casefold()).split()
        == _PUNCTUATION.sub(" ", right.casefold()).split()
    )


_GENERIC = {"amazon", "aws", "with", "from", "only", "none", "your", "that", "this", "each"}


def _stems(text: str) -> set[str]:
    """Content words cut to five letters: "Regional" and "Region" meet at "regio"."""
    words = re.findall(r"[a-z][a-z0-9]+", text.casefold().replace("-", " "))
    return {w[:5] for w in words if len(w) > 3 and w not in _GENERIC}


_CLASSES = (
    ("no", re.compile(r"^(no|none|not|never|n/a|-|\u2014)\b", re.IGNORECASE)),
    ("yes", re.compile(r"^(yes|always)\b", re.IGNORECASE)),
    ("free", re.compile(r"^(free|included|no (extra )?(charge|cost|fee))\b", re.IGNORECASE)),
)


def _value_class(value: str) -> str:
    """ "no", "yes" or "free" for values that mean just that however they are worded."""
    for name, pattern in reversed(_CLASSES):  # "No extra charge" is free, not no
        if pattern.match(value.strip()):
            return name
    return ""


def differs(value: str, other: str) -> bool:
    """Whether another option's value is plainly not the asked one: a different leading number,
    or (with no numbers) no shared content word at all. Near misses count as the same, so a
    question never has a second option a reader could defend."""
    if same_value(value, other):
        return False
    kinds = _value_class(value), _value_class(other)
    if any(kinds):
        return kinds[0] != kinds[1]
    first, second = key_token(value, "trap"), key_token(other, "trap")
    if first or second:
        return first != second
    return not (_stems(value) & _stems(other))


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.casefold()))


def _hints(value: str, right: Entry, wrong: list[Entry]) -> bool:
    """Whether a word of the value is in the right option's name and in no wrong one's."""
    others = set().union(*(_words(short_name(e.title)) for e in wrong))
    own = {w for w in _words(value) if len(w) > 3 and w not in _GENERIC}
    return bool(own & (_words(short_name(right.title)) - others))


def _names(entry: Entry) -> list[str]:
    return [entry.title, short_name(entry.title), *entry.aliases]


def _names_any(text: str, entry: Entry) -> bool:
    """Whether the text names the entry, or is made only of words from its name."""
    words = set(re.findall(r"[a-z0-9]+", short_name(entry.title).casefold()))
    own = set(re.findall(r"[a-z0-9]+", text.casefold()))
    if own and own <= words:
        return True
    return any(len(n) > 2 and contains_token(text, n) for n in _names(entry))


def _domain_of(item: Entry | Comparison, exam: str | None) -> str | None:
    if exam is None:
        return item.domain
    return item.syllabus.get(exam)


def _pick(
    candidates: list[Entry], preferred: set[str], rng: random.Random, count: int
) -> list[Entry]:
    """`count` entries, from the preferred ones (compared with the answer, same domain) first."""
    first = [e for e in candidates if e.id in preferred]
    rest = [e for e in candidates if e.id not in preferred]
    rng.shuffle(first)
    rng.shuffle(rest)
    return (first + rest)[:count]


def _options(
    right: str, wrong: list[str], rng: random.Random
) -> tuple[tuple[str, ...], int] | None:
    options = [right, *wrong]
    if len(set(options)) < OPTIONS:
        return None
    rng.shuffle(options)
    return tuple(options), options.index(right)


def _compared_with(base: KnowledgeBase) -> dict[str, set[str]]:
    """For each entry, the entries it is compared with anywhere in its pack."""
    neighbours: dict[str, set[str]] = defaultdict(set)
    for comparison in base.comparisons:
        for subject in comparison.subjects:
            neighbours[subject].update(s for s in comparison.subjects if s != subject)
    return neighbours


def fact_questions(base: KnowledgeBase, exam: str | None, rng: random.Random) -> list[Question]:
    """A question per fact value that only one of its sibling entries has."""
    neighbours = _compared_with(base)
    by_key: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for entry in base.entries:
        for fact in entry.facts:
            by_key[(entry.pack, fact.key)].append(entry)
    skipped = {p.id: set(p.review.skip) for p in base.packs}
    settings = {p.id: p.review for p in base.packs}
    questions = []
    for (pack, key), siblings in by_key.items():
        if len(siblings) < OPTIONS or key in skipped.get(pack, set()):
            continue
        values = {e.id: e.fact(key).value for e in siblings}  # type: ignore[union-attr]
        for entry in siblings:
            domain = _domain_of(entry, exam)
            value = values[entry.id]
            if domain is None or _names_any(value, entry):
                continue
            wrong = [
                e for e in siblings if differs(value, values[e.id]) and not _names_any(value, e)
            ]
            if len(wrong) < OPTIONS - 1:
                continue  # too few siblings that plainly say something else
            preferred = neighbours[entry.id] | {e.id for e in wrong if e.domain == entry.domain}
            chosen = _pick(wrong, preferred, rng, OPTIONS - 1)
            if _hints(value, entry, chosen):
                continue
            picked = _options(short_name(entry.title), [short_name(e.title) for e in chosen], rng)
            if picked is None:
                continue
            options, answer = picked
            label = lower_first(siblings[0].facts[0].label)
            card_ids = {}
            for fact in entry.facts:
                if fact.key == key:
                    label = fact.label
                    asked = fact_prompt(entry, fact, settings.get(pack, ReviewSettings()))
                    # The fact's own card, or (when the fact makes none) the entry's summary.
                    card_ids[entry.id] = (
                        f"fact:{entry.id}:{key}" if asked is not None else f"summary:{entry.id}"
                    )
            explanation = tuple(
                f"{short_name(e.title)} \u2014 {lower_first(label)}: {values[e.id]}"
                for e in [entry, *chosen]
            )
            questions.append(
                Question(
                    id=f"fact:{key}:{entry.id}",
                    stem=f"{label}: {value}. Which one is it?",
                    options=options,
                    answer=answer,
                    item=entry.id,
                    domain=domain,
                    source=entry.sources[0] if entry.sources else "",
                    card_id=card_ids[entry.id],
                    explanation=explanation,
                    topic=f"fact:{pack}:{key}",
                )
            )
    return questions


def choose_questions(base: KnowledgeBase, exam: str | None, rng: random.Random) -> list[Question]:
    """A question per "choose when" line of a comparison of four or more subjects: its lines
    are written to tell exactly those subjects apart, so its own subjects are the options."""
    questions = []
    for comparison in base.comparisons:
        domain = _domain_of(comparison, exam)
        if domain is None:
            continue
        subjects = [base.items.get(s) for s in comparison.subjects]
        if not all(isinstance(s, Entry) for s in subjects):
            continue
        for subject_id, text in comparison.choose.items():
            right = base.items.get(subject_id)
            if not isinstance(right, Entry) or _names_any(text, right):
                continue
            others = [s for s in subjects if isinstance(s, Entry) and s.id != subject_id]
            rng.shuffle(others)
            wrong = others[: OPTIONS - 1]
            if any(_names_any(text, e) for e in wrong) or _hints(text, right, wrong):
                continue  # the line names an option: it would read as a hint or a trick
            picked = _options(short_name(right.title), [short_name(e.title) for e in wrong], rng)
            if picked is None:
                continue
            options, answer = picked
            explanation = tuple(
                f"{short_name(e.title)}: {comparison.choose[e.id]}"
                for e in [right, *wrong]
                if e.id in comparison.choose
            )
            questions.append(
                Question(
                    id=f"choose:{comparison.id}:{subject_id}",
                    stem=f"{text.rstrip('. ')}. Which one fits best?",
                    options=options,
                    answer=answer,
                    item=comparison.id,
                    domain=domain,
                    source=(comparison.sources or right.sources or [""])[0],
                    card_id=f"summary:{subject_id}",
                    explanation=explanation,
                    topic=f"choose:{comparison.id}",
                )
            )
    return questions


def question_pool(base: KnowledgeBase, exam: str | None, seed: int | None = None) -> list[Question]:
    """Every question the packs yield for the exam (or every pack domain without one)."""
    rng = random.Random(seed)
    return choose_questions(base, exam, rng) + fact_questions(base, exam, rng)


def _spread(questions: list[Question], rng: random.Random) -> list[Question]:
    """Shuffled, then one question per topic in turn, so one topic does not fill a domain."""
    by_topic: dict[str, list[Question]] = defaultdict(list)
    shuffled = list(questions)
    rng.shuffle(shuffled)
    for question in shuffled:
        by_topic[question.topic].append(question)
    spread: list[Question] = []
    while by_topic:
        for topic in list(by_topic):
            spread.append(by_topic[topic].pop())
            if not by_topic[topic]:
                del by_topic[topic]
    return spread


def build_quiz(base: KnowledgeBase, request: QuizRequest, exam: str | None) -> list[Question]:
    """`request.count` questions drawn by the exam's domain weights, in a shuffled order."""
    rng = random.Random(request.seed)
    pool = [
        q
        for q in question_pool(base, exam, request.seed)
        if request.domain is None or q.domain == request.domain
    ]
    groups: dict[str, list[Question]] = defaultdict(list)
    for question in pool:
        groups[question.domain].append(question)
    weights = exam_weights(base, exam) if exam else {}
    weights = {d: w for d, w in weights.items() if d in groups} or dict.fromkeys(groups, 1.0)
    drawn: list[Question] = []
    spread = {d: _spread(groups[d], rng) for d in weights}
    wanted = allocate(request.count, weights)
    short = 0
    for domain, share in wanted.items():
        drawn += spread[domain][:share]
        short += max(0, share - len(spread[domain]))
        spread[domain] = spread[domain][share:]
    while short > 0 and any(spread.values()):  # a thin domain's shortfall goes to the others
        for domain in sorted(spread, key=lambda d: -weights[d]):
            if short and spread[domain]:
                drawn.append(spread[domain].pop(0))
                short -= 1
    rng.shuffle(drawn)
    return drawn


@dataclass(frozen=True)
class DomainScore:
    """Right answers out of the questions asked in one domain."""

    domain: str
    right: int
    total: int

    def to_dict(self) -> dict[str, Any]:
        return {"domain": self.domain, "right": self.right, "total": self.total}


@dataclass(frozen=True)
class QuizScore:
    """A finished quiz: the score, per domain, and the questions missed."""

    right: int
    total: int
    answered: int
    domains: tuple[DomainScore, ...]
    missed: tuple[tuple[Question, int | None], ...]  # with the option chosen (None: unanswered)

    @property
    def percent(self) -> float:
        return 100 * self.right / self.total if self.total else 0.0


def score(questions: list[Question], chosen: dict[int, int]) -> QuizScore:
    """Score answers given by question position (unanswered questions count as wrong)."""
    by_domain: dict[str, list[bool]] = {}
    missed = []
    for position, question in enumerate(questions):
        answer = chosen.get(position)
        right = answer == question.answer
        by_domain.setdefault(question.domain, []).append(right)
        if not right:
            missed.append((question, answer))
    return QuizScore(
        right=sum(sum(v) for v in by_domain.values()),
        total=len(questions),
        answered=len(chosen),
        domains=tuple(DomainScore(d, sum(v), len(v)) for d, v in by_domain.items()),
        missed=tuple(missed),
    )
