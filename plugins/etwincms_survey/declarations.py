"""What the survey plugin declares at start-up: capabilities, settings, content type.

Role defaults: every member sees the space's surveys; every member who writes in the
space (not observers) answers the surveys addressed to them; teachers and the pupil lead
read results; teachers build, open, close and export surveys. Visitors of a public space
answer only a survey opened to "anyone with the link" (see :func:`.policy.public_rule`).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from etwincms.hooktypes import ContentType, Permission, SettingSpec

EVERY_ROLE = frozenset({"admin", "teacher", "pupil_lead", "pupil", "observer"})
WRITERS = frozenset({"admin", "teacher", "pupil_lead", "pupil"})
STAFF = frozenset({"admin", "teacher"})


def permissions() -> list[Permission]:
    return [
        Permission("survey.view", _l("See the space's surveys"), EVERY_ROLE),
        Permission(
            "survey.respond",
            _l("Answer the surveys addressed to one's role"),
            WRITERS,
            writes=True,
        ),
        Permission(
            "survey.results",
            _l("Read survey results (charts, tables, who answered a named survey)"),
            STAFF | {"pupil_lead"},
        ),
        Permission(
            "survey.manage",
            _l("Build, open, close, delete and export surveys"),
            STAFF,
            writes=True,
            pupil_grantable=False,
        ),
    ]


def settings() -> list[SettingSpec]:
    return [
        SettingSpec(
            "anonymous_default",
            _l("New surveys are anonymous"),
            "bool",
            True,
            help=_l(
                "Anonymous responses cannot be linked to a person, even in the database."
            ),
        ),
        SettingSpec(
            "min_results",
            _l("Smallest group shown in results"),
            "int",
            1,
            help=_l(
                "Results by school hide groups with fewer responses than this, "
                "so that a small group's answers cannot be told apart."
            ),
            minimum=1,
            maximum=20,
        ),
    ]


def content_types() -> list[ContentType]:
    return [ContentType("survey", _l("Survey"), view_capability="survey.view")]
