"""Phases over the API, at ``/api/v1/projects/<slug>/phases/``.

The overview (``GET /``: mobilities, phases, the current one); mobilities (``GET`` and
``POST /mobilities``; ``GET``, ``PUT`` with ``If-Match`` and ``DELETE /mobilities/<id>``);
a phase (``GET`` and ``PUT /<phase_id>``); its items (``GET`` and ``POST
/<phase_id>/items``, ``DELETE /<phase_id>/items/<item_id>``). The same services as the
web pages, so the API allows exactly what they allow; errors are the core's
``application/problem+json``. Participants are listed by id to members only (others
get the count).
"""

from __future__ import annotations

from typing import Any

from flask import Response
from flask_smorest import Blueprint
from marshmallow import fields, validate

from ..api.common import (
    IF_MATCH,
    caller,
    check_if_match,
    documents_errors,
    etag_of,
    with_etag,
)
from ..api.schemas import ID, Strict
from ..db import commit, get_session, utcnow
from ..models import Project, User
from ..permissions import require
from ..services import spaces
from . import mobilities, services, tagging
from .mobilities import CAPABILITY, MobilityInput
from .models import Mobility, Phase
from .presenting import names_visible

blp = Blueprint(
    "phases_api", __name__, description="Mobilities, phases and phase items"
)
BASE = "/projects/<slug>/phases"
#: More travellers than any mobility has: a bound on what one request may ask about.
MAX_PARTICIPANTS = 1000


class PhasesPhaseSchema(Strict):
    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    title = fields.String(required=True)
    mobility_id = fields.Integer(required=True, allow_none=True)
    starts_on = fields.Date(required=True, allow_none=True)
    ends_on = fields.Date(required=True, allow_none=True)
    current = fields.Boolean(required=True)


class PhasesMobilitySchema(Strict):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    host_school_id = fields.Integer(required=True, allow_none=True)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    participant_count = fields.Integer(required=True)
    participant_ids = fields.List(fields.Integer(), required=True)


class PhasesOverviewSchema(Strict):
    mobilities = fields.List(fields.Nested(PhasesMobilitySchema), required=True)
    phases = fields.List(fields.Nested(PhasesPhaseSchema), required=True)
    current_phase_id = fields.Integer(required=True, allow_none=True)


class PhasesMobilityInputSchema(Strict):
    title = fields.String(required=True, validate=validate.Length(1, 200))
    host_school_id = fields.Integer(required=True, validate=ID)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    participant_ids = fields.List(
        fields.Integer(validate=ID),
        load_default=list,
        validate=validate.Length(max=MAX_PARTICIPANTS),
    )


class PhasesPhaseInputSchema(Strict):
    title = fields.String(required=True, validate=validate.Length(1, 200))
    starts_on = fields.Date(required=True, allow_none=True)
    ends_on = fields.Date(required=True, allow_none=True)


class PhasesItemSchema(Strict):
    id = fields.String(required=True)
    type = fields.String(required=True)
    plugin = fields.String(required=True)
    title = fields.String(required=True)
    url = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    public = fields.Boolean(required=True)


class PhasesTagSchema(Strict):
    item_ids = fields.List(
        fields.String(validate=validate.Length(1, 120)),
        required=True,
        validate=validate.Length(min=1),
    )


def space(slug: str) -> tuple[Project, User | None]:
    user = caller()
    return spaces.get_space(get_session(), user, slug), user


def phase_json(phase: Phase, current: Phase | None) -> dict[str, Any]:
    return {
        "id": phase.id,
        "kind": phase.kind.value,
        "title": phase.title,
        "mobility_id": phase.mobility_id,
        "starts_on": phase.starts_on,
        "ends_on": phase.ends_on,
        "current": current is not None and current.id == phase.id,
    }


def mobility_json(mobility: Mobility, show_people: bool) -> dict[str, Any]:
    return {
        "id": mobility.id,
        "title": mobility.title,
        "host_school_id": mobility.host_school_id,
        "starts_on": mobility.starts_on,
        "ends_on": mobility.ends_on,
        "participant_count": len(mobility.participants),
        "participant_ids": sorted(mobility.participant_ids) if show_people else [],
    }


def dumped_mobility(mobility: Mobility, show_people: bool) -> dict[str, Any]:
    return PhasesMobilitySchema().dump(mobility_json(mobility, show_people))


@blp.get(f"{BASE}/")
@blp.response(200, PhasesOverviewSchema)
@documents_errors(blp)
def overview(slug: str) -> dict[str, Any]:
    """The space's mobilities and phases, and the phase it is in today."""
    project, user = space(slug)
    session = get_session()
    found = services.overview(session, project, utcnow().date())
    show = names_visible(user, project)
    return {
        "mobilities": [mobility_json(row.mobility, show) for row in found.mobilities],
        "phases": [
            phase_json(p, found.current) for p in services.list_phases(session, project)
        ],
        "current_phase_id": found.current.id if found.current else None,
    }


@blp.get(f"{BASE}/mobilities")
@blp.response(200, PhasesMobilitySchema(many=True))
@documents_errors(blp)
def mobility_list(slug: str) -> list[dict[str, Any]]:
    """The space's mobilities, earliest first."""
    project, user = space(slug)
    show = names_visible(user, project)
    return [
        mobility_json(m, show)
        for m in mobilities.list_mobilities(get_session(), project)
    ]


@blp.post(f"{BASE}/mobilities")
@blp.arguments(PhasesMobilityInputSchema)
@blp.response(201, PhasesMobilitySchema)
@documents_errors(blp)
def mobility_create(body: dict[str, Any], slug: str) -> Response:
    """Add a mobility; its before / during / after phases are made with it."""
    project, user = space(slug)
    require(user, CAPABILITY, project)
    mobility = mobilities.create_mobility(
        get_session(), user, project, mobility_input(body)
    )
    commit()
    data = dumped_mobility(mobility, True)
    response = with_etag(data, etag_of(data))
    response.status_code = 201
    return response


@blp.get(f"{BASE}/mobilities/<int:mobility_id>")
@blp.response(200, PhasesMobilitySchema)
@documents_errors(blp)
def mobility_read(slug: str, mobility_id: int) -> Response:
    """One mobility, with the ETag a change must send back."""
    project, user = space(slug)
    mobility = mobilities.get_mobility(get_session(), project, mobility_id)
    data = dumped_mobility(mobility, names_visible(user, project))
    return with_etag(data, etag_of(dumped_mobility(mobility, True)))


@blp.put(f"{BASE}/mobilities/<int:mobility_id>")
@blp.arguments(PhasesMobilityInputSchema)
@blp.response(200, PhasesMobilitySchema)
@blp.doc(parameters=[IF_MATCH])
@documents_errors(blp, 412, 428)
def mobility_update(body: dict[str, Any], slug: str, mobility_id: int) -> Response:
    """Change a mobility; its phases that kept their default dates follow it."""
    project, user = space(slug)
    require(user, CAPABILITY, project)
    session = get_session()
    mobility = mobilities.get_mobility(session, project, mobility_id)
    check_if_match(etag_of(dumped_mobility(mobility, True)))
    mobilities.update_mobility(session, user, project, mobility, mobility_input(body))
    commit()
    data = dumped_mobility(mobility, True)
    return with_etag(data, etag_of(data))


def mobility_input(body: dict[str, Any]) -> MobilityInput:
    return MobilityInput(
        title=body["title"],
        host_school_id=body["host_school_id"],
        starts_on=body["starts_on"],
        ends_on=body["ends_on"],
        participant_ids=frozenset(body["participant_ids"]),
    )


@blp.delete(f"{BASE}/mobilities/<int:mobility_id>")
@blp.response(204)
@documents_errors(blp)
def mobility_delete(slug: str, mobility_id: int) -> None:
    """Delete a mobility with its phases; the items filed under them stay."""
    project, user = space(slug)
    require(user, CAPABILITY, project)
    session = get_session()
    mobility = mobilities.get_mobility(session, project, mobility_id)
    mobilities.delete_mobility(session, user, project, mobility)
    commit()


@blp.get(f"{BASE}/<int:phase_id>")
@blp.response(200, PhasesPhaseSchema)
@documents_errors(blp)
def phase_read(slug: str, phase_id: int) -> dict[str, Any]:
    """One phase, with whether the space is in it today."""
    project, _user = space(slug)
    session = get_session()
    phase = services.get_phase(session, project, phase_id)
    return phase_json(phase, services.current_phase(session, project, utcnow().date()))


@blp.put(f"{BASE}/<int:phase_id>")
@blp.arguments(PhasesPhaseInputSchema)
@blp.response(200, PhasesPhaseSchema)
@documents_errors(blp)
def phase_update(body: dict[str, Any], slug: str, phase_id: int) -> dict[str, Any]:
    """Rename a phase or change its dates (a mobility's phases need both dates)."""
    project, user = space(slug)
    require(user, CAPABILITY, project)
    session = get_session()
    phase = services.get_phase(session, project, phase_id)
    services.update_phase(session, user, project, phase, **body)
    commit()
    return phase_json(phase, services.current_phase(session, project, utcnow().date()))


@blp.get(f"{BASE}/<int:phase_id>/items")
@blp.response(200, PhasesItemSchema(many=True))
@documents_errors(blp)
def items(slug: str, phase_id: int) -> list[dict[str, Any]]:
    """Everything filed under a phase that the caller may read, newest first."""
    project, user = space(slug)
    session = get_session()
    phase = services.get_phase(session, project, phase_id)
    return [
        item_json(item) for item in tagging.phase_items(session, project, phase, user)
    ]


def item_json(item: Any) -> dict[str, Any]:
    return {
        "id": item.id,
        "type": item.type,
        "plugin": item.plugin,
        "title": item.title,
        "url": item.url,
        "created_at": item.created_at,
        "public": item.public,
    }


@blp.post(f"{BASE}/<int:phase_id>/items")
@blp.arguments(PhasesTagSchema)
@blp.response(200, PhasesTagSchema)
@documents_errors(blp)
def tag(body: dict[str, Any], slug: str, phase_id: int) -> dict[str, Any]:
    """File items under a phase; answers with the ids newly filed."""
    project, user = space(slug)
    require(user, CAPABILITY, project)
    session = get_session()
    phase = services.get_phase(session, project, phase_id)
    added = tagging.tag_items(session, user, project, phase, body["item_ids"])
    commit()
    return {"item_ids": added}


@blp.delete(f"{BASE}/<int:phase_id>/items/<item_id>")
@blp.response(204)
@documents_errors(blp)
def untag(slug: str, phase_id: int, item_id: str) -> None:
    """Take an item out of a phase (the item itself stays)."""
    project, user = space(slug)
    require(user, CAPABILITY, project)
    session = get_session()
    phase = services.get_phase(session, project, phase_id)
    tagging.untag_items(session, user, project, phase, [item_id])
    commit()
