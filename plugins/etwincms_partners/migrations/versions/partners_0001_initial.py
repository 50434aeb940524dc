"""Partner finding: school and member profiles, posts, threads with their participants and
messages, blocks, reports and saved searches.

Revision ID: partners_0001
Revises:
Create Date: 2026-11-24 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "partners_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("partners",)
depends_on: str | Sequence[str] | None = "0001_core"


def upgrade() -> None:
    op.create_table(
        "partners_block",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("blocked_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["blocked_id"],
            ["user_account.id"],
            name=op.f("fk_partners_block_blocked_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_partners_block_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "user_id", "blocked_id", name=op.f("pk_partners_block")
        ),
    )
    op.create_index(
        op.f("ix_partners_block_blocked_id"),
        "partners_block",
        ["blocked_id"],
        unique=False,
    )
    op.create_table(
        "partners_member_profile",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("discoverable", sa.Boolean(), nullable=False),
        sa.Column("subjects", sa.Text(), nullable=False),
        sa.Column("vocational_subjects", sa.Text(), nullable=False),
        sa.Column("languages", sa.Text(), nullable=False),
        sa.Column("available", sa.Boolean(), nullable=False),
        sa.Column("about", sa.String(length=1000), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_partners_member_profile_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_partners_member_profile")),
    )
    op.create_table(
        "partners_post",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("partnership_type", sa.String(length=40), nullable=False),
        sa.Column("looking_for", sa.String(length=40), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("languages", sa.Text(), nullable=False),
        sa.Column("subjects", sa.Text(), nullable=False),
        sa.Column("vocational_subjects", sa.Text(), nullable=False),
        sa.Column("age_min", sa.Integer(), nullable=True),
        sa.Column("age_max", sa.Integer(), nullable=True),
        sa.Column("topic", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("description_html", sa.Text(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user_account.id"],
            name=op.f("fk_partners_post_author_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["school.id"],
            name=op.f("fk_partners_post_school_id_school"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partners_post")),
    )
    op.create_index(
        op.f("ix_partners_post_author_id"), "partners_post", ["author_id"], unique=False
    )
    op.create_index(
        op.f("ix_partners_post_country"), "partners_post", ["country"], unique=False
    )
    op.create_index(
        op.f("ix_partners_post_partnership_type"),
        "partners_post",
        ["partnership_type"],
        unique=False,
    )
    op.create_index(
        op.f("ix_partners_post_school_id"), "partners_post", ["school_id"], unique=False
    )
    op.create_table(
        "partners_saved_search",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("filters", sa.JSON(), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_partners_saved_search_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partners_saved_search")),
    )
    op.create_index(
        op.f("ix_partners_saved_search_user_id"),
        "partners_saved_search",
        ["user_id"],
        unique=False,
    )
    op.create_table(
        "partners_school_profile",
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("vocational_areas", sa.Text(), nullable=False),
        sa.Column("languages", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("description_html", sa.Text(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["school.id"],
            name=op.f("fk_partners_school_profile_school_id_school"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["user_account.id"],
            name=op.f("fk_partners_school_profile_updated_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("school_id", name=op.f("pk_partners_school_profile")),
    )
    op.create_index(
        op.f("ix_partners_school_profile_updated_by_id"),
        "partners_school_profile",
        ["updated_by_id"],
        unique=False,
    )
    op.create_table(
        "partners_thread",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=True),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["partners_post.id"],
            name=op.f("fk_partners_thread_post_id_partners_post"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_partners_thread_project_id_project"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partners_thread")),
    )
    op.create_index(
        op.f("ix_partners_thread_post_id"), "partners_thread", ["post_id"], unique=False
    )
    op.create_index(
        op.f("ix_partners_thread_project_id"),
        "partners_thread",
        ["project_id"],
        unique=False,
    )
    op.create_table(
        "partners_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["sender_id"],
            ["user_account.id"],
            name=op.f("fk_partners_message_sender_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["partners_thread.id"],
            name=op.f("fk_partners_message_thread_id_partners_thread"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partners_message")),
    )
    op.create_index(
        op.f("ix_partners_message_sender_id"),
        "partners_message",
        ["sender_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_partners_message_thread_id"),
        "partners_message",
        ["thread_id"],
        unique=False,
    )
    op.create_table(
        "partners_participant",
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("last_read_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["partners_thread.id"],
            name=op.f("fk_partners_participant_thread_id_partners_thread"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_partners_participant_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "thread_id", "user_id", name=op.f("pk_partners_participant")
        ),
    )
    op.create_index(
        op.f("ix_partners_participant_user_id"),
        "partners_participant",
        ["user_id"],
        unique=False,
    )
    op.create_table(
        "partners_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["partners_message.id"],
            name=op.f("fk_partners_report_message_id_partners_message"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reporter_id"],
            ["user_account.id"],
            name=op.f("fk_partners_report_reporter_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by_id"],
            ["user_account.id"],
            name=op.f("fk_partners_report_resolved_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partners_report")),
    )
    op.create_index(
        op.f("ix_partners_report_message_id"),
        "partners_report",
        ["message_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_partners_report_reporter_id"),
        "partners_report",
        ["reporter_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_partners_report_resolved_by_id"),
        "partners_report",
        ["resolved_by_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_partners_report_message_id"), table_name="partners_report")
    op.drop_index(op.f("ix_partners_report_reporter_id"), table_name="partners_report")
    op.drop_index(
        op.f("ix_partners_report_resolved_by_id"), table_name="partners_report"
    )
    op.drop_table("partners_report")
    op.drop_index(
        op.f("ix_partners_participant_user_id"), table_name="partners_participant"
    )
    op.drop_table("partners_participant")
    op.drop_index(op.f("ix_partners_message_sender_id"), table_name="partners_message")
    op.drop_index(op.f("ix_partners_message_thread_id"), table_name="partners_message")
    op.drop_table("partners_message")
    op.drop_index(op.f("ix_partners_thread_post_id"), table_name="partners_thread")
    op.drop_index(op.f("ix_partners_thread_project_id"), table_name="partners_thread")
    op.drop_table("partners_thread")
    op.drop_index(
        op.f("ix_partners_school_profile_updated_by_id"),
        table_name="partners_school_profile",
    )
    op.drop_table("partners_school_profile")
    op.drop_index(
        op.f("ix_partners_saved_search_user_id"), table_name="partners_saved_search"
    )
    op.drop_table("partners_saved_search")
    op.drop_index(op.f("ix_partners_post_author_id"), table_name="partners_post")
    op.drop_index(op.f("ix_partners_post_country"), table_name="partners_post")
    op.drop_index(op.f("ix_partners_post_partnership_type"), table_name="partners_post")
    op.drop_index(op.f("ix_partners_post_school_id"), table_name="partners_post")
    op.drop_table("partners_post")
    op.drop_table("partners_member_profile")
    op.drop_index(op.f("ix_partners_block_blocked_id"), table_name="partners_block")
    op.drop_table("partners_block")
