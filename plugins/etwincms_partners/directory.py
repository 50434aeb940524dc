"""The directory of listed spaces: which spaces are listed, their cards, their founder.

A space is listed when it switched partner finding on, its ``listed`` setting is on
(off by default), and it has a public landing page in a space that is not a draft.
Every read of the directory (the finder, the API, search documents, "contact the
founder") goes through :func:`listed_spaces`, so an unlisted space is found by nothing.
Filters on the core's JSON columns (languages, subjects) are checked here in Python on
the listed spaces, which are few next to the site's spaces.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import url_for
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from etwincms.errors import NotFound
from etwincms.models import (
    Membership,
    MembershipStatus,
    Project,
    ProjectPlugin,
    ProjectSchool,
    ProjectStatus,
    Role,
    School,
    User,
    UserKind,
)
from etwincms.plugins import plugin_settings

from .cards import LIMIT, Card, like
from .filters import Filters

PLUGIN = "partners"


def listing_settings(project: Project) -> dict[str, Any]:
    return plugin_settings(project, PLUGIN)


def listed_spaces(session: Session, q: str = "") -> list[Project]:
    """Spaces with the plugin on, the listing setting on and a public landing page."""
    query = (
        select(Project)
        .join(
            ProjectPlugin,
            and_(
                ProjectPlugin.project_id == Project.id,
                ProjectPlugin.plugin == PLUGIN,
                ProjectPlugin.enabled.is_(True),
            ),
        )
        .where(Project.is_public.is_(True), Project.status != ProjectStatus.DRAFT)
    )
    if q:
        query = query.where(or_(like(Project.title, q), like(Project.description, q)))
    projects = session.scalars(query.order_by(Project.id.desc()))
    return [p for p in projects if is_listed(p)]


def is_listed(project: Project) -> bool:
    """Whether the space is in the directory now (the plugin is on: hooks ask only then)."""
    return (
        project.is_public
        and project.status is not ProjectStatus.DRAFT
        and listing_settings(project).get("listed") is True
    )


def find_spaces(session: Session, filters: Filters) -> list[Card]:
    projects = listed_spaces(session, filters.q)
    schools = schools_of(session, [p.id for p in projects])
    cards = [space_card(p, schools.get(p.id, [])) for p in projects]
    return [card for card in cards if space_matches(card, filters)][:LIMIT]


def schools_of(session: Session, project_ids: list[int]) -> dict[int, list[School]]:
    found: dict[int, list[School]] = {}
    rows = session.execute(
        select(ProjectSchool.project_id, School)
        .join(School, School.id == ProjectSchool.school_id)
        .where(ProjectSchool.project_id.in_(project_ids))
        .order_by(ProjectSchool.is_coordinator.desc(), School.name)
    )
    for project_id, school in rows:
        found.setdefault(project_id, []).append(school)
    return found


def space_card(project: Project, schools: list[School]) -> Card:
    settings = listing_settings(project)
    vocational = [
        v.strip().casefold() for v in settings.get("vocational_subjects", "").split(",")
    ]
    return Card(
        kind="spaces",
        id=project.id,
        title=project.title,
        url=url_for("partners.space", space=project.slug),
        summary=project.description[:300],
        countries=tuple(dict.fromkeys(s.country for s in schools)),
        languages=tuple(project.languages or ()),
        subjects=tuple(s.casefold() for s in project.subjects or ()),
        vocational=tuple(v for v in vocational if v),
        age_min=project.age_min,
        age_max=project.age_max,
        partnership_type=settings.get("partnership_type", ""),
        school=", ".join(s.name for s in schools),
        since=project.created_at,
        extra={
            "slug": project.slug,
            "landing": url_for("spaces.home", slug=project.slug),
        },
    )


def space_matches(card: Card, filters: Filters) -> bool:
    checks: list[Callable[[], bool]] = [
        lambda: not filters.country or filters.country in card.countries,
        lambda: not filters.language or filters.language in card.languages,
        lambda: not filters.subject or filters.subject in card.subjects,
        lambda: not filters.vocational or filters.vocational in card.vocational,
        lambda: (
            not filters.partnership_type
            or filters.partnership_type == card.partnership_type
        ),
        lambda: ages_meet(card, filters),
    ]
    return all(check() for check in checks)


def ages_meet(card: Card, filters: Filters) -> bool:
    if filters.age_from is not None and (
        card.age_max is None or card.age_max < filters.age_from
    ):
        return False
    return filters.age_to is None or (
        card.age_min is not None and card.age_min <= filters.age_to
    )


def get_listed_space(session: Session, slug: str) -> Project:
    """A listed space by slug; unlisted, private or missing ones are all NotFound."""
    found = next((p for p in listed_spaces(session) if p.slug == slug), None)
    if found is None:
        raise NotFound(f"space {slug}")
    return found


def space_card_of(session: Session, project: Project) -> Card:
    return space_card(project, schools_of(session, [project.id]).get(project.id, []))


def founder_of(session: Session, project: Project) -> User | None:
    """The space's founding teacher: its first admin still active as a teacher."""
    return session.scalar(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.project_id == project.id,
            Membership.role == Role.ADMIN,
            Membership.status == MembershipStatus.ACTIVE,
            User.kind == UserKind.TEACHER,
            User.is_active_account.is_(True),
        )
        .order_by(Membership.id)
        .limit(1)
    )
