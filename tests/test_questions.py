"""Questions as students ask them: best match, answer lines, synonyms, "X vs Y", snippets."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.search import SearchIndex
from index.store import ensure_index
from knowledge.base import pack_dirs
from knowledge.loader import load_pack_dir
from knowledge.sources import BUNDLED_DIR, PackDir
from tests.conftest import MINI, write_pack


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    dirs, _ = pack_dirs([MINI], include_user=False, include_bundled=False)
    return SearchIndex(ensure_index(dirs, root=tmp_path_factory.mktemp("cache")))


@pytest.fixture(scope="module")
def aws(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    built = ensure_index(
        [PackDir(BUNDLED_DIR / "aws-sysops", "bundled")], root=tmp_path_factory.mktemp("aws")
    )
    return SearchIndex(built)


def ids(index: SearchIndex, query: str, limit: int = 10) -> list[str]:
    return [hit.id for hit in index.search(query, limit=limit).hits]


# -- the mini pack ---------------------------------------------------------------------------


def test_question_words_do_not_count(mini: SearchIndex) -> None:
    # "does" and "how" are in no item that matters; before, they were what matched.
    result = mini.search("how long does cloudtrail keep event history")
    assert result.hits[0].id == "cloudtrail"
    answer = result.answers[0]
    assert (answer.id, answer.label, answer.value) == (
        "cloudtrail",
        "Retention",
        "90 days of event history",
    )


def test_a_complete_last_word_counts_by_its_stem(mini: SearchIndex) -> None:
    # "forwarded" is in no item as typed and completes to nothing; its stem is indexed.
    for as_you_type in (True, False):
        result = mini.search("nat gateway forwarded", as_you_type=as_you_type)
        assert result.hits[0].id == "nat-gateway"
        assert result.suggestion is None
        assert (result.answers[0].id, result.answers[0].label) == ("nat-gateway", "Port forwarding")


def test_best_match_keeps_the_subject_when_no_item_has_every_word(mini: SearchIndex) -> None:
    # No item has "cloudtrail" and "quokka" and "fortnight": the subject still wins.
    assert ids(mini, "cloudtrail quokka fortnight ")[0] == "cloudtrail"
    # A content word that occurs somewhere never comes back empty.
    assert ids(mini, "which queue visibility zebra wombat ")[0] == "sqs"


def test_quoted_words_stay_required(mini: SearchIndex) -> None:
    loose = ids(mini, "cloudtrail polling ")
    assert "cloudtrail" in loose and "sqs" in loose
    assert "cloudtrail" not in ids(mini, 'cloudtrail "polling"')


def test_synonyms_from_pack_yaml(mini: SearchIndex) -> None:
    result = mini.search("which load balancer has a fixed ip ")
    assert {"network-load-balancer", "application-load-balancer"} <= set(ids(mini, "fixed ip ")[:3])
    assert result.answers and result.answers[0].label == "Static IP"


def test_a_named_item_beats_items_that_share_other_words(mini: SearchIndex) -> None:
    assert ids(mini, "nlb static ip")[0] == "network-load-balancer"
    assert ids(mini, "alb static ip")[0] == "application-load-balancer"


def test_vs_puts_the_comparison_then_each_subject_first(mini: SearchIndex) -> None:
    assert ids(mini, "nat gateway vs nat instance")[:3] == [
        "nat-gateway-vs-nat-instance",
        "nat-gateway",
        "nat-instance",
    ]
    assert ids(mini, "nlb vs alb")[:3] == [
        "alb-vs-nlb",
        "network-load-balancer",
        "application-load-balancer",
    ]
    assert mini.search("nlb vs alb").answers == []  # the comparison is the answer


def test_an_outdated_claim_is_a_snippet_only_when_nothing_else_matches(mini: SearchIndex) -> None:
    hit = mini.search("bandwidth gbps ").hits[0]
    assert hit.id == "nat-gateway" and "10 Gbps" not in hit.snippet
    hit = mini.search("tops ").hits[0]  # only the notes' old claim has it
    assert hit.id == "nat-gateway"
    assert hit.snippet.startswith("Outdated note: Bandwidth tops out at 10 Gbps")
    assert hit.snippet.count("Outdated") == 1 and "said" not in hit.snippet.lower()


def test_a_bare_name_gets_no_answer(mini: SearchIndex) -> None:
    assert mini.search("cloudtrail").answers == []
    assert mini.search("network load balancer").answers == []


def test_answers_in_json(mini: SearchIndex) -> None:
    data = mini.search("cloudtrail retention ").to_dict()
    assert data["answers"][0] == {
        "id": "cloudtrail",
        "title": "CloudTrail",
        "label": "Retention",
        "value": "90 days of event history",
        "score": data["answers"][0]["score"],
        "kind": "fact",
    }
    assert mini.search("sqs").to_dict()["answers"] == []


def test_comparison_rows_are_answers(mini: SearchIndex) -> None:
    answers = mini.search("nat port forwarding ").answers
    kinds = {(a.id, a.kind) for a in answers}
    assert ("nat-gateway-vs-nat-instance", "row") in kinds or ("nat-gateway", "fact") in kinds


# -- synonym validation ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("synonyms", "line", "message"),
    [
        ("synonyms: [retention, keep]", 7, "expected a list of words or phrases"),
        ("synonyms:\n  - [retention]", 8, "at least two"),
        ("synonyms:\n  - [keep, retain]\n  - [hold, Keep]", 9, "already in the group at line 8"),
        ("synonyms:\n  - [keep, keep]", 8, "already in this group"),
        ("synonyms:\n  - [keep, '!!']", 8, "needs a letter or digit"),
        ("synonyms: keep", 7, "expected a list of groups"),
    ],
)
def test_bad_synonym_groups_are_reported_with_file_and_line(
    tmp_path: Path, synonyms: str, line: int, message: str
) -> None:
    pack_yaml = (
        "id: demo\ntitle: Demo\ndomains:\n  - {id: net, title: Net}\n"
        "syllabi:\n  - {id: ex, title: Ex, domains: [{id: one, title: One}]}\n" + synonyms + "\n"
    )
    root = write_pack(tmp_path / "demo", {"pack.yaml": pack_yaml})
    problems = [str(p) for p in load_pack_dir(root).problems]
    assert any(p.startswith(f"{root / 'pack.yaml'}:{line}:") and message in p for p in problems), (
        problems
    )


def test_the_aws_pack_declares_synonyms() -> None:
    load = load_pack_dir(BUNDLED_DIR / "aws-sysops")
    assert load.problems == [] and load.pack is not None
    assert len(load.pack.synonyms) >= 8


# -- the AWS pack: the examples ------------------------------------------------------


def test_aws_cloudtrail_retention(aws: SearchIndex) -> None:
    result = aws.search("how long does cloudtrail keep event history")
    assert result.hits[0].id == "cloudtrail"
    assert (result.answers[0].id, result.answers[0].label) == ("cloudtrail", "Default retention")


def test_aws_nat_gateway_fragmentation(aws: SearchIndex) -> None:
    result = aws.search("nat gateway fragmentation")
    assert result.hits[0].id == "nat-gateway"
    assert (result.answers[0].id, result.answers[0].label) == ("nat-gateway", "Fragmented packets")


def test_aws_static_ip(aws: SearchIndex) -> None:
    assert ids(aws, "nlb static ip")[0] == "nlb"
    found = ids(aws, "which load balancer supports a static ip address", limit=5)
    assert "nlb" in found and "alb-vs-nlb" in found
    labels = {
        a.label for a in aws.search("which load balancer supports a static ip address").answers
    }
    assert "Static IP" in labels


def test_aws_long_polling(aws: SearchIndex) -> None:
    assert "sqs-polling" in ids(aws, "how to receive sqs messages efficiently", limit=3)


def test_aws_vs_order(aws: SearchIndex) -> None:
    assert ids(aws, "nat gateway vs nat instance")[:3] == [
        "nat-gateway-vs-nat-instance",
        "nat-gateway",
        "nat-instance",
    ]
    assert ids(aws, "alb vs nlb")[:3] == ["alb-vs-nlb", "alb", "nlb"]


@pytest.mark.parametrize("query", ["cloudtrial", "cloudtrail", "route 53 routing policies", "clb"])
def test_aws_snippets_show_what_is_true_now(aws: SearchIndex, query: str) -> None:
    for hit in aws.search(query, limit=5).hits:
        assert "Notes said" not in hit.snippet and "Notes say" not in hit.snippet, hit.snippet
