"""The weekly-reflection prompt: one entry per pupil and week between a blog's dates.

A blog with reflection dates asks each pupil (its travellers who are pupils, or else
every pupil of the space) for one entry a week, Monday to Sunday. Teachers (those who
moderate the blog) see a table of who wrote in which week and who has not written yet
this week; a pupil sees the prompt and whether this week's entry is done. An entry counts
for the week it is published in (drafts do not count).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from etwincms.models import Membership, MembershipStatus, Project, Role, User
from etwincms.permissions import require

from .models import Blog, Post, Traveller

PUPIL_ROLES = (Role.PUPIL, Role.PUPIL_LEAD)


@dataclass(frozen=True, slots=True)
class ReflectionRow:
    user_id: int
    name: str
    #: One flag per week: an entry was published that week.
    written: list[bool]


@dataclass(frozen=True, slots=True)
class Tracker:
    weeks: list[date]
    rows: list[ReflectionRow]
    #: Index of this week in ``weeks``, or None outside the dates.
    current: int | None

    @property
    def missing_now(self) -> list[str]:
        if self.current is None:
            return []
        return [row.name for row in self.rows if not row.written[self.current]]


def weeks_of(start: date, end: date) -> list[date]:
    """The Mondays of every week that overlaps ``start``..``end``."""
    monday = start - timedelta(days=start.weekday())
    weeks = []
    while monday <= end:
        weeks.append(monday)
        monday += timedelta(days=7)
    return weeks


def is_running(blog: Blog, today: date) -> bool:
    start, end = blog.reflection_start, blog.reflection_end
    return start is not None and end is not None and start <= today <= end


def pupils_asked(session: Session, project: Project, blog: Blog) -> list[User]:
    """Pupils of the space who travelled (when the blog names travellers), else all."""
    query = (
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.project_id == project.id,
            Membership.status == MembershipStatus.ACTIVE,
            Membership.role.in_(PUPIL_ROLES),
        )
        .options(joinedload(User.school))
        .order_by(User.display_name, User.id)
    )
    travellers = select(Traveller.user_id).where(Traveller.blog_id == blog.id)
    if session.scalar(travellers.limit(1)) is not None:
        query = query.where(User.id.in_(travellers))
    return list(session.scalars(query))


def entry_weeks(
    session: Session, blog: Blog, weeks: list[date]
) -> dict[int, set[date]]:
    """For each author, the weeks (Mondays) in which they published an entry."""
    start = datetime.combine(weeks[0], time(), tzinfo=UTC)
    end = datetime.combine(weeks[-1] + timedelta(days=7), time(), tzinfo=UTC)
    rows = session.execute(
        select(Post.author_id, Post.publish_at).where(
            Post.blog_id == blog.id,
            Post.status != "draft",
            Post.publish_at >= start,
            Post.publish_at < end,
        )
    )
    found: dict[int, set[date]] = defaultdict(set)
    for author_id, moment in rows:
        day = moment.date()
        found[author_id].add(day - timedelta(days=day.weekday()))
    return found


def tracker(
    session: Session, viewer: User | None, project: Project, blog: Blog, today: date
) -> Tracker | None:
    """Who wrote in which week (for moderators); None when the blog asks nothing."""
    require(viewer, "blog.moderate", project)
    if blog.reflection_start is None or blog.reflection_end is None:
        return None
    weeks = weeks_of(blog.reflection_start, blog.reflection_end)
    found = entry_weeks(session, blog, weeks)
    rows = [
        ReflectionRow(
            p.id, p.display_name, [w in found.get(p.id, set()) for w in weeks]
        )
        for p in pupils_asked(session, project, blog)
    ]
    monday = today - timedelta(days=today.weekday())
    current = weeks.index(monday) if is_running(blog, today) else None
    return Tracker(weeks, rows, current)


def wrote_this_week(session: Session, user: User, blog: Blog, today: date) -> bool:
    monday = today - timedelta(days=today.weekday())
    return monday in entry_weeks(session, blog, [monday]).get(user.id, set())
