"""Schemas of materials in the API, and the parser that reads an upload as one body."""

from __future__ import annotations

from typing import Any

import flask
from flask_babel import gettext as _
from marshmallow import Schema, ValidationError, fields, validate
from webargs.flaskparser import FlaskParser
from werkzeug.datastructures import CombinedMultiDict, FileStorage

from .page_schemas import PageRefSchema
from .schemas import ID, ListArgs, Strict, list_of


class UploadParser(FlaskParser):
    """Reads a multipart upload's plain fields (``page_id``) along with its files.

    webargs loads ``files`` and ``form`` separately, and an operation documents only
    one request body; an upload is one multipart body, so both are read together.
    """

    def load_files(self, req: flask.Request, schema: Schema) -> Any:
        return self._makeproxy(CombinedMultiDict([req.files, req.form]), schema)


def a_file(value: Any) -> None:
    if not isinstance(value, FileStorage):
        raise ValidationError(_("Send the file itself (multipart/form-data)."))


class MaterialUploadSchema(Strict):
    file = fields.Raw(
        required=True,
        validate=a_file,
        metadata={"type": "string", "format": "binary"},
    )
    page_id = fields.Integer(
        load_default=None,
        allow_none=True,
        validate=ID,
        metadata={"description": "The page the file is uploaded for, if any."},
    )


class MaterialListArgs(ListArgs):
    order = fields.String(
        load_default="newest",
        validate=validate.OneOf(["newest", "id"]),
        metadata={"description": "`newest` first, or by ascending `id`."},
    )


class MaterialSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    media_type = fields.String(required=True)
    size = fields.Integer(required=True, metadata={"description": "In bytes."})
    width = fields.Integer(required=True, allow_none=True)
    height = fields.Integer(required=True, allow_none=True)
    is_image = fields.Boolean(required=True)
    page_id = fields.Integer(required=True, allow_none=True)
    created_at = fields.DateTime(required=True)
    url = fields.String(required=True, metadata={"description": "The file's bytes."})
    thumbnail_url = fields.String(required=True, allow_none=True)
    markdown = fields.String(
        required=True, metadata={"description": "What shows or links it in a page."}
    )


class MaterialDetailSchema(MaterialSchema):
    used_on = fields.List(
        fields.Nested(PageRefSchema),
        required=True,
        metadata={"description": "Pages the caller may read that show or link it."},
    )


class MaterialRenameSchema(Strict):
    name = fields.String(required=True, validate=validate.Length(min=1, max=255))


MaterialList = list_of(MaterialSchema, "MaterialList")
BINARY = {"type": "string", "format": "binary"}
