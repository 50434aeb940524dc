"""What the wiki declares at start-up: its capabilities, settings and content type.

Kept apart from ``__init__`` so the hook implementations there stay one line each. The
default roles follow the issue: every member reads and discusses, pupils and teachers
write articles, teachers protect articles, patrol pupils' edits and publish articles
to the space's visitors. Protecting, patrolling and publishing are never for pupils.
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
            "wiki.view",
            _l("Read the wiki (visitors of a public space: its public articles)"),
            EVERY_ROLE,
        ),
        Permission(
            "wiki.history",
            _l("See articles' history, changes and discussions (members only)"),
            EVERY_ROLE,
        ),
        Permission("wiki.create", _l("Create wiki articles"), WRITERS, writes=True),
        Permission(
            "wiki.edit",
            _l("Edit and revert wiki articles that are not protected"),
            WRITERS,
            writes=True,
        ),
        Permission(
            "wiki.discuss",
            _l("Write in articles' discussions"),
            EVERY_ROLE,
            writes=True,
        ),
        *staff_permissions(),
    ]


def staff_permissions() -> list[Permission]:
    return [
        Permission(
            "wiki.protect",
            _l("Protect articles (teachers-only editing) and edit protected ones"),
            STAFF,
            writes=True,
            pupil_grantable=False,
        ),
        Permission(
            "wiki.patrol",
            _l("Review pupils' edits of wiki articles"),
            STAFF,
            writes=True,
            pupil_grantable=False,
        ),
        Permission(
            "wiki.publish",
            _l("Make wiki articles public in a public space"),
            STAFF,
            writes=True,
            pupil_grantable=False,
        ),
    ]


def settings() -> list[SettingSpec]:
    return [
        SettingSpec(
            "review_pupil_edits",
            _l("Pupils' edits need review"),
            "bool",
            True,
            help=_l("List pupils' edits as unreviewed until a teacher marks them."),
        ),
        SettingSpec(
            "recent_changes_shown",
            _l("Recent changes shown"),
            "int",
            50,
            help=_l("How many edits the recent changes page lists."),
            minimum=10,
            maximum=500,
        ),
    ]


def content_types() -> list[ContentType]:
    return [
        ContentType("wiki_article", _l("Wiki article"), view_capability="wiki.view")
    ]
