"""Forums (categories) may belong to a working group: its own category.

Revision ID: forum_0002
Revises: forum_0001
Create Date: 2026-11-24 14:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "forum_0002"
down_revision: str | Sequence[str] | None = "forum_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # No foreign key to group_working_group: that table belongs to another branch,
    # and a deleted group's category is kept for the teachers.
    with op.batch_alter_table("forum_forum") as batch:
        batch.add_column(sa.Column("group_id", sa.Integer(), nullable=True))
        batch.create_index(
            batch.f("ix_forum_forum_group_id"), ["group_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("forum_forum") as batch:
        batch.drop_index(batch.f("ix_forum_forum_group_id"))
        batch.drop_column("group_id")
