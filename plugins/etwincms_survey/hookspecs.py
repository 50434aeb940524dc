"""Hooks the survey plugin publishes for other plugins (added through ``register_hookspecs``).

Events, called after the change was committed and only for the plugins the space has on.
Implement them with ``etwincms.hookimpl(optionalhook=True)``. A response event never
names the respondent of an anonymous survey: ``user`` is then ``None``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from etwincms.models import Project, User

    from .models import Survey

hookspec = pluggy.HookspecMarker("etwincms")


@hookspec
def survey_saved(
    survey: Survey, project: Project, user: User | None, is_new: bool
) -> None:
    """A survey was created (``is_new``), changed, opened or closed.

    :param survey: The survey (``status`` tells whether it is open).
    :param project: Its space.
    :param user: Who changed it.
    :param is_new: True when it was just created.
    """


@hookspec
def survey_deleted(survey_id: int, project: Project, user: User | None) -> None:
    """A survey was deleted with its responses.

    :param survey_id: The id it had.
    :param project: Its space.
    :param user: Who deleted it.
    """


@hookspec
def survey_answered(survey: Survey, project: Project, user: User | None) -> None:
    """A response was submitted or changed.

    :param survey: The survey answered.
    :param project: Its space.
    :param user: The respondent of a named survey; ``None`` for an anonymous one.
    """
