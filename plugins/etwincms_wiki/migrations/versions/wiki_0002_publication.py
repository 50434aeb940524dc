"""Wiki revisions remember a teacher's refusal to show a pupil's text to visitors.

Revision ID: wiki_0002
Revises: wiki_0001
Create Date: 2026-11-24 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "wiki_0002"
down_revision: str | Sequence[str] | None = "wiki_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("wiki_revision") as batch:
        batch.add_column(
            sa.Column(
                "publication_refused",
                sa.Boolean(),
                server_default=sa.false(),
                nullable=False,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("wiki_revision") as batch:
        batch.drop_column("publication_refused")
