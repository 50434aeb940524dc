"""Personal access tokens as a service: made, checked, expired, revoked, and touched.

Only a hash of the secret is stored, scopes are ``read`` and/or ``write``, expiry is
1 to 366 days or none, and ``last_used_at`` is written at most once a minute.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.db import commit, utcnow
from etwincms.errors import NotFound, ValidationError
from etwincms.models import ApiToken, AuditEntry
from etwincms.services import tokens
from etwincms.testing import SpaceWithMembers


@pytest.fixture
def made(session: Session, space: SpaceWithMembers) -> tuple[ApiToken, str]:
    found = tokens.create_token(
        session, space.users["teacher"], name="  School   site ", scopes=["read"]
    )
    commit(session)
    return found


def test_only_the_hash_is_stored(session: Session, made: tuple[ApiToken, str]) -> None:
    token, secret = made
    session.expire_all()
    stored = session.get(ApiToken, token.id)
    assert stored is not None
    assert secret.startswith(tokens.PREFIX) and len(secret) > 40
    assert stored.token_hash == tokens.digest(secret) != secret
    columns = [getattr(stored, c.key) for c in ApiToken.__table__.columns]
    assert secret not in [str(value) for value in columns]
    assert stored.name == "School site"


def test_each_secret_is_new(session: Session, space: SpaceWithMembers) -> None:
    user = space.users["pupil"]
    secrets = {
        tokens.create_token(session, user, name=f"t{n}", scopes=["read"])[1]
        for n in range(5)
    }
    assert len(secrets) == 5


def test_a_secret_finds_its_user_and_token(
    session: Session, space: SpaceWithMembers, made: tuple[ApiToken, str]
) -> None:
    token, secret = made
    found = tokens.user_for_token(session, secret)
    assert found is not None
    assert found == (space.users["teacher"], token)
    assert tokens.user_for_token(session, secret + "x") is None
    assert tokens.user_for_token(session, "") is None


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": " ", "scopes": ["read"]}, "name"),
        ({"name": "x", "scopes": []}, "scopes"),
        ({"name": "x", "scopes": ["read", "admin"]}, "scopes"),
        ({"name": "x", "scopes": ["read"], "days": 0}, "days"),
        ({"name": "x", "scopes": ["read"], "days": tokens.MAX_DAYS + 1}, "days"),
    ],
)
def test_invalid_tokens_are_refused(
    session: Session, space: SpaceWithMembers, fields: dict, field: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        tokens.create_token(session, space.users["teacher"], **fields)
    assert raised.value.field == field
    assert session.scalar(select(ApiToken)) is None


def test_scopes_are_kept_once_and_sorted(
    session: Session, space: SpaceWithMembers
) -> None:
    token, _secret = tokens.create_token(
        session, space.users["teacher"], name="x", scopes=["write", "read", "write"]
    )
    assert token.scopes == ["read", "write"]


def test_a_token_expires(session: Session, space: SpaceWithMembers) -> None:
    token, secret = tokens.create_token(
        session, space.users["teacher"], name="week", scopes=["read"], days=7
    )
    commit(session)
    assert token.expires_at is not None
    left = token.expires_at - utcnow()
    assert timedelta(days=6, hours=23) < left <= timedelta(days=7)
    assert tokens.user_for_token(session, secret) is not None
    token.expires_at = utcnow() - timedelta(seconds=1)
    commit(session)
    assert tokens.user_for_token(session, secret) is None
    # An expired token is still listed, so its owner sees why a program stopped.
    listed = tokens.list_tokens(session, space.users["teacher"])
    assert token.id in {t.id for t in listed}


def test_last_use_is_written_at_most_once_a_minute(
    session: Session, made: tuple[ApiToken, str]
) -> None:
    token, secret = made
    assert token.last_used_at is None
    tokens.user_for_token(session, secret)
    first = token.last_used_at
    assert first is not None
    tokens.user_for_token(session, secret)
    assert token.last_used_at == first  # a second later: not written again
    token.last_used_at = first - timedelta(seconds=59)
    tokens.user_for_token(session, secret)
    assert token.last_used_at == first - timedelta(seconds=59)
    token.last_used_at = first - timedelta(minutes=2)
    tokens.user_for_token(session, secret)
    assert token.last_used_at is not None and token.last_used_at >= first


def test_revoking(
    session: Session, space: SpaceWithMembers, made: tuple[ApiToken, str]
) -> None:
    token, secret = made
    owner, other = space.users["teacher"], space.users["admin"]
    with pytest.raises(NotFound):
        tokens.revoke_token(session, other, token.id)
    tokens.revoke_token(session, owner, token.id)
    commit(session)
    assert tokens.user_for_token(session, secret) is None
    assert tokens.list_tokens(session, owner) == []
    with pytest.raises(NotFound):
        tokens.revoke_token(session, owner, token.id)  # once is enough
    actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id))
    assert list(actions)[-2:] == ["token.create", "token.revoke"]


def test_a_deactivated_user_s_tokens_stop_working(
    session: Session, space: SpaceWithMembers, made: tuple[ApiToken, str]
) -> None:
    _token, secret = made
    space.users["teacher"].is_active_account = False
    commit(session)
    assert tokens.user_for_token(session, secret) is None


def test_listing_is_newest_first(session: Session, space: SpaceWithMembers) -> None:
    user = space.users["observer"]
    names = ["first", "second", "third"]
    for name in names:
        tokens.create_token(session, user, name=name, scopes=["read"])
    commit(session)
    assert [t.name for t in tokens.list_tokens(session, user)] == names[::-1]
