"""What the meetings plugin declares at start-up: capabilities, settings, content types.

Role defaults: every member sees the space's meetings that are addressed to them;
meetings for teachers only are seen by those holding ``meetings.teachers`` (admins,
teachers and observers, never pupils); members who write answer invitations (observers
read); only teachers schedule, edit and start meetings, take attendance and keep the
minutes (``meetings.manage``, never grantable to pupils).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from etwincms.hooktypes import ContentType, Permission, SettingSpec

EVERY_ROLE = frozenset({"admin", "teacher", "pupil_lead", "pupil", "observer"})
WRITERS = frozenset({"admin", "teacher", "pupil_lead", "pupil"})
STAFF = frozenset({"admin", "teacher"})


def permissions() -> list[Permission]:
    return [
        Permission(
            "meetings.view", _l("See the space's meetings addressed to one"), EVERY_ROLE
        ),
        Permission(
            "meetings.teachers",
            _l("See meetings for teachers only, and every meeting's link at any time"),
            STAFF | {"observer"},
            pupil_grantable=False,
        ),
        Permission(
            "meetings.respond",
            _l("Answer meeting invitations (yes, no, maybe)"),
            WRITERS,
            writes=True,
        ),
        Permission(
            "meetings.manage",
            _l("Schedule, edit and start meetings; take attendance; keep the minutes"),
            STAFF,
            writes=True,
            pupil_grantable=False,
        ),
    ]


def settings() -> list[SettingSpec]:
    return [
        SettingSpec(
            "reminder_days",
            _l("Remind members of meetings this many days ahead"),
            "int",
            7,
            help=_l("Coming meetings are listed on the space's home page (0: never)."),
            minimum=0,
            maximum=60,
        ),
        SettingSpec(
            "default_duration",
            _l("Length of a new meeting (minutes)"),
            "int",
            60,
            minimum=5,
            maximum=600,
        ),
        SettingSpec(
            "default_audience",
            _l("New meetings are for"),
            "choice",
            "teachers",
            choices=("teachers", "everyone"),
        ),
    ]


def content_types() -> list[ContentType]:
    return [
        ContentType("meetings_meeting", _l("Meeting"), view_capability="meetings.view"),
        ContentType(
            "meetings_teachers",
            _l("Meeting (teachers)"),
            view_capability="meetings.teachers",
        ),
    ]
