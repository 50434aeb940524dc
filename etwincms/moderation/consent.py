"""Pupils' media consent and who an item shows: the rule that keeps minors off the web.

A teacher of a pupil's school records the pupil's consent level (none, members only,
public); a pupil without a record counts as "none". Plugins say which pupils an item
shows with :func:`record_shown`, and ask :func:`publication_blockers` before an item goes
public: it answers with one human reason per pupil shown without public consent. The
checks of who may record what live in :mod:`etwincms.moderation.consent_admin`.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..models import Membership, Page, Project, School, User, UserKind
from ..services.content_types import type_label
from .models import Consent, ConsentLevel, ShownPupil


def consent_level(session: Session, pupil: User) -> ConsentLevel:
    """The pupil's recorded level; adults need none (public), unrecorded pupils have none."""
    if pupil.kind is not UserKind.PUPIL:
        return ConsentLevel.PUBLIC
    level = session.scalar(select(Consent.level).where(Consent.pupil_id == pupil.id))
    return level or ConsentLevel.NONE


def consent_record(session: Session, pupil: User) -> Consent | None:
    """The pupil's consent row (level, who recorded it, when, the note), if any."""
    return session.scalar(select(Consent).where(Consent.pupil_id == pupil.id))


def record_shown(
    session: Session, project: Project, item_id: str, pupil_ids: Iterable[int]
) -> None:
    """Say that ``item_id`` (``"<type>:<pk>"``) shows exactly these pupils (replaces).

    Ids that are not pupils of the space are refused: an item of a space can only show
    its own members. The caller commits.
    """
    wanted = set(pupil_ids)
    unknown = wanted - space_pupil_ids(session, project)
    if unknown:
        from ..errors import ValidationError

        raise ValidationError(_("Only pupils of this space can be marked as shown."))
    session.execute(
        delete(ShownPupil).where(
            ShownPupil.project_id == project.id, ShownPupil.item_id == item_id
        )
    )
    for pupil_id in sorted(wanted):
        session.add(
            ShownPupil(project_id=project.id, item_id=item_id, pupil_id=pupil_id)
        )
    session.flush()


def shown_pupil_ids(session: Session, project: Project, item_id: str) -> set[int]:
    """The ids of the pupils ``item_id`` shows."""
    return set(
        session.scalars(
            select(ShownPupil.pupil_id).where(
                ShownPupil.project_id == project.id, ShownPupil.item_id == item_id
            )
        )
    )


def space_pupil_ids(session: Session, project: Project) -> set[int]:
    """Every pupil member of the space (any status: an invited pupil can be in a photo)."""
    return set(
        session.scalars(
            select(Membership.user_id)
            .join(User, User.id == Membership.user_id)
            .where(Membership.project_id == project.id, User.kind == UserKind.PUPIL)
        )
    )


def publication_blockers(
    session: Session, project: Project, item_ids: Iterable[str]
) -> list[str]:
    """Human reasons why these items may not go public; empty when nothing blocks them.

    One reason per item and pupil shown without public consent, e.g. "Photo 3 shows a
    pupil of Escola X without consent for public use". Never names the pupil.
    """
    ids = list(dict.fromkeys(item_ids))
    if not ids:
        return []
    rows = session.execute(
        select(ShownPupil.item_id, User, Consent.level)
        .join(User, User.id == ShownPupil.pupil_id)
        .outerjoin(Consent, Consent.pupil_id == User.id)
        .where(ShownPupil.project_id == project.id, ShownPupil.item_id.in_(ids))
        .order_by(ShownPupil.item_id, User.id)
    ).all()
    return [
        blocker_reason(session, item_id, pupil.school)
        for item_id, pupil, level in rows
        if pupil.kind is UserKind.PUPIL and level is not ConsentLevel.PUBLIC
    ]


def refuse_if_blocked(
    session: Session,
    project: Project,
    item_ids: Iterable[str],
    *,
    field: str | None = None,
) -> None:
    """Raise, with every reason, when an item shows a pupil without public consent:
    the one check core pages and plugins make before anything goes public."""
    from ..errors import ValidationError

    reasons = publication_blockers(session, project, item_ids)
    if reasons:
        raise ValidationError(" ".join(reasons), field=field)


def blocker_reason(session: Session, item_id: str, school: School | None) -> str:
    item = item_label(session, item_id)
    if school is None:
        return _("%(item)s shows a pupil without consent for public use", item=item)
    return _(
        "%(item)s shows a pupil of %(school)s without consent for public use",
        item=item,
        school=school.name,
    )


def item_label(session: Session, item_id: str) -> str:
    """ "Photo 3", "Page “Our visit”": the content type's label and the item's number."""
    type_name, _sep, pk = item_id.partition(":")
    if type_name == "page" and pk.isdigit():
        page = session.get(Page, int(pk))
        if page is not None:
            return _("Page “%(title)s”", title=page.title)
    return f"{type_label(type_name)} {pk}".strip()
