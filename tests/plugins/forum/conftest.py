"""Fixtures for the forum's tests: the core's fixtures with the forum plugin loaded.

``plugins`` makes the core's ``app`` fixture load the forum; ``forum`` switches it on
in the core's ``space`` (a member of every role, an outsider, a site admin) through the
real service and commits with ``etwincms.db.commit``, so the forum's ``plugin_enabled``
hook runs as it does in production. ``browser`` drives the test client as any of them.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

import etwincms_forum
from etwincms.db import commit
from etwincms.models import Project, User
from etwincms.services import plugins as space_plugins
from etwincms.testing import AuthActions, RoleClient, SpaceWithMembers
from etwincms_forum import services
from etwincms_forum.models import Forum, Post, Topic


@pytest.fixture
def plugins() -> list[Any]:
    return [etwincms_forum]


class ForumSpace:
    """The core's test space with the forum switched on; helpers act by role name."""

    def __init__(self, space: SpaceWithMembers, session: Session) -> None:
        self.session, self.users = session, space.users
        self.project: Project = space.project
        space_plugins.enable_plugin(session, self.users["admin"], self.project, "forum")
        commit(session)

    @property
    def url(self) -> str:
        return f"/s/{self.project.slug}/-/forum"

    @property
    def general(self) -> Forum:
        forum = self.session.scalar(
            select(Forum).where(Forum.project_id == self.project.id)
        )
        assert forum is not None
        return forum

    def user(self, role: str) -> User:
        return self.users[role]

    def topic(self, role: str, title: str, body: str = "Hello") -> Topic:
        topic = services.create_topic(
            self.session,
            self.users[role],
            self.project,
            self.general,
            title=title,
            body=body,
        )
        commit(self.session)
        return topic

    def reply(self, role: str, topic: Topic, body: str) -> Post:
        post = services.reply(
            self.session, self.users[role], self.project, topic, body=body
        )
        commit(self.session)
        return post


@pytest.fixture
def forum(space: SpaceWithMembers, session: Session) -> ForumSpace:
    return ForumSpace(space, session)


class Browser(RoleClient):
    """The test client signed in by role, at the forum's address."""

    def __init__(
        self, client: FlaskClient, auth: AuthActions, forum: ForumSpace
    ) -> None:
        super().__init__(client, auth, forum.users, forum.url)
        self.forum = forum


@pytest.fixture
def browser(client: FlaskClient, auth: AuthActions, forum: ForumSpace) -> Browser:
    return Browser(client, auth, forum)


def text(response: Any) -> str:
    return response.get_data(as_text=True)


def post_ids(html: str) -> list[int]:
    """Ids of the posts shown on a topic page, in order."""
    return [
        int(n) for n in re.findall(r'<article class="post[^"]*" id="post-(\d+)"', html)
    ]


def topic_titles(html: str) -> list[str]:
    """Titles in a topic list, in order."""
    return re.findall(r'<td><a href="[^"]*/t/\d+">([^<]+)</a>', html)
