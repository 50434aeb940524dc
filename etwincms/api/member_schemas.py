"""Schemas of members, invitations, pupils' one-time passwords and invite links."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..models import Role
from ..services import accounts, invites
from .schemas import ID, SchoolSchema, Strict

ROLES = validate.OneOf([role.value for role in Role])
NO_STORE = {
    "Cache-Control": {
        "schema": {"type": "string"},
        "description": "`no-store`: the secrets in this answer are shown only once.",
    }
}


class MemberSchema(Schema):
    id = fields.Integer(required=True, metadata={"description": "The membership's id."})
    user_id = fields.Integer(required=True)
    name = fields.String(
        required=True,
        metadata={"description": "As the caller may see it (pupils may be anonymous)."},
    )
    username = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "Only for callers who manage this member."},
    )
    kind = fields.String(
        required=True, validate=validate.OneOf(["teacher", "pupil", "staff"])
    )
    role = fields.String(required=True, validate=ROLES)
    status = fields.String(
        required=True, validate=validate.OneOf(["active", "invited"])
    )
    school_id = fields.Integer(required=True, allow_none=True)


class MemberGroupSchema(Schema):
    school = fields.Nested(SchoolSchema, required=True, allow_none=True)
    members = fields.List(fields.Nested(MemberSchema), required=True)


class MemberRoleSchema(Strict):
    role = fields.String(required=True, validate=ROLES)


class InvitationCreateSchema(Strict):
    who = fields.String(
        required=True,
        validate=validate.Length(min=1, max=254),
        metadata={"description": "The account's username or email."},
    )
    role = fields.String(
        load_default="teacher",
        validate=validate.OneOf([role.value for role in accounts.INVITE_ROLES]),
    )


class PupilsCreateSchema(Strict):
    names = fields.String(
        required=True,
        validate=validate.Length(min=1, max=20_000),
        metadata={"description": "The class list: one pupil a line, as typed."},
    )
    school_id = fields.Integer(
        load_default=None,
        allow_none=True,
        validate=ID,
        metadata={"description": "Default: the caller's school in this space."},
    )


class CredentialsSchema(Schema):
    name = fields.String(required=True)
    username = fields.String(required=True)
    password = fields.String(
        required=True, metadata={"description": "One-time: changed at first sign-in."}
    )


class CredentialsListSchema(Schema):
    items = fields.List(fields.Nested(CredentialsSchema), required=True)


class InviteLinkSchema(Schema):
    id = fields.Integer(required=True)
    role = fields.String(
        required=True, validate=validate.OneOf(["teacher", "observer"])
    )
    created_at = fields.DateTime(required=True)
    expires_at = fields.DateTime(required=True)
    uses = fields.Integer(required=True)


class InviteLinkCreatedSchema(InviteLinkSchema):
    url = fields.String(
        required=True, metadata={"description": "The link; shown only this once."}
    )


class InviteLinkCreateSchema(Strict):
    role = fields.String(
        load_default="teacher",
        validate=validate.OneOf([role.value for role in invites.LINK_ROLES]),
    )
    days = fields.Integer(
        load_default=invites.DEFAULT_DAYS,
        validate=validate.Range(min=invites.MIN_DAYS, max=invites.MAX_DAYS),
    )
