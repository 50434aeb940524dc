"""Who may do what in the gallery, asked through HTTP as each kind of visitor.

The table is the specification: for every role of the space, a site admin, a member of
another space and an anonymous visitor, the status each gallery action answers with. In
a members-only space outsiders do not learn the gallery exists (404, from the core's
guard). In a public space they see the public album's publishable items, never a
members-only album, and can change nothing (403, or the sign-in page for anonymous
visitors).
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Browser, GallerySpace, png

ACTIONS = (
    "index",
    "album",
    "item",
    "thumbnail",
    "members_album",
    "zip",
    "upload",
    "edit_own",
    "edit_others",
    "confirm_consent",
    "reorder",
    "create_album",
    "album_settings",
    "delete_album",
)

# 200/302 = allowed (a page, or a redirect after the change); 403 = refused;
# 404 = hidden from them; "login" = sent to the sign-in page; 401 = the sign-in page
# keeping the posted form to send again. "edit_own" edits an item the caller uploaded
# (a pupil's item for those who cannot upload); "confirm_consent" is on a pupil's item.
STAFF = (200, 200, 200, 200, 200, 200, 302, 302, 302, 302, 302, 302, 302, 302)
PUPIL = (200, 200, 200, 200, 200, 200, 302, 302, 403, 403, 403, 403, 403, 403)
OBSERVER = (200, 200, 200, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403)
PRIVATE_SPACE: dict[str | None, tuple[Any, ...]] = {
    "admin": STAFF,
    "teacher": STAFF,
    "pupil_lead": PUPIL,
    "pupil": PUPIL,
    "observer": OBSERVER,
    "site_admin": STAFF,
    "outsider": (404,) * 14,
    None: (404,) * 14,
}
PUBLIC_SPACE: dict[str | None, tuple[Any, ...]] = {
    # The pupil's photo (identifiable, no consent yet) and the new members-only albums
    # are hidden from visitors: 404 rather than 403.
    "outsider": (200, 200, 200, 200, 404, 403, 403, 404, 403, 404, 403, 403, 404, 404),
    None: (200, 200, 200, 200, 404, "login", 401, 404, 401, 404, 401, 401, 404, 404),
    # Members are unchanged by the space being public.
    "pupil": PUPIL,
    "observer": OBSERVER,
}


@pytest.fixture
def albums(gallery: GallerySpace) -> GallerySpace:
    """A public-able album with a teacher's and a pupil's photo, and a members' album."""
    gallery.shared = gallery.make_album("Valencia")
    gallery.members = gallery.make_album("Team only")
    gallery.teachers_photo = gallery.upload("teacher", gallery.shared)
    gallery.edit("teacher", gallery.teachers_photo, alt_text="The old town square")
    gallery.pupils_photo = gallery.upload("pupil", gallery.shared, png(colour="red"))
    gallery.edit("pupil", gallery.pupils_photo, alt_text="A market", identifiable=True)
    gallery.upload("teacher", gallery.members)
    return gallery


def own_item(browser: Browser, gallery: GallerySpace, role: str | None) -> int:
    """An item the caller uploaded, when they may upload; else the pupil's."""
    from etwincms.permissions import can

    user = gallery.users.get(role) if role else None
    if user is not None and can(user, "gallery.upload", gallery.project):
        return gallery.upload(role, gallery.shared).id  # type: ignore[arg-type]
    return gallery.pupils_photo.id


def attempt(browser: Browser, gallery: GallerySpace, action: str, role: Any) -> Any:
    """Do ``action`` over HTTP; answer with the status (or "login")."""
    shared, photo = gallery.shared, gallery.teachers_photo
    spare = gallery.make_album(f"Spare for {action}")
    edit = {"caption": "New caption", "alt_text": "Text", "identifiable": ""}
    settings = {"title": "Renamed", "visibility": "public", "phase": "during"}
    requests = {
        "index": lambda: browser.get("/"),
        "album": lambda: browser.get(f"/a/{shared.id}"),
        "item": lambda: browser.get(f"/i/{photo.id}"),
        "thumbnail": lambda: browser.get(f"/i/{photo.id}/small"),
        "members_album": lambda: browser.get(f"/a/{gallery.members.id}"),
        "zip": lambda: browser.get(f"/a/{shared.id}/zip"),
        "upload": lambda: browser.upload(shared, (png(), "new.png")),
        "edit_own": lambda: browser.post(
            f"/i/{own_item(browser, gallery, role)}/edit", edit
        ),
        "edit_others": lambda: browser.post(f"/i/{photo.id}/edit", edit),
        "confirm_consent": lambda: browser.post(
            f"/i/{gallery.pupils_photo.id}/edit",
            {"alt_text": "A market", "identifiable": "on", "consent": "on"},
        ),
        "reorder": lambda: browser.post(f"/i/{photo.id}/move", {"direction": "down"}),
        "create_album": lambda: browser.post("/new", {"title": "Extra"}),
        "album_settings": lambda: browser.post(f"/a/{spare.id}/settings", settings),
        "delete_album": lambda: browser.post(f"/a/{spare.id}/delete"),
    }
    response = requests[action]()
    if response.status_code == 302 and "/login" in response.headers["Location"]:
        return "login"
    return response.status_code


def answers(
    browser: Browser, gallery: GallerySpace, role: str | None
) -> tuple[Any, ...]:
    browser.login(role)
    return tuple(attempt(browser, gallery, action, role) for action in ACTIONS)


@pytest.mark.parametrize("role", list(PRIVATE_SPACE))
def test_gallery_actions_by_role_in_a_members_only_space(
    browser: Browser, albums: GallerySpace, role: str | None
) -> None:
    assert answers(browser, albums, role) == PRIVATE_SPACE[role]


@pytest.mark.parametrize("role", list(PUBLIC_SPACE))
def test_a_public_album_is_read_only_for_visitors(
    browser: Browser, albums: GallerySpace, role: str | None
) -> None:
    from etwincms_gallery import services

    services.update_album(
        albums.session,
        albums.user("admin"),
        albums.project,
        albums.shared,
        visibility="public",
    )
    albums.make_public()
    assert answers(browser, albums, role) == PUBLIC_SPACE[role]


def test_the_nav_item_shows_to_viewers_only(
    browser: Browser, albums: GallerySpace
) -> None:
    home = f"/s/{albums.project.slug}/"
    link = f'href="{albums.url}/"'
    albums.make_public()
    browser.login("observer")
    assert link in browser.client.get(home).get_data(as_text=True)
    browser.login(None)  # a public space without a public album: nothing to show
    assert link not in browser.client.get(home).get_data(as_text=True)
    albums.shared.visibility = "public"
    albums.session.commit()
    assert link in browser.client.get(home).get_data(as_text=True)


def test_a_space_can_take_uploading_away_from_pupils(
    browser: Browser, albums: GallerySpace
) -> None:
    from etwincms.db import commit
    from etwincms.models import Role
    from etwincms.services.spaces import set_role_override

    admin, project = albums.user("admin"), albums.project
    set_role_override(
        albums.session, admin, project, Role.PUPIL, "gallery.upload", False
    )
    commit(albums.session)
    browser.login("pupil")
    assert attempt(browser, albums, "upload", "pupil") == 403
    browser.login("pupil_lead")
    assert attempt(browser, albums, "upload", "pupil_lead") == 302
