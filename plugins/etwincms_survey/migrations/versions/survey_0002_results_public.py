"""Surveys remember whether a teacher published their results for the public export.

Revision ID: survey_0002
Revises: survey_0001
Create Date: 2026-11-24 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "survey_0002"
down_revision: str | Sequence[str] | None = "survey_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("survey_survey") as batch:
        batch.add_column(
            sa.Column(
                "results_public",
                sa.Boolean(),
                server_default=sa.false(),
                nullable=False,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("survey_survey") as batch:
        batch.drop_column("results_public")
