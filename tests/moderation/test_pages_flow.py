"""Core pages in the queue: a pupil asks, a teacher approves or rejects, consent blocks."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from etwincms.db import commit
from etwincms.errors import PermissionDenied, ValidationError
from etwincms.models import Page, Visibility
from etwincms.moderation import page_requests, queue
from etwincms.moderation.consent import record_shown
from etwincms.moderation.consent_admin import set_consent
from etwincms.moderation.models import ConsentLevel
from etwincms.services import pages
from etwincms.testing import Factory, SpaceWithMembers

from .helpers import TwoSchools, two_schools


@pytest.fixture
def world(session: Session, make: Factory, space: SpaceWithMembers) -> TwoSchools:
    return two_schools(session, make, space)


def pupil_page(session: Session, world: TwoSchools) -> Page:
    """A members-only page the pupils edit (teachers create pages, pupils edit them)."""
    page = pages.create_page(
        session,
        world.users["admin"],
        world.project,
        title="Our visit",
        body="We saw the port.",
    )
    commit(session)
    return page


def ask(session: Session, world: TwoSchools, page: Page, role: str = "pupil") -> None:
    page_requests.request_publication(session, world.users[role], world.project, page)
    commit(session)


@pytest.mark.parametrize("role", ["pupil", "pupil_lead"])
def test_a_pupils_request_waits_in_the_queue(
    session: Session, world: TwoSchools, role: str
) -> None:
    page = pupil_page(session, world)
    ask(session, world, page, role)
    ask(session, world, page, role)  # asking twice is one request

    [entry] = queue.waiting(session, world.users["home_teacher"], world.project)

    assert entry.item_id == f"page:{page.id}"
    assert entry.pending.item.plugin == "core"
    assert entry.pending.excerpt == "We saw the port."
    assert not page.is_public


def test_approving_makes_the_page_public(session: Session, world: TwoSchools) -> None:
    page = pupil_page(session, world)
    ask(session, world, page)

    queue.decide(
        session,
        world.users["home_teacher"],
        world.project,
        f"page:{page.id}",
        approve=True,
    )

    session.refresh(page)
    assert page.visibility is Visibility.PUBLIC
    assert queue.waiting(session, world.users["admin"], world.project) == []


def test_rejecting_keeps_the_page_members_only(
    session: Session, world: TwoSchools
) -> None:
    page = pupil_page(session, world)
    ask(session, world, page)

    queue.decide(
        session,
        world.users["admin"],
        world.project,
        f"page:{page.id}",
        approve=False,
        reason="Add a source for the photo.",
    )

    session.refresh(page)
    assert page.visibility is Visibility.MEMBERS
    assert queue.last_decision(session, world.project, f"page:{page.id}").reason == (
        "Add a source for the photo."
    )
    assert page_requests.may_request(world.users["pupil"], world.project, page)


def test_approval_is_refused_while_the_page_shows_a_pupil_without_consent(
    session: Session, world: TwoSchools
) -> None:
    page = pupil_page(session, world)
    ask(session, world, page)
    record_shown(
        session, world.project, f"page:{page.id}", [world.users["pupil_lead"].id]
    )
    commit(session)
    teacher = world.users["home_teacher"]

    with pytest.raises(
        ValidationError, match="Page “Our visit” shows a pupil of School ES"
    ):
        queue.decide(session, teacher, world.project, f"page:{page.id}", approve=True)
    session.refresh(page)
    assert not page.is_public
    assert len(queue.waiting(session, teacher, world.project)) == 1

    set_consent(
        session, teacher, world.project, world.users["pupil_lead"], ConsentLevel.PUBLIC
    )
    commit(session)
    queue.decide(session, teacher, world.project, f"page:{page.id}", approve=True)
    session.refresh(page)
    assert page.is_public


def test_a_teacher_publishing_directly_is_refused_with_the_reason(
    session: Session, world: TwoSchools
) -> None:
    page = pupil_page(session, world)
    record_shown(session, world.project, f"page:{page.id}", [world.users["pupil"].id])
    commit(session)

    with pytest.raises(ValidationError, match="without consent for public use"):
        pages.set_page_access(
            session,
            world.users["admin"],
            world.project,
            page,
            visibility=Visibility.PUBLIC,
        )
    assert not page.is_public
    # Edit policy alone (no publication) is still allowed.
    pages.set_page_access(
        session,
        world.users["admin"],
        world.project,
        page,
        visibility=Visibility.MEMBERS,
    )


def test_those_who_may_publish_do_not_ask(session: Session, world: TwoSchools) -> None:
    page = pupil_page(session, world)
    with pytest.raises(ValidationError):
        ask(session, world, page, "home_teacher")
    with pytest.raises(PermissionDenied):
        ask(session, world, page, "observer")
    assert not page_requests.may_request(world.users["admin"], world.project, page)


def test_a_trashed_page_leaves_the_queue(session: Session, world: TwoSchools) -> None:
    page = pupil_page(session, world)
    ask(session, world, page)
    pages.trash_page(session, world.users["admin"], world.project, page)
    commit(session)
    assert queue.waiting(session, world.users["admin"], world.project) == []


def test_a_teacher_the_space_keeps_from_publishing_is_told_why(
    session: Session, world: TwoSchools
) -> None:
    page = pupil_page(session, world)
    ask(session, world, page)
    world.project.role_overrides = {"teacher": {"page.publish": False}}
    commit(session)

    with pytest.raises(ValidationError, match="ask its admin"):
        queue.decide(
            session,
            world.users["home_teacher"],
            world.project,
            f"page:{page.id}",
            approve=True,
        )
    session.refresh(page)
    assert not page.is_public
