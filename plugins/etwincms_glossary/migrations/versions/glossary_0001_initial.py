"""Glossary schema: concepts of a space and their terms, one per language.

Revision ID: glossary_0001
Revises:
Create Date: 2026-12-01 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "glossary_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("glossary",)
depends_on: str | Sequence[str] | None = "0001_core"


def foreign_key(
    table: str, column: str, target: str, ondelete: str
) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete=ondelete,
    )


def upgrade() -> None:
    op.create_table(
        "glossary_concept",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=100), nullable=False),
        sa.Column("image_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        foreign_key("glossary_concept", "project_id", "project", "CASCADE"),
        foreign_key("glossary_concept", "image_id", "material", "SET NULL"),
        foreign_key("glossary_concept", "author_id", "user_account", "SET NULL"),
        foreign_key("glossary_concept", "school_id", "school", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_glossary_concept")),
        sqlite_autoincrement=True,
    )
    create_indexes(
        "glossary_concept", ["project_id", "image_id", "author_id", "school_id"]
    )

    op.create_table(
        "glossary_term",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("concept_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("text", sa.String(length=200), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("example", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        foreign_key("glossary_term", "concept_id", "glossary_concept", "CASCADE"),
        foreign_key("glossary_term", "project_id", "project", "CASCADE"),
        foreign_key("glossary_term", "author_id", "user_account", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_glossary_term")),
        sa.UniqueConstraint(
            "concept_id", "language", name=op.f("uq_glossary_term_concept_id_language")
        ),
        sqlite_autoincrement=True,
    )
    create_indexes("glossary_term", ["concept_id", "author_id"])
    op.create_index(
        "ix_glossary_term_project_id_language",
        "glossary_term",
        ["project_id", "language"],
    )


def create_indexes(table: str, columns: list[str]) -> None:
    """One plain index per column, named by the convention: ``ix_<table>_<column>``."""
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(
                batch_op.f(f"ix_{table}_{column}"), [column], unique=False
            )


def downgrade() -> None:
    op.drop_table("glossary_term")
    op.drop_table("glossary_concept")
