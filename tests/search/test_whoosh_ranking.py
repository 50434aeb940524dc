"""The Whoosh backend's own evaluation of queries answers exactly as Whoosh itself does.

The backend evaluates queries over whole posting lists (``whoosh_ranking``) rather than
through Whoosh's matchers. Over a generated corpus in several segments with deletions,
every query kind is answered twice: by the backend, and by Whoosh's own search with the
readable documents as its filter (what the backend did before); totals, facets and the
order of every hit must be the same.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest
from whoosh import query

from etwincms.hooktypes import SearchDocument
from etwincms.search.backend import BackendQuery, Scope
from etwincms.search.whoosh_backend import WhooshBackend
from etwincms.search.whoosh_ranking import SegmentQuery, Unsupported
from etwincms.search.whoosh_scope import shared_values

WORDS = {
    "en": [
        "olive",
        "harvest",
        "garden",
        "school",
        "river",
        "market",
        "water",
        "bread",
        "tree",
        "mill",
        "oil",
    ],
    "de": [
        "olive",
        "ernte",
        "garten",
        "schule",
        "fluss",
        "markt",
        "wasser",
        "brot",
        "baum",
    ],
    "es": [
        "aceituna",
        "cosecha",
        "huerto",
        "escuela",
        "río",
        "mercado",
        "agua",
        "pan",
        "árbol",
    ],
}
TYPES = ("page", "material", "forum_topic")
SPACES = 6
QUERIES = [
    "olive",
    "garden school",
    "olive OR river",
    "olive -market",
    "olive NOT garden",
    '"olive harvest"',
    '"garden school" tree',
    "oli*",
    "gard* river",
    "sch?ol",
    "title:olive",
    "type:material olive",
    "gärten",
    "nothingmatches",
    "[a TO c]",  # a range: not evaluated by whoosh_ranking, Whoosh answers it
    "olive [g TO s]",
]


def generated(count: int, rng: random.Random) -> list[SearchDocument]:
    made = []
    for number in range(count):
        language = rng.choice(sorted(WORDS))
        words = WORDS[language]
        project = number % SPACES + 1
        made.append(
            SearchDocument(
                id=f"doc:{number}",
                project_id=project,
                type=rng.choice(TYPES),
                title=" ".join(rng.choices(words, k=rng.randint(1, 4))),
                body=" ".join(rng.choices(words, k=rng.randint(5, 60))),
                url=f"/d/{number}",
                plugin="core",
                language=language,
                visibility="public" if project % 2 else "members",
            )
        )
    return made


@pytest.fixture(scope="module")
def backend(tmp_path_factory: pytest.TempPathFactory) -> WhooshBackend:
    made = WhooshBackend(tmp_path_factory.mktemp("index"))
    documents = generated(600, random.Random(3))
    for start in range(0, 600, 150):  # several segments
        made.index(documents[start : start + 150])
    made.delete([f"doc:{n}" for n in range(0, 600, 7)])
    made.index(documents[10:20])  # updated: deleted in an old segment, added anew
    return made


SCOPES = {
    "member": Scope(
        member_spaces=frozenset({1, 2}),
        public_spaces=frozenset({3, 5}),
        types={
            1: frozenset(TYPES),
            2: frozenset({"page"}),
            3: frozenset(TYPES),
            5: frozenset(TYPES),
        },
    ),
    "visitor": Scope(
        public_spaces=frozenset({1, 3, 5}),
        types={
            1: frozenset(TYPES),
            3: frozenset({"page", "material"}),
            5: frozenset(TYPES),
        },
    ),
}


def whoosh_itself(
    backend: WhooshBackend, request: BackendQuery
) -> tuple[int, list, dict]:
    """Total, ordered ids and facets, as Whoosh's own search with a filter gives them."""
    searcher = backend.searcher()
    readable = set()
    for segment in backend.scopes.segments(searcher, scope_keys(request.scope)):
        readable |= {segment.offset + doc for doc in segment.readable}
    parsed = backend.parser.parse(request.text)
    if not readable:
        return 0, [], {}
    found = searcher.search(parsed, filter=readable, limit=None)
    stored = [searcher.stored_fields(number) for _, number in found.top_n]
    facets = {
        name: Counter(fields[field] for fields in stored)
        for name, field in (
            ("type", "type"),
            ("space", "project"),
            ("language", "language"),
        )
    }
    return len(stored), [fields["id"] for fields in stored], facets


def scope_keys(scope: Scope) -> tuple[str, ...]:
    from etwincms.search.whoosh_scope import scope_keys as keys

    return keys(scope)


@pytest.mark.parametrize("scope", sorted(SCOPES))
@pytest.mark.parametrize("text", QUERIES)
def test_answers_as_whoosh_itself(
    backend: WhooshBackend, text: str, scope: str
) -> None:
    request = BackendQuery(text, SCOPES[scope], per_page=1000)
    total, order, facets = whoosh_itself(backend, request)
    answer = backend.search_once(request)
    assert answer.total == total
    assert [hit.id for hit in answer.hits] == order
    assert {name: +counts for name, counts in answer.facets.items()} == {
        name: +counts for name, counts in facets.items()
    } or total == 0


def test_the_corpus_gives_each_query_kind_something_to_find(
    backend: WhooshBackend,
) -> None:
    counts = {
        text: backend.search_once(BackendQuery(text, SCOPES["member"])).total
        for text in QUERIES
    }
    assert counts["nothingmatches"] == 0
    assert all(counts[text] > 0 for text in QUERIES if text != "nothingmatches"), counts


def test_ranges_are_left_to_whoosh(backend: WhooshBackend) -> None:
    searcher = backend.searcher()
    segment = backend.scopes.segments(searcher, scope_keys(SCOPES["member"]))[0]
    evaluation = SegmentQuery(
        searcher, segment.reader, segment.readable, segment.lengths
    )
    with pytest.raises(Unsupported):
        evaluation.matches(backend.parser.parse("[a TO c]"))
    assert isinstance(backend.parser.parse("oli*"), query.Or)


def test_a_segments_facet_values_are_kept_once_each() -> None:
    decoded = [bytes(word, "ascii").decode() for word in ["page", "wiki", "page"]]
    assert decoded[0] is not decoded[2]
    kept = shared_values(decoded)
    assert kept == ["page", "wiki", "page"]
    assert kept[0] is kept[2]
