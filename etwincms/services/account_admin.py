"""Looking after accounts: find them, disable them and enable them again.

Who may is the rule of :func:`.users.set_active`: whoever ``can(actor, "user.create",
None)`` (site admins; the CLI acts with ``actor=None``). Anyone else is told an account
does not exist, whether it does or not, so the pages and the API never confirm a name or
an id. Disabling ends every session of the account and revokes its API tokens at once;
enabling it again brings neither back (a stolen cookie or token stays worthless).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.orm import Session

from ..db import utcnow
from ..errors import NotFound
from ..models import ApiToken, User
from ..permissions import can
from . import privacy, users


def may_manage(actor: User | None) -> bool:
    """Whether ``actor`` looks after accounts (``None`` is the command line)."""
    return actor is None or can(actor, "user.create", None)


def managed_account(session: Session, actor: User | None, user_id: int) -> User:
    """The account ``user_id`` if ``actor`` looks after accounts, else NotFound."""
    user = session.get(User, user_id) if may_manage(actor) else None
    if user is None:
        raise NotFound("account")
    return user


def account_named(session: Session, username: str) -> User:
    """The account with this username (any case), for the command line."""
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise NotFound(f"No account has the username {username.strip()!r}.")
    return user


def find_accounts(
    session: Session,
    actor: User | None,
    words: str = "",
    *,
    after: int | None = None,
    limit: int = 50,
) -> list[User]:
    """Up to ``limit`` accounts whose username, name or email contains ``words``, by id.

    ``after`` continues a list after that id. NotFound for those who may not look.
    """
    if not may_manage(actor):
        raise NotFound("accounts")
    query = select(User).order_by(User.id).limit(limit)
    if after is not None:
        query = query.where(User.id > after)
    if words.strip():
        query = query.where(matching(words.strip().lower()))
    return list(session.scalars(query))


def matching(words: str) -> ColumnElement[bool]:
    """``words`` anywhere in the username, name or email (LIKE wildcards escaped)."""
    pattern = (
        "%" + words.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_") + "%"
    )
    return or_(
        User.username.like(pattern, escape="\\"),
        func.lower(User.display_name).like(pattern, escape="\\"),
        func.lower(User.email).like(pattern, escape="\\"),
    )


def disable(session: Session, actor: User | None, user: User) -> None:
    """Disable the account: its sessions end and its API tokens are revoked."""
    users.set_active(session, actor, user, False)
    session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def enable(session: Session, actor: User | None, user: User) -> None:
    """Let the account sign in again (with a new session: old ones stay ended)."""
    users.set_active(session, actor, user, True)


def erasable_account(session: Session, actor: User, user_id: int) -> User:
    """Someone else's account ``actor`` may erase (:func:`.privacy.may_erase`), else
    NotFound: one's own goes through :func:`.privacy.erase_own_account` (a password)."""
    user = session.get(User, user_id)
    if (
        user is None
        or user.id == actor.id
        or not privacy.may_erase(session, actor, user)
    ):
        raise NotFound("account")
    return user
