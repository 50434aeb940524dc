"""Accounts over the API: one's personal data and deleting one's account; for site admins,
finding accounts, disabling and enabling them, downloading and erasing someone's data.

The same services as the browser pages, with the same rules: deleting one's own account
needs one's password (and is refused to pupils: their teacher answers for it); erasing
someone else's is for site admins and a pupil's teachers; the rest is for site admins.
Whoever may not is told the account does not exist (404). The data downloads are the
zip the browser gets: ``data.json`` and the person's files, never cached.
"""

from __future__ import annotations

from typing import Any

from flask.typing import ResponseReturnValue
from flask_smorest import Blueprint

from ..db import commit, get_session
from ..models import User
from ..services import account_admin, data_archive, privacy
from ..web.account import zip_download
from .account_schemas import (
    AccountList,
    AccountListArgs,
    AccountSchema,
    DeleteOwnSchema,
)
from .common import decode_cursor, documents_errors, page_of
from .material_schemas import BINARY
from .me import signed_in

blp = Blueprint(
    "api_accounts",
    __name__,
    description="Personal data, deleting an account; disabling and erasing accounts",
)
ACCOUNT = "/users/<int:user_id>"
ZIP = "A zip: `data.json` (everything stored about the person) and their files."


@blp.get("/me/data")
@blp.response(200, BINARY, content_type="application/zip", description=ZIP)
@documents_errors(blp)
def download_own_data() -> ResponseReturnValue:
    """Everything stored about the caller, with their files, as one zip (audited)."""
    user = signed_in()
    return zip_download(data_archive.data_archive(get_session(), user, user), "my-data")


@blp.post("/me/delete")
@blp.arguments(DeleteOwnSchema)
@blp.response(204)
@documents_errors(blp)
def delete_own_account(fields: dict[str, Any]) -> None:
    """Delete the caller's account (adults; the password confirms). What they wrote
    stays, by "a former member"; their tokens, this one too, stop working."""
    privacy.erase_own_account(get_session(), signed_in(), fields["password"])
    commit()


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


@blp.get(f"{ACCOUNT}/data")
@blp.response(200, BINARY, content_type="application/zip", description=ZIP)
@documents_errors(blp)
def download_data_of(user_id: int) -> ResponseReturnValue:
    """Someone's data, with their files, for a site admin (before erasing it, say)."""
    session, actor = get_session(), signed_in()
    user = account_admin.managed_account(session, actor, user_id)
    archive = data_archive.data_archive(session, actor, user)
    return zip_download(archive, f"data-{user.id}")


@blp.post(f"{ACCOUNT}/erase")
@blp.response(204)
@documents_errors(blp)
def erase_account(user_id: int) -> None:
    """Erase someone's account: site admins anyone's, teachers the pupils they manage.
    What they wrote stays, by "a former member"; a space keeps an admin (422)."""
    session, actor = get_session(), signed_in()
    privacy.erase_personal_data(
        session, actor, account_admin.erasable_account(session, actor, user_id)
    )
    commit()
