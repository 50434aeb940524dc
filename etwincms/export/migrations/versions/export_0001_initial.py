"""Export schema: the licence of each space's dissemination export.

Revision ID: export_0001
Revises:
Create Date: 2026-11-24 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "export_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("export",)
depends_on: str | Sequence[str] | None = "0001_core"


def upgrade() -> None:
    op.create_table(
        "export_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("licence", sa.String(length=40), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_export_settings_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_settings")),
        sa.UniqueConstraint("project_id", name=op.f("uq_export_settings_project_id")),
    )


def downgrade() -> None:
    op.drop_table("export_settings")
