"""The gallery's part in the project lifecycle: contributions, pupils' photos waiting
for a teacher, the consent rule for public albums, an album per mobility, and the
static export."""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from flask.testing import FlaskClient

from etwincms.db import commit
from etwincms.errors import ValidationError
from etwincms.moderation.consent import record_shown
from etwincms.moderation.models import Consent, ConsentLevel
from etwincms.plugins import project_hooks
from etwincms.services import tokens
from etwincms_gallery import services
from etwincms_gallery.models import Album, Item

from .conftest import Browser, GallerySpace, mp4, text


def hook_items(gallery: GallerySpace, hook: str) -> list[Any]:
    batches = getattr(project_hooks(gallery.project), hook)(project=gallery.project)
    return [item for batch in batches for item in batch or ()]


def waiting_ids(gallery: GallerySpace) -> list[str]:
    return [p.item.id for p in hook_items(gallery, "pending_publications")]


def decide(gallery: GallerySpace, item_id: str, approve: bool) -> Any:
    handled = project_hooks(gallery.project).decide_publication(
        project=gallery.project,
        item_id=item_id,
        approve=approve,
        actor=gallery.user("teacher"),
    )
    commit(gallery.session)
    return handled


def show_pupil(gallery: GallerySpace, item_id: str) -> None:
    record_shown(gallery.session, gallery.project, item_id, [gallery.user("pupil").id])
    commit(gallery.session)


def give_public_consent(gallery: GallerySpace) -> None:
    pupil_id = gallery.user("pupil").id
    gallery.session.add(Consent(pupil_id=pupil_id, level=ConsentLevel.PUBLIC, note=""))
    commit(gallery.session)


@pytest.fixture
def public_album(gallery: GallerySpace) -> Album:
    gallery.make_public()
    return gallery.make_album(visibility="public")


def test_albums_are_outputs_and_items_are_contributions(
    gallery: GallerySpace, public_album: Album
) -> None:
    photo = gallery.upload("teacher", public_album)
    gallery.edit("teacher", photo, alt_text="The harbour")
    hidden = gallery.make_album("Members only")
    other = gallery.upload("teacher", hidden)

    items = {c.id: c for c in hook_items(gallery, "space_contributions")}

    assert set(items) == {
        f"gallery_album:{public_album.id}",
        f"gallery_item:{photo.id}",
        f"gallery_album:{hidden.id}",
        f"gallery_item:{other.id}",
    }
    album = items[f"gallery_album:{public_album.id}"]
    assert album.output and album.public and album.type == "gallery_album"
    assert album.url == f"/s/{gallery.project.slug}/-/gallery/a/{public_album.id}"
    assert items[f"gallery_item:{photo.id}"].public
    assert not items[f"gallery_item:{photo.id}"].output
    assert not items[f"gallery_album:{hidden.id}"].public
    assert items[f"gallery_item:{other.id}"].author_id == gallery.user("teacher").id


def test_a_pupils_photo_in_a_public_album_waits_and_a_teachers_does_not(
    gallery: GallerySpace, public_album: Album, browser: Browser
) -> None:
    teachers = gallery.upload("teacher", public_album)
    pupils = gallery.upload("pupil", public_album)
    gallery.edit("teacher", teachers, alt_text="The port")
    gallery.edit("pupil", pupils, alt_text="Our class at the port")

    assert waiting_ids(gallery) == [f"gallery_item:{pupils.id}"]
    assert teachers.publication == ""
    assert browser.get(f"/i/{pupils.id}").status_code == 404  # a visitor
    assert browser.get(f"/i/{teachers.id}").status_code == 200
    browser.login("teacher")
    assert "Waiting for a teacher" in text(browser.get(f"/i/{pupils.id}"))


def test_approve_publishes_and_reject_keeps_members_only(
    gallery: GallerySpace, public_album: Album, browser: Browser
) -> None:
    approved = gallery.upload("pupil", public_album)
    rejected = gallery.upload("pupil_lead", public_album)
    for item in (approved, rejected):
        gallery.edit("teacher", item, alt_text="Pupils at the museum")

    assert decide(gallery, f"gallery_item:{approved.id}", True) is True
    assert decide(gallery, f"gallery_item:{rejected.id}", False) is True
    assert decide(gallery, "blog_post:1", True) is None

    assert waiting_ids(gallery) == []
    assert browser.get(f"/i/{approved.id}").status_code == 200
    assert browser.get(f"/i/{rejected.id}").status_code == 404
    with pytest.raises(ValidationError, match="does not wait"):
        decide(gallery, f"gallery_item:{rejected.id}", True)


def test_an_album_showing_a_pupil_without_consent_cannot_go_public(
    gallery: GallerySpace,
) -> None:
    gallery.make_public()
    album = gallery.make_album()
    photo = gallery.upload("teacher", album)
    gallery.edit("teacher", photo, alt_text="The group")
    show_pupil(gallery, f"gallery_item:{photo.id}")
    admin = gallery.user("admin")

    with pytest.raises(ValidationError, match="without consent for public use"):
        services.update_album(
            gallery.session, admin, gallery.project, album, visibility="public"
        )
    gallery.session.rollback()
    assert gallery.session.get(Album, album.id).visibility == "members"

    give_public_consent(gallery)
    services.update_album(
        gallery.session, admin, gallery.project, album, visibility="public"
    )
    commit(gallery.session)
    assert album.is_public


def test_the_refusal_shows_its_reason_in_the_web_ui_and_the_api(
    gallery: GallerySpace, browser: Browser, client: FlaskClient
) -> None:
    gallery.make_public()
    album = gallery.make_album()
    show_pupil(gallery, f"gallery_album:{album.id}")

    browser.login("teacher")
    form = {"title": album.title, "visibility": "public"}
    page = browser.post(f"/a/{album.id}/settings", form)
    assert page.status_code == 422
    assert "shows a pupil of School ES without consent for public use" in text(page)
    assert gallery.user("pupil").display_name not in text(page)

    _token, secret = tokens.create_token(
        gallery.session, gallery.user("teacher"), name="t", scopes=["read", "write"]
    )
    commit(gallery.session)
    auth = {"Authorization": f"Bearer {secret}"}
    url = f"{gallery.api}/albums/{album.id}"
    etag = client.get(url, headers=auth).headers["ETag"]
    answer = client.patch(
        url, json={"visibility": "public"}, headers={**auth, "If-Match": etag}
    )
    assert answer.status_code == 422
    assert answer.mimetype == "application/problem+json"
    assert "without consent for public use" in answer.get_json()["detail"]


def test_approval_and_consent_confirmation_ask_the_consent_rule(
    gallery: GallerySpace, public_album: Album
) -> None:
    photo = gallery.upload("pupil", public_album)
    gallery.edit("teacher", photo, alt_text="Faces", identifiable=True)
    show_pupil(gallery, f"gallery_item:{photo.id}")

    with pytest.raises(ValidationError, match="without consent"):
        decide(gallery, f"gallery_item:{photo.id}", True)
    gallery.session.rollback()
    with pytest.raises(ValidationError, match="without consent"):
        gallery.edit("teacher", photo, consent=True)
    gallery.session.rollback()

    give_public_consent(gallery)
    gallery.edit("teacher", photo, consent=True)
    assert decide(gallery, f"gallery_item:{photo.id}", True) is True


def test_making_an_album_public_queues_pupils_items(gallery: GallerySpace) -> None:
    album = gallery.make_album()
    pupils = gallery.upload("pupil", album)
    gallery.upload("teacher", album)
    services.update_album(
        gallery.session,
        gallery.user("admin"),
        gallery.project,
        album,
        visibility="public",
    )
    commit(gallery.session)
    assert waiting_ids(gallery) == [f"gallery_item:{pupils.id}"]


def test_moderators_see_who_is_shown(gallery: GallerySpace, browser: Browser) -> None:
    photo = gallery.upload("pupil", gallery.make_album())
    link = f"/s/{gallery.project.slug}/-/moderation/shown?item=gallery_item:{photo.id}"
    browser.login("teacher")
    page = text(browser.get(f"/i/{photo.id}"))
    assert "Who is shown" in page and link in page
    browser.login("pupil")
    assert link not in text(browser.get(f"/i/{photo.id}"))


def test_a_new_mobility_gets_an_album_once(gallery: GallerySpace) -> None:
    hooks = project_hooks(gallery.project)
    mobility = SimpleNamespace(
        id=7,
        title="Porto, March 2027",
        starts_on=date(2027, 3, 1),
        ends_on=date(2027, 3, 8),
    )
    for is_new in (True, False):
        hooks.mobility_saved(
            project=gallery.project,
            mobility=mobility,
            user=gallery.user("admin"),
            is_new=is_new,
        )
        commit(gallery.session)
    albums = list(gallery.session.query(Album).filter_by(project_id=gallery.project.id))
    assert [(a.title, a.mobility_id, a.visibility) for a in albums] == [
        ("Porto, March 2027", 7, "members")
    ]


def test_the_export_has_public_albums_with_their_files_and_no_names(
    gallery: GallerySpace, public_album: Album
) -> None:
    photo = gallery.upload("teacher", public_album)
    gallery.edit("teacher", photo, alt_text="The harbour", caption="Harbour at dawn")
    video = gallery.upload("teacher", public_album, mp4(), "clip.mp4")
    waiting = gallery.upload("pupil", public_album)
    gallery.edit("pupil", waiting, alt_text="Secret")
    gallery.upload("teacher", gallery.make_album("Members only"))

    page, index = hook_items(gallery, "public_export")
    assert index.path == "gallery/index.html" and f'href="{page.url}"' in index.html

    assert page.path == f"gallery/album-{public_album.id}.html"
    assert page.url == f"/s/{gallery.project.slug}/-/gallery/a/{public_album.id}"
    paths = {f.path: f.storage_key for f in page.files}
    assert paths[f"gallery/files/{photo.id}.webp"] == photo.medium_key
    assert paths[f"gallery/files/{video.id}-video.mp4"] == video.storage_key
    assert (
        f'src="files/{photo.id}.webp"' in page.html and 'alt="The harbour"' in page.html
    )
    assert "Secret" not in page.html and f"{waiting.id}" not in " ".join(paths)
    assert not re.search(r"<[^>]*\b(src|poster)=\"(https?:)?//", page.html)
    for user in gallery.users.values():
        assert user.display_name not in page.html and user.username not in page.text
    assert "Harbour at dawn" in page.text


def test_an_item_by_a_pupil_is_not_public_in_search_until_approved(
    gallery: GallerySpace, public_album: Album
) -> None:
    photo = gallery.upload("pupil", public_album)
    gallery.edit("teacher", photo, alt_text="Harbour")
    docs = project_hooks(gallery.project).search_documents(project=gallery.project)
    [doc] = [d for batch in docs for d in batch if d.id == f"gallery_item:{photo.id}"]
    assert doc.visibility == "members"
    decide(gallery, f"gallery_item:{photo.id}", True)
    assert gallery.session.get(Item, photo.id).publication == "approved"
