"""The embed library's JSON API, mounted by the core at ``/api/v1/projects/<slug>/embed/``.

A flask-smorest blueprint, so its operations join ``/api/v1/openapi.json`` under the tag
``embed_api``: ``GET /items`` pages through the space's embeds (newest first, with the
core's cursors), ``POST /items`` adds one, ``GET /items/<id>`` reads one with its
``ETag``, ``PATCH`` and ``DELETE`` change or remove it with ``If-Match`` (428 without,
412 when stale). ``GET /providers`` lists the providers the space allows. Writes go
through :mod:`.services`, so the API allows exactly what the capabilities allow; pupils
are named only to those who may see names. Errors are the core's problem documents.
"""

from __future__ import annotations

from typing import Any

from flask import Response, url_for
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from etwincms.api.common import (
    IF_MATCH,
    check_if_match,
    decode_cursor,
    documents_errors,
    page_of,
    with_etag,
)
from etwincms.api.schemas import ListArgs, Strict, list_of
from etwincms.db import commit, get_session
from etwincms.errors import PermissionDenied
from etwincms.models import User
from etwincms.permissions import require
from etwincms.plugins import current_project
from etwincms.web.helpers import signed_in_user

from . import policy, queries, registry, services
from .models import EmbedItem

blp = Blueprint(
    "embed_api", __name__, description="Embeds of a space: external tools, videos"
)
ETAG_HEADER = {"ETag": {"schema": {"type": "string"}}}


class EmbedItemSchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    url = fields.String(
        required=True, metadata={"description": "The share URL pasted."}
    )
    provider = fields.String(required=True)
    embed_url = fields.String(
        required=True, metadata={"description": "What is framed."}
    )
    author = fields.String(
        required=True, metadata={"description": "Pupils are named only to members."}
    )
    version = fields.Integer(required=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)
    page = fields.String(required=True, metadata={"description": "The embed's page."})


class EmbedProviderSchema(Schema):
    name = fields.String(required=True)
    label = fields.String(required=True)
    embed_host = fields.String(required=True)


class EmbedCreateSchema(Strict):
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    url = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    description = fields.String(load_default="", validate=validate.Length(max=5000))


class EmbedUpdateSchema(Strict):
    title = fields.String(validate=validate.Length(min=1, max=200))
    url = fields.String(validate=validate.Length(min=1, max=2000))
    description = fields.String(validate=validate.Length(max=5000))


EmbedItemList = list_of(EmbedItemSchema, "EmbedItemList")
EmbedProviderList = Schema.from_dict(
    {"items": fields.List(fields.Nested(EmbedProviderSchema), required=True)},
    name="EmbedProviderList",
)


@blp.get("/items")
@blp.arguments(ListArgs, location="query")
@blp.response(200, EmbedItemList)
@documents_errors(blp)
def list_items(args: dict[str, Any]) -> dict[str, Any]:
    """The space's embeds, newest first."""
    session, user, project = get_session(), signed_in_user(), current_project()
    rows = queries.items_after(
        session,
        user,
        project,
        after=decode_cursor(args["cursor"]),
        limit=args["limit"] + 1,
    )
    listing = page_of(rows, args["limit"], key=lambda item: item.id)
    listing["items"] = [item_json(item) for item in listing["items"]]
    return listing


@blp.post("/items")
@blp.arguments(EmbedCreateSchema)
@blp.response(201, EmbedItemSchema, headers=ETAG_HEADER)
@documents_errors(blp)
def create_item(data: dict[str, Any]) -> Response:
    """Add an embed from a provider's share URL (``embed.add``)."""
    session, user, project = get_session(), member(), current_project()
    item = services.create(session, user, project, **data)
    commit(session)
    response = answer(item.id)
    response.status_code = 201
    return response


@blp.get("/items/<int:item_id>")
@blp.response(200, EmbedItemSchema, headers=ETAG_HEADER)
@documents_errors(blp)
def read_item(item_id: int) -> Response:
    """An embed with its ETag."""
    return answer(item_id)


@blp.patch("/items/<int:item_id>")
@blp.arguments(EmbedUpdateSchema)
@blp.response(200, EmbedItemSchema, headers=ETAG_HEADER)
@blp.doc(parameters=[IF_MATCH])
@documents_errors(blp, 412, 428)
def update_item(data: dict[str, Any], item_id: int) -> Response:
    """Change the title, URL or description (its author or ``embed.manage``); If-Match."""
    session, user, project = get_session(), member(), current_project()
    item = queries.get_item(session, user, project, item_id)
    policy.require_edit(user, project, item)  # before If-Match: refuse first
    check_if_match(etag(item))
    services.update(session, user, project, item, **data)
    commit(session)
    return answer(item_id)


@blp.delete("/items/<int:item_id>")
@blp.response(204)
@blp.doc(parameters=[IF_MATCH])
@documents_errors(blp, 412, 428)
def delete_item(item_id: int) -> None:
    """Delete an embed (its author or ``embed.manage``); If-Match needed."""
    session, user, project = get_session(), member(), current_project()
    item = queries.get_item(session, user, project, item_id)
    policy.require_edit(user, project, item)  # before If-Match: refuse first
    check_if_match(etag(item))
    services.delete(session, user, project, item)
    commit(session)


@blp.get("/providers")
@blp.response(200, EmbedProviderList)
@documents_errors(blp)
def list_providers() -> dict[str, Any]:
    """The providers whose share URLs this space accepts."""
    user, project = signed_in_user(), current_project()
    require(user, "embed.view", project)
    providers = registry.space_providers(project)
    return {
        "items": [
            {"name": p.name, "label": str(p.label), "embed_host": p.embed_host}
            for p in providers
        ]
    }


def member() -> User:
    user = signed_in_user()
    if user is None:
        raise PermissionDenied("embed.add")
    return user


def etag(item: EmbedItem) -> str:
    return f'"e{item.id}v{item.version}"'


def answer(item_id: int) -> Response:
    session, user, project = get_session(), signed_in_user(), current_project()
    item = queries.get_item(session, user, project, item_id)
    return with_etag(EmbedItemSchema().dump(item_json(item)), etag(item))


def item_json(item: EmbedItem) -> dict[str, Any]:
    user, project = signed_in_user(), current_project()
    return {
        "id": item.id,
        "title": item.title,
        "description": item.description,
        "url": item.url,
        "provider": item.provider,
        "embed_url": item.embed_url,
        "author": queries.author_of(item, user, project),
        "version": item.version,
        "created_at": item.created_at,
        "updated_at": item.updated_at,
        "page": url_for("embed.item", item_id=item.id, _external=True),
    }
