"""Search documents for a space's blogs: one per post readers can see now.

Drafts and posts scheduled for later are left out (search must not show what is not
published); a scheduled post joins the index when it goes live (see
``services.publish_due``). A post of a public blog is a public document (found by
visitors only while the space is public too), the others are members-only. The tags are
part of the text, so a search for a tag finds its posts.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask import url_for
from sqlalchemy import select

from etwincms.db import get_session, utcnow
from etwincms.hooktypes import SearchDocument
from etwincms.models import Project

from .models import Blog, Post

PLUGIN = "blog"


def documents(project: Project) -> Iterator[SearchDocument]:
    session = get_session()
    blogs = {
        b.id: b
        for b in session.scalars(select(Blog).where(Blog.project_id == project.id))
    }
    posts = session.scalars(
        select(Post)
        .where(
            Post.project_id == project.id,
            Post.status != "draft",
            Post.publish_at <= utcnow(),
        )
        .order_by(Post.id)
    )
    for post in posts:
        yield post_document(project, blogs[post.blog_id], post)


def post_document(project: Project, blog: Blog, post: Post) -> SearchDocument:
    tags = " ".join(post.tag_names)
    return SearchDocument(
        id=f"blog_post:{post.id}",
        project_id=project.id,
        type="blog_post",
        title=post.title,
        body=f"{post.body}\n\n{tags}".strip(),
        url=url_for("blog.post", slug=project.slug, post_id=post.id),
        plugin=PLUGIN,
        visibility="public" if blog.is_public and not post.is_held else "members",
        updated_at=post.edited_at or post.publish_at or post.created_at,
    )
