"""The PostgreSQL search backend's tables: documents with their ``tsvector``, and words.

``search_entry`` holds one row per document (its permission columns, its text for
snippets and its weighted ``tsvector`` under a GIN index); ``search_word`` the words seen,
for spelling suggestions. They are derived data, created by the backend on first use, so
the migration environment and backups leave them alone (:data:`TABLES`).
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.engine import Connection

metadata = MetaData()
entries = Table(
    "search_entry",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("project_id", Integer, nullable=False),
    Column("type", String(64), nullable=False),
    Column("plugin", String(64), nullable=False),
    Column("visibility", String(16), nullable=False),
    Column("audience", String(64), nullable=False, server_default=""),
    Column("language", String(16), nullable=False),
    Column("config", String(32), nullable=False),
    Column("url", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True)),
    Column("document", TSVECTOR, nullable=False),
    Index("ix_search_entry_document", "document", postgresql_using="gin"),
    Index("ix_search_entry_scope", "project_id", "type", "visibility"),
)
#: A visitor reads public documents only, of a third of the spaces or more: their matches
#: come straight from this smaller index, not from intersecting every match with the
#: ~33,000 scope entries of the public spaces (at 100,000 documents: 3 ms, not 15).
public_matches = Index(
    "ix_search_entry_public",
    entries.c.document,
    postgresql_using="gin",
    postgresql_where=text("visibility = 'public'"),
)
words = Table(
    "search_word",
    metadata,
    Column("word", String(40), primary_key=True),
    Index("ix_search_word_prefix", "word", postgresql_ops={"word": "text_pattern_ops"}),
)
#: Tables this backend owns (the migration environment leaves them alone).
TABLES = frozenset(metadata.tables)


def bring_up_to_date(connection: Connection) -> None:
    """Give a table made by an earlier release what :data:`metadata` now creates:
    ``create_all`` makes missing tables, not missing columns, indexes or storage
    settings."""
    public_matches.create(connection, checkfirst=True)
    add_audience(connection)
    keep_vectors_inline(connection)


def add_audience(connection: Connection) -> None:
    """The ``audience`` column, newer than the table: rows written before it have none
    (``''``) until a ``search rebuild``. The catalogue is read first: ``ALTER TABLE`` would take
    the table's lock at every start."""
    found = connection.scalar(
        text(
            "SELECT 1 FROM pg_attribute WHERE attrelid = 'search_entry'::regclass"
            " AND attname = 'audience' AND NOT attisdropped"
        )
    )
    if found is None:
        connection.execute(
            text(
                "ALTER TABLE search_entry"
                " ADD COLUMN audience varchar(64) NOT NULL DEFAULT ''"
            )
        )


def keep_vectors_inline(connection: Connection) -> None:
    """Store each ``tsvector`` in its row (compressed), not in the TOAST side table.

    Ranking reads the vector of every readable match: out of line, each is a few more
    page reads (a visitor's frequent word: ~20,000 buffers). With ``STORAGE MAIN`` the
    body, needed only for the page's 20 snippets, is moved out of line first, so the heap
    keeps the narrow columns and the vectors. Only rows written afterwards change: a
    ``search rebuild`` rewrites them all. The catalogue is read first so a running site
    does not take the table's lock at every start.
    """
    storage = connection.scalar(
        text(
            "SELECT attstorage FROM pg_attribute"
            " WHERE attrelid = 'search_entry'::regclass AND attname = 'document'"
        )
    )
    if storage != "m":
        connection.execute(
            text("ALTER TABLE search_entry ALTER COLUMN document SET STORAGE MAIN")
        )
