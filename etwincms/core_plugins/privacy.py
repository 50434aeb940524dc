"""The core's answers to the privacy hooks: what the core stores about a person.

Export lists the account, memberships, revisions written, materials uploaded (with their
files, for the download archive) and audit entries. Erase anonymises the account (it
stays as "former member" so that history keeps its shape), detaches authorship of
revisions and uploads, and deletes memberships and API tokens.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update

from .. import hookimpl
from ..db import get_session
from ..models import ApiToken, AuditEntry, Material, Membership, Revision, User


@hookimpl
def personal_data_export(user: User) -> dict[str, Any]:
    session = get_session()
    return {
        "account": account_data(user),
        "memberships": [
            {
                "project_id": m.project_id,
                "role": m.role.value,
                "since": m.created_at.isoformat(),
            }
            for m in session.scalars(
                select(Membership).where(Membership.user_id == user.id)
            )
        ],
        "revisions": [
            {"page_id": r.page_id, "number": r.number, "title": r.title, "body": r.body}
            for r in session.scalars(
                select(Revision).where(Revision.author_id == user.id)
            )
        ],
        "materials": [
            {
                "id": m.id,
                "name": m.original_name,
                "original_name": m.original_name,
                "sha256": m.sha256,
                "stored_file": m.storage_key,  # the download archive copies the file
            }
            for m in session.scalars(
                select(Material).where(Material.uploader_id == user.id)
            )
        ],
        "audit": [
            {"at": a.at.isoformat(), "action": a.action, "project_id": a.project_id}
            for a in session.scalars(
                select(AuditEntry).where(AuditEntry.actor_id == user.id)
            )
        ],
        "api_tokens": [
            {"name": t.name, "created_at": t.created_at.isoformat()}
            for t in session.scalars(
                select(ApiToken).where(ApiToken.user_id == user.id)
            )
        ],
    }


def account_data(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "display_name": user.display_name,
        "email": user.email,
        "kind": user.kind.value,
        "locale": user.locale,
        "public_alias": user.public_alias,
        "created_at": user.created_at.isoformat(),
    }


@hookimpl
def personal_data_erase(user: User) -> None:
    session = get_session()
    for model, column in (
        (Revision, Revision.author_id),
        (Material, Material.uploader_id),
        (AuditEntry, AuditEntry.actor_id),
        (User, User.created_by_id),
        (Membership, Membership.invited_by_id),
    ):
        session.execute(
            update(model).where(column == user.id).values({column.key: None})
        )
    session.execute(delete(Membership).where(Membership.user_id == user.id))
    session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
    anonymise(user)


def anonymise(user: User) -> None:
    user.username = f"former-member-{user.id}"
    user.display_name = "Former member"
    user.email = None
    user.public_alias = None
    user.password_hash = None
    user.is_active_account = False
