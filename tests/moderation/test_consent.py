"""Media consent levels, who an item shows, and the reasons that block publication."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from etwincms.errors import ValidationError
from etwincms.moderation.consent import (
    consent_level,
    publication_blockers,
    record_shown,
    shown_pupil_ids,
)
from etwincms.moderation.models import Consent, ConsentLevel
from etwincms.testing import SpaceWithMembers


def set_level(session: Session, pupil_id: int, level: ConsentLevel) -> None:
    session.add(Consent(pupil_id=pupil_id, level=level, note=""))
    session.commit()


def test_an_unrecorded_pupil_has_no_consent_and_adults_need_none(
    session: Session, space: SpaceWithMembers
) -> None:
    assert consent_level(session, space.users["pupil"]) is ConsentLevel.NONE
    assert consent_level(session, space.users["teacher"]) is ConsentLevel.PUBLIC
    set_level(session, space.users["pupil"].id, ConsentLevel.MEMBERS)
    assert consent_level(session, space.users["pupil"]) is ConsentLevel.MEMBERS


def test_a_pupil_shown_without_public_consent_blocks_publication(
    session: Session, space: SpaceWithMembers
) -> None:
    pupil, lead = space.users["pupil"], space.users["pupil_lead"]
    record_shown(session, space.project, "gallery_photo:3", [pupil.id, lead.id])
    set_level(session, lead.id, ConsentLevel.PUBLIC)
    set_level(session, pupil.id, ConsentLevel.MEMBERS)

    reasons = publication_blockers(
        session, space.project, ["gallery_photo:3", "blog_post:1"]
    )

    assert reasons == [
        "Gallery photo 3 shows a pupil of School ES without consent for public use"
    ]
    assert pupil.display_name not in reasons[0]


def test_public_consent_clears_the_blockers(
    session: Session, space: SpaceWithMembers
) -> None:
    pupil = space.users["pupil"]
    record_shown(session, space.project, "blog_post:7", [pupil.id])
    assert len(publication_blockers(session, space.project, ["blog_post:7"])) == 1
    set_level(session, pupil.id, ConsentLevel.PUBLIC)
    assert publication_blockers(session, space.project, ["blog_post:7"]) == []
    assert publication_blockers(session, space.project, []) == []


def test_record_shown_replaces_the_set_and_refuses_strangers(
    session: Session, space: SpaceWithMembers
) -> None:
    pupil, lead = space.users["pupil"], space.users["pupil_lead"]
    record_shown(session, space.project, "page:1", [pupil.id])
    record_shown(session, space.project, "page:1", [lead.id])
    assert shown_pupil_ids(session, space.project, "page:1") == {lead.id}
    with pytest.raises(ValidationError):
        record_shown(session, space.project, "page:1", [space.users["teacher"].id])
    with pytest.raises(ValidationError):
        record_shown(session, space.project, "page:1", [space.users["outsider"].id])
