"""The forum's part in the project lifecycle: its topics and replies are contributions
for phase views and reports; being members-only, it queues and exports nothing."""

from __future__ import annotations

from typing import Any

from etwincms.db import commit
from etwincms.plugins import project_hooks
from etwincms_forum import services

from .conftest import ForumSpace


def hook_items(forum: ForumSpace, hook: str) -> list[Any]:
    batches = getattr(project_hooks(forum.project), hook)(project=forum.project)
    return [item for batch in batches for item in batch or ()]


def test_topics_and_visible_replies_are_contributions_once_each(
    forum: ForumSpace,
) -> None:
    forum.project.is_public = True
    commit(forum.session)
    topic = forum.topic("teacher", "Packing list", "What do we bring?")
    reply = forum.reply("pupil", topic, "A raincoat.")
    hidden = forum.reply("pupil_lead", topic, "Nothing!")
    services.set_hidden(
        forum.session, forum.user("teacher"), forum.project, hidden, hidden=True
    )
    commit(forum.session)

    items = hook_items(forum, "space_contributions")

    assert [(c.id, c.type, c.author_id) for c in items] == [
        (f"forum_topic:{topic.id}", "forum_topic", forum.user("teacher").id),
        (f"forum_post:{reply.id}", "forum_post", forum.user("pupil").id),
    ]
    assert all(not c.public and not c.output for c in items)
    assert items[0].url == f"/s/{forum.project.slug}/-/forum/t/{topic.id}"
    assert items[1].url.endswith(f"/t/{topic.id}#post-{reply.id}")
    assert items[0].created_at.tzinfo is not None


def test_a_topic_whose_opening_post_is_hidden_is_left_out_with_its_replies(
    forum: ForumSpace,
) -> None:
    topic = forum.topic("pupil_lead", "Spam")
    forum.reply("pupil", topic, "Me too.")
    opening = topic_opening(forum, topic.id)
    services.set_hidden(
        forum.session, forum.user("teacher"), forum.project, opening, hidden=True
    )
    commit(forum.session)
    assert hook_items(forum, "space_contributions") == []


def topic_opening(forum: ForumSpace, topic_id: int) -> Any:
    from sqlalchemy import select

    from etwincms_forum.models import Post

    query = select(Post).where(Post.topic_id == topic_id, Post.opening.is_(True))
    return forum.session.scalar(query)


def test_members_only_forum_content_never_waits_and_is_not_exported(
    forum: ForumSpace,
) -> None:
    forum.project.is_public = True
    commit(forum.session)
    topic = forum.topic("teacher", "Our questions for the host school")
    forum.reply("pupil", topic, "Is there a swimming pool?")
    assert hook_items(forum, "pending_publications") == []
    assert hook_items(forum, "public_export") == []
    decided = project_hooks(forum.project).decide_publication(
        project=forum.project,
        item_id="forum_topic:1",
        approve=True,
        actor=forum.user("teacher"),
    )
    assert decided is None
