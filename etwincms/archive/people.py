"""Who an imported account is in this installation: an existing person, or a new account.

The rule: an archived account is the same person as an account here with the same e-mail
address and the same kind (teacher, pupil, staff). Everyone else gets a new account;
pupils, who have no e-mail, always do. A new account keeps its username unless it is
taken here, then ``-2``, ``-3``... is added. Adults keep the password they had (the
archive carries their argon2 hash); pupils have none until their teacher resets it (the
archive carries no pupil's hash). Nobody becomes a site administrator through an import.
Schools are the same school when name, country and city agree.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from ..models import School, User

USERNAME_LENGTH = 64
#: Columns of a new account that an import sets, whatever the archive says.
NEW_ACCOUNT = {"is_site_admin": False, "session_version": 1}
#: ... and of a new pupil's account: no password until the teacher gives one.
NEW_PUPIL = {"password_hash": None, "must_change_password": True}


def new_account_values(row: dict[str, Any]) -> dict[str, Any]:
    """What an import sets on the account it creates for the archived ``row``."""
    return {**NEW_ACCOUNT, **(NEW_PUPIL if row["kind"] == "pupil" else {})}


def same_person(connection: Connection, row: dict[str, Any]) -> int | None:
    """The id of the account here that is the archived account's person, if any."""
    email = (row.get("email") or "").strip().lower()
    if not email:
        return None
    return connection.scalar(
        select(User.id).where(func.lower(User.email) == email, User.kind == row["kind"])
    )


def free_username(connection: Connection, wanted: str) -> str:
    """``wanted`` if no account has it here, else ``wanted-2``, ``wanted-3``..."""
    taken = set(
        connection.scalars(
            select(User.username).where(User.username.like(f"{wanted[:50]}%"))
        )
    )
    if wanted not in taken:
        return wanted
    number = 2
    while f"{wanted[: USERNAME_LENGTH - 8]}-{number}" in taken:
        number += 1
    return f"{wanted[: USERNAME_LENGTH - 8]}-{number}"


def email_taken(connection: Connection, email: str | None) -> bool:
    if not email:
        return False
    found = connection.scalar(
        select(User.id).where(func.lower(User.email) == email.lower())
    )
    return found is not None


def same_school(connection: Connection, row: dict[str, Any]) -> int | None:
    return connection.scalar(
        select(School.id)
        .where(
            School.name == row["name"],
            School.country == row["country"],
            School.city == row.get("city", ""),
        )
        .order_by(School.id)
        .limit(1)
    )
