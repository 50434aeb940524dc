"""Fixtures of the working groups suite: a space with pupils of three partner schools."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from etwincms.db import commit
from etwincms.groups import services
from etwincms.groups.models import WorkingGroup
from etwincms.models import Page, Role, User
from etwincms.services import pages, spaces
from etwincms.testing import Factory, SpaceWithMembers
from tests.api.conftest import ApiCaller, make_secret

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


@dataclass
class Rivers:
    """The "Rivers" group of ``classes``: pupils es_1 and de_1, its page and a subpage."""

    space: SpaceWithMembers
    group: WorkingGroup
    root: Page
    notes: Page

    @property
    def slug(self) -> str:
        return self.space.project.slug


#: A word only the group's subpage contains, for search.
SECRET_WORD = "wombatriver"


@pytest.fixture
def rivers(session: Session, classes: SpaceWithMembers) -> Rivers:
    teacher, project = classes.users["teacher"], classes.project
    members = [classes.users[n].id for n in ("pupil_es_1", "pupil_de_1")]
    group = services.create_group(session, teacher, project, "Rivers", members)
    root = session.get(Page, group.root_page_id)
    assert root is not None
    notes = pages.create_page(
        session,
        teacher,
        project,
        title="Our notes",
        body=f"{SECRET_WORD} plans",
        parent=root,
    )
    commit(session)
    return Rivers(classes, group, root, notes)


@pytest.fixture
def api(
    app: Flask, session: Session, classes: SpaceWithMembers
) -> Callable[..., ApiCaller]:
    """``api(username)``: an API caller with that member's read and write token."""

    def caller(name: str | None) -> ApiCaller:
        secret = (
            make_secret(session, classes, name, ["read", "write"]) if name else None
        )
        return ApiCaller(app.test_client(), secret)

    return caller
