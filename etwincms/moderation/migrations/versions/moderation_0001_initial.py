"""Moderation schema: pupils' media consent, who items show, page requests, decisions.

Revision ID: moderation_0001
Revises:
Create Date: 2026-11-24 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "moderation_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("moderation",)
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


def index(table: str, column: str, unique: bool = False) -> None:
    op.create_index(op.f(f"ix_{table}_{column}"), table, [column], unique=unique)


def upgrade() -> None:
    create_consent()
    create_shown()
    create_page_request()
    create_decision()


def create_consent() -> None:
    op.create_table(
        "moderation_consent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column(
            "level",
            sa.Enum(
                "none",
                "members",
                "public",
                name="moderation_consent_level",
                native_enum=False,
                create_constraint=True,
                length=7,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        foreign_key("moderation_consent", "pupil_id", "user_account", "CASCADE"),
        foreign_key("moderation_consent", "recorded_by_id", "user_account", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_consent")),
        sa.UniqueConstraint("pupil_id", name=op.f("uq_moderation_consent_pupil_id")),
    )
    index("moderation_consent", "recorded_by_id")


def create_shown() -> None:
    op.create_table(
        "moderation_shown",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=120), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        foreign_key("moderation_shown", "project_id", "project", "CASCADE"),
        foreign_key("moderation_shown", "pupil_id", "user_account", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_shown")),
        sa.UniqueConstraint(
            "project_id",
            "item_id",
            "pupil_id",
            name=op.f("uq_moderation_shown_project_id_item_id_pupil_id"),
        ),
    )
    index("moderation_shown", "project_id")
    index("moderation_shown", "pupil_id")


def create_page_request() -> None:
    op.create_table(
        "moderation_page_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("page_id", sa.Integer(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        foreign_key("moderation_page_request", "project_id", "project", "CASCADE"),
        foreign_key("moderation_page_request", "page_id", "page", "CASCADE"),
        foreign_key(
            "moderation_page_request", "requested_by_id", "user_account", "SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_page_request")),
        sa.UniqueConstraint("page_id", name=op.f("uq_moderation_page_request_page_id")),
    )
    index("moderation_page_request", "project_id")
    index("moderation_page_request", "requested_by_id")


def create_decision() -> None:
    op.create_table(
        "moderation_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("approved", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        foreign_key("moderation_decision", "project_id", "project", "CASCADE"),
        foreign_key("moderation_decision", "author_id", "user_account", "SET NULL"),
        foreign_key("moderation_decision", "decided_by_id", "user_account", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_decision")),
    )
    for column in ("project_id", "item_id", "author_id", "decided_by_id"):
        index("moderation_decision", column)


def downgrade() -> None:
    for table in (
        "moderation_decision",
        "moderation_page_request",
        "moderation_shown",
        "moderation_consent",
    ):
        op.drop_table(table)
