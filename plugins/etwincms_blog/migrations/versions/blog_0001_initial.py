"""Blog schema: blogs, posts with their tags, comments and travellers.

Revision ID: blog_0001
Revises:
Create Date: 2026-11-24 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "blog_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("blog",)
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


def upgrade() -> None:
    op.create_table(
        "blog_blog",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("visibility", sa.String(length=10), nullable=False),
        sa.Column("writer_roles", sa.JSON(), nullable=False),
        sa.Column("reflection_start", sa.Date(), nullable=True),
        sa.Column("reflection_end", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        foreign_key("project_id", "blog_blog", "project", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_blog_blog")),
    )
    create_indexes("blog_blog", ["project_id"])

    op.create_table(
        "blog_post",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("blog_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("phase", sa.String(length=10), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("publish_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True),
        foreign_key("author_id", "blog_post", "user_account", "SET NULL"),
        foreign_key("blog_id", "blog_post", "blog_blog", "CASCADE"),
        foreign_key("project_id", "blog_post", "project", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_blog_post")),
    )
    create_indexes("blog_post", ["author_id", "blog_id", "project_id", "publish_at"])

    op.create_table(
        "blog_post_tag",
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=40), nullable=False),
        foreign_key("post_id", "blog_post_tag", "blog_post", "CASCADE"),
        sa.PrimaryKeyConstraint("post_id", "tag", name=op.f("pk_blog_post_tag")),
    )
    create_indexes("blog_post_tag", ["tag"])

    op.create_table(
        "blog_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("moderated_by_id", sa.Integer(), nullable=True),
        sa.Column("moderated_at", sa.DateTime(timezone=True), nullable=True),
        foreign_key("author_id", "blog_comment", "user_account", "SET NULL"),
        foreign_key("moderated_by_id", "blog_comment", "user_account", "SET NULL"),
        foreign_key("post_id", "blog_comment", "blog_post", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_blog_comment")),
    )
    create_indexes("blog_comment", ["author_id", "moderated_by_id", "post_id"])

    op.create_table(
        "blog_traveller",
        sa.Column("blog_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        foreign_key("blog_id", "blog_traveller", "blog_blog", "CASCADE"),
        foreign_key("user_id", "blog_traveller", "user_account", "CASCADE"),
        sa.PrimaryKeyConstraint("blog_id", "user_id", name=op.f("pk_blog_traveller")),
    )
    create_indexes("blog_traveller", ["user_id"])


def create_indexes(table: str, columns: list[str]) -> None:
    """One plain index per column, named by the convention: ``ix_<table>_<column>``."""
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(
                batch_op.f(f"ix_{table}_{column}"), [column], unique=False
            )


def downgrade() -> None:
    for table in (
        "blog_traveller",
        "blog_comment",
        "blog_post_tag",
        "blog_post",
        "blog_blog",
    ):
        op.drop_table(table)
