"""Invite links: only a hash is stored, teacher and observer links, 1 to 30 days, joining.

In the ``space`` fixture the admin belongs to school ES, the teacher to school DE, and
``outsider`` is a teacher of school DE who is not a member (an admin of another space).
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.db import utcnow
from etwincms.errors import NotFound, PermissionDenied, ValidationError
from etwincms.models import (
    AuditEntry,
    InviteLink,
    MembershipStatus,
    ProjectStatus,
    Role,
)
from etwincms.services import invites, members
from etwincms.testing import Factory, SpaceWithMembers


def new_link(
    session: Session, space: SpaceWithMembers, role: Role | str = Role.TEACHER
) -> tuple[InviteLink, str]:
    return invites.create_invite_link(
        session, space.users["admin"], space.project, role=role, days=7
    )


def actions(session: Session) -> list[str]:
    return list(
        session.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.action.startswith("invite_link."))
            .order_by(AuditEntry.id)
        )
    )


# ---------------------------------------------------------------- making links


def test_only_the_hash_of_the_secret_is_stored(
    session: Session, space: SpaceWithMembers
) -> None:
    link, secret = new_link(session, space)
    session.commit()
    assert len(secret) >= 43  # 32 random bytes, base64url
    assert link.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    stored = session.execute(select(InviteLink.__table__)).one()
    assert secret not in [str(value) for value in stored]
    assert invites.find_live_link(session, secret).id == link.id
    assert actions(session) == ["invite_link.create"]


def test_each_link_has_its_own_secret(
    session: Session, space: SpaceWithMembers
) -> None:
    (_, first), (_, second) = new_link(session, space), new_link(session, space)
    assert first != second


@pytest.mark.parametrize("role", [Role.TEACHER, Role.OBSERVER, "observer"])
def test_links_are_for_teachers_and_observers(
    session: Session, space: SpaceWithMembers, role: Role | str
) -> None:
    link, _ = new_link(session, space, role)
    assert link.role is Role(role)


@pytest.mark.parametrize(
    ("role", "message"),
    [
        (Role.ADMIN, "invite admins by name"),
        (Role.PUPIL, "teachers and observers"),
        (Role.PUPIL_LEAD, "teachers and observers"),
        ("chief", "Choose a role from the list"),
    ],
)
def test_no_links_for_admins_or_pupils(
    session: Session, space: SpaceWithMembers, role: Role | str, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        new_link(session, space, role)


@pytest.mark.parametrize("days", [1, 7, 30])
def test_a_link_lasts_the_days_asked_for(
    session: Session, space: SpaceWithMembers, days: int
) -> None:
    before = utcnow()
    link, _ = invites.create_invite_link(
        session, space.users["admin"], space.project, role="teacher", days=days
    )
    assert before + timedelta(days=days) <= link.expires_at
    assert link.expires_at <= utcnow() + timedelta(days=days)


@pytest.mark.parametrize("days", [0, -1, 31, 365])
def test_a_link_lasts_one_to_thirty_days(
    session: Session, space: SpaceWithMembers, days: int
) -> None:
    with pytest.raises(ValidationError, match="valid for 1 to 30 days") as caught:
        invites.create_invite_link(
            session, space.users["admin"], space.project, role="teacher", days=days
        )
    assert caught.value.field == "days"


@pytest.mark.parametrize("value", ["", "seven", "2.5"])
def test_days_that_are_not_a_number_are_refused(value: str) -> None:
    with pytest.raises(ValidationError, match="valid for 1 to 30 days"):
        invites.parse_days(value)


@pytest.mark.parametrize("who", ["teacher", "pupil", "observer", "outsider"])
def test_only_those_who_manage_members_make_links(
    session: Session, space: SpaceWithMembers, who: str
) -> None:
    with pytest.raises(PermissionDenied):
        invites.create_invite_link(
            session, space.users[who], space.project, role="teacher"
        )
    with pytest.raises(PermissionDenied):
        invites.list_live_links(session, space.users[who], space.project)


def test_a_site_admin_makes_links_too(
    session: Session, space: SpaceWithMembers
) -> None:
    link, _ = invites.create_invite_link(
        session, space.users["site_admin"], space.project, role="observer"
    )
    assert link.expires_at - link.created_at == timedelta(days=invites.DEFAULT_DAYS)


# ---------------------------------------------------------------- expiry and withdrawal


def test_expired_withdrawn_and_unknown_links_look_the_same(
    session: Session, space: SpaceWithMembers
) -> None:
    expired, expired_secret = new_link(session, space)
    withdrawn, withdrawn_secret = new_link(session, space)
    live, _ = new_link(session, space)
    expired.expires_at = utcnow() - timedelta(seconds=1)
    invites.revoke_invite_link(
        session, space.users["admin"], space.project, withdrawn.id
    )
    session.commit()
    for secret in (expired_secret, withdrawn_secret, "no-such-secret"):
        with pytest.raises(NotFound, match="expired or was withdrawn"):
            invites.find_live_link(session, secret)
    assert invites.list_live_links(session, space.users["admin"], space.project) == [
        live
    ]


def test_withdrawing_twice_keeps_the_first_moment_and_one_audit_entry(
    session: Session, space: SpaceWithMembers
) -> None:
    link, _ = new_link(session, space)
    admin = space.users["admin"]
    invites.revoke_invite_link(session, admin, space.project, link.id)
    first = link.revoked_at
    invites.revoke_invite_link(session, admin, space.project, link.id)
    assert link.revoked_at == first
    assert actions(session) == ["invite_link.create", "invite_link.revoke"]


def test_a_link_of_another_space_cannot_be_withdrawn_here(
    session: Session, space: SpaceWithMembers, make: Factory
) -> None:
    other = make.space(space.users["admin"], title="Other space")
    link, _ = invites.create_invite_link(
        session, space.users["admin"], other, role="teacher"
    )
    with pytest.raises(NotFound):
        invites.revoke_invite_link(
            session, space.users["admin"], space.project, link.id
        )
    with pytest.raises(PermissionDenied):
        invites.revoke_invite_link(
            session, space.users["teacher"], space.project, link.id
        )
    assert link.revoked_at is None


def test_links_of_an_archived_space_no_longer_work(
    session: Session, space: SpaceWithMembers
) -> None:
    _, secret = new_link(session, space)
    space.project.status = ProjectStatus.ARCHIVED
    session.commit()
    with pytest.raises(NotFound):
        invites.join_by_link(session, space.users["outsider"], secret)


# ---------------------------------------------------------------- joining


def test_joining_makes_an_active_member_of_the_users_own_school(
    session: Session, space: SpaceWithMembers, make: Factory
) -> None:
    link, secret = new_link(session, space, Role.OBSERVER)
    outsider = space.users["outsider"]
    membership = invites.join_by_link(session, outsider, secret)
    session.commit()
    assert membership.status is MembershipStatus.ACTIVE
    assert membership.role is Role.OBSERVER
    assert membership.school_id == make.school("de").id == outsider.school_id
    assert membership.invited_by_id == space.users["admin"].id
    session.refresh(link)
    assert link.uses == 1
    assert actions(session) == ["invite_link.create", "invite_link.use"]


def test_many_teachers_join_by_one_link(
    session: Session, space: SpaceWithMembers, make: Factory
) -> None:
    link, secret = new_link(session, space)
    for name in ("anna", "bram", "chloe"):
        invites.join_by_link(session, make.user(name), secret)
    session.commit()
    session.refresh(link)
    assert link.uses == 3


def test_a_pupil_can_never_join_by_link(
    session: Session, space: SpaceWithMembers, make: Factory
) -> None:
    link, secret = new_link(session, space)
    pupil = make.user("newpupil", kind="pupil", school=make.school("es"))
    with pytest.raises(ValidationError, match="Pupil accounts cannot join by link"):
        invites.join_by_link(session, pupil, secret)
    assert members.find_membership(session, space.project, pupil) is None
    assert link.uses == 0


def test_a_member_joining_again_changes_nothing_and_is_told_so(
    session: Session, space: SpaceWithMembers
) -> None:
    link, secret = new_link(session, space, Role.OBSERVER)
    teacher = space.users["teacher"]
    with pytest.raises(invites.AlreadyMember, match="already a member of Test space"):
        invites.join_by_link(session, teacher, secret)
    found = members.find_membership(session, space.project, teacher)
    assert found is not None and found.role is Role.TEACHER
    assert link.uses == 0


def test_joining_with_a_pending_invitation_accepts_it(
    session: Session, space: SpaceWithMembers
) -> None:
    outsider, admin = space.users["outsider"], space.users["admin"]
    members.invite_member(session, admin, space.project, outsider, Role.ADMIN)
    link, secret = new_link(session, space)
    membership = invites.join_by_link(session, outsider, secret)
    session.commit()
    assert membership.status is MembershipStatus.ACTIVE
    assert membership.role is Role.ADMIN  # the role the admin chose for this person
    session.refresh(link)
    assert link.uses == 1


def test_an_expired_link_lets_no_one_join(
    session: Session, space: SpaceWithMembers
) -> None:
    link, secret = new_link(session, space)
    link.expires_at = utcnow() - timedelta(minutes=1)
    session.commit()
    with pytest.raises(NotFound):
        invites.join_by_link(session, space.users["outsider"], secret)
    outsider = space.users["outsider"]
    assert members.find_membership(session, space.project, outsider) is None
