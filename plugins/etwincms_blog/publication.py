"""Pupil-safe publishing for the blog: pupils' posts in a public blog wait for a teacher.

A pupil who publishes (or schedules) a post in a public blog, or edits one, puts it in
the space's one moderation queue: it stays members-only (``Post.publication`` is
"pending") until a teacher approves it through ``decide_publication``; a rejection keeps
it members-only for good ("rejected"). Posts by teachers are not queued. When a blog
becomes public, its pupils' posts that nobody approved join the queue. Before anything
goes public the consent rule is asked (:func:`etwincms.moderation.consent.
publication_blockers`): a post that shows a pupil without public consent is refused
with the reason.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.db import utcnow
from etwincms.errors import ValidationError
from etwincms.hooktypes import PendingPublication
from etwincms.models import Project, User
from etwincms.moderation.consent import refuse_if_blocked
from etwincms.permissions import membership_of

from . import contributions
from .models import Blog, Post
from .policy import PUPIL_ROLES

ITEM_TYPE = "blog_post"
EXCERPT_LENGTH = 300


def writes_as_pupil(user: User | None, project: Project) -> bool:
    """Pupils (by account or by role in the space) need a teacher to go public."""
    if user is None:
        return False
    membership = membership_of(user, project)
    return user.is_pupil or (membership is not None and membership.role in PUPIL_ROLES)


def after_save(actor: User, project: Project, blog: Blog, post: Post) -> None:
    """A pupil's post that is (or will be) readable in a public blog waits for a teacher."""
    if not blog.is_public or post.status == "draft":
        return
    if writes_as_pupil(actor, project):
        request(post)


def request(post: Post) -> None:
    post.publication, post.publication_requested_at = "pending", utcnow()


def hold_unapproved(session: Session, project: Project, blog: Blog) -> None:
    """The blog goes public: pupils' posts nobody approved wait; the rest is checked."""
    query = select(Post).where(Post.blog_id == blog.id, Post.status != "draft")
    posts = list(session.scalars(query))
    authors = authors_of(session, posts)
    showing = []
    for post in posts:
        by_pupil = writes_as_pupil(authors.get(post.author_id or 0), project)
        if post.publication == "" and by_pupil:
            request(post)
        elif not post.is_held:
            showing.append(post)
    refuse_if_blocked(session, project, [item_id(post) for post in showing])


def authors_of(session: Session, posts: list[Post]) -> dict[int, User]:
    ids = {post.author_id for post in posts if post.author_id is not None}
    return {
        user.id: user for user in session.scalars(select(User).where(User.id.in_(ids)))
    }


def item_id(post: Post) -> str:
    return f"{ITEM_TYPE}:{post.id}"


def pending(session: Session, project: Project) -> Iterator[PendingPublication]:
    """Pupils' posts waiting for a teacher, oldest request first."""
    rows = session.execute(
        select(Post, Blog)
        .join(Blog, Blog.id == Post.blog_id)
        .where(Post.project_id == project.id, Post.publication == "pending")
        .order_by(Post.publication_requested_at, Post.id)
    )
    for post, blog in rows:
        yield PendingPublication(
            item=contributions.contribution(project, blog, post, utcnow()),
            requested_at=post.publication_requested_at or post.created_at,
            excerpt=post.body[:EXCERPT_LENGTH],
        )


def decide(session: Session, project: Project, item: str, approve: bool) -> bool | None:
    """Approve (public) or reject (members-only) a waiting post; None if not ours."""
    post = waiting_post(session, project, item)
    if post is None:
        return None
    if approve:
        refuse_if_blocked(session, project, [item])
    post.publication = "approved" if approve else "rejected"
    post.publication_requested_at = None
    session.flush()
    from .services import search_changed

    search_changed(session, project)
    return True


def waiting_post(session: Session, project: Project, item: str) -> Post | None:
    kind, _sep, pk = item.partition(":")
    if kind != ITEM_TYPE or not pk.isdigit():
        return None
    post = session.get(Post, int(pk))
    if post is None or post.project_id != project.id:
        raise ValidationError(_("This post no longer exists."))
    if post.publication != "pending":
        raise ValidationError(_("This post does not wait for a decision."))
    return post
