"""The PostgreSQL search backend: a ``tsvector`` column with a GIN index, in the site's database.

For deployments that already run PostgreSQL with several web processes: every process
reads the same index, writes are ordinary transactions, and there is no folder to share.
Each document is analysed with its language's text search configuration (``german``,
``spanish``..., ``simple`` for languages without a stemmer), titles weighted ``A`` and
bodies ``B``; a query is turned into a ``tsquery`` in every configuration and OR-ed, so a
word finds documents in any language, each stemmed its own way. Snippets come from
``ts_headline``; facets, total and page from one statement (``postgres_query``);
spelling suggestions from a table of the words seen. The tables (``postgres_tables``)
are derived data like Whoosh's folder: the backend creates them on first use
(``etwincms search rebuild`` fills them) and migrations ignore them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import Any

from sqlalchemy import (
    Integer,
    Text,
    and_,
    any_,
    bindparam,
    cast,
    delete,
    false,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
    true,
)
from sqlalchemy.dialects.postgresql import ARRAY, REGCONFIG, TSQUERY, insert
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql.elements import ColumnElement

from ..hooktypes import SearchDocument
from . import query_text, spelling
from .backend import (
    EVERY_AUDIENCE,
    BackendQuery,
    BackendResults,
    Scope,
    ScopeGroup,
    scope_groups,
    storable,
    text_language,
)
from .postgres_query import facets_and_page
from .postgres_tables import (
    TABLES as TABLES,
)  # re-exported for the migrations and backups
from .postgres_tables import bring_up_to_date, entries, metadata, words

CONFIGS = {
    "en": "english",
    "es": "spanish",
    "de": "german",
    "fr": "french",
    "it": "italian",
    "nl": "dutch",
    "pt": "portuguese",
    "xx": "simple",
}
#: tsvector values are capped at 1 MB; positions past 16,383 all count as the last one.
VECTOR_CHARS = 200_000
GLUE = re.compile(r"[./\\_@:~=?&#+<>]+")
LETTERS = re.compile(r"[^\W\d_]{3,40}")
BATCH = 500
LOCK_KEY = 0x657477696E  # "etwin": one creator of the tables at a time
DRAIN_KEY = LOCK_KEY + 1  # one drain of the outbox at a time


class PostgresBackend:
    """The index in ``search_entry`` / ``search_word`` of the database behind ``engine``."""

    def __init__(self, engine: Engine) -> None:
        if engine.dialect.name != "postgresql":
            raise ValueError(
                "SEARCH_BACKEND 'postgres' needs a PostgreSQL DATABASE_URL"
            )
        self.engine = engine
        with engine.begin() as connection:
            connection.execute(select(func.pg_advisory_xact_lock(LOCK_KEY)))
            metadata.create_all(connection)
            bring_up_to_date(connection)

    # ------------------------------------------------------------ writing

    def index(self, documents: Iterable[SearchDocument]) -> None:
        for batch in batches(documents):
            with self.engine.begin() as connection:
                connection.execute(UPSERT, [row_of(document) for document in batch])
                remember_words(connection, batch)

    def delete(self, ids: Iterable[str]) -> None:
        doomed = list(ids)
        if doomed:
            self.run(delete(entries).where(entries.c.id.in_(doomed)))

    def delete_space(self, project_id: int) -> None:
        self.run(delete(entries).where(entries.c.project_id == project_id))

    def replace_plugin(
        self, project_id: int, plugin: str, documents: Iterable[SearchDocument]
    ) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                delete(entries).where(
                    entries.c.project_id == project_id, entries.c.plugin == plugin
                )
            )
            for batch in batches(documents):
                connection.execute(UPSERT, [row_of(document) for document in batch])
                remember_words(connection, batch)

    def clear(self) -> None:
        self.run(text("TRUNCATE search_entry, search_word"))

    def analyze(self) -> None:
        """Refresh the planner's statistics (after a rebuild, before autovacuum would):
        with stale ones, a visitor's many-space filter gets a poor plan."""
        self.run(text("ANALYZE search_entry, search_word"))

    def count(self) -> int:
        with self.engine.connect() as connection:
            return connection.scalar(select(func.count()).select_from(entries)) or 0

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """No other process drains into this index meanwhile (an advisory lock held on
        a connection of its own for the drain)."""
        with self.engine.connect() as connection:
            connection.execute(select(func.pg_advisory_lock(DRAIN_KEY)))
            try:
                yield
            finally:
                connection.execute(select(func.pg_advisory_unlock(DRAIN_KEY)))

    def run(self, statement: Any) -> None:
        with self.engine.begin() as connection:
            connection.execute(statement)

    # ------------------------------------------------------------ reading

    def search(self, request: BackendQuery) -> BackendResults:
        parsed = query_text.parse(request.text)
        if request.scope.is_empty or parsed.is_empty:
            return BackendResults()
        # A one-row subquery (an InitPlan): the tsquery is built once per statement, not
        # once per row where ts_rank and ts_headline use it.
        matching = select(tsquery(parsed)).scalar_subquery()
        allowed = and_(
            entries.c.document.bool_op("@@")(matching),
            scope_clause(request.scope),
            *filter_clauses(parsed.filters),
        )
        narrow = and_(true(), *narrowing(request))
        with self.engine.connect() as connection:
            results = facets_and_page(connection, allowed, narrow, matching, request)
            if results.total == 0:
                results.suggestion = self.suggest(connection, request)
        return results

    def suggest(self, connection: Connection, request: BackendQuery) -> str | None:
        """A respelt query that finds something in the searcher's scope, if any does."""

        def candidates(word: str) -> list[str]:
            return list(
                connection.scalars(
                    select(words.c.word).where(
                        words.c.word.startswith(word[0], autoescape=True),
                        func.length(words.c.word).between(len(word) - 2, len(word) + 2),
                    )
                )
            )

        respelt = spelling.respell(request.text, candidates)
        if respelt is None:
            return None
        retry = BackendQuery(respelt, request.scope, request.space, request.type)
        return respelt if self.search(retry).total else None


ROW_COLUMNS = tuple(c.name for c in entries.c if c.name != "document")


def weighted(field: str, weight: str) -> ColumnElement[Any]:
    """A text field as a tsvector in the row's configuration, its lexemes weighted."""
    vector = func.to_tsvector(
        cast(bindparam("v_config"), REGCONFIG),
        bindparam(f"words_{field}"),
    )
    return func.setweight(vector, literal_column(f"'{weight}'"))


def make_upsert() -> Any:
    values: dict[str, Any] = {name: bindparam(f"v_{name}") for name in ROW_COLUMNS}
    values["document"] = weighted("title", "A").op("||")(weighted("body", "B"))
    statement = insert(entries).values(values)
    changed = {c.name: statement.excluded[c.name] for c in entries.c if c.name != "id"}
    return statement.on_conflict_do_update(index_elements=[entries.c.id], set_=changed)


UPSERT = make_upsert()


def batches(documents: Iterable[SearchDocument]) -> Iterator[list[SearchDocument]]:
    iterator = iter(documents)
    while batch := list(islice(iterator, BATCH)):
        yield batch


def row_of(document: SearchDocument) -> dict[str, Any]:
    """The upsert's parameters for one document."""
    columns = columns_of(document)
    return {f"v_{name}": value for name, value in columns.items()} | {
        "words_title": as_words(columns["title"]),
        "words_body": as_words(columns["body"][:VECTOR_CHARS]),
    }


def as_words(text: str) -> str:
    """Text for ``to_tsvector`` with file names, addresses and paths split into words
    (its parser would keep ``compost-rota.txt`` as one token), as Whoosh splits them,
    and no ``<``: the parser reads tags, skips ``<script>`` contents and drops the rest
    of the text after a lone ``<``, which here is only a character somebody typed."""
    return GLUE.sub(" ", text)


def columns_of(document: SearchDocument) -> dict[str, Any]:
    return {
        "id": document.id,
        "project_id": document.project_id,
        "type": document.type,
        "plugin": document.plugin or "core",
        "visibility": document.visibility,
        "audience": document.audience,
        "language": document.language or "xx",
        "config": CONFIGS[text_language(document.language)],
        "url": document.url,
        "title": storable(document.title),
        "body": storable(document.body),
        "updated_at": document.updated_at,
    }


def remember_words(connection: Connection, batch: list[SearchDocument]) -> None:
    """Add the batch's unseen words to the spelling dictionary."""
    seen = {
        word.lower()
        for document in batch
        for word in LETTERS.findall(f"{document.title} {document.body}")
    }
    if seen:
        connection.execute(
            insert(words)
            .from_select(
                ["word"],
                select(func.unnest(bindparam("seen", sorted(seen), type_=ARRAY(Text)))),
            )
            .on_conflict_do_nothing()
        )


def tsquery(parsed: query_text.ParsedQuery) -> ColumnElement[Any]:
    """The query in every language's configuration, OR-ed together."""
    per_language = [in_configuration(parsed, config) for config in CONFIGS.values()]
    combined = per_language[0]
    for other in per_language[1:]:
        combined = combined.op("||", return_type=TSQUERY)(other)
    return combined


def in_configuration(parsed: query_text.ParsedQuery, config: str) -> ColumnElement[Any]:
    regconfig = literal_column(f"'{config}'::regconfig")  # a name from CONFIGS
    parts = [term_query(term, regconfig) for term in parsed.terms]
    parts += [func.phraseto_tsquery(regconfig, " ".join(p)) for p in parsed.phrases]
    combined = parts[0]
    for other in parts[1:]:
        combined = combined.op("&&", return_type=TSQUERY)(other)
    return combined


def term_query(term: query_text.Term, regconfig: Any) -> ColumnElement[Any]:
    if not (term.prefix or term.title_only):
        return func.plainto_tsquery(regconfig, term.word)
    # The word is \w+ only (query_text guarantees it), so to_tsquery sees no operators.
    label = ":" + ("*" if term.prefix else "") + ("A" if term.title_only else "")
    return func.to_tsquery(regconfig, term.word + label)


def scope_clause(scope: Scope) -> ColumnElement[bool]:
    """Readable documents; a visitor's thousands of public spaces that allow the same
    types become one ``= ANY`` test."""
    clauses = [
        and_(
            entries.c.project_id == any_(literal(ids, ARRAY(Integer))),
            entries.c.type == any_(literal(sorted(group.types), ARRAY(Text))),
            audience_clause(group),
        )
        for group, ids in scope_groups(scope).items()
    ]
    return or_(*clauses) if clauses else false()


def audience_clause(group: ScopeGroup) -> ColumnElement[bool]:
    """Public documents without an audience, or members-only ones of the audiences
    held (all of them for :data:`EVERY_AUDIENCE`)."""
    if not group.member:
        return and_(entries.c.visibility == "public", entries.c.audience == "")
    if EVERY_AUDIENCE in group.audiences:
        return true()
    held = ["", *sorted(group.audiences)]
    return entries.c.audience == any_(literal(held, ARRAY(Text)))


def filter_clauses(filters: dict[str, str]) -> list[ColumnElement[bool]]:
    return [entries.c[name] == value for name, value in filters.items()]


def narrowing(request: BackendQuery) -> list[ColumnElement[bool]]:
    clauses = []
    if request.space is not None:
        clauses.append(entries.c.project_id == request.space)
    if request.type:
        clauses.append(entries.c.type == request.type)
    if request.language:
        clauses.append(entries.c.language == request.language)
    return clauses
