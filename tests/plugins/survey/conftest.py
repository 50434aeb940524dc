"""Fixtures for the survey plugin's tests: the core's fixtures with the plugin loaded.

``survey_space`` switches the plugin on in the core's ``space`` (a member of every role,
an outsider, a site admin) through the real service; ``browser`` drives the test client
as any of them, posting with a CSRF token.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

import etwincms_survey
from etwincms.db import commit
from etwincms.models import Project, User
from etwincms.services import plugins as space_plugins
from etwincms.testing import AuthActions, SpaceWithMembers, csrf_token
from etwincms_survey import services
from etwincms_survey.models import Survey

QUESTIONS: list[dict[str, Any]] = [
    {"key": "intro", "type": "section", "text": {"en": "About you"}},
    {
        "key": "mood",
        "type": "rating",
        "scale": [1, 5],
        "required": True,
        "text": {"en": "How do you feel?", "es": "¿Cómo te sientes?"},
    },
    {
        "key": "fruit",
        "type": "single",
        "text": {"en": "Favourite fruit"},
        "options": [
            {"key": "apple", "text": {"en": "Apple"}},
            {"key": "pear", "text": {"en": "Pear"}},
        ],
    },
    {
        "key": "langs",
        "type": "multiple",
        "text": {"en": "Languages"},
        "options": [
            {"key": "en", "text": {"en": "English"}},
            {"key": "es", "text": {"en": "Spanish"}},
            {"key": "de", "text": {"en": "German"}},
        ],
    },
    {
        "key": "grid",
        "type": "matrix",
        "text": {"en": "Activities"},
        "rows": [
            {"key": "walk", "text": {"en": "Walk"}},
            {"key": "talk", "text": {"en": "Talk"}},
        ],
        "options": [
            {"key": "no", "text": {"en": "No"}},
            {"key": "yes", "text": {"en": "Yes"}},
        ],
    },
    {"key": "comment", "type": "long", "text": {"en": "Comments"}},
]


@pytest.fixture
def plugins() -> list[Any]:
    return [etwincms_survey]


class SurveySpace:
    """The core's test space with surveys on; helpers act by role name."""

    def __init__(self, space: SpaceWithMembers, session: Session) -> None:
        self.session, self.users = session, space.users
        self.project: Project = space.project
        self.project.languages = ["en", "es"]
        space_plugins.enable_plugin(
            session, self.users["admin"], self.project, "survey"
        )
        commit(session)

    @property
    def url(self) -> str:
        return f"/s/{self.project.slug}/-/survey"

    @property
    def api(self) -> str:
        return f"/api/v1/projects/{self.project.slug}/survey"

    def user(self, role: str) -> User:
        return self.users[role]

    def survey(self, status: str = "open", **fields: Any) -> Survey:
        fields = {
            "title": "Our trip",
            "questions": QUESTIONS,
            "audience": "members",
            **fields,
        }
        survey = services.create_survey(
            self.session, self.users["teacher"], self.project, **fields
        )
        if status != "draft":
            services.set_status(
                self.session, self.users["teacher"], self.project, survey, status
            )
        commit(self.session)
        return survey

    def answer(self, role: str, survey: Survey, **answers: Any) -> None:
        services.submit(
            self.session, self.users[role], self.project, survey, answers or {"mood": 4}
        )
        commit(self.session)

    def make_public(self) -> None:
        self.project.is_public = True
        self.session.commit()

    def switch(self, on: bool) -> None:
        change = space_plugins.enable_plugin if on else space_plugins.disable_plugin
        change(self.session, self.users["admin"], self.project, "survey")
        commit(self.session)


@pytest.fixture
def surveys(space: SpaceWithMembers, session: Session) -> SurveySpace:
    return SurveySpace(space, session)


class Browser:
    """The test client signed in as a member of some role, posting with a CSRF token."""

    def __init__(
        self, client: FlaskClient, auth: AuthActions, surveys: SurveySpace
    ) -> None:
        self.client, self.auth, self.surveys = client, auth, surveys

    def login(self, role: str | None) -> None:
        if self.client.get("/spaces").status_code == 200:
            self.auth.logout()
        if role is not None:
            assert self.auth.login(self.surveys.users[role].username).status_code == 302

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.client.get(self.surveys.url + path, **kwargs)

    def post(self, path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        data = {**(data or {}), "csrf_token": self.token()}
        return self.client.post(self.surveys.url + path, data=data, **kwargs)

    def token(self) -> str:
        page = self.client.get("/spaces")
        if page.status_code != 200:
            page = self.client.get("/login")
        return csrf_token(page.get_data(as_text=True))


@pytest.fixture
def browser(client: FlaskClient, auth: AuthActions, surveys: SurveySpace) -> Browser:
    return Browser(client, auth, surveys)


def text(response: Any) -> str:
    return response.get_data(as_text=True)
