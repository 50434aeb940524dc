"""Fixtures for the glossary's tests: the core's fixtures with the glossary loaded.

``plugins`` makes the core's ``app`` fixture load the glossary; ``glossary`` switches it
on in the core's ``space`` (a member of every role, an outsider, a site admin; its
languages set to English, Spanish and German) through the real service and commits with
``etwincms.db.commit``, so the glossary's ``plugin_enabled`` hook runs as in production.
``browser`` drives the test client as any of them.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

import etwincms_glossary
from etwincms.db import commit
from etwincms.models import Project, User
from etwincms.moderation import queue
from etwincms.services import plugins as space_plugins
from etwincms.testing import AuthActions, RoleClient, SpaceWithMembers
from etwincms_glossary import services
from etwincms_glossary.models import Concept
from etwincms_glossary.services import TermInput

LANGUAGES = ["en", "es", "de"]


@pytest.fixture
def plugins() -> list[Any]:
    return [etwincms_glossary]


class GlossarySpace:
    """The core's test space with the glossary on; helpers act by role name."""

    def __init__(self, space: SpaceWithMembers, session: Session) -> None:
        self.session, self.users = session, space.users
        self.project: Project = space.project
        self.project.languages = list(LANGUAGES)
        space_plugins.enable_plugin(
            session, self.users["admin"], self.project, "glossary"
        )
        commit(session)

    @property
    def url(self) -> str:
        return f"/s/{self.project.slug}/-/glossary"

    @property
    def api(self) -> str:
        return f"/api/v1/projects/{self.project.slug}/glossary"

    def user(self, role: str) -> User:
        return self.users[role]

    def concept(self, role: str, category: str = "", **terms: str) -> Concept:
        """A concept by ``role``: ``en="compost", es="compostaje"``."""
        concept = services.create_concept(
            self.session,
            self.users[role],
            self.project,
            terms={code: TermInput(text) for code, text in terms.items()},
            category=category,
        )
        commit(self.session)
        return concept

    def approve(self, concept: Concept) -> None:
        """A teacher lets a pupil's entry go public, through the moderation queue."""
        item = f"glossary_concept:{concept.id}"
        queue.decide(
            self.session, self.users["admin"], self.project, item, approve=True
        )

    def settings(self, **values: Any) -> None:
        space_plugins.update_settings(
            self.session, self.users["admin"], self.project, "glossary", values
        )
        commit(self.session)

    def make_public(self) -> None:
        self.project.is_public = True
        self.session.commit()
        self.settings(public=True)

    def switch(self, on: bool) -> None:
        change = space_plugins.enable_plugin if on else space_plugins.disable_plugin
        change(self.session, self.users["admin"], self.project, "glossary")
        commit(self.session)


@pytest.fixture
def glossary(space: SpaceWithMembers, session: Session) -> GlossarySpace:
    return GlossarySpace(space, session)


class Browser(RoleClient):
    """The test client signed in by role, at the glossary's address."""

    def __init__(
        self, client: FlaskClient, auth: AuthActions, glossary: GlossarySpace
    ) -> None:
        super().__init__(client, auth, glossary.users, glossary.url)
        self.glossary = glossary


@pytest.fixture
def browser(client: FlaskClient, auth: AuthActions, glossary: GlossarySpace) -> Browser:
    return Browser(client, auth, glossary)


def text(response: Any) -> str:
    return response.get_data(as_text=True)
