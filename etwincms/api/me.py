"""``/me``: the caller's account and personal access tokens."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_smorest import Blueprint

from ..db import commit, get_session
from ..errors import PermissionDenied
from ..models import User
from ..services import accounts, invites, tokens, users
from .common import caller, documents_errors
from .schemas import (
    InvitationSchema,
    JoinSchema,
    PasswordSchema,
    ProfileSchema,
    TokenCreatedSchema,
    TokenCreateSchema,
    TokenSchema,
    UserSchema,
)

blp = Blueprint("api_me", __name__, description="The caller's account and API tokens")


def signed_in() -> User:
    user = caller()
    if user is None:
        raise PermissionDenied("account", _("Sign in or send a token."))
    return user


@blp.get("/me")
@blp.response(200, UserSchema)
@documents_errors(blp)
def me() -> User:
    """The caller's account."""
    return signed_in()


@blp.patch("/me")
@blp.arguments(ProfileSchema)
@blp.response(200, UserSchema)
@documents_errors(blp)
def update_profile(fields: dict[str, Any]) -> User:
    """Change one's display name, language or school (pupils: language only)."""
    user = signed_in()
    accounts.update_profile(get_session(), user, **fields)
    commit()
    return user


@blp.post("/me/password")
@blp.arguments(PasswordSchema)
@blp.response(204)
@documents_errors(blp)
def change_password(fields: dict[str, Any]) -> None:
    """Change one's password (the current one is needed)."""
    users.change_password(
        get_session(),
        signed_in(),
        current=fields["current_password"],
        new=fields["new_password"],
    )
    commit()


@blp.get("/me/invitations")
@blp.response(200, InvitationSchema(many=True))
@documents_errors(blp)
def invitations() -> list[dict[str, Any]]:
    """Invitations to spaces waiting for the caller."""
    return [
        {"slug": m.project.slug, "title": m.project.title, "role": m.role.value}
        for m in accounts.pending_invitations(get_session(), signed_in())
    ]


@blp.post("/me/invitations/<slug>/accept")
@blp.response(204)
@documents_errors(blp)
def accept_invitation(slug: str) -> None:
    """Accept the invitation to a space."""
    accounts.accept_invitation(get_session(), signed_in(), slug)
    commit()


@blp.post("/me/joins")
@blp.arguments(JoinSchema)
@blp.response(204)
@documents_errors(blp)
def join_by_link(fields: dict[str, Any]) -> None:
    """Join a space with the secret of an invite link (teachers and observers)."""
    invites.join_by_link(get_session(), signed_in(), fields["secret"])
    commit()


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
