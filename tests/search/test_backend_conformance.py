"""One conformance suite for every search backend: the same corpus, the same answers.

Each backend gets a small fixed corpus in several languages, spread over three spaces
with members-only and public documents and plugin content, and must agree on relevance
order, stemming per language, phrases, prefixes, fields, facets, permission scopes,
pagination, deletion, space removal and spelling suggestions.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine

from etwincms.hooktypes import SearchDocument
from etwincms.search.backend import BackendQuery, Scope, SearchBackend
from etwincms.search.postgres_backend import PostgresBackend
from etwincms.search.whoosh_backend import WhooshBackend

# Reads the database setting itself: kept in the PostgreSQL pass (tests/conftest.py).
pytestmark = pytest.mark.database
BACKENDS = ["whoosh"]
if os.environ.get("ETWINCMS_TEST_DATABASE_URL"):  # the PostgreSQL pass of the suite
    BACKENDS.append("postgres")


def doc(pk: int, title: str, body: str, **fields: Any) -> SearchDocument:
    values = {
        "id": f"page:{pk}",
        "project_id": 1,
        "type": "page",
        "url": f"/s/a/-/id/{pk}",
        "plugin": "core",
        "language": "en",
        "visibility": "members",
        **fields,
    }
    return SearchDocument(title=title, body=body, **values)


CORPUS = [
    doc(1, "Olive harvest", "We picked olives in the grove near Jaén."),
    doc(2, "Market day", "The olive oil from the mill was sold at the market."),
    doc(
        3,
        "Gärten in Berlin",
        "Die Schüler besuchten viele Gärten und Felder.",
        language="de",
    ),
    doc(
        4,
        "Huertos urbanos",
        "Los alumnos plantaron tomates en los huertos.",
        language="es",
    ),
    doc(
        5,
        "Public results",
        "Our gardens produced beans and olives.",
        visibility="public",
    ),
    doc(6, "Other space", "Olive trees in Italy.", project_id=2),
    doc(7, "Hidden space", "Olive secrets of a private project.", project_id=3),
    doc(
        8,
        "Forum: olive pests",
        "Which insects harm olive trees?",
        id="forum_topic:8",
        type="forum_topic",
        plugin="forum",
    ),
]

PAGES = frozenset({"page"})
MEMBER = Scope(
    member_spaces=frozenset({1}), types={1: frozenset({"page", "forum_topic"})}
)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SearchBackend]:
    if request.param == "whoosh":
        made: SearchBackend = WhooshBackend(tmp_path / "index")
        made.index(CORPUS)
        yield made
        return
    engine = create_engine(request.getfixturevalue("empty_database_url"))
    made = PostgresBackend(engine)
    made.index(CORPUS)
    yield made
    engine.dispose()


def ids(
    backend: SearchBackend, text: str, scope: Scope = MEMBER, **kw: Any
) -> list[str]:
    return [hit.id for hit in backend.search(BackendQuery(text, scope, **kw)).hits]


def test_title_matches_rank_first(backend: SearchBackend) -> None:
    found = ids(backend, "olive")
    assert set(found[:2]) == {"page:1", "forum_topic:8"}  # "olive" in the title
    assert set(found[2:]) == {"page:2", "page:5"}  # only in the text


def test_every_word_must_match(backend: SearchBackend) -> None:
    assert ids(backend, "olive market") == ["page:2"]


def test_stemming_follows_each_documents_language(backend: SearchBackend) -> None:
    assert ids(backend, "garden") == ["page:5"]  # English: gardens -> garden
    assert ids(backend, "Garten") == ["page:3"]  # German: Gärten -> gart
    assert ids(backend, "huerto") == ["page:4"]  # Spanish: huertos -> huert


def test_phrases_prefixes_and_fields(backend: SearchBackend) -> None:
    assert ids(backend, '"olive oil"') == ["page:2"]
    assert ids(backend, '"oil olive"') == []
    assert set(ids(backend, "harv*")) == {"page:1"}
    assert ids(backend, "title:market") == ["page:2"]
    assert ids(backend, "olive type:forum_topic") == ["forum_topic:8"]


def test_scopes_filter_inside_the_query(backend: SearchBackend) -> None:
    visitor = Scope(public_spaces=frozenset({1, 2}), types={1: PAGES, 2: PAGES})
    assert ids(backend, "olive", visitor) == ["page:5"]
    no_forum = Scope(member_spaces=frozenset({1}), types={1: PAGES})
    assert "forum_topic:8" not in ids(backend, "olive", no_forum)
    two = Scope(member_spaces=frozenset({1, 2}), types={1: PAGES, 2: PAGES})
    assert "page:6" in ids(backend, "olive", two)
    assert all(hit != "page:7" for hit in ids(backend, "olive", two))
    assert ids(backend, "olive", Scope()) == []
    no_types = Scope(member_spaces=frozenset({1}))
    assert ids(backend, "olive", no_types) == []


AUDIENCE_CORPUS = [
    doc(20, "Kestrel notes", "kestrel nest", audience="group:1"),
    doc(21, "Kestrel poster", "kestrel", audience="group:2", visibility="public"),
    doc(22, "Kestrel walk", "kestrel"),
    doc(23, "Kestrel results", "kestrel", visibility="public"),
    doc(24, "Kestrel there", "kestrel", project_id=2, audience="group:3"),
]


def audience_scope(
    held: dict[int, set[str]], public: frozenset[int] = frozenset()
) -> Scope:
    member = frozenset(held) - public
    spaces = member | public
    audiences = {pid: frozenset(tags) for pid, tags in held.items()}
    return Scope(member, public, dict.fromkeys(spaces, PAGES), audiences)


@pytest.mark.parametrize(
    ("held", "expected"),
    [
        ({1: set()}, {"page:22", "page:23"}),
        ({1: {"group:1"}}, {"page:20", "page:22", "page:23"}),
        ({1: {"group:1", "group:2"}}, {"page:20", "page:21", "page:22", "page:23"}),
        ({1: {"*"}}, {"page:20", "page:21", "page:22", "page:23"}),
        ({1: {"group:3"}, 2: set()}, {"page:22", "page:23"}),  # a tag of space 2
        ({1: set(), 2: {"*"}}, {"page:22", "page:23", "page:24"}),
    ],
)
def test_audiences_narrow_inside_the_query(
    backend: SearchBackend, held: dict[int, set[str]], expected: set[str]
) -> None:
    backend.index(AUDIENCE_CORPUS)
    scope = audience_scope(held)
    assert {d.id for d in AUDIENCE_CORPUS if scope.allows(d)} == expected
    found = backend.search(BackendQuery("kestrel", scope))
    assert {hit.id for hit in found.hits} == expected
    assert found.total == len(expected)
    assert sum(found.facets["type"].values()) == len(expected)


def test_visitors_never_find_a_document_with_an_audience(
    backend: SearchBackend,
) -> None:
    backend.index(AUDIENCE_CORPUS)
    visitor = audience_scope({}, public=frozenset({1, 2}))
    assert ids(backend, "kestrel", visitor) == ["page:23"]
    assert [d.id for d in AUDIENCE_CORPUS if visitor.allows(d)] == ["page:23"]


def test_facets_count_everything_readable(backend: SearchBackend) -> None:
    scope = Scope(
        member_spaces=frozenset({1, 2}),
        types={1: frozenset({"page", "forum_topic"}), 2: PAGES},
    )
    results = backend.search(BackendQuery("olive", scope))
    assert results.facets["type"] == {"page": 4, "forum_topic": 1}
    assert results.facets["space"] == {"1": 4, "2": 1}
    narrowed = backend.search(BackendQuery("olive", scope, space=2))
    assert [hit.id for hit in narrowed.hits] == ["page:6"]
    assert narrowed.total == 1


def test_pages_have_no_holes(backend: SearchBackend) -> None:
    backend.index(doc(100 + n, f"Compost {n}", "compost heap") for n in range(25))
    first = backend.search(BackendQuery("compost", MEMBER, per_page=10))
    third = backend.search(BackendQuery("compost", MEMBER, page=3, per_page=10))
    assert (first.total, len(first.hits), len(third.hits)) == (25, 10, 5)


def test_words_in_markdown_emphasis_are_words(backend: SearchBackend) -> None:
    backend.index([doc(40, "Beds", "We turned the **compost** and the _green_ beds.")])
    assert ids(backend, "compost") == ["page:40"]
    assert ids(backend, "green") == ["page:40"]


def test_snippets_highlight_and_escape(backend: SearchBackend) -> None:
    backend.index(
        [doc(50, "Markup", "Beware <script>alert(1)</script> of olive flies")]
    )
    hit = backend.search(BackendQuery("flies", MEMBER)).hits[0]
    assert "<mark" in hit.snippet and "<script>" not in hit.snippet


def test_updates_deletions_and_space_removal(backend: SearchBackend) -> None:
    backend.index([doc(2, "Market day", "Now about cheese.")])
    assert ids(backend, "olive market") == []
    assert ids(backend, "cheese") == ["page:2"]
    backend.delete(["page:1"])
    assert "page:1" not in ids(backend, "olive")
    backend.delete_space(1)
    both = Scope(member_spaces=frozenset({1, 2}), types={1: PAGES, 2: PAGES})
    assert ids(backend, "olive", both) == ["page:6"]
    assert backend.count() == 2


def test_a_plugins_documents_are_replaced_in_one_space_only(
    backend: SearchBackend,
) -> None:
    other_space = doc(
        9,
        "Forum: olive oil",
        "Pressing.",
        id="forum_topic:9",
        type="forum_topic",
        plugin="forum",
        project_id=2,
    )
    backend.index([other_space])
    fresh = doc(
        10,
        "Forum: olive harvest",
        "Nets.",
        id="forum_topic:10",
        type="forum_topic",
        plugin="forum",
    )
    backend.replace_plugin(1, "forum", [fresh])
    topics = frozenset({"forum_topic"})
    both = Scope(member_spaces=frozenset({1, 2}), types={1: topics, 2: topics})
    assert sorted(ids(backend, "olive", both)) == ["forum_topic:10", "forum_topic:9"]
    backend.replace_plugin(1, "forum", [])
    assert ids(backend, "olive", both) == ["forum_topic:9"]
    assert "page:1" in ids(backend, "olive")  # the core's documents stay


def test_a_misspelt_query_gets_a_suggestion(backend: SearchBackend) -> None:
    results = backend.search(BackendQuery("olvie", MEMBER))
    assert results.total == 0
    assert results.suggestion == "olive"


def test_text_that_is_not_valid_utf8_is_indexed_without_it(
    backend: SearchBackend,
) -> None:
    backend.index([doc(60, "Broken \ud800 title", "olive \udfff grove")])
    backend.index([doc(61, "Next", "still writable")])
    assert "page:60" in ids(backend, "grove")
    assert ids(backend, "writable") == ["page:61"]


def test_suggestions_come_only_from_readable_documents(backend: SearchBackend) -> None:
    # "secrets" occurs only in space 3, which MEMBER cannot read.
    assert backend.search(BackendQuery("secrts", MEMBER)).suggestion is None
    insider = Scope(member_spaces=frozenset({3}), types={3: PAGES})
    assert backend.search(BackendQuery("secrts", insider)).suggestion == "secrets"


def test_thousands_of_public_spaces_filter_correctly(backend: SearchBackend) -> None:
    spaces = frozenset(range(1, 3001))
    visitor = Scope(public_spaces=spaces, types=dict.fromkeys(spaces, PAGES))
    assert ids(backend, "olive", visitor) == ["page:5"]


def test_file_names_and_typed_angle_brackets_are_ordinary_text(
    backend: SearchBackend,
) -> None:
    backend.index(
        [
            doc(70, "compost-rota.txt", "Rota for turning the heap"),
            doc(71, "Maths", "when a < b the rest still counts: quinces"),
            doc(72, "Code", "<script>alert(1)</script> then medlars"),
        ]
    )
    assert ids(backend, "rota") == ["page:70"]
    assert ids(backend, "quinces") == ["page:71"]
    assert ids(backend, "alert") == ["page:72"]


def test_a_document_made_private_leaves_the_public_results_at_once(
    backend: SearchBackend,
) -> None:
    visitor = Scope(public_spaces=frozenset({1}), types={1: PAGES})
    assert ids(backend, "olive", visitor) == ["page:5"]  # (and remembered, if cached)
    backend.index([doc(5, "Public results", "Our gardens produced olives.")])
    assert ids(backend, "olive", visitor) == []
    backend.index([doc(2, "Market day", "olive oil", visibility="public")])
    assert ids(backend, "olive", visitor) == ["page:2"]
