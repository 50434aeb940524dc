"""One search in one statement: the readable matches are found once, then counted and ranked.

A visitor's scope (every public space) holds a third of the table, so a frequent word has
thousands of readable matches. They are read once, into a ``MATERIALIZED`` CTE of their
narrow columns and ``ts_rank`` (computed only for the rows the space/type/language filters
keep, since only those are ranked); the facet counts (``GROUPING SETS``) and the page come
from that CTE, and only the page's 20 rows are joined back for their title, address and
``ts_headline`` snippet. Both parts travel in one ``UNION ALL`` result: ``kind`` tells a
facet row from a hit. The ranking is exact (``ts_rank``, then newest, then id).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import (
    DateTime,
    Integer,
    Text,
    case,
    cast,
    func,
    literal,
    null,
    select,
    tuple_,
    union_all,
)
from sqlalchemy.dialects.postgresql import REGCONFIG
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from .backend import BackendQuery, BackendResults, Hit
from .postgres_tables import entries

FACETS = {"type": "type", "space": "project_id", "language": "language"}
HEADLINE_CHARS = 20_000
HEADLINE = (
    "StartSel=\x02, StopSel=\x03, MaxWords=30, MinWords=12, ShortWord=2, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)
FACET, HIT = "f", "h"


def facets_and_page(
    connection: Connection,
    allowed: ColumnElement[bool],
    narrow: ColumnElement[bool],
    matching: ColumnElement[Any],
    request: BackendQuery,
) -> BackendResults:
    """Facet counts over everything ``allowed``, the total and one page of what
    ``narrow`` (plain column tests) keeps of it, ranked."""
    readable = readable_matches(allowed, narrow, matching)
    statement = union_all(facet_rows(readable), hit_rows(readable, matching, request))
    results = BackendResults(facets={name: Counter() for name in FACETS})
    hits = []
    for row in connection.execute(statement):
        if row.kind == FACET:
            count_facet(results, row)
        else:
            hits.append(row)
    results.hits = [to_hit(row) for row in sorted(hits, key=lambda row: row.position)]
    return results


def readable_matches(
    allowed: ColumnElement[bool],
    narrow: ColumnElement[bool],
    matching: ColumnElement[Any],
) -> Any:
    """The readable matches' small columns and rank, computed once: both the facets and
    the page read them (``MATERIALIZED`` says so, whatever later edits make of it)."""
    return (
        select(
            entries.c.id,
            entries.c.project_id,
            entries.c.type,
            entries.c.language,
            entries.c.updated_at,
            narrow.label("kept"),
            case((narrow, func.ts_rank(entries.c.document, matching))).label("rank"),
        )
        .where(allowed)
        .cte("readable")
        .prefix_with("MATERIALIZED")
    )


def facet_rows(readable: Any) -> Any:
    columns = [readable.c[column] for column in FACETS.values()]
    return select(
        literal(FACET).label("kind"),
        *columns,
        func.grouping(*columns).label("level"),
        func.count().label("n"),
        func.count().filter(readable.c.kept).label("narrowed"),
        *[cast(null(), type_).label(name) for name, type_ in HIT_COLUMNS],
    ).group_by(func.grouping_sets(*[tuple_(c) for c in columns], tuple_()))


HIT_COLUMNS = (
    ("id", Text()),
    ("title", Text()),
    ("url", Text()),
    ("updated_at", DateTime(timezone=True)),
    ("headline", Text()),
    ("position", Integer()),
)


def hit_rows(readable: Any, matching: ColumnElement[Any], request: BackendQuery) -> Any:
    chosen = numbered(page_of(readable, request))
    headline = func.ts_headline(
        cast(entries.c.config, REGCONFIG),
        html_escaped(func.left(entries.c.body, HEADLINE_CHARS)),
        matching,
        HEADLINE,
    )
    return select(
        literal(HIT).label("kind"),
        *[entries.c[column] for column in FACETS.values()],
        cast(null(), Integer()).label("level"),
        cast(null(), Integer()).label("n"),
        cast(null(), Integer()).label("narrowed"),
        entries.c.id,
        entries.c.title,
        entries.c.url,
        entries.c.updated_at,
        headline.label("headline"),
        chosen.c.position,
    ).join_from(chosen, entries, chosen.c.id == entries.c.id)


def ranked(rows: Any) -> tuple[Any, ...]:
    """The ranking contract: ``ts_rank``, then the newest, then the id (a stable order)."""
    return (rows.c.rank.desc(), rows.c.updated_at.desc(), rows.c.id)


def page_of(readable: Any, request: BackendQuery) -> Any:
    """The page's ids, chosen with a top-N sort of the kept matches."""
    return (
        select(readable.c.id, readable.c.rank, readable.c.updated_at)
        .where(readable.c.kept)
        .order_by(*ranked(readable))
        .limit(request.per_page)
        .offset((max(request.page, 1) - 1) * request.per_page)
        .subquery()
    )


def numbered(page: Any) -> Any:
    """The page's ids with their place in it (the ``UNION ALL`` keeps no order)."""
    position = func.row_number().over(order_by=ranked(page))
    return select(page.c.id, position.label("position")).subquery()


def count_facet(results: BackendResults, row: Any) -> None:
    """One ``GROUPING SETS`` row: the grand total (all three columns grouped away) or
    one facet value's count."""
    if row.level == 0b111:
        results.total = row.narrowed
        return
    for name, column in FACETS.items():
        value = row._mapping[column]
        if value is not None and row.n:
            results.facets[name][str(value)] = row.n


def to_hit(row: Any) -> Hit:
    return Hit(
        id=row.id,
        project_id=row.project_id,
        type=row.type,
        title=row.title,
        url=row.url,
        snippet=marked(row.headline),
        language=row.language,
        updated_at=row.updated_at,
    )


def html_escaped(body: ColumnElement[str]) -> ColumnElement[str]:
    """The text escaped before ``ts_headline`` sees it: its parser would drop what looks
    like a tag (``<b>`` typed as text), and entities pass through it unchanged."""
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        body = func.replace(body, char, entity)
    return body


def marked(headline: str) -> str:
    """The escaped snippet with its match markers as ``<mark>`` elements."""
    safe = headline.replace("<", "&lt;").replace(">", "&gt;")  # none expected; be sure
    return safe.replace("\x02", "<mark>").replace("\x03", "</mark>")
