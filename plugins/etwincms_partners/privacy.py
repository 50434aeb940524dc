"""What partner finding stores about a person, for the export and erase privacy hooks.

Columns naming a person: ``partners_member_profile.user_id``, ``partners_post.author_id``,
``partners_school_profile.updated_by_id``, ``partners_participant.user_id``,
``partners_message.sender_id``, ``partners_block.user_id`` / ``blocked_id``,
``partners_report.reporter_id`` / ``resolved_by_id`` and ``partners_saved_search.user_id``.
Erasing deletes the person's profile, posts, blocks and saved searches and their place in
threads; the messages they sent stay for the other side of the conversation, detached
from them ("a former member"), because the recipient's copy is the recipient's too.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, or_, select, update

from etwincms.db import get_session
from etwincms.models import User

from .models import (
    Block,
    MemberProfile,
    Message,
    Participant,
    PartnerPost,
    Report,
    SavedSearch,
    SchoolProfile,
)


def export(user: User) -> dict[str, Any]:
    """Profile, posts, messages sent, threads, blocks, reports and saved searches."""
    return {
        "profile": rows(MemberProfile.user_id, user, "discoverable", "subjects",
                        "vocational_subjects", "languages", "available", "about"),
        "posts": rows(PartnerPost.author_id, user, "id", "partnership_type", "looking_for",
                      "topic", "description", "languages", "subjects", "created_at"),
        "messages_sent": rows(Message.sender_id, user, "thread_id", "body", "created_at"),
        "threads": rows(Participant.user_id, user, "thread_id"),
        "blocked": rows(Block.user_id, user, "blocked_id", "created_at"),
        "reports": rows(Report.reporter_id, user, "message_id", "reason", "created_at"),
        "saved_searches": rows(SavedSearch.user_id, user, "name", "kind", "filters"),
        "school_profiles_edited": rows(SchoolProfile.updated_by_id, user, "school_id"),
    }  # fmt: skip


def rows(column: Any, user: User, *fields: str) -> list[dict[str, Any]]:
    found = get_session().scalars(select(column.class_).where(column == user.id))
    return [{name: plain(getattr(row, name)) for name in fields} for row in found]


def plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime | date) else value


def erase(user: User) -> None:
    """Delete what is only theirs; detach them from what others keep."""
    session = get_session()
    for model, column in (
        (MemberProfile, MemberProfile.user_id),
        (PartnerPost, PartnerPost.author_id),
        (Participant, Participant.user_id),
        (SavedSearch, SavedSearch.user_id),
    ):
        session.execute(delete(model).where(column == user.id))
    session.execute(
        delete(Block).where(or_(Block.user_id == user.id, Block.blocked_id == user.id))
    )
    for column in (
        Message.sender_id,
        Report.reporter_id,
        Report.resolved_by_id,
        SchoolProfile.updated_by_id,
    ):
        session.execute(
            update(column.class_).where(column == user.id).values({column.key: None})
        )
