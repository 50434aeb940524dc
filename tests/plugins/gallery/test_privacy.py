"""Pupils are minors: visitors never see their names, photos of identifiable pupils stay
members-only until a teacher confirms consent, photos need alt text to be public, and
the privacy hooks export and erase what the gallery holds about a person."""

from __future__ import annotations

from sqlalchemy import select

from etwincms.db import commit
from etwincms.services.search import SearchQuery, search
from etwincms_gallery import privacy, services
from etwincms_gallery.models import Album, Item

from .conftest import Browser, GallerySpace, png, text


def public_album(gallery: GallerySpace) -> Album:
    album = gallery.make_album("Open day", visibility="public")
    gallery.make_public()
    return album


def test_public_pages_never_name_a_pupil(
    browser: Browser, gallery: GallerySpace
) -> None:
    album = public_album(gallery)
    item = gallery.upload("pupil", album)
    gallery.edit("pupil", item, alt_text="Our stand at the open day")
    gallery.approve(item)  # a pupil's photo in a public album waits for a teacher
    pupil = gallery.user("pupil")
    browser.login(None)
    shown = text(browser.get(f"/i/{item.id}"))
    assert pupil.display_name not in shown
    assert "pupil, School ES, ES" in shown
    api = browser.client.get(f"{gallery.api}/items/{item.id}").json
    assert api["uploader"] == "pupil, School ES, ES"
    browser.login("observer")
    assert pupil.display_name in text(browser.get(f"/i/{item.id}"))


def test_alt_text_and_consent_decide_what_visitors_see(
    browser: Browser, gallery: GallerySpace
) -> None:
    album = public_album(gallery)
    item = gallery.upload("pupil", album)
    browser.login(None)
    assert browser.get(f"/i/{item.id}").status_code == 404  # no alt text yet
    gallery.edit("pupil", item, alt_text="Three pupils planting", identifiable=True)
    assert browser.get(f"/i/{item.id}/file").status_code == 404  # no consent yet
    assert f"/i/{item.id}" not in text(browser.get(f"/a/{album.id}"))
    gallery.edit("teacher", item, consent=True)
    assert item.consent_by_id == gallery.user("teacher").id
    assert browser.get(f"/i/{item.id}/file").status_code == 404  # waits for approval
    gallery.approve(item)
    assert browser.get(f"/i/{item.id}/file").status_code == 200
    assert f"/i/{item.id}" in text(browser.get(f"/a/{album.id}"))
    gallery.edit("pupil", item, identifiable=False)
    gallery.edit("pupil", item, identifiable=True)  # flagged again: consent again
    assert item.consent_at is None and item.publication == "pending"
    assert browser.get(f"/i/{item.id}").status_code == 404


def test_search_finds_hidden_photos_for_members_only(gallery: GallerySpace) -> None:
    album = public_album(gallery)
    item = gallery.upload("pupil", album)
    gallery.edit("pupil", item, caption="Harvesting oranges", identifiable=True)

    def finds(role: str | None) -> bool:
        user = gallery.user(role) if role else None
        hits = search(gallery.session, user, SearchQuery("oranges")).hits
        return any(hit.type == "gallery_item" for hit in hits)

    assert finds("pupil") and not finds(None) and not finds("outsider")
    gallery.edit("teacher", item, alt_text="Pupils in an orchard", consent=True)
    assert not finds(None)  # still waiting for a teacher's approval
    gallery.approve(item)
    assert finds(None)


def test_a_pupil_cannot_confirm_consent(gallery: GallerySpace) -> None:
    import pytest

    from etwincms.errors import PermissionDenied

    album = gallery.make_album()
    item = gallery.upload("pupil", album)
    with pytest.raises(PermissionDenied):
        gallery.edit("pupil", item, identifiable=True, consent=True)


def test_export_and_erase_cover_uploads_and_consents(gallery: GallerySpace) -> None:
    album = gallery.make_album()
    mine = gallery.upload("pupil", album, png(colour="blue"), "me.png")
    gallery.edit("pupil", mine, caption="Me at the farm", identifiable=True)
    gallery.edit("teacher", mine, consent=True)
    services.update_album(
        gallery.session,
        gallery.user("admin"),
        gallery.project,
        album,
        cover_item_id=mine.id,
    )
    gallery.session.commit()
    other = gallery.upload("teacher", album)
    pupil, teacher = gallery.user("pupil"), gallery.user("teacher")
    hits = search(gallery.session, teacher, SearchQuery("farm")).hits
    assert any(hit.type == "gallery_item" for hit in hits)
    pupil, teacher = gallery.user("pupil"), gallery.user("teacher")

    exported = privacy.export(pupil)
    assert [row["caption"] for row in exported["uploads"]] == ["Me at the farm"]
    assert privacy.export(teacher)["consents_confirmed"][0]["id"] == mine.id

    privacy.erase(pupil)
    commit(gallery.session)
    hits = search(gallery.session, teacher, SearchQuery("farm")).hits
    assert not any(hit.type == "gallery_item" for hit in hits)
    left = gallery.session.scalars(select(Item)).all()
    assert [item.id for item in left] == [other.id]
    assert gallery.session.get(Album, album.id).cover_item_id is None
    privacy.erase(gallery.user("admin"))
    gallery.session.commit()
    assert gallery.session.get(Album, album.id).created_by_id is None
