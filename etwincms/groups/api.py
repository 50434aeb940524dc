"""Working groups over the API, at ``/api/v1/projects/<slug>/groups/``.

The list (``GET /``: teachers get every group, other members their own; ``POST /``
creates one), a group (``GET``, ``PUT`` renames, ``DELETE``), its members (``PUT
/<id>/members`` sets them), and the suggestion (``GET /suggestion?size=`` or
``?count=``; ``POST /suggestion`` saves an edited one). The same services as the web
pages; errors are the core's ``application/problem+json``. Groups name their members, so
the whole API is for members of the space only.
"""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint
from marshmallow import fields, validate

from ..api.common import caller, documents_errors
from ..api.schemas import ID, Strict
from ..db import commit, get_session
from ..errors import NotFound, PermissionDenied
from ..models import Project, User
from ..permissions import can, require
from ..services import spaces
from . import services
from .models import WorkingGroup
from .services import CAPABILITY
from .suggestion import suggest_groups

blp = Blueprint("groups_api", __name__, description="Transnational working groups")
BASE = "/projects/<slug>/groups"


class GroupsGroupSchema(Strict):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    description = fields.String(required=True)
    root_page_id = fields.Integer(required=True, allow_none=True)
    member_ids = fields.List(fields.Integer(validate=ID), required=True)


class GroupsGroupInputSchema(Strict):
    name = fields.String(required=True, validate=validate.Length(1, 120))
    description = fields.String(load_default="")
    member_ids = fields.List(fields.Integer(validate=ID), load_default=list)


class GroupsRenameSchema(Strict):
    name = fields.String(required=True, validate=validate.Length(1, 120))


class GroupsMembersSchema(Strict):
    member_ids = fields.List(fields.Integer(validate=ID), required=True)


class GroupsProposalSchema(Strict):
    name = fields.String(required=True, validate=validate.Length(1, 120))
    member_ids = fields.List(fields.Integer(validate=ID), required=True)


class GroupsSuggestionQuerySchema(Strict):
    size = fields.Integer(validate=validate.Range(2, 200))
    count = fields.Integer(validate=validate.Range(1, 200))
    seed = fields.Integer(validate=validate.Range(0, 2**31 - 1))


class GroupsSuggestionInputSchema(Strict):
    groups = fields.List(
        fields.Nested(GroupsProposalSchema),
        required=True,
        validate=validate.Length(min=1, max=200),
    )


def member_space(slug: str) -> tuple[Project, User]:
    user = caller()
    project = spaces.get_space(get_session(), user, slug)
    if user is None or not can(user, "member.view", project):
        raise PermissionDenied("member.view")
    return project, user


def group_json(group: WorkingGroup) -> dict[str, Any]:
    return {
        "id": group.id,
        "name": group.name,
        "description": group.description,
        "root_page_id": group.root_page_id,
        "member_ids": sorted(group.member_ids),
    }


def readable_group(slug: str, group_id: int) -> tuple[Project, User, WorkingGroup]:
    """A group its members and the space's teachers may read; others get 404."""
    project, user = member_space(slug)
    group = services.get_group(get_session(), project, group_id)
    if user.id not in group.member_ids and not can(user, CAPABILITY, project):
        raise NotFound()
    return project, user, group


@blp.get(f"{BASE}/")
@blp.response(200, GroupsGroupSchema(many=True))
@documents_errors(blp)
def group_list(slug: str) -> list[dict[str, Any]]:
    """Teachers: every group of the space; other members: the groups they are in."""
    project, user = member_space(slug)
    session = get_session()
    if can(user, CAPABILITY, project):
        return [group_json(g) for g in services.list_groups(session, project)]
    return [group_json(g) for g in services.groups_of(session, project, user)]


@blp.post(f"{BASE}/")
@blp.arguments(GroupsGroupInputSchema)
@blp.response(201, GroupsGroupSchema)
@documents_errors(blp)
def group_create(body: dict[str, Any], slug: str) -> dict[str, Any]:
    """Create a group with its members and its pages."""
    project, user = member_space(slug)
    group = services.create_group(
        get_session(),
        user,
        project,
        body["name"],
        body["member_ids"],
        body["description"],
    )
    commit()
    return group_json(group)


@blp.get(f"{BASE}/<int:group_id>")
@blp.response(200, GroupsGroupSchema)
@documents_errors(blp)
def group_read(slug: str, group_id: int) -> dict[str, Any]:
    """One group (to its members and the space's teachers)."""
    return group_json(readable_group(slug, group_id)[2])


@blp.put(f"{BASE}/<int:group_id>")
@blp.arguments(GroupsRenameSchema)
@blp.response(200, GroupsGroupSchema)
@documents_errors(blp)
def group_rename(body: dict[str, Any], slug: str, group_id: int) -> dict[str, Any]:
    """Rename a group."""
    project, user = member_space(slug)
    require(user, CAPABILITY, project)
    group = services.get_group(get_session(), project, group_id)
    services.rename_group(get_session(), user, project, group, body["name"])
    commit()
    return group_json(group)


@blp.delete(f"{BASE}/<int:group_id>")
@blp.response(204)
@documents_errors(blp)
def group_delete(slug: str, group_id: int) -> None:
    """Delete a group; its pages go to the trash."""
    project, user = member_space(slug)
    require(user, CAPABILITY, project)
    group = services.get_group(get_session(), project, group_id)
    services.delete_group(get_session(), user, project, group)
    commit()


@blp.put(f"{BASE}/<int:group_id>/members")
@blp.arguments(GroupsMembersSchema)
@blp.response(200, GroupsGroupSchema)
@documents_errors(blp)
def group_members(body: dict[str, Any], slug: str, group_id: int) -> dict[str, Any]:
    """Make the group's members exactly ``member_ids``."""
    project, user = member_space(slug)
    require(user, CAPABILITY, project)
    group = services.get_group(get_session(), project, group_id)
    services.set_members(get_session(), user, project, group, body["member_ids"])
    commit()
    return group_json(group)


@blp.get(f"{BASE}/suggestion")
@blp.arguments(GroupsSuggestionQuerySchema, location="query")
@blp.response(200, GroupsProposalSchema(many=True))
@documents_errors(blp)
def suggestion(query: dict[str, Any], slug: str) -> list[dict[str, Any]]:
    """A balanced proposal of ``size`` pupils per group (4 by default) or ``count`` groups."""
    project, user = member_space(slug)
    require(user, CAPABILITY, project)
    if "count" not in query:
        query.setdefault("size", 4)
    proposal = suggest_groups(get_session(), project, **query)
    return [{"name": g.name, "member_ids": g.member_ids} for g in proposal]


@blp.post(f"{BASE}/suggestion")
@blp.arguments(GroupsSuggestionInputSchema)
@blp.response(201, GroupsGroupSchema(many=True))
@documents_errors(blp)
def suggestion_save(body: dict[str, Any], slug: str) -> list[dict[str, Any]]:
    """Create the groups of an (edited) suggestion."""
    project, user = member_space(slug)
    proposal = [(row["name"], row["member_ids"]) for row in body["groups"]]
    groups = services.save_suggestion(get_session(), user, project, proposal)
    commit()
    return [group_json(g) for g in groups]
