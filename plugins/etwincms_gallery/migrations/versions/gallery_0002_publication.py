"""Gallery items remember whether a pupil's item waits for a teacher before going
public; albums remember the mobility they were made for.

Revision ID: gallery_0002
Revises: gallery_0001
Create Date: 2026-11-24 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "gallery_0002"
down_revision: str | Sequence[str] | None = "gallery_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("gallery_item") as batch:
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
    with op.batch_alter_table("gallery_album") as batch:
        batch.add_column(sa.Column("mobility_id", sa.Integer(), nullable=True))
        batch.create_index(
            op.f("ix_gallery_album_mobility_id"), ["mobility_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("gallery_album") as batch:
        batch.drop_index(op.f("ix_gallery_album_mobility_id"))
        batch.drop_column("mobility_id")
    with op.batch_alter_table("gallery_item") as batch:
        batch.drop_column("publication_requested_at")
        batch.drop_column("publication")
