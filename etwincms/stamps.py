"""Content stamps: a random number per space, and one for the site, that every committed
change to what pages show replaces, so that a cache keyed on them never serves old content.

``install(sessionmaker)`` watches the sessions it makes. A flush notes the spaces of the
rows it wrote: a row's ``project_id``, or the space of the row its foreign keys lead to (a
revision's page, a forum post's topic's forum); a row that leads to no space (a user, a
school) notes the whole site. An ``INSERT``, ``UPDATE`` or ``DELETE`` statement notes the
space named by its ``content_scope`` execution option, else the site. Just before the
outermost commit the noted stamps get new values in the same transaction, so a reader
that sees a new stamp sees the change with it. Tables and columns whose ``info`` holds
:data:`~etwincms.db.NOT_SHOWN` move nothing, and rows of tables marked
:data:`~etwincms.db.SHOWN_IN_ITS_SPACE` that belong to no space (sign-ins' audit
entries) move nothing either. Code that writes around the session (a
restore through a raw connection) calls :func:`touch`. The values are random rather than
counted, so a database emptied and filled again never repeats an old stamp.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from functools import cache
from typing import Any

from sqlalchemy import Column, Table, event, inspect, select
from sqlalchemy.orm import Mapper, ORMExecuteState, Session, SessionTransaction
from sqlalchemy.orm import sessionmaker as SessionMaker
from sqlalchemy.sql.elements import TextClause

from .db import NOT_SHOWN, SHOWN_IN_ITS_SPACE, Base
from .models import ContentStamp
from .models.stamp import SITE_SCOPE

#: The scope of what belongs to no space: users, schools, site settings.
SITE = SITE_SCOPE
#: The execution option that names the space a bulk statement writes in.
SCOPE_OPTION = "content_scope"
NOTED = "etwincms.stamps.noted"
FOUND = "etwincms.stamps.found"
WRITES = ("insert", "update", "delete", "replace", "truncate", "merge")
#: A step from a row to the row its foreign key names: (attribute, that row's mapper).
Step = tuple[str, Mapper[Any]]


def install(factory: SessionMaker[Session]) -> None:
    """Watch the flushes, statements and commits of every session ``factory`` makes."""
    event.listen(factory, "after_flush", note_flush)
    event.listen(factory, "do_orm_execute", note_statement)
    event.listen(factory, "before_commit", renew_noted)
    event.listen(factory, "after_transaction_end", forget)


def touch(session: Session, scope: int = SITE) -> None:
    """Mark ``scope`` (a space's id, or :data:`SITE`) as changed by this transaction."""
    noted(session).add(scope)


def noted(session: Session) -> set[int]:
    return session.info.setdefault(NOTED, set())


def wrote(session: Session) -> bool:
    """Whether this transaction has written, or holds unflushed changes to, anything
    pages show: what it renders may never be committed, so no cache may keep it."""
    return bool(
        session.info.get(NOTED) or session.new or session.dirty or session.deleted
    )


def read(session: Session, scopes: Iterable[int]) -> dict[int, int]:
    """The current stamps of these scopes (a scope never written has none)."""
    rows = session.execute(
        select(ContentStamp.scope, ContentStamp.value).where(
            ContentStamp.scope.in_(list(scopes))
        )
    )
    return {scope: value for scope, value in rows}  # noqa: C416 (rows, not pairs)


# -- noting what a transaction wrote --------------------------------------------------------


def note_flush(session: Session, _context: Any) -> None:
    """After a flush, while its lists still hold what it wrote: note their spaces."""
    scopes = noted(session)
    for obj in (*session.new, *session.deleted):
        scopes.update(scopes_of(session, obj))
    for obj in session.dirty:
        if shown_change(obj):
            scopes.update(scopes_of(session, obj))


def note_statement(state: ORMExecuteState) -> None:
    """A bulk write through the session: its ``content_scope``, else the whole site."""
    statement = state.statement
    if isinstance(statement, TextClause):
        if str(statement).lstrip().lower().startswith(WRITES):
            touch(state.session)
        return
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    if hidden(statement.table):  # type: ignore[attr-defined]
        return
    touch(state.session, int(state.execution_options.get(SCOPE_OPTION, SITE)))


def shown_change(obj: object) -> bool:
    """Whether a dirty row changed anything but columns marked :data:`NOT_SHOWN`."""
    state = inspect(obj)
    quiet = quiet_keys(state.mapper)
    return any(
        attr.history.has_changes() for attr in state.attrs if attr.key not in quiet
    )


@cache
def quiet_keys(mapper: Mapper[Any]) -> frozenset[str]:
    return frozenset(
        prop.key
        for prop in mapper.column_attrs
        if any(
            isinstance(column, Column) and column.info.get(NOT_SHOWN)
            for column in prop.columns
        )
    )


def hidden(table: Any) -> bool:
    return isinstance(table, Table) and bool(table.info.get(NOT_SHOWN))


# -- finding a row's space ----------------------------------------------------------------


def scopes_of(session: Session, obj: object) -> set[int]:
    """The spaces ``obj``'s row belongs to: none if its table is not shown, the site if
    no foreign key leads to a space (unless the table is shown in its space only)."""
    state = inspect(obj)
    table = state.mapper.local_table
    if hidden(table):
        return set()
    found = {
        space
        for route in routes_of(state.mapper)
        if (space := follow(session, state.mapper, state.dict, route)) is not None
    }
    if found or table.info.get(SHOWN_IN_ITS_SPACE):
        return found
    return {SITE}


def follow(
    session: Session,
    mapper: Mapper[Any],
    values: dict[str, Any],
    route: tuple[Step, ...],
) -> Any:
    """Walk ``route`` from a row's loaded values to its space's id (``None`` if a key is
    empty or the row it names is gone)."""
    for key, target in route:
        value = values.get(key)
        if value is None:
            return None
        values, mapper = parent_values(session, target, value), target
    return values.get(space_key(mapper) or "")


def parent_values(session: Session, mapper: Mapper[Any], pk: Any) -> dict[str, Any]:
    """The loaded values of one row: from the session if it holds the row (a row
    deleted in this flush is still there), else read once per transaction."""
    parent = session.identity_map.get(mapper.identity_key_from_primary_key([pk]))
    if parent is not None:
        return inspect(parent).dict
    found = session.info.setdefault(FOUND, {})
    if (mapper, pk) not in found:
        found[mapper, pk] = read_row(session, mapper, pk)
    return found[mapper, pk]


def read_row(session: Session, mapper: Mapper[Any], pk: Any) -> dict[str, Any]:
    columns = [
        prop.columns[0].label(prop.key)
        for prop in mapper.column_attrs
        if isinstance(prop.columns[0], Column)
    ]
    (key,) = mapper.primary_key
    row = session.connection().execute(select(*columns).where(key == pk)).first()
    return dict(row._mapping) if row is not None else {}


@cache
def routes_of(mapper: Mapper[Any], depth: int = 3) -> tuple[tuple[Step, ...], ...]:
    """Every way, through at most ``depth`` foreign keys, from this mapper's rows to a
    row that names its space (the row itself when it does)."""
    if space_key(mapper) is not None:
        return ((),)
    if depth == 0:
        return ()
    routes = []
    for fk in sorted(mapper.local_table.foreign_keys, key=lambda fk: fk.parent.name):
        target = mapper_for(fk.column.table)
        if target is None or target is mapper:
            continue
        key = mapper.get_property_by_column(fk.parent).key
        routes += [((key, target), *rest) for rest in routes_of(target, depth - 1)]
    return tuple(routes)


def space_key(mapper: Mapper[Any]) -> str | None:
    """The attribute holding the space's id: ``id`` of a space, else ``project_id``."""
    if mapper.local_table.name == "project":
        return "id"
    column = mapper.local_table.columns.get("project_id")
    return None if column is None else mapper.get_property_by_column(column).key


def mapper_for(table: Any) -> Mapper[Any] | None:
    for mapper in Base.registry.mappers:
        if mapper.local_table is table:
            return mapper
    return None


# -- renewing stamps at the commit ----------------------------------------------------------


def renew_noted(session: Session) -> None:
    """Before the outermost commit: flush what is left, then renew the noted stamps
    in one statement (sorted, so two transactions take the rows' locks in one order)."""
    if session.in_nested_transaction():
        return
    session.flush()
    scopes = session.info.get(NOTED)
    if scopes:
        write(session, sorted(scopes))
        scopes.clear()


def write(session: Session, scopes: list[int]) -> None:
    connection = session.connection()
    rows = [{"scope": scope, "value": secrets.randbits(62)} for scope in scopes]
    statement = dialect_insert(connection.dialect.name)(ContentStamp).values(rows)
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=["scope"], set_={"value": statement.excluded.value}
        )
    )


def dialect_insert(dialect: str) -> Any:
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


def forget(session: Session, transaction: SessionTransaction) -> None:
    """The outermost transaction ended (committed or not): start afresh."""
    if transaction.parent is None:
        session.info.pop(NOTED, None)
        session.info.pop(FOUND, None)
