"""Spaces over the API: list, create from a template, read with ETag, update, archive."""

from __future__ import annotations

from typing import Any

from etwincms.testing import SpaceWithMembers


def test_members_list_their_spaces_with_their_role(
    api: Any, space: SpaceWithMembers
) -> None:
    listing = api("pupil").get("/projects").get_json()
    assert [(s["slug"], s["role"]) for s in listing["items"]] == [
        (space.project.slug, "pupil")
    ]
    assert listing["next_cursor"] is None


def test_lists_are_paged_with_cursors(api: Any) -> None:
    teacher = api("teacher")
    for number in range(3):
        assert (
            teacher.post("/projects", json={"title": f"Space {number}"}).status_code
            == 201
        )
    first = teacher.get("/projects?limit=2").get_json()
    second = teacher.get(f"/projects?limit=2&cursor={first['next_cursor']}").get_json()
    slugs = [s["slug"] for s in first["items"] + second["items"]]
    assert len(slugs) == len(set(slugs)) == 4
    assert second["next_cursor"] is None
    assert teacher.get("/projects?cursor=%%%").status_code == 422


def test_a_space_from_the_blended_mobility_template(api: Any) -> None:
    teacher = api("teacher")
    made = teacher.post(
        "/projects",
        json={
            "title": "Olive Harvest",
            "template": "erasmus_blended",
            "languages": ["es"],
        },
    )
    body = made.get_json()
    assert made.status_code == 201
    assert (body["slug"], body["role"], body["languages"]) == (
        "olive-harvest",
        "admin",
        ["es"],
    )
    tree = teacher.get("/projects/olive-harvest/tree").get_json()
    assert len(tree) >= 3
    unknown = teacher.post("/projects", json={"title": "X", "template": "nope"})
    assert unknown.status_code == 422 and "template" in unknown.get_json()["errors"]


def test_updates_follow_the_etag_and_pupils_cannot_update(
    api: Any, space: SpaceWithMembers
) -> None:
    admin, path = api("admin"), f"/projects/{space.project.slug}"
    etag = admin.get(path).headers["ETag"]
    assert admin.patch(path, json={"title": "New"}).status_code == 428
    changed = admin.patch(path, json={"title": "New"}, headers={"If-Match": etag})
    assert changed.status_code == 200 and changed.get_json()["title"] == "New"
    stale = admin.patch(path, json={"title": "Newer"}, headers={"If-Match": etag})
    assert stale.status_code == 412
    pupil = api("pupil")
    refused = pupil.patch(path, json={"title": "Mine"}, headers={"If-Match": "*"})
    assert refused.status_code == 403


def test_archiving_freezes_the_space(api: Any, space: SpaceWithMembers) -> None:
    admin, path = api("admin"), f"/projects/{space.project.slug}"
    assert admin.post(f"{path}/archive").get_json()["status"] == "archived"
    write = admin.post(f"{path}/pages", json={"title": "Late"})
    assert write.status_code == 403
    assert admin.post(f"{path}/reopen").get_json()["status"] == "active"
