"""Content stamps: a number per space and one for the site, renewed by every change to
what pages show; page caches key on them. Every existing space, and the site, gets one.

Revision ID: 0006_content_stamp
Revises: 0005_session_version
Create Date: 2026-11-25 10:00:00.000000
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_content_stamp"
down_revision: str | Sequence[str] | None = "0005_session_version"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    stamp = op.create_table(
        "content_stamp",
        sa.Column("scope", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("scope", name=op.f("pk_content_stamp")),
    )
    spaces = op.get_bind().execute(sa.text("SELECT id FROM project")).scalars()
    rows = [{"scope": scope, "value": secrets.randbits(62)} for scope in (0, *spaces)]
    op.bulk_insert(stamp, rows)


def downgrade() -> None:
    op.drop_table("content_stamp")
