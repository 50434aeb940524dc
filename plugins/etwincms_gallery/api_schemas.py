"""The marshmallow schemas of the gallery's JSON API (see :mod:`.api`).

Named ``Gallery...`` because component names are shared by the whole OpenAPI document.
Output schemas describe exactly what is sent (schemathesis checks every answer against
them); input schemas are strict, so an unknown field is a 422, not a silent no-op.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from etwincms.api.material_schemas import a_file
from etwincms.api.schemas import ID, Strict, list_of

from .models import KINDS, PHASES, VISIBILITIES


class GalleryAlbumSchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    phase = fields.String(required=True, allow_none=True)
    visibility = fields.String(required=True, validate=validate.OneOf(VISIBILITIES))
    cover_item_id = fields.Integer(
        required=True,
        allow_none=True,
        metadata={"description": "The chosen cover (null: the first photo)."},
    )
    url = fields.String(required=True, metadata={"description": "The album's page."})


class GalleryAlbumFieldsSchema(Strict):
    title = fields.String(validate=validate.Length(min=1, max=200))
    description = fields.String(validate=validate.Length(max=1000))
    phase = fields.String(allow_none=True, validate=validate.OneOf(PHASES))
    visibility = fields.String(validate=validate.OneOf(VISIBILITIES))
    cover_item_id = fields.Integer(allow_none=True, validate=ID)


class GalleryAlbumCreateSchema(GalleryAlbumFieldsSchema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))


class GalleryOrderSchema(Strict):
    item_ids = fields.List(
        fields.Integer(validate=ID),
        required=True,
        validate=validate.Length(max=10_000),
        metadata={
            "description": "Every item of the album, once each, in the new order."
        },
    )


class GalleryItemSchema(Schema):
    id = fields.Integer(required=True)
    album_id = fields.Integer(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    original_name = fields.String(required=True)
    media_type = fields.String(required=True)
    size = fields.Integer(required=True)
    width = fields.Integer(required=True, allow_none=True)
    height = fields.Integer(required=True, allow_none=True)
    caption = fields.String(required=True)
    alt_text = fields.String(required=True)
    identifiable = fields.Boolean(
        required=True, metadata={"description": "Shows pupils who could be recognised."}
    )
    consent_confirmed = fields.Boolean(required=True)
    public = fields.Boolean(
        required=True,
        metadata={
            "description": "Shown to visitors when its album and space are public."
        },
    )
    position = fields.Integer(required=True)
    uploader = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    content_url = fields.String(required=True)
    thumbnail_url = fields.String(required=True, allow_none=True)
    url = fields.String(required=True, metadata={"description": "The item's page."})


class GalleryItemFieldsSchema(Strict):
    caption = fields.String(validate=validate.Length(max=1000))
    alt_text = fields.String(validate=validate.Length(max=500))
    identifiable = fields.Boolean()
    consent = fields.Boolean(
        metadata={"description": "A moderator confirms (or withdraws) consent."}
    )


class GalleryUploadSchema(Strict):
    file = fields.Raw(
        required=True,
        validate=a_file,
        metadata={"type": "string", "format": "binary"},
    )


class GalleryUploadedSchema(Schema):
    items = fields.List(fields.Nested(GalleryItemSchema), required=True)
    notes = fields.List(
        fields.String(),
        required=True,
        metadata={
            "description": "Remarks such as a video left without a poster frame."
        },
    )


GalleryAlbumList = list_of(GalleryAlbumSchema, "GalleryAlbumList")
GalleryItemList = list_of(GalleryItemSchema, "GalleryItemList")
