"""Meetings schema: meetings, decisions, RSVPs, attendance, time zones, feed tokens.

Revision ID: meetings_0001
Revises:
Create Date: 2026-11-24 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "meetings_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("meetings",)
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


def create_indexes(table: str, columns: list[str]) -> None:
    """One plain index per column, named by the convention: ``ix_<table>_<column>``."""
    for column in columns:
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column], unique=False)


def upgrade() -> None:
    create_meeting()
    create_children()
    create_personal()


def create_meeting() -> None:
    table = "meetings_meeting"
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("agenda", sa.Text(), nullable=False),
        sa.Column("agenda_html", sa.Text(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("audience", sa.String(length=20), nullable=False),
        sa.Column("conference_url", sa.String(length=500), nullable=False),
        sa.Column("repeat_weeks", sa.Integer(), nullable=False),
        sa.Column("repeat_count", sa.Integer(), nullable=True),
        sa.Column("repeat_until", sa.Date(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_for", sa.DateTime(timezone=True), nullable=True),
        sa.Column("recording_url", sa.String(length=500), nullable=False),
        sa.Column("minutes_page_id", sa.Integer(), nullable=True),
        sa.Column("organiser_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        foreign_key(table, "project_id", "project", "CASCADE"),
        foreign_key(table, "minutes_page_id", "page", "SET NULL"),
        foreign_key(table, "organiser_id", "user_account", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings_meeting")),
    )
    create_indexes(
        table, ["project_id", "starts_at", "minutes_page_id", "organiser_id"]
    )


def create_children() -> None:
    op.create_table(
        "meetings_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        foreign_key("meetings_decision", "meeting_id", "meetings_meeting", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings_decision")),
    )
    create_indexes("meetings_decision", ["meeting_id"])
    op.create_table(
        "meetings_rsvp",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("answer", sa.String(length=10), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        foreign_key("meetings_rsvp", "meeting_id", "meetings_meeting", "CASCADE"),
        foreign_key("meetings_rsvp", "user_id", "user_account", "CASCADE"),
        sa.PrimaryKeyConstraint("meeting_id", "user_id", name=op.f("pk_meetings_rsvp")),
    )
    create_indexes("meetings_rsvp", ["user_id"])
    table = "meetings_attendance"
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("occurs_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        foreign_key(table, "meeting_id", "meetings_meeting", "CASCADE"),
        foreign_key(table, "user_id", "user_account", "CASCADE"),
        foreign_key(table, "recorded_by_id", "user_account", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings_attendance")),
        sa.UniqueConstraint(
            "meeting_id",
            "occurs_at",
            "user_id",
            name=op.f("uq_meetings_attendance_meeting_id_occurs_at_user_id"),
        ),
    )
    create_indexes(table, ["meeting_id", "user_id", "recorded_by_id"])


def create_personal() -> None:
    op.create_table(
        "meetings_preference",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        foreign_key("meetings_preference", "user_id", "user_account", "CASCADE"),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_meetings_preference")),
    )
    table = "meetings_feed_token"
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        foreign_key(table, "user_id", "user_account", "CASCADE"),
        foreign_key(table, "project_id", "project", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings_feed_token")),
        sa.UniqueConstraint(
            "token_hash", name=op.f("uq_meetings_feed_token_token_hash")
        ),
        sa.UniqueConstraint(
            "user_id",
            "project_id",
            name=op.f("uq_meetings_feed_token_user_id_project_id"),
        ),
    )
    create_indexes(table, ["user_id", "project_id"])


def downgrade() -> None:
    for table in (
        "meetings_feed_token",
        "meetings_preference",
        "meetings_attendance",
        "meetings_rsvp",
        "meetings_decision",
        "meetings_meeting",
    ):
        op.drop_table(table)
