"""Suggesting working groups that mix partner schools and languages.

The suggestion is a pure function of the space's active members and a seed (the space's
id unless given), so the same space always gets the same proposal. Pupils are placed
school by school, the largest school first, each in its own seeded shuffled order; each
pupil goes to the group, among those with room, that has the fewest pupils of the same
school, then the most room left (so the other schools still fit everywhere), then the
fewest speakers of the same language (``User.locale``). Group capacities are fixed up
front so that sizes differ by at most one. Teachers (and admins) are then placed one per
group while there are enough, each where their school is least represented.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import ValidationError
from ..models import Membership, MembershipStatus, Project, Role, User

PUPIL_ROLES = (Role.PUPIL, Role.PUPIL_LEAD)
TEACHER_ROLES = (Role.ADMIN, Role.TEACHER)


@dataclass(frozen=True)
class Person:
    """A member as the suggestion sees them: who, which school, which language."""

    user_id: int
    school_id: int | None
    locale: str
    is_pupil: bool


@dataclass
class SuggestedGroup:
    """One proposed group: a name and the members placed in it."""

    name: str
    capacity: int
    members: list[Person] = field(default_factory=list)

    @property
    def member_ids(self) -> list[int]:
        return [person.user_id for person in self.members]

    @property
    def pupils(self) -> list[Person]:
        return [person for person in self.members if person.is_pupil]

    def count(self, attribute: str, value: object) -> int:
        return sum(1 for p in self.pupils if getattr(p, attribute) == value)


def suggest_groups(
    session: Session,
    project: Project,
    *,
    size: int | None = None,
    count: int | None = None,
    seed: int | None = None,
    with_teachers: bool = True,
) -> list[SuggestedGroup]:
    """Propose groups of about ``size`` pupils, or exactly ``count`` groups."""
    people = space_people(session, project)
    if not with_teachers:
        people = [p for p in people if p.is_pupil]
    pupils = sum(1 for p in people if p.is_pupil)
    return arrange(
        people, group_count(pupils, size, count), project.id if seed is None else seed
    )


def arrange(people: list[Person], count: int, seed: int) -> list[SuggestedGroup]:
    """Share ``people`` out among ``count`` groups (see the module's docstring)."""
    pupils = [p for p in people if p.is_pupil]
    groups = empty_groups(len(pupils), count)
    # Reproducible on purpose: the same space gets the same proposal.
    rng = random.Random(seed)  # noqa: S311
    for person in pupil_order(pupils, rng):
        place_pupil(groups, person)
    place_teachers(groups, [p for p in people if not p.is_pupil])
    return groups


def group_count(pupils: int, size: int | None, count: int | None) -> int:
    if count is not None:
        if count < 1:
            raise ValidationError(_("Ask for at least one group."), "count")
        return count
    if size is None or size < 2:
        raise ValidationError(_("A group needs room for at least two pupils."), "size")
    return max(1, math.ceil(pupils / size))


def empty_groups(pupils: int, count: int) -> list[SuggestedGroup]:
    base, extra = divmod(pupils, count)
    return [
        SuggestedGroup(_("Group %(number)d", number=i + 1), base + (i < extra))
        for i in range(count)
    ]


def space_people(session: Session, project: Project) -> list[Person]:
    """The space's active pupils, teachers and admins, in a stable order."""
    rows = session.execute(
        select(Membership, User)
        .join(User, User.id == Membership.user_id)
        .where(
            Membership.project_id == project.id,
            Membership.status == MembershipStatus.ACTIVE,
            Membership.role.in_(PUPIL_ROLES + TEACHER_ROLES),
            User.is_active_account.is_(True),
        )
        .order_by(User.id)
    )
    return [
        Person(
            user.id,
            membership.school_id or user.school_id,
            user.locale or "",
            membership.role in PUPIL_ROLES,
        )
        for membership, user in rows
    ]


def pupil_order(pupils: list[Person], rng: random.Random) -> list[Person]:
    """School by school, the largest first; each school's pupils seeded-shuffled."""
    sizes = Counter(p.school_id for p in pupils)
    schools = sorted(sizes, key=lambda s: (-sizes[s], s is None, s or 0))
    ordered: list[Person] = []
    for school in schools:
        members = [p for p in pupils if p.school_id == school]
        rng.shuffle(members)
        ordered.extend(members)
    return ordered


def place_pupil(groups: list[SuggestedGroup], person: Person) -> None:
    open_groups = [g for g in groups if len(g.members) < g.capacity]
    best = min(
        open_groups,
        key=lambda g: (
            g.count("school_id", person.school_id),
            len(g.members) - g.capacity,  # the most room left: others' pupils fit too
            g.count("locale", person.locale),
        ),
    )
    best.members.append(person)


def place_teachers(groups: list[SuggestedGroup], teachers: list[Person]) -> None:
    """One teacher per group while there are teachers, where their school is rarest."""
    waiting = list(groups)
    for teacher in teachers:
        if not waiting:
            return
        best = min(
            waiting,
            key=lambda g: sum(1 for p in g.members if p.school_id == teacher.school_id),
        )
        best.members.append(teacher)
        waiting.remove(best)
