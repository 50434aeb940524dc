"""Fixtures for the blog's tests: the core's fixtures with the blog plugin loaded.

``plugins`` makes the core's ``app`` fixture load the blog; ``blog`` switches it on in
the core's ``space`` (a member of every role, an outsider, a site admin) through the
real service and offers helpers that act by role name through the blog's services.
``browser`` drives the test client as any of them, posting forms with a CSRF token.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

import etwincms_blog
from etwincms.db import commit
from etwincms.models import Project, User
from etwincms.services import plugins as space_plugins
from etwincms.testing import AuthActions, RoleClient, SpaceWithMembers
from etwincms_blog import comments, publication, services
from etwincms_blog.models import Blog, Comment, Post


@pytest.fixture
def plugins() -> list[Any]:
    return [etwincms_blog]


class BlogSpace:
    """The core's test space with the blog switched on; helpers act by role name."""

    def __init__(self, space: SpaceWithMembers, session: Session) -> None:
        self.session, self.users = session, space.users
        self.project: Project = space.project
        space_plugins.enable_plugin(session, self.users["admin"], self.project, "blog")
        commit(session)

    @property
    def url(self) -> str:
        return f"/s/{self.project.slug}/-/blog"

    @property
    def api(self) -> str:
        return f"/api/v1/projects/{self.project.slug}/blog"

    def user(self, role: str) -> User:
        return self.users[role]

    def make_blog(self, title: str = "Mobility diary", **fields: Any) -> Blog:
        blog = services.create_blog(
            self.session, self.users["admin"], self.project, title=title, **fields
        )
        commit(self.session)
        return blog

    def write(self, role: str, blog: Blog, title: str, **fields: Any) -> Post:
        fields.setdefault("body", "Today we visited the olive mill.")
        fields.setdefault("status", "published")
        post = services.create_post(
            self.session, self.users[role], self.project, blog, title=title, **fields
        )
        commit(self.session)
        return post

    def approve(self, post: Post) -> None:
        """A teacher lets a pupil's post in a public blog go public (the queue's hook)."""
        publication.decide(self.session, self.project, f"blog_post:{post.id}", True)
        commit(self.session)

    def comment(self, role: str, post: Post, body: str = "Nice!") -> Comment:
        made = comments.add_comment(
            self.session, self.users[role], self.project, post, body=body
        )
        commit(self.session)
        return made

    def make_public(self) -> None:
        self.project.is_public = True
        self.session.commit()


@pytest.fixture
def blog(space: SpaceWithMembers, session: Session) -> BlogSpace:
    return BlogSpace(space, session)


class Browser(RoleClient):
    """The test client signed in by role, at the blog's address."""

    def __init__(self, client: FlaskClient, auth: AuthActions, blog: BlogSpace) -> None:
        super().__init__(client, auth, blog.users, blog.url)
        self.blog = blog


@pytest.fixture
def browser(client: FlaskClient, auth: AuthActions, blog: BlogSpace) -> Browser:
    return Browser(client, auth, blog)


def text(response: Any) -> str:
    return response.get_data(as_text=True)
