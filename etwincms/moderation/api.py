"""Moderation over the API, at ``/api/v1/projects/<slug>/moderation/``.

The queue (``GET /``) and decisions (``POST /decisions``), pupils' consent (``GET
/consent``, ``PUT /consent/<pupil_id>``), who an item shows (``GET`` and ``PUT /shown``)
and a pupil's request that a page becomes public (``POST /pages/<page_id>/request``).
The same services as the web pages, so the API allows exactly what they allow; errors
are the core's ``application/problem+json`` (a refusal is 422 with the reason).
"""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint
from marshmallow import fields, validate

from ..api.common import caller, documents_errors
from ..api.schemas import Strict
from ..db import commit, get_session
from ..errors import NotFound, PermissionDenied
from ..models import Project, User
from ..permissions import require
from ..services import spaces, tree
from . import consent_admin, page_requests, queue
from .consent import shown_pupil_ids
from .models import ConsentLevel, Decision

blp = Blueprint(
    "moderation_api", __name__, description="Pupil-safe publishing: queue and consent"
)
BASE = "/projects/<slug>/moderation"
LEVELS = [level.value for level in ConsentLevel]


class ModerationItemSchema(Strict):
    item_id = fields.String(required=True)
    type = fields.String(required=True)
    plugin = fields.String(required=True)
    title = fields.String(required=True)
    url = fields.String(required=True)
    requested_at = fields.DateTime(required=True)
    excerpt = fields.String(required=True)


class ModerationDecideSchema(Strict):
    item_id = fields.String(required=True, validate=validate.Length(1, 120))
    approve = fields.Boolean(required=True)
    reason = fields.String(load_default="", validate=validate.Length(max=1000))


class ModerationDecisionSchema(Strict):
    id = fields.Integer(required=True)
    item_id = fields.String(required=True)
    approved = fields.Boolean(required=True)
    reason = fields.String(required=True)
    decided_at = fields.DateTime(required=True)


class ModerationConsentSchema(Strict):
    pupil_id = fields.Integer(required=True)
    name = fields.String(required=True)
    level = fields.String(required=True, validate=validate.OneOf(LEVELS))
    note = fields.String(required=True)
    recorded_at = fields.DateTime(required=True, allow_none=True)


class ModerationConsentChangeSchema(Strict):
    level = fields.String(required=True, validate=validate.OneOf(LEVELS))
    note = fields.String(load_default="", validate=validate.Length(max=1000))


class ModerationShownArgs(Strict):
    item_id = fields.String(required=True, validate=validate.Length(1, 120))


class ModerationShownSchema(Strict):
    item_id = fields.String(required=True, validate=validate.Length(1, 120))
    pupil_ids = fields.List(fields.Integer(), required=True)


def space(slug: str) -> tuple[Project, User]:
    user = caller()
    project = spaces.get_space(get_session(), user, slug)
    if user is None:
        raise PermissionDenied("space.view")
    return project, user


@blp.get(f"{BASE}/")
@blp.response(200, ModerationItemSchema(many=True))
@documents_errors(blp)
def waiting(slug: str) -> list[dict[str, Any]]:
    """The items that wait for the caller's decision (their school's pupils')."""
    project, user = space(slug)
    return [
        {
            "item_id": e.item_id,
            "type": e.pending.item.type,
            "plugin": e.pending.item.plugin,
            "title": e.pending.item.title,
            "url": e.pending.item.url,
            "requested_at": e.pending.requested_at,
            "excerpt": e.pending.excerpt,
        }
        for e in queue.waiting(get_session(), user, project)
    ]


@blp.post(f"{BASE}/decisions")
@blp.arguments(ModerationDecideSchema)
@blp.response(200, ModerationDecisionSchema)
@documents_errors(blp)
def decide(body: dict[str, Any], slug: str) -> Decision:
    """Publish (``approve``) or reject a waiting item; 422 with the reason when refused."""
    project, user = space(slug)
    return queue.decide(
        get_session(),
        user,
        project,
        body["item_id"],
        approve=body["approve"],
        reason=body["reason"],
    )


class ModerationMineSchema(ModerationDecisionSchema):
    title = fields.String(required=True)
    url = fields.String(required=True)


@blp.get(f"{BASE}/mine")
@blp.response(200, ModerationMineSchema(many=True))
@documents_errors(blp)
def mine(slug: str) -> list[Decision]:
    """What teachers decided about the caller's own items, newest first."""
    project, user = space(slug)
    require(user, "space.view", project)
    return queue.decisions_about(get_session(), project, user)


@blp.get(f"{BASE}/consent")
@blp.response(200, ModerationConsentSchema(many=True))
@documents_errors(blp)
def consent_list(slug: str) -> list[dict[str, Any]]:
    """The pupils whose consent the caller records (their school's), with their levels."""
    project, user = space(slug)
    return [
        consent_json(row)
        for row in consent_admin.consent_list(get_session(), user, project)
    ]


@blp.put(f"{BASE}/consent/<int:pupil_id>")
@blp.arguments(ModerationConsentChangeSchema)
@blp.response(200, ModerationConsentSchema)
@documents_errors(blp)
def consent_change(body: dict[str, Any], slug: str, pupil_id: int) -> dict[str, Any]:
    """Record a pupil's consent level (it applies site-wide)."""
    project, user = space(slug)
    session = get_session()
    pupil = session.get(User, pupil_id)
    if pupil is None:
        raise NotFound(str(pupil_id))
    level = ConsentLevel(body["level"])
    consent = consent_admin.set_consent(
        session, user, project, pupil, level, body["note"]
    )
    commit()
    return consent_json(consent_admin.PupilConsent(pupil, consent))


def consent_json(row: consent_admin.PupilConsent) -> dict[str, Any]:
    return {
        "pupil_id": row.pupil.id,
        "name": row.pupil.display_name,
        "level": row.level.value,
        "note": row.consent.note if row.consent else "",
        "recorded_at": row.consent.recorded_at if row.consent else None,
    }


@blp.get(f"{BASE}/shown")
@blp.arguments(ModerationShownArgs, location="query")
@blp.response(200, ModerationShownSchema)
@documents_errors(blp)
def shown(args: dict[str, Any], slug: str) -> dict[str, Any]:
    """The pupils an item shows."""
    project, user = space(slug)
    require(user, "moderation.shown", project)
    ids = shown_pupil_ids(get_session(), project, args["item_id"])
    return {"item_id": args["item_id"], "pupil_ids": sorted(ids)}


@blp.put(f"{BASE}/shown")
@blp.arguments(ModerationShownSchema)
@blp.response(200, ModerationShownSchema)
@documents_errors(blp)
def shown_change(body: dict[str, Any], slug: str) -> dict[str, Any]:
    """Say exactly which pupils an item shows (replaces the earlier answer)."""
    project, user = space(slug)
    consent_admin.set_shown(
        get_session(), user, project, body["item_id"], body["pupil_ids"]
    )
    commit()
    return {"item_id": body["item_id"], "pupil_ids": sorted(set(body["pupil_ids"]))}


@blp.post(f"{BASE}/pages/<int:page_id>/request")
@blp.response(202, ModerationItemSchema)
@documents_errors(blp)
def request_page(slug: str, page_id: int) -> dict[str, Any]:
    """Ask a teacher to make a page public (for editors who may not publish)."""
    project, user = space(slug)
    session = get_session()
    page = tree.get_page_by_id(session, user, project, page_id)
    row = page_requests.request_publication(session, user, project, page)
    commit()
    pending = page_requests.publication(session, project, row)
    return {
        "item_id": pending.item.id,
        "type": "page",
        "plugin": "core",
        "title": pending.item.title,
        "url": pending.item.url,
        "requested_at": pending.requested_at,
        "excerpt": pending.excerpt,
    }
