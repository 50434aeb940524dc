"""Schemas of pages, the page tree and revisions in the API."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from .schemas import ID, Strict

VISIBILITY = validate.OneOf(["members", "public"])
EDIT_POLICY = validate.OneOf(["admins", "teachers", "members"])


class PageSchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    slug = fields.String(required=True)
    path = fields.String(required=True)
    parent_id = fields.Integer(required=True, allow_none=True)
    position = fields.Integer(required=True)
    visibility = fields.String(required=True)
    edit_policy = fields.String(required=True)
    revision = fields.Integer(
        required=True, metadata={"description": "The current revision's number."}
    )
    body = fields.String(required=True, metadata={"description": "Markdown."})
    html = fields.String(
        required=True, metadata={"description": "Rendered and sanitized HTML."}
    )
    updated_at = fields.DateTime(required=True)
    url = fields.String(required=True)


class TreeNodeSchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    path = fields.String(required=True)
    visibility = fields.String(required=True)
    children = fields.List(fields.Nested(lambda: TreeNodeSchema()), required=True)


class PageCreateSchema(Strict):
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    body = fields.String(load_default="", validate=validate.Length(max=1_000_000))
    parent_id = fields.Integer(load_default=None, allow_none=True, validate=ID)
    slug = fields.String(load_default=None, validate=validate.Length(min=1, max=80))
    visibility = fields.String(load_default="members", validate=VISIBILITY)
    edit_policy = fields.String(load_default="members", validate=EDIT_POLICY)


class PageUpdateSchema(Strict):
    body = fields.String(required=True, validate=validate.Length(max=1_000_000))
    title = fields.String(validate=validate.Length(min=1, max=200))
    summary = fields.String(load_default="", validate=validate.Length(max=300))


class PageSettingsSchema(Strict):
    visibility = fields.String(validate=VISIBILITY)
    edit_policy = fields.String(validate=EDIT_POLICY)
    slug = fields.String(validate=validate.Length(min=1, max=80))


class MoveSchema(Strict):
    parent_id = fields.Integer(load_default=None, allow_none=True, validate=ID)
    position = fields.Integer(
        load_default=None, allow_none=True, validate=validate.Range(min=0, max=100_000)
    )


class ReorderSchema(Strict):
    parent_id = fields.Integer(load_default=None, allow_none=True, validate=ID)
    order = fields.List(
        fields.Integer(validate=ID), required=True, validate=validate.Length(max=10_000)
    )


class RevisionSchema(Schema):
    number = fields.Integer(required=True)
    title = fields.String(required=True)
    summary = fields.String(required=True)
    author = fields.String(required=True)
    created_at = fields.DateTime(required=True)


class RevisionTextSchema(RevisionSchema):
    body = fields.String(required=True)


class DiffArgs(Strict):
    from_ = fields.Integer(data_key="from", required=True, validate=ID)
    to = fields.Integer(required=True, validate=ID)


class DiffLineSchema(Schema):
    kind = fields.String(
        required=True, validate=validate.OneOf(["same", "removed", "added"])
    )
    text = fields.String(required=True)


class DiffSchema(Schema):
    old = fields.Integer(required=True)
    new = fields.Integer(required=True)
    lines = fields.List(fields.Nested(DiffLineSchema), required=True)


class RevertSchema(Strict):
    number = fields.Integer(required=True, validate=ID)


class PageRefSchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    path = fields.String(required=True)


class PreviewSchema(Strict):
    body = fields.String(required=True, validate=validate.Length(max=1_000_000))
    page_id = fields.Integer(load_default=None, allow_none=True, validate=ID)


class HtmlSchema(Schema):
    html = fields.String(required=True)


class TitlesArgs(Strict):
    q = fields.String(load_default="", validate=validate.Length(max=200))
