"""The query layer of partner finding: posts, people, schools and listed spaces as cards.

Every listing, search result and API read goes through :func:`find` (or the single-item
readers below it), and each query states the rules that keep people safe, in SQL, not in
templates: people are teachers' profiles that are discoverable and whose accounts are
active (``User.kind == teacher``, so a pupil can never be a result, whatever a profile
row says); posts are open posts by active teachers; spaces are those that switched the
plugin on *and* chose to be listed *and* have a public landing page. Filters that name a
list (languages, subjects) match a :class:`~.models.TagList` with ``LIKE``; those on the
core's JSON columns of a space are checked on the handful of listed spaces in Python.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import url_for
from sqlalchemy import Select, and_, or_, select
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

from .filters import Filters
from .models import MemberProfile, PartnerPost, SchoolProfile, tagged

PLUGIN = "partners"
LIMIT = 200


@dataclass(frozen=True, slots=True)
class Card:
    """One result, whatever its kind; what listings, facets and the API show."""

    kind: str
    id: int
    title: str
    url: str
    summary: str = ""
    countries: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    vocational: tuple[str, ...] = ()
    age_min: int | None = None
    age_max: int | None = None
    partnership_type: str = ""
    looking_for: str = ""
    school: str = ""
    city: str = ""
    #: The teacher to write to: the post's author, the person, the space's founder.
    contact_id: int | None = None
    since: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def find(session: Session, kind: str, filters: Filters) -> list[Card]:
    """The cards of ``kind`` matching every filter that applies to it, newest first."""
    return FINDERS[kind](session, filters.for_kind(kind))


def like(column: Any, text: str) -> Any:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%", escape="\\")


def with_tags(query: Select[Any], pairs: Iterable[tuple[Any, str]]) -> Select[Any]:
    for column, value in pairs:
        if value:
            query = query.where(column.like(tagged(value)))
    return query


def overlapping_ages(low: Any, high: Any, filters: Filters) -> list[Any]:
    """Conditions: the row's age range meets the asked one (rows without ages do not)."""
    conditions = []
    if filters.age_from is not None:
        conditions.append(high.is_not(None) & (high >= filters.age_from))
    if filters.age_to is not None:
        conditions.append(low.is_not(None) & (low <= filters.age_to))
    return conditions


# -- posts ---------------------------------------------------------------------------


def open_posts() -> Select[Any]:
    """Open posts whose author is an active teacher, with the posting school."""
    return (
        select(PartnerPost, User, School)
        .join(User, User.id == PartnerPost.author_id)
        .outerjoin(School, School.id == PartnerPost.school_id)
        .where(
            PartnerPost.closed.is_(False),
            User.kind == UserKind.TEACHER,
            User.is_active_account.is_(True),
        )
    )


def find_posts(session: Session, filters: Filters) -> list[Card]:
    query = with_tags(
        open_posts(),
        [
            (PartnerPost.languages, filters.language),
            (PartnerPost.subjects, filters.subject),
            (PartnerPost.vocational_subjects, filters.vocational),
        ],
    ).where(*overlapping_ages(PartnerPost.age_min, PartnerPost.age_max, filters))
    if filters.country:
        query = query.where(PartnerPost.country == filters.country)
    if filters.partnership_type:
        query = query.where(PartnerPost.partnership_type == filters.partnership_type)
    if filters.q:
        query = query.where(
            or_(
                like(PartnerPost.topic, filters.q),
                like(PartnerPost.description, filters.q),
            )
        )
    rows = session.execute(query.order_by(PartnerPost.id.desc()).limit(LIMIT))
    return [post_card(post, author, school) for post, author, school in rows]


def post_card(post: PartnerPost, author: User, school: School | None) -> Card:
    return Card(
        kind="posts",
        id=post.id,
        title=post.topic,
        url=url_for("partners.post", post_id=post.id),
        summary=post.description[:300],
        countries=(post.country,) if post.country else (),
        languages=tuple(post.languages),
        subjects=tuple(post.subjects),
        vocational=tuple(post.vocational_subjects),
        age_min=post.age_min,
        age_max=post.age_max,
        partnership_type=post.partnership_type,
        looking_for=post.looking_for,
        school=school.name if school else "",
        city=school.city if school else "",
        contact_id=author.id,
        since=post.created_at,
        extra={"author": author.display_name, "starts_on": post.starts_on,
               "ends_on": post.ends_on},
    )  # fmt: skip


def get_post(
    session: Session, post_id: int, viewer: User | None
) -> tuple[Card, PartnerPost]:
    """A post as :func:`find_posts` would show it (its author and site admins also see
    it once closed), else NotFound."""
    post = session.get(PartnerPost, post_id)
    author = session.get(User, post.author_id) if post and post.author_id else None
    if post is None or author is None or not is_active_teacher(author):
        raise NotFound(f"post {post_id}")
    if post.closed and not may_see_closed(post, viewer):
        raise NotFound(f"post {post_id}")
    school = session.get(School, post.school_id) if post.school_id else None
    return post_card(post, author, school), post


def is_active_teacher(user: User) -> bool:
    return user.kind is UserKind.TEACHER and user.is_active_account


def may_see_closed(post: PartnerPost, viewer: User | None) -> bool:
    if viewer is None or not post.closed:
        return False
    return viewer.is_site_admin or viewer.id == post.author_id


# -- people --------------------------------------------------------------------------


def discoverable_people() -> Select[Any]:
    """Discoverable profiles of active teachers: never a pupil, never staff."""
    return (
        select(MemberProfile, User, School)
        .join(User, User.id == MemberProfile.user_id)
        .outerjoin(School, School.id == User.school_id)
        .where(
            MemberProfile.discoverable.is_(True),
            User.kind == UserKind.TEACHER,
            User.is_active_account.is_(True),
        )
    )


def find_people(session: Session, filters: Filters) -> list[Card]:
    query = with_tags(
        discoverable_people(),
        [
            (MemberProfile.languages, filters.language),
            (MemberProfile.subjects, filters.subject),
            (MemberProfile.vocational_subjects, filters.vocational),
        ],
    )
    if filters.country:
        query = query.where(School.country == filters.country)
    if filters.q:
        query = query.where(
            or_(
                like(User.display_name, filters.q), like(MemberProfile.about, filters.q)
            )
        )
    rows = session.execute(query.order_by(MemberProfile.updated_at.desc()).limit(LIMIT))
    return [person_card(profile, user, school) for profile, user, school in rows]


def person_card(profile: MemberProfile, user: User, school: School | None) -> Card:
    return Card(
        kind="people",
        id=user.id,
        title=user.display_name,
        url=url_for("partners.person", user_id=user.id),
        summary=profile.about[:300],
        countries=(school.country,) if school else (),
        languages=tuple(profile.languages),
        subjects=tuple(profile.subjects),
        vocational=tuple(profile.vocational_subjects),
        school=school.name if school else "",
        city=school.city if school else "",
        contact_id=user.id,
        since=profile.updated_at,
        extra={"available": profile.available},
    )


def get_person(session: Session, user_id: int) -> Card:
    row = session.execute(discoverable_people().where(User.id == user_id)).first()
    if row is None:
        raise NotFound(f"person {user_id}")
    return person_card(*row)


# -- schools -------------------------------------------------------------------------


def find_schools(session: Session, filters: Filters) -> list[Card]:
    query = with_tags(
        select(SchoolProfile, School).join(
            School, School.id == SchoolProfile.school_id
        ),
        [
            (SchoolProfile.languages, filters.language),
            (SchoolProfile.vocational_areas, filters.vocational),
        ],
    )
    if filters.country:
        query = query.where(School.country == filters.country)
    if filters.q:
        query = query.where(
            or_(
                like(School.name, filters.q),
                like(School.city, filters.q),
                like(SchoolProfile.description, filters.q),
            )
        )
    rows = session.execute(query.order_by(SchoolProfile.updated_at.desc()).limit(LIMIT))
    return [school_card(profile, school) for profile, school in rows]


def school_card(profile: SchoolProfile, school: School) -> Card:
    return Card(
        kind="schools",
        id=school.id,
        title=school.name,
        url=url_for("partners.school", school_id=school.id),
        summary=profile.description[:300],
        countries=(school.country,),
        languages=tuple(profile.languages),
        vocational=tuple(profile.vocational_areas),
        school=school.name,
        city=school.city,
        since=profile.updated_at,
        extra={"type": school.type},
    )


def get_school(session: Session, school_id: int) -> Card:
    row = session.execute(
        select(SchoolProfile, School)
        .join(School, School.id == SchoolProfile.school_id)
        .where(School.id == school_id)
    ).first()
    if row is None:
        raise NotFound(f"school {school_id}")
    return school_card(*row)


# -- listed spaces -------------------------------------------------------------------


def listing_settings(project: Project) -> dict[str, Any]:
    from etwincms.plugins import plugin_settings

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
    return [p for p in projects if listing_settings(p).get("listed") is True]


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
        url=url_for("partners.space", slug=project.slug),
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


# -- facets --------------------------------------------------------------------------

FACETS = ("countries", "languages", "subjects", "vocational", "partnership_type")


def facets(cards: list[Card]) -> dict[str, Counter[str]]:
    """How many of ``cards`` have each value, per filterable field."""
    counted: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    for card in cards:
        for name in FACETS:
            value = getattr(card, name)
            counted[name].update(
                value if isinstance(value, tuple) else [value] if value else []
            )
    return {name: counts for name, counts in counted.items() if counts}


FINDERS: dict[str, Callable[[Session, Filters], list[Card]]] = {
    "posts": find_posts,
    "people": find_people,
    "schools": find_schools,
    "spaces": find_spaces,
}
