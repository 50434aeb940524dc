"""The one permission question: ``can(user, capability, project, obj=None)``.

Every view, API resource, CLI command and service asks this function and nothing else.
The answer combines, in order: site administrators (always yes); archived spaces (never a
writing capability); the member's role defaults with the space's overrides; and the
object's own rules (page visibility and edit policy, a teacher's own school's pupils).
Anonymous visitors and members of other spaces see public pages of public spaces only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

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

if TYPE_CHECKING:
    from .plugins import Implementation

T = TypeVar("T")
#: Where ``membership_of`` keeps the memberships it loaded, on the session.
MEMBERSHIPS = "etwincms.memberships"
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
    return question(user, capability, project).allows(obj)


def allowed(
    user: User | Any | None, capability: str, project: Project, objects: Iterable[T]
) -> list[T]:
    """The objects ``can()`` allows, in their order: the same answer as asking about
    each, with what does not depend on the object (the membership, the role, the
    plugins to ask) worked out once. A space's page tree asks about every page."""
    asked = question(user, capability, project)
    return [obj for obj in objects if asked.allows(obj)]


@dataclass(slots=True)
class Question:
    """One person's question about one capability in one space, for any object.

    ``fixed`` is the answer whatever the object (site admins, archived spaces,
    site-level capabilities); otherwise :meth:`allows` combines, for each object, the
    plugins' answer, the public rules or the role and the object's own rules.
    """

    permission: Permission
    user: User | None
    project: Project | None
    fixed: bool | None = None
    membership: Membership | None = None
    role_allows: bool = False
    narrowers: tuple[Implementation, ...] = ()
    checker: Any = None

    def allows(self, obj: Any) -> bool:
        if self.fixed is not None:
            return self.fixed
        decided = self.plugin_answer(obj)
        if decided is not None:
            return decided
        name = self.permission.name
        if self.membership is None:
            return public_access(name, self.project, obj)  # type: ignore[arg-type]
        return self.role_allows and object_allows(self.membership, name, obj)

    def plugin_answer(self, obj: Any) -> bool | None:
        """``narrow_permission`` about the core's capabilities (only a refusal counts),
        ``check_permission`` about plugins' capabilities."""
        if self.checker is not None:
            return checked(self, obj)
        for narrow in self.narrowers:  # called directly: a tree asks once per page
            refused = narrow(
                user=self.user,
                capability=self.permission.name,
                project=self.project,
                obj=obj,
            )
            if refused is False:
                return False
        return None


def question(user: Any, capability: str, project: Project | None) -> Question:
    """What ``can()`` needs to know before it looks at the object."""
    return Asker(user, project).question(capability)


def granted(
    user: User | Any | None, capabilities: Iterable[str], project: Project
) -> frozenset[str]:
    """The capabilities among ``capabilities`` that ``can()`` gives ``user`` in
    ``project``, asked about no object: the same answers as asking about each, with who
    asks, their membership and the space's plugins worked out once. A search asks about
    every space it may look in and every searchable type of each."""
    asker = Asker(user, project)
    return frozenset(name for name in capabilities if asker.question(name).allows(None))


class Asker:
    """One person asking about one space: what all their questions there share (each
    part worked out when a question first needs it)."""

    __slots__ = ("_hooks", "_looked_up", "_membership", "project", "state", "user")

    def __init__(self, user: Any, project: Project | None) -> None:
        self.user = signed_in(user)
        self.project = project
        self.state = current_app.extensions["etwincms"]
        self._membership: Membership | None = None
        self._looked_up = False
        self._hooks: Any = None

    def question(self, capability: str) -> Question:
        permission = self.state.permissions[capability]
        user, project = self.user, self.project
        if user is not None and user.is_site_admin:
            return Question(permission, user, project, fixed=True)
        if project is None:
            site_wide = user is not None and user.kind.value in permission.site_kinds
            return Question(permission, user, None, fixed=site_wide)
        if permission.writes and project.status is ProjectStatus.ARCHIVED:
            return Question(permission, user, project, fixed=False)
        membership = self.membership()
        role_allows = membership is not None and role_has(
            membership.role, permission, project
        )
        return self.with_plugins(
            Question(permission, user, project, None, membership, role_allows)
        )

    def membership(self) -> Membership | None:
        if not self._looked_up and self.project is not None:
            self._membership = membership_of(self.user, self.project)
            self._looked_up = True
        return self._membership

    def with_plugins(self, asked: Question) -> Question:
        """The space's plugins to ask: about the core's capabilities, those that may
        narrow them; about plugins' capabilities, ``check_permission``."""
        from .plugins import CORE_PLUGINS, project_hooks

        if self._hooks is None:
            self._hooks = project_hooks(self.project)
        owner = self.state.registries.permissions.owner[asked.permission.name]
        if owner in CORE_PLUGINS:
            asked.narrowers = self._hooks.implementations("narrow_permission")
        elif self.state.plugins.implements("check_permission"):
            asked.checker = self._hooks.check_permission
        return asked


def checked(asked: Question, obj: Any) -> bool | None:
    """The plugins' ``check_permission`` answer about one of their capabilities.

    Pupils and outsiders never get a capability marked not grantable to pupils.
    """
    permission, membership = asked.permission, asked.membership
    answer = asked.checker(
        user=asked.user, capability=permission.name, project=asked.project, obj=obj
    )
    outsider_or_pupil = membership is None or membership.role in PUPIL_ROLES
    if answer and outsider_or_pupil and not permission.pupil_grantable:
        return None  # protected capabilities: never for pupils or outsiders
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
        MEMBERSHIPS, {}
    )
    key = (user.id, project.id)
    if key not in cache:
        cache[key] = load_membership(session, user.id, project.id)
    return cache[key]


def remember_membership(
    session: Session, user: User, project: Project, membership: Membership | None
) -> None:
    """Keep ``user``'s active membership of ``project`` (or its absence), loaded by the
    caller with the space, so that ``can()`` asks no further query."""
    session.info.setdefault(MEMBERSHIPS, {})[(user.id, project.id)] = membership


def remember_memberships(
    session: Session, user: User | None, projects: Iterable[Project]
) -> None:
    """Load all of ``user``'s memberships of these spaces at once, for ``can()``.

    A search asks about every public space; without this each would cost a query.
    """
    if user is None:
        return
    cache = session.info.setdefault(MEMBERSHIPS, {})
    wanted = [p.id for p in projects if (user.id, p.id) not in cache]
    if not wanted:
        return
    found = {
        membership.project_id: membership
        for membership in session.scalars(
            select(Membership).where(
                Membership.user_id == user.id,
                Membership.status == MembershipStatus.ACTIVE,
            )
        )
    }
    for project_id in wanted:
        cache[(user.id, project_id)] = found.get(project_id)


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
    session.info.pop(MEMBERSHIPS, None)


def require(
    user: Any, capability: str, project: Project | None, obj: Any = None
) -> None:
    """Raise :class:`~etwincms.errors.PermissionDenied` unless ``can()`` says yes."""
    from .errors import PermissionDenied

    if not can(user, capability, project, obj):
        raise PermissionDenied(capability)
