"""Fixtures for partner finding's tests: the core's fixtures with the plugin loaded.

``site`` builds people through the core's factory (teachers, pupils, schools in several
countries) and partner-finding content through the plugin's real services, committing
with ``etwincms.db.commit``; ``browser`` drives the test client as any of them, posting
with a CSRF token. Every account's password is the core's test password.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

import etwincms_partners
from etwincms.db import commit
from etwincms.models import Project, School, User
from etwincms.services import plugins as space_plugins
from etwincms.testing import AuthActions, Factory, RoleClient
from etwincms_partners import messaging, services
from etwincms_partners.models import PartnerPost

BASE = "/-/partners"
API = "/api/v1/partners"


@pytest.fixture
def plugins() -> list[Any]:
    return [etwincms_partners]


class PartnersSite:
    """People and partner-finding content, made through the real services."""

    def __init__(self, session: Session, make: Factory) -> None:
        self.session, self.make = session, make
        self.users: dict[str, User] = {}

    def school(self, key: str, country: str | None = None) -> School:
        return self.make.school(key, country)

    def teacher(
        self, name: str, school: str = "es", country: str | None = None
    ) -> User:
        self.users[name] = self.make.user(name, school=self.school(school, country))
        commit(self.session)
        return self.users[name]

    def person(self, name: str, kind: str, school: str | None = None) -> User:
        found = self.school(school) if school else None
        self.users[name] = self.make.user(name, kind=kind, school=found)
        commit(self.session)
        return self.users[name]

    def post(self, name: str, **values: Any) -> PartnerPost:
        values = {
            "topic": "Olive growing",
            "partnership_type": "etwinning",
            "looking_for": "school",
            **values,
        }
        made = services.create_post(self.session, self.users[name], values)
        commit(self.session)
        return made

    def profile(self, name: str, **values: Any) -> None:
        values = {"discoverable": True, "available": True, **values}
        services.save_member_profile(self.session, self.users[name], values)
        commit(self.session)

    def school_profile(self, name: str, **values: Any) -> None:
        services.save_school_profile(self.session, self.users[name], values)
        commit(self.session)

    def space(
        self, name: str, *, listed: bool = True, public: bool = True, **fields: Any
    ) -> Project:
        project = self.make.space(self.users[name], **fields)
        project.is_public = public
        space_plugins.enable_plugin(self.session, None, project, "partners")
        commit(self.session)
        if listed:
            self.list_space(name, project, True)
        return project

    def list_space(
        self, name: str, project: Project, listed: bool, **values: Any
    ) -> None:
        services.set_listing(
            self.session, self.users[name], project, {"listed": listed, **values}
        )
        commit(self.session)

    def message(self, sender: str, recipient: str, body: str = "Hello") -> int:
        thread = messaging.start_thread(
            self.session,
            self.users[sender],
            self.users[recipient],
            subject="Partnership",
            body=body,
        )
        commit(self.session)
        return thread.id


@pytest.fixture
def site(session: Session, make: Factory) -> PartnersSite:
    return PartnersSite(session, make)


class Browser(RoleClient):
    """The test client signed in as one of the site's people, at the plugin's address."""

    def __init__(
        self, client: FlaskClient, auth: AuthActions, site: PartnersSite
    ) -> None:
        super().__init__(client, auth, site.users, BASE)
        self.cached_token: str | None = None

    def login(self, role: str | None) -> None:
        super().login(role)
        self.cached_token = None

    def token(self) -> str:
        """One CSRF token per sign-in (it stays valid for the session), fetched once."""
        if self.cached_token is None:
            self.cached_token = super().token()
        return self.cached_token


@pytest.fixture
def browser(client: FlaskClient, auth: AuthActions, site: PartnersSite) -> Browser:
    return Browser(client, auth, site)


def text(response: Any) -> str:
    return response.get_data(as_text=True)
