"""What the embed plugin declares at start-up: capabilities, settings, content type.

Every member watches the space's embeds. Because an embed sends its readers' data to a
third party, choosing one is for teachers and pupil leads (``embed.add``; they edit their
own), and teachers look after the whole library (``embed.manage``, never for pupils).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from etwincms.hooktypes import ContentType, Permission, SettingSpec

EVERY_ROLE = frozenset({"admin", "teacher", "pupil_lead", "pupil", "observer"})
ADDERS = frozenset({"admin", "teacher", "pupil_lead"})
STAFF = frozenset({"admin", "teacher"})


def permissions() -> list[Permission]:
    return [
        Permission("embed.view", _l("See the space's embeds"), EVERY_ROLE),
        Permission(
            "embed.add",
            _l("Add embeds (external tools, videos) and edit one's own"),
            ADDERS,
            writes=True,
        ),
        Permission(
            "embed.manage",
            _l("Edit and delete any embed of the space"),
            STAFF,
            writes=True,
            pupil_grantable=False,
        ),
    ]


def settings() -> list[SettingSpec]:
    return [
        SettingSpec(
            "click_to_load",
            _l("Click to load"),
            "bool",
            True,
            help=_l(
                "Embedded content loads only when a person clicks, after a notice naming "
                "the provider. Pages change from their next save."
            ),
        ),
        SettingSpec(
            "providers",
            _l("Allowed providers"),
            "str",
            "",
            help=_l(
                "Names separated by commas (youtube, vimeo, padlet, genially, google_docs, "
                "google_slides, google_forms, microsoft_forms, h5p, learningapps, canva, "
                "miro, wakelet, sketchfab, scratch, geogebra); empty allows all."
            ),
            maximum=1000,
        ),
        SettingSpec(
            "public",
            _l("Public embeds"),
            "bool",
            False,
            help=_l("Visitors may see the embed library when the space is public."),
        ),
    ]


def content_types() -> list[ContentType]:
    return [ContentType("embed_item", _l("Embed"), view_capability="embed.view")]
