"""Reading the blog: the blogs a viewer may read, pages of posts, archives, comments.

Every function checks ``blog.view`` (through :mod:`.policy`, so a public blog is open to
visitors of a public space) and that the object belongs to the space: an id from another
space, a blog the viewer may not read, or someone else's draft is simply not found.
Authors reach templates and the API already named as the viewer may see them: pupils
are never named to those who may not see the space's members.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, func, inspect, select
from sqlalchemy.orm import Session, joinedload, object_session

from etwincms.content.links import find_references
from etwincms.db import utcnow
from etwincms.errors import NotFound
from etwincms.models import Material, Project, User
from etwincms.permissions import can, require
from etwincms.privacy import shown_name

from . import policy
from .models import HELD, Blog, Comment, Post, PostTag


@dataclass(frozen=True, slots=True)
class PostPage:
    posts: list[Post]
    page: int
    pages: int
    total: int


@dataclass(frozen=True, slots=True)
class ShownComment:
    """A comment as one viewer may see it."""

    id: int
    post_id: int
    author: str
    html: str
    kind: str
    status: str
    created_at: datetime


def names_visible(viewer: User | None, project: Project) -> bool:
    return can(viewer, "member.view", project)


def author_of(item: Post | Comment, viewer: User | None, project: Project) -> str:
    return shown_name(author_user(item), names_visible=names_visible(viewer, project))


def author_user(item: Post | Comment) -> User | None:
    """The author, loaded with the item by the queries here, or fetched for one just
    written (``author`` is ``lazy="raise"`` so that lists never load it row by row)."""
    if "author" not in inspect(item).unloaded:
        return item.author
    session = object_session(item)
    return session.get(User, item.author_id) if session and item.author_id else None


def with_author(query: Select[Any], model: Any) -> Select[Any]:
    return query.options(joinedload(model.author).joinedload(User.school))


# -- single objects ------------------------------------------------------------------


def get_blog(
    session: Session, viewer: User | None, project: Project, blog_id: int
) -> Blog:
    require(viewer, "blog.view", project)
    blog = session.get(Blog, blog_id)
    if blog is None or blog.project_id != project.id:
        raise NotFound(f"blog {blog_id}")
    if not policy.may_read_blog(viewer, project, blog):
        raise NotFound(f"blog {blog_id}")  # a members' blog does not exist for visitors
    return blog


def get_post(
    session: Session, viewer: User | None, project: Project, post_id: int
) -> tuple[Post, Blog]:
    post = session.scalar(with_author(select(Post).where(Post.id == post_id), Post))
    if post is None or post.project_id != project.id:
        raise NotFound(f"post {post_id}")
    blog = get_blog(session, viewer, project, post.blog_id)
    policy.require_read_post(viewer, project, blog, post, utcnow())
    return post, blog


def get_comment(
    session: Session, viewer: User | None, project: Project, comment_id: int
) -> tuple[Comment, Post, Blog]:
    comment = session.get(Comment, comment_id)
    if comment is None:
        raise NotFound(f"comment {comment_id}")
    post, blog = get_post(session, viewer, project, comment.post_id)
    if not policy.may_see_comment(viewer, project, comment):
        raise NotFound(f"comment {comment_id}")
    return comment, post, blog


# -- lists of blogs and posts ----------------------------------------------------------


def blogs_of(session: Session, viewer: User | None, project: Project) -> list[Blog]:
    """The space's blogs the viewer may read, oldest first."""
    return blogs_after(session, viewer, project, after=None, limit=None)


def blogs_after(
    session: Session,
    viewer: User | None,
    project: Project,
    *,
    after: int | None,
    limit: int | None,
) -> list[Blog]:
    require(viewer, "blog.view", project)
    query = select(Blog).where(Blog.project_id == project.id).order_by(Blog.id)
    if after is not None:
        query = query.where(Blog.id > after)
    if not policy.reads_members_blogs(viewer, project):
        query = query.where(Blog.visibility == "public")
    return list(session.scalars(query.limit(limit)))


def area_visible(session: Session, viewer: User | None, project: Project) -> bool:
    """Members see the blog area; visitors only when there is a public blog to read."""
    if policy.reads_members_blogs(viewer, project):
        return True
    return can(viewer, "blog.view", project) and has_public_blog(session, project)


def has_public_blog(session: Session, project: Project) -> bool:
    query = select(Blog.id).where(
        Blog.project_id == project.id, Blog.visibility == "public"
    )
    return session.scalar(query.limit(1)) is not None


def live(now: datetime) -> Any:
    return (Post.status != "draft") & (Post.publish_at <= now)


def shows_material(
    session: Session,
    viewer: User | None,
    project: Project,
    material: Material,
    now: datetime,
) -> bool:
    """Whether a live post of a blog ``viewer`` may read shows or links ``material``.

    Posts keep only their rendered HTML, so the database narrows them to those whose
    HTML mentions the material's address and :func:`find_references` (what the core
    reads pages' uses with) confirms it is really linked or embedded there.
    """
    address = f"/s/{project.slug}/-/materials/{material.id}"
    query = (
        select(Post, Blog)
        .join(Blog, Blog.id == Post.blog_id)
        .where(
            Post.project_id == project.id,
            Blog.project_id == project.id,
            live(now),
            Post.body_html.contains(address, autoescape=True),
        )
        .order_by(Post.id)
    )
    readable: dict[int, bool] = {}
    members = policy.reads_members_blogs(viewer, project)
    for post, blog in session.execute(query):
        if (
            material.id
            not in find_references(post.body_html, project.slug).material_ids
        ):
            continue
        if post.is_held and not members:
            continue  # a pupil's post waiting for a teacher does not publish its photos
        if blog.id not in readable:
            readable[blog.id] = policy.may_read_blog(viewer, project, blog)
        if readable[blog.id]:
            return True
    return False


def filtered(
    blog: Blog,
    *,
    tag: str | None = None,
    month: tuple[int, int] | None = None,
    phase: str | None = None,
) -> list[Any]:
    """Conditions for a blog's live posts, narrowed to a tag, a month or a phase."""
    where: list[Any] = [Post.blog_id == blog.id, live(utcnow())]
    if tag:
        where.append(
            Post.id.in_(select(PostTag.post_id).where(PostTag.tag == tag.lower()))
        )
    if month:
        start, end = month_bounds(*month)
        where += [Post.publish_at >= start, Post.publish_at < end]
    if phase:
        where.append(Post.phase == phase)
    return where


def held_back(viewer: User | None, project: Project) -> list[Any]:
    """Visitors do not see pupils' posts that wait for (or were refused) approval."""
    if policy.reads_members_blogs(viewer, project):
        return []
    return [Post.publication.not_in(HELD)]


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    start = datetime(year, month, 1, tzinfo=UTC)
    end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=UTC)
    return start, end


def post_page(
    session: Session,
    viewer: User | None,
    project: Project,
    blog: Blog,
    *,
    page: int = 1,
    per_page: int = 10,
    **narrow: Any,
) -> PostPage:
    """One page of the blog's live posts, newest first."""
    require(viewer, "blog.view", project, blog)
    where = filtered(blog, **narrow) + held_back(viewer, project)
    total = session.scalar(select(func.count(Post.id)).where(*where)) or 0
    pages = max(1, math.ceil(total / per_page))
    page = max(1, min(page, pages))
    query = with_author(select(Post).where(*where), Post)
    query = query.order_by(Post.publish_at.desc(), Post.id.desc())
    posts = list(session.scalars(query.limit(per_page).offset((page - 1) * per_page)))
    return PostPage(posts, page, pages, total)


def posts_after(
    session: Session,
    viewer: User | None,
    project: Project,
    blog: Blog,
    *,
    after: int | None,
    limit: int,
    mine: bool = False,
    **narrow: Any,
) -> list[Post]:
    """For the API's cursors: live posts (or all the viewer's own), by id, newest first."""
    require(viewer, "blog.view", project, blog)
    if mine:
        owner = viewer.id if viewer is not None else -1
        where = [Post.blog_id == blog.id, Post.author_id == owner]
    else:
        where = filtered(blog, **narrow) + held_back(viewer, project)
    if after is not None:
        where.append(Post.id < after)
    query = with_author(select(Post).where(*where), Post).order_by(Post.id.desc())
    return list(session.scalars(query.limit(limit)))


def unpublished_of(
    session: Session, viewer: User | None, project: Project, blog: Blog
) -> list[Post]:
    """Drafts and scheduled posts the viewer may see: their own; moderators' view all."""
    if viewer is None:
        return []
    where = [Post.blog_id == blog.id, ~live(utcnow())]
    if not policy.is_moderator(viewer, project):
        where.append(Post.author_id == viewer.id)
    query = with_author(select(Post).where(*where), Post).order_by(Post.id.desc())
    return list(session.scalars(query))


def archive_months(session: Session, blog: Blog) -> list[tuple[int, int, int]]:
    """(year, month, posts) of the blog's live posts, newest month first."""
    moments = session.scalars(select(Post.publish_at).where(*filtered(blog)))
    counts = Counter((m.year, m.month) for m in moments if m is not None)
    return [(y, m, n) for (y, m), n in sorted(counts.items(), reverse=True)]


def tag_counts(session: Session, blog: Blog) -> list[tuple[str, int]]:
    """Tags of the blog's live posts with how many posts carry each, by name."""
    rows = session.execute(
        select(PostTag.tag, func.count(PostTag.post_id))
        .join(Post, Post.id == PostTag.post_id)
        .where(*filtered(blog))
        .group_by(PostTag.tag)
        .order_by(PostTag.tag)
    )
    return [(tag, count) for tag, count in rows]


# -- comments ------------------------------------------------------------------------


def comments_of(
    session: Session,
    viewer: User | None,
    project: Project,
    post: Post,
    *,
    after: int | None = None,
    limit: int | None = None,
) -> list[ShownComment]:
    """The post's comments the viewer may see, oldest first."""
    query = with_author(select(Comment).where(Comment.post_id == post.id), Comment)
    if after is not None:
        query = query.where(Comment.id > after)
    if not policy.is_moderator(viewer, project):
        mine = Comment.author_id == (viewer.id if viewer is not None else -1)
        query = query.where(
            (Comment.status == "approved") | (mine & (Comment.status == "pending"))
        )
    rows = session.scalars(query.order_by(Comment.id).limit(limit))
    return [shown_comment(c, viewer, project) for c in rows]


def shown_comment(
    comment: Comment, viewer: User | None, project: Project
) -> ShownComment:
    return ShownComment(
        id=comment.id,
        post_id=comment.post_id,
        author=author_of(comment, viewer, project),
        html=comment.body_html,
        kind=comment.kind,
        status=comment.status,
        created_at=comment.created_at,
    )


def pending_comments(
    session: Session, viewer: User | None, project: Project
) -> list[tuple[ShownComment, Post]]:
    """Comments waiting for a moderator in the whole space, oldest first."""
    require(viewer, "blog.moderate", project)
    query = (
        with_author(select(Comment, Post), Comment)
        .join(Post, Post.id == Comment.post_id)
        .where(Post.project_id == project.id, Comment.status == "pending")
        .order_by(Comment.id)
    )
    return [(shown_comment(c, viewer, project), p) for c, p in session.execute(query)]


def space_members(session: Session, project: Project) -> list[tuple[User, str]]:
    """Active members with their role, by name (to pick a blog's travellers)."""
    from etwincms.models import Membership, MembershipStatus

    rows = session.execute(
        select(User, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.project_id == project.id,
            Membership.status == MembershipStatus.ACTIVE,
        )
        .order_by(User.display_name, User.id)
    )
    return [(user, role.value) for user, role in rows]
