"""What an import refuses and how it fits a space into an installation that has data.

A changed archive (a member's checksum), a member the manifest does not list and a taken
address are refused before anything is written. A second copy of a space, under a new
address, gets new ids everywhere: links in its pages point at its own pages and files,
people with the same e-mail address are matched, others get free usernames.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select, update

from etwincms.archive.export import export_space
from etwincms.archive.importer import ImportResult, import_space
from etwincms.archive.package import ArchiveError
from etwincms.db import commit
from etwincms.demo import DEMO_PASSWORD
from etwincms.models import Membership, Page, Project, Revision, User
from etwincms.moderation.models import Consent, ConsentLevel, ShownPupil
from etwincms.testing import AuthActions

from .sites import app_session, build_demo, installation

MARIA_EMAIL = "maria@alqueria.example"


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """The demo space's archive; its coordinator has an e-mail address."""
    source_db = f"sqlite:///{tmp_path / 'source.db'}"
    with installation(tmp_path / "source", source_db) as app:
        slug = build_demo(app)
        with app_session(app) as session:
            session.execute(
                update(User).where(User.username == "maria").values(email=MARIA_EMAIL)
            )
            commit(session)
        target = tmp_path / "green-roots.zip"
        export_space(app, slug, target)
    return target


@pytest.fixture
def target(tmp_path: Path, database_url: str | None) -> Any:
    with installation(tmp_path / "target", database_url) as app:
        yield app


def run_import(app: Flask, path: Path, **options: Any) -> ImportResult:
    with app_session(app) as session:
        try:
            result = import_space(
                session, path, app.extensions["etwincms"].storage, **options
            )
        except ArchiveError:
            session.rollback()
            raise
        commit(session)
        return result


def spaces(app: Flask) -> int:
    with app_session(app) as session:
        return session.scalar(select(func.count()).select_from(Project)) or 0


def rewritten(path: Path, tmp_path: Path, change: Any) -> Path:
    """A copy of the zip with members changed by ``change(name, data) -> data | None``."""
    copy = tmp_path / "changed.zip"
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(copy, "w") as new:
        for info in old.infolist():
            data = change(info.filename, old.read(info.filename))
            if data is not None:
                new.writestr(info.filename, data)
    return copy


@pytest.mark.parametrize("member", ["tables/project.json", "files/"])
def test_a_changed_member_is_refused_by_its_checksum(
    archive: Path, target: Flask, tmp_path: Path, member: str
) -> None:
    def tamper(name: str, data: bytes) -> bytes:
        return (
            data.replace(b"Green Roots", b"Grey Roots").replace(b"week 3", b"week 4")
            if name.startswith(member)
            else data
        )

    with pytest.raises(ArchiveError, match=f"checksum of {member}"):
        run_import(target, rewritten(archive, tmp_path, tamper))
    assert spaces(target) == 0
    assert not any(Path(target.config["STORAGE_DIR"]).rglob("*"))  # no file copied


def test_a_member_the_manifest_does_not_list_is_refused(
    archive: Path, target: Flask, tmp_path: Path
) -> None:
    changed = rewritten(archive, tmp_path, lambda name, data: data)
    with zipfile.ZipFile(changed, "a") as extra:
        extra.writestr("../../etc/cron.d/evil", b"* * * * * root true")
    with pytest.raises(ArchiveError, match="unexpected"):
        run_import(target, changed)
    assert spaces(target) == 0


def test_a_site_backup_is_not_taken_for_a_space_archive(
    archive: Path, target: Flask, tmp_path: Path
) -> None:
    def as_backup(name: str, data: bytes) -> bytes:
        return (
            data.replace(b"etwincms-space-archive", b"etwincms-backup")
            if name == "manifest.json"
            else data
        )

    with pytest.raises(ArchiveError, match="not a space archive"):
        run_import(target, rewritten(archive, tmp_path, as_backup))


def test_a_taken_address_is_refused_unless_a_new_one_is_given(
    archive: Path, target: Flask
) -> None:
    first = run_import(target, archive)
    assert_sign_in(target)
    with pytest.raises(ArchiveError, match="--slug"):
        run_import(target, archive)
    assert spaces(target) == 1
    second = run_import(target, archive, slug="green-roots-copy")
    assert second.project.slug == "green-roots-copy" and spaces(target) == 2
    assert_own_links(target, second)
    assert_people(target, first, second)


def assert_sign_in(app: Flask) -> None:
    """Teachers sign in with the password they had; pupils wait for their teacher."""
    client = app.test_client()
    assert AuthActions(client).login("vicent", DEMO_PASSWORD).status_code == 302
    AuthActions(client).logout()
    assert AuthActions(client).login("lucia", DEMO_PASSWORD).status_code == 200
    with app_session(app) as session:
        admin = session.scalar(select(User).where(User.username == "admin"))
    assert admin is None  # the source's site admin is no member: not carried


def assert_own_links(app: Flask, result: ImportResult) -> None:
    """Every link in the copy's pages points at the copy's own pages and files."""
    with app_session(app) as session:
        own_pages = set(
            session.scalars(select(Page.id).where(Page.project_id == result.project.id))
        )
        html = " ".join(
            session.scalars(
                select(Revision.rendered_html)
                .join(Page)
                .where(Page.project_id == result.project.id)
            )
        )
    assert "/s/green-roots/" not in html
    linked = {int(n) for n in re.findall(r"/s/green-roots-copy/-/id/(\d+)", html)}
    assert linked and linked <= own_pages
    material = result.mapping["material"][1]
    assert f"/s/green-roots-copy/-/materials/{material}/notes.txt" in html
    with app_session(app) as session:
        shown = session.scalar(
            select(ShownPupil.item_id).where(ShownPupil.project_id == result.project.id)
        )
        notes = session.scalar(
            select(Page.id).where(
                Page.project_id == result.project.id, Page.title == "Field notes"
            )
        )
    assert shown == f"page:{notes}"


def assert_people(app: Flask, first: ImportResult, second: ImportResult) -> None:
    """Maria (an e-mail address) is one person in both copies; pupils are new accounts,
    with their consent."""
    assert first.matched_users == [] and second.matched_users == ["maria"]
    assert second.renamed_users["lucia"] == "lucia-2"
    with app_session(app) as session:
        maria = session.scalar(select(User).where(User.email == MARIA_EMAIL))
        spaces_of_maria = session.scalar(
            select(func.count())
            .select_from(Membership)
            .where(Membership.user_id == maria.id)
        )
        lucia = session.scalar(select(User).where(User.username == "lucia-2"))
        consent = session.scalar(select(Consent).where(Consent.pupil_id == lucia.id))
    assert spaces_of_maria == 2
    assert lucia.password_hash is None and lucia.must_change_password
    assert consent.level is ConsentLevel.PUBLIC and consent.recorded_by_id == maria.id
