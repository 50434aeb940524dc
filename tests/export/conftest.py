"""Fixtures of the export suite: a space with public, members-only, nested and trashed
pages, a library picture and a private file, pupils with real names, and the showcase
test plugin switched on."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Any

import pytest
from PIL import Image
from sqlalchemy.orm import Session

from etwincms.db import commit
from etwincms.export.site import build_site
from etwincms.models import Material, Page, Project, Role, User
from etwincms.models.page import Visibility
from etwincms.services import materials, pages, revisions
from etwincms.testing import Factory, SpaceWithMembers

from . import showcase

SECRETS = ("TOPSECRET", "HIDDENCHILD", "TRASHEDPAGE", "PRIVATEFILE")


@pytest.fixture
def plugins() -> list[Any]:
    return [showcase]


@pytest.fixture(autouse=True)
def no_leak() -> None:
    showcase.LEAK.update(on=False, fail=False)


@dataclass
class World:
    session: Session
    project: Project
    users: dict[str, User]
    picture: Material
    welcome: Page
    diary: Page

    def build(self) -> dict[str, bytes]:
        """Export the space and answer the zip's files."""
        target = io.BytesIO()
        build_site(self.session, self.project, target)
        return unzip(target.getvalue())


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def welcome_body(picture_url: str) -> str:
    return (
        "Welcome to our **glacier** project. See [[Visit diary]] and [[Secret plans]].\n\n"
        f"![Our photo]({picture_url})\n\n[Partner](https://partner.example.org/page)"
    )


@pytest.fixture
def world(session: Session, make: Factory, space: SpaceWithMembers) -> World:
    project, admin = space.project, space.users["admin"]
    project.is_public = True  # visitors read its public pages
    users = dict(space.users)
    users["maria"] = make.user("maria.lopez", kind="pupil", school=make.school("es"))
    users["maria"].display_name = "María López"
    make.member(project, users["maria"], Role.PUPIL)
    picture = materials.attach_material(
        session, admin, project, io.BytesIO(png_bytes()), filename="glacier photo.png"
    )
    materials.attach_material(
        session,
        admin,
        project,
        io.BytesIO(b"PRIVATEFILE notes"),
        filename="private.txt",
    )
    public = Visibility.PUBLIC
    url = f"/s/{project.slug}/-/materials/{picture.id}/glacier%20photo.png"
    welcome = pages.create_page(
        session,
        admin,
        project,
        title="Welcome",
        visibility=public,
        body=welcome_body(url),
    )
    diary = pages.create_page(
        session,
        admin,
        project,
        title="Visit diary",
        parent=welcome,
        visibility=public,
        body="We walked on the moraine. Back to [[Welcome]].",
    )
    secret = pages.create_page(
        session, admin, project, title="Secret plans", body="TOPSECRET plans"
    )
    pages.create_page(
        session,
        admin,
        project,
        title="Hidden child",
        parent=secret,
        visibility=public,
        body="HIDDENCHILD",
    )
    old = pages.create_page(
        session, admin, project, title="Old news", visibility=public, body="TRASHEDPAGE"
    )
    pages.trash_page(session, admin, project, old)
    # Saved again now that its wiki links' targets exist (links resolve at save).
    revisions.save_revision(
        session, admin, project, welcome, body=welcome_body(url), base_number=1
    )
    commit(session)
    return World(session, project, users, picture, welcome, diary)
