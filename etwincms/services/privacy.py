"""Personal data: export everything stored about a person, or erase their account.

Every plugin that stores data about people answers ``personal_data_export`` and
``personal_data_erase`` (a contract test makes sure); the core answers too. Who may
erase an account: a site admin (anyone), an adult (their own, with their password), a
pupil's teacher (a pupil they manage in a shared space). Pupils cannot erase their own
account: their teacher answers for it. Erasing keeps what the person wrote, shown as by
"a former member".
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import passwords
from ..errors import PermissionDenied, ValidationError
from ..models import Membership, MembershipStatus, Project, Role, User
from ..permissions import can, require
from ..state import get_state
from . import audit
from .members import keep_an_admin


def export_personal_data(session: Session, actor: User, user: User) -> dict[str, Any]:
    """Everything every plugin stores about ``user``: ``{plugin name: data}``."""
    if actor.id != user.id:
        require(actor, "user.create", None)
    hook = get_state().plugins.pm.hook.personal_data_export
    export: dict[str, Any] = {}
    for impl in hook.get_hookimpls():
        data = impl.function(user=user)
        if data is not None:
            export[impl.plugin_name] = data
    audit.record(session, actor, "user.data_export", obj=user)
    return export


def erase_personal_data(session: Session, actor: User, user: User) -> None:
    """Ask every plugin to delete or anonymise what it stores about ``user``."""
    if not may_erase(session, actor, user):
        raise PermissionDenied("user.erase")
    keep_admins(session, user)
    get_state().plugins.pm.hook.personal_data_erase(user=user)
    # Who erased whom, by ids only: the log must not keep the name it just erased.
    audit.record(session, actor, "user.data_erase", obj=user, own=actor.id == user.id)


def erase_own_account(session: Session, user: User, password: str) -> None:
    """An adult deletes their own account, confirming with their password."""
    if user.is_pupil:
        raise PermissionDenied("user.erase")
    if not passwords.verify(get_state().hasher, user.password_hash, password):
        raise ValidationError(_("The password is not right."), field="password")
    erase_personal_data(session, user, user)


def may_erase(session: Session, actor: User | None, user: User) -> bool:
    """Site admins erase anyone; adults themselves; teachers the pupils they manage."""
    if actor is None or not actor.is_authenticated:
        return False
    if can(actor, "user.create", None):
        return True
    if actor.id == user.id:
        return not user.is_pupil
    return user.is_pupil and any(
        can(actor, "pupil.manage", project, user)
        for project in spaces_of(session, user)
    )


def spaces_of(session: Session, user: User) -> list[Project]:
    """The spaces ``user`` is an active member of."""
    return list(
        session.scalars(
            select(Project)
            .join(Membership, Membership.project_id == Project.id)
            .where(
                Membership.user_id == user.id,
                Membership.status == MembershipStatus.ACTIVE,
            )
        )
    )


def keep_admins(session: Session, user: User) -> None:
    """Refuse to leave a space without an admin: someone must take over first."""
    administered = session.scalars(
        select(Project)
        .join(Membership, Membership.project_id == Project.id)
        .where(
            Membership.user_id == user.id,
            Membership.role == Role.ADMIN,
            Membership.status == MembershipStatus.ACTIVE,
        )
    )
    for project in administered:
        keep_an_admin(session, project)
