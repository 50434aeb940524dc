"""Pages over the API: a tree built by a program, ETags and If-Match, history, moves."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from etwincms.db import commit
from etwincms.testing import SpaceWithMembers

from .conftest import ApiCaller


@pytest.fixture
def teacher(api: Any) -> ApiCaller:
    return api("teacher")


def pages_path(space: SpaceWithMembers, rest: str = "") -> str:
    return f"/projects/{space.project.slug}/pages{rest}"


def make(caller: ApiCaller, space: SpaceWithMembers, **fields: Any) -> dict[str, Any]:
    answer = caller.post(pages_path(space), json=fields)
    assert answer.status_code == 201, answer.get_json()
    return {**answer.get_json(), "etag": answer.headers["ETag"]}


def test_a_program_builds_a_tree_and_reads_it(
    teacher: ApiCaller, space: SpaceWithMembers
) -> None:
    before = make(teacher, space, title="Before the mobility")
    make(teacher, space, title="Icebreakers", parent_id=before["id"], body="**Hi**")
    make(teacher, space, title="During")
    tree = teacher.get(f"/projects/{space.project.slug}/tree").get_json()
    assert [node["title"] for node in tree] == ["Before the mobility", "During"]
    assert tree[0]["children"][0]["path"] == "before-the-mobility/icebreakers"
    page = teacher.get(pages_path(space, f"/{tree[0]['children'][0]['id']}"))
    assert page.get_json()["html"] == "<p><strong>Hi</strong></p>\n"
    assert page.get_json()["body"] == "**Hi**"
    assert page.headers["ETag"] == f'"p{tree[0]["children"][0]["id"]}r1"'


def test_updates_need_if_match(teacher: ApiCaller, space: SpaceWithMembers) -> None:
    page = make(teacher, space, title="Plan", body="Day 1")
    path = pages_path(space, f"/{page['id']}")
    missing = teacher.put(path, json={"body": "x"})
    assert missing.status_code == 428
    wrong = teacher.put(path, json={"body": "x"}, headers={"If-Match": '"p999r1"'})
    assert wrong.status_code == 412
    done = teacher.put(
        path,
        json={"body": "Day 1\nDay 2", "summary": "more"},
        headers={"If-Match": page["etag"]},
    )
    assert done.status_code == 200
    assert done.headers["ETag"] == f'"p{page["id"]}r2"'
    assert done.get_json()["revision"] == 2


def test_two_clients_with_the_same_etag_one_wins_nothing_is_lost(
    api: Any, space: SpaceWithMembers
) -> None:
    first, second = api("teacher"), api("admin")
    page = make(first, space, title="Shared", body="start")
    path = pages_path(space, f"/{page['id']}")
    etag = first.get(path).headers["ETag"]
    won = first.put(path, json={"body": "first's text"}, headers={"If-Match": etag})
    lost = second.put(path, json={"body": "second's text"}, headers={"If-Match": etag})
    assert (won.status_code, lost.status_code) == (200, 412)
    assert second.get(path).get_json()["body"] == "first's text"
    history = second.get(f"{path}/revisions").get_json()
    assert [r["number"] for r in history] == [2, 1]


def test_history_diff_and_revert(teacher: ApiCaller, space: SpaceWithMembers) -> None:
    page = make(teacher, space, title="Menu", body="soup\nbread")
    path = pages_path(space, f"/{page['id']}")
    teacher.put(path, json={"body": "soup\ncake"}, headers={"If-Match": page["etag"]})
    diff = teacher.get(f"{path}/diff?from=1&to=2").get_json()
    assert {"kind": "removed", "text": "bread"} in diff["lines"]
    assert {"kind": "added", "text": "cake"} in diff["lines"]
    assert teacher.get(f"{path}/revisions/1").get_json()["body"] == "soup\nbread"
    reverted = teacher.post(f"{path}/revert", json={"number": 1})
    assert reverted.get_json()["body"] == "soup\nbread"
    assert reverted.get_json()["revision"] == 3
    assert teacher.get(f"{path}/revisions/9").status_code == 404


def test_move_reorder_trash_and_restore(
    teacher: ApiCaller, space: SpaceWithMembers
) -> None:
    a, b = make(teacher, space, title="A"), make(teacher, space, title="B")
    moved = teacher.post(
        pages_path(space, f"/{b['id']}/move"), json={"parent_id": a["id"]}
    )
    assert moved.get_json()["path"] == "a/b"
    c = make(teacher, space, title="C", parent_id=a["id"])
    order = teacher.post(
        pages_path(space, "/reorder"),
        json={"parent_id": a["id"], "order": [c["id"], b["id"]]},
    )
    assert [n["title"] for n in order.get_json()[0]["children"]] == ["C", "B"]
    assert teacher.delete(pages_path(space, f"/{a['id']}")).status_code == 204
    assert teacher.get(pages_path(space, f"/{b['id']}")).status_code == 404
    trash = teacher.get(f"/projects/{space.project.slug}/trash").get_json()
    assert [p["title"] for p in trash] == ["A"]
    back = teacher.post(f"/projects/{space.project.slug}/trash/{a['id']}/restore")
    assert back.status_code == 200
    assert teacher.get(pages_path(space, f"/{b['id']}")).status_code == 200


def test_publishing_lets_anonymous_callers_read(
    api: Any, teacher: ApiCaller, space: SpaceWithMembers, session: Session
) -> None:
    admin = api("admin")
    page = make(teacher, space, title="Results", body="We grew *beans*.")
    space.project.is_public = True
    commit(session)
    visitor = api(None)
    path = pages_path(space, f"/{page['id']}")
    assert visitor.get(path).status_code == 404
    settings = admin.patch(f"{path}/settings", json={"visibility": "public"})
    assert settings.get_json()["visibility"] == "public"
    read = visitor.get(path)
    assert read.status_code == 200
    assert "<em>beans</em>" in read.get_json()["html"]
    assert read.headers["Access-Control-Allow-Origin"] == "*"
    assert (
        visitor.put(path, json={"body": "x"}, headers={"If-Match": "*"}).status_code
        == 401
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [("pupil", 403), ("observer", 403), ("outsider", 404), ("teacher", 200)],
)
def test_who_may_move_pages(
    api: Any, teacher: ApiCaller, space: SpaceWithMembers, role: str, status: int
) -> None:
    a, b = make(teacher, space, title="A"), make(teacher, space, title="B")
    answer = api(role).post(
        pages_path(space, f"/{b['id']}/move"), json={"parent_id": a["id"]}
    )
    assert answer.status_code == status


def test_outsiders_cannot_tell_a_private_space_exists(
    api: Any, space: SpaceWithMembers
) -> None:
    outsider = api("outsider")
    for path in (f"/projects/{space.project.slug}", "/projects/no-such-space"):
        answer = outsider.get(path)
        assert answer.status_code == 404
        assert answer.get_json()["status"] == 404
