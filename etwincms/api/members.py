"""The people of a space over the API: members by school, invitations, pupils, links.

The same services as the people page decide everything: who may list members
(``member.view``), invite, change roles and remove (``member.manage``), and make pupil
accounts (``pupil.manage``, a teacher for their own school only). Names follow
:func:`etwincms.privacy.shown_name`, and a username is sent only to those who manage that
member. One-time passwords and invite links' secrets appear in a single answer, sent
with ``Cache-Control: no-store``; only their hashes are kept.
"""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import gettext as _
from flask_smorest import Blueprint

from ..db import commit, get_session
from ..errors import ValidationError
from ..models import InviteLink, Membership, Project, School, User
from ..permissions import PUPIL_ROLES, can
from ..privacy import shown_name
from ..services import accounts, invites, members, pupils, spaces
from ..services.pupils import PupilCredentials
from ..web.people import may_remove
from .common import caller, documents_errors
from .member_schemas import (
    NO_STORE,
    CredentialsListSchema,
    InvitationCreateSchema,
    InviteLinkCreatedSchema,
    InviteLinkCreateSchema,
    InviteLinkSchema,
    MemberGroupSchema,
    MemberRoleSchema,
    MemberSchema,
    PupilsCreateSchema,
)

blp = Blueprint(
    "api_members", __name__, description="Members, invitations, pupils, invite links"
)
SPACE = "/projects/<slug>"
MEMBER = f"{SPACE}/members/<int:membership_id>"
SECRET_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def space(slug: str) -> Project:
    return spaces.get_space(get_session(), caller(), slug)


def membership(project: Project, membership_id: int) -> Membership:
    return accounts.membership_in(get_session(), project, membership_id)


def member_json(project: Project, found: Membership) -> dict[str, Any]:
    # Membership.user never lazy-loads; the identity map usually has the user already.
    user = get_session().get_one(User, found.user_id)
    return {
        "id": found.id,
        "user_id": user.id,
        "name": shown_name(user, names_visible=can(caller(), "member.view", project)),
        # Usernames sign pupils in: only those who look after the member see them.
        "username": user.username if may_remove(project, found) else None,
        "kind": user.kind.value,
        "role": found.role.value,
        "status": found.status.value,
        "school_id": found.school_id,
    }


# ---------------------------------------------------------------- members


@blp.get(f"{SPACE}/members")
@blp.response(200, MemberGroupSchema(many=True))
@documents_errors(blp)
def list_members(slug: str) -> list[dict[str, Any]]:
    """Active members grouped by the school they take part for, with their roles."""
    project = space(slug)
    grouped = members.members_by_school(get_session(), caller(), project)
    return [
        {"school": school, "members": [member_json(project, m) for m in found]}
        for school, found in grouped.items()
    ]


@blp.patch(MEMBER)
@blp.arguments(MemberRoleSchema)
@blp.response(200, MemberSchema)
@documents_errors(blp)
def change_role(fields: dict[str, Any], slug: str, membership_id: int) -> Any:
    """Give a member (or an invitation) another role; a space keeps one admin."""
    project = space(slug)
    found = membership(project, membership_id)
    role = accounts.parse_role(fields["role"])
    members.change_role(get_session(), caller(), found, role)
    commit()
    return member_json(project, found)


@blp.delete(MEMBER)
@blp.response(204)
@documents_errors(blp)
def remove_member(slug: str, membership_id: int) -> None:
    """Remove a member, or withdraw an invitation not accepted yet."""
    project = space(slug)
    members.remove_member(get_session(), caller(), membership(project, membership_id))
    commit()


@blp.post(f"{MEMBER}/password")
@blp.response(201, CredentialsListSchema, headers=NO_STORE)
@documents_errors(blp)
def reset_password(slug: str, membership_id: int) -> Any:
    """A pupil's new one-time password, in this answer only (their teacher or an admin)."""
    project = space(slug)
    found = membership(project, membership_id)
    if found.role not in PUPIL_ROLES:  # site admins pass pupil.manage for anyone
        raise ValidationError(_("Only pupils get one-time passwords."), "membership_id")
    made = pupils.reset_password(get_session(), caller(), project, found)
    commit()
    return credentials([made.user.display_name], [made]), SECRET_HEADERS


# ---------------------------------------------------------------- invitations


@blp.get(f"{SPACE}/invitations")
@blp.response(200, MemberSchema(many=True))
@documents_errors(blp)
def list_invitations(slug: str) -> list[dict[str, Any]]:
    """Invitations not accepted yet (those who manage members)."""
    project = space(slug)
    waiting = accounts.space_invitations(get_session(), caller(), project)
    return [member_json(project, found) for found in waiting]


@blp.post(f"{SPACE}/invitations")
@blp.arguments(InvitationCreateSchema)
@blp.response(201, MemberSchema)
@documents_errors(blp)
def invite(fields: dict[str, Any], slug: str) -> dict[str, Any]:
    """Invite an account by username or email; they accept on their Invitations page."""
    project = space(slug)
    made = accounts.invite(get_session(), caller(), project, **fields)
    commit()
    return member_json(project, made)


# ---------------------------------------------------------------- pupils


@blp.post(f"{SPACE}/pupils")
@blp.arguments(PupilsCreateSchema)
@blp.response(201, CredentialsListSchema, headers=NO_STORE)
@documents_errors(blp)
def add_pupils(fields: dict[str, Any], slug: str) -> Any:
    """Make pupil accounts from a class list; their one-time passwords come only here."""
    project = space(slug)
    names = pupils.parse_class_list(fields["names"])
    made = pupils.create_pupils(
        get_session(), caller(), project, names, school=school(fields["school_id"])
    )
    commit()
    return credentials(names, made), SECRET_HEADERS


def school(school_id: int | None) -> School | None:
    """The chosen school, with a refusal that names this API's field."""
    if school_id is None:
        return None
    try:
        return accounts.school_by_id(get_session(), school_id)
    except ValidationError as error:
        raise ValidationError(str(error), field="school_id") from None


def credentials(names: list[str], made: list[PupilCredentials]) -> dict[str, Any]:
    return {
        "items": [
            {"name": name, "username": cred.user.username, "password": cred.password}
            for name, cred in zip(names, made, strict=True)
        ]
    }


# ---------------------------------------------------------------- invite links


@blp.get(f"{SPACE}/invite-links")
@blp.response(200, InviteLinkSchema(many=True))
@documents_errors(blp)
def list_links(slug: str) -> list[InviteLink]:
    """Invite links that still work, the soonest to expire first (never their secrets)."""
    return invites.list_live_links(get_session(), caller(), space(slug))


@blp.post(f"{SPACE}/invite-links")
@blp.arguments(InviteLinkCreateSchema)
@blp.response(201, InviteLinkCreatedSchema, headers=NO_STORE)
@documents_errors(blp)
def create_link(fields: dict[str, Any], slug: str) -> Any:
    """Make an invite link for teachers or observers; its URL is in this answer only."""
    link, secret = invites.create_invite_link(
        get_session(), caller(), space(slug), **fields
    )
    commit()
    return created_link(link, secret), SECRET_HEADERS


def created_link(link: InviteLink, secret: str) -> dict[str, Any]:
    return {
        "id": link.id,
        "role": link.role.value,
        "created_at": link.created_at,
        "expires_at": link.expires_at,
        "uses": link.uses,
        "url": url_for("invites.join", secret=secret, _external=True),
    }


@blp.delete(f"{SPACE}/invite-links/<int:link_id>")
@blp.response(204)
@documents_errors(blp)
def revoke_link(slug: str, link_id: int) -> None:
    """Withdraw an invite link at once."""
    invites.revoke_invite_link(get_session(), caller(), space(slug), link_id)
    commit()
