"""``/me``: the caller's account and personal access tokens."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from ..db import commit, get_session
from ..errors import PermissionDenied
from ..models import User
from ..services import tokens
from .common import caller, documents_errors
from .schemas import TokenCreatedSchema, TokenCreateSchema, TokenSchema, UserSchema

blp = Blueprint("api_me", __name__, description="The caller's account and API tokens")


def signed_in() -> User:
    user = caller()
    if user is None:
        raise PermissionDenied("account", "Sign in or send a token.")
    return user


@blp.get("/me")
@blp.response(200, UserSchema)
@documents_errors(blp)
def me() -> User:
    """The caller's account."""
    return signed_in()


@blp.get("/me/tokens")
@blp.response(200, TokenSchema(many=True))
@documents_errors(blp)
def list_tokens() -> list[Any]:
    """The caller's tokens that are not revoked (never their secrets)."""
    return tokens.list_tokens(get_session(), signed_in())


@blp.post("/me/tokens")
@blp.arguments(TokenCreateSchema)
@blp.response(201, TokenCreatedSchema)
@documents_errors(blp)
def create_token(fields: dict[str, Any]) -> dict[str, Any]:
    """Make a token; its secret is in this answer and never again."""
    token, secret = tokens.create_token(get_session(), signed_in(), **fields)
    commit()
    return {
        **{name: getattr(token, name) for name in TokenSchema().fields},
        "token": secret,
    }


@blp.delete("/me/tokens/<int:token_id>")
@blp.response(204)
@documents_errors(blp)
def revoke_token(token_id: int) -> None:
    """Revoke a token at once."""
    tokens.revoke_token(get_session(), signed_in(), token_id)
    commit()
