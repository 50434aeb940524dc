"""A space's materials library over HTTP: who sees it, uploading (form and JSON), serving.

Through real HTTP with CSRF on, on the ``space`` fixture (a private space with a member of
every role, an outsider and a site admin). Files are checked for the headers that keep
uploads from running in the site's origin: ``nosniff``, attachments, a sandboxing CSP.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from flask.testing import FlaskClient
from PIL import Image
from sqlalchemy.orm import Session

from etwincms.db import commit
from etwincms.models import Material, Visibility
from etwincms.services import pages, revisions
from etwincms.testing import AuthActions, SpaceWithMembers, csrf_token
from tests.core.test_html_quality import FormAudit, unlabelled

JSON = {"Accept": "application/json"}


def text_of(response: Any) -> str:
    return response.get_data(as_text=True)


def library_url(space: SpaceWithMembers, rest: str = "") -> str:
    return f"/s/{space.project.slug}/-/materials{rest}"


def photo(color: str = "olive", size: tuple[int, int] = (64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG")
    return out.getvalue()


def fetch(client: FlaskClient, url: str, **kwargs: Any) -> Any:
    """GET, reading the whole body (so the served file is closed, as a server would)."""
    return client.get(url, buffered=True, **kwargs)


def token(client: FlaskClient) -> str:
    return csrf_token(text_of(client.get("/spaces")))


def post(client: FlaskClient, url: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(url, data={"csrf_token": token(client), **(data or {})})


def send(
    client: FlaskClient,
    space: SpaceWithMembers,
    files: list[tuple[bytes, str]],
    headers: dict[str, str] | None = None,
    **fields: Any,
) -> Any:
    data = {
        "csrf_token": token(client),
        "file": [(io.BytesIO(body), name) for body, name in files],
        **fields,
    }
    return client.post(
        library_url(space),
        data=data,
        headers=headers or {},
        content_type="multipart/form-data",
    )


def uploaded(
    client: FlaskClient, space: SpaceWithMembers, body: bytes, name: str
) -> dict[str, Any]:
    response = send(client, space, [(body, name)], JSON)
    assert response.status_code == 201, text_of(response)
    return response.get_json()["materials"][0]


# ---------------------------------------------------------------- who sees the library


@pytest.mark.parametrize(
    "role", ["admin", "teacher", "pupil_lead", "pupil", "observer"]
)
def test_members_see_the_library_in_the_space_nav(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers, role: str
) -> None:
    space.login(auth, role)
    html = text_of(client.get(f"/s/{space.project.slug}/"))
    assert f'href="{library_url(space)}"' in html
    library = client.get(library_url(space))
    assert library.status_code == 200
    assert ('enctype="multipart/form-data"' in text_of(library)) is (role != "observer")


@pytest.mark.parametrize("who", [None, "outsider"])
def test_outsiders_do_not_find_a_private_library(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers, who: str | None
) -> None:
    if who:
        space.login(auth, who)
    assert client.get(library_url(space)).status_code == 404
    assert client.get(library_url(space, "/1/a.jpg")).status_code == 404


def test_in_a_public_space_visitors_are_asked_to_sign_in(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers, session: Session
) -> None:
    """Materials are for members: ``material.view`` is no public capability."""
    space.login(auth, "teacher")
    item = uploaded(client, space, photo(), "farm.jpg")
    space.project.is_public = True
    commit(session)
    auth.logout()
    for url in (library_url(space), item["url"], item["thumbnail_url"]):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/login" in response.headers["Location"]
    space.login(auth, "outsider")
    assert fetch(client, item["url"]).status_code == 403
    assert f'href="{library_url(space)}"' not in text_of(
        client.get(f"/s/{space.project.slug}/")
    )


def test_visitors_see_the_images_a_public_page_shows_and_nothing_else(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers, session: Session
) -> None:
    space.login(auth, "teacher")
    shown = uploaded(client, space, photo(), "harvest.jpg")
    unused = uploaded(client, space, photo("navy"), "private.jpg")
    admin, project = space.users["admin"], space.project
    page = pages.create_page(session, admin, project, title="Results", body="x")
    pages.set_page_access(session, admin, project, page, visibility=Visibility.PUBLIC)
    revisions.save_revision(
        session, admin, project, page, body=shown["markdown"], base_number=1
    )
    project.is_public = True
    commit(session)
    auth.logout()
    assert f'src="{shown["url"]}"' in text_of(client.get(f"/s/{project.slug}/results"))
    assert fetch(client, shown["url"]).status_code == 200
    assert fetch(client, shown["thumbnail_url"]).status_code == 200
    assert client.get(unused["url"]).status_code == 302
    assert client.get(library_url(space)).status_code == 302
    pages.set_page_access(session, admin, project, page, visibility=Visibility.MEMBERS)
    commit(session)
    assert client.get(shown["url"]).status_code == 302


def test_the_library_and_detail_pages_have_labelled_fields_and_unique_ids(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> None:
    space.login(auth, "admin")
    item = uploaded(client, space, photo(), "farm.jpg")
    uploaded(client, space, b"%PDF-1.4", "plan.pdf")
    post(
        client,
        library_url(space, f"/{uploaded(client, space, b'x', 'x.txt')['id']}/delete"),
    )
    for url in (library_url(space), library_url(space, f"/{item['id']}")):
        audit = FormAudit()
        audit.feed(text_of(client.get(url)))
        assert not {i for i in audit.ids if audit.ids.count(i) > 1}, url
        assert unlabelled(audit) == [], url


# ---------------------------------------------------------------- uploading


def test_uploading_with_the_plain_form(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> None:
    space.login(auth, "pupil")
    response = send(
        client, space, [(photo(), "cows.jpg"), (b"%PDF-1.4 plan", "plan.pdf")]
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(library_url(space))
    html = text_of(client.get(library_url(space)))
    assert "2 files uploaded." in html
    assert 'alt="cows.jpg"' in html and "/-/thumbnail" in html
    assert "file-icon-pdf" in html and ">PDF</span>" in html


def test_the_json_answer_the_editor_relies_on(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> None:
    space.login(auth, "pupil_lead")
    response = send(
        client, space, [(photo(), "Field (1).jpg"), (b"a,b\n", "[scores].csv")], JSON
    )
    assert response.status_code == 201
    image, sheet = response.get_json()["materials"]
    base = library_url(space)
    assert image == {
        "id": image["id"],
        "name": "Field (1).jpg",
        "url": f"{base}/{image['id']}/Field%20%281%29.jpg",
        "thumbnail_url": f"{base}/{image['id']}/-/thumbnail",
        "is_image": True,
        "markdown": f"![Field (1).jpg]({base}/{image['id']}/Field%20%281%29.jpg)",
    }
    assert sheet["is_image"] is False and sheet["thumbnail_url"] is None
    assert sheet["markdown"] == f"[\\[scores\\].csv]({sheet['url']})"
    assert fetch(client, image["url"]).status_code == 200


@pytest.mark.parametrize(
    ("files", "message"),
    [([], "Choose at least one file"), ([(b"x" * 2048, "big.txt")], "larger than")],
)
def test_refused_uploads_answer_400_with_the_reason(
    app: Any,
    client: FlaskClient,
    auth: AuthActions,
    space: SpaceWithMembers,
    session: Session,
    files: list[tuple[bytes, str]],
    message: str,
) -> None:
    app.config["MAX_MATERIAL_BYTES"] = 1024
    space.login(auth, "teacher")
    response = send(client, space, files, JSON)
    assert response.status_code == 400
    assert message in response.get_json()["error"]
    form = send(client, space, files)
    assert form.status_code == 302
    assert message in text_of(client.get(library_url(space)))
    assert session.query(Material).count() == 0


def test_observers_may_not_upload(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> None:
    space.login(auth, "observer")
    response = send(client, space, [(b"x", "x.txt")], JSON)
    assert response.status_code == 403 and "error" in response.get_json()
    assert send(client, space, [(b"x", "x.txt")]).status_code == 403


def test_a_post_without_the_csrf_token_is_refused(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers, session: Session
) -> None:
    space.login(auth, "teacher")
    response = client.post(
        library_url(space),
        data={"file": (io.BytesIO(b"x"), "x.txt")},
        content_type="multipart/form-data",
        headers=JSON,
    )
    assert response.status_code == 400
    assert session.query(Material).count() == 0


def test_an_upload_can_belong_to_a_page(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers, session: Session
) -> None:
    page = pages.create_page(
        session, space.users["admin"], space.project, title="Farm visit"
    )
    commit(session)
    space.login(auth, "teacher")
    item = uploaded_to(client, space, page.id)
    assert session.get_one(Material, item["id"]).page_id == page.id
    response = send(client, space, [(b"x", "x.txt")], JSON, page="999999")
    assert response.status_code == 400 and "page" in response.get_json()["error"]


def uploaded_to(client: FlaskClient, space: SpaceWithMembers, page_id: int) -> Any:
    response = send(client, space, [(b"notes", "notes.txt")], JSON, page=str(page_id))
    assert response.status_code == 201
    return response.get_json()["materials"][0]


# ---------------------------------------------------------------- serving


def test_images_are_served_inline_and_never_sniffed(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> None:
    space.login(auth, "teacher")
    item = uploaded(client, space, photo(), "cows.jpg")
    response = fetch(client, item["url"])
    assert response.mimetype == "image/jpeg"
    assert response.headers["Content-Disposition"].startswith("inline")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert "private" in response.headers["Cache-Control"]
    assert response.content_length == len(response.data)
    etag = response.headers["ETag"]
    again = fetch(client, item["url"], headers={"If-None-Match": etag})
    assert again.status_code == 304
    thumbnail = fetch(client, item["thumbnail_url"])
    assert thumbnail.mimetype == "image/webp"
    assert thumbnail.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("body", "name", "served_as"),
    [
        (b"hello, not a photo", "cat.jpg", "application/octet-stream"),
        (b"<script>alert(1)</script>", "page.html", "application/octet-stream"),
        (
            b"<svg xmlns='http://www.w3.org/2000/svg'/>",
            "logo.svg",
            "application/octet-stream",
        ),
        (b"alert(1)", "tool.js", "application/octet-stream"),
        (b"%PDF-1.4", "plan.pdf", "application/pdf"),
        (b"plain words", "notes.txt", "text/plain"),
    ],
)
def test_other_files_are_attachments_that_cannot_run(
    client: FlaskClient,
    auth: AuthActions,
    space: SpaceWithMembers,
    body: bytes,
    name: str,
    served_as: str,
) -> None:
    space.login(auth, "teacher")
    item = uploaded(client, space, body, name)
    assert item["is_image"] is False
    response = fetch(client, item["url"])
    assert response.data == body
    assert response.mimetype == served_as
    disposition = f"attachment; filename=\"{name}\"; filename*=UTF-8''{name}"
    assert response.headers["Content-Disposition"] == disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert (
        fetch(client, library_url(space, f"/{item['id']}/-/thumbnail")).status_code
        == 404
    )


def test_a_file_called_like_an_action_is_still_served(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> None:
    space.login(auth, "teacher")
    item = uploaded(client, space, b"words", "rename")
    assert fetch(client, item["url"]).data == b"words"


# ---------------------------------------------------------------- detail, rename, trash


def test_detail_page_shows_the_file_and_where_it_is_used(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers, session: Session
) -> None:
    space.login(auth, "teacher")
    item = uploaded(client, space, photo(), "cows.jpg")
    pages.create_page(
        session,
        space.users["admin"],
        space.project,
        title="Farm visit",
        body=f"We met the cows:\n\n{item['markdown']}\n",
    )
    commit(session)
    html = text_of(client.get(library_url(space, f"/{item['id']}")))
    assert f'<img src="{item["url"]}" alt="cows.jpg"' in html
    assert ">Farm visit</a>" in html
    assert "64 \N{MULTIPLICATION SIGN} 48 pixels" in html
    assert "by Teacher_User" in html
    assert "Move to trash" in html  # teachers may delete


def test_text_files_show_their_first_lines(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> None:
    space.login(auth, "pupil")
    item = uploaded(client, space, b"Day 1: arrival\nDay 2: farm\n", "plan.txt")
    html = text_of(client.get(library_url(space, f"/{item['id']}")))
    assert "Day 1: arrival\nDay 2: farm</pre>" in html
    assert "No page shows or links to this file yet." in html
    assert "Move to trash" not in html  # pupils do not delete
    assert 'id="material-name"' in html  # but rename their own uploads


def test_renaming_keeps_old_links_working(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> None:
    space.login(auth, "teacher")
    item = uploaded(client, space, b"%PDF-1.4", "scan001.pdf")
    detail = library_url(space, f"/{item['id']}")
    response = post(client, f"{detail}/rename", {"name": "Farm plan.pdf"})
    assert response.headers["Location"].endswith(detail)
    assert "Renamed to “Farm plan.pdf”." in text_of(client.get(detail))
    old_link = fetch(client, item["url"])
    assert old_link.status_code == 200
    assert 'filename="Farm plan.pdf"' in old_link.headers["Content-Disposition"]
    refused = post(client, f"{detail}/rename", {"name": "  "})
    assert refused.status_code == 302
    assert "The file needs a name." in text_of(client.get(detail))


def test_pupils_rename_only_their_own_uploads(
    client: FlaskClient, app: Any, auth: AuthActions, space: SpaceWithMembers
) -> None:
    space.login(auth, "teacher")
    item = uploaded(client, space, b"x", "teacher.txt")
    pupil = app.test_client()
    space.login(AuthActions(pupil), "pupil")
    url = library_url(space, f"/{item['id']}/rename")
    assert post(pupil, url, {"name": "mine.txt"}).status_code == 403
    assert post(pupil, library_url(space, f"/{item['id']}/delete")).status_code == 403


def test_delete_to_the_trash_and_restore(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> None:
    space.login(auth, "teacher")
    item = uploaded(client, space, photo(), "cows.jpg")
    detail = library_url(space, f"/{item['id']}")
    response = post(client, f"{detail}/delete")
    assert response.headers["Location"].endswith(library_url(space))
    library = text_of(client.get(library_url(space)))
    assert "is in the trash" in library and "Materials in the trash" in library
    assert fetch(client, item["url"]).status_code == 404
    assert client.get(detail).status_code == 404
    assert post(client, f"{detail}/restore").headers["Location"].endswith(detail)
    assert fetch(client, item["url"]).status_code == 200
    assert post(client, f"{detail}/restore").status_code == 404  # not in the trash
