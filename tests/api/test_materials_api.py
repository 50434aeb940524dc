"""Materials over the API: multipart uploads, cursor lists, details with where-used,
downloads served as the web serves them, renaming, the trash, and who may do each."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image
from sqlalchemy.orm import Session

from etwincms.db import commit
from etwincms.testing import SpaceWithMembers


def url(space: SpaceWithMembers, rest: str = "") -> str:
    return f"/projects/{space.project.slug}/materials{rest}"


def photo(size: tuple[int, int] = (64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "olive").save(out, "JPEG")
    return out.getvalue()


def send(
    caller: Any, space: SpaceWithMembers, body: bytes, name: str, **form: Any
) -> Any:
    data = {"file": (io.BytesIO(body), name), **form}
    return caller.post(url(space), data=data, content_type="multipart/form-data")


def uploaded(caller: Any, space: SpaceWithMembers, body: bytes, name: str) -> Any:
    answer = send(caller, space, body, name)
    assert answer.status_code == 201, answer.get_data(as_text=True)
    return answer.json


def fetch(caller: Any, path: str) -> Any:
    """GET reading the whole body, so the served file is closed as a server would."""
    return caller.get(path, buffered=True)


def test_an_image_upload_is_described_and_served_inline(
    api: Any, space: SpaceWithMembers
) -> None:
    pupil = api("pupil")
    made = uploaded(pupil, space, photo(), "garden.jpg")
    assert (made["name"], made["media_type"], made["is_image"]) == (
        "garden.jpg",
        "image/jpeg",
        True,
    )
    assert (made["width"], made["height"], made["used_on"]) == (64, 48, [])
    assert made["markdown"].startswith("![garden.jpg](")
    content = fetch(pupil, url(space, f"/{made['id']}/content"))
    assert content.status_code == 200
    assert content.mimetype == "image/jpeg"
    assert content.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in content.headers["Content-Security-Policy"]
    assert "attachment" not in content.headers.get("Content-Disposition", "")
    thumbnail = fetch(pupil, url(space, f"/{made['id']}/thumbnail"))
    assert (thumbnail.status_code, thumbnail.mimetype) == (200, "image/webp")
    assert made["url"].endswith(url(space, f"/{made['id']}/content"))


def test_other_files_are_attachments_that_never_run(
    api: Any, space: SpaceWithMembers
) -> None:
    teacher = api("teacher")
    made = uploaded(teacher, space, b"<script>alert(1)</script>", "page.html")
    assert (made["is_image"], made["thumbnail_url"], made["width"]) == (
        False,
        None,
        None,
    )
    content = fetch(teacher, url(space, f"/{made['id']}/content"))
    assert content.status_code == 200
    assert content.mimetype == "application/octet-stream"
    assert content.headers["Content-Disposition"].startswith("attachment")
    assert content.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in content.headers["Content-Security-Policy"]
    assert content.data == b"<script>alert(1)</script>"
    assert fetch(teacher, url(space, f"/{made['id']}/thumbnail")).status_code == 404


def test_an_upload_for_a_page(api: Any, space: SpaceWithMembers) -> None:
    teacher = api("teacher")
    page = teacher.post(f"/projects/{space.project.slug}/pages", json={"title": "Log"})
    made = send(teacher, space, b"notes", "notes.txt", page_id=str(page.json["id"]))
    assert made.status_code == 201 and made.json["page_id"] == page.json["id"]
    missing = send(teacher, space, b"notes", "notes.txt", page_id="999999")
    assert missing.status_code == 422 and "page_id" in missing.json["errors"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "file"),
        ({"file": "just text"}, "file"),
        ({"file": (io.BytesIO(b"x"), "a.txt"), "page_id": "first"}, "page_id"),
    ],
)
def test_invalid_uploads_name_the_field(
    api: Any, space: SpaceWithMembers, data: dict[str, Any], field: str
) -> None:
    answer = api("teacher").post(
        url(space), data=data, content_type="multipart/form-data"
    )
    assert answer.status_code == 422
    assert field in answer.json["errors"]


def test_a_file_named_only_by_path_parts_is_kept_as_file(
    api: Any, space: SpaceWithMembers
) -> None:
    answer = send(api("teacher"), space, b"x", "..")
    assert answer.status_code == 201 and answer.json["name"] == "file"


@pytest.mark.parametrize(
    ("role", "scopes", "status"),
    [
        ("observer", ("read", "write"), 403),
        ("outsider", ("read", "write"), 404),
        (None, (), 401),
        ("pupil", ("read",), 403),
    ],
)
def test_refused_uploads(
    api: Any,
    space: SpaceWithMembers,
    role: str | None,
    scopes: tuple[str, ...],
    status: int,
) -> None:
    answer = send(api(role, scopes=scopes), space, b"x", "a.txt")
    assert answer.status_code == status
    assert api("admin").get(url(space)).json["items"] == []


def test_the_list_is_paged_with_cursors_newest_first_or_by_id(
    api: Any, space: SpaceWithMembers
) -> None:
    teacher = api("teacher")
    ids = [uploaded(teacher, space, b"x", f"{n}.txt")["id"] for n in range(3)]
    first = teacher.get(url(space, "?limit=2")).json
    assert [m["id"] for m in first["items"]] == [ids[2], ids[1]]
    rest = teacher.get(url(space, f"?limit=2&cursor={first['next_cursor']}")).json
    assert ([m["id"] for m in rest["items"]], rest["next_cursor"]) == ([ids[0]], None)
    by_id = teacher.get(url(space, "?limit=2&order=id")).json
    assert [m["id"] for m in by_id["items"]] == ids[:2]
    after = teacher.get(url(space, f"?order=id&cursor={by_id['next_cursor']}")).json
    assert [m["id"] for m in after["items"]] == [ids[2]]


@pytest.mark.parametrize(
    "query", ["?limit=0", "?limit=101", "?order=size", "?cursor=%%%"]
)
def test_invalid_list_arguments(api: Any, space: SpaceWithMembers, query: str) -> None:
    answer = api("teacher").get(url(space, query))
    assert answer.status_code == 422 and answer.json["errors"]


def test_details_name_the_pages_that_use_it(api: Any, space: SpaceWithMembers) -> None:
    teacher = api("teacher")
    made = uploaded(teacher, space, photo(), "garden.jpg")
    page = teacher.post(
        f"/projects/{space.project.slug}/pages",
        json={"title": "Garden", "body": made["markdown"]},
    ).json
    detail = teacher.get(url(space, f"/{made['id']}")).json
    assert detail["used_on"] == [
        {"id": page["id"], "title": "Garden", "path": page["path"]}
    ]
    assert api("outsider").get(url(space, f"/{made['id']}")).status_code == 404
    assert teacher.get(url(space, "/999999")).status_code == 404


def test_visitors_of_a_public_page_get_its_images_but_not_the_library(
    api: Any, space: SpaceWithMembers, session: Session
) -> None:
    admin = api("admin")
    made = uploaded(admin, space, photo(), "garden.jpg")
    admin.post(
        f"/projects/{space.project.slug}/pages",
        json={"title": "Open", "body": made["markdown"], "visibility": "public"},
    )
    space.project.is_public = True
    commit(session)
    visitor = api(None)
    content = fetch(visitor, url(space, f"/{made['id']}/content"))
    assert content.status_code == 200 and content.mimetype == "image/jpeg"
    assert visitor.get(url(space, f"/{made['id']}")).status_code == 401
    assert visitor.get(url(space)).status_code == 401


def test_rename_own_files_or_any_with_material_delete(
    api: Any, space: SpaceWithMembers
) -> None:
    pupil, teacher = api("pupil"), api("teacher")
    own = uploaded(pupil, space, b"x", "draft.txt")
    renamed = pupil.patch(url(space, f"/{own['id']}"), json={"name": "final.md"})
    assert renamed.status_code == 200
    assert (renamed.json["name"], renamed.json["media_type"]) == (
        "final.md",
        "text/markdown",
    )
    others = uploaded(teacher, space, b"x", "plan.txt")
    path = url(space, f"/{others['id']}")
    assert pupil.patch(path, json={"name": "mine.txt"}).status_code == 403
    assert api("admin").patch(path, json={"name": "Plan.txt"}).status_code == 200
    empty = teacher.patch(path, json={"name": ""})
    assert empty.status_code == 422 and "name" in empty.json["errors"]
    assert teacher.patch(path, json={"title": "x"}).status_code == 422
    assert api(None).patch(path, json={"name": "y.txt"}).status_code == 401


def test_trash_and_restore(api: Any, space: SpaceWithMembers) -> None:
    teacher = api("teacher")
    made = uploaded(api("pupil"), space, b"x", "old.txt")
    path = url(space, f"/{made['id']}")
    assert api("pupil").delete(path).status_code == 403
    assert api("teacher", scopes=("read",)).delete(path).status_code == 403
    assert teacher.delete(path).status_code == 204
    assert teacher.get(path).status_code == 404
    assert fetch(teacher, f"{path}/content").status_code == 404
    assert teacher.get(url(space)).json["items"] == []
    assert [m["id"] for m in teacher.get(url(space, "/trash")).json] == [made["id"]]
    assert api("pupil").get(url(space, "/trash")).json == []
    assert api("pupil").post(f"{path}/restore").status_code == 404
    back = teacher.post(f"{path}/restore")
    assert back.status_code == 200 and back.json["name"] == "old.txt"
    assert teacher.get(path).status_code == 200


def test_a_cursor_past_every_possible_id_is_refused(
    api: Any, space: SpaceWithMembers
) -> None:
    answer = api("teacher").get(url(space, f"?cursor={2**31}"))
    assert answer.status_code == 422 and "cursor" in answer.json["errors"]
