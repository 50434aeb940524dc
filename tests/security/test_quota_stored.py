"""The space quota counts what is stored, not what was uploaded.

Images are re-encoded before they are stored (their EXIF, GPS and comments left behind),
so the stored file is not the upload: here a photo carrying 20 KB of metadata is sent to
the materials library and to the gallery, and the space's counted usage is the bytes of
the two stored files, read back from storage, not the bytes sent. (Thumbnails, made by
the site itself, are not counted.)
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from flask.testing import FlaskClient
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

import etwincms_gallery
from etwincms.models import Material
from etwincms.services import quota
from etwincms.state import get_state
from etwincms.testing import AuthActions, SpaceWithMembers
from etwincms_gallery.models import Item
from tests.security.test_upload_quota import album_upload_url
from tests.security.uploading import post_files

JSON = {"Accept": "application/json"}


@pytest.fixture
def plugins() -> list[Any]:
    return [etwincms_gallery]


def photo_with_metadata(seed: int) -> bytes:
    """A small JPEG carrying a 20 KB EXIF comment (as phones' photos carry GPS and more)."""
    exif = Image.Exif()
    exif[0x9286] = "x" * 20_000  # UserComment
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (seed, 120, 60)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def stored_size(key: str) -> int:
    with get_state().storage.open(key) as stored:
        return len(stored.read())


def test_the_quota_counts_the_re_encoded_files_as_stored(
    client: FlaskClient, auth: AuthActions, session: Session, space: SpaceWithMembers
) -> None:
    space.login(auth, "teacher")
    sent = {"library": photo_with_metadata(1), "gallery": photo_with_metadata(2)}
    library = f"/s/{space.project.slug}/-/materials"
    answer = post_files(client, library, [("a.jpg", sent["library"])], **JSON)
    assert answer.status_code == 201
    answer = post_files(
        client, album_upload_url(session, space), [("b.jpg", sent["gallery"])], **JSON
    )
    assert answer.status_code == 201
    material = session.scalars(select(Material)).one()
    item = session.scalars(select(Item)).one()
    stored = {
        "library": stored_size(material.storage_key),
        "gallery": stored_size(item.storage_key),
    }
    for place in sent:
        assert stored[place] < len(sent[place]) - 19_000, place  # the metadata is gone
    used = quota.usage(session, space.project).used
    assert used == stored["library"] + stored["gallery"]
    assert used != len(sent["library"]) + len(sent["gallery"])
