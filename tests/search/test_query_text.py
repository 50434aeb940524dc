"""The query syntax both backends share, and the spelling suggestions' distance."""

from __future__ import annotations

from etwincms.search import query_text, spelling
from etwincms.search.query_text import Term


def test_words_phrases_prefixes_fields_and_filters() -> None:
    parsed = query_text.parse('Olive "olive OIL" harv* title:market type:forum_topic')
    assert parsed.terms == [
        Term("olive"),
        Term("harv", prefix=True),
        Term("market", title_only=True),
    ]
    assert parsed.phrases == [["olive", "oil"]]
    assert parsed.filters == {"type": "forum_topic"}


def test_punctuation_never_reaches_a_backend() -> None:
    parsed = query_text.parse("a&b | !c <-> d:* ' \\ \"unclosed")
    words = [term.word for term in parsed.terms]
    assert all(word.isalnum() for word in words)
    assert words == ["a", "b", "c", "d", "unclosed"]


def test_a_one_word_phrase_is_a_word_and_an_empty_query_is_empty() -> None:
    assert query_text.parse('"olive"').terms == [Term("olive")]
    assert query_text.parse('"" * :: ').is_empty


def test_unknown_fields_are_read_as_words() -> None:
    assert [t.word for t in query_text.parse("colour:green").terms] == [
        "colour",
        "green",
    ]


def test_distance_counts_swaps_as_one_edit() -> None:
    assert spelling.distance("olvie", "olive") == 1
    assert spelling.distance("garden", "gardens") == 1
    assert spelling.distance("kitten", "sitting") == 3


def test_respell_replaces_only_unknown_plain_words() -> None:
    known = ["olive", "oil", "market"]
    assert spelling.respell("olvie oil", lambda word: known) == "olive oil"
    assert spelling.respell("olive oil", lambda word: known) is None
    assert spelling.respell("olvie* title:olvie", lambda word: known) is None
    assert spelling.respell("zzzzzz", lambda word: known) is None
