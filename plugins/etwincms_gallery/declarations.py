"""What the gallery declares at start-up: its capabilities, settings and content types.

Every member sees the space's albums (observers too); pupils and teachers upload;
teachers make and arrange albums and moderate items (edit or delete anyone's, confirm
that identifiable pupils consented to being shown). Rules about single objects (public
albums for visitors, uploaders editing their own items) are in :mod:`.policy`.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from etwincms.hooktypes import ContentType, Permission, SettingSpec

EVERY_ROLE = frozenset({"admin", "teacher", "pupil_lead", "pupil", "observer"})
STAFF = frozenset({"admin", "teacher"})
UPLOADERS = frozenset({"admin", "teacher", "pupil_lead", "pupil"})


def permissions() -> list[Permission]:
    return [
        Permission("gallery.view", _l("See the space's albums"), EVERY_ROLE),
        Permission(
            "gallery.upload",
            _l("Upload photos and videos and edit one's own"),
            UPLOADERS,
            writes=True,
        ),
        Permission(
            "gallery.download", _l("Download an album as a zip file"), EVERY_ROLE
        ),
        Permission(
            "gallery.moderate",
            _l("Edit, delete and reorder anyone's items; confirm pupils' consent"),
            STAFF,
            writes=True,
            pupil_grantable=False,
        ),
        Permission(
            "gallery.manage",
            _l("Create, change and delete albums"),
            STAFF,
            writes=True,
            pupil_grantable=False,
        ),
    ]


def settings() -> list[SettingSpec]:
    return [
        SettingSpec(
            "max_photo_mb",
            _l("Largest photo (MB)"),
            "int",
            20,
            help=_l("Photos larger than this are refused."),
            minimum=1,
            maximum=50,
        ),
        SettingSpec(
            "max_video_mb",
            _l("Largest video (MB)"),
            "int",
            200,
            help=_l("Videos larger than this are refused."),
            minimum=1,
            maximum=2000,
        ),
    ]


def content_types() -> list[ContentType]:
    return [
        ContentType(
            "gallery_item", _l("Photo or video"), view_capability="gallery.view"
        )
    ]
