"""The phases API: the overview, mobilities with ETags, and the items of a phase."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.orm import Session

from etwincms.db import commit
from etwincms.testing import SpaceWithMembers
from tests.api.conftest import ApiCaller, make_secret

from .plugin import ItemsPlugin
from .world import World, build_world

Api = Callable[..., ApiCaller]


@pytest.fixture
def world(
    session: Session, partnered: SpaceWithMembers, items_plugin: ItemsPlugin
) -> World:
    return build_world(session, partnered, items_plugin)


@pytest.fixture
def api(app: Any, session: Session, world: World) -> Api:
    def caller(role: str | None) -> ApiCaller:
        secret = (
            make_secret(session, world.space, role, ["read", "write"]) if role else None
        )
        return ApiCaller(app.test_client(), secret)

    return caller


def body(world: World, **changes: Any) -> dict[str, Any]:
    users = world.space.users
    return {
        "title": "Visit to Sevilla",
        "host_school_id": users["admin"].school_id,
        "starts_on": "2030-03-04",
        "ends_on": "2030-03-15",
        "participant_ids": [users["pupil"].id],
        **changes,
    }


def test_the_overview_lists_mobilities_phases_and_the_current_one(
    api: Api, world: World
) -> None:
    found = api("teacher").get(f"/projects/{world.slug}/phases/").get_json()
    assert [m["title"] for m in found["mobilities"]] == ["Visit to Berlin"]
    assert found["mobilities"][0]["participant_ids"] == [world.space.users["pupil"].id]
    kinds = [phase["kind"] for phase in found["phases"]]
    assert kinds == ["before", "during", "after", "dissemination"]
    assert found["current_phase_id"] == world.during.id


def test_visitors_get_a_count_of_participants_not_who_they_are(
    api: Api, world: World
) -> None:
    mobility = api(None).get(f"/projects/{world.slug}/phases/mobilities").get_json()[0]
    assert mobility["participant_count"] == 1 and mobility["participant_ids"] == []


def test_a_teacher_creates_and_changes_a_mobility_with_if_match(
    api: Api, world: World
) -> None:
    teacher = api("teacher")
    created = teacher.post(
        f"/projects/{world.slug}/phases/mobilities", json=body(world)
    )
    assert created.status_code == 201
    url = f"/projects/{world.slug}/phases/mobilities/{created.get_json()['id']}"
    changed = body(world, title="Visit to Sevilla and Cádiz")
    assert teacher.put(url, json=changed).status_code == 428
    stale = teacher.put(url, json=changed, headers={"If-Match": '"stale"'})
    assert stale.status_code == 412
    etag = teacher.get(url).headers["ETag"]
    answer = teacher.put(url, json=changed, headers={"If-Match": etag})
    assert answer.status_code == 200
    assert answer.get_json()["title"] == "Visit to Sevilla and Cádiz"


def test_invalid_mobilities_are_problems_that_name_the_field(
    api: Api, world: World
) -> None:
    answer = api("teacher").post(
        f"/projects/{world.slug}/phases/mobilities",
        json=body(world, starts_on="2030-03-15", ends_on="2030-03-04"),
    )
    assert answer.status_code == 422
    assert answer.mimetype == "application/problem+json"
    assert "cannot end before" in answer.get_json()["detail"]


@pytest.mark.parametrize(("role", "status"), [(None, 401), ("pupil", 403)])
def test_only_teachers_create_mobilities(
    api: Api, world: World, role: str | None, status: int
) -> None:
    answer = api(role).post(
        f"/projects/{world.slug}/phases/mobilities", json=body(world)
    )
    assert answer.status_code == status
    assert answer.mimetype == "application/problem+json"


def test_phase_items_follow_what_the_caller_may_read(api: Api, world: World) -> None:
    url = f"/projects/{world.slug}/phases/{world.during.id}/items"
    member = {item["id"] for item in api("pupil").get(url).get_json()}
    visitor = {item["id"] for item in api(None).get(url).get_json()}
    assert member == {world.public_note.id, world.members_note.id, world.page_id}
    assert visitor == {world.public_note.id, world.page_id}


def test_a_teacher_tags_and_untags_items(
    api: Api, world: World, items_plugin: ItemsPlugin, session: Session
) -> None:
    extra = items_plugin.add(
        world.space.project, world.space.users["pupil"], "Reflection"
    )
    commit(session)
    url = f"/projects/{world.slug}/phases/{world.during.id}/items"
    teacher = api("teacher")
    answer = teacher.post(url, json={"item_ids": [extra.id, world.public_note.id]})
    assert answer.status_code == 200 and answer.get_json() == {"item_ids": [extra.id]}
    assert teacher.delete(f"{url}/{extra.id}").status_code == 204
    assert extra.id not in {item["id"] for item in teacher.get(url).get_json()}


def test_tagging_an_unknown_item_is_refused(api: Api, world: World) -> None:
    url = f"/projects/{world.slug}/phases/{world.during.id}/items"
    answer = api("teacher").post(url, json={"item_ids": ["notes_note:999"]})
    assert answer.status_code == 422
    assert "notes_note:999" in answer.get_json()["detail"]


def test_a_phase_of_another_space_is_not_found(api: Api, world: World) -> None:
    answer = api("outsider").get(
        f"/projects/another-space/phases/{world.during.id}/items"
    )
    assert answer.status_code == 404


def test_a_teacher_renames_a_phase_and_deletes_a_mobility(
    api: Api, world: World
) -> None:
    teacher = api("teacher")
    phase_url = f"/projects/{world.slug}/phases/{world.during.id}"
    answer = teacher.put(
        phase_url,
        json={"title": "Fieldwork", "starts_on": "2030-01-01", "ends_on": "2030-01-05"},
    )
    assert answer.status_code == 200 and answer.get_json()["title"] == "Fieldwork"
    assert api("pupil").put(phase_url, json={"title": "X"}).status_code == 422
    mobility_url = f"/projects/{world.slug}/phases/mobilities/{world.mobility.id}"
    assert api("pupil").delete(mobility_url).status_code == 403
    assert teacher.delete(mobility_url).status_code == 204
    assert teacher.get(phase_url).status_code == 404


PARITY = {
    "phases.index": ("GET", "/phases/"),
    "phases.phase": ("GET", "/phases/{phase_id}/items"),
    "phases.items": ("POST", "/phases/{phase_id}/items"),
    "phases.remove_items": ("DELETE", "/phases/{phase_id}/items/{item_id}"),
    "phases.edit_phase": ("PUT", "/phases/{phase_id}"),
    "phases.new_mobility": ("POST", "/phases/mobilities"),
    "phases.edit_mobility": ("PUT", "/phases/mobilities/{mobility_id}"),
    "phases.delete_mobility": ("DELETE", "/phases/mobilities/{mobility_id}"),
}


def test_every_phases_page_has_its_api_twin(app: Any) -> None:
    endpoints = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("phases.")
    }
    assert endpoints == set(PARITY)
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    paths = document["paths"]
    for method, path in PARITY.values():
        assert method.lower() in paths[f"/api/v1/projects/{{slug}}{path}"], path
