"""Schemas shared by the API's resources: problems, lists with cursors, users, spaces.

Output schemas describe exactly what is sent (schemathesis checks every response against
them); input schemas reject unknown fields so a typo is a 422, not a silent no-op.
"""

from __future__ import annotations

from marshmallow import RAISE, Schema, fields, validate

from ..services.validation import MAX_ID

#: Database ids: positive and within a 32-bit integer (bigger ones cannot exist).
ID = validate.Range(min=1, max=MAX_ID)


class Strict(Schema):
    class Meta:
        unknown = RAISE


class ProblemSchema(Schema):
    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String()
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


class ListArgs(Strict):
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=100))
    cursor = fields.String(
        load_default=None,
        # Ids fit 31 bits: nine digits always do, and a longer cursor was never given out.
        validate=validate.Regexp(r"^[0-9]{1,9}$"),
        metadata={"description": "`next_cursor` of the previous answer."},
    )


def list_of(item: type[Schema], name: str) -> type[Schema]:
    """An envelope ``{"items": [...], "next_cursor": "..." | null}`` for ``item``."""
    return Schema.from_dict(
        {
            "items": fields.List(fields.Nested(item), required=True),
            "next_cursor": fields.String(required=True, allow_none=True),
        },
        name=name,
    )


class SchoolSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    country = fields.String(required=True)


class UserSchema(Schema):
    id = fields.Integer(required=True)
    username = fields.String(required=True)
    display_name = fields.String(required=True)
    kind = fields.Function(lambda user: user.kind.value, required=True)
    locale = fields.String(required=True)
    school = fields.Nested(SchoolSchema, allow_none=True, required=True)


class TokenSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    scopes = fields.List(fields.String(), required=True)
    created_at = fields.DateTime(required=True)
    expires_at = fields.DateTime(required=True, allow_none=True)
    last_used_at = fields.DateTime(required=True, allow_none=True)


class TokenCreatedSchema(TokenSchema):
    token = fields.String(
        required=True, metadata={"description": "The secret; shown only this once."}
    )


class TokenCreateSchema(Strict):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    scopes = fields.List(
        fields.String(validate=validate.OneOf(["read", "write"])),
        load_default=lambda: ["read"],
        validate=validate.Length(min=1, max=2),
    )
    days = fields.Integer(
        load_default=None, allow_none=True, validate=validate.Range(min=1, max=366)
    )


class SpaceSchema(Schema):
    slug = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    languages = fields.List(fields.String(), required=True)
    subjects = fields.List(fields.String(), required=True)
    status = fields.String(required=True)
    is_public = fields.Boolean(required=True)
    start_date = fields.Date(required=True, allow_none=True)
    end_date = fields.Date(required=True, allow_none=True)
    age_min = fields.Integer(required=True, allow_none=True)
    age_max = fields.Integer(required=True, allow_none=True)
    erasmus_reference = fields.String(required=True, allow_none=True)
    role = fields.String(
        allow_none=True,
        metadata={"description": "The caller's role in the space, if a member."},
    )


class SpaceFieldsSchema(Strict):
    title = fields.String(validate=validate.Length(min=1, max=200))
    description = fields.String(validate=validate.Length(max=20_000))
    languages = fields.List(fields.String(validate=validate.Length(max=10)))
    subjects = fields.List(fields.String(validate=validate.Length(max=80)))
    is_public = fields.Boolean()
    start_date = fields.Date(allow_none=True)
    end_date = fields.Date(allow_none=True)
    age_min = fields.Integer(allow_none=True, validate=validate.Range(min=3, max=99))
    age_max = fields.Integer(allow_none=True, validate=validate.Range(min=3, max=99))
    erasmus_reference = fields.String(allow_none=True, validate=validate.Length(max=80))


class SpaceCreateSchema(SpaceFieldsSchema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    slug = fields.String(
        validate=validate.Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$"), load_default=None
    )
    template = fields.String(load_default=None, allow_none=True)


class ProfileSchema(Strict):
    display_name = fields.String(validate=validate.Length(min=1, max=120))
    locale = fields.String(validate=validate.Length(min=2, max=16))
    school_id = fields.Integer(allow_none=True, validate=ID)


class PasswordSchema(Strict):
    current_password = fields.String(required=True, validate=validate.Length(max=1000))
    new_password = fields.String(required=True, validate=validate.Length(max=1000))


class InvitationSchema(Schema):
    slug = fields.String(required=True)
    title = fields.String(required=True)
    role = fields.String(required=True)


class JoinSchema(Strict):
    secret = fields.String(required=True, validate=validate.Length(min=1, max=200))


class RoleOverrideSchema(Strict):
    granted = fields.Boolean(
        required=True,
        allow_none=True,
        metadata={"description": "true gives, false takes, null restores the default."},
    )


class RoleOverridesSchema(Schema):
    overrides = fields.Dict(
        keys=fields.String(),
        values=fields.Dict(keys=fields.String(), values=fields.Boolean()),
        required=True,
    )
