"""Material text extraction: its status and, when it failed, a short reason.

Files uploaded before this migration that are not images are marked ``pending``, so the
extractor (or ``etwincms search rebuild``) reads their text once.

Revision ID: 0004_material_text
Revises: 0003_search_outbox
Create Date: 2026-11-24 00:31:58.211558
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_material_text"
down_revision: str | Sequence[str] | None = "0003_search_outbox"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("material", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "text_status",
                sa.Enum(
                    "pending",
                    "extracted",
                    "not_extracted",
                    "none",
                    name="material_text_status",
                    native_enum=False,
                    create_constraint=True,
                ),
                server_default="none",
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column("text_reason", sa.String(length=32), nullable=True)
        )
        batch_op.create_index(
            batch_op.f("ix_material_text_status"), ["text_status"], unique=False
        )
    # Images keep "none"; every other existing file gets read once.
    op.execute(
        "UPDATE material SET text_status = 'pending' WHERE thumbnail_key IS NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("material", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_material_text_status"))
        batch_op.drop_column("text_reason")
        batch_op.drop_column("text_status")
