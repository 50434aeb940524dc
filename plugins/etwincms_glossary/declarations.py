"""What the glossary declares at start-up: its capabilities, settings and content type.

Kept apart from ``__init__`` so the hook implementations there stay one line each. The
defaults follow the TwinSpace: every member reads and practises, every member who
writes in the space (pupils too) adds concepts and the translations that are missing,
teachers look after the whole glossary (edit or delete anything, import files).
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
            "glossary.view",
            _l(
                "Read the glossary, export it and practise with its flashcards and quiz"
            ),
            EVERY_ROLE,
        ),
        Permission(
            "glossary.contribute",
            _l("Add glossary concepts and missing translations, edit one's own terms"),
            WRITERS,
            writes=True,
        ),
        Permission(
            "glossary.manage",
            _l("Edit and delete any glossary concept, import glossary files"),
            STAFF,
            writes=True,
            pupil_grantable=False,
        ),
    ]


def settings() -> list[SettingSpec]:
    return [
        SettingSpec(
            "public",
            _l("Public glossary"),
            "bool",
            False,
            help=_l(
                "Visitors may read the glossary when the space is public "
                "(pupils are never named to them)."
            ),
        ),
        SettingSpec(
            "tooltips",
            _l("Tooltips in pages"),
            "bool",
            True,
            help=_l(
                "Terms used in pages get a tooltip with their translations. "
                "A page opts out with the line [glossary-off]: #"
            ),
        ),
        SettingSpec(
            "per_page",
            _l("Concepts per page"),
            "int",
            50,
            help=_l("How many concepts the glossary lists on one page."),
            minimum=10,
            maximum=200,
        ),
    ]


def content_types() -> list[ContentType]:
    return [
        ContentType(
            "glossary_concept", _l("Glossary concept"), view_capability="glossary.view"
        )
    ]
