"""Accounts over the API: site admins find accounts, disable and enable them.

The same services as the browser pages, with the same rules: whoever may not is told
the account does not exist (404).
"""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from ..db import commit, get_session
from ..models import User
from ..services import account_admin
from .account_schemas import (
    AccountList,
    AccountListArgs,
    AccountSchema,
)
from .common import decode_cursor, documents_errors, page_of
from .me import signed_in

blp = Blueprint(
    "api_accounts",
    __name__,
    description="Personal data, deleting an account; disabling and erasing accounts",
)
ACCOUNT = "/users/<int:user_id>"


@blp.get("/users")
@blp.arguments(AccountListArgs, location="query")
@blp.response(200, AccountList)
@documents_errors(blp)
def list_accounts(args: dict[str, Any]) -> dict[str, Any]:
    """Accounts whose username, name or email contains `q`, by id (site admins)."""
    found = account_admin.find_accounts(
        get_session(),
        signed_in(),
        args["q"],
        after=decode_cursor(args["cursor"]),
        limit=args["limit"] + 1,
    )
    return page_of(found, args["limit"], key=lambda user: user.id)


@blp.post(f"{ACCOUNT}/disable")
@blp.response(200, AccountSchema)
@documents_errors(blp)
def disable_account(user_id: int) -> User:
    """Disable an account (site admins): its sessions end, its tokens are revoked, it
    cannot sign in until enabled again. Nobody disables their own."""
    session, actor = get_session(), signed_in()
    user = account_admin.managed_account(session, actor, user_id)
    account_admin.disable(session, actor, user)
    commit()
    return user


@blp.post(f"{ACCOUNT}/enable")
@blp.response(200, AccountSchema)
@documents_errors(blp)
def enable_account(user_id: int) -> User:
    """Let a disabled account sign in again (site admins); old sessions stay ended."""
    session, actor = get_session(), signed_in()
    user = account_admin.managed_account(session, actor, user_id)
    account_admin.enable(session, actor, user)
    commit()
    return user
