"""Pages of a space over the API: the tree, pages, revisions, diffs, moves and the trash.

A page's ETag is ``"p<id>r<revision>"``: it follows the text and title. ``PUT`` saves a
new revision edited from the revision the ``If-Match`` names, through the same
compare-and-set as the web editor, so of two clients with the same ETag one succeeds and
the other gets 412 with nothing overwritten.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Response, abort, request, url_for
from flask_smorest import Blueprint

from ..content.diff import line_diff
from ..db import commit, get_session
from ..errors import NotFound
from ..models import EditPolicy, Page, Project, Visibility
from ..permissions import can, require
from ..privacy import shown_name
from ..services import links, pages, revisions, spaces, suggest, tree
from ..services.tree import TreeNode
from .common import IF_MATCH, caller, documents_errors, with_etag
from .page_schemas import (
    DiffArgs,
    DiffSchema,
    HtmlSchema,
    MoveSchema,
    PageCreateSchema,
    PageRefSchema,
    PageSchema,
    PageSettingsSchema,
    PageUpdateSchema,
    PreviewSchema,
    ReorderSchema,
    RevertSchema,
    RevisionSchema,
    RevisionTextSchema,
    TitlesArgs,
    TreeNodeSchema,
)

blp = Blueprint("api_pages", __name__, description="Pages, the page tree and revisions")
PAGE = "/projects/<slug>/pages/<int:page_id>"
ETAG = re.compile(r'^(?:W/)?"p(\d+)r(\d+)"$')


def space(slug: str) -> Project:
    return spaces.get_space(get_session(), caller(), slug)


def live_page(project: Project, page_id: int) -> Page:
    page = tree.get_page_by_id(get_session(), caller(), project, page_id)
    if page.in_trash:
        raise NotFound(str(page_id))
    return page


def page_etag(page: Page) -> str:
    return f'"p{page.id}r{page.current_number}"'


def page_json(project: Project, page: Page) -> dict[str, Any]:
    current = (
        revisions.get_revision(get_session(), page, page.current_number)
        if page.current_number
        else None
    )
    return {
        **PageRefSchema().dump(page),
        "slug": page.slug,
        "parent_id": page.parent_id,
        "position": page.position,
        "visibility": page.visibility.value,
        "edit_policy": page.edit_policy.value,
        "revision": page.current_number,
        "body": current.body if current else "",
        "html": current.rendered_html if current else "",
        "updated_at": page.updated_at.isoformat(),
        "url": url_for("pages.view", slug=project.slug, path=page.path, _external=True),
    }


def page_answer(project: Project, page: Page) -> Response:
    return with_etag(page_json(project, page), page_etag(page))


def base_from_if_match(page: Page) -> int:
    """The revision an update was edited from, read from its If-Match ETag."""
    wanted = request.headers.get("If-Match")
    if wanted is None:
        abort(428, description="Send If-Match with the page's ETag.")
    match = ETAG.match(wanted.strip())
    if match is None or int(match.group(1)) != page.id:
        abort(412, description="That ETag is not one of this page's.")
    return int(match.group(2))


def tree_json(nodes: list[TreeNode]) -> list[dict[str, Any]]:
    return [
        {
            "id": node.page.id,
            "title": node.page.title,
            "path": node.page.path,
            "visibility": node.page.visibility.value,
            "children": tree_json(node.children),
        }
        for node in nodes
    ]


@blp.get("/projects/<slug>/tree")
@blp.response(200, TreeNodeSchema(many=True))
@documents_errors(blp)
def page_tree(slug: str) -> list[dict[str, Any]]:
    """The whole page tree the caller may read, nested and ordered."""
    return tree_json(tree.page_tree(get_session(), caller(), space(slug)))


@blp.post("/projects/<slug>/pages")
@blp.arguments(PageCreateSchema)
@blp.response(201, PageSchema, headers={"ETag": {"schema": {"type": "string"}}})
@documents_errors(blp)
def create_page(fields: dict[str, Any], slug: str) -> Response:
    """Create a page (under ``parent_id``, or at the top level)."""
    project = space(slug)
    parent_id = fields.pop("parent_id")
    parent = live_page(project, parent_id) if parent_id else None
    page = pages.create_page(
        get_session(),
        caller(),
        project,
        parent=parent,
        visibility=Visibility(fields.pop("visibility")),
        edit_policy=EditPolicy(fields.pop("edit_policy")),
        **fields,
    )
    commit()
    response = page_answer(project, page)
    response.status_code = 201
    return response


@blp.get(PAGE)
@blp.response(200, PageSchema, headers={"ETag": {"schema": {"type": "string"}}})
@documents_errors(blp)
def read_page(slug: str, page_id: int) -> Response:
    """A page with its Markdown, its rendered HTML and its ETag."""
    project = space(slug)
    return page_answer(project, live_page(project, page_id))


@blp.put(PAGE)
@blp.arguments(PageUpdateSchema)
@blp.response(200, PageSchema, headers={"ETag": {"schema": {"type": "string"}}})
@blp.doc(parameters=[IF_MATCH])
@documents_errors(blp, 412, 428)
def update_page(fields: dict[str, Any], slug: str, page_id: int) -> Response:
    """Save new text (a new revision); If-Match must name the revision you edited."""
    project = space(slug)
    page = live_page(project, page_id)
    require(caller(), "page.edit", project, page)
    revisions.save_revision(
        get_session(),
        caller(),
        project,
        page,
        base_number=base_from_if_match(page),
        **fields,
    )
    commit()
    return page_answer(project, page)


@blp.delete(PAGE)
@blp.response(204)
@documents_errors(blp)
def trash_page(slug: str, page_id: int) -> None:
    """Move the page and its subpages to the trash."""
    project = space(slug)
    pages.trash_page(get_session(), caller(), project, live_page(project, page_id))
    commit()


@blp.patch(f"{PAGE}/settings")
@blp.arguments(PageSettingsSchema)
@blp.response(200, PageSchema, headers={"ETag": {"schema": {"type": "string"}}})
@documents_errors(blp)
def page_settings(fields: dict[str, Any], slug: str, page_id: int) -> Response:
    """Who may read and edit the page, and its address segment."""
    project, session, user = space(slug), get_session(), caller()
    page = live_page(project, page_id)
    if "visibility" in fields or "edit_policy" in fields:
        pages.set_page_access(
            session,
            user,
            project,
            page,
            visibility=Visibility(fields.get("visibility", page.visibility.value)),
            edit_policy=EditPolicy(fields.get("edit_policy", page.edit_policy.value)),
        )
    if "slug" in fields:
        pages.change_slug(session, user, project, page, fields["slug"])
    commit()
    return page_answer(project, page)


@blp.post(f"{PAGE}/move")
@blp.arguments(MoveSchema)
@blp.response(200, PageSchema, headers={"ETag": {"schema": {"type": "string"}}})
@documents_errors(blp)
def move_page(fields: dict[str, Any], slug: str, page_id: int) -> Response:
    """Put the page under ``parent_id`` (null: top level) at ``position`` (0-based)."""
    project = space(slug)
    page = live_page(project, page_id)
    parent = live_page(project, fields["parent_id"]) if fields["parent_id"] else None
    pages.move_page(
        get_session(),
        caller(),
        project,
        page,
        parent=parent,
        position=fields["position"],
    )
    commit()
    return page_answer(project, page)


@blp.post("/projects/<slug>/pages/reorder")
@blp.arguments(ReorderSchema)
@blp.response(200, TreeNodeSchema(many=True))
@documents_errors(blp)
def reorder(fields: dict[str, Any], slug: str) -> list[dict[str, Any]]:
    """Order the subpages of ``parent_id`` (every one of them, exactly once)."""
    project = space(slug)
    parent = live_page(project, fields["parent_id"]) if fields["parent_id"] else None
    pages.reorder_children(get_session(), caller(), project, parent, fields["order"])
    commit()
    return tree_json(tree.page_tree(get_session(), caller(), project))


@blp.get("/projects/<slug>/trash")
@blp.response(200, PageRefSchema(many=True))
@documents_errors(blp)
def trash(slug: str) -> list[Page]:
    """Pages in the trash (those who may restore pages)."""
    project = space(slug)
    require(caller(), "page.restore", project)
    return tree.trashed_pages(get_session(), caller(), project)


@blp.post("/projects/<slug>/trash/<int:page_id>/restore")
@blp.response(200, PageSchema, headers={"ETag": {"schema": {"type": "string"}}})
@documents_errors(blp)
def restore(slug: str, page_id: int) -> Response:
    """Bring a page (and the subpages trashed with it) back."""
    project, session = space(slug), get_session()
    page = tree.get_trashed_page(session, caller(), project, page_id)
    pages.restore_page(session, caller(), project, page)
    commit()
    return page_answer(project, page)


@blp.get(f"{PAGE}/revisions")
@blp.response(200, RevisionSchema(many=True))
@documents_errors(blp)
def history(slug: str, page_id: int) -> list[dict[str, Any]]:
    """Every revision, newest first (authors named as the caller may see them)."""
    project = space(slug)
    page = live_page(project, page_id)
    names_visible = can(caller(), "member.view", project)
    return [
        revision_json(revision, names_visible)
        for revision in revisions.history(get_session(), caller(), project, page)
    ]


def revision_json(revision: Any, names_visible: bool) -> dict[str, Any]:
    return {
        "number": revision.number,
        "title": revision.title,
        "summary": revision.summary,
        "author": shown_name(revision.author, names_visible=names_visible),
        "created_at": revision.created_at,
    }


@blp.get(f"{PAGE}/revisions/<int:number>")
@blp.response(200, RevisionTextSchema)
@documents_errors(blp)
def revision(slug: str, page_id: int, number: int) -> dict[str, Any]:
    """One revision with its Markdown."""
    project = space(slug)
    page = live_page(project, page_id)
    found = {
        r.number: r for r in revisions.history(get_session(), caller(), project, page)
    }
    if number not in found:
        raise NotFound(f"revision {number}")
    names_visible = can(caller(), "member.view", project)
    return {**revision_json(found[number], names_visible), "body": found[number].body}


@blp.get(f"{PAGE}/diff")
@blp.arguments(DiffArgs, location="query")
@blp.response(200, DiffSchema)
@documents_errors(blp)
def diff(args: dict[str, Any], slug: str, page_id: int) -> dict[str, Any]:
    """Line differences between two revisions."""
    project = space(slug)
    page = live_page(project, page_id)
    require(caller(), "page.history", project, page)
    old = revisions.get_revision(get_session(), page, args["from_"])
    new = revisions.get_revision(get_session(), page, args["to"])
    return {
        "old": old.number,
        "new": new.number,
        "lines": line_diff(old.body, new.body),
    }


@blp.post(f"{PAGE}/revert")
@blp.arguments(RevertSchema)
@blp.response(200, PageSchema, headers={"ETag": {"schema": {"type": "string"}}})
@documents_errors(blp)
def revert(fields: dict[str, Any], slug: str, page_id: int) -> Response:
    """Save a new revision with the text of revision ``number``."""
    project = space(slug)
    page = live_page(project, page_id)
    revisions.revert(get_session(), caller(), project, page, fields["number"])
    commit()
    return page_answer(project, page)


@blp.get(f"{PAGE}/links")
@blp.response(200, PageRefSchema(many=True))
@documents_errors(blp)
def links_here(slug: str, page_id: int) -> list[Page]:
    """What links here: readable pages whose text links to this one."""
    project = space(slug)
    return links.links_here(
        get_session(), caller(), project, live_page(project, page_id)
    )


@blp.post("/projects/<slug>/preview")
@blp.arguments(PreviewSchema)
@blp.response(200, HtmlSchema)
@documents_errors(blp)
def preview(fields: dict[str, Any], slug: str) -> dict[str, str]:
    """Markdown rendered and sanitized exactly as a save would; nothing is stored."""
    project = space(slug)
    page = live_page(project, fields["page_id"]) if fields["page_id"] else None
    require(caller(), "page.edit" if page else "page.create", project, page)
    return {"html": revisions.render_page_body(get_session(), project, fields["body"])}


@blp.get("/projects/<slug>/titles")
@blp.arguments(TitlesArgs, location="query")
@blp.response(200, PageRefSchema(many=True))
@documents_errors(blp)
def titles(args: dict[str, Any], slug: str) -> list[Page]:
    """Pages whose title matches ``q`` (prefix matches first), for link suggestions."""
    project = space(slug)
    return suggest.suggest_titles(get_session(), caller(), project, args["q"])
