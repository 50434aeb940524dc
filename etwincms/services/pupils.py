"""Pupil accounts: created by teachers, singly or from a class list, with one-time passwords.

Usernames are generated from the first name and last initial (``lucia.m``, ``lucia.m2``);
passwords are generated, shown once to the teacher, stored hashed, and must be changed at
first login. A teacher creates and resets accounts for their own school's pupils only.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from .. import events
from ..errors import ValidationError
from ..models import Membership, Project, Role, School, User, UserKind
from ..passwords import one_time_password
from ..permissions import membership_of, require
from . import audit, members
from .users import hash_password
from .validation import required_text, slugify

MAX_CLASS_LIST = 200


@dataclass(frozen=True, slots=True)
class PupilCredentials:
    """What the teacher prints for the pupil: shown once, never stored in clear."""

    user: User
    password: str


def parse_class_list(text: str) -> list[str]:
    """One pupil per line (``First Last`` or ``Last, First``); blanks and repeats dropped."""
    names: list[str] = []
    for line in text.splitlines():
        name = " ".join(line.split())
        if "," in name:
            last, _, first = name.partition(",")
            name = f"{first.strip()} {last.strip()}".strip()
        if name and name not in names:
            names.append(name)
    if len(names) > MAX_CLASS_LIST:
        raise ValidationError(
            gettext("At most %(n)d pupils at once.", n=MAX_CLASS_LIST), field="names"
        )
    return names


def create_pupils(
    session: Session,
    actor: User,
    project: Project,
    names: list[str],
    *,
    school: School | None = None,
) -> list[PupilCredentials]:
    """Create pupil accounts and add them to the space as pupils of ``school``."""
    school_id = pupil_school_id(actor, project, school)
    if not names:
        raise ValidationError(gettext("Give at least one name."), field="names")
    taken = existing_usernames(session, [base_username(name) for name in names])
    created = [new_pupil(session, actor, name, school_id, taken) for name in names]
    session.flush()
    for credentials in created:
        members.add_member(session, actor, project, credentials.user, Role.PUPIL)
    audit.record(session, actor, "pupil.create", project, None, count=len(created))
    return created


def pupil_school_id(actor: User, project: Project, school: School | None) -> int | None:
    """The pupils' school: the given one, else the teacher's school in this space."""
    require(actor, "pupil.manage", project)
    if school is None:
        membership = membership_of(actor, project)
        school_id = membership.school_id if membership else actor.school_id
    else:
        school_id = school.id
    # A teacher may only create pupils of their own school: ask about such a pupil.
    require(
        actor, "pupil.manage", project, User(kind=UserKind.PUPIL, school_id=school_id)
    )
    return school_id


def new_pupil(
    session: Session, actor: User, name: str, school_id: int | None, taken: set[str]
) -> PupilCredentials:
    display_name = short_display_name(required_text(name, "name", 120))
    username = next_free(base_username(name), taken)
    taken.add(username)
    password = one_time_password()
    user = User(
        username=username,
        display_name=display_name,
        kind=UserKind.PUPIL,
        password_hash=hash_password(password),
        school_id=school_id,
        must_change_password=True,
        created_by_id=actor.id,
    )
    session.add(user)
    events.queue(session, "user_registered", None, user=user)
    return PupilCredentials(user=user, password=password)


def short_display_name(name: str) -> str:
    """``"Lucía Martínez Ruiz"`` -> ``"Lucía M."``: members see first names, not surnames."""
    first, *rest = name.split()
    return f"{first} {rest[0][0]}." if rest else first


def base_username(name: str) -> str:
    first, *rest = slugify(name, 40).split("-")
    return f"{first}.{rest[0][0]}" if rest else first


def existing_usernames(session: Session, bases: list[str]) -> set[str]:
    prefixes = [User.username.startswith(base, autoescape=True) for base in set(bases)]
    return set(session.scalars(select(User.username).where(or_(*prefixes))))


def next_free(base: str, taken: set[str]) -> str:
    base = base if len(base) >= 3 else f"{base}.pupil"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}{n}", n + 1
    return candidate


def reset_password(
    session: Session, actor: User, project: Project, membership: Membership
) -> PupilCredentials:
    """Give a pupil a new one-time password (their teacher or an admin)."""
    require(actor, "pupil.manage", project, membership)
    pupil = session.get_one(User, membership.user_id)
    password = one_time_password()
    pupil.password_hash = hash_password(password)
    pupil.must_change_password = True
    audit.record(session, actor, "pupil.password_reset", project, pupil)
    return PupilCredentials(user=pupil, password=password)
