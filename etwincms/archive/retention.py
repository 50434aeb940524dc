"""The retention schedule: pupil accounts that belong to no active space are disabled, then
erased.

A pupil is "in use" while any space they belong to is not archived. Otherwise they have
been out of use since the last of their spaces was archived (the audit log's
``space.archive`` entry), or, in no space at all, since their last recorded action or
their account's creation. Past ``RETENTION_DISABLE_AFTER_DAYS`` (default 30) the account
is disabled; past ``RETENTION_ERASE_AFTER_DAYS`` (default 365) it is erased through the
privacy hooks (:func:`etwincms.services.privacy.erase_personal_data`): every plugin
forgets the person, and what they wrote stays, shown as by "a former member". Teachers
and staff are never erased by the schedule. Every step is in the audit log.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import EtwinError
from ..models import AuditEntry, Membership, Project, ProjectStatus, User, UserKind
from ..services import account_admin, audit, privacy

DISABLE_SETTING, DISABLE_DEFAULT = "RETENTION_DISABLE_AFTER_DAYS", 30
ERASE_SETTING, ERASE_DEFAULT = "RETENTION_ERASE_AFTER_DAYS", 365


@dataclass(frozen=True)
class Schedule:
    disable_after: timedelta
    erase_after: timedelta

    @classmethod
    def from_config(cls, config: Any) -> Schedule:
        return cls(
            timedelta(days=int(config.get(DISABLE_SETTING, DISABLE_DEFAULT))),
            timedelta(days=int(config.get(ERASE_SETTING, ERASE_DEFAULT))),
        )


@dataclass
class RetentionReport:
    """What a run did (or, in a dry run, would do), by username before any erasure."""

    dry_run: bool
    checked: int = 0
    disabled: list[str] = field(default_factory=list)
    erased: list[str] = field(default_factory=list)

    def summary(self) -> str:
        tail = " (dry run: nothing was changed)" if self.dry_run else ""
        return (
            f"Retention: {self.checked} pupil accounts checked, {len(self.disabled)} disabled, "
            f"{len(self.erased)} erased{tail}."
        )


def run_retention(
    session: Session,
    actor: User | None,
    schedule: Schedule,
    *,
    now: datetime,
    dry_run: bool = False,
    say: Callable[[str], None] = lambda _line: None,
) -> RetentionReport:
    """Apply the schedule at time ``now``; ``actor`` erases (a site admin; None: the
    first active site admin). ``say`` receives one line per account changed."""
    report = RetentionReport(dry_run=dry_run)
    erased_before = erased_ids(session)
    for pupil in session.scalars(
        select(User).where(User.kind == UserKind.PUPIL).order_by(User.id)
    ):
        if pupil.id in erased_before:
            continue
        report.checked += 1
        since = out_of_use_since(session, pupil)
        if since is not None:
            apply_to(session, actor, schedule, report, pupil, now - since, say)
    return report


def apply_to(
    session: Session,
    actor: User | None,
    schedule: Schedule,
    report: RetentionReport,
    pupil: User,
    idle: timedelta,
    say: Callable[[str], None],
) -> None:
    username, days = pupil.username, idle.days
    if idle >= schedule.erase_after:
        say(f"Erase {username} (#{pupil.id}): in no active space for {days} days.")
        report.erased.append(username)
        if not report.dry_run:
            erase(session, actor, pupil, days)
    elif idle >= schedule.disable_after and pupil.is_active_account:
        say(f"Disable {username} (#{pupil.id}): in no active space for {days} days.")
        report.disabled.append(username)
        if not report.dry_run:
            account_admin.disable(session, None, pupil)
            audit.record(session, None, "retention.disable", obj=pupil, idle_days=days)


def erase(session: Session, actor: User | None, pupil: User, days: int) -> None:
    """Erase through the privacy hooks, as a site administrator would."""
    admin = actor or first_site_admin(session)
    audit.record(session, admin, "retention.erase", obj=pupil, idle_days=days)
    privacy.erase_personal_data(session, admin, pupil)


def first_site_admin(session: Session) -> User:
    admin = session.scalar(
        select(User)
        .where(User.is_site_admin.is_(True), User.is_active_account.is_(True))
        .order_by(User.id)
        .limit(1)
    )
    if admin is None:
        raise EtwinError(
            "Erasing accounts needs a site administrator to act as: create one "
            "(etwincms user create --site-admin) or name one with --actor."
        )
    return admin


def erased_ids(session: Session) -> set[int]:
    """Accounts already erased (the privacy service writes ``user.data_erase``)."""
    return set(
        session.scalars(
            select(AuditEntry.object_id).where(
                AuditEntry.action == "user.data_erase", AuditEntry.object_type == "user"
            )
        )
    )


def out_of_use_since(session: Session, pupil: User) -> datetime | None:
    """Since when the pupil has had no active space; None while they have one."""
    spaces = list(
        session.scalars(
            select(Project)
            .join(Membership, Membership.project_id == Project.id)
            .where(Membership.user_id == pupil.id)
        )
    )
    if any(space.status is not ProjectStatus.ARCHIVED for space in spaces):
        return None
    if spaces:
        return max(archived_at(session, space) for space in spaces)
    last_action = session.scalar(
        select(func.max(AuditEntry.at)).where(AuditEntry.actor_id == pupil.id)
    )
    return (
        max(pupil.created_at, as_utc(last_action)) if last_action else pupil.created_at
    )


def archived_at(session: Session, project: Project) -> datetime:
    """When the space was last archived (its last change if the log has no entry)."""
    at = session.scalar(
        select(func.max(AuditEntry.at)).where(
            AuditEntry.project_id == project.id, AuditEntry.action == "space.archive"
        )
    )
    return as_utc(at) if at is not None else project.updated_at


def as_utc(value: datetime) -> datetime:
    """``max()`` over a UTC column comes back naive on SQLite."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
