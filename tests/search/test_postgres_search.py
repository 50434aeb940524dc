"""The PostgreSQL backend's own promises, beyond the conformance suite's shared ones.

One search is one statement (facets, total and page from the readable matches read
once); its pages follow the ranking contract exactly (``ts_rank``, newest, id) across
page boundaries and ties; and each document's ``tsvector`` stays in its row, so ranking
a visitor's thousands of matches does not read the TOAST table. These run in the
PostgreSQL pass of the suite (``ETWINCMS_TEST_DATABASE_URL``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.engine import Engine

from etwincms.hooktypes import SearchDocument
from etwincms.search import query_text
from etwincms.search.backend import BackendQuery, Scope
from etwincms.search.postgres_backend import PostgresBackend, entries, tsquery

pytestmark = [
    pytest.mark.database,
    pytest.mark.skipif(
        not os.environ.get("ETWINCMS_TEST_DATABASE_URL"),
        reason="the PostgreSQL backend's own tests run in the PostgreSQL pass",
    ),
]
PAGES = frozenset({"page"})
SCOPE = Scope(public_spaces=frozenset({1, 2}), types={1: PAGES, 2: PAGES})
START = datetime(2026, 1, 1, tzinfo=UTC)


def doc(
    pk: int, title: str, body: str, minutes: int = 0, **fields: Any
) -> SearchDocument:
    values = {
        "project_id": 1 + pk % 2,
        "type": "page",
        "url": f"/s/a/-/id/{pk}",
        "plugin": "core",
        "language": "en",
        "visibility": "public",
        "updated_at": START + timedelta(minutes=minutes),
        **fields,
    }
    return SearchDocument(id=f"page:{pk:03}", title=title, body=body, **values)


@pytest.fixture
def engine(empty_database_url: str) -> Iterator[Engine]:
    made = create_engine(empty_database_url)
    yield made
    made.dispose()


@pytest.fixture
def backend(engine: Engine) -> PostgresBackend:
    made = PostgresBackend(engine)
    # Ranks of every kind: title and body matches, 1-5 occurrences, and ties broken by
    # the date (same text, other minutes) and then by the id (same text and minute).
    made.index(
        doc(
            n,
            f"Compost {n}" if n % 7 == 0 else f"Beds {n}",
            "compost " * (1 + n % 5),
            n % 4,
        )
        for n in range(57)
    )
    made.index([doc(90, "Unrelated", "beans only", 3)])
    return made


def expected_order(engine: Engine, words: str) -> list[str]:
    """Every match ranked by the contract, computed straight from the table."""
    matching = select(tsquery(query_text.parse(words))).scalar_subquery()
    rank = func.ts_rank(entries.c.document, matching)
    statement = (
        select(entries.c.id)
        .where(entries.c.document.bool_op("@@")(matching))
        .order_by(rank.desc(), entries.c.updated_at.desc(), entries.c.id)
    )
    with engine.connect() as connection:
        return list(connection.scalars(statement))


def test_pages_follow_the_ranking_contract_exactly(
    backend: PostgresBackend, engine: Engine
) -> None:
    expected = expected_order(engine, "compost")
    pages = [
        backend.search(BackendQuery("compost", SCOPE, page=n)) for n in (1, 2, 3, 4)
    ]
    assert [len(page.hits) for page in pages] == [20, 20, 17, 0]
    assert {page.total for page in pages} == {57}
    assert [hit.id for page in pages for hit in page.hits] == expected
    assert set(expected[:9]) == {
        f"page:{n:03}" for n in range(0, 57, 7)
    }  # titles first


def test_a_narrowed_page_keeps_the_facets_of_everything_readable(
    backend: PostgresBackend, engine: Engine
) -> None:
    results = backend.search(BackendQuery("compost", SCOPE, space=2))
    in_space_two = [
        found for found in expected_order(engine, "compost") if int(found[5:]) % 2
    ]
    assert [hit.id for hit in results.hits] == in_space_two[:20]
    assert results.total == len(in_space_two) == 28
    assert results.facets["space"] == {"1": 29, "2": 28}
    assert results.facets["type"] == {"page": 57}


def test_one_search_is_one_statement(backend: PostgresBackend, engine: Engine) -> None:
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", record)
    try:
        results = backend.search(BackendQuery("compost", SCOPE))
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert results.total == 57 and len(results.hits) == 20
    assert len(statements) == 1
    assert "MATERIALIZED" in statements[0]


def vector_is_in_its_row(engine: Engine) -> bool:
    """Whether the one row's vector is stored in the row while something else (its body)
    is out of line: the TOAST table then holds fewer bytes than the vector's size (an
    out-of-line vector would fill it with exactly its size)."""
    with engine.connect() as connection:
        toast = connection.scalar(
            text(
                "SELECT reltoastrelid::regclass::text FROM pg_class"
                " WHERE oid = 'search_entry'::regclass"
            )
        )
        toasted = connection.scalar(
            text(f"SELECT sum(octet_length(chunk_data)) FROM {toast}")
        )
        vector = connection.scalar(
            text("SELECT pg_column_size(document) FROM search_entry")
        )
    return 0 < (toasted or 0) < vector


def long_document(pk: int) -> SearchDocument:
    # Distinct made-up words compress badly: the body and the vector are each over 2 kB
    # (a row's TOAST target), and the vector is under 8 kB (a page).
    words = " ".join(f"w{n * 7919 % 100003:05x}q" for n in range(350))
    return doc(pk, "Long", words)


def test_vectors_stay_in_their_row(engine: Engine) -> None:
    backend = PostgresBackend(engine)
    backend.index([long_document(1)])
    assert vector_is_in_its_row(engine)
    assert backend.search(BackendQuery("w00000q", SCOPE)).total == 1


def test_an_older_table_is_brought_up_to_date(engine: Engine) -> None:
    PostgresBackend(engine)
    with engine.begin() as connection:  # as tables created by earlier releases were
        connection.execute(
            text("ALTER TABLE search_entry ALTER COLUMN document SET STORAGE EXTENDED")
        )
        connection.execute(text("DROP INDEX ix_search_entry_public"))
        connection.execute(text("ALTER TABLE search_entry DROP COLUMN audience"))
    backend = PostgresBackend(engine)
    backend.index([long_document(2), replace(long_document(3), audience="group:1")])
    assert vector_is_in_its_row(engine)
    assert "ix_search_entry_public" in public_indexes(engine)
    pupil = Scope(member_spaces=frozenset({1, 2}), types={1: PAGES, 2: PAGES})
    assert backend.search(BackendQuery("w00000q", pupil)).total == 1
    teacher = replace(pupil, audiences={2: frozenset({"*"})})
    assert backend.search(BackendQuery("w00000q", teacher)).total == 2


def public_indexes(engine: Engine) -> dict[str, str]:
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT indexname, indexdef FROM pg_indexes"
                " WHERE tablename = 'search_entry' AND schemaname = current_schema()"
            )
        )
        return {name: definition for name, definition in rows if "public" in definition}


def test_visitors_search_an_index_of_public_documents(backend: PostgresBackend) -> None:
    definition = public_indexes(backend.engine)["ix_search_entry_public"]
    assert "gin (document)" in definition and "visibility" in definition
