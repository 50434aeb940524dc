"""The moderation API: the queue, decisions, consent, who is shown, page requests."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from etwincms.db import commit
from etwincms.models import User
from etwincms.moderation.consent import record_shown, shown_pupil_ids
from etwincms.services import pages, tokens
from etwincms.testing import Factory, SpaceWithMembers

from .helpers import TwoSchools, switch_on, two_schools
from .notes_plugin import NotesPlugin


@pytest.fixture
def notes() -> NotesPlugin:
    return NotesPlugin()


@pytest.fixture
def plugins(notes: NotesPlugin) -> list[Any]:
    return [notes]


@pytest.fixture
def world(session: Session, make: Factory, space: SpaceWithMembers) -> TwoSchools:
    world = two_schools(session, make, space)
    switch_on(session, world.project, "notes")
    return world


class Api:
    """Calls as one user, with a read-write token."""

    def __init__(
        self, client: FlaskClient, session: Session, world: TwoSchools
    ) -> None:
        self.client, self.session, self.world = client, session, world
        self.headers: dict[str, str] = {}

    def as_(self, role: str) -> Api:
        user: User = self.world.users[role]
        _token, secret = tokens.create_token(
            self.session, user, name="test", scopes=["read", "write"]
        )
        commit(self.session)
        self.headers = {"Authorization": f"Bearer {secret}"}
        return self

    def url(self, path: str) -> str:
        return f"/api/v1/projects/{self.world.project.slug}/moderation{path}"

    def get(self, path: str) -> Any:
        return self.client.get(self.url(path), headers=self.headers)

    def send(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        return self.client.open(
            self.url(path), method=method, json=body, headers=self.headers
        )


@pytest.fixture
def api(client: FlaskClient, session: Session, world: TwoSchools) -> Api:
    return Api(client, session, world)


def test_the_queue_and_a_decision(
    api: Api, world: TwoSchools, notes: NotesPlugin
) -> None:
    note = notes.add(world.project, world.users["pupil"], "Our trip")
    notes.add(world.project, world.users["partner_pupil"], "Not for the home teacher")
    api.as_("home_teacher")

    listing = api.get("/")
    decided = api.send("POST", "/decisions", {"item_id": note.item_id, "approve": True})

    assert listing.status_code == 200
    assert [item["item_id"] for item in listing.json] == [note.item_id]
    assert listing.json[0]["plugin"] == "notes"
    assert decided.status_code == 200 and decided.json["approved"] is True
    assert note.public
    [mine] = api.as_("pupil").get("/mine").json
    assert (mine["item_id"], mine["title"], mine["approved"]) == (
        note.item_id,
        "Our trip",
        True,
    )


def test_a_refusal_is_a_problem_with_the_reason(
    api: Api, session: Session, world: TwoSchools, notes: NotesPlugin
) -> None:
    note = notes.add(world.project, world.users["pupil"], "Photo")
    record_shown(session, world.project, note.item_id, [world.users["pupil"].id])
    commit(session)

    answer = api.as_("admin").send(
        "POST", "/decisions", {"item_id": note.item_id, "approve": True}
    )

    assert answer.status_code == 422
    assert answer.content_type == "application/problem+json"
    assert "without consent for public use" in answer.json["detail"]
    assert note.waiting


def test_pupils_may_not_use_the_queue(
    api: Api, world: TwoSchools, notes: NotesPlugin
) -> None:
    note = notes.add(world.project, world.users["pupil"], "Mine")
    api.as_("pupil")
    assert api.get("/").status_code == 403
    assert (
        api.send(
            "POST", "/decisions", {"item_id": note.item_id, "approve": True}
        ).status_code
        == 403
    )


def test_consent_over_the_api(api: Api, world: TwoSchools) -> None:
    pupil = world.users["pupil"]
    api.as_("home_teacher")

    changed = api.send(
        "PUT", f"/consent/{pupil.id}", {"level": "members", "note": "Parents"}
    )
    listing = api.get("/consent")
    other = api.send(
        "PUT", f"/consent/{world.users['partner_pupil'].id}", {"level": "public"}
    )

    assert changed.status_code == 200 and changed.json["level"] == "members"
    levels = {row["pupil_id"]: row["level"] for row in listing.json}
    assert levels == {pupil.id: "members", world.users["pupil_lead"].id: "none"}
    assert other.status_code == 403
    assert (
        api.send("PUT", f"/consent/{pupil.id}", {"level": "maybe"}).status_code == 422
    )


def test_who_is_shown_over_the_api(
    api: Api, session: Session, world: TwoSchools
) -> None:
    lead = world.users["pupil_lead"]
    api.as_("teacher")

    put = api.send("PUT", "/shown", {"item_id": "notes_note:2", "pupil_ids": [lead.id]})
    got = api.get("/shown?item_id=notes_note:2")
    bad = api.send(
        "PUT",
        "/shown",
        {"item_id": "notes_note:2", "pupil_ids": [world.users["admin"].id]},
    )

    assert put.status_code == got.status_code == 200
    assert got.json == {"item_id": "notes_note:2", "pupil_ids": [lead.id]}
    assert bad.status_code == 422
    assert shown_pupil_ids(session, world.project, "notes_note:2") == {lead.id}


def test_a_pupil_requests_a_page_over_the_api(
    api: Api, session: Session, world: TwoSchools
) -> None:
    page = pages.create_page(
        session, world.users["admin"], world.project, title="Results"
    )
    commit(session)

    asked = api.as_("pupil_lead").send("POST", f"/pages/{page.id}/request")
    listing = api.as_("admin").get("/")

    assert asked.status_code == 202 and asked.json["item_id"] == f"page:{page.id}"
    assert [item["item_id"] for item in listing.json] == [f"page:{page.id}"]


def test_the_operations_are_in_the_openapi_document(client: FlaskClient) -> None:
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert "/api/v1/projects/{slug}/moderation/decisions" in paths
    assert "put" in paths["/api/v1/projects/{slug}/moderation/consent/{pupil_id}"]


def test_visitors_must_sign_in(client: FlaskClient, world: TwoSchools) -> None:
    answer = client.get(f"/api/v1/projects/{world.project.slug}/moderation/")
    assert answer.status_code in (
        401,
        404,
    )  # 404: a private space does not exist for them
