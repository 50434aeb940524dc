"""Give every existing space its dissemination phase.

Spaces now get it when they are created; before, the phases page made it on the first
visit (a read that wrote, even in an archived space). This makes it for the spaces that
have none, spanning the project's dates like a new one.

Revision ID: phases_0002
Revises: phases_0001
Create Date: 2026-11-24 14:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "phases_0002"
down_revision: str | Sequence[str] | None = "phases_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Where dissemination sorts among a space's phases (etwincms.phases.services).
DISSEMINATION_POSITION = 1000
BACKFILL = sa.text(
    "INSERT INTO phase_phase (project_id, kind, title, starts_on, ends_on, position) "
    "SELECT project.id, 'dissemination', 'Dissemination', project.start_date, "
    "project.end_date, :position FROM project "
    "WHERE NOT EXISTS (SELECT 1 FROM phase_phase WHERE phase_phase.project_id = "
    "project.id AND phase_phase.kind = 'dissemination')"
)


def upgrade() -> None:
    op.get_bind().execute(BACKFILL, {"position": DISSEMINATION_POSITION})


def downgrade() -> None:
    """Nothing to undo: a dissemination phase is what the old code made on first visit."""
