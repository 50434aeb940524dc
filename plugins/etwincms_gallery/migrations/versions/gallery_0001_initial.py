"""Gallery schema: albums and their photos and videos.

Revision ID: gallery_0001
Revises:
Create Date: 2026-11-24 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "gallery_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("gallery",)
depends_on: str | Sequence[str] | None = "0001_core"


def foreign_key(
    column: str, table: str, target: str, ondelete: str
) -> sa.ForeignKeyConstraint:
    """A foreign key named by the metadata's convention."""
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete=ondelete,
    )


def key_column(name: str) -> sa.Column:
    return sa.Column(name, sa.String(length=80), nullable=True)


def upgrade() -> None:
    op.create_table(
        "gallery_album",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.String(length=1000), nullable=False),
        sa.Column("phase", sa.String(length=10), nullable=True),
        sa.Column("visibility", sa.String(length=10), nullable=False),
        sa.Column("cover_item_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        foreign_key("created_by_id", "gallery_album", "user_account", "SET NULL"),
        foreign_key("project_id", "gallery_album", "project", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gallery_album")),
    )
    create_indexes("gallery_album", ["created_by_id", "project_id"])

    op.create_table(
        "gallery_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("album_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("original_name", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("storage_key", sa.String(length=80), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        key_column("small_key"),
        key_column("medium_key"),
        key_column("large_key"),
        key_column("poster_key"),
        sa.Column("caption", sa.String(length=1000), nullable=False),
        sa.Column("alt_text", sa.String(length=500), nullable=False),
        sa.Column("identifiable", sa.Boolean(), nullable=False),
        sa.Column("consent_by_id", sa.Integer(), nullable=True),
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("uploader_id", sa.Integer(), nullable=True),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True),
        foreign_key("album_id", "gallery_item", "gallery_album", "CASCADE"),
        foreign_key("consent_by_id", "gallery_item", "user_account", "SET NULL"),
        foreign_key("project_id", "gallery_item", "project", "CASCADE"),
        foreign_key("school_id", "gallery_item", "school", "SET NULL"),
        foreign_key("uploader_id", "gallery_item", "user_account", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gallery_item")),
    )
    create_indexes(
        "gallery_item",
        ["album_id", "consent_by_id", "project_id", "school_id", "uploader_id"],
    )


def create_indexes(table: str, columns: list[str]) -> None:
    """One plain index per column, named by the convention: ``ix_<table>_<column>``."""
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(
                batch_op.f(f"ix_{table}_{column}"), [column], unique=False
            )


def downgrade() -> None:
    for table in ("gallery_item", "gallery_album"):
        op.drop_table(table)
