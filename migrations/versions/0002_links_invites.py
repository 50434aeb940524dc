"""Page links and material uses (for "what links here"), invite links, image sizes and
thumbnails.

Revision ID: 0002_links_invites
Revises: 0001_core
Create Date: 2026-11-23 21:54:14.152415
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_links_invites"
down_revision: str | Sequence[str] | None = "0001_core"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "invite_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "admin",
                "teacher",
                "pupil_lead",
                "pupil",
                "observer",
                name="invite_role",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("uses", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_invite_link_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_invite_link_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invite_link")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_invite_link_token_hash")),
    )
    with op.batch_alter_table("invite_link", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_invite_link_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "page_link",
        sa.Column("source_page_id", sa.Integer(), nullable=False),
        sa.Column("target_page_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_page_id"],
            ["page.id"],
            name=op.f("fk_page_link_source_page_id_page"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_page_id"],
            ["page.id"],
            name=op.f("fk_page_link_target_page_id_page"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "source_page_id", "target_page_id", name=op.f("pk_page_link")
        ),
    )
    with op.batch_alter_table("page_link", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_page_link_target_page_id"), ["target_page_id"], unique=False
        )

    op.create_table(
        "material_use",
        sa.Column("page_id", sa.Integer(), nullable=False),
        sa.Column("material_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["material_id"],
            ["material.id"],
            name=op.f("fk_material_use_material_id_material"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["page_id"],
            ["page.id"],
            name=op.f("fk_material_use_page_id_page"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("page_id", "material_id", name=op.f("pk_material_use")),
    )
    with op.batch_alter_table("material_use", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_material_use_material_id"), ["material_id"], unique=False
        )

    with op.batch_alter_table("material", schema=None) as batch_op:
        batch_op.add_column(sa.Column("width", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("height", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("thumbnail_key", sa.String(length=200), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("material", schema=None) as batch_op:
        batch_op.drop_column("thumbnail_key")
        batch_op.drop_column("height")
        batch_op.drop_column("width")

    with op.batch_alter_table("material_use", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_material_use_material_id"))

    op.drop_table("material_use")
    with op.batch_alter_table("page_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_page_link_target_page_id"))

    op.drop_table("page_link")
    with op.batch_alter_table("invite_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invite_link_project_id"))

    op.drop_table("invite_link")
