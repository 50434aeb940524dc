"""Session versions: a number in every session's user id, raised to sign a user out
everywhere (at sign-out, password change and when the account is disabled).

Revision ID: 0005_session_version
Revises: 0004_material_text
Create Date: 2026-11-24 03:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_session_version"
down_revision: str | Sequence[str] | None = "0004_material_text"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "session_version", sa.Integer(), server_default="1", nullable=False
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("session_version")
