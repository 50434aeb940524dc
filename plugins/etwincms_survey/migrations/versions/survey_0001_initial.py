"""Survey schema: surveys, responses, and who answered (no link between the two).

Revision ID: survey_0001
Revises:
Create Date: 2026-12-02 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "survey_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("survey",)
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
        "survey_survey",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("audience", sa.String(length=20), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("compare_schools", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("opens_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("preset", sa.String(length=40), nullable=False),
        sa.Column("linked_id", sa.Integer(), nullable=True),
        sa.Column("public_token", sa.String(length=64), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        foreign_key("survey_survey", "project_id", "project", "CASCADE"),
        foreign_key("survey_survey", "linked_id", "survey_survey", "SET NULL"),
        foreign_key("survey_survey", "author_id", "user_account", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_survey")),
        sa.UniqueConstraint("public_token", name=op.f("uq_survey_survey_public_token")),
        sqlite_autoincrement=True,
    )
    create_indexes("survey_survey", ["project_id", "linked_id", "author_id"])
    op.create_table(
        "survey_response",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("respondent_id", sa.Integer(), nullable=True),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        foreign_key("survey_response", "survey_id", "survey_survey", "CASCADE"),
        foreign_key("survey_response", "respondent_id", "user_account", "CASCADE"),
        foreign_key("survey_response", "school_id", "school", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_response")),
        sqlite_with_rowid=False,
    )
    create_indexes("survey_response", ["survey_id", "respondent_id", "school_id"])
    op.create_table(
        "survey_participant",
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        foreign_key("survey_participant", "survey_id", "survey_survey", "CASCADE"),
        foreign_key("survey_participant", "user_id", "user_account", "CASCADE"),
        sa.PrimaryKeyConstraint(
            "survey_id", "user_id", name=op.f("pk_survey_participant")
        ),
        sqlite_with_rowid=False,
    )
    create_indexes("survey_participant", ["user_id"])


def create_indexes(table: str, columns: list[str]) -> None:
    """One plain index per column, named by the convention: ``ix_<table>_<column>``."""
    for column in columns:
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column], unique=False)


def downgrade() -> None:
    op.drop_table("survey_participant")
    op.drop_table("survey_response")
    op.drop_table("survey_survey")
