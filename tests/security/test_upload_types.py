"""Uploads are typed by their bytes and served so that nothing in them can run or be framed.

Each file below is uploaded over HTTP with a misleading name and a misleading declared
type; the type it is served with must follow its bytes (never the name's extension or the
client's ``Content-Type``), images must come back inline and re-encoded, everything else
(SVG, HTML, scripts, PDF, office files) as an attachment, and every answer must carry
``nosniff`` and a CSP that sandboxes the file and forbids framing it. SVG is served as
an attachment of plain bytes (never ``image/svg+xml``), so its scripts run neither when
its address is opened nor when a page shows it as an image; the gallery refuses it.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from flask.testing import FlaskClient
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

import etwincms_gallery
from etwincms.db import commit
from etwincms.services import pages
from etwincms.services import plugins as space_plugins
from etwincms.testing import AuthActions, SpaceWithMembers, csrf_token
from etwincms_gallery import services as gallery
from etwincms_gallery.models import Item
from tests.security.uploading import check_disposition, png, post_files

JSON = {"Accept": "application/json"}
HTML = (
    b"<!doctype html><html><body><script>alert(document.domain)</script></body></html>"
)
SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(document.cookie)</script></svg>"
)
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(64)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
OCTETS = "application/octet-stream"


def a_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def a_jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), "teal").save(out, "JPEG")
    return out.getvalue()


#: (name, bytes, type claimed by the client, type served, served inline)
CASES = [
    ("holiday.png", HTML, "image/png", OCTETS, False),
    ("page.html", HTML, "text/html", OCTETS, False),
    ("logo.svg", SVG, "image/svg+xml", OCTETS, False),
    ("logo.png", SVG, "image/png", OCTETS, False),
    ("tool.js", b"alert(1)", "text/javascript", OCTETS, False),
    ("notes.txt", b"%PDF-1.4\n%%EOF", "text/plain", "application/pdf", False),
    ("report.pdf", b"just some words", "application/pdf", OCTETS, False),
    ("marks.csv", b"name,mark\nAna,9\n", "text/csv", "text/csv", False),
    ("essay.docx", a_zip(), "application/zip", DOCX, False),
    ("photo.jpg", a_zip(), "image/jpeg", "application/zip", False),
    ("clip.txt", MP4, "text/plain", "video/mp4", False),
    ("scan.pdf", a_jpeg(), "application/pdf", "image/jpeg", True),
    ("drawing.svg", png(), "image/svg+xml", "image/png", True),
]


@pytest.fixture
def plugins() -> list[Any]:
    return [etwincms_gallery]


@pytest.fixture
def teacher(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> FlaskClient:
    space.login(auth, "teacher")
    return client


def upload(
    client: FlaskClient,
    space: SpaceWithMembers,
    name: str,
    body: bytes,
    declared: str = OCTETS,
) -> dict[str, Any]:
    """Upload one file to the library; the editor's JSON answer for it."""
    library = f"/s/{space.project.slug}/-/materials"
    response = post_files(client, library, [(name, body)], declared, **JSON)
    assert response.status_code == 201, response.get_data(as_text=True)
    (sent,) = response.get_json()["materials"]
    return dict(sent)


def check_headers(response: Any) -> None:
    """``nosniff`` and a CSP that runs nothing and lets no page frame the file."""
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    policy = [
        part.strip() for part in response.headers["Content-Security-Policy"].split(";")
    ]
    assert {"default-src 'none'", "sandbox", "frame-ancestors 'none'"} <= set(policy)
    assert not any("script" in part or "unsafe" in part for part in policy)


def test_files_are_served_as_their_bytes_say_whatever_name_or_declared_type(
    teacher: FlaskClient, space: SpaceWithMembers
) -> None:
    for name, body, declared, served_as, inline in CASES:
        sent = upload(teacher, space, name, body, declared)
        response = teacher.get(sent["url"], buffered=True)
        assert (response.status_code, response.mimetype) == (200, served_as), name
        assert sent["is_image"] is inline, name
        check_disposition(response.headers["Content-Disposition"], inline=inline)
        check_headers(response)
        if not inline:
            assert response.data == body, name  # stored as sent, never rewritten
        else:
            thumbnail = teacher.get(sent["thumbnail_url"], buffered=True)
            check_headers(thumbnail)


def test_an_svg_never_runs_opened_or_shown_as_an_image(
    teacher: FlaskClient, space: SpaceWithMembers, session: Session
) -> None:
    svg = upload(teacher, space, "badge.svg", SVG, "image/svg+xml")
    assert svg["markdown"] == f"[badge.svg]({svg['url']})"  # a link, not an image
    pages.create_page(
        session,
        space.users["admin"],
        space.project,
        title="Badges",
        body=f"![badge]({svg['url']})\n\n{svg['markdown']}\n",
    )
    commit(session)
    page = teacher.get(f"/s/{space.project.slug}/badges").get_data(as_text=True)
    assert f'src="{svg["url"]}"' in page  # the Markdown image points at the file...
    served = teacher.get(svg["url"], buffered=True)
    assert (
        served.mimetype == OCTETS
    )  # ...which no browser renders as SVG, in <img> or not
    check_disposition(served.headers["Content-Disposition"], inline=False)
    check_headers(served)
    thumbnail = teacher.get(
        f"/s/{space.project.slug}/-/materials/{svg['id']}/-/thumbnail"
    )
    assert thumbnail.status_code == 404
    api = teacher.get(
        f"/api/v1/projects/{space.project.slug}/materials/{svg['id']}/content",
        buffered=True,
    )
    assert api.status_code == 200 and api.mimetype == OCTETS
    check_headers(api)


def test_renaming_never_makes_a_file_something_else(
    teacher: FlaskClient, space: SpaceWithMembers
) -> None:
    page = upload(teacher, space, "notes.txt", HTML)
    detail = f"/s/{space.project.slug}/-/materials/{page['id']}"
    token = csrf_token(teacher.get(detail).get_data(as_text=True))
    renamed = teacher.post(
        f"{detail}/rename", data={"name": "index.html", "csrf_token": token}
    )
    assert renamed.status_code == 302
    served = teacher.get(page["url"], buffered=True)
    assert served.mimetype == OCTETS
    assert (
        check_disposition(served.headers["Content-Disposition"], inline=False)
        == "index.html"
    )


def test_the_gallery_refuses_svg_and_html_and_serves_photos_inline(
    teacher: FlaskClient, space: SpaceWithMembers, session: Session
) -> None:
    admin = space.users["admin"]
    space_plugins.enable_plugin(session, admin, space.project, "gallery")
    album = gallery.create_album(session, admin, space.project, title="Types")
    commit(session)
    base = f"/s/{space.project.slug}/-/gallery"
    upload_url = f"{base}/a/{album.id}/upload"
    for name, body in (("logo.svg", SVG), ("photo.jpg", HTML)):
        refused = post_files(teacher, upload_url, [(name, body)], "image/jpeg", **JSON)
        assert refused.status_code == 422, name
    sent = [("poster.svg", png())]
    assert (
        post_files(teacher, upload_url, sent, "image/svg+xml", **JSON).status_code
        == 201
    )
    item = session.scalars(select(Item)).one()
    for variant, media_type in (("file", "image/png"), ("small", "image/webp")):
        served = teacher.get(f"{base}/i/{item.id}/{variant}", buffered=True)
        assert served.mimetype == media_type, variant
        check_disposition(served.headers["Content-Disposition"], inline=True)
        check_headers(served)
