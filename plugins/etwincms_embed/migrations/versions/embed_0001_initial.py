"""Embed schema: the embed library of each space.

Revision ID: embed_0001
Revises:
Create Date: 2026-11-24 01:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "embed_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("embed",)
depends_on: str | Sequence[str] | None = "0001_core"


def upgrade() -> None:
    op.create_table(
        "embed_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("provider", sa.String(length=40), nullable=False),
        sa.Column("embed_url", sa.String(length=2000), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_embed_item_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user_account.id"],
            name=op.f("fk_embed_item_author_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_embed_item")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_embed_item_project_id"), "embed_item", ["project_id"])
    op.create_index(op.f("ix_embed_item_author_id"), "embed_item", ["author_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_embed_item_author_id"), table_name="embed_item")
    op.drop_index(op.f("ix_embed_item_project_id"), table_name="embed_item")
    op.drop_table("embed_item")
