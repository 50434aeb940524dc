"""The survey plugin's rules about single surveys, on top of ``can()``.

Capabilities say what a role may do; these helpers add what depends on the survey: a
draft is seen only by those who manage surveys, a survey is answered only while open and
by its audience, results are read by ``survey.results``. Services enforce them; views and
the API ask the same helpers. :func:`public_rule` (the ``check_permission`` hook) lets
visitors of a public space answer a survey opened to anyone with the link.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from etwincms.db import utcnow
from etwincms.errors import NotFound, PermissionDenied
from etwincms.models import Project, ProjectStatus, User
from etwincms.permissions import can, membership_of

from .models import Survey

AUDIENCES = ("pupils", "teachers", "members", "public")
ROLES_OF = {
    "pupils": {"pupil", "pupil_lead"},
    "teachers": {"admin", "teacher"},
    "members": {"admin", "teacher", "pupil_lead", "pupil", "observer"},
    "public": {"admin", "teacher", "pupil_lead", "pupil", "observer"},
}


def check_survey(project: Project, survey: Survey) -> None:
    """An id from another space is simply not found."""
    if survey.project_id != project.id:
        raise NotFound(f"survey {survey.id}")


def may_manage(user: User | None, project: Project) -> bool:
    return can(user, "survey.manage", project)


def may_see(user: User | None, project: Project, survey: Survey) -> bool:
    if survey.status == "draft":
        return may_manage(user, project)
    return can(user, "survey.view", project)


def is_open(survey: Survey, now: datetime | None = None) -> bool:
    """Open, and within its dates."""
    now = now or utcnow()
    if survey.status != "open":
        return False
    if survey.opens_at is not None and now < survey.opens_at:
        return False
    return survey.closes_at is None or now < survey.closes_at


def in_audience(user: User | None, project: Project, survey: Survey) -> bool:
    membership = membership_of(user, project)
    if membership is None:
        return survey.audience == "public" or bool(user and user.is_site_admin)
    return membership.role.value in ROLES_OF.get(survey.audience, set())


def may_respond(user: User | None, project: Project, survey: Survey) -> bool:
    return (
        is_open(survey)
        and in_audience(user, project, survey)
        and can(user, "survey.respond", project, survey)
    )


def may_see_results(user: User | None, project: Project, survey: Survey) -> bool:
    return may_see(user, project, survey) and can(user, "survey.results", project)


def require_manage(user: User | None, project: Project) -> None:
    if not may_manage(user, project):
        raise PermissionDenied("survey.manage", _("You may not change surveys."))


def require_see(user: User | None, project: Project, survey: Survey) -> None:
    """Drafts are hidden (404) from members who may not manage; others get a 403."""
    check_survey(project, survey)
    if may_see(user, project, survey):
        return
    if can(user, "survey.view", project):
        raise NotFound(f"survey {survey.id}")
    raise PermissionDenied("survey.view")


def require_respond(user: User | None, project: Project, survey: Survey) -> None:
    check_survey(project, survey)
    if not may_respond(user, project, survey):
        raise PermissionDenied(
            "survey.respond", _("You may not answer this survey now.")
        )


def require_results(user: User | None, project: Project, survey: Survey) -> None:
    require_see(user, project, survey)
    if not may_see_results(user, project, survey):
        raise PermissionDenied("survey.results", _("You may not read these results."))


def space_is_public(project: Project) -> bool:
    return project.is_public and project.status is not ProjectStatus.DRAFT


def public_rule(
    user: Any, capability: str, project: Project | None, obj: Any
) -> bool | None:
    """``check_permission``: anyone may answer an open "public link" survey of a public
    space. Members keep their role's answer (``None`` leaves it to the defaults)."""
    if capability != "survey.respond" or project is None or not isinstance(obj, Survey):
        return None
    if membership_of(user, project) is not None:
        return None
    if (
        obj.audience == "public"
        and obj.project_id == project.id
        and space_is_public(project)
    ):
        return True
    return None


def require_view(user: User | None, project: Project) -> None:
    if not can(user, "survey.view", project):
        raise PermissionDenied("survey.view")
