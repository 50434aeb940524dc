"""Uploaded documents become searchable: their text is read after the upload, off the
request path, and the detail page says whether it was.

Every document is built here (zip + XML for DOCX, PPTX, ODT and ODP, a hand-written PDF
with a text stream), uploaded over HTTP as a teacher, and then found through the real
search by a word that occurs only inside it. Extraction runs as in production: a
background thread of the app, and a child process per file.
"""

from __future__ import annotations

import io
import time
import zipfile
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import MetaData, Table, func, select, text

from etwincms import migrate
from etwincms.app import create_app
from etwincms.extraction import executor
from etwincms.models import SearchOutbox
from etwincms.models.material import Material, TextStatus
from etwincms.testing import AuthActions, SpaceWithMembers, csrf_token, make_config

JSON = {"Accept": "application/json"}
WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DRAWING_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
SLIDE_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)
WAIT_SECONDS = 60


# ---------------------------------------------------------------- documents


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


def zipped(members: list[tuple[str, bytes | str]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            stored = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=stored)
    return out.getvalue()


def word_xml(body: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{WORD_NS}"><w:body>{body}</w:body></w:document>'
    )


def docx(*paragraphs: str) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{escape(p)}</w:t></w:r></w:p>" for p in paragraphs)
    return zipped(
        [("[Content_Types].xml", CONTENT_TYPES), ("word/document.xml", word_xml(body))]
    )


def pptx(*slides: str) -> bytes:
    members: list[tuple[str, bytes | str]] = [("[Content_Types].xml", CONTENT_TYPES)]
    for number, words in enumerate(slides, 1):
        shape = f"<a:p><a:r><a:t>{escape(words)}</a:t></a:r></a:p>"
        members.append(
            (
                f"ppt/slides/slide{number}.xml",
                f'<p:sld xmlns:p="{SLIDE_NS}" xmlns:a="{DRAWING_NS}"><p:cSld><p:spTree>'
                f"<p:sp><p:txBody>{shape}</p:txBody></p:sp></p:spTree></p:cSld></p:sld>",
            )
        )
    return zipped(members)


def odf(kind: str, *paragraphs: str) -> bytes:
    body = "".join(f"<text:p>{escape(p)}</text:p>" for p in paragraphs)
    content = (
        f'<office:document-content xmlns:office="{OFFICE_NS}" xmlns:text="{TEXT_NS}">'
        f"<office:body><office:{kind}>{body}</office:{kind}></office:body>"
        "</office:document-content>"
    )
    mimetype = f"application/vnd.oasis.opendocument.{kind}"
    return zipped([("mimetype", mimetype), ("content.xml", content)])


def pdf_from_streams(streams: list[bytes], *, flate: bool = False) -> bytes:
    """A valid PDF with one page per content stream, Helvetica as its font."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    kids = []
    for stream in streams:
        number = len(objects) + 1
        kids.append(f"{number} 0 R")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (number + 1)
        )
        data = zlib.compress(stream) if flate else stream
        extra = b" /Filter /FlateDecode" if flate else b""
        objects.append(
            b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(data), extra, data)
        )
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    objects[1] = objects[1].encode()  # type: ignore[union-attr]
    return pdf_file(objects)


def pdf_file(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def pdf(*lines: str) -> bytes:
    return pdf_from_streams(
        [b"BT /F1 12 Tf 72 720 Td (%s) Tj ET" % line.encode() for line in lines]
    )


# ---------------------------------------------------------------- helpers


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    return {**app_config, "EXTRACT_MODE": "thread"}


@pytest.fixture(autouse=True)
def stop_extractor(app: Flask) -> Iterator[None]:
    """The extraction thread ends before the app's database goes away."""
    yield
    running = app.extensions.get(executor.KEY)
    if running is not None:
        running.stop(timeout=WAIT_SECONDS)


def upload(client: FlaskClient, space: SpaceWithMembers, body: bytes, name: str) -> int:
    token = csrf_token(client.get("/spaces").get_data(as_text=True))
    response = client.post(
        f"/s/{space.project.slug}/-/materials",
        data={"csrf_token": token, "file": [(io.BytesIO(body), name)]},
        headers=JSON,
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["materials"][0]["id"]


def material_row(app: Flask, material_id: int) -> Material:
    with app.extensions["etwincms"].db.session() as session:
        material = session.get(Material, material_id)
        assert material is not None
        session.expunge(material)
        return material


def wait_done(app: Flask, material_id: int, timeout: float = WAIT_SECONDS) -> Material:
    """The material once its outcome is committed and the index has applied it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        material = material_row(app, material_id)
        if material.text_status != TextStatus.PENDING and not queued(app, material_id):
            return material
        time.sleep(0.05)
    raise AssertionError(f"material {material_id} still pending after {timeout} s")


def queued(app: Flask, material_id: int) -> bool:
    """Whether the search outbox still holds index work for the material."""
    target = f"material:{material_id}"
    with app.extensions["etwincms"].db.session() as session:
        found = session.scalar(
            select(func.count()).where(SearchOutbox.target == target)
        )
    return bool(found)


def search_page(client: FlaskClient, words: str) -> str:
    return client.get(f"/search?q={words}").get_data(as_text=True)


def detail_page(client: FlaskClient, space: SpaceWithMembers, material_id: int) -> str:
    url = f"/s/{space.project.slug}/-/materials/{material_id}"
    return client.get(url).get_data(as_text=True)


# ---------------------------------------------------------------- tests

DOCUMENTS = {
    "minutes.docx": (
        docx("Minutes of the meeting", "We saw a quokkafirst"),
        "quokkafirst",
    ),
    "slides.pptx": (
        pptx("Title slide", "Habitat of the narwhalsecond"),
        "narwhalsecond",
    ),
    "story.odt": (
        odf("text", "Once upon a time", "a pangolinthird slept"),
        "pangolinthird",
    ),
    "talk.odp": (odf("presentation", "Our axolotlfourth"), "axolotlfourth"),
    "report.pdf": (pdf("Report on the", "marmosetfifth survey"), "marmosetfifth"),
    "notes.md": (b"# Notes\n\nThe *tapirsixth* came.\n", "tapirsixth"),
}


def test_uploaded_documents_are_found_by_the_words_inside_them(
    app: Flask, client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> None:
    space.login(auth, "teacher")
    for name, (_, word) in DOCUMENTS.items():
        assert name not in search_page(client, word)
    ids = {
        name: upload(client, space, body, name) for name, (body, _) in DOCUMENTS.items()
    }
    for name, material_id in ids.items():
        done = wait_done(app, material_id)
        assert done.text_status == TextStatus.EXTRACTED, (name, done.text_reason)
    space.login(auth, "pupil")  # another member finds them too
    for name, (_, word) in DOCUMENTS.items():
        html = search_page(client, word)
        assert name in html, (name, word)
        others = [other for other in DOCUMENTS if other != name]
        assert not any(other in html for other in others)


def test_the_detail_page_says_the_text_is_indexed(
    app: Flask, client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> None:
    space.login(auth, "teacher")
    material_id = upload(client, space, docx("Agenda for Tuesday"), "agenda.docx")
    wait_done(app, material_id)
    html = detail_page(client, space, material_id)
    assert "Text indexed for search" in html
    assert "Text not extracted" not in html


def test_a_broken_document_is_marked_with_a_reason_and_the_upload_succeeds(
    app: Flask, client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> None:
    space.login(auth, "teacher")
    broken = b"%PDF-1.4\n" + b"<script>not a pdf</script>" * 10
    material_id = upload(client, space, broken, "<b>broken.pdf")
    done = wait_done(app, material_id)
    assert done.text_status == TextStatus.NOT_EXTRACTED
    assert done.text_reason == "unreadable"
    html = detail_page(client, space, material_id)
    assert "Text not extracted: the file is damaged" in html
    assert "<b>broken" not in html and "&lt;b&gt;broken.pdf" in html


def test_images_and_other_files_are_not_queued(
    app: Flask, client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> None:
    from PIL import Image

    photo = io.BytesIO()
    Image.new("RGB", (8, 8), "olive").save(photo, "PNG")
    space.login(auth, "teacher")
    image_id = upload(client, space, photo.getvalue(), "photo.png")
    binary_id = upload(client, space, bytes(range(256)) * 4, "sound.wav")
    for material_id in (image_id, binary_id):
        assert material_row(app, material_id).text_status == TextStatus.NONE
        assert "Text" not in detail_page(client, space, material_id).split("<dl")[1]
    assert executor.KEY not in app.extensions  # nothing to read: no thread was made


def test_the_same_bytes_uploaded_again_reuse_the_text(
    app: Flask, client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> None:
    space.login(auth, "teacher")
    body = docx("The ibexseventh climbs")
    first = upload(client, space, body, "first.docx")
    wait_done(app, first)
    second = upload(client, space, body, "second.docx")
    assert wait_done(app, second).extracted_text == "The ibexseventh climbs"
    html = search_page(client, "ibexseventh")
    assert "first.docx" in html and "second.docx" in html


def test_materials_left_pending_are_extracted_when_the_thread_starts(
    app: Flask, client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> None:
    """As after a crash: rows pending in the database, no thread running yet."""
    app.config["EXTRACT_MODE"] = "off"
    space.login(auth, "teacher")
    material_id = upload(client, space, docx("The okapieighth hides"), "left.docx")
    time.sleep(0.3)
    assert material_row(app, material_id).text_status == TextStatus.PENDING
    assert executor.KEY not in app.extensions
    app.config["EXTRACT_MODE"] = "thread"
    html = detail_page(client, space, material_id)  # a visit nudges the extractor
    assert "being read for search" in html
    assert wait_done(app, material_id).text_status == TextStatus.EXTRACTED
    assert "left.docx" in search_page(client, "okapieighth")


def test_the_migration_queues_files_uploaded_before_it(
    tmp_path: Any, empty_database_url: str
) -> None:
    """Existing documents are read once after the upgrade; images are left alone."""
    app = create_app(make_config(tmp_path, empty_database_url), plugins=[])
    migrate.upgrade(app, "0003_search_outbox")
    engine = migrate.engine_of(app)
    now = datetime.now(UTC)
    with engine.begin() as connection:
        tables = MetaData()
        project, material = (
            Table(name, tables, autoload_with=connection)
            for name in ("project", "material")
        )
        connection.execute(
            project.insert().values(
                id=1,
                slug="old",
                title="Old",
                description="",
                languages=[],
                subjects=[],
                status="active",
                is_public=False,
                role_overrides={},
                created_at=now,
                updated_at=now,
            )
        )
        file = {
            "project_id": 1,
            "media_type": "x",
            "size": 1,
            "sha256": "0" * 64,
            "original_name": "old file",
            "created_at": now,
        }
        connection.execute(
            material.insert(),
            [
                {**file, "id": 1, "storage_key": "k1", "thumbnail_key": None},
                {**file, "id": 2, "storage_key": "k2", "thumbnail_key": "t2"},
            ],
        )
    migrate.upgrade(app)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT id, text_status FROM material ORDER BY id")
        )
        assert rows.all() == [(1, "pending"), (2, "none")]
    engine.dispose()
