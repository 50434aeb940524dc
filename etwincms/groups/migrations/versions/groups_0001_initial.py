"""Working groups schema: a space's groups and their members.

Revision ID: groups_0001
Revises:
Create Date: 2026-11-24 10:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "groups_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("groups",)
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
    create_group()
    create_member()


def create_group() -> None:
    table = "group_working_group"
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("root_page_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        foreign_key(table, "project_id", "project", "CASCADE"),
        foreign_key(table, "root_page_id", "page", "SET NULL"),
        foreign_key(table, "created_by_id", "user_account", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        sa.UniqueConstraint(
            "project_id", "name", name=op.f(f"uq_{table}_project_id_name")
        ),
    )
    for column in ("project_id", "root_page_id", "created_by_id"):
        index(table, column)


def create_member() -> None:
    table = "group_member"
    op.create_table(
        table,
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        foreign_key(table, "group_id", "group_working_group", "CASCADE"),
        foreign_key(table, "user_id", "user_account", "CASCADE"),
        sa.PrimaryKeyConstraint("group_id", "user_id", name=op.f(f"pk_{table}")),
    )
    index(table, "user_id")


def downgrade() -> None:
    op.drop_table("group_member")
    op.drop_table("group_working_group")
