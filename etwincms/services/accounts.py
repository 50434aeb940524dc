"""Your own account and the people of a space, as the browser pages need them.

Profile updates (pupils change only their language: teachers look after their name and
school), the invitations waiting for a user, and the look-ups behind the people pages:
a membership of a space by id, an account by username or email, a role by its name.
The rules about who may do what stay in :mod:`.members` and :mod:`.pupils`.
"""

from __future__ import annotations

import enum
from typing import Final

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, joinedload

from ..errors import NotFound, ValidationError
from ..models import Membership, MembershipStatus, Project, Role, School, User
from ..permissions import require
from . import audit, members
from .validation import required_text

#: Roles a teacher can be invited with (pupils get accounts made for them instead).
INVITE_ROLES: Final = (Role.TEACHER, Role.OBSERVER, Role.ADMIN)


class Keep(enum.Enum):
    """Marks an argument left out: ``school_id=None`` means "no school", not "as is"."""

    KEEP = "keep"


KEEP: Final = Keep.KEEP


# ---------------------------------------------------------------- profile


def update_profile(
    session: Session,
    user: User,
    *,
    display_name: str | None = None,
    locale: str | None = None,
    school_id: int | Keep | None = KEEP,
) -> None:
    """Change one's own display name, language and school.

    ``display_name=None`` and ``locale=None`` leave those as they are; ``school_id=KEEP``
    keeps the school and ``school_id=None`` means no school. Pupils may change only their
    language (their teachers look after the rest). Everything is checked before anything
    changes, so a refused update changes nothing.
    """
    wanted: dict[str, object] = {}
    if display_name is not None:
        wanted["display_name"] = required_text(display_name, "display name", 120)
    if locale is not None:
        wanted["locale"] = valid_locale(locale)
    if not isinstance(school_id, Keep):
        wanted["school_id"] = existing_school_id(session, school_id)
    changes = {
        key: value for key, value in wanted.items() if getattr(user, key) != value
    }
    apply_profile(session, user, changes)


def apply_profile(session: Session, user: User, changes: dict[str, object]) -> None:
    if user.is_pupil and set(changes) - {"locale"}:
        raise ValidationError(
            _(
                "Your teacher looks after your name and school; you can change your language."
            ),
            field=sorted(set(changes) - {"locale"})[0],
        )
    for key, value in changes.items():
        setattr(user, key, value)
    if changes:
        audit.record(
            session, user, "user.profile_update", obj=user, fields=sorted(changes)
        )


def valid_locale(locale: str) -> str:
    if locale not in current_app.config["LANGUAGES"]:
        raise ValidationError(_("Choose a language from the list."), field="locale")
    return locale


def existing_school_id(session: Session, school_id: int | None) -> int | None:
    if school_id is not None and session.get(School, school_id) is None:
        raise ValidationError(_("Choose a school from the list."), field="school")
    return school_id


def all_schools(session: Session) -> list[School]:
    """Every school on the site, by name (schools are shared by spaces)."""
    return list(session.scalars(select(School).order_by(School.name, School.country)))


def school_by_id(session: Session, school_id: int | None) -> School | None:
    return session.get(School, existing_school_id(session, school_id))


# ---------------------------------------------------------------- invitations


def pending_invitations(session: Session, user: User) -> list[Membership]:
    """The invitations waiting for ``user``, with their spaces, newest first."""
    return list(
        session.scalars(
            select(Membership)
            .where(
                Membership.user_id == user.id,
                Membership.status == MembershipStatus.INVITED,
            )
            .options(joinedload(Membership.project))
            .order_by(Membership.created_at.desc())
        )
    )


def accept_invitation(session: Session, user: User, slug: str) -> Project:
    """Accept the invitation to the space ``slug``; NotFound when there is none."""
    project = session.scalar(select(Project).where(Project.slug == slug))
    if project is None:
        raise NotFound(slug)
    members.accept_invitation(session, user, project)
    return project


def space_invitations(
    session: Session, actor: User | None, project: Project
) -> list[Membership]:
    """The space's invitations not accepted yet (those who manage members only)."""
    require(actor, "member.manage", project)
    return list(
        session.scalars(
            select(Membership)
            .where(
                Membership.project_id == project.id,
                Membership.status == MembershipStatus.INVITED,
            )
            .options(joinedload(Membership.user))
            .order_by(Membership.created_at)
        )
    )


def invite(
    session: Session, actor: User, project: Project, *, who: str, role: str
) -> Membership:
    """Invite the account named by username or email, as teacher, observer or admin."""
    require(actor, "member.manage", project)  # before the look-up: no probing names
    chosen = parse_role(role)
    if chosen not in INVITE_ROLES:
        raise ValidationError(
            _("Invite people as teacher, observer or admin."), field="role"
        )
    return members.invite_member(
        session, actor, project, find_account(session, who), chosen
    )


def find_account(session: Session, who: str) -> User:
    """The active account with this username or email (either, any case)."""
    key = who.strip().lower()
    if not key:
        raise ValidationError(_("Give a username or an email address."), field="who")
    user = session.scalar(
        select(User).where(
            or_(User.username == key, func.lower(User.email) == key),
            User.is_active_account.is_(True),
        )
    )
    if user is None:
        raise ValidationError(
            _("No account has the username or email '%(who)s'.", who=who.strip()),
            field="who",
        )
    return user


# ---------------------------------------------------------------- look-ups


def membership_in(session: Session, project: Project, membership_id: int) -> Membership:
    """A membership (active or invited) of this space, with its user; else NotFound."""
    membership = session.scalar(
        select(Membership)
        .where(Membership.id == membership_id, Membership.project_id == project.id)
        .options(joinedload(Membership.user))
    )
    if membership is None:
        raise NotFound(f"membership {membership_id}")
    return membership


def parse_role(value: str | None) -> Role:
    try:
        return Role(value or "")
    except ValueError:
        raise ValidationError(_("Choose a role from the list."), field="role") from None
