"""Schemas of looking after accounts and of personal data: an account's status, a search
of accounts, and the password that confirms deleting one's own account."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from .schemas import ListArgs, Strict, list_of


class AccountSchema(Schema):
    id = fields.Integer(required=True)
    username = fields.String(required=True)
    display_name = fields.String(required=True)
    kind = fields.Function(lambda user: user.kind.value, required=True)
    email = fields.String(required=True, allow_none=True)
    is_site_admin = fields.Boolean(required=True)
    active = fields.Boolean(
        required=True,
        attribute="is_active_account",
        metadata={"description": "false: disabled (cannot sign in, tokens stopped)."},
    )


AccountList = list_of(AccountSchema, "AccountList")


class AccountListArgs(ListArgs):
    q = fields.String(
        load_default="",
        validate=validate.Length(max=100),
        metadata={"description": "Part of the username, name or email (any case)."},
    )


class DeleteOwnSchema(Strict):
    password = fields.String(
        required=True,
        validate=validate.Length(max=1000),
        metadata={
            "description": "The caller's password, to confirm it is really them."
        },
    )
