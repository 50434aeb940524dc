"""Comments on blog posts: writing them, holding pupils' for a moderator, moderating.

A comment by a pupil waits (``pending``) until a teacher approves it, while the space's
``moderate_pupil_comments`` setting is on; its author sees it meanwhile, marked as
waiting. Comments by pupils who did not travel (when the blog names its travellers) are
their peers' feedback from home, kept apart on the post. Moderators approve, hide and
show comments again; every change is audited. Comments are not search documents.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from etwincms import events
from etwincms.db import utcnow
from etwincms.errors import NotFound, PermissionDenied, ValidationError
from etwincms.models import Project, User
from etwincms.permissions import require
from etwincms.services import audit
from etwincms.services.revisions import render_page_body

from . import policy, services
from .models import Blog, Comment, Post

MAX_COMMENT = 10_000


def add_comment(
    session: Session, actor: User, project: Project, post: Post, *, body: str
) -> Comment:
    """Comment on a live post; held for a moderator when the rule says so."""
    blog = services.blog_of(session, project, post)
    policy.require_read_post(actor, project, blog, post, utcnow())
    if not policy.may_comment(actor, project, blog, post, utcnow()):
        raise PermissionDenied("blog.comment", _("You may not comment on this post."))
    text = comment_text(body)
    comment = Comment(
        post_id=post.id,
        author_id=actor.id,
        body=text,
        body_html=render_page_body(session, project, text),
        kind=kind_of(session, actor, blog, post),
        status="pending" if policy.holds_comments_of(actor, project) else "approved",
        created_at=utcnow(),
    )
    session.add(comment)
    session.flush()
    audit.record(
        session, actor, "blog.comment_add", project, comment, status=comment.status
    )
    events.queue(
        session,
        "blog_comment_added",
        project,
        comment=comment,
        post=post,
        project=project,
        user=actor,
    )
    return comment


def comment_text(value: str | None) -> str:
    text = (value or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError(_("The comment must not be empty."), field="body")
    if len(text) > MAX_COMMENT:
        raise ValidationError(
            _("The comment is too long (at most %(n)d characters).", n=MAX_COMMENT),
            field="body",
        )
    return text


def kind_of(session: Session, actor: User, blog: Blog, post: Post) -> str:
    """Feedback from home: the blog names travellers and the commenter is a pupil who
    is not one of them."""
    if not actor.is_pupil or actor.id == post.author_id:
        return "comment"
    travellers = services.traveller_ids(session, blog)
    if travellers and actor.id not in travellers:
        return "feedback"
    return "comment"


def moderate(
    session: Session, actor: User, project: Project, comment: Comment, status: str
) -> None:
    """Approve a comment, hide it, or show it again (``approved`` / ``hidden``)."""
    require(actor, "blog.moderate", project)
    post = session.get(Post, comment.post_id)
    if post is None:
        raise NotFound(f"comment {comment.id}")
    services.blog_of(session, project, post)
    services.one_of(status, ("approved", "hidden"), "status")
    if comment.status == status:
        return
    comment.status, comment.moderated_by_id, comment.moderated_at = (
        status,
        actor.id,
        utcnow(),
    )
    audit.record(session, actor, f"blog.comment_{status}", project, comment)
