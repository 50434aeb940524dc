"""Wiki schema: articles, their revisions, the links between them and discussions.

Revision ID: wiki_0001
Revises:
Create Date: 2026-12-01 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "wiki_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("wiki",)
depends_on: str | Sequence[str] | None = "0001_core"


def user_fk(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        ["user_account.id"],
        name=op.f(f"fk_{table}_{column}_user_account"),
        ondelete="SET NULL",
    )


def cascade_fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "wiki_article",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("title_key", sa.String(length=400), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("translation_group", sa.Integer(), nullable=True),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("protected", sa.Boolean(), nullable=False),
        sa.Column("current_number", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        user_fk("wiki_article", "created_by_id"),
        cascade_fk("wiki_article", "project_id", "project"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wiki_article")),
        sa.UniqueConstraint(
            "project_id", "title_key", name=op.f("uq_wiki_article_project_id_title_key")
        ),
    )
    create_indexes("wiki_article", ["created_by_id", "project_id", "translation_group"])

    op.create_table(
        "wiki_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("base_number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("summary", sa.String(length=300), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("needs_review", sa.Boolean(), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        cascade_fk("wiki_revision", "article_id", "wiki_article"),
        user_fk("wiki_revision", "author_id"),
        user_fk("wiki_revision", "reviewed_by_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wiki_revision")),
        sa.UniqueConstraint(
            "article_id", "number", name=op.f("uq_wiki_revision_article_id_number")
        ),
    )
    create_indexes("wiki_revision", ["article_id", "author_id", "reviewed_by_id"])

    op.create_table(
        "wiki_link",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("target_key", sa.String(length=400), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        cascade_fk("wiki_link", "article_id", "wiki_article"),
        cascade_fk("wiki_link", "project_id", "project"),
        sa.PrimaryKeyConstraint("article_id", "target_key", name=op.f("pk_wiki_link")),
    )
    op.create_index(
        "ix_wiki_link_project_id_target_key",
        "wiki_link",
        ["project_id", "target_key"],
        unique=False,
    )

    op.create_table(
        "wiki_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        cascade_fk("wiki_comment", "article_id", "wiki_article"),
        user_fk("wiki_comment", "author_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wiki_comment")),
    )
    create_indexes("wiki_comment", ["article_id", "author_id"])


def create_indexes(table: str, columns: list[str]) -> None:
    """One plain index per column, named by the convention: ``ix_<table>_<column>``."""
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(
                batch_op.f(f"ix_{table}_{column}"), [column], unique=False
            )


def downgrade() -> None:
    for table in ("wiki_comment", "wiki_link", "wiki_revision", "wiki_article"):
        op.drop_table(table)
