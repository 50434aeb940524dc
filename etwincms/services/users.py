"""Accounts: creating users and schools, signing in, changing passwords."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import events, passwords
from ..errors import ValidationError
from ..models import School, User, UserKind
from ..permissions import require
from ..state import get_state
from . import audit
from .validation import (
    required_text,
    valid_country,
    valid_password,
    valid_username,
)


def create_user(
    session: Session,
    actor: User | None,
    *,
    username: str,
    display_name: str,
    password: str,
    kind: UserKind | str = UserKind.TEACHER,
    email: str | None = None,
    school: School | None = None,
    is_site_admin: bool = False,
    locale: str = "en",
) -> User:
    """Create an account. Only site admins create accounts (``actor=None``: the CLI)."""
    if actor is not None:
        require(actor, "user.create", None)
    user = User(
        username=unique_username(session, valid_username(username)),
        display_name=required_text(display_name, "display name", 120),
        password_hash=hash_password(valid_password(password)),
        kind=UserKind(kind),
        email=unique_email(session, email),
        school_id=school.id if school else None,
        is_site_admin=is_site_admin,
        locale=locale,
        created_by_id=getattr(actor, "id", None),
    )
    session.add(user)
    session.flush()
    audit.record(session, actor, "user.create", obj=user, username=user.username)
    events.queue(session, "user_registered", None, user=user)
    return user


def unique_username(session: Session, username: str) -> str:
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise ValidationError(f"The username {username!r} is taken.", field="username")
    return username


def unique_email(session: Session, email: str | None) -> str | None:
    email = (email or "").strip().lower() or None
    if email is None:
        return None
    if "@" not in email or len(email) > 254:
        raise ValidationError("That is not an email address.", field="email")
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise ValidationError("An account already uses that email.", field="email")
    return email


def hash_password(password: str) -> str:
    return get_state().hasher.hash(password)


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this username and password, or ``None``.

    Rehashes the stored hash when its parameters are out of date.
    """
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    hasher = get_state().hasher
    if user is None or not user.is_active:
        hasher.hash(password)  # spend the same time: don't reveal which names exist
        return None
    if not passwords.verify(hasher, user.password_hash, password):
        return None
    if hasher.check_needs_rehash(user.password_hash or ""):
        user.password_hash = hasher.hash(password)
    return user


def change_password(session: Session, user: User, *, current: str, new: str) -> None:
    """Change one's own password; clears the first-login "must change" flag."""
    if not passwords.verify(get_state().hasher, user.password_hash, current):
        raise ValidationError("The current password is not right.", field="current")
    if new == current:
        raise ValidationError("Choose a password you have not used here.", field="new")
    user.password_hash = hash_password(valid_password(new))
    user.must_change_password = False
    audit.record(session, user, "user.password_change", obj=user)


def create_school(
    session: Session,
    actor: User | None,
    *,
    name: str,
    country: str,
    city: str = "",
    type: str = "",
) -> School:
    """Add a partner institution (any teacher may; schools are shared by spaces)."""
    if actor is not None:
        require(actor, "space.create", None)
    school = School(
        name=required_text(name, "school name", 200),
        country=valid_country(country),
        city=" ".join(city.split())[:120],
        type=" ".join(type.split())[:40],
    )
    session.add(school)
    session.flush()
    return school
