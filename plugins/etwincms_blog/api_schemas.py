"""The marshmallow schemas of the blog's JSON API (see :mod:`.api`).

Named ``Blog...`` because component names are shared by the whole OpenAPI document.
Output schemas describe exactly what is sent (schemathesis checks every answer against
them); input schemas are strict, so an unknown field is a 422, not a silent no-op.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from marshmallow import Schema, fields, validate

from etwincms.api.schemas import ID, ListArgs, Strict, list_of

from .models import COMMENT_STATUSES, PHASES, POST_STATUSES, VISIBILITIES, WRITER_ROLES
from .services import MAX_BODY, MAX_TAGS

#: Reflection dates and schedules stay within sensible years (no overflow at the edges).
DAY = validate.Range(min=date(2000, 1, 1), max=date(2199, 12, 31))
MOMENT = validate.Range(
    min=datetime(2000, 1, 1, tzinfo=UTC), max=datetime(2199, 12, 31, tzinfo=UTC)
)


class BlogSchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    visibility = fields.String(required=True, validate=validate.OneOf(VISIBILITIES))
    writer_roles = fields.List(fields.String(), required=True)
    reflection_start = fields.Date(required=True, allow_none=True)
    reflection_end = fields.Date(required=True, allow_none=True)
    travellers = fields.List(
        fields.Integer(),
        required=True,
        metadata={
            "description": "Ids of the members who travelled (empty for visitors)."
        },
    )
    may_post = fields.Boolean(
        required=True, metadata={"description": "The caller may write in this blog."}
    )
    url = fields.String(required=True, metadata={"description": "The blog's page."})


class BlogFieldsSchema(Strict):
    title = fields.String(validate=validate.Length(min=1, max=200))
    description = fields.String(validate=validate.Length(max=500))
    visibility = fields.String(validate=validate.OneOf(VISIBILITIES))
    writer_roles = fields.List(
        fields.String(validate=validate.OneOf(WRITER_ROLES)),
        validate=validate.Length(min=1),
    )
    reflection_start = fields.Date(allow_none=True, validate=DAY)
    reflection_end = fields.Date(allow_none=True, validate=DAY)
    travellers = fields.List(
        fields.Integer(validate=ID), validate=validate.Length(max=500)
    )


class BlogCreateSchema(BlogFieldsSchema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))


class BlogPostSchema(Schema):
    id = fields.Integer(required=True)
    blog_id = fields.Integer(required=True)
    title = fields.String(required=True)
    author = fields.String(required=True)
    body = fields.String(required=True, metadata={"description": "Markdown."})
    html = fields.String(required=True, metadata={"description": "Sanitized HTML."})
    tags = fields.List(fields.String(), required=True)
    phase = fields.String(required=True, allow_none=True)
    status = fields.String(required=True, validate=validate.OneOf(POST_STATUSES))
    publish_at = fields.DateTime(required=True, allow_none=True)
    created_at = fields.DateTime(required=True)
    edited_at = fields.DateTime(required=True, allow_none=True)
    url = fields.String(required=True, metadata={"description": "The post's page."})


class BlogPostFieldsSchema(Strict):
    title = fields.String(validate=validate.Length(min=1, max=200))
    body = fields.String(
        validate=validate.Length(min=1, max=MAX_BODY),
        metadata={"description": "Markdown."},
    )
    tags = fields.List(
        fields.String(validate=validate.Length(max=40)),
        validate=validate.Length(max=MAX_TAGS),
    )
    phase = fields.String(allow_none=True, validate=validate.OneOf(PHASES))
    status = fields.String(
        validate=validate.OneOf(POST_STATUSES),
        metadata={
            "description": "draft, published (now), or scheduled (for publish_at)."
        },
    )
    publish_at = fields.AwareDateTime(
        allow_none=True,
        default_timezone=UTC,
        validate=MOMENT,
        metadata={"description": "When a scheduled post goes live (UTC if no zone)."},
    )


class BlogPostCreateSchema(BlogPostFieldsSchema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    body = fields.String(
        required=True,
        validate=validate.Length(min=1, max=MAX_BODY),
        metadata={"description": "Markdown."},
    )


class BlogPostArgs(ListArgs):
    tag = fields.String(load_default=None, validate=validate.Length(min=1, max=40))
    phase = fields.String(load_default=None, validate=validate.OneOf(PHASES))
    month = fields.String(
        load_default=None,
        validate=validate.Regexp(r"^(19|20|21)[0-9]{2}-(0[1-9]|1[0-2])$"),
        metadata={"description": "YYYY-MM: posts published that month."},
    )
    mine = fields.Boolean(
        load_default=False,
        metadata={
            "description": "The caller's own posts, drafts and scheduled ones too."
        },
    )


class BlogCommentSchema(Schema):
    id = fields.Integer(required=True)
    post_id = fields.Integer(required=True)
    author = fields.String(required=True)
    html = fields.String(required=True, metadata={"description": "Sanitized HTML."})
    kind = fields.String(
        required=True,
        validate=validate.OneOf(("comment", "feedback")),
        metadata={"description": "feedback: from a pupil who did not travel."},
    )
    status = fields.String(required=True, validate=validate.OneOf(COMMENT_STATUSES))
    created_at = fields.DateTime(required=True)


class BlogCommentCreateSchema(Strict):
    body = fields.String(
        required=True,
        validate=validate.Length(min=1, max=10_000),
        metadata={"description": "Markdown."},
    )


class BlogCommentModerateSchema(Strict):
    status = fields.String(
        required=True, validate=validate.OneOf(("approved", "hidden"))
    )


class BlogReflectionRowSchema(Schema):
    user_id = fields.Integer(required=True)
    name = fields.String(required=True)
    written = fields.List(fields.Boolean(), required=True)


class BlogReflectionsSchema(Schema):
    weeks = fields.List(
        fields.Date(),
        required=True,
        metadata={"description": "The Monday of each week."},
    )
    current_week = fields.Integer(
        required=True, allow_none=True, metadata={"description": "Index of this week."}
    )
    pupils = fields.List(fields.Nested(BlogReflectionRowSchema), required=True)
    missing_now = fields.List(fields.String(), required=True)


BlogList = list_of(BlogSchema, "BlogList")
BlogPostList = list_of(BlogPostSchema, "BlogPostList")
BlogCommentList = list_of(BlogCommentSchema, "BlogCommentList")
