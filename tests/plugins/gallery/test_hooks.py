"""The gallery's side of the plugin contract: declarations, the events it publishes
(heard by a toy plugin only while the gallery is on), and its search documents."""

from __future__ import annotations

from typing import Any

import pytest

import etwincms_gallery
from etwincms import hookimpl
from etwincms.db import commit
from etwincms.services import plugins as space_plugins
from etwincms.services.search import SearchQuery, search
from etwincms.state import get_state
from etwincms_gallery import services

from .conftest import GallerySpace, mp4


class Listener:
    """A toy plugin that builds on the gallery through its published hooks only."""

    PLUGIN_NAME = "listener"

    def __init__(self) -> None:
        self.heard: list[tuple[Any, ...]] = []

    @hookimpl
    def gallery_album_created(self, album: Any, project: Any, user: Any) -> None:
        self.heard.append(("album", album.title, user.username))

    @hookimpl
    def gallery_items_added(
        self, items: list[Any], album: Any, project: Any, user: Any
    ) -> None:
        self.heard.append(
            ("items", album.title, [i.kind for i in items], user.username)
        )


@pytest.fixture
def listener() -> Listener:
    return Listener()


@pytest.fixture
def plugins(listener: Listener) -> list[Any]:
    return [etwincms_gallery, listener]


def test_declarations_are_registered(gallery: GallerySpace) -> None:
    registries = get_state().registries
    assert registries.plugins["gallery"].title == "Gallery"
    for capability in ("view", "upload", "download", "moderate", "manage"):
        assert f"gallery.{capability}" in registries.permissions.by_name
    assert not registries.permissions["gallery.moderate"].pupil_grantable
    assert not registries.permissions["gallery.manage"].pupil_grantable
    assert registries.permissions["gallery.upload"].writes
    keys = {spec.key for spec in registries.settings["gallery"]}
    assert keys == {"max_photo_mb", "max_video_mb"}


def test_events_reach_other_plugins_after_commit(
    gallery: GallerySpace, listener: Listener
) -> None:
    album = gallery.make_album("Rice fields")
    gallery.upload("pupil", album)
    gallery.upload("teacher", album, mp4(), "walk.mp4")
    assert listener.heard == [
        ("album", "Rice fields", "admin_user"),
        ("items", "Rice fields", ["photo"], "pupil_user"),
        ("items", "Rice fields", ["video"], "teacher_user"),
    ]


def test_a_failed_upload_announces_nothing(
    gallery: GallerySpace, listener: Listener
) -> None:
    from etwincms.errors import ValidationError

    album = gallery.make_album()
    listener.heard.clear()
    with pytest.raises(ValidationError):
        gallery.upload("pupil", album, b"not a photo", "fake.jpg")
    gallery.session.rollback()
    commit(gallery.session)
    assert listener.heard == []


def test_the_listener_hears_nothing_once_it_is_switched_off(
    gallery: GallerySpace, listener: Listener
) -> None:
    space_plugins.disable_plugin(
        gallery.session, gallery.user("admin"), gallery.project, "listener"
    )
    commit(gallery.session)
    gallery.upload("pupil", gallery.make_album())
    assert listener.heard == []


def test_captions_alt_texts_and_album_titles_are_found(gallery: GallerySpace) -> None:
    album = gallery.make_album("Albufera")
    item = gallery.upload("pupil", album)
    gallery.edit("pupil", item, caption="Herons", alt_text="A heron on one leg")

    def titles(words: str) -> list[str]:
        found = search(gallery.session, gallery.user("observer"), SearchQuery(words))
        return [hit.title for hit in found.hits if hit.type == "gallery_item"]

    assert titles("herons") == ["Herons"]
    assert titles("leg") == ["Herons"]
    assert titles("albufera") == ["Herons"]
    services.delete_item(gallery.session, gallery.user("pupil"), gallery.project, item)
    commit(gallery.session)
    assert titles("herons") == []
