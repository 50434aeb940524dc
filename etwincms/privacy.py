"""How people are named: members see names, public output never names a pupil.

A pupil shown to someone who may not see member names (an anonymous visitor, a member
of another space, a public feed) appears as their alias when they have one, else as
"pupil, <school>, <country>".
"""

from __future__ import annotations

from flask_babel import gettext as _

from .models import User


def shown_name(user: User | None, *, names_visible: bool) -> str:
    """The name to show for ``user``; ``names_visible`` is ``can(viewer, "member.view", ...)``."""
    if user is None:
        return _("a former member")
    if names_visible or not user.is_pupil:
        return user.display_name
    if user.public_alias:
        return user.public_alias
    school = user.school
    if school is None:
        return _("pupil")
    return _(
        "pupil, %(school)s, %(country)s", school=school.name, country=school.country
    )


def public_name(user: User | None) -> str:
    """The name public output (visitors, feeds, the dissemination export) shows."""
    return shown_name(user, names_visible=False)
