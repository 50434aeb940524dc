"""Personal access tokens for the JSON API: made, listed, revoked, and checked.

A token is shown once, when it is made (``etw_`` + 43 URL-safe characters); only its
SHA-256 is stored, so a leaked database does not leak working tokens. Scopes are
``read`` (GET and HEAD) and ``write`` (everything the user may do). A token may expire;
``last_used_at`` is written at most once a minute so reads stay reads.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import utcnow
from ..errors import NotFound, ValidationError
from ..models import ApiToken, User
from . import audit

PREFIX = "etw_"
SCOPES = ("read", "write")
MAX_DAYS = 366
TOUCH_EVERY = timedelta(minutes=1)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(
    session: Session,
    user: User,
    *,
    name: str,
    scopes: list[str],
    days: int | None = None,
) -> tuple[ApiToken, str]:
    """Make a token for ``user``; answer it and its secret (shown only this once)."""
    name = " ".join(name.split())[:100]
    if not name:
        raise ValidationError(_("Give the token a name."), field="name")
    if not scopes or set(scopes) - set(SCOPES):
        raise ValidationError(_("Scopes are 'read' and/or 'write'."), field="scopes")
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise ValidationError(_("Expiry is 1 to %(n)d days.", n=MAX_DAYS), field="days")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=name,
        token_hash=digest(secret),
        scopes=sorted(set(scopes)),
        expires_at=utcnow() + timedelta(days=days) if days else None,
    )
    session.add(token)
    session.flush()
    audit.record(session, user, "token.create", None, token, name=name)
    return token, secret


def list_tokens(session: Session, user: User) -> list[ApiToken]:
    """The user's tokens that are not revoked, newest first."""
    return list(
        session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def revoke_token(session: Session, user: User, token_id: int) -> None:
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id or token.revoked_at:
        raise NotFound(f"token {token_id}")
    token.revoked_at = utcnow()
    audit.record(session, user, "token.revoke", None, token, name=token.name)


def user_for_token(session: Session, secret: str) -> tuple[User, ApiToken] | None:
    """The active user and live token a secret belongs to, or None."""
    token = session.scalar(
        select(ApiToken).where(ApiToken.token_hash == digest(secret))
    )
    now = utcnow()
    if token is None or token.revoked_at or is_expired(token, now):
        return None
    user = session.get(User, token.user_id)
    if user is None or not user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        token.last_used_at = now
    return user, token


def is_expired(token: ApiToken, now: datetime) -> bool:
    return token.expires_at is not None and token.expires_at <= now
