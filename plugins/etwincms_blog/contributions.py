"""What the blog made in a space, for phase views, reports and the static export.

Every live post is a contribution (a post, never an "output"); it is public when its
blog is public, the space is public and no teacher still has to approve it. The export
holds the public posts with their sanitized HTML, authors named as a visitor sees them
(never a pupil's name) and pictures of the space's library carried as files.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from etwincms.export.offline_html import offline_html, plain_text
from etwincms.hooktypes import Contribution, ExportPage
from etwincms.models import Project, ProjectStatus, User
from etwincms.privacy import shown_name

from .models import Blog, Post
from .queries import live

TYPE = "blog_post"


def post_url(project: Project, post: Post) -> str:
    return f"/s/{project.slug}/-/blog/p/{post.id}"


def space_is_public(project: Project) -> bool:
    """Visitors see the space (a draft space is not shown even when marked public)."""
    return project.is_public and project.status is not ProjectStatus.DRAFT


def is_public(project: Project, blog: Blog, post: Post, now: datetime) -> bool:
    return (
        space_is_public(project)
        and blog.is_public
        and post.is_live(now)
        and not post.is_held
    )


def contribution(
    project: Project, blog: Blog, post: Post, now: datetime
) -> Contribution:
    return Contribution(
        id=f"{TYPE}:{post.id}",
        type=TYPE,
        plugin="blog",
        title=post.title,
        url=post_url(project, post),
        author_id=post.author_id,
        created_at=post.created_at,
        public=is_public(project, blog, post, now),
    )


def live_posts(
    session: Session, project: Project, now: datetime
) -> list[tuple[Post, Blog]]:
    """Every live post of the space with its blog, oldest first, in one query."""
    query = (
        select(Post, Blog)
        .join(Blog, Blog.id == Post.blog_id)
        .where(Post.project_id == project.id, live(now))
        .options(joinedload(Post.author).joinedload(User.school))
        .order_by(Post.id)
    )
    return [(post, blog) for post, blog in session.execute(query).unique()]


def space_contributions(
    session: Session, project: Project, now: datetime
) -> Iterator[Contribution]:
    for post, blog in live_posts(session, project, now):
        yield contribution(project, blog, post, now)


def public_export(
    session: Session, project: Project, now: datetime
) -> Iterator[ExportPage]:
    """One page per public post (``blog/post-<id>.html``), its pictures in ``blog/files``,
    and one per blog listing them, newest first (``blog/blog-<id>.html``)."""
    shown = [
        (post, blog)
        for post, blog in live_posts(session, project, now)
        if is_public(project, blog, post, now)
    ]
    for post, blog in shown:
        yield export_page(session, project, blog, post)
    blogs = {blog.id: blog for _post, blog in shown}
    for blog in blogs.values():
        posts = [post for post, of in reversed(shown) if of.id == blog.id]
        yield blog_page(project, blog, posts)


def blog_page(project: Project, blog: Blog, posts: list[Post]) -> ExportPage:
    """A blog's list of public posts, linked by their live addresses (the exporter
    points them at the exported pages)."""
    items = "\n".join(
        f'<li><a href="{post_url(project, post)}">{html.escape(post.title)}</a></li>'
        for post in posts
    )
    intro = f"<p>{html.escape(blog.description)}</p>\n" if blog.description else ""
    return ExportPage(
        path=f"blog/blog-{blog.id}.html",
        title=blog.title,
        html=f"{intro}<ul>\n{items}\n</ul>",
        url=f"/s/{project.slug}/-/blog/b/{blog.id}",
        text=f"{blog.title} {blog.description}",
    )


def export_page(
    session: Session, project: Project, blog: Blog, post: Post
) -> ExportPage:
    carried = offline_html(session, project, post.body_html, "blog/files", "files/")
    author = html.escape(shown_name(post.author, names_visible=False))
    when = (post.publish_at or post.created_at).date().isoformat()
    byline = f'<p class="byline">{html.escape(blog.title)} · {author} · {when}</p>'
    return ExportPage(
        path=f"blog/post-{post.id}.html",
        title=post.title,
        html=f"{byline}\n{carried.html}",
        url=post_url(project, post),
        text=f"{post.title} {plain_text(post.body_html)}",
        files=tuple(carried.files),
    )
