"""Marshmallow schemas of the wiki's JSON API.

Names start with ``Wiki`` because schema names are shared by the whole OpenAPI
document. Output schemas describe exactly what is sent (schemathesis checks every answer
against them); input schemas derive from the core's ``Strict``, so an unknown field is a
422 rather than a silent no-op.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from etwincms.api.schemas import ID, ListArgs, Strict, list_of

from .discussion import MAX_COMMENT
from .services import MAX_BODY

TITLE = validate.Length(min=1, max=200)


class WikiArticleRefSchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    language = fields.String(required=True)
    url = fields.String(required=True, metadata={"description": "The article's page."})


class WikiArticleRowSchema(WikiArticleRefSchema):
    public = fields.Boolean(required=True)
    protected = fields.Boolean(required=True)
    revision = fields.Integer(required=True)
    updated_at = fields.DateTime(required=True)


class WikiArticleSchema(WikiArticleRowSchema):
    body = fields.String(required=True, metadata={"description": "Markdown."})
    html = fields.String(required=True, metadata={"description": "Sanitized HTML."})
    versions = fields.List(
        fields.Nested(WikiArticleRefSchema),
        required=True,
        metadata={"description": "The article's other language versions."},
    )


class WikiArticleArgs(ListArgs):
    language = fields.String(
        load_default="",
        validate=validate.Length(max=16),
        metadata={"description": "Only articles in this language."},
    )


class WikiArticleCreateSchema(Strict):
    title = fields.String(required=True, validate=TITLE)
    body = fields.String(
        required=True,
        validate=validate.Length(min=1, max=MAX_BODY),
        metadata={"description": "Markdown."},
    )
    language = fields.String(load_default="", validate=validate.Length(max=16))
    summary = fields.String(load_default="", validate=validate.Length(max=300))


class WikiArticleUpdateSchema(Strict):
    body = fields.String(required=True, validate=validate.Length(max=MAX_BODY))
    title = fields.String(load_default=None, validate=TITLE)
    summary = fields.String(load_default="", validate=validate.Length(max=300))


class WikiSettingsSchema(Strict):
    protected = fields.Boolean(metadata={"description": "Teachers-only editing."})
    public = fields.Boolean(
        metadata={"description": "Readable by a public space's visitors."}
    )


class WikiRevisionSchema(Schema):
    id = fields.Integer(required=True)
    number = fields.Integer(required=True)
    title = fields.String(required=True)
    summary = fields.String(required=True)
    author = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    needs_review = fields.Boolean(required=True)
    reviewed = fields.Boolean(required=True)


class WikiRevisionTextSchema(WikiRevisionSchema):
    body = fields.String(required=True)


class WikiChangeSchema(WikiRevisionSchema):
    article = fields.Nested(WikiArticleRefSchema, required=True)


class WikiDiffArgs(Strict):
    from_ = fields.Integer(data_key="from", required=True, validate=ID)
    to = fields.Integer(required=True, validate=ID)


class WikiDiffLineSchema(Schema):
    kind = fields.String(
        required=True, validate=validate.OneOf(["same", "removed", "added"])
    )
    text = fields.String(required=True)


class WikiDiffSchema(Schema):
    old = fields.Integer(required=True)
    new = fields.Integer(required=True)
    lines = fields.List(fields.Nested(WikiDiffLineSchema), required=True)


class WikiRevertSchema(Strict):
    number = fields.Integer(required=True, validate=ID)


class WikiVersionSchema(Strict):
    article_id = fields.Integer(
        required=True,
        validate=ID,
        metadata={"description": "The other language's article."},
    )


class WikiCommentSchema(Schema):
    id = fields.Integer(required=True)
    author = fields.String(required=True)
    html = fields.String(required=True)
    created_at = fields.DateTime(required=True)


class WikiCommentCreateSchema(Strict):
    body = fields.String(
        required=True,
        validate=validate.Length(min=1, max=MAX_COMMENT),
        metadata={"description": "Markdown."},
    )


WikiArticleList = list_of(WikiArticleRowSchema, "WikiArticleList")
WikiRevisionList = list_of(WikiRevisionSchema, "WikiRevisionList")
WikiChangeList = list_of(WikiChangeSchema, "WikiChangeList")
