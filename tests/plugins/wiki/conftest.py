"""Fixtures for the wiki's tests: the core's fixtures with the wiki plugin loaded.

``plugins`` makes the core's ``app`` fixture load the wiki; ``wiki`` switches it on in
the core's ``space`` (a member of every role, an outsider, a site admin) through the real
service and commits with ``etwincms.db.commit``. ``browser`` drives the test client as
any of them, posting forms with a CSRF token.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

import etwincms_wiki
from etwincms.db import commit
from etwincms.models import Project, User
from etwincms.services import plugins as space_plugins
from etwincms.testing import AuthActions, RoleClient, SpaceWithMembers
from etwincms_wiki import services
from etwincms_wiki.models import Article, Revision


@pytest.fixture
def plugins() -> list[Any]:
    return [etwincms_wiki]


class WikiSpace:
    """The core's test space with the wiki switched on; helpers act by role name."""

    def __init__(self, space: SpaceWithMembers, session: Session) -> None:
        self.session, self.users = session, space.users
        self.project: Project = space.project
        self.project.languages = ["en", "es", "de"]
        space_plugins.enable_plugin(session, self.users["admin"], self.project, "wiki")
        commit(session)

    @property
    def url(self) -> str:
        return f"/s/{self.project.slug}/-/wiki"

    @property
    def api_url(self) -> str:
        return f"/projects/{self.project.slug}/wiki"

    def user(self, role: str) -> User:
        return self.users[role]

    def article(
        self, role: str, title: str, body: str = "Text", **fields: Any
    ) -> Article:
        article = services.create_article(
            self.session,
            self.users[role],
            self.project,
            title=title,
            body=body,
            **fields,
        )
        commit(self.session)
        return article

    def edit(self, role: str, article: Article, body: str, **fields: Any) -> Revision:
        revision = services.save_revision(
            self.session,
            self.users[role],
            self.project,
            article,
            body=body,
            base_number=article.current_number,
            **fields,
        )
        commit(self.session)
        return revision

    def switch(self, on: bool) -> None:
        change = space_plugins.enable_plugin if on else space_plugins.disable_plugin
        change(self.session, self.users["admin"], self.project, "wiki")
        commit(self.session)


@pytest.fixture
def wiki(space: SpaceWithMembers, session: Session) -> WikiSpace:
    return WikiSpace(space, session)


class Browser(RoleClient):
    """The test client signed in by role, at the wiki's address."""

    def __init__(self, client: FlaskClient, auth: AuthActions, wiki: WikiSpace) -> None:
        super().__init__(client, auth, wiki.users, wiki.url)
        self.wiki = wiki


@pytest.fixture
def browser(client: FlaskClient, auth: AuthActions, wiki: WikiSpace) -> Browser:
    return Browser(client, auth, wiki)


def text(response: Any) -> str:
    return response.get_data(as_text=True)
