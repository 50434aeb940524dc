"""Fixtures for the embed plugin's tests: the core's fixtures with the plugin loaded.

``plugins`` makes the core's ``app`` fixture load the embed plugin; ``embeds`` switches
it on in the core's ``space`` (a member of every role, an outsider, a site admin)
through the real service and commits with ``etwincms.db.commit``, so the plugin's
``plugin_enabled`` hook runs as in production. ``browser`` drives the test client as
any of them.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

import etwincms_embed
from etwincms.db import commit
from etwincms.models import Project, User
from etwincms.moderation import queue
from etwincms.services import plugins as space_plugins
from etwincms.testing import AuthActions, SpaceWithMembers, csrf_token
from etwincms_embed import services
from etwincms_embed.models import EmbedItem

VIDEO = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"


@pytest.fixture
def plugins() -> list[Any]:
    return [etwincms_embed]


class EmbedSpace:
    """The core's test space with the embed plugin on; helpers act by role name."""

    def __init__(self, space: SpaceWithMembers, session: Session) -> None:
        self.session, self.users = session, space.users
        self.project: Project = space.project
        space_plugins.enable_plugin(session, self.users["admin"], self.project, "embed")
        commit(session)

    @property
    def url(self) -> str:
        return f"/s/{self.project.slug}/-/embed"

    @property
    def api(self) -> str:
        return f"/api/v1/projects/{self.project.slug}/embed"

    def user(self, role: str) -> User:
        return self.users[role]

    def item(self, role: str, title: str = "Farm visit", url: str = VIDEO) -> EmbedItem:
        item = services.create(
            self.session, self.users[role], self.project, title=title, url=url
        )
        commit(self.session)
        return item

    def approve(self, item: EmbedItem, yes: bool = True) -> None:
        """A teacher decides on a pupil's embed, through the moderation queue."""
        queue.decide(
            self.session,
            self.users["admin"],
            self.project,
            f"embed_item:{item.id}",
            approve=yes,
        )

    def settings(self, **values: Any) -> None:
        space_plugins.update_settings(
            self.session, self.users["admin"], self.project, "embed", values
        )
        commit(self.session)

    def make_public(self) -> None:
        self.project.is_public = True
        self.session.commit()
        self.settings(public=True)

    def switch(self, on: bool) -> None:
        change = space_plugins.enable_plugin if on else space_plugins.disable_plugin
        change(self.session, self.users["admin"], self.project, "embed")
        commit(self.session)


@pytest.fixture
def embeds(space: SpaceWithMembers, session: Session) -> EmbedSpace:
    return EmbedSpace(space, session)


class Browser:
    """The test client signed in as a member of some role, posting with a CSRF token."""

    def __init__(
        self, client: FlaskClient, auth: AuthActions, embeds: EmbedSpace
    ) -> None:
        self.client, self.auth, self.embeds = client, auth, embeds

    def login(self, role: str | None) -> None:
        """Sign in as the member with ``role`` (``None``: an anonymous visitor)."""
        if self.client.get("/spaces").status_code == 200:
            self.auth.logout()
        if role is not None:
            assert self.auth.login(self.embeds.users[role].username).status_code == 302

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.client.get(self.embeds.url + path, **kwargs)

    def post(self, path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        data = {**(data or {}), "csrf_token": self.token()}
        return self.client.post(self.embeds.url + path, data=data, **kwargs)

    def token(self) -> str:
        page = self.client.get("/spaces")
        if page.status_code != 200:
            page = self.client.get("/login")
        return csrf_token(page.get_data(as_text=True))


@pytest.fixture
def browser(client: FlaskClient, auth: AuthActions, embeds: EmbedSpace) -> Browser:
    return Browser(client, auth, embeds)


def text(response: Any) -> str:
    return response.get_data(as_text=True)
