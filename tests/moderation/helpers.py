"""Shared set-up of the moderation suite: a space with pupils and teachers of two schools."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from etwincms.db import commit
from etwincms.models import Project, User
from etwincms.services import plugins as switches
from etwincms.testing import Factory, SpaceWithMembers


@dataclass
class TwoSchools:
    """``space`` plus a partner school's pupil and a home-school teacher.

    Home school (ES): the admin, ``pupil``, ``pupil_lead``, ``home_teacher``.
    Partner school (DE): ``teacher``, ``partner_pupil``.
    """

    project: Project
    users: dict[str, User]


def two_schools(session: Session, make: Factory, space: SpaceWithMembers) -> TwoSchools:
    users = dict(space.users)
    home, partner = make.school("es"), make.school("de")
    users["home_teacher"] = make.user("home_teacher", school=home)
    make.member(space.project, users["home_teacher"], "teacher", school=home)
    users["partner_pupil"] = make.user("partner_pupil", kind="pupil", school=partner)
    make.member(space.project, users["partner_pupil"], "pupil", school=partner)
    commit(session)
    return TwoSchools(space.project, users)


def switch_on(session: Session, project: Project, name: str) -> None:
    switches.enable_plugin(session, None, project, name)
    commit(session)
