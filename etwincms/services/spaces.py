"""Spaces: create, update, archive and reopen; partner schools; role overrides; lookups."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Select, case, literal, select
from sqlalchemy.orm import Session, joinedload, undefer

from .. import events
from ..errors import NotFound, ValidationError
from ..hooktypes import ProjectTemplate
from ..models import (
    Membership,
    MembershipStatus,
    Project,
    ProjectSchool,
    ProjectStatus,
    Role,
    School,
    User,
)
from ..permissions import (
    PUPIL_ROLES,
    can,
    remember_membership,
    require,
    signed_in,
)
from ..state import get_state
from . import audit
from .validation import (
    NUMBERED_STEM,
    numbered_slug,
    required_text,
    slugify,
    valid_slug,
)

EDITABLE_FIELDS = frozenset(
    {
        "title",
        "description",
        "languages",
        "subjects",
        "age_min",
        "age_max",
        "start_date",
        "end_date",
        "erasmus_reference",
        "is_public",
    }
)


def create_space(
    session: Session,
    actor: User,
    *,
    title: str,
    slug: str | None = None,
    school: School | None = None,
    template: str | None = None,
    **fields: Any,
) -> Project:
    """Create a space with ``actor`` as its first admin, representing ``school`` (by
    default the actor's own school, the space's first partner school).

    The plugins switched on come from the template (``template="blank"``...) or, without
    one, from the site's ``DEFAULT_PLUGINS`` (all installed plugins when unset).
    """
    require(actor, "space.create", None)
    templates = get_state().registries.project_templates
    if template and template not in templates:
        raise ValidationError(
            _("There is no space template '%(name)s'.", name=template), field="template"
        )
    chosen = templates[template] if template else None
    project = Project(
        title=required_text(title, "title", 200),
        slug=free_slug(session, valid_slug(slug) if slug else slugify(title)),
        role_overrides={},
    )
    apply_fields(project, fields)
    session.add(project)
    session.flush()
    school = school if school is not None else actor.school
    if school is not None:
        session.add(ProjectSchool(project=project, school=school, is_coordinator=True))
    session.add(
        Membership(
            project_id=project.id,
            user_id=actor.id,
            role=Role.ADMIN,
            school_id=school.id if school else actor.school_id,
        )
    )
    audit.record(session, actor, "space.create", project, project, title=project.title)
    events.queue(session, "project_created", project, project=project, user=actor)
    session.flush()
    apply_template(session, actor, project, chosen)
    if chosen is not None:  # its plugins are on now: they create their starter content
        events.queue(
            session,
            "space_template_applied",
            project,
            project=project,
            template=chosen.name,
            user=actor,
        )
    return project


def apply_template(
    session: Session, actor: User, project: Project, template: ProjectTemplate | None
) -> None:
    from . import pages, plugins

    wanted = template.plugins if template and template.plugins is not None else None
    if wanted is None:
        configured = current_app.config.get("DEFAULT_PLUGINS")
        wanted = (
            tuple(plugins.switchable_plugins()) if configured is None else configured
        )
    for name in wanted:
        if name in plugins.switchable_plugins():
            plugins.enable_plugin(session, None, project, name)
    for page in template.pages if template else ():
        pages.create_from_template(session, actor, project, page, parent=None)


def free_slug(session: Session, slug: str) -> str:
    stem = slug[:NUMBERED_STEM]
    taken = set(
        session.scalars(select(Project.slug).where(Project.slug.startswith(stem)))
    )
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = numbered_slug(slug, n), n + 1
    return candidate


def update_space(
    session: Session, actor: User, project: Project, **fields: Any
) -> None:
    """Change a space's details; unknown or invalid fields are rejected."""
    require(actor, "space.edit", project)
    apply_fields(project, fields)
    audit.record(
        session, actor, "space.update", project, project, fields=sorted(fields)
    )


def apply_fields(project: Project, fields: dict[str, Any]) -> None:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(
            _("Unknown field(s): %(names)s", names=", ".join(sorted(unknown)))
        )
    for name, value in fields.items():
        setattr(project, name, clean_field(name, value))
    check_ranges(project)


def clean_field(name: str, value: Any) -> Any:
    if name == "title":
        return required_text(value, "title", 200)
    if name in {"languages", "subjects"}:
        return [
            " ".join(str(item).split()) for item in value or [] if str(item).strip()
        ]
    if name in {"start_date", "end_date"} and isinstance(value, str):
        return parse_date(value, name)
    if name == "is_public":
        return bool(value)
    return value


def parse_date(value: str, field: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise ValidationError(_("Use a date like 2026-03-01."), field=field) from None


def check_ranges(project: Project) -> None:
    if (
        project.start_date
        and project.end_date
        and project.end_date < project.start_date
    ):
        raise ValidationError(
            _("The project cannot end before it starts."), field="end_date"
        )
    if project.age_min and project.age_max and project.age_max < project.age_min:
        raise ValidationError(_("The age range is reversed."), field="age_max")


def archive_space(session: Session, actor: User, project: Project) -> None:
    """Archive: the space stays readable, and nothing in it can change until reopened."""
    require(actor, "space.archive", project)
    project.status = ProjectStatus.ARCHIVED
    audit.record(session, actor, "space.archive", project, project)


def reopen_space(session: Session, actor: User, project: Project) -> None:
    require(actor, "space.archive", project)
    project.status = ProjectStatus.ACTIVE
    audit.record(session, actor, "space.reopen", project, project)


def add_partner_school(
    session: Session, actor: User, project: Project, school: School
) -> None:
    require(actor, "space.edit", project)
    exists = session.get(ProjectSchool, (project.id, school.id))
    if exists is None:
        session.add(ProjectSchool(project_id=project.id, school_id=school.id))
        audit.record(
            session, actor, "space.school_add", project, school, name=school.name
        )


def set_role_override(
    session: Session,
    actor: User,
    project: Project,
    role: Role,
    capability: str,
    granted: bool | None,
) -> None:
    """Give (True) or take (False) a capability for a role here; None restores the default."""
    require(actor, "space.edit", project)
    permission = get_state().permissions[capability]
    if role is Role.ADMIN:
        raise ValidationError(
            _("The admin role always has every capability."), field="role"
        )
    if granted and role in PUPIL_ROLES and not permission.pupil_grantable:
        raise ValidationError(
            _("Pupils can never be given '%(name)s'.", name=capability),
            field="capability",
        )
    overrides = {
        key: dict(value) for key, value in (project.role_overrides or {}).items()
    }
    role_map = overrides.setdefault(role.value, {})
    if granted is None:
        role_map.pop(capability, None)
    else:
        role_map[capability] = granted
    project.role_overrides = overrides
    audit.record(
        session,
        actor,
        "space.role_override",
        project,
        project,
        role=role.value,
        capability=capability,
        granted=granted,
    )


def get_space(session: Session, actor: User | None, slug: str) -> Project:
    """The space with this slug, if ``actor`` may see it; else NotFound (never 403).

    One query reads the space, its stamps, its plugins and the actor's membership (kept
    for ``can()``): every request in a space starts here.
    """
    member = signed_in(actor)
    row = session.execute(space_query(slug, member)).unique().first()
    if row is not None and member is not None:
        remember_membership(session, member, row[0], row[1])
    if row is None or not can(actor, "space.view", row[0]):
        raise NotFound(slug)
    return row[0]


def space_query(slug: str, member: User | None) -> Select[Any]:
    query = (
        select(Project)
        .where(Project.slug == slug)
        .options(
            undefer(Project.content_stamp),
            undefer(Project.site_stamp),
            joinedload(Project.plugins),
        )
    )
    if member is None:
        return query
    return query.add_columns(Membership).outerjoin(
        Membership,
        (Membership.project_id == Project.id)
        & (Membership.user_id == member.id)
        & (Membership.status == MembershipStatus.ACTIVE),
    )


def spaces_for_user(session: Session, user: User) -> list[tuple[Project, Membership]]:
    """The user's spaces with their membership: running ones first, newest change first."""
    archived_last = case((Project.status == ProjectStatus.ARCHIVED, 1), else_=0)
    rows = session.execute(
        select(Project, Membership)
        .join(Membership, Membership.project_id == Project.id)
        .where(
            Membership.user_id == user.id,
            Membership.status == MembershipStatus.ACTIVE,
        )
        .order_by(archived_last, Project.updated_at.desc())
    )
    return [(project, membership) for project, membership in rows]


def partner_schools(session: Session, project: Project) -> list[ProjectSchool]:
    return list(
        session.scalars(
            select(ProjectSchool)
            .where(ProjectSchool.project_id == project.id)
            .order_by(ProjectSchool.is_coordinator.desc())
        )
    )


def enabled_plugins(project: Project) -> frozenset[str]:
    return frozenset(row.plugin for row in project.plugins if row.enabled)


def visible_spaces(
    session: Session, actor: User | None, *, after: int | None, limit: int
) -> list[tuple[Project, Role | None]]:
    """Spaces by id after ``after``: the actor's own, or public ones for visitors."""
    query = select(Project, Membership.role if actor else literal(None))
    if actor is not None:
        query = query.join(Membership, Membership.project_id == Project.id).where(
            Membership.user_id == actor.id,
            Membership.status == MembershipStatus.ACTIVE,
        )
    else:
        query = query.where(
            Project.is_public.is_(True), Project.status != ProjectStatus.DRAFT
        )
    if after is not None:
        query = query.where(Project.id > after)
    rows = session.execute(query.order_by(Project.id).limit(limit))
    return [(project, role) for project, role in rows]
