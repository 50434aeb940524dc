"""Fixtures for the gallery's tests: the core's fixtures with the gallery plugin loaded.

``plugins`` makes the core's ``app`` fixture load the gallery; ``gallery`` switches it on
in the core's ``space`` (a member of every role, an outsider, a site admin) through the
real service and offers helpers that act by role name through the gallery's services.
``browser`` drives the test client as any of them, posting forms with a CSRF token.
Image makers build real files with Pillow: a JPEG with GPS EXIF and XMP, a PNG bomb.
"""

from __future__ import annotations

import io
import struct
import zlib
from typing import Any

import pytest
from flask.testing import FlaskClient
from PIL import Image
from sqlalchemy.orm import Session

import etwincms_gallery
from etwincms.db import commit
from etwincms.models import Project, User
from etwincms.services import plugins as space_plugins
from etwincms.testing import AuthActions, SpaceWithMembers, csrf_token
from etwincms_gallery import publication, services
from etwincms_gallery.models import Album, Item


@pytest.fixture
def plugins() -> list[Any]:
    return [etwincms_gallery]


class GallerySpace:
    """The core's test space with the gallery switched on; helpers act by role name."""

    def __init__(self, space: SpaceWithMembers, session: Session) -> None:
        self.session, self.users = session, space.users
        self.project: Project = space.project
        space_plugins.enable_plugin(
            session, self.users["admin"], self.project, "gallery"
        )
        commit(session)

    @property
    def url(self) -> str:
        return f"/s/{self.project.slug}/-/gallery"

    @property
    def api(self) -> str:
        return f"/api/v1/projects/{self.project.slug}/gallery"

    def user(self, role: str) -> User:
        return self.users[role]

    def make_album(self, title: str = "Valencia 2026", **fields: Any) -> Album:
        album = services.create_album(
            self.session, self.users["admin"], self.project, title=title, **fields
        )
        commit(self.session)
        return album

    def upload(
        self, role: str, album: Album, data: bytes | None = None, name: str = "a.png"
    ) -> Item:
        items, _notes = services.upload_items(
            self.session,
            self.users[role],
            self.project,
            album,
            [(io.BytesIO(data or png()), name)],
        )
        commit(self.session)
        return items[0]

    def edit(self, role: str, item: Item, **fields: Any) -> None:
        services.update_item(
            self.session, self.users[role], self.project, item, **fields
        )
        commit(self.session)

    def approve(self, item: Item) -> None:
        """A teacher lets a pupil's item in a public album go public (the queue's hook)."""
        publication.decide(self.session, self.project, f"gallery_item:{item.id}", True)
        commit(self.session)

    def make_public(self) -> None:
        self.project.is_public = True
        self.session.commit()


@pytest.fixture
def gallery(space: SpaceWithMembers, session: Session) -> GallerySpace:
    return GallerySpace(space, session)


class Browser:
    """The test client signed in as a member of some role, posting with a CSRF token."""

    def __init__(
        self, client: FlaskClient, auth: AuthActions, gallery: GallerySpace
    ) -> None:
        self.client, self.auth, self.gallery = client, auth, gallery

    def login(self, role: str | None) -> None:
        """Sign in as the member with ``role`` (``None``: an anonymous visitor)."""
        if self.client.get("/spaces").status_code == 200:
            self.auth.logout()
        if role is not None:
            username = self.gallery.users[role].username
            assert self.auth.login(username).status_code == 302

    def get(self, path: str, **kwargs: Any) -> Any:
        """GET, reading the whole body (so a served file is closed, as a server would)."""
        return self.client.get(self.gallery.url + path, buffered=True, **kwargs)

    def post(self, path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        data = {**(data or {}), "csrf_token": self.token()}
        return self.client.post(self.gallery.url + path, data=data, **kwargs)

    def upload(self, album: Album, *files: tuple[bytes, str], **kwargs: Any) -> Any:
        data = {"file": [(io.BytesIO(body), name) for body, name in files]}
        return self.post(
            f"/a/{album.id}/upload",
            data,
            content_type="multipart/form-data",
            **kwargs,
        )

    def token(self) -> str:
        page = self.client.get("/spaces")
        if page.status_code != 200:
            page = self.client.get("/login")
        return csrf_token(page.get_data(as_text=True))


@pytest.fixture
def browser(client: FlaskClient, auth: AuthActions, gallery: GallerySpace) -> Browser:
    return Browser(client, auth, gallery)


def text(response: Any) -> str:
    return response.get_data(as_text=True)


# -- files ---------------------------------------------------------------------------


def png(size: tuple[int, int] = (40, 30), colour: str = "olive") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b"<rdf:Description>secret-xmp-location</rdf:Description></rdf:RDF></x:xmpmeta>"
)


def jpeg_with_gps(orientation: int = 6) -> bytes:
    """A 60x40 JPEG carrying GPS EXIF (Valencia), an orientation, and an XMP packet."""
    image = Image.new("RGB", (60, 40), "red")
    exif = Image.Exif()
    exif[0x0112] = orientation  # rotate 90° clockwise to show upright
    exif[0x010F] = "PupilPhone"
    gps = {1: "N", 2: (39.0, 28.0, 11.0), 3: "W", 4: (0.0, 22.0, 35.0)}
    exif[0x8825] = gps
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), xmp=XMP)
    return out.getvalue()


def png_bomb(width: int = 30_000, height: int = 30_000) -> bytes:
    """A valid PNG header claiming ``width`` x ``height`` pixels, with a tiny body."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (1 + width // 8) * 16)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", rows)
        + chunk(b"IEND", b"")
    )


def mp4(size: int = 4096) -> bytes:
    """Bytes that start like an MP4 (an ``ftyp`` box), then a known pattern."""
    head = struct.pack(">I", 24) + b"ftypisom" + b"\x00\x00\x02\x00" + b"isomiso2"
    return head + bytes(range(256)) * (size // 256)
