"""The blog's writing pages: a post's editor (new and edit), deleting, commenting and
moderating comments.

The editor takes a title, Markdown, tags, a phase and one of three buttons: save as
draft, publish now, or schedule for a time (UTC). A photo chosen in the editor is
uploaded through the core's materials service (images are re-encoded there, which drops
their EXIF and GPS data) and shown at the end of the text; pictures already in the
space's materials library are listed with the Markdown that shows them. When a service
rejects input, the form comes back with the message and everything typed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from etwincms.db import commit, get_session
from etwincms.errors import ValidationError
from etwincms.models import Project, User
from etwincms.permissions import can
from etwincms.plugins import current_project
from etwincms.services import materials
from etwincms.web.helpers import signed_in_user
from etwincms.web.materials import markdown_for

from . import comments, policy, queries, services
from .blueprint import bp, failed, form_fields, render
from .models import PHASES, Blog, Post
from .views import show_post

ACTIONS = {"draft": "draft", "publish": "published", "schedule": "scheduled"}


def library_images(user: User | None, project: Project) -> list[dict[str, str]]:
    """The space's pictures with the Markdown that shows them (newest first)."""
    if not can(user, "material.view", project):
        return []
    found = materials.list_materials(get_session(), user, project)
    pictures = [m for m in found if materials.is_image(m)][:30]
    return [
        {"name": m.original_name, "markdown": markdown_for(project, m)}
        for m in pictures
    ]


def editor(blog: Blog, form: dict[str, Any], status: int = 200, **context: Any) -> Any:
    user, project = signed_in_user(), current_project()
    return render(
        "edit_post.html",
        status,
        blog=blog,
        form=form,
        phases=PHASES,
        images=library_images(user, project),
        may_upload=can(user, "material.upload", project),
        **context,
    )


def submitted() -> dict[str, Any]:
    """The editor's fields as the services take them."""
    fields: dict[str, Any] = form_fields("title", "body", "tags", "phase")
    action = request.form.get("action", "draft")
    fields["status"] = ACTIONS.get(action, "draft")
    fields["publish_at"] = when(request.form.get("publish_at", ""))
    return fields


def when(text: str) -> datetime | None:
    if not text.strip():
        return None
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(_("Give a date and time."), field="publish_at") from None


def with_photo(fields: dict[str, Any]) -> dict[str, Any]:
    """Upload the chosen photo (if any) and show it at the end of the text."""
    upload: FileStorage | None = request.files.get("image")
    if upload is None or not upload.filename:
        return fields
    user, project = signed_in_user(), current_project()
    material = materials.attach_material(
        get_session(), user, project, upload.stream, filename=upload.filename
    )
    body = (fields.get("body") or "").rstrip()
    return {**fields, "body": f"{body}\n\n{markdown_for(project, material)}".strip()}


@bp.route("/b/<int:blog_id>/write", methods=["GET", "POST"])
def write(blog_id: int) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    blog = queries.get_blog(session, user, project, blog_id)
    policy.require_post(user, project, blog)
    if request.method == "GET":
        return editor(blog, {})
    try:
        fields = submitted()
        post = services.create_post(session, user, project, blog, **with_photo(fields))
    except ValidationError as error:
        return editor(blog, request.form.to_dict(), 400, **failed(error))
    commit(session)
    return redirect(url_for("blog.post", post_id=post.id))


@bp.route("/p/<int:post_id>/edit", methods=["GET", "POST"])
def edit(post_id: int) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    post, blog = queries.get_post(session, user, project, post_id)
    policy.require_edit(user, project, blog, post)
    if request.method == "GET":
        return editor(blog, form_of(post), post=post)
    try:
        services.edit_post(session, user, project, post, **with_photo(submitted()))
    except ValidationError as error:
        return editor(blog, request.form.to_dict(), 400, post=post, **failed(error))
    commit(session)
    return redirect(url_for("blog.post", post_id=post.id))


def form_of(post: Post) -> dict[str, str]:
    return {
        "title": post.title,
        "body": post.body,
        "tags": ", ".join(post.tag_names),
        "phase": post.phase or "",
        "publish_at": post.publish_at.strftime("%Y-%m-%dT%H:%M")
        if post.status == "scheduled" and post.publish_at
        else "",
    }


@bp.post("/p/<int:post_id>/delete")
def delete(post_id: int) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    post, blog = queries.get_post(session, user, project, post_id)
    services.delete_post(session, user, project, post)
    commit(session)
    return redirect(url_for("blog.blog", blog_id=blog.id))


@bp.post("/p/<int:post_id>/comment")
def comment(post_id: int) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    post, _blog = queries.get_post(session, user, project, post_id)
    body = request.form.get("body", "")
    try:
        added = comments.add_comment(session, user, project, post, body=body)
    except ValidationError as error:
        return show_post(post_id, 400, comment_text=body, **failed(error))
    commit(session)
    return redirect(
        url_for("blog.post", post_id=post_id, _anchor=f"comment-{added.id}")
    )


@bp.post("/c/<int:comment_id>/<any(approve, hide):action>")
def moderate(comment_id: int, action: str) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    found, post, _blog = queries.get_comment(session, user, project, comment_id)
    status = "approved" if action == "approve" else "hidden"
    comments.moderate(session, user, project, found, status)
    commit(session)
    back = request.form.get("next") == "queue"
    if back:
        return redirect(url_for("blog.moderation"))
    return redirect(
        url_for("blog.post", post_id=post.id, _anchor=f"comment-{found.id}")
    )
