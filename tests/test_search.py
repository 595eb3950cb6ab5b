"""Ranking, prefixes, typos, "X vs Y", filters and snippets, on a real Whoosh index."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.search import SearchIndex
from index.store import ensure_index
from knowledge.base import pack_dirs
from tests.conftest import MINI


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    dirs, _ = pack_dirs([MINI], include_user=False, include_bundled=False)
    return SearchIndex(ensure_index(dirs, root=tmp_path_factory.mktemp("cache")))


def ids(index: SearchIndex, query: str, **kwargs: object) -> list[str]:
    return [hit.id for hit in index.search(query, **kwargs).hits]  # type: ignore[arg-type]


def test_title_beats_body(index: SearchIndex) -> None:
    # "translation" is in NAT Gateway's summary and only in Route Table's body.
    found = ids(index, "address translation ")
    assert found.index("nat-gateway") < found.index("route-table")
    # "gateway" is in NAT Gateway's title and in Route Table's body.
    found = ids(index, "gateway ")
    assert found[0] == "nat-gateway" and found.index("nat-gateway") < found.index("route-table")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ALB", "application-load-balancer"),
        ("nlb", "network-load-balancer"),
        ("NGW", "nat-gateway"),
        ("CW", "cloudwatch"),
        ("sqs", "sqs"),
        ("network load balancer", "network-load-balancer"),
    ],
)
def test_aliases_and_acronyms_match_like_names(
    index: SearchIndex, query: str, expected: str
) -> None:
    assert ids(index, query)[0] == expected


def test_stemming_matches_word_forms(index: SearchIndex) -> None:
    assert "sqs" in ids(index, "decoupling producers ")
    assert "sqs" in ids(index, "decoupled producer ")


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("nat g", "nat-gateway"),
        ("nat i", "nat-instance"),
        ("cloudw", "cloudwatch"),
        ("clo", "cloudtrail"),
        ("application load b", "application-load-balancer"),
        ("visib", "sqs"),
        ("n", "nat-gateway"),
    ],
)
def test_last_word_is_a_prefix_while_typing(index: SearchIndex, query: str, first: str) -> None:
    found = ids(index, query)
    assert found, query
    if query == "clo":
        assert {"cloudtrail", "cloudwatch"} <= set(found[:3])
    else:
        assert found[0] == first


def test_completed_last_word_is_not_a_prefix(index: SearchIndex) -> None:
    assert ids(index, "nat", as_you_type=False)
    assert ids(index, "na ", as_you_type=True) == []


@pytest.mark.parametrize(
    ("typo", "expected"),
    [
        ("cloudtrial", "cloudtrail"),
        ("cloudwach", "cloudwatch"),
        ("gatewya", "gateway"),
        ("visibilty", "visibility"),
        ("forwardign", "forwarding"),
    ],
)
def test_typos_fall_back_to_fuzzy_with_a_suggestion(
    index: SearchIndex, typo: str, expected: str
) -> None:
    result = index.search(typo + " ")
    assert result.hits, typo
    assert result.suggestion is not None
    assert result.suggestion.corrections == {typo: expected}
    assert expected in result.suggestion.query


def test_correct_words_get_no_suggestion(index: SearchIndex) -> None:
    assert index.search("cloudtrail").suggestion is None


@pytest.mark.parametrize(
    ("query", "comparison"),
    [
        ("cloudwatch vs cloudtrail", "cloudwatch-vs-cloudtrail"),
        ("cloudtrail vs cloudwatch", "cloudwatch-vs-cloudtrail"),
        ("nlb versus alb", "alb-vs-nlb"),
        ("nat gateway vs nat inst", "nat-gateway-vs-nat-instance"),
        ("NGW vs NAT AMI", "nat-gateway-vs-nat-instance"),
    ],
)
def test_vs_query_puts_the_comparison_first(
    index: SearchIndex, query: str, comparison: str
) -> None:
    result = index.search(query)
    assert result.hits[0].id == comparison
    assert result.comparison_first == comparison


def test_without_vs_an_entry_beats_its_comparison(index: SearchIndex) -> None:
    found = ids(index, "nat gateway")
    assert found[0] == "nat-gateway" and "nat-gateway-vs-nat-instance" in found


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "domain:monitoring",
            {"cloudwatch", "cloudtrail", "metric-filter", "cloudwatch-vs-cloudtrail"},
        ),
        ("tag:nat", {"nat-gateway", "nat-instance", "nat-gateway-vs-nat-instance"}),
        (
            "kind:comparison",
            {"nat-gateway-vs-nat-instance", "alb-vs-nlb", "cloudwatch-vs-cloudtrail"},
        ),
        ("exam-a:operations", {"cloudwatch", "cloudtrail"}),
        (
            "exam-a:",
            {
                "cloudwatch",
                "cloudtrail",
                "nat-gateway",
                "nat-instance",
                "application-load-balancer",
                "network-load-balancer",
                "nat-gateway-vs-nat-instance",
            },
        ),
        ("kind:entry nat", {"nat-gateway", "nat-instance", "route-table"}),
        (
            "domain:networking tag:elb",
            {"application-load-balancer", "network-load-balancer", "alb-vs-nlb"},
        ),
        (
            "tag:nat tag:elb kind:entry",
            {"nat-gateway", "nat-instance", "application-load-balancer", "network-load-balancer"},
        ),
        ("domain:nowhere nat", set()),
    ],
)
def test_filters(index: SearchIndex, query: str, expected: set[str]) -> None:
    assert set(ids(index, query, limit=50)) == expected


def test_snippet_marks_the_matched_words(index: SearchIndex) -> None:
    hit = index.search("long polling ").hits[0]
    assert hit.id == "sqs"
    marked = [hit.snippet[s:e].lower() for s, e in hit.snippet_matches]
    assert "long" in marked and "polling" in marked
    title_hit = index.search("nat g").hits[0]
    assert [title_hit.title[s:e] for s, e in title_hit.title_matches] == ["NAT", "Gateway"]


def test_empty_query_returns_nothing(index: SearchIndex) -> None:
    assert index.search("").hits == [] and index.search("   ").hits == []


@pytest.mark.parametrize(
    "junk",
    [
        '"',
        '"nat',
        'nat"',
        "AND",
        "OR NOT",
        "*",
        "~",
        "nat~2",
        "(",
        ")",
        "[a TO z]",
        "^",
        ":",
        "domain:",
        "tag:",
        "kind:nope",
        "a" * 5000,
        "ñandú 中文 🚀",
        "\x00\x1b[2J",
        "x" * 10_000 + " y",
        "vs",
        "vs vs",
        "nat vs",
        "vs nat",
        "-",
        "--",
        "/",
        "\\",
        "'",
        "{}",
        "*:*",
        "title:nat",
    ],
)
def test_odd_input_never_raises(index: SearchIndex, junk: str) -> None:
    result = index.search(junk)
    assert isinstance(result.hits, list)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=200))
def test_no_query_string_raises(index: SearchIndex, text: str) -> None:
    result = index.search(text, limit=5)
    assert len(result.hits) <= 5
    for hit in result.hits:
        assert all(0 <= s < e <= len(hit.snippet) for s, e in hit.snippet_matches)


def test_skill_filters_find_items_by_task_and_skill(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    from knowledge.sources import PackDir
    from tests.conftest import write_pack

    item = "  - {{id: {id}, title: {id}, domain: net, summary: s, syllabus: {{ex: one}}, skills: {{ex: [{skills}]}}}}\n"
    text = (
        "entries:\n"
        + item.format(id="perf", skills="'1.3.3'")
        + item.format(id="scale", skills="'2.1', '1.1'")
    )
    root = write_pack(tmp_path_factory.mktemp("p") / "p", {"a.yaml": text})
    index = SearchIndex(ensure_index([PackDir(root, "--pack")], root=tmp_path_factory.mktemp("c")))
    assert ids(index, "ex:1.3") == ["perf"]
    assert ids(index, "ex:1.3.3") == ["perf"]
    assert set(ids(index, "ex:1")) == {"perf", "scale"}
    assert ids(index, "ex:2.1") == ["scale"]
    assert ids(index, "ex:1.3.2") == []


def test_the_warm_up_gives_way_as_soon_as_a_query_comes(index: SearchIndex) -> None:
    asked: list[bool] = []

    def key_came() -> bool:
        asked.append(True)
        return len(asked) > 1  # a key arrives while the first warm-up search runs

    index.warm_up(stop=key_came)
    assert len(asked) == 2  # one warm-up search, then it stopped instead of running the others


def test_typing_on_reuses_the_words_already_scored_and_answers_the_same(
    index: SearchIndex,
) -> None:
    first = index.search("nat gateway ", limit=25)
    held = index._scores.remembered
    assert held[0] > 0  # the words' scores are kept for the next keystrokes
    index.search("nat gateway p", limit=25)  # the one-letter last word waits: same units
    assert index._scores.remembered == held  # nothing new had to be read or combined
    again = index.search("nat gateway ", limit=25)
    assert [h.id for h in again.hits] == [h.id for h in first.hits]
    assert [h.score for h in again.hits] == [h.score for h in first.hits]
