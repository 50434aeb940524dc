"""Calendar feeds: a secret address per person and space that calendar programs poll.

The address carries a random token; only its SHA-256 is stored, so a database leak
gives no working feed. A feed lists exactly the meetings its owner may see in that space
*now* (their role, the audience, the plugin being on, their account active), so a
person removed from the space or made a pupil sees their feed empty out. Making a new
address revokes the old one; revoking leaves none.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from etwincms.models import Project, User

from . import policy
from .models import FeedToken


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_feed(session: Session, actor: User, project: Project) -> str:
    """A fresh secret for ``actor``'s feed of ``project`` (the old one stops working)."""
    policy.require_view(actor, project)
    revoke(session, actor, project)
    secret = secrets.token_urlsafe(32)
    session.add(
        FeedToken(user_id=actor.id, project_id=project.id, token_hash=digest(secret))
    )
    return secret


def revoke(session: Session, actor: User, project: Project) -> None:
    session.execute(
        delete(FeedToken).where(
            FeedToken.user_id == actor.id, FeedToken.project_id == project.id
        )
    )


def has_feed(session: Session, actor: User, project: Project) -> bool:
    found = session.scalar(
        select(FeedToken.id).where(
            FeedToken.user_id == actor.id, FeedToken.project_id == project.id
        )
    )
    return found is not None


def feed_of(session: Session, secret: str) -> FeedToken | None:
    if not 20 <= len(secret) <= 100:
        return None
    return session.scalar(
        select(FeedToken).where(FeedToken.token_hash == digest(secret))
    )
