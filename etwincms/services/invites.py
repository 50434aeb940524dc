"""Invite links: a URL that lets partner teachers join a space until it expires.

Those who manage a space's members (``member.manage``) make a link for one role, teacher
or observer, valid for 1 to 30 days. Admin links are refused: whoever a link is forwarded
to would manage the space, so admins are invited by name. Pupils never join by link:
they are minors whose accounts their teachers make and add. The secret in the URL is
shown once; only its SHA-256 is stored, so a leaked database yields no working link.
Expired, withdrawn and unknown links all look the same (NotFound), and so do links of
archived spaces, which no one may join.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Final

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import utcnow
from ..errors import NotFound, ValidationError
from ..models import (
    InviteLink,
    Membership,
    MembershipStatus,
    Project,
    ProjectStatus,
    Role,
    User,
)
from ..permissions import require
from . import accounts, audit, members

#: Roles a link may give (admins are invited by name; pupils never join by link).
LINK_ROLES: Final = (Role.TEACHER, Role.OBSERVER)
MIN_DAYS: Final = 1
MAX_DAYS: Final = 30
DEFAULT_DAYS: Final = 7
GONE: Final = "This invite link has expired or was withdrawn."


def days_range() -> str:
    return _(
        "An invite link is valid for %(low)d to %(high)d days.",
        low=MIN_DAYS,
        high=MAX_DAYS,
    )


class AlreadyMember(ValidationError):
    """The user is an active member already: joining again changes nothing."""


# ---------------------------------------------------------------- making and withdrawing


def create_invite_link(
    session: Session,
    actor: User,
    project: Project,
    *,
    role: Role | str,
    days: int = DEFAULT_DAYS,
) -> tuple[InviteLink, str]:
    """A new link and its secret (shown once: only the secret's hash is kept)."""
    require(actor, "member.manage", project)
    chosen = link_role(role)
    if not MIN_DAYS <= days <= MAX_DAYS:
        raise ValidationError(days_range(), field="days")
    secret, now = secrets.token_urlsafe(32), utcnow()
    link = InviteLink(
        project_id=project.id,
        token_hash=hash_secret(secret),
        role=chosen,
        created_by_id=actor.id,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    session.add(link)
    session.flush()
    audit.record(
        session,
        actor,
        "invite_link.create",
        project,
        link,
        role=chosen.value,
        days=days,
    )
    return link, secret


def link_role(role: Role | str) -> Role:
    chosen = role if isinstance(role, Role) else accounts.parse_role(role)
    if chosen not in LINK_ROLES:
        raise ValidationError(
            _("Invite links are for teachers and observers; invite admins by name."),
            field="link_role",
        )
    return chosen


def parse_days(value: str) -> int:
    """The number of days typed in a form (ValidationError when it is not a number)."""
    try:
        return int(value.strip())
    except ValueError:
        raise ValidationError(days_range(), field="days") from None


def list_live_links(
    session: Session, actor: User | None, project: Project
) -> list[InviteLink]:
    """The space's links that still work, the soonest to expire first."""
    require(actor, "member.manage", project)
    return list(
        session.scalars(
            select(InviteLink)
            .where(
                InviteLink.project_id == project.id,
                InviteLink.revoked_at.is_(None),
                InviteLink.expires_at > utcnow(),
            )
            .order_by(InviteLink.expires_at)
        )
    )


def revoke_invite_link(
    session: Session, actor: User, project: Project, link_id: int
) -> InviteLink:
    """Withdraw a link of this space at once; NotFound for another space's link."""
    require(actor, "member.manage", project)
    link = session.get(InviteLink, link_id)
    if link is None or link.project_id != project.id:
        raise NotFound(f"invite link {link_id}")
    if link.revoked_at is None:  # withdrawing twice keeps the first moment
        link.revoked_at = utcnow()
        audit.record(session, actor, "invite_link.revoke", project, link)
    return link


# ---------------------------------------------------------------- joining


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def find_live_link(session: Session, secret: str) -> InviteLink:
    """The live link with this secret; NotFound (with :data:`GONE`) for any other."""
    link = session.scalar(
        select(InviteLink).where(InviteLink.token_hash == hash_secret(secret))
    )
    if link is None or not link.is_live(utcnow()):
        raise NotFound(GONE)
    if link_project(session, link).status is ProjectStatus.ARCHIVED:
        raise NotFound(GONE)
    return link


def link_project(session: Session, link: InviteLink) -> Project:
    return session.get_one(Project, link.project_id)


def check_may_join(session: Session, user: User, link: InviteLink) -> None:
    """Refuse pupils, accounts the role does not fit, and those already members."""
    if user.is_pupil:
        raise ValidationError(
            _(
                "Pupil accounts cannot join by link: your teacher adds you to the space."
            ),
            field="user",
        )
    members.check_role_fits(user, link.role)
    project = link_project(session, link)
    membership = members.find_membership(session, project, user)
    if membership is not None and membership.is_active:
        raise AlreadyMember(
            _("You are already a member of %(title)s.", title=project.title)
        )


def join_by_link(session: Session, user: User, secret: str) -> Membership:
    """Join the link's space with its role and one's own school (or accept an invitation).

    A pending invitation is accepted with the role it was made for: the admin chose
    that role for this person, which says more than a link shared with many.
    """
    link = find_live_link(session, secret)
    check_may_join(session, user, link)
    project = link_project(session, link)
    pending = members.find_membership(session, project, user)
    if pending is not None and pending.status is MembershipStatus.INVITED:
        membership = members.accept_invitation(session, user, project)
    else:
        membership = add_by_link(session, user, project, link)
    link.uses = InviteLink.uses + 1  # counted in SQL: two joins at once both count
    audit.record(session, user, "invite_link.use", project, link, user_id=user.id)
    return membership


def add_by_link(
    session: Session, user: User, project: Project, link: InviteLink
) -> Membership:
    # The link stands in for its maker's permission, so the system (None) adds the
    # member; the maker is recorded as the one who invited them.
    membership = members.add_member(session, None, project, user, link.role)
    membership.invited_by_id = link.created_by_id
    return membership
