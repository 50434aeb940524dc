"""Fixtures of the working groups suite: a space with pupils of three partner schools."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from etwincms.db import commit
from etwincms.models import Role, User
from etwincms.services import spaces
from etwincms.testing import Factory, SpaceWithMembers

#: Pupils per partner school, with the language each speaks.
SCHOOLS = {"es": "es", "de": "de", "pl": "pl"}
PUPILS_PER_SCHOOL = {"es": 5, "de": 4, "pl": 3}


@pytest.fixture
def classes(
    session: Session, make: Factory, space: SpaceWithMembers
) -> SpaceWithMembers:
    """The ``space`` fixture with partner schools "de" and "pl", a Polish teacher and
    pupils of every school (``pupil_es_1`` ...), each speaking their school's language."""
    project, admin = space.project, space.users["admin"]
    for key in ("de", "pl"):
        spaces.add_partner_school(session, admin, project, make.school(key))
    polish = make.user("teacher_pl", school=make.school("pl"))
    make.member(project, polish, Role.TEACHER, school=make.school("pl"))
    space.users["teacher_pl"] = polish
    for key, count in PUPILS_PER_SCHOOL.items():
        for number in range(1, count + 1):
            add_pupil(make, space, key, number)
    commit(session)
    return space


def add_pupil(make: Factory, space: SpaceWithMembers, key: str, number: int) -> User:
    school = make.school(key)
    pupil = make.user(f"pupil_{key}_{number}", kind="pupil", school=school)
    pupil.locale = SCHOOLS[key]
    make.member(space.project, pupil, Role.PUPIL, school=school)
    space.users[pupil.username] = pupil
    return pupil
