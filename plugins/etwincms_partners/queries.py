"""The query layer of partner finding: posts, people, schools and listed spaces as cards.

Every listing, search result and API read goes through :func:`find` (or the single-item
readers below it), and each query states the rules that keep people safe, in SQL, not in
templates: people are teachers' profiles that are discoverable and whose accounts are
active (``User.kind == teacher``, so a pupil can never be a result, whatever a profile
row says); posts are open posts by active teachers; listed spaces come from
:mod:`.directory`. Filters that name a list (languages, subjects) match a
:class:`~.models.TagList` with ``LIKE``, the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask import url_for
from sqlalchemy import Select, Text, or_, select, type_coerce
from sqlalchemy.orm import Session

from etwincms.errors import NotFound
from etwincms.models import (
    School,
    User,
    UserKind,
)
from etwincms.search.documents import plain_text

from . import directory
from .cards import LIMIT, Card, like
from .filters import Filters
from .models import MemberProfile, PartnerPost, SchoolProfile, tagged

PLUGIN = "partners"


def find(session: Session, kind: str, filters: Filters) -> list[Card]:
    """The cards of ``kind`` matching every filter that applies to it, newest first."""
    return FINDERS[kind](session, filters.for_kind(kind))


def with_tags(query: Select[Any], pairs: Iterable[tuple[Any, str]]) -> Select[Any]:
    """Rows whose tag list holds each given value (the column read as its stored text,
    so the pattern is not turned into a tag list itself)."""
    for column, value in pairs:
        if value:
            query = query.where(type_coerce(column, Text).like(tagged(value)))
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
        summary=plain_text(post.description_html)[:300],
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
        summary=plain_text(profile.description_html)[:300],
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


FINDERS: dict[str, Callable[[Session, Filters], list[Card]]] = {
    "posts": find_posts,
    "people": find_people,
    "schools": find_schools,
    "spaces": directory.find_spaces,
}
