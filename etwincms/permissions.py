"""The one permission question: ``can(user, capability, project, obj=None)``.

Every view, API resource, CLI command and service asks this function and nothing else.
The answer combines, in order: site administrators (always yes); archived spaces (never a
writing capability); the member's role defaults with the space's overrides; and the
object's own rules (page visibility and edit policy, a teacher's own school's pupils).
Anonymous visitors and members of other spaces see public pages of public spaces only.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from .hooktypes import Permission
from .models import (
    EditPolicy,
    Membership,
    MembershipStatus,
    Page,
    Project,
    ProjectStatus,
    Role,
    User,
    UserKind,
)

PUPIL_ROLES = frozenset({Role.PUPIL, Role.PUPIL_LEAD})
POLICY_ROLES = {
    EditPolicy.ADMINS: frozenset({Role.ADMIN}),
    EditPolicy.TEACHERS: frozenset({Role.ADMIN, Role.TEACHER}),
    EditPolicy.MEMBERS: frozenset(Role),
}
#: Capabilities anyone has on a public page of a public, non-draft space.
PUBLIC_PAGE_CAPABILITIES = frozenset({"space.view", "page.view"})


def can(
    user: User | Any | None, capability: str, project: Project | None, obj: Any = None
) -> bool:
    """Answer whether ``user`` may use ``capability`` in ``project`` (on ``obj``).

    :param user: A :class:`User`, ``None`` or Flask-Login's anonymous user.
    :param capability: A declared capability name; unknown names raise ``KeyError``.
    :param project: The space, or ``None`` for site-level capabilities.
    :param obj: Optional object the action targets: a :class:`Page`, or the
        :class:`Membership` / :class:`User` of the person being managed.
    """
    permission = current_app.extensions["etwincms"].permissions[capability]
    user = signed_in(user)
    if user is not None and user.is_site_admin:
        return True
    if project is None:
        return user is not None and user.kind.value in permission.site_kinds
    if permission.writes and project.status is ProjectStatus.ARCHIVED:
        return False
    membership = membership_of(user, project)
    decided = plugin_decision(user, permission, project, obj, membership)
    if decided is not None:
        return decided
    if membership is None:
        return public_access(capability, project, obj)
    if not role_has(membership.role, permission, project):
        return False
    return object_allows(membership, capability, obj)


def plugin_decision(
    user: User | None,
    permission: Permission,
    project: Project,
    obj: Any,
    membership: Membership | None,
) -> bool | None:
    """Ask the space's plugins (``check_permission``).

    About the core's capabilities only a refusal counts: a plugin may narrow them (a
    working group's pages), never widen them beyond docs/permissions.md. Pupils and
    outsiders never get a capability marked not grantable to pupils.
    """
    state = current_app.extensions["etwincms"]
    if not state.plugins.implements("check_permission"):
        return None
    from .plugins import CORE_PLUGINS, project_hooks

    answer = project_hooks(project).check_permission(
        user=user, capability=permission.name, project=project, obj=obj
    )
    if state.registries.permissions.owner[permission.name] in CORE_PLUGINS:
        return False if answer is False else None
    outsider_or_pupil = membership is None or membership.role in PUPIL_ROLES
    if answer and outsider_or_pupil and not permission.pupil_grantable:
        return (
            None  # protected capabilities: never for pupils or outsiders, whoever asks
        )
    return answer


def signed_in(user: Any) -> User | None:
    """The user if signed in and active, else ``None`` (anonymous)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user if user.is_active else None


def public_access(capability: str, project: Project, obj: Any) -> bool:
    if not project.is_public or project.status is ProjectStatus.DRAFT:
        return False
    if capability not in PUBLIC_PAGE_CAPABILITIES:
        return False
    if isinstance(obj, Page):
        return obj.is_public and not obj.in_trash
    return capability == "space.view"


def role_has(role: Role, permission: Permission, project: Project) -> bool:
    """The role's default for the capability, unless the space overrides it."""
    default = role.value in permission.default_roles
    if role is Role.ADMIN:  # a space must always stay manageable: never overridden
        return default
    override = (project.role_overrides or {}).get(role.value, {}).get(permission.name)
    if override is None or (override and not pupil_may_hold(role, permission)):
        return default
    return bool(override)


def pupil_may_hold(role: Role, permission: Permission) -> bool:
    return permission.pupil_grantable or role not in PUPIL_ROLES


def object_allows(membership: Membership, capability: str, obj: Any) -> bool:
    if isinstance(obj, Page):
        return page_allows(membership, capability, obj)
    if capability == "pupil.manage" and obj is not None:
        return manages_pupil(membership, obj)
    return True


def page_allows(membership: Membership, capability: str, page: Page) -> bool:
    if page.in_trash and capability not in {"page.restore", "page.history"}:
        return False
    if capability == "page.edit":
        return membership.role in POLICY_ROLES[page.edit_policy]
    return True


def manages_pupil(membership: Membership, target: Membership | User) -> bool:
    """Admins manage every pupil; teachers only the pupils of their own school."""
    if isinstance(target, User):
        if target.kind is not UserKind.PUPIL:
            return False
        return membership.role is Role.ADMIN or (
            membership.school_id is not None
            and membership.school_id == target.school_id
        )
    if target.role not in PUPIL_ROLES:
        return False
    if membership.role is Role.ADMIN:
        return True
    return membership.school_id is not None and membership.school_id == target.school_id


def membership_of(user: User | None, project: Project) -> Membership | None:
    """The user's active membership of the space, cached on the session."""
    if user is None:
        return None
    session = object_session(project)
    if session is None:
        return None
    cache: dict[tuple[int, int], Membership | None] = session.info.setdefault(
        "etwincms.memberships", {}
    )
    key = (user.id, project.id)
    if key not in cache:
        cache[key] = load_membership(session, user.id, project.id)
    return cache[key]


def load_membership(
    session: Session, user_id: int, project_id: int
) -> Membership | None:
    return session.scalar(
        select(Membership).where(
            Membership.user_id == user_id,
            Membership.project_id == project_id,
            Membership.status == MembershipStatus.ACTIVE,
        )
    )


def forget_memberships(session: Session) -> None:
    """Drop cached memberships (after a role change in the same session)."""
    session.info.pop("etwincms.memberships", None)


def require(
    user: Any, capability: str, project: Project | None, obj: Any = None
) -> None:
    """Raise :class:`~etwincms.errors.PermissionDenied` unless ``can()`` says yes."""
    from .errors import PermissionDenied

    if not can(user, capability, project, obj):
        raise PermissionDenied(capability)
