"""The groups over the API: the same rules as the web pages, as JSON."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.groups.models import WorkingGroup
from etwincms.testing import SpaceWithMembers

from .conftest import ApiCaller, Rivers

Api = Callable[..., ApiCaller]


def base(space: SpaceWithMembers) -> str:
    return f"/projects/{space.project.slug}/groups"


def test_teachers_list_every_group_members_their_own(
    api: Api, rivers: Rivers, classes: SpaceWithMembers
) -> None:
    teacher = api("teacher")
    created = teacher.post(f"{base(classes)}/", json={"name": "Castles"})
    assert created.status_code == 201
    assert [g["name"] for g in teacher.get(f"{base(classes)}/").json] == [
        "Castles",
        "Rivers",
    ]
    assert [g["name"] for g in api("pupil_de_1").get(f"{base(classes)}/").json] == [
        "Rivers"
    ]
    assert api("pupil_pl_1").get(f"{base(classes)}/").json == []


def test_a_group_is_read_by_its_members_and_teachers_only(
    api: Api, rivers: Rivers, classes: SpaceWithMembers
) -> None:
    path = f"{base(classes)}/{rivers.group.id}"
    answer = api("pupil_es_1").get(path)
    assert answer.status_code == 200
    assert answer.json["root_page_id"] == rivers.root.id
    assert len(answer.json["member_ids"]) == 2
    assert api("admin").get(path).status_code == 200
    assert api("pupil_pl_1").get(path).status_code == 404
    assert api("outsider").get(path).status_code in {403, 404}
    assert api(None).get(path).status_code in {401, 403, 404}


def test_a_teacher_renames_sets_members_and_deletes(
    api: Api, session: Session, rivers: Rivers, classes: SpaceWithMembers
) -> None:
    teacher, path = api("teacher"), f"{base(classes)}/{rivers.group.id}"
    assert teacher.put(path, json={"name": "Seas"}).json["name"] == "Seas"
    pupil = classes.users["pupil_pl_1"].id
    answer = teacher.put(f"{path}/members", json={"member_ids": [pupil]})
    assert answer.json["member_ids"] == [pupil]
    assert teacher.delete(path).status_code == 204
    assert session.scalars(select(WorkingGroup)).all() == []


@pytest.mark.parametrize("name", ["pupil_es_1", "pupil_lead", "observer"])
def test_pupils_and_observers_may_not_change_groups(
    api: Api, rivers: Rivers, classes: SpaceWithMembers, name: str
) -> None:
    caller, path = api(name), f"{base(classes)}/{rivers.group.id}"
    assert caller.post(f"{base(classes)}/", json={"name": "X"}).status_code == 403
    assert caller.put(path, json={"name": "X"}).status_code == 403
    assert caller.put(f"{path}/members", json={"member_ids": []}).status_code == 403
    assert caller.delete(path).status_code == 403
    assert caller.get(f"{base(classes)}/suggestion").status_code == 403


def test_the_suggestion_is_fetched_edited_and_saved(
    api: Api, session: Session, classes: SpaceWithMembers
) -> None:
    teacher = api("teacher")
    proposal = teacher.get(f"{base(classes)}/suggestion?count=3").json
    assert [g["name"] for g in proposal] == ["Group 1", "Group 2", "Group 3"]
    assert teacher.get(f"{base(classes)}/suggestion?count=3").json == proposal
    moved = proposal[0]["member_ids"].pop()
    proposal[1]["member_ids"].append(moved)
    proposal[1]["name"] = "Forests"
    answer = teacher.post(f"{base(classes)}/suggestion", json={"groups": proposal})
    assert answer.status_code == 201
    saved = {g["name"]: g["member_ids"] for g in answer.json}
    assert moved in saved["Forests"] and moved not in saved["Group 1"]
    assert len(session.scalars(select(WorkingGroup)).all()) == 3


def test_refusals_are_problem_documents(
    api: Api, rivers: Rivers, classes: SpaceWithMembers
) -> None:
    answer = api("teacher").post(f"{base(classes)}/", json={"name": "Rivers"})
    assert answer.status_code in {400, 422}
    assert answer.headers["Content-Type"].startswith("application/problem+json")
    assert "already a group called Rivers" in answer.get_data(as_text=True)
