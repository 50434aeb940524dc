"""Moderation's privacy hooks: what it stores about a person is exported and erased."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from etwincms.db import commit
from etwincms.moderation import page_requests, queue
from etwincms.moderation import privacy as moderation_privacy
from etwincms.moderation.consent import record_shown
from etwincms.moderation.consent_admin import set_consent
from etwincms.moderation.models import (
    Consent,
    ConsentLevel,
    Decision,
    ShownPupil,
)
from etwincms.services import pages, privacy
from etwincms.testing import SpaceWithMembers

PLUGIN = "etwincms.moderation.hooks"


def history(session: Session, space: SpaceWithMembers) -> None:
    """The pupil: consent recorded, shown in a photo, a page asked for and rejected."""
    admin, pupil, project = space.users["admin"], space.users["pupil"], space.project
    set_consent(session, admin, project, pupil, ConsentLevel.MEMBERS, "Signed form")
    record_shown(session, project, "gallery_photo:1", [pupil.id])
    page = pages.create_page(session, admin, project, title="Our school")
    page_requests.request_publication(session, pupil, project, page)
    commit(session)
    queue.decide(
        session, admin, project, f"page:{page.id}", approve=False, reason="Later"
    )


def count(session: Session, model: type, *where: object) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def test_the_export_holds_consent_shown_items_requests_and_decisions(
    session: Session, space: SpaceWithMembers
) -> None:
    history(session, space)
    pupil, admin = space.users["pupil"], space.users["site_admin"]

    mine = privacy.export_personal_data(session, admin, pupil)[PLUGIN]
    theirs = privacy.export_personal_data(session, admin, space.users["admin"])[PLUGIN]

    assert mine["consent"][0]["level"] == "members"
    assert mine["shown_in"] == [
        {"project_id": space.project.id, "item_id": "gallery_photo:1"}
    ]
    assert (
        len(mine["page_requests"]) == 0
    )  # decided: the request is gone, the decision stays
    assert mine["decisions_about_me"][0]["reason"] == "Later"
    assert theirs["consents_recorded"][0]["pupil_id"] == pupil.id
    assert theirs["decisions_made"][0]["approved"] is False


def test_erasing_removes_the_pupil_and_detaches_the_teacher(
    session: Session, space: SpaceWithMembers
) -> None:
    history(session, space)
    pupil, teacher = space.users["pupil"], space.users["admin"]
    site_admin = space.users["site_admin"]

    privacy.erase_personal_data(session, site_admin, pupil)
    commit(session)

    assert count(session, Consent, Consent.pupil_id == pupil.id) == 0
    assert count(session, ShownPupil, ShownPupil.pupil_id == pupil.id) == 0
    assert count(session, Decision, Decision.author_id == pupil.id) == 0
    assert count(session, Decision) == 1  # the space's history keeps the decision

    moderation_privacy.erase(teacher)  # the hook itself: the admin must stay a member
    commit(session)
    assert count(session, Decision, Decision.decided_by_id.is_(None)) == 1
    assert count(session, Consent, Consent.recorded_by_id == teacher.id) == 0
