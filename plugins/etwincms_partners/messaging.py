"""A minimal inbox between teachers: threads, unread counts, blocking and reports.

Only adults write and receive: the sender needs ``partners.message`` (teachers), and the
recipient must be an active teacher too, so no pupil is ever reachable or listed. A
person who blocked the sender receives nothing new from them, and the sender is told so
plainly. Anyone in a thread may report a message they received; site administrators
(``partners.moderate``) see open reports, remove a message's text and close the report.
E-mail addresses never appear: people are reached through the platform only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from etwincms.db import utcnow
from etwincms.errors import NotFound, PermissionDenied, ValidationError
from etwincms.models import Project, User, UserKind
from etwincms.permissions import require

from .models import Block, Message, Participant, PartnerPost, Report, Thread

MAX_BODY = 5000
REMOVED = "[removed by a site administrator]"


@dataclass(frozen=True, slots=True)
class ThreadRow:
    thread: Thread
    others: list[str]
    last_at: datetime
    unread: bool


def clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write a message."), field="body")
    if len(body) > MAX_BODY:
        raise ValidationError(
            _("A message has at most %(n)s characters.", n=MAX_BODY), field="body"
        )
    return body


def check_recipient(session: Session, sender: User, recipient: User | None) -> User:
    """Teachers write to active teachers other than themselves who did not block them."""
    if recipient is None or recipient.kind is not UserKind.TEACHER:
        raise NotFound("recipient")
    if not recipient.is_active_account:
        raise NotFound("recipient")
    if recipient.id == sender.id:
        raise ValidationError(_("You cannot write to yourself."), "body")
    if is_blocked(session, by=recipient.id, sender=sender.id):
        raise ValidationError(_("This person does not accept your messages."), "body")
    return recipient


def is_blocked(session: Session, *, by: int, sender: int) -> bool:
    found = session.get(Block, (by, sender))
    return found is not None


def start_thread(
    session: Session,
    sender: User,
    recipient: User | None,
    *,
    subject: str,
    body: str,
    post: PartnerPost | None = None,
    project: Project | None = None,
) -> Thread:
    """Open a conversation with one teacher and send the first message."""
    require(sender, "partners.message", None)
    recipient = check_recipient(session, sender, recipient)
    subject = " ".join((subject or "").split())[:200] or _("Partnership")
    thread = Thread(
        subject=subject,
        post_id=post.id if post else None,
        project_id=project.id if project else None,
    )
    session.add(thread)
    session.flush()
    session.add_all(
        [
            Participant(thread_id=thread.id, user_id=sender.id),
            Participant(thread_id=thread.id, user_id=recipient.id),
        ]
    )
    send(session, sender, thread, body)
    return thread


def send(session: Session, sender: User, thread: Thread, body: str) -> Message:
    message = Message(thread_id=thread.id, sender_id=sender.id, body=clean_body(body))
    session.add(message)
    thread.updated_at = utcnow()
    session.flush()
    mine = session.get(Participant, (thread.id, sender.id))
    if mine is not None:
        mine.last_read_id = message.id
    return message


def reply(session: Session, sender: User, thread_id: int, body: str) -> Message:
    """Answer in a thread the sender takes part in (unless the others blocked them)."""
    thread = thread_of(session, sender, thread_id)
    require(sender, "partners.message", None)
    for other in others_in(session, thread, sender):
        check_recipient(session, sender, other)
    return send(session, sender, thread, body)


def thread_of(session: Session, user: User, thread_id: int) -> Thread:
    """A thread ``user`` takes part in; others' threads do not exist for them."""
    thread = session.get(Thread, thread_id)
    if thread is None or session.get(Participant, (thread_id, user.id)) is None:
        raise NotFound(f"thread {thread_id}")
    return thread


def others_in(session: Session, thread: Thread, user: User) -> list[User]:
    return list(
        session.scalars(
            select(User)
            .join(Participant, Participant.user_id == User.id)
            .where(Participant.thread_id == thread.id, User.id != user.id)
        )
    )


def read_thread(
    session: Session, user: User, thread_id: int
) -> tuple[Thread, list[tuple[Message, User | None]]]:
    """The thread's messages, oldest first; reading marks them read.

    Threads one is not in do not exist for one (404 for everyone, pupils too), so the
    capability is asked after that."""
    thread = thread_of(session, user, thread_id)
    require(user, "partners.message", None)
    rows = session.execute(
        select(Message, User)
        .outerjoin(User, User.id == Message.sender_id)
        .where(Message.thread_id == thread.id)
        .order_by(Message.id)
    ).all()
    mine = session.get(Participant, (thread.id, user.id))
    if rows and mine is not None:
        mine.last_read_id = max(mine.last_read_id, rows[-1][0].id)
    return thread, [(message, sender) for message, sender in rows]


def inbox(session: Session, user: User) -> list[ThreadRow]:
    """The user's threads, the most recently active first."""
    require(user, "partners.message", None)
    newest = newest_messages(user)
    rows = session.execute(
        select(Thread, Participant.last_read_id, newest.c.newest)
        .join(Participant, Participant.thread_id == Thread.id)
        .join(newest, newest.c.thread_id == Thread.id, isouter=True)
        .where(Participant.user_id == user.id)
        .order_by(Thread.updated_at.desc(), Thread.id.desc())
    ).all()
    return [
        ThreadRow(
            thread,
            [other.display_name for other in others_in(session, thread, user)],
            thread.updated_at,
            bool(last_other) and last_other > last_read,
        )
        for thread, last_read, last_other in rows
    ]


def newest_messages(user: User) -> Any:
    """Per thread, the id of the newest message someone else sent."""
    return (
        select(Message.thread_id, func.max(Message.id).label("newest"))
        .where((Message.sender_id != user.id) | Message.sender_id.is_(None))
        .group_by(Message.thread_id)
        .subquery()
    )


def unread_count(session: Session, user: User) -> int:
    """How many of the user's threads have a message from someone else they have not read."""
    newest = newest_messages(user)
    return (
        session.scalar(
            select(func.count())
            .select_from(Participant)
            .join(newest, newest.c.thread_id == Participant.thread_id)
            .where(
                Participant.user_id == user.id,
                newest.c.newest > Participant.last_read_id,
            )
        )
        or 0
    )


def block(session: Session, user: User, other_id: int) -> None:
    require(user, "partners.message", None)
    other = session.get(User, other_id)
    if other is None:
        raise NotFound(f"user {other_id}")
    if other.id == user.id:
        raise ValidationError(_("You cannot block yourself."))
    if session.get(Block, (user.id, other.id)) is None:
        session.add(Block(user_id=user.id, blocked_id=other.id))


def unblock(session: Session, user: User, other_id: int) -> None:
    require(user, "partners.message", None)
    session.execute(
        delete(Block).where(Block.user_id == user.id, Block.blocked_id == other_id)
    )


def blocked_ids(session: Session, user: User) -> set[int]:
    return set(
        session.scalars(select(Block.blocked_id).where(Block.user_id == user.id))
    )


def report(session: Session, user: User, message_id: int, reason: str) -> Report:
    """Report a message one received to the site's administrators."""
    message = message_in_thread(session, user, message_id)
    require(user, "partners.message", None)
    if message.sender_id == user.id:
        raise ValidationError(_("You cannot report your own message."), "reason")
    made = Report(
        message_id=message.id,
        reporter_id=user.id,
        reason=" ".join(reason.split())[:500],
    )
    session.add(made)
    session.flush()
    return made


def message_in_thread(session: Session, user: User, message_id: int) -> Message:
    """A message of a thread ``user`` is in; any other is not found."""
    message = session.get(Message, message_id)
    if message is None:
        raise NotFound(f"message {message_id}")
    thread_of(session, user, message.thread_id)
    return message


def open_reports(
    session: Session, actor: User
) -> list[tuple[Report, Message, User | None]]:
    require(actor, "partners.moderate", None)
    rows = session.execute(
        select(Report, Message, User)
        .join(Message, Message.id == Report.message_id)
        .outerjoin(User, User.id == Message.sender_id)
        .where(Report.resolved_at.is_(None))
        .order_by(Report.id)
    )
    return [(r, m, u) for r, m, u in rows]


def resolve(session: Session, actor: User, report_id: int, *, remove: bool) -> None:
    """Close a report; with ``remove``, the message's text is replaced."""
    require(actor, "partners.moderate", None)
    found = session.get(Report, report_id)
    if found is None or found.resolved_at is not None:
        raise NotFound(f"report {report_id}")
    if remove:
        message = session.get(Message, found.message_id)
        if message is not None:
            message.body = REMOVED
    found.resolved_at, found.resolved_by_id = utcnow(), actor.id


def ensure_writer(user: User | None) -> User:
    if user is None:
        raise PermissionDenied("partners.message")
    return user
