"""``/projects``: spaces (TwinSpaces) the caller may see; create, update, archive."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask_smorest import Blueprint

from ..db import commit, get_session
from ..errors import NotFound
from ..models import Project, Role
from ..permissions import require
from ..services import members, spaces
from ..state import get_state
from .common import (
    IF_MATCH,
    caller,
    check_if_match,
    decode_cursor,
    documents_errors,
    etag_of,
    page_of,
    with_etag,
)
from .schemas import (
    ListArgs,
    RoleOverrideSchema,
    RoleOverridesSchema,
    SpaceCreateSchema,
    SpaceFieldsSchema,
    SpaceSchema,
    list_of,
)

blp = Blueprint("api_spaces", __name__, description="Spaces (TwinSpaces)")
SpaceList = list_of(SpaceSchema, "SpaceList")


def space_json(project: Project, role: Role | None = None) -> dict[str, Any]:
    """The space's fields as objects (the response schema serialises them)."""
    fields = {
        name: getattr(project, name) for name in SpaceSchema().fields if name != "role"
    }
    return {**fields, "role": role.value if role else None}


def get_space(slug: str) -> Project:
    return spaces.get_space(get_session(), caller(), slug)


def space_with_etag(project: Project) -> Response:
    """The space as JSON with its ETag (the ETag ignores the caller's role)."""
    user = caller()
    membership = members.find_membership(get_session(), project, user) if user else None
    body = SpaceSchema().dump(
        space_json(project, membership.role if membership else None)
    )
    return with_etag(body, etag_of(SpaceSchema().dump(space_json(project))))


@blp.get("/projects")
@blp.arguments(ListArgs, location="query")
@blp.response(200, SpaceList)
@documents_errors(blp)
def list_spaces(args: dict[str, Any]) -> dict[str, Any]:
    """The caller's spaces (as a member), or public spaces for anonymous callers."""
    rows = spaces.visible_spaces(
        get_session(),
        caller(),
        after=decode_cursor(args["cursor"]),
        limit=args["limit"] + 1,
    )
    listing = page_of(rows, args["limit"], key=lambda row: row[0].id)
    listing["items"] = [space_json(project, role) for project, role in listing["items"]]
    return listing


@blp.post("/projects")
@blp.arguments(SpaceCreateSchema)
@blp.response(201, SpaceSchema)
@documents_errors(blp)
def create_space(fields: dict[str, Any]) -> dict[str, Any]:
    """Create a space with the caller as its admin (``template``: blank or a template)."""
    user = caller()
    require(user, "space.create", None)
    project = spaces.create_space(get_session(), user, **fields)
    commit()
    return space_json(project, Role.ADMIN)


@blp.get("/projects/<slug>")
@blp.response(200, SpaceSchema)
@documents_errors(blp)
def read_space(slug: str) -> Response:
    """One space, with its ETag."""
    return space_with_etag(get_space(slug))


@blp.patch("/projects/<slug>")
@blp.arguments(SpaceFieldsSchema)
@blp.response(200, SpaceSchema)
@blp.doc(parameters=[IF_MATCH])
@documents_errors(blp, 412, 428)
def update_space(fields: dict[str, Any], slug: str) -> Response:
    """Change a space's details (send If-Match)."""
    project = get_space(slug)
    require(caller(), "space.edit", project)
    check_if_match(etag_of(SpaceSchema().dump(space_json(project))))
    spaces.update_space(get_session(), caller(), project, **fields)
    commit()
    return space_with_etag(project)


@blp.post("/projects/<slug>/archive")
@blp.response(200, SpaceSchema)
@documents_errors(blp)
def archive_space(slug: str) -> Response:
    """Archive: readable, and nothing changes until it is reopened."""
    project = get_space(slug)
    spaces.archive_space(get_session(), caller(), project)
    commit()
    return space_with_etag(project)


@blp.post("/projects/<slug>/reopen")
@blp.response(200, SpaceSchema)
@documents_errors(blp)
def reopen_space(slug: str) -> Response:
    """Reopen an archived space."""
    project = get_space(slug)
    spaces.reopen_space(get_session(), caller(), project)
    commit()
    return space_with_etag(project)


@blp.get("/projects/<slug>/roles")
@blp.response(200, RoleOverridesSchema)
@documents_errors(blp)
def role_overrides(slug: str) -> dict[str, Any]:
    """What this space changed in its roles' capabilities (space admins)."""
    project = get_space(slug)
    require(caller(), "space.edit", project)
    return {"overrides": project.role_overrides or {}}


@blp.put("/projects/<slug>/roles/<role>/<capability>")
@blp.arguments(RoleOverrideSchema)
@blp.response(200, RoleOverridesSchema)
@documents_errors(blp)
def set_role_override(
    fields: dict[str, Any], slug: str, role: str, capability: str
) -> dict[str, Any]:
    """Give or take a capability for a role in this space (pupils never get protected ones)."""
    project = get_space(slug)
    if role not in {r.value for r in Role} or capability not in get_state().permissions:
        raise NotFound(f"{role}/{capability}")
    spaces.set_role_override(
        get_session(), caller(), project, Role(role), capability, fields["granted"]
    )
    commit()
    return {"overrides": project.role_overrides or {}}
