"""Hostile file names, uploaded over HTTP to the materials library and to the gallery.

Every line of ``tests/data/adversarial/filenames.txt`` (traversal, absolute and UNC
paths, NUL and CR/LF, reserved device names, bidi overrides, double extensions, very
long names, markup) plus the empty name is sent exactly as a multipart file name. Each
must be stored under the hash of its bytes and nowhere else, come back as metadata with
no path part and nothing invisible, be shown escaped on the listing and detail pages
(the XSS oracle finds nothing there that the same page with a plain name lacks: the
site's own forms and scripts are not what is tested here), and be served with an RFC
6266 ``Content-Disposition`` that no name can split. The storage root sits four folders
deep in the test's folder and the process works in a folder of its own, so a name that
escaped either would leave a file this suite sees.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from sqlalchemy import select
from sqlalchemy.orm import Session

import etwincms_gallery
from etwincms.db import commit
from etwincms.models import Material
from etwincms.services import plugins as space_plugins
from etwincms.testing import AuthActions, SpaceWithMembers, make_config
from etwincms_gallery import services as gallery
from etwincms_gallery.models import Item
from etwincms_gallery.services import MAX_BATCH
from tests.security.adversarial import is_dangerous, payloads
from tests.security.uploading import (
    KEY,
    check_disposition,
    files_under,
    png,
    post_files,
    visible,
)

JSON = {"Accept": "application/json"}
MARKUP = re.compile(r"[<>\"'&]")
NAMES = (*payloads("filenames.txt"), "")
#: Where a traversal of up to four ``..`` from the storage root would land: the test's folder.
DEPTH = ("deep", "er", "still", "storage")


@pytest.fixture
def plugins() -> list[Any]:
    return [etwincms_gallery]


@pytest.fixture
def app_config(tmp_path: Path, database_url: str | None) -> dict[str, Any]:
    return make_config(
        tmp_path, database_url, STORAGE_DIR=str(tmp_path.joinpath(*DEPTH))
    )


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The process's current folder during the test, so relative writes land in sight."""
    folder = tmp_path / "cwd" / "a" / "b"
    folder.mkdir(parents=True)
    monkeypatch.chdir(folder)
    return folder


@pytest.fixture
def teacher(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> FlaskClient:
    space.login(auth, "teacher")
    return client


def test_names_are_sent_exactly_as_the_corpus_has_them() -> None:
    assert len(NAMES) == 100 and len(set(NAMES)) == 100
    assert any("\x00" in n for n in NAMES) and any("\r\n" in n for n in NAMES)
    assert any("\u202e" in n for n in NAMES) and "" in NAMES


def test_hostile_names_in_the_materials_library(
    app: Flask,
    teacher: FlaskClient,
    space: SpaceWithMembers,
    session: Session,
    tmp_path: Path,
    workdir: Path,
) -> None:
    library = f"/s/{space.project.slug}/-/materials"
    plain = post_files(teacher, library, [("plain.txt", b"plain")], **JSON)
    plain_id = plain.get_json()["materials"][0]["id"]
    listing_base, detail_base = page_findings(
        teacher, [library, f"{library}/{plain_id}"]
    )
    before = files_under(tmp_path)
    sent = [(name, f"file {number}".encode()) for number, name in enumerate(NAMES)]
    response = post_files(teacher, library, sent, **JSON)
    assert response.status_code == 201, response.get_data(as_text=True)
    stored = session.scalars(select(Material).where(Material.id != plain_id)).all()
    stored = sorted(stored, key=lambda m: m.id)
    assert len(stored) == len(NAMES)
    check_stored_safely(tmp_path, before, workdir, [m.storage_key for m in stored])
    assert all(visible(m.original_name) and m.original_name for m in stored)
    (listing,) = page_findings(teacher, [library])
    assert listing <= listing_base, listing - listing_base
    html = teacher.get(library).get_data(as_text=True)
    assert all(str(escape(m.original_name)) in html for m in stored)  # all listed
    details = {f"{library}/{m.id}": m.original_name for m in stored}
    check_pages_escape(teacher, detail_base, details)
    answers = response.get_json()["materials"]
    for number, (material, item) in enumerate(zip(stored, answers, strict=True)):
        served = teacher.get(item["url"], buffered=True)
        assert served.data == f"file {number}".encode(), material.original_name
        disposition = served.headers["Content-Disposition"]
        assert check_disposition(disposition, inline=False) == material.original_name


def test_hostile_names_in_the_gallery(
    app: Flask,
    teacher: FlaskClient,
    space: SpaceWithMembers,
    session: Session,
    tmp_path: Path,
    workdir: Path,
) -> None:
    album_url = open_album(session, space)
    gallery_url = album_url.rsplit("/a/", 1)[0]
    upload_url = f"{album_url}/upload"
    assert (
        post_files(teacher, upload_url, [("plain.png", png())], **JSON).status_code
        == 201
    )
    plain = session.scalars(select(Item)).one()
    (baseline,) = page_findings(teacher, [f"{gallery_url}/i/{plain.id}"])
    before = files_under(tmp_path)
    sent = [(name, png(number + 1)) for number, name in enumerate(NAMES)]
    for start in range(0, len(sent), MAX_BATCH):
        batch = sent[start : start + MAX_BATCH]
        response = post_files(teacher, upload_url, batch, **JSON)
        assert response.status_code == 201, response.get_data(as_text=True)
    items = session.scalars(select(Item).where(Item.id != plain.id)).all()
    items = sorted(items, key=lambda item: item.id)
    assert len(items) == len(NAMES)
    keys = [key for item in items for key in (item.storage_key, item.small_key)]
    check_stored_safely(tmp_path, before, workdir, keys)
    assert all(visible(item.original_name) and item.original_name for item in items)
    page_findings(teacher, [album_url], oracle=False)  # it shows captions, not names
    details = {f"{gallery_url}/i/{item.id}": item.original_name for item in items}
    check_pages_escape(teacher, baseline, details)
    for item in items:
        served = teacher.get(f"{gallery_url}/i/{item.id}/file", buffered=True)
        assert served.status_code == 200 and served.mimetype == "image/png"
        disposition = served.headers["Content-Disposition"]
        assert check_disposition(disposition, inline=True) == item.original_name


def open_album(session: Session, space: SpaceWithMembers) -> str:
    """Switch the gallery on in the space and make an album; its address."""
    admin = space.users["admin"]
    space_plugins.enable_plugin(session, admin, space.project, "gallery")
    album = gallery.create_album(session, admin, space.project, title="Names")
    commit(session)
    return f"/s/{space.project.slug}/-/gallery/a/{album.id}"


def check_stored_safely(
    root: Path, before: set[Path], workdir: Path, keys: list[str | None]
) -> None:
    """Keys are hashes, the storage root holds only those, nothing appeared elsewhere."""
    storage = root.joinpath(*DEPTH)
    assert all(key and KEY.fullmatch(key) for key in keys), keys
    on_disk = {p.relative_to(storage).as_posix() for p in files_under(storage)}
    assert set(keys) <= on_disk
    assert all(KEY.fullmatch(key) for key in on_disk), on_disk
    elsewhere = {
        path for path in files_under(root) - before if storage not in path.parents
    }
    assert not any(path.name in hostile_basenames() for path in elsewhere), elsewhere
    assert files_under(workdir) == set()


def hostile_basenames() -> set[str]:
    """The last path part of every name, as a careless server would have saved it."""
    return {re.split(r"[/\\]", name)[-1] for name in NAMES} - {""}


def page_findings(
    client: FlaskClient, urls: list[str], oracle: bool = True
) -> list[set[str]]:
    """What the oracle flags on each page; no name with markup appears raw on any."""
    markup = [name for name in NAMES if "<" in name]
    assert markup
    found = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        assert not any(name in html for name in markup), url
        found.append(set(is_dangerous(html)) if oracle else set())
    return found


def check_pages_escape(
    client: FlaskClient, baseline: set[str], details: dict[str, str]
) -> None:
    """The oracle flags nothing on the detail page of a name that could hold markup
    that the page of a plain name lacks. Names with none of ``<>"'&`` cannot change a
    page's markup, and the oracle is slow: their pages are not fetched."""
    risky = [url for url, name in details.items() if MARKUP.search(name)]
    assert len(risky) >= 3
    for url, found in zip(risky, page_findings(client, risky), strict=True):
        assert found <= baseline, (url, found - baseline)
