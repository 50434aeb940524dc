"""What the forum declares at start-up: its capabilities, settings and content types.

Kept apart from ``__init__`` so the hook implementations there stay one line each. The
default roles follow the TwinSpace: every member reads, pupil leads and teachers open
topics, pupils reply, teachers moderate and organise the categories.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from etwincms.hooktypes import ContentType, Permission, SettingSpec

EVERY_ROLE = frozenset({"admin", "teacher", "pupil_lead", "pupil", "observer"})
STAFF = frozenset({"admin", "teacher"})
STARTERS = frozenset({"admin", "teacher", "pupil_lead"})
WRITERS = frozenset({"admin", "teacher", "pupil_lead", "pupil"})


def permissions() -> list[Permission]:
    return [
        Permission("forum.view", _l("Read the forum"), EVERY_ROLE),
        Permission("forum.post", _l("Start forum topics"), STARTERS, writes=True),
        Permission("forum.reply", _l("Reply in forum topics"), WRITERS, writes=True),
        Permission(
            "forum.moderate",
            _l("Pin, lock and hide forum topics and posts, edit any post"),
            STAFF,
            writes=True,
            pupil_grantable=False,
        ),
        Permission(
            "forum.manage",
            _l("Create, rename and reorder the forum's categories"),
            STAFF,
            writes=True,
            pupil_grantable=False,
        ),
    ]


def settings() -> list[SettingSpec]:
    return [
        SettingSpec(
            "topics_per_page",
            _l("Topics per page"),
            "int",
            25,
            help=_l("How many topics a forum lists on one page."),
            minimum=5,
            maximum=100,
        ),
        SettingSpec(
            "pupils_may_start_topics",
            _l("Pupils may start topics"),
            "bool",
            False,
            help=_l("Everyone who may reply may also open new topics."),
        ),
    ]


def content_types() -> list[ContentType]:
    return [
        ContentType("forum_topic", _l("Forum topic"), view_capability="forum.view"),
        ContentType("forum_post", _l("Forum post"), view_capability="forum.view"),
    ]
