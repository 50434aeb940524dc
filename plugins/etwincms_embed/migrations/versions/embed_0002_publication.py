"""Embeds remember whether a pupil's embed waits for a teacher before visitors see it.

Revision ID: embed_0002
Revises: embed_0001
Create Date: 2026-11-24 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "embed_0002"
down_revision: str | Sequence[str] | None = "embed_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("embed_item") as batch:
        batch.add_column(
            sa.Column(
                "publication", sa.String(length=10), server_default="", nullable=False
            )
        )
        batch.add_column(
            sa.Column(
                "publication_requested_at", sa.DateTime(timezone=True), nullable=True
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("embed_item") as batch:
        batch.drop_column("publication_requested_at")
        batch.drop_column("publication")
