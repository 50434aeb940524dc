"""Phases schema: mobilities and their participants, phases, and items tagged with a phase.

Revision ID: phases_0001
Revises:
Create Date: 2026-11-24 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "phases_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("phases",)
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


def index(table: str, column: str) -> None:
    op.create_index(op.f(f"ix_{table}_{column}"), table, [column])


def upgrade() -> None:
    create_mobility()
    create_participant()
    create_phase()
    create_tag()


def create_mobility() -> None:
    table = "phase_mobility"
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("host_school_id", sa.Integer(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        foreign_key(table, "project_id", "project", "CASCADE"),
        foreign_key(table, "host_school_id", "school", "SET NULL"),
        foreign_key(table, "created_by_id", "user_account", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    )
    for column in ("project_id", "host_school_id", "created_by_id"):
        index(table, column)


def create_participant() -> None:
    table = "phase_mobility_participant"
    op.create_table(
        table,
        sa.Column("mobility_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        foreign_key(table, "mobility_id", "phase_mobility", "CASCADE"),
        foreign_key(table, "user_id", "user_account", "CASCADE"),
        sa.PrimaryKeyConstraint("mobility_id", "user_id", name=op.f(f"pk_{table}")),
    )
    index(table, "user_id")


def create_phase() -> None:
    table = "phase_phase"
    kinds = ("before", "during", "after", "dissemination")
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                *kinds,
                name="phase_kind",
                native_enum=False,
                create_constraint=True,
                length=13,
            ),
            nullable=False,
        ),
        sa.Column("mobility_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        foreign_key(table, "project_id", "project", "CASCADE"),
        foreign_key(table, "mobility_id", "phase_mobility", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    )
    index(table, "mobility_id")
    op.create_index(
        "ix_phase_phase_project_id_starts_on", table, ["project_id", "starts_on"]
    )
    dissemination_only = sa.text("kind = 'dissemination'")
    op.create_index(
        "uq_phase_phase_dissemination",
        table,
        ["project_id"],
        unique=True,
        sqlite_where=dissemination_only,
        postgresql_where=dissemination_only,
    )


def create_tag() -> None:
    table = "phase_tag"
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("phase_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=120), nullable=False),
        sa.Column("tagged_by_id", sa.Integer(), nullable=True),
        sa.Column("tagged_at", sa.DateTime(timezone=True), nullable=False),
        foreign_key(table, "project_id", "project", "CASCADE"),
        foreign_key(table, "phase_id", "phase_phase", "CASCADE"),
        foreign_key(table, "tagged_by_id", "user_account", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        sa.UniqueConstraint(
            "phase_id", "item_id", name=op.f("uq_phase_tag_phase_id_item_id")
        ),
    )
    index(table, "phase_id")
    index(table, "tagged_by_id")
    op.create_index("ix_phase_tag_project_id_item_id", table, ["project_id", "item_id"])


def downgrade() -> None:
    for table in (
        "phase_tag",
        "phase_phase",
        "phase_mobility_participant",
        "phase_mobility",
    ):
        op.drop_table(table)
