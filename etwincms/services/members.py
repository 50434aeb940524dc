"""Members of a space: add or invite, accept, change role, remove, list by school.

Rules enforced here, whatever the interface: pupils hold only pupil roles (never admin);
teachers and staff never hold pupil roles; a space always keeps at least one admin; a
teacher may add and remove the pupils of their own school, everything else needs
``member.manage``.
"""

from __future__ import annotations

from collections import defaultdict

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from .. import events
from ..errors import NotFound, ValidationError
from ..models import Membership, MembershipStatus, Project, Role, School, User
from ..permissions import PUPIL_ROLES, forget_memberships, require
from . import audit


def add_member(
    session: Session,
    actor: User | None,
    project: Project,
    user: User,
    role: Role,
    *,
    school: School | None = None,
    status: MembershipStatus = MembershipStatus.ACTIVE,
) -> Membership:
    """Make ``user`` a member (``status=INVITED`` until they accept)."""
    check_role_fits(user, role)
    require_manage(actor, project, user, role)
    if find_membership(session, project, user) is not None:
        raise ValidationError(
            _("%(name)s is already a member.", name=user.display_name), field="user"
        )
    membership = Membership(
        project_id=project.id,
        user_id=user.id,
        role=role,
        status=status,
        school_id=school.id if school else user.school_id,
        invited_by_id=getattr(actor, "id", None),
    )
    session.add(membership)
    session.flush()
    forget_memberships(session)
    action = "member.invite" if status is MembershipStatus.INVITED else "member.add"
    audit.record(
        session, actor, action, project, membership, user_id=user.id, role=role.value
    )
    if status is MembershipStatus.ACTIVE:
        events.queue(
            session,
            "member_added",
            project,
            project=project,
            user=user,
            role=role,
            added_by=actor,
        )
    return membership


def invite_member(
    session: Session,
    actor: User,
    project: Project,
    user: User,
    role: Role,
    school: School | None = None,
) -> Membership:
    return add_member(
        session,
        actor,
        project,
        user,
        role,
        school=school,
        status=MembershipStatus.INVITED,
    )


def accept_invitation(session: Session, user: User, project: Project) -> Membership:
    membership = find_membership(session, project, user)
    if membership is None or membership.status is not MembershipStatus.INVITED:
        raise NotFound("invitation")
    membership.status = MembershipStatus.ACTIVE
    forget_memberships(session)
    audit.record(session, user, "member.accept", project, membership)
    events.queue(
        session,
        "member_added",
        project,
        project=project,
        user=user,
        role=membership.role,
        added_by=None,
    )
    return membership


def change_role(
    session: Session, actor: User, membership: Membership, role: Role
) -> None:
    project = session.get_one(Project, membership.project_id)
    require(actor, "member.manage", project)
    user = session.get_one(User, membership.user_id)
    check_role_fits(user, role)
    if (
        membership.is_active
        and membership.role is Role.ADMIN
        and role is not Role.ADMIN
    ):
        keep_an_admin(session, project)
    old, membership.role = membership.role, role
    forget_memberships(session)
    audit.record(
        session,
        actor,
        "member.role_change",
        project,
        membership,
        user_id=user.id,
        old=old.value,
        new=role.value,
    )


def remove_member(session: Session, actor: User, membership: Membership) -> None:
    project = session.get_one(Project, membership.project_id)
    user = session.get_one(User, membership.user_id)
    require_manage(actor, project, user, membership.role, target=membership)
    if (
        membership.is_active and membership.role is Role.ADMIN
    ):  # invitations don't count
        keep_an_admin(session, project)
    session.delete(membership)
    forget_memberships(session)
    audit.record(session, actor, "member.remove", project, None, user_id=user.id)
    if membership.is_active:
        events.queue(
            session,
            "member_removed",
            project,
            project=project,
            user=user,
            removed_by=actor,
        )


def require_manage(
    actor: User | None,
    project: Project,
    user: User,
    role: Role,
    target: Membership | None = None,
) -> None:
    """Pupils: ``pupil.manage`` for that pupil (own school); anyone else: ``member.manage``."""
    if actor is None:  # the CLI and the demo loader act as the system
        return
    if role is Role.PUPIL:
        require(actor, "pupil.manage", project, target or user)
    else:
        require(actor, "member.manage", project)


def check_role_fits(user: User, role: Role) -> None:
    if user.is_pupil and role not in PUPIL_ROLES:
        raise ValidationError(
            _(
                "Pupils can only be pupils or pupil leads, never admins, teachers or observers."
            ),
            field="role",
        )
    if not user.is_pupil and role in PUPIL_ROLES:
        raise ValidationError(
            _("Only pupil accounts can have a pupil role."), field="role"
        )


def keep_an_admin(session: Session, project: Project) -> None:
    admins = session.scalar(
        select(func.count())
        .select_from(Membership)
        .where(
            Membership.project_id == project.id,
            Membership.role == Role.ADMIN,
            Membership.status == MembershipStatus.ACTIVE,
        )
    )
    if (admins or 0) <= 1:
        raise ValidationError(
            _(
                "A space always needs at least one admin: make someone else admin first."
            ),
            field="role",
        )


def find_membership(
    session: Session, project: Project, user: User
) -> Membership | None:
    return session.scalar(
        select(Membership).where(
            Membership.project_id == project.id, Membership.user_id == user.id
        )
    )


def members_by_school(
    session: Session, actor: User | None, project: Project
) -> dict[School | None, list[Membership]]:
    """Active members grouped by the school they take part for (names: members only)."""
    require(actor, "member.view", project)
    rows = session.scalars(
        select(Membership)
        .where(
            Membership.project_id == project.id,
            Membership.status == MembershipStatus.ACTIVE,
        )
        .options(joinedload(Membership.user), joinedload(Membership.school))
        .join(User, User.id == Membership.user_id)
        .order_by(Membership.role, User.display_name)
    )
    grouped: dict[School | None, list[Membership]] = defaultdict(list)
    for membership in rows:
        grouped[membership.school].append(membership)
    return dict(grouped)
