"""Accounts: creating users and schools, signing in and out, changing passwords.

Signing in answers the same way, after the same work, whether the name is unknown, the
account disabled or the password wrong (no user enumeration). Every attempt is audited
(``auth.login`` / ``auth.login_failed``, never with what was typed). A user's sessions end
when the ``session_version`` in their stored id is raised: at sign-out, at a password
change and when the account is disabled (see :class:`~etwincms.models.User`).
"""

from __future__ import annotations

from argon2 import PasswordHasher
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import events, passwords
from ..errors import ValidationError
from ..models import School, User, UserKind
from ..permissions import require
from ..state import get_state
from . import audit
from .validation import required_text, valid_country, valid_username


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
        password_hash=hash_password(passwords.acceptable(password, username)),
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
        raise ValidationError(
            _("The username '%(name)s' is taken.", name=username), field="username"
        )
    return username


def unique_email(session: Session, email: str | None) -> str | None:
    email = (email or "").strip().lower() or None
    if email is None:
        return None
    if "@" not in email or len(email) > 254:
        raise ValidationError(_("That is not an email address."), field="email")
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise ValidationError(_("An account already uses that email."), field="email")
    return email


def hash_password(password: str) -> str:
    return get_state().hasher.hash(password)


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this username and password, or ``None``.

    Rehashes the stored hash when its parameters are out of date.
    """
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    hasher = get_state().hasher
    if user is None or not user.is_active or not user.password_hash:
        # Spend the same time as a real check: don't reveal which names exist.
        passwords.verify(hasher, DUMMY_HASH.get(hasher), password)
        return None
    if not passwords.verify(hasher, user.password_hash, password):
        return None
    if hasher.check_needs_rehash(user.password_hash):
        version = user.session_version
        user.password_hash = hasher.hash(password)
        user.session_version = version  # the same password: other sessions stay open
    return user


class DummyHashes:
    """One hash of a password nobody has, per hasher (made once: hashing costs)."""

    def __init__(self) -> None:
        self._by_params: dict[tuple[int, int, int], str] = {}

    def get(self, hasher: PasswordHasher) -> str:
        key = (hasher.time_cost, hasher.memory_cost, hasher.parallelism)
        if key not in self._by_params:
            self._by_params[key] = hasher.hash(passwords.DUMMY_PASSWORD)
        return self._by_params[key]


DUMMY_HASH = DummyHashes()


def sign_in(
    session: Session, username: str, password: str, address: str | None
) -> User | None:
    """:func:`authenticate`, audited with the address: who signed in, or which account
    a failure was for. What was typed is never stored (a password typed in the name box
    would be kept otherwise): a failure for no account names none."""
    user = authenticate(session, username, password)
    if user is not None:
        audit.record(session, user, "auth.login", obj=user, address=address)
        return user
    named = session.scalar(
        select(User).where(User.username == username.strip().lower())
    )
    audit.record(session, None, "auth.login_failed", obj=named, address=address)
    return None


def sign_out(session: Session, user: User) -> None:
    """End every session of ``user`` (a copied cookie must not outlive a sign-out)."""
    user.end_sessions()
    audit.record(session, user, "auth.logout", obj=user)


def set_active(session: Session, actor: User | None, user: User, active: bool) -> None:
    """Disable (ending its sessions) or enable an account; those who create accounts may.

    Nobody disables their own account (no one would be left to enable it), and an erased
    account stays disabled (it has no password and no name to come back to).
    """
    if actor is not None:
        require(actor, "user.create", None)
    if not active and actor is not None and actor.id == user.id:
        raise ValidationError(_("You cannot disable your own account."), field="user")
    if active and user.password_hash is None:
        raise ValidationError(_("An erased account cannot be enabled."), field="user")
    if user.is_active_account != active:
        user.is_active_account = active
        action = "user.enable" if active else "user.disable"
        audit.record(session, actor, action, obj=user, username=user.username)


def change_password(session: Session, user: User, *, current: str, new: str) -> None:
    """Change one's own password; clears the first-login "must change" flag."""
    if not passwords.verify(get_state().hasher, user.password_hash, current):
        raise ValidationError(_("The current password is not right."), field="current")
    if new == current:
        raise ValidationError(
            _("Choose a password you have not used here."), field="new"
        )
    # Setting the hash ends the user's sessions (the caller signs this one in again).
    user.password_hash = hash_password(passwords.acceptable(new, user.username, "new"))
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
