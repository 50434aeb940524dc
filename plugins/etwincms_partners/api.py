"""Partner finding's JSON API at ``/api/v1/partners/``, in the OpenAPI document.

A flask-smorest blueprint (tag ``partners_api``): ``GET /posts``, ``/people``,
``/schools`` and ``/spaces`` answer the same cards, filters and facets as the finder
(the newest 200 matches; the filters are query parameters), ``GET /posts/<id>`` one post,
``POST /posts`` publishes one and ``POST /posts/<id>/replies`` writes to its author;
``GET /threads``, ``GET /threads/<id>`` and ``POST /threads/<id>/messages`` are the
caller's inbox. Everything goes through :mod:`.queries`, :mod:`.services` and
:mod:`.messaging`, so the API allows and shows exactly what the web does: pupils are
never in an answer and cannot call it at all.

It belongs to no space, so it is mounted ``site_api`` (``/api/v1/partners/``).
"""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from etwincms.api.common import documents_errors
from etwincms.api.schemas import Strict
from etwincms.db import commit, get_session
from etwincms.errors import PermissionDenied
from etwincms.models import User
from etwincms.permissions import require
from etwincms.web.helpers import signed_in_user

from . import cards, messaging, queries, services
from . import filters as vocab
from .cards import Card
from .messaging import MAX_BODY

blp = Blueprint(
    "partners_api",
    __name__,
    description="Partner finding: posts, people, schools, listed projects, the inbox",
)


# -- schemas (named Partners... because component names are shared by the whole API) --

TAGS = fields.List(fields.String(), required=True)


class PartnersCardSchema(Schema):
    kind = fields.String(required=True)
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    url = fields.String(required=True)
    summary = fields.String(required=True)
    countries, languages, subjects, vocational = TAGS, TAGS, TAGS, TAGS
    age_min = fields.Integer(required=True, allow_none=True)
    age_max = fields.Integer(required=True, allow_none=True)
    partnership_type = fields.String(required=True)
    looking_for = fields.String(required=True)
    school = fields.String(required=True)
    city = fields.String(required=True)
    contact_id = fields.Integer(
        required=True,
        allow_none=True,
        metadata={"description": "The teacher to write to (never an e-mail address)."},
    )
    since = fields.DateTime(required=True, allow_none=True)
    author = fields.Function(
        lambda card: card.extra.get("author"),
        required=True,
        allow_none=True,
        metadata={"description": "A post's author (a teacher); null for other kinds."},
    )
    landing_url = fields.Function(
        lambda card: card.extra.get("landing"),
        required=True,
        allow_none=True,
        metadata={"description": "A listed project's public landing page."},
    )


class PartnersListSchema(Schema):
    items = fields.List(fields.Nested(PartnersCardSchema), required=True)
    facets = fields.Dict(
        keys=fields.String(),
        values=fields.Dict(keys=fields.String(), values=fields.Integer()),
        required=True,
    )


class PartnersFilterArgs(Strict):
    q = fields.String(load_default="", validate=validate.Length(max=200))
    country = fields.String(
        load_default="", validate=validate.Regexp(r"^([A-Za-z]{2})?$")
    )
    language = fields.String(
        load_default="", validate=validate.Regexp(r"^([a-z]{2,3})?$")
    )
    subject = fields.String(load_default="", validate=validate.Regexp(r"^[^,]{0,60}$"))
    vocational = fields.String(
        load_default="", validate=validate.Regexp(r"^[^,]{0,60}$")
    )
    age_from = fields.Integer(load_default=None, validate=validate.Range(min=3, max=99))
    age_to = fields.Integer(load_default=None, validate=validate.Range(min=3, max=99))
    partnership_type = fields.String(
        load_default="", validate=validate.OneOf(["", *vocab.PARTNERSHIP_TYPES])
    )


class PartnersPostCreateSchema(Strict):
    topic = fields.String(required=True, validate=validate.Length(min=1, max=200))
    partnership_type = fields.String(
        required=True, validate=validate.OneOf(list(vocab.PARTNERSHIP_TYPES))
    )
    looking_for = fields.String(
        required=True, validate=validate.OneOf(list(vocab.LOOKING_FOR))
    )
    description = fields.String(load_default="", validate=validate.Length(max=5000))
    languages = fields.List(
        fields.String(validate=validate.Regexp(r"^[a-z]{2,3}$")),
        load_default=list,
        validate=validate.Length(max=20),
    )
    subjects = fields.List(
        fields.String(validate=validate.Regexp(r"^[^,]{1,60}$")),
        load_default=list,
        validate=validate.Length(max=20),
    )
    vocational_subjects = fields.List(
        fields.String(validate=validate.Regexp(r"^[^,]{1,60}$")),
        load_default=list,
        validate=validate.Length(max=20),
    )
    age_min = fields.Integer(load_default=None, validate=validate.Range(min=3, max=99))
    age_max = fields.Integer(load_default=None, validate=validate.Range(min=3, max=99))
    starts_on = fields.Date(load_default=None)
    ends_on = fields.Date(load_default=None)


class PartnersMessageSchema(Strict):
    body = fields.String(required=True, validate=validate.Length(min=1, max=MAX_BODY))


class PartnersThreadSchema(Schema):
    id = fields.Integer(required=True)
    subject = fields.String(required=True)
    others = fields.List(fields.String(), required=True)
    unread = fields.Boolean(required=True)
    updated_at = fields.DateTime(required=True)


class PartnersThreadListSchema(Schema):
    items = fields.List(fields.Nested(PartnersThreadSchema), required=True)
    unread = fields.Integer(required=True)


class PartnersMessageOutSchema(Schema):
    id = fields.Integer(required=True)
    sender = fields.String(required=True)
    mine = fields.Boolean(required=True)
    body = fields.String(required=True)
    created_at = fields.DateTime(required=True)


class PartnersThreadDetailSchema(Schema):
    id = fields.Integer(required=True)
    subject = fields.String(required=True)
    messages = fields.List(fields.Nested(PartnersMessageOutSchema), required=True)


# -- finding -------------------------------------------------------------------------


def reader() -> User:
    user = signed_in_user()
    require(user, "partners.view", None)
    if user is None:
        raise PermissionDenied("partners.view")
    return user


def caller() -> User:
    """The caller, for threads: others' threads are not found, whoever asks."""
    user = signed_in_user()
    if user is None:
        raise PermissionDenied("partners.message")
    return user


def listing(kind: str, args: dict[str, Any]) -> dict[str, Any]:
    reader()
    chosen = vocab.parse({k: "" if v is None else v for k, v in args.items()})
    found = queries.find(get_session(), kind, chosen)
    return {"items": found, "facets": cards.facets(found)}


@blp.get("/posts")
@blp.arguments(PartnersFilterArgs, location="query")
@blp.response(200, PartnersListSchema)
@documents_errors(blp)
def list_posts(args: dict[str, Any]) -> dict[str, Any]:
    """Open partner-finding posts matching every filter given, newest first."""
    return listing("posts", args)


@blp.get("/people")
@blp.arguments(PartnersFilterArgs, location="query")
@blp.response(200, PartnersListSchema)
@documents_errors(blp)
def list_people(args: dict[str, Any]) -> dict[str, Any]:
    """Teachers who made their profile discoverable (age and type filters do not apply)."""
    return listing("people", args)


@blp.get("/schools")
@blp.arguments(PartnersFilterArgs, location="query")
@blp.response(200, PartnersListSchema)
@documents_errors(blp)
def list_schools(args: dict[str, Any]) -> dict[str, Any]:
    """Schools with a profile (country, language and vocational area apply)."""
    return listing("schools", args)


@blp.get("/spaces")
@blp.arguments(PartnersFilterArgs, location="query")
@blp.response(200, PartnersListSchema)
@documents_errors(blp)
def list_spaces(args: dict[str, Any]) -> dict[str, Any]:
    """Projects that chose to be listed, with a public landing page."""
    return listing("spaces", args)


@blp.get("/posts/<int:post_id>")
@blp.response(200, PartnersCardSchema)
@documents_errors(blp)
def read_post(post_id: int) -> Card:
    """One post."""
    card, _post = queries.get_post(get_session(), post_id, reader())
    return card


@blp.post("/posts")
@blp.arguments(PartnersPostCreateSchema)
@blp.response(201, PartnersCardSchema)
@documents_errors(blp)
def create_post(data: dict[str, Any]) -> Card:
    """Publish a partner-finding post (teachers)."""
    user, session = reader(), get_session()
    post = services.create_post(session, user, data)
    commit(session)
    card, _post = queries.get_post(session, post.id, user)
    return card


@blp.post("/posts/<int:post_id>/replies")
@blp.arguments(PartnersMessageSchema)
@blp.response(201, PartnersThreadDetailSchema)
@documents_errors(blp)
def reply_to_post(data: dict[str, Any], post_id: int) -> dict[str, Any]:
    """Write to a post's author: a new thread in both inboxes."""
    user, session = reader(), get_session()
    found = services.reply_to_post(session, user, post_id, data["body"])
    commit(session)
    return thread_json(user, found.id)


# -- the inbox -----------------------------------------------------------------------


@blp.get("/threads")
@blp.response(200, PartnersThreadListSchema)
@documents_errors(blp)
def list_threads() -> dict[str, Any]:
    """The caller's threads, most recently active first."""
    user, session = reader(), get_session()
    rows = messaging.inbox(session, user)
    return {
        "items": [
            {"id": r.thread.id, "subject": r.thread.subject, "others": r.others,
             "unread": r.unread, "updated_at": r.last_at}
            for r in rows
        ],
        "unread": messaging.unread_count(session, user),
    }  # fmt: skip


@blp.get("/threads/<int:thread_id>")
@blp.response(200, PartnersThreadDetailSchema)
@documents_errors(blp)
def read_thread(thread_id: int) -> dict[str, Any]:
    """A thread of the caller's, oldest message first; reading marks it read."""
    user = caller()
    answer = thread_json(user, thread_id)
    commit(get_session())
    return answer


@blp.post("/threads/<int:thread_id>/messages")
@blp.arguments(PartnersMessageSchema)
@blp.response(201, PartnersThreadDetailSchema)
@documents_errors(blp)
def send_message(data: dict[str, Any], thread_id: int) -> dict[str, Any]:
    """Answer in a thread of the caller's."""
    user, session = caller(), get_session()
    messaging.reply(session, user, thread_id, data["body"])
    commit(session)
    return thread_json(user, thread_id)


def thread_json(user: User, thread_id: int) -> dict[str, Any]:
    found, messages = messaging.read_thread(get_session(), user, thread_id)
    return {
        "id": found.id,
        "subject": found.subject,
        "messages": [
            {"id": m.id, "sender": sender.display_name if sender else "a former member",
             "mine": m.sender_id == user.id, "body": m.body, "created_at": m.created_at}
            for m, sender in messages
        ],
    }  # fmt: skip
