"""Switching the gallery off in a space hides it there (navigation, pages, files, API,
search results) and keeps every album and item; switching it on again brings all back."""

from __future__ import annotations

from sqlalchemy import func, select

from etwincms.db import commit
from etwincms.services import plugins as space_plugins
from etwincms.services.search import SearchQuery, search
from etwincms_gallery.models import Item

from .conftest import Browser, GallerySpace, text


def visible(browser: Browser, gallery: GallerySpace, item_id: int) -> dict[str, bool]:
    """Where the gallery shows for a pupil of the space."""
    home = text(browser.client.get(f"/s/{gallery.project.slug}/"))
    api = browser.client.get(f"{gallery.api}/items/{item_id}")
    found = search(gallery.session, gallery.user("pupil"), SearchQuery("windmills"))
    return {
        "nav": f'href="{gallery.url}/"' in home,
        "page": browser.get(f"/i/{item_id}").status_code == 200,
        "file": browser.get(f"/i/{item_id}/small").status_code == 200,
        "api": api.status_code == 200,
        "search": "gallery_item" in {hit.type for hit in found.hits},
    }


def switch(gallery: GallerySpace, on: bool) -> None:
    change = space_plugins.enable_plugin if on else space_plugins.disable_plugin
    change(gallery.session, gallery.user("admin"), gallery.project, "gallery")
    commit(gallery.session)


def test_off_hides_everything_and_keeps_the_data_on_brings_it_back(
    browser: Browser, gallery: GallerySpace
) -> None:
    album = gallery.make_album()
    item = gallery.upload("pupil", album)
    gallery.edit("pupil", item, caption="The windmills of Consuegra")
    browser.login("pupil")
    everywhere = dict.fromkeys(("nav", "page", "file", "api", "search"), True)
    assert visible(browser, gallery, item.id) == everywhere

    switch(gallery, on=False)
    assert visible(browser, gallery, item.id) == dict.fromkeys(everywhere, False)
    assert browser.get("/").status_code == 404
    count = select(func.count(Item.id)).where(Item.project_id == gallery.project.id)
    assert gallery.session.scalar(count) == 1

    switch(gallery, on=True)
    assert visible(browser, gallery, item.id) == everywhere
