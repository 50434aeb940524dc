"""The core facilities' objects the authorization crawler visits, in spaces A and B.

:mod:`crawl_site` seeds the pages and the plugins; this adds, through the real services,
what the routes of the phases, working groups and moderation facilities name: a mobility
with its phases, a working group with the space's pupil in it (whose consent the
moderation routes change), and a pupil of the teacher's school (space A gets one) who
asked to publish the members' page, so that the item waits in that teacher's moderation
queue. Each space's values join ``Site.values``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.db import commit
from etwincms.groups import services as groups
from etwincms.models import Membership, Page, Project, ProjectSchool, Role, School, User
from etwincms.moderation import page_requests
from etwincms.phases import mobilities
from etwincms.testing import Factory

from .crawl_site import Site

#: Each crawled space's admin and pupil, by username (as crawl_site makes them).
PEOPLE = {"A": ("admin", "pupil"), "B": ("b_admin", "b_pupil")}
#: Who asks to publish a page, by space: a pupil of the teacher's school.
REQUESTERS = {"A": "pupil_de", "B": "b_pupil"}


def seed_facilities(session: Session, site: Site) -> None:
    """Seed every crawled space and add the URL values that reach its objects."""
    for space, (admin_name, pupil_name) in PEOPLE.items():
        values = site.values[space]
        project = session.scalar(select(Project).where(Project.slug == values["slug"]))
        assert project is not None
        admin, pupil = user(session, admin_name), user(session, pupil_name)
        values |= seed_space(session, project, admin, pupil)
        values |= seed_request(
            session, project, requester(session, space, project), values
        )
    commit(session)


def seed_space(
    session: Session, project: Project, admin: User, pupil: User
) -> dict[str, Any]:
    mobility = mobilities.create_mobility(
        session, admin, project, mobility_input(session, project, pupil)
    )
    group = groups.create_group(session, admin, project, "Team Olive", [pupil.id])
    session.flush()
    phase = mobilities.mobility_phases(session, mobility)[0]
    return {
        "mobility_id": mobility.id,
        "phase_id": phase.id,
        "group_id": group.id,
        "group_user_id": pupil.id,
        "pupil_id": pupil.id,
    }


def mobility_input(
    session: Session, project: Project, pupil: User
) -> mobilities.MobilityInput:
    host = session.scalar(
        select(ProjectSchool.school_id).where(ProjectSchool.project_id == project.id)
    )
    return mobilities.MobilityInput(
        title="Visit to Valencia",
        host_school_id=host,
        starts_on=date(2027, 3, 22),
        ends_on=date(2027, 3, 26),
        participant_ids=frozenset({pupil.id}),
    )


def requester(session: Session, space: str, project: Project) -> User:
    if space != "A":
        return user(session, REQUESTERS[space])
    teacher = user(session, "teacher")
    school = session.get(School, teacher_school_id(session, project, teacher))
    make = Factory(session)
    pupil = make.user(REQUESTERS[space], kind="pupil", school=school)
    make.member(project, pupil, Role.PUPIL, school=school)
    return pupil


def teacher_school_id(session: Session, project: Project, teacher: User) -> int | None:
    return session.scalar(
        select(Membership.school_id).where(
            Membership.project_id == project.id, Membership.user_id == teacher.id
        )
    )


def seed_request(
    session: Session, project: Project, pupil: User, values: dict[str, Any]
) -> dict[str, Any]:
    page = session.get(Page, values["members_page"]["page_id"])
    assert page is not None
    page_requests.request_publication(session, pupil, project, page)
    return {"pending_item_id": page_requests.item_id(page)}


def user(session: Session, username: str) -> User:
    found = session.scalar(select(User).where(User.username == username))
    assert found is not None, username
    return found
