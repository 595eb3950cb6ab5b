"""The build's own analysis gives exactly the terms and postings Whoosh's analyser would."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.fields import TEXT

from index.schema import ANALYZER, TermsText, analyse, words

WORDS = st.sampled_from(
    ["NAT", "gateway", "Gateways", "the", "is", "us-east-1", "running", "runs", "IPv4",
     "x.y.z", "naïve", "İstanbul", "ß", "don't", "3.14", "can", "not", "_x_", "Éclair"]
)  # fmt: skip
TEXTS = st.one_of(
    st.text(max_size=80), st.lists(WORDS, max_size=30).map(" ".join), st.lists(WORDS).map("\n".join)
)


@settings(max_examples=300)
@given(TEXTS)
def test_analyse_matches_whoosh_analyzer(text: str) -> None:
    lowered, terms = analyse(text)
    assert terms == [token.text for token in ANALYZER(text)]
    assert lowered == words(text)


@settings(max_examples=200)
@given(TEXTS)
def test_terms_field_posts_what_a_text_field_posts(text: str) -> None:
    ours = TermsText(analyzer=ANALYZER, field_boost=2.5, phrase=False)
    theirs = TEXT(analyzer=ANALYZER, field_boost=2.5, phrase=False)
    expected = sorted(theirs.index(text))
    assert sorted(ours.index(text)) == expected
    assert sorted(ours.index(analyse(text)[1])) == expected
