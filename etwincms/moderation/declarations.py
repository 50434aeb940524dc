"""What moderation declares: its capabilities (teachers' only, never grantable to pupils)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..hooktypes import Permission

STAFF_ROLES = frozenset({"admin", "teacher"})


def permissions() -> list[Permission]:
    return [
        Permission(
            "moderation.review",
            _l("Approve or reject pupils' content before it becomes public"),
            STAFF_ROLES,
            writes=True,
            pupil_grantable=False,
        ),
        Permission(
            "moderation.consent",
            _l("Record the media consent of pupils of one's own school"),
            STAFF_ROLES,
            writes=True,
            pupil_grantable=False,
        ),
        Permission(
            "moderation.shown",
            _l("Record which pupils a photo, page or item shows"),
            STAFF_ROLES,
            writes=True,
            pupil_grantable=False,
        ),
    ]
