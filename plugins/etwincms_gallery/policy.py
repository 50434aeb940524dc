"""The gallery's rules about single albums and items, on top of ``can()``.

Members see every album and item of their space. Visitors (anonymous, or members of
other spaces) see a public album of a public space, and in it only the items fit to be
public: a photo needs alt text, and an item flagged as showing identifiable pupils needs
a teacher's confirmation of consent, and a pupil's item a teacher's approval. Uploaders
edit and delete their own items while they may upload; moderators any item. These are
decided here and in :func:`decide` (the ``check_permission`` hook), so views, the API
and search ask the same questions.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from etwincms.errors import NotFound, PermissionDenied
from etwincms.models import Project, ProjectStatus, User
from etwincms.permissions import can, membership_of, signed_in

from .models import Album, Item


def check_album(project: Project, album: Album) -> None:
    """An id from another space is simply not found."""
    if album.project_id != project.id:
        raise NotFound(f"album {album.id}")


def sees_everything(user: User | None, project: Project) -> bool:
    """Members (and site admins) see every item; visitors only the public ones."""
    user = signed_in(user)
    if user is not None and user.is_site_admin:
        return True
    return membership_of(user, project) is not None and can(
        user, "gallery.view", project
    )


def item_is_publishable(item: Item) -> bool:
    """Fit for visitors: alt text on photos, consent for identifiable pupils, and a
    teacher's approval of a pupil's item (see :mod:`.publication`)."""
    if item.is_held or (item.kind == "photo" and not item.alt_text.strip()):
        return False
    return not item.identifiable or item.consent_confirmed


def may_see_album(user: User | None, project: Project, album: Album) -> bool:
    return can(user, "gallery.view", project, album)


def may_see_item(user: User | None, project: Project, album: Album, item: Item) -> bool:
    if not may_see_album(user, project, album):
        return False
    return sees_everything(user, project) or item_is_publishable(item)


def is_moderator(user: User | None, project: Project) -> bool:
    return can(user, "gallery.moderate", project)


def may_edit_item(user: User | None, project: Project, item: Item) -> bool:
    if is_moderator(user, project):
        return True
    user = signed_in(user)
    return (
        user is not None
        and item.uploader_id == user.id
        and can(user, "gallery.upload", project)
    )


def require_edit_item(user: User | None, project: Project, item: Item) -> None:
    if not may_edit_item(user, project, item):
        raise PermissionDenied("gallery.upload", _("You may not change this item."))


def require_moderate(user: User | None, project: Project) -> None:
    if not is_moderator(user, project):
        raise PermissionDenied("gallery.moderate")


# -- check_permission ----------------------------------------------------------------


def decide(
    user: Any, capability: str, project: Project | None, obj: Any
) -> bool | None:
    """``check_permission``: visitors see public albums of a public space; ``None``
    leaves everything else to the roles."""
    if project is None or capability != "gallery.view":
        return None
    if membership_of(signed_in(user), project) is not None:
        return None
    if not project.is_public or project.status is ProjectStatus.DRAFT:
        return None
    if obj is None:
        return True  # the gallery area: it then lists the public albums only
    return True if isinstance(obj, Album) and obj.is_public else None


def require_manage(user: User | None, project: Project) -> None:
    if not can(user, "gallery.manage", project):
        raise PermissionDenied("gallery.manage")
