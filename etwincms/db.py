"""Database wiring: the declarative base, the engine and a session per request.

Models derive from :class:`Base`, whose metadata carries a naming convention so that
constraint names are stable across SQLite and PostgreSQL and Alembic can refer to them.
:class:`Database` owns one engine and one session factory per application; views get the
request's session from :func:`get_session`, which is closed at the end of the request.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import DateTime, MetaData, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


#: In a table's or column's ``info``: its rows never change what a page shows (outbox
#: rows, tokens, read markers), so writing them moves no content stamp.
NOT_SHOWN = "not_shown_on_pages"
#: In a table's ``info``: its rows are shown only in their own space, so a row that
#: belongs to no space (a sign-in's audit entry) moves no stamp, rather than the site's.
SHOWN_IN_ITS_SPACE = "shown_in_its_space_only"


class Base(DeclarativeBase):
    """Declarative base of every core and plugin model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp, also on SQLite (which stores naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use etwincms.db.utcnow()")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> Any:
        if value is None or value.tzinfo is not None:
            return value
        return value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


class Database:
    """One engine and one session factory, owned by one application."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        from . import events

        self.engine = make_engine(url, echo=echo)
        self.sessionmaker = sessionmaker(self.engine, expire_on_commit=False)
        events.install(self.sessionmaker)

    def session(self) -> Session:
        """A new session; the caller closes it (use as a context manager)."""
        return self.sessionmaker()

    def dispose(self) -> None:
        self.engine.dispose()


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys and a busy timeout."""
    if not url.startswith("sqlite"):
        return create_engine(url, echo=echo, pool_pre_ping=True)
    engine = create_engine(url, echo=echo, connect_args={"timeout": 30})
    event.listen(engine, "connect", configure_sqlite_connection)
    event.listen(engine, "savepoint", begin_before_savepoint)
    return engine


def configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers proceed while one writer writes; foreign keys are off by default.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def begin_before_savepoint(connection: Any, _name: str) -> None:
    # The sqlite3 module opens a transaction only before an INSERT/UPDATE/DELETE; a
    # SAVEPOINT sent first would open it instead, and its RELEASE would then COMMIT the
    # whole unit of work half-way (a ``begin_nested()`` guarding a unique insert). Open
    # the transaction first, so the savepoint nests in it as on PostgreSQL.
    dbapi_connection = connection.connection.dbapi_connection
    if not dbapi_connection.in_transaction:
        dbapi_connection.execute("BEGIN")


def get_session() -> Session:
    """The current request's (or app context's) session, created on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["etwincms"].db.session()
    return g.db_session


def commit(session: Session | None = None) -> None:
    """Commit the unit of work, then tell plugins what happened (events after commit)."""
    from . import events
    from .search.engine import drain_after_commit

    session = session or get_session()
    session.commit()
    events.dispatch(session)
    drain_after_commit(session)


def dispatch_after_request(response: Any) -> Any:
    """Deliver events of a view that committed with ``session.commit()`` directly."""
    from . import events
    from .search.engine import drain_after_commit

    session = g.get("db_session")
    if session is not None:
        events.dispatch(session)
        drain_after_commit(session)
    return response


def close_session(_exc: BaseException | None = None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def init_app(app: Flask, database: Database) -> None:
    """Deliver committed events after each request; close the session at the end."""
    app.after_request(dispatch_after_request)
    app.teardown_appcontext(close_session)
