"""The audit log records the changes ASVS asks for: role and permission changes,
deletions, exports and account state (sign-ins are in ``test_sessions``).

One test walks a space through each change with the real services and reads the log
back: every action leaves exactly its entry, naming who did it.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

import etwincms_embed
from etwincms.db import commit
from etwincms.models import AuditEntry, Membership, Role
from etwincms.services import (
    materials,
    members,
    pages,
    privacy,
    spaces,
    users,
)
from etwincms.services import plugins as space_plugins
from etwincms.testing import SpaceWithMembers
from etwincms_embed import services as embeds

VIDEO = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"


@pytest.fixture
def plugins() -> list[Any]:
    return [etwincms_embed]


def test_changes_that_matter_are_audited(
    session: Session, space: SpaceWithMembers
) -> None:
    admin, project = space.users["admin"], space.project
    space_plugins.enable_plugin(session, admin, project, "embed")
    teacher_membership = membership_of(session, space, "teacher")
    page = pages.create_page(session, admin, project, title="Plans")
    material = materials.attach_material(
        session, admin, project, io.BytesIO(b"notes"), filename="notes.txt"
    )
    embed = embeds.create(session, admin, project, title="Film", url=VIDEO)
    commit(session)
    start = last_entry_id(session)
    site_admin = space.users["site_admin"]
    members.change_role(session, admin, teacher_membership, Role.OBSERVER)
    spaces.set_role_override(session, admin, project, Role.PUPIL, "page.create", False)
    pages.trash_page(session, admin, project, page)
    materials.delete_material(session, admin, project, material)
    embeds.delete(session, admin, project, embed)
    members.remove_member(session, admin, membership_of(session, space, "observer"))
    privacy.export_personal_data(session, site_admin, space.users["pupil"])
    users.set_active(session, site_admin, space.users["teacher"], False)
    commit(session)
    logged = session.scalars(
        select(AuditEntry).where(AuditEntry.id > start).order_by(AuditEntry.id)
    ).all()
    assert [(entry.action, entry.actor_id) for entry in logged] == [
        ("member.role_change", admin.id),
        ("space.role_override", admin.id),
        ("page.delete", admin.id),
        ("material.delete", admin.id),
        ("embed.delete", admin.id),
        ("member.remove", admin.id),
        ("user.data_export", site_admin.id),
        ("user.disable", site_admin.id),
    ]


def membership_of(session: Session, space: SpaceWithMembers, role: str) -> Membership:
    user_id = space.users[role].id
    return session.scalars(
        select(Membership).where(
            Membership.user_id == user_id, Membership.project_id == space.project.id
        )
    ).one()


def last_entry_id(session: Session) -> int:
    return max(session.scalars(select(AuditEntry.id)).all())
