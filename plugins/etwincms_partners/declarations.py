"""What partner finding declares at start-up: capabilities, settings and content types.

Its capabilities are site-level (asked with ``project=None``): signed-in teachers post,
write to each other and keep a profile; staff may read the directory; handling reports
is for site administrators only (no kind holds it, and site admins hold everything).
Pupils hold none of them. The settings are a space's listing in the directory, off
until the space's admins switch it on; ``partners.listed`` is what search asks before it
shows a space's listing, and :mod:`.directory` answers it from those settings, so a
space unlisted on its *Tools* page leaves search results at once, before its document
is removed from the index.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from etwincms.hooktypes import ContentType, Permission, SettingSpec

from .filters import PARTNERSHIP_TYPES

TEACHERS = frozenset({"teacher"})
ADULTS = frozenset({"teacher", "staff"})


def permissions() -> list[Permission]:
    return [
        Permission(
            "partners.view",
            _l("Browse partner-finding posts, people, schools and listed projects"),
            site_kinds=ADULTS,
            pupil_grantable=False,
        ),
        Permission(
            "partners.post",
            _l("Publish partner-finding posts"),
            writes=True,
            pupil_grantable=False,
            site_kinds=TEACHERS,
        ),
        Permission(
            "partners.message",
            _l("Write to other teachers about partnerships"),
            writes=True,
            pupil_grantable=False,
            site_kinds=TEACHERS,
        ),
        Permission(
            "partners.profile",
            _l("Keep a discoverable profile and edit one's school's profile"),
            writes=True,
            pupil_grantable=False,
            site_kinds=TEACHERS,
        ),
        Permission(
            "partners.listed",
            _l("Find this project in the partner directory (while it is listed)"),
        ),
        Permission(
            "partners.moderate",
            _l("Handle messages reported to the site's administrators"),
            writes=True,
            pupil_grantable=False,
        ),
    ]


def settings() -> list[SettingSpec]:
    return [
        SettingSpec(
            "listed",
            _l("List this project in the partner directory"),
            "bool",
            False,
            help=_l(
                "Teachers of other schools find it by its subjects, languages, "
                "countries and ages. Needs a public landing page."
            ),
        ),
        SettingSpec(
            "partnership_type",
            _l("Kind of partnership"),
            "choice",
            "etwinning",
            choices=tuple(PARTNERSHIP_TYPES),
        ),
        SettingSpec(
            "vocational_subjects",
            _l("Vocational subjects (comma-separated)"),
            "str",
            "",
            maximum=300,
        ),
    ]


def content_types() -> list[ContentType]:
    return [
        ContentType(
            "partners_listing",
            _l("Project looking for partners"),
            view_capability="partners.listed",
        )
    ]
